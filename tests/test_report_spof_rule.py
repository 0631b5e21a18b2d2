"""The report's N-1 / N-k ranking says which rule flagged its single points of failure.

The text output prints the sweep summary's rule (``single_point_of_failure``); the report
only counted the flags. With no demand at Bamako the rule is "any loss of the fuel able to
reach Bamako", so a row marked "yes" beside 0 m3/day of served demand lost read as an error.
"""

from __future__ import annotations

import dataclasses

import networkx as nx

from supplychain.reports.stress import load_stress
from supplychain.reports.stress_section import stress_data
from supplychain.scenarios import SweepContext, n_minus_1, n_minus_k

from .test_sweeps import _tiny, _tiny_params


def _no_demand_at_bamako() -> nx.MultiDiGraph:
    # Bamako wants nothing, Kati (behind M) wants 30: the flag falls back to any loss of the
    # 15 m3/day able to reach Bamako.
    g = _tiny(demand=0.0)
    g.add_node("K", name="Kati", role="city", x=0.0, y=0.0, demand_m3_per_day=30.0)
    for a, b in (("M", "K"), ("K", "M")):
        g.add_edge(a, b, segment_id="R:M-K", capacity_trucks_per_day=100.0, length_km=1.0,
                   travel_time_h=0.02, corridors=[])  # fmt: skip
    return g


def test_n_minus_1_block_states_the_summary_rule() -> None:
    ctx = SweepContext.create(_no_demand_at_bamako(),
                              dataclasses.replace(_tiny_params(), city_weights={}))  # fmt: skip
    r = n_minus_1(ctx, progress=False)
    rule = r.summary["single_point_of_failure"]
    assert "any loss of the base's 15 m3/day counts" in rule
    assert r.table["single_point_of_failure"].any()
    block = stress_data([load_stress(r)])["blocks"][0]
    # In the report's units, as the minimum cut's sentence is.
    assert rule.replace("15 m3/day", "15 m³/day") in block["intro"]


def test_n_minus_k_block_states_the_summary_rule() -> None:
    ctx = SweepContext.create(_tiny(demand=12.0), _tiny_params())
    r = n_minus_k(ctx, k=2, top=3, progress=False)
    rule = r.summary["single_point_of_failure"]
    assert rule.startswith("single point of failure = a combination of 2 closures")
    block = stress_data([load_stress(r)])["blocks"][0]
    assert rule in block["intro"]
