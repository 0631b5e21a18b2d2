"""Report: a Monte Carlo interval end no draw bounds (null in the JSON, too few draws) is
shown '-', and the note under the heading says what the '-' means."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supplychain.reports.stress import StressData, load_stress
from supplychain.reports.stress_section import stress_data
from supplychain.scenarios.montecarlo import distribution_stats


def _block(values: list[float]) -> dict:
    t = pd.DataFrame({"draw": range(len(values)), "throughput_m3_per_day": values,
                      "served_m3_per_day": values, "closed": "", "closed_nodes": ""})  # fmt: skip
    x = np.array(values)
    summary = {"draws": len(values), "seed": 1, "throughput_m3_per_day": distribution_stats(x),
               "served_m3_per_day": distribution_stats(x), "worst_5pct_share": []}  # fmt: skip
    data = stress_data([load_stress(StressData("monte-carlo", "mc", t, summary))])
    return next(b for b in data["blocks"] if not b.get("ranking") and not b.get("worst_case"))


def test_twenty_draws_explain_the_open_end() -> None:
    block = _block([float(v) for v in range(100, 120)])
    # cells: measure, mean, P5, P50, P95; 20 draws bound neither the P5 below nor the P95 above
    rows = [[c["text"] for c in r["cells"]] for r in block["table"]["rows"]]
    assert [r[2] for r in rows] == ["101 (- to 103)"] * 2
    assert [r[4] for r in rows] == ["118 (116 to -)"] * 2
    assert "too few draws" in block["ci_note"]


def test_enough_draws_say_nothing_more() -> None:
    assert _block([float(v) for v in range(400)])["ci_note"] == ""
