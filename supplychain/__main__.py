"""Allow ``python -m supplychain``."""

from supplychain._entry import run

run()
