"""The report names a Monte Carlo run's chunk size beside its seed.

monte-carlo's draws depend on the seed *and* the chunk size (each chunk draws from its own
generator): on the embedded network with the threat file, 200 draws of seed 4 in chunks of 70
and of 250 (the default) closed a different number of segments in 92 draws, and the report
of either said only "seed 4". The JSON summary records ``chunk_size``; the report now says it.
"""

from __future__ import annotations

import pandas as pd

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.reports.sections import as_run, provenance_data
from supplychain.reports.stress import StressData, load_stress
from supplychain.reports.stress_section import stress_data


def _mc(summary: dict) -> StressData:
    t = pd.DataFrame({"draw": [0, 1, 2], "throughput_m3_per_day": [10.0, 8.0, 10.0],
                      "served_m3_per_day": [5.0, 4.0, 5.0]})  # fmt: skip
    return load_stress(StressData("monte-carlo", "", t, {"sweep": "monte-carlo", **summary}))


def _seeds(stress: StressData) -> str:
    g, params = dakar_bamako()
    d = provenance_data(g, [as_run(run_scenario(g, params))], [stress], {}, "2026-01-01", 0.1)
    return {i["key"]: i["value"] for i in d["items"]}["Seeds"]


def test_chunk_size_beside_the_seed() -> None:
    mc = _mc({"seed": 4, "chunk_size": 70})
    assert stress_data([mc])["blocks"][0]["facts"].startswith("3 draws, seed 4, chunk size 70")
    assert _seeds(mc) == "Monte Carlo: seed 4, chunk size 70"


def test_summary_without_chunk_size_says_the_seed_only() -> None:
    # A summary written before chunk_size was recorded: nothing is made up.
    mc = _mc({"seed": 4})
    assert stress_data([mc])["blocks"][0]["facts"] == "3 draws, seed 4"
    assert _seeds(mc) == "Monte Carlo: seed 4"
