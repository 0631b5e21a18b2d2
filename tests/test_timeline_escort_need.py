"""Escorted convoys and escort units in use are what the plan's flows need (a convoy price)."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pytest

from supplychain.models.params import FleetParameters, ModelParameters
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import EscortStretch, StorageParameters, Timeline

NO_STOCK = StorageParameters(0.0, 0.0, 0.0, earliness=1e-3)


def params() -> ModelParameters:
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))


def road(g: nx.MultiDiGraph, a: str, b: str, hours: float) -> None:
    for u, v in ((a, b), (b, a)):
        g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=1000.0,
                   length_km=hours * 50.0, travel_time_h=hours, corridors=[f"{a}-{b}"])


def network(*, detour: bool = False, demand: float = 1.0) -> nx.MultiDiGraph:
    """P (port) - C (city), one day across (tanker 1 m3); with ``detour`` also P - J - C, two
    days, not escorted."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n in ("P", "C", *(("J",) if detour else ())):
        g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=100.0, capacity_trucks_per_day=100.0)
    g.nodes["C"].update(role="city", demand_m3_per_day=demand)
    road(g, "P", "C", 24.0)
    if detour:
        road(g, "P", "J", 24.0)
        road(g, "J", "C", 24.0)
    return g


def escorted(days: int, units: float) -> Timeline:
    # The road escorted every day, convoys of C = 2 tankers, a day of rest: round trip R = 3.
    stretch = EscortStretch("road", frozenset({"R:P-C"}), 0, days - 1, 2.0, 1.0)
    return Timeline("t", "", date(2026, 1, 1), days, storage=NO_STOCK, escorts=(stretch,),
                    escort_units=(units,) * days)


@pytest.mark.parametrize("units", [2.0, 3.0])
def test_units_in_use_are_the_convoys_the_demand_needs(units: float) -> None:
    # d = 1 m3/day over the road: d / (C x tanker) = 0.5 convoys a day, each holding a unit for
    # R = 3 days: d x R / (C x tanker) = 1.5 units in use in steady state, with 2 units or 3.
    # Fuel leaving on the last day arrives after the horizon: no convoy then. Before the convoy
    # price, the columns (free up to the escort rows) were left anywhere between.
    days = 12
    # Stage 1 alone, as on LPs above 2,500 rows (stage 2 skipped): its interior point left the
    # columns anywhere the escort rows allowed before the price.
    model = build_timeline_model(network(), params(), escorted(days, units))
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal" and model.round_trip_days == [3.0]
    need = np.array([0.5] * (days - 1) + [0.0])
    columns = np.array([model.convoys[(0, t)].varValue or 0.0 for t in range(days)])
    np.testing.assert_allclose(columns, need, atol=1e-6)
    np.testing.assert_allclose(result.convoys["road"], need, atol=1e-6)
    # Day t: the convoys of days t-2..t (the one of day 11 is none).
    used = np.convolve(need, np.ones(3))[:days]
    np.testing.assert_allclose(result.escort_units_used, used, atol=1e-6)
    assert used[2:11] == pytest.approx([1.5] * 9)
    np.testing.assert_allclose(result.cities["C"]["delivered"][1:], 1.0, atol=1e-6)


@pytest.mark.parametrize("units", [2.0, 3.0])
def test_min_stock_sends_the_convoys_its_flows_need(units: float) -> None:
    # --min-stock lifts the tanks, so fuel may come early and wait in the city: any day's
    # convoys may vary, but not the 11 x 0.5 = 5.5 convoys the 11 m3 arriving need (the day-0
    # demand comes from the initial stock), and each column is what its day's flows need.
    days = 12
    model = build_timeline_model(network(), params(), escorted(days, units), min_stock=True)
    result = solve_timeline(model)
    assert result.status == "optimal"
    columns = np.array([model.convoys[(0, t)].varValue or 0.0 for t in range(days)])
    np.testing.assert_allclose(columns, result.convoys["road"], atol=1e-6)
    assert columns.sum() == pytest.approx(5.5, abs=1e-5)
    # The stock is the same minimum with the convoy price: day 0's demand.
    assert result.min_stock == {"C": pytest.approx(1.0, abs=1e-5)}


def test_a_plan_delivering_as_much_needs_no_escort_it_can_avoid() -> None:
    # An unescorted road of two days beside the escorted one-day road: after day 0 (whose
    # arrival on day 1 only the short road makes) it delivers as much without escorts. Among
    # plans delivering as much, stage 1 takes the one with the fewest escort unit-days.
    days = 10
    # Stage 1 alone: stage 2 (cost per km, which the short road wins) may move up to its goal
    # row's tolerance (1e-6 + 1e-8 x the value) back onto the escorted road.
    model = build_timeline_model(network(detour=True), params(), escorted(days, 3.0))
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal"
    np.testing.assert_allclose(result.cities["C"]["delivered"][1:], 1.0, atol=1e-6)
    np.testing.assert_allclose(result.convoys["road"], [0.5] + [0.0] * (days - 1), atol=1e-6)
    assert result.escort_units_used.sum() == pytest.approx(1.5)
