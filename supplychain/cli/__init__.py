"""Command-line interface: thin; parses, configures logging, calls the stages, prints.

User errors (the :class:`~supplychain.errors.SupplyChainError` family) end with a one-line
message on stderr and exit code 1, never a traceback.

One module per concern, each registering its commands on the ``main`` group of
:mod:`supplychain.cli._common` (error lines, verbosity, shared options):
:mod:`~supplychain.cli.network` (network build/info), :mod:`~supplychain.cli.solve`,
:mod:`~supplychain.cli.stress`, :mod:`~supplychain.cli.timeline`,
:mod:`~supplychain.cli.explain` (threat, schema), :mod:`~supplychain.cli.report` (report, run).
The console script is ``supplychain._entry:run``, which imports and calls ``main``.
"""

from __future__ import annotations

# isort: off
# Importing a command module registers its commands on ``main``, in this order.
from supplychain.cli._common import main as main
from supplychain.cli import network as network
from supplychain.cli import solve as solve
from supplychain.cli import stress as stress
from supplychain.cli import timeline as timeline
from supplychain.cli import explain as explain
from supplychain.cli import report as report

# isort: on
from supplychain.cli.report import _make_report as _make_report
from supplychain.cli.solve import _stress_scenario as _stress_scenario
from supplychain.cli.stress import _stress_text as _stress_text
from supplychain.cli.timeline import _write_timeline as _write_timeline

__all__ = ["main"]
