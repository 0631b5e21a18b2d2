"""The report's bottleneck table when nothing limits delivery but a capacity is full.

A bottleneck is a capacity the plan fills *and* whose shadow price is above 0. With every
demand served no price is above 0, so a border post used at 100 % is not listed; the report
said "No open capacity binds" under a border-post table showing that post at 100.0 %.
"""

from __future__ import annotations

import networkx as nx
import pytest

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako, port_city
from supplychain.reports.sections import as_run, routes_data


def _post_and_city(demand_m3_per_day: float) -> nx.MultiDiGraph:
    """Port -> post X (15 trucks/day of 1 m3) -> Kayes, roads of 20 trucks/day."""
    g = port_city(border=True, demand_m3_per_day=demand_m3_per_day)
    for _, _, d in g.edges(data=True):
        d["corridors"] = []
    return g


def test_full_post_with_demand_served_is_not_called_unbound() -> None:
    # Post X: 15 trucks/day of 1 m3; Kayes wants 15 m3/day: the plan fills the post.
    _, params = dakar_bamako()  # fleet limit off
    result = run_scenario(_post_and_city(15.0), params)
    assert result.unmet_m3_per_day == pytest.approx(0.0, abs=1e-6)
    (post,) = result.to_dict()["by_border"]
    assert post["utilisation_pct"] == pytest.approx(100.0)
    assert result.bottlenecks == []
    (block,) = routes_data([as_run(result)], 0)["blocks"]
    empty = block["bottlenecks"]["empty"]
    assert "binds" not in empty
    assert empty.startswith("No capacity limits delivery: none that the plan fills has a shadow "
                            "price above 0")


def test_a_limiting_capacity_is_still_listed() -> None:
    # Kayes wants 30 m3/day behind the 15-truck post: the post binds with price 1 per truck.
    _, params = dakar_bamako()
    result = run_scenario(_post_and_city(30.0), params)
    (block,) = routes_data([as_run(result)], 0)["blocks"]
    rows = block["bottlenecks"]["rows"]
    assert [r["cells"][1]["text"] for r in rows] == ["Post"]
