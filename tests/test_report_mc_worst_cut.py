"""The report's "most often closed in the worst draws" table shows 10 rows of the JSON
summary's ``worst_5pct_share``, which lists every segment closed in those draws. It cut the
list without a word: on the West-African layer (600 draws, a test threat) the JSON listed 11,
the 10th and the 11th both in 26.7 % of the worst draws, and the 11th was not shown."""

from __future__ import annotations

import pandas as pd

from supplychain.reports.stress import StressData, load_stress
from supplychain.reports.stress_section import stress_data


def _block(shares: list[float]) -> dict:
    t = pd.DataFrame({"draw": range(40), "throughput_m3_per_day": [10.0] * 40,
                      "served_m3_per_day": [5.0] * 38 + [1.0, 2.0]})  # fmt: skip
    worst = [{"segment_id": f"S{i:02d}", "kind": "segment", "share_of_worst_draws": s,
              "worst_draws": 2, "attack_probability": 0.1, "lift": s / 0.1}
             for i, s in enumerate(shares)]  # fmt: skip
    summary = {"sweep": "monte-carlo", "seed": 1, "worst_5pct_share": worst}
    return stress_data([load_stress(StressData("monte-carlo", "", t, summary))])["blocks"][0]


def test_cut_list_says_how_many_and_the_ties() -> None:
    block = _block([1.0] * 5 + [0.5] * 7)  # 12 rows, the 10th to the 12th all at 50 %
    assert len(block["worst"]["rows"]) == 10
    assert block["worst"]["caption"] == (
        "The 10 most often closed of 12 (the JSON summary's worst_5pct_share lists them all); "
        "2 more are closed as often as the last shown (50.0 %).")


def test_cut_without_a_tie() -> None:
    block = _block([1.0] * 10 + [0.5])
    assert block["worst"]["caption"] == (
        "The 10 most often closed of 11 (the JSON summary's worst_5pct_share lists them all).")


def test_whole_list_has_no_caption() -> None:
    assert _block([1.0] * 10)["worst"]["caption"] == ""
