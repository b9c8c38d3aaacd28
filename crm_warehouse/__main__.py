import sys

from crm_warehouse.cli import main

sys.exit(main())
