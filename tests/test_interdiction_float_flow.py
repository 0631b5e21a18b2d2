"""The worst case on capacities off whole m³ and off the array max flow's 1/1000-truck grid.

Found by differential testing of the worst case against brute force on random networks
(2026-12-05): with tankers of 0.7 m³ every capacity is a float (30 trucks/day are
21.000000000000004 m³/day), and the certifying max flow (``nx.maximum_flow``, preflow-push)
stopped with ``ValueError: min() arg is an empty sequence`` on this five-node network, so
``stress worst-case`` crashed. And the MIP's closure was pruned on the array max flow's
rounded values, with a slack of its whole rounding: a road of 0.0004 trucks/day (0 in units)
was dropped as idle. The answers below are by hand.
"""

from __future__ import annotations

import networkx as nx
import pytest

from supplychain.models.params import FleetParameters, ModelParameters
from supplychain.scenarios import SweepContext, greedy_worst_case, worst_case, worst_case_sweep

TANKER_M3 = 0.7


def _loading_post_network() -> nx.MultiDiGraph:
    """A border post ``X`` loading 2 m³/day, a two-way road X-J (30 trucks/day), a dead-end road
    X->P into a port, then J->Y (2 trucks/day) and Y->Bamako (1 truck/day): at most 1 truck of
    0.7 m³ a day reaches Bamako, and closing any road on the way, or the post, cuts it off."""
    g = nx.MultiDiGraph(tanker_volume_m3=TANKER_M3)
    g.add_node("P", name="P", role="port", supply_m3_per_day=29.0)
    g.add_node("X", name="X", role="border", supply_m3_per_day=2.0, capacity_trucks_per_day=5.0)
    g.add_node("J", name="J", role="junction")
    g.add_node("Y", name="Y", role="junction")
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=12.0)
    for u, v, trucks in (("X", "J", 30.0), ("J", "X", 30.0), ("X", "P", 1.0), ("J", "Y", 2.0),
                         ("Y", "B", 1.0)):  # fmt: skip
        segment = "X-J" if {u, v} == {"X", "J"} else f"{u}-{v}"
        g.add_edge(u, v, segment_id=segment, capacity_trucks_per_day=trucks, length_km=1.0,
                   travel_time_h=1.0, corridors=[])  # fmt: skip
    return g


def _params() -> ModelParameters:
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 1.0, 12.0, 0.0, 0.0, 0.0))


@pytest.mark.parametrize("interdict_nodes", [False, True])
def test_worst_case_on_float_capacities_by_hand(interdict_nodes: bool) -> None:
    g = _loading_post_network()
    exact = worst_case(g, k=1, interdict_nodes=interdict_nodes)
    assert exact.baseline_m3_per_day == pytest.approx(TANKER_M3, abs=1e-12)
    assert exact.remaining_m3_per_day == pytest.approx(0.0, abs=1e-12)
    assert len(exact.segments) + len(exact.nodes) == 1
    greedy = greedy_worst_case(g, k=1, interdict_nodes=interdict_nodes)
    assert greedy.remaining_m3_per_day == pytest.approx(0.0, abs=1e-12)


def test_worst_case_sweep_on_float_capacities() -> None:
    table = worst_case_sweep(SweepContext.create(_loading_post_network(), _params()), k=2).table
    assert list(table["method"]) == ["exact", "greedy", "exact", "greedy"]
    assert table["baseline_m3_per_day"].tolist() == pytest.approx([TANKER_M3] * 4, abs=1e-12)
    assert table["remaining_m3_per_day"].tolist() == pytest.approx([0.0] * 4, abs=1e-12)
    # One closure cuts Bamako off: the second of k = 2 is not spent.
    exact_2 = table[(table["method"] == "exact") & (table["k"] == 2)].iloc[0]
    assert len([x for x in f"{exact_2['segments']};{exact_2['nodes']}".split(";") if x]) == 1


def test_a_road_below_the_array_rounding_is_not_pruned_from_the_closure() -> None:
    # Bamako's only roads: R (0.0004 trucks/day of 1 m3: 0 units of 1/1000 truck) and S
    # (2.0004). Closing R alone cuts 0.0004 m3/day; both, everything. The arrays read R's
    # closure as changing nothing (0 units), so R was dropped from the MIP's answer: k = 1
    # closed nothing and k = 2 only S, leaving 0.0004.
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", supply_m3_per_day=10.0)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=5.0)
    g.add_edge("P", "B", segment_id="R", capacity_trucks_per_day=0.0004, length_km=1.0, travel_time_h=1.0)
    one = worst_case(g, k=1)
    assert (one.baseline_m3_per_day, one.remaining_m3_per_day, one.segments) == (pytest.approx(0.0004), 0.0, ["R"])
    g.add_node("Q", name="Q", role="port", supply_m3_per_day=10.0)
    g.add_edge("Q", "B", segment_id="S", capacity_trucks_per_day=2.0004, length_km=1.0, travel_time_h=1.0)
    assert worst_case(g, k=1).segments == ["S"]
    two = worst_case(g, k=2)
    assert (two.remaining_m3_per_day, sorted(two.segments)) == (0.0, ["R", "S"])


def test_the_greedy_closes_a_road_below_the_array_rounding() -> None:
    # The same roads for the greedy: its scan on the arrays read R's closure as lowering
    # nothing (0 units either way), so k = 1 closed nothing and lost nothing, and k = 2 only S.
    # Items the rounding cannot rank are decided on networkx's exact values.
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", supply_m3_per_day=10.0)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=5.0)
    g.add_edge("P", "B", segment_id="R", capacity_trucks_per_day=0.0004, length_km=1.0, travel_time_h=1.0)
    one = greedy_worst_case(g, k=1)
    assert (one.baseline_m3_per_day, one.remaining_m3_per_day, one.segments) == (pytest.approx(0.0004), 0.0, ["R"])
    g.add_node("Q", name="Q", role="port", supply_m3_per_day=10.0)
    g.add_edge("Q", "B", segment_id="S", capacity_trucks_per_day=2.0004, length_km=1.0, travel_time_h=1.0)
    first = greedy_worst_case(g, k=1)
    assert (first.remaining_m3_per_day, first.segments) == (pytest.approx(0.0004), ["S"])
    two = greedy_worst_case(g, k=2)
    assert (two.remaining_m3_per_day, sorted(two.segments)) == (0.0, ["R", "S"])
