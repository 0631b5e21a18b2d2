"""Allow ``python -m supplychain.cli`` (as ``python -m supplychain``)."""

from supplychain.cli import main

main()
