"""Command-line habits: -q/-v/-vv before or after the subcommand; -q prints only errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from supplychain.cli import main


def _level(args: list[str]) -> int:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return logging.getLogger("supplychain").level


@pytest.mark.parametrize(
    ("args", "level"),
    [
        (["schema"], logging.WARNING),
        (["-v", "schema"], logging.INFO),
        (["schema", "-v"], logging.INFO),
        (["schema", "-vv"], logging.DEBUG),
        (["-v", "schema", "-v"], logging.DEBUG),
        (["schema", "-q"], logging.ERROR),
        (["network", "-q", "info", "embedded"], logging.ERROR),
        (["network", "info", "embedded", "--quiet"], logging.ERROR),
    ],
)
def test_verbosity_anywhere(args: list[str], level: int) -> None:
    assert _level(args) == level


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_stress_prints_nothing_but_writes(tmp_path: Path, where: str) -> None:
    out = tmp_path / "n1.parquet"
    sweep = ["stress", "n-k", "--k", "1", "--top", "2", "--out", str(out)]
    args = ["-q", *sweep] if where == "before" else [*sweep, "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == ""  # no ranking, no "Wrote", no progress bar
    assert out.is_file() and out.with_suffix(".json").is_file()


def test_without_quiet_the_ranking_prints(tmp_path: Path) -> None:
    out = tmp_path / "n1.parquet"
    result = CliRunner().invoke(main, ["stress", "n-k", "--k", "1", "--top", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "Wrote" in result.output


def test_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["stress", "n-1", "-q", "--network", str(tmp_path / "missing.parquet"), "--out", str(tmp_path / "x.parquet")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
