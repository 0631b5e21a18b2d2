"""A Monte Carlo table and a JSON summary of another run are refused, not mixed.

The report reads the percentiles, draw count and worst-draw shares from the JSON summary and
draws the histogram from the Parquet table. A 300-draw summary beside the 600-draw table of
the same --out (the table extended, the summary not rewritten: a run stopped between the two
writes, or files copied) gave "300 draws" and the 300 draws' mean 4,581 above a histogram
labelled "all 600 draws" (West-African layer, test threat, seed 3).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from supplychain.errors import DataFileError
from supplychain.reports.stress import load_stress
from supplychain.scenarios import SweepContext, monte_carlo

from .test_sweeps import _tiny, _tiny_params


def _run(out: Path, draws: int) -> None:
    ctx = SweepContext.create(_tiny(), _tiny_params(), attack_probability={"R:P-M": 0.3}, seed=5)
    monte_carlo(ctx, draws=draws, chunk_size=10, progress=False, out=out)


def test_summary_of_another_draw_count_is_refused(tmp_path: Path) -> None:
    _run(tmp_path / "a.parquet", 20)
    _run(tmp_path / "b.parquet", 40)
    assert load_stress(tmp_path / "b.parquet").summary["draws"] == 40  # a matching pair reads
    shutil.copy(tmp_path / "a.json", tmp_path / "b.json")  # the 20-draw summary beside 40 rows
    with pytest.raises(DataFileError) as err:
        load_stress(tmp_path / "b.parquet")
    message = str(err.value)
    assert "b.json" in message and "20 draws" in message and "40 rows" in message
    assert "--draws 40" in message
