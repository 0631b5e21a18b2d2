"""Report: the mean's 95 % interval (Student's t) is said to be the mean's, not the draws':
on 20 skewed draws it reaches below every draw, which read as a bug."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from supplychain.reports.stress import StressData, load_stress
from supplychain.reports.stress_section import stress_data
from supplychain.scenarios.montecarlo import distribution_stats

#: 20 draws, most near 3,200 and a few far above (attacks that hit): the mean's interval reaches
#: below the lowest draw.
SKEWED = [3180.0 + 10 * i for i in range(17)] + [20_000.0, 25_000.0, 30_000.0]
SAID = "95 % interval of the mean (Student's t), not of the draws"


def _block(kind: str, table: pd.DataFrame, summary: dict[str, Any]) -> dict[str, Any]:
    data = stress_data([load_stress(StressData(kind, "s", table, summary))])
    return next(b for b in data["blocks"] if b.get("kind") == kind)


def test_the_sample_is_one_whose_interval_reaches_below_every_draw() -> None:
    low = distribution_stats(np.array(SKEWED))["mean_ci95"][0]
    assert 0 < low < min(SKEWED)


@pytest.mark.parametrize("kind", ["monte-carlo", "timeline-mc"])
def test_the_mean_column_says_whose_interval_it_is(kind: str) -> None:
    n = len(SKEWED)
    if kind == "monte-carlo":
        table = pd.DataFrame({"draw": range(n), "throughput_m3_per_day": SKEWED, "served_m3_per_day": SKEWED,
                              "closed": "", "closed_nodes": ""})  # fmt: skip
        x = np.array(SKEWED)
        summary = {"draws": n, "seed": 1, "throughput_m3_per_day": distribution_stats(x),
                   "served_m3_per_day": distribution_stats(x), "worst_5pct_share": []}  # fmt: skip
    else:
        table = pd.DataFrame({"draw": range(n), "city": ["Kayes"] * n, "status": ["optimal"] * n,
                              "unmet_m3": SKEWED, "first_dry_day": [np.nan] * n, "tankers_lost": [0.0] * n})
        summary = {"seed": 1}
    caption = _block(kind, table, summary)["table"]["caption"]
    assert SAID in caption, caption
