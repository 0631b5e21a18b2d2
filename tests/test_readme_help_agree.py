"""Figures an option's ``--help`` quotes from a README measurement are the README's."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from supplychain.cli import main

REPO = Path(__file__).resolve().parents[1]


def _help(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"], terminal_width=10_000)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_integer_convoys_help_quotes_the_readme_gap() -> None:
    """``timeline --integer-convoys --help`` gives the back-test's gap with ``--time-limit 60``
    as README's "Solver" paragraph measures it (it said 136 % after the README had 182.10 %)."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    measured = re.search(r"back-test with `--time-limit 60` whole convoys deliver [\d,]+ m³ "
                         r"against the LP's [\d,]+ m³, .*? gap ([\d.]+) % on the goal", readme)
    assert measured is not None, "README's --integer-convoys --time-limit 60 measurement moved"
    quoted = re.search(r"a (\d+) % gap with --time-limit 60", _help("timeline"))
    assert quoted is not None, "--integer-convoys --help no longer quotes the gap"
    assert int(quoted.group(1)) == round(float(measured.group(1)))
