"""Synthetic landing-zone generator (raw_contract.md): `generate()` for scaled data sets,
`generate_demo()` for the checked-in demo (seeds/demo), `main()` for the command line
(`python -m crm_warehouse.generator --help`)."""

from .cli import main
from .core import generate
from .demo import DEMO_AS_OF, generate_demo

__all__ = ["DEMO_AS_OF", "generate", "generate_demo", "main"]
