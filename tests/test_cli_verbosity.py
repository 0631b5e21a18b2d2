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


def test_a_log_line_during_a_bar_starts_a_line_of_its_own() -> None:
    # A warning logged while a bar showed was written after the bar's text, on its line
    # ("sweep: 10%|#| 1/10 [00:00<...]WARNING supplychain...").
    import io

    from tqdm import tqdm

    from supplychain.cli._common import _BarAwareHandler

    err = io.StringIO()
    handler = _BarAwareHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    record = logging.LogRecord("supplychain.x", logging.WARNING, __file__, 1, "a road left out", None, None)
    with tqdm(total=10, desc="sweep", file=err, mininterval=0) as bar:
        bar.update(1)
        handler.emit(record)
        bar.update(1)
    line = next(t for t in err.getvalue().split("\n") if "a road left out" in t)
    assert line.split("\r")[-1] == "WARNING supplychain.x: a road left out"
    assert "sweep:" in err.getvalue().split("a road left out")[1]  # the bar drawn again below
    handler.emit(record)  # no bar open: a plain line
    assert err.getvalue().endswith("\nWARNING supplychain.x: a road left out\n")
