"""A sweep re-run on the same --out without --csv removes the earlier run's ``<out>.csv``, which
no longer matched the new Parquet and JSON beside it; a CSV the command reads is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from supplychain.cli import main

from .conftest import REPO


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_worst_case_without_csv_removes_the_earlier_runs_csv(tmp_path: Path) -> None:
    out = tmp_path / "w.parquet"
    code, text = _run("stress", "worst-case", "--k", "1", "--csv", "--out", str(out))
    assert code == 0, text
    assert out.with_suffix(".csv").is_file()
    code, text = _run("stress", "worst-case", "--k", "2", "--out", str(out))
    assert code == 0, text
    assert not out.with_suffix(".csv").exists()
    assert f"Removed {out.with_suffix('.csv')}" in text
    assert set(pd.read_parquet(out)["k"]) == {1, 2}
    # Nothing to remove the next time: no line about it.
    code, text = _run("stress", "worst-case", "--k", "1", "--out", str(out))
    assert code == 0, text
    assert "Removed" not in text


def test_closure_days_without_csv_removes_the_earlier_runs_csv(tmp_path: Path) -> None:
    out = tmp_path / "cd.parquet"
    stale = out.with_suffix(".csv")
    stale.write_text("corridor,days_to_dry\nold,1\n", encoding="utf-8")
    code, text = _run("stress", "closure-days", "--days", "2", "--out", str(out))
    assert code == 0, text
    assert out.is_file() and not stale.exists()
    assert f"Removed {stale}" in text


def test_a_csv_the_sweep_reads_is_kept(tmp_path: Path) -> None:
    # The threat file reads incidents-synthetic.csv: --out incidents-synthetic.parquet names it
    # as <out>.csv, and it is an input, not an earlier run's table.
    for name in ("threat-blockade-2025.toml", "incidents-synthetic.csv"):
        shutil.copy(REPO / "models" / name, tmp_path / name)
    incidents = tmp_path / "incidents-synthetic.csv"
    before = incidents.read_bytes()
    out = tmp_path / "incidents-synthetic.parquet"
    code, text = _run("stress", "worst-case", "--k", "1", "--scenario",
                      str(tmp_path / "threat-blockade-2025.toml"), "--out", str(out))  # fmt: skip
    assert code == 0, text
    assert incidents.read_bytes() == before
    assert "Removed" not in text


def test_timeline_mc_without_csv_removes_the_earlier_runs_csv(tmp_path: Path) -> None:
    out = tmp_path / "tmc.parquet"
    args = ["stress", "timeline-mc", "--scenario", str(REPO / "models" / "threat-blockade-2025.toml"),
            "--draws", "2", "--days", "3", "--out", str(out)]  # fmt: skip
    code, text = _run(*args[:-2], "--csv", *args[-2:])
    assert code == 0, text
    assert out.with_suffix(".csv").is_file()
    code, text = _run(*args[:-2], "--seed", "5", *args[-2:])
    assert code == 0, text
    assert not out.with_suffix(".csv").exists()
    assert f"Removed {out.with_suffix('.csv')}" in text
