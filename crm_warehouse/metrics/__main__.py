"""`python -m crm_warehouse.metrics`: same as `python -m crm_warehouse.metrics.validate`."""

import sys

from crm_warehouse.metrics.validate import main

if __name__ == "__main__":
    sys.exit(main())
