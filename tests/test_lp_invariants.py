"""Steady-state LP: node effects against a max-flow oracle, and invariances users rely on.

The oracle builds the README's rules ("What a node effect does, for every role") into a
networkx max flow by hand: a border post, or a port or depot that loads nothing, passes at
most its capacity times its factor; a loading point (of any role) loads the smaller of its
supply and its loading capacity, times its factor, and passes all traffic; a degraded town lets each road
into it bring its factor times that road's capacity; a closed node of any role loads and passes nothing. The invariances:
the throughput, served volume, prioritised delivery and cost of a plan do not change when
the nodes are renamed, the graph lists its nodes and edges in reverse order, each road is
split into two parallel roads of half its capacity, or every capacity, supply, demand and
tanker of the fleet is multiplied by 10 (the cost by 10 too).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models import Effect, ModelParameters, Scenario, build_model, solve
from supplychain.models.fast import FastSolver
from supplychain.models.params import FleetParameters

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROLES = ("junction", "border", "depot", "port", "city")


def _params(g: nx.MultiDiGraph, *, fleet: bool, tankers: float = 3.0) -> ModelParameters:
    """Neutral parameters; with the fleet on, the last place (always a city) weighs 2."""
    weights = {f"n{len(g) - 1}": 2.0} if fleet else {}
    return ModelParameters(
        default_weight=1.0, city_weights=weights, blocks=(),
        cost_per_truck_km=1.0, fuel_value_per_m3=100.0, currency="X",
        fleet=FleetParameters(fleet, tankers, 12.0, 1.0, 1.0, 2.0), solver="highs",
    )  # fmt: skip


@st.composite
def networks(draw: st.DrawFn) -> nx.MultiDiGraph:
    """3-6 places of any role (supply and demand anywhere, capacities or none), one-way and
    two-way roads; at least one supply and one demand."""
    n = draw(st.integers(3, 6))
    g = nx.MultiDiGraph(tanker_volume_m3=draw(st.sampled_from([1.0, 2.0])))
    names = [f"n{i}" for i in range(n)]
    for i, name in enumerate(names):
        attrs: dict[str, Any] = {"name": name, "role": draw(st.sampled_from(ROLES)), "x": 0.0, "y": 0.0}
        if i == 0 or draw(st.integers(0, 3)) == 0:
            attrs["supply_m3_per_day"] = float(draw(st.integers(1 if i == 0 else 0, 50)))
        if i == n - 1 or draw(st.integers(0, 3)) == 0:
            attrs["demand_m3_per_day"] = float(draw(st.integers(1 if i == n - 1 else 0, 50)))
        if draw(st.booleans()):
            attrs["capacity_trucks_per_day"] = float(draw(st.integers(0, 30)))
        g.add_node(name, **attrs)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=2,
                          max_size=10, unique=True))  # fmt: skip
    for a, b in pairs:
        u, v = names[a], names[b]
        if a == b or g.has_edge(u, v) or g.has_edge(v, u):
            continue
        cap, km = float(draw(st.integers(0, 40))), float(draw(st.integers(1, 9)))
        for x, y in ((u, v), (v, u)) if draw(st.booleans()) else ((u, v),):
            g.add_edge(x, y, segment_id=f"R:{u}-{v}", capacity_trucks_per_day=cap, length_km=km,
                       travel_time_h=km / 5.0, corridors=[])  # fmt: skip
    return g


def _effects(draw: st.DrawFn, items: list[str]) -> dict[str, Effect]:
    chosen = draw(st.lists(st.sampled_from(items), max_size=3, unique=True)) if items else []
    return {i: Effect(closed=draw(st.booleans()), capacity_factor=draw(st.sampled_from([1.0, 0.5, 0.25])))
            for i in chosen}  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn, g: nx.MultiDiGraph) -> Scenario:
    segs = sorted({d["segment_id"] for _, _, d in g.edges(data=True)})
    return Scenario("drawn", _effects(draw, segs), _effects(draw, sorted(g.nodes)))


def _readme_max_flow(g: nx.MultiDiGraph, scenario: Scenario) -> float:
    """The throughput by the README's rules, as a networkx max flow (no fleet, no losses)."""
    volume = g.graph["tanker_volume_m3"]
    f = nx.DiGraph()
    f.add_edge("_S", "_T", capacity=0.0)
    town: dict[str, float] = {}
    for n, d in g.nodes(data=True):
        effect = scenario.nodes.get(d["name"], Effect())
        factor = effect.effective_capacity_factor
        own = d.get("capacity_trucks_per_day")
        own_m3 = None if own is None else own * volume
        # What passes is limited by a post's, port's or depot's own capacity (not a city's).
        limits = own_m3 is not None and d["role"] in ("border", "port", "depot")
        loads = (d.get("supply_m3_per_day") or 0) > 0
        through: float | None = None  # None: no limit
        if effect.closed:
            through = 0.0
        elif limits and not loads:
            through = own_m3 * factor  # type: ignore[operator]
        elif not limits and not loads and factor < 1:
            town[n] = factor  # each road into it brings at most this share of its capacity
        f.add_edge(("in", n), ("out", n), **({} if through is None else {"capacity": through}))
        if loads:  # a loading point of any role loads at most its loading capacity
            limit = d["supply_m3_per_day"] if own_m3 is None else min(d["supply_m3_per_day"], own_m3)
            f.add_edge("_S", ("out", n), capacity=limit * factor)  # loaded fuel is not "from the roads"
        if (d.get("demand_m3_per_day") or 0) > 0:
            f.add_edge(("out", n), "_T")
    for u, v, d in g.edges(data=True):
        cap = d["capacity_trucks_per_day"] * volume
        cap = min(cap * scenario.segments.get(d["segment_id"], Effect()).effective_capacity_factor,
                  cap * town.get(v, 1.0))  # fmt: skip
        if f.has_edge(("out", u), ("in", v)):
            f[("out", u)][("in", v)]["capacity"] += cap
        else:
            f.add_edge(("out", u), ("in", v), capacity=cap)
    return float(nx.maximum_flow_value(f, "_S", "_T"))


def _delivered(g: nx.MultiDiGraph, params: ModelParameters, scenario: Scenario, mode: str) -> float:
    sol = solve(build_model(g, params, scenario, mode=mode), lexicographic=False)  # type: ignore[arg-type]
    assert sol.status == "optimal"
    return sum(sol.delivered_m3.values())


@PROPS
@given(st.data())
def test_throughput_under_node_and_segment_effects_equals_the_readme_max_flow(data: st.DataObject) -> None:
    g = data.draw(networks())
    scenario = data.draw(scenarios(g))
    expected = _readme_max_flow(g, scenario)
    params = _params(g, fleet=False)
    assert _delivered(g, params, scenario, "throughput") == pytest.approx(expected, abs=1e-6)
    # The fast path holds the same LP, the effects given as its base scenario.
    assert FastSolver(g, params, scenario).base_value_m3_per_day == pytest.approx(expected, abs=1e-6)


def _measures(g: nx.MultiDiGraph, params: ModelParameters, scenario: Scenario) -> dict[str, float]:
    served = solve(build_model(g, params, scenario))
    assert served.status == "optimal" and served.objective is not None and served.cost is not None
    return {"weighted": served.objective, "cost": served.cost,
            "throughput": _delivered(g, params, scenario, "throughput"),
            "served": _delivered(g, params, scenario, "served_unweighted")}  # fmt: skip


def _renamed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return nx.relabel_nodes(g, {n: ("node", n) for n in g.nodes}, copy=True)  # names kept


def _reversed(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from(reversed(list(g.nodes(data=True))))
    for u, v, d in reversed(list(g.edges(data=True))):
        h.add_edge(u, v, **d)
    return h


def _halves(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from(g.nodes(data=True))
    for u, v, d in g.edges(data=True):
        for _ in range(2):
            h.add_edge(u, v, **{**d, "capacity_trucks_per_day": d["capacity_trucks_per_day"] / 2})
    return h


def _times_10(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    h = g.copy()
    for _, d in h.nodes(data=True):
        for key in ("supply_m3_per_day", "demand_m3_per_day", "capacity_trucks_per_day"):
            if key in d:
                d[key] *= 10
    for *_, d in h.edges(data=True):
        d["capacity_trucks_per_day"] *= 10
    return h


TRANSFORMS: dict[str, Callable[[nx.MultiDiGraph], nx.MultiDiGraph]] = {
    "renamed": _renamed, "reversed": _reversed, "halves": _halves,
}


@PROPS
@given(st.data(), st.sampled_from(sorted(TRANSFORMS)), st.booleans())
def test_plans_do_not_depend_on_node_ids_edge_order_or_split_roads(data: st.DataObject, how: str,
                                                                   fleet: bool) -> None:
    g = data.draw(networks())
    scenario = data.draw(scenarios(g))
    params = _params(g, fleet=fleet)
    base, other = _measures(g, params, scenario), _measures(TRANSFORMS[how](g), params, scenario)
    for key, value in base.items():
        assert other[key] == pytest.approx(value, rel=1e-6, abs=1e-5), key


@PROPS
@given(st.data(), st.booleans())
def test_ten_times_everything_is_ten_times_every_figure(data: st.DataObject, fleet: bool) -> None:
    g = data.draw(networks())
    scenario = data.draw(scenarios(g))
    base = _measures(g, _params(g, fleet=fleet), scenario)
    scaled = _measures(_times_10(g), _params(g, fleet=fleet, tankers=30.0), scenario)
    for key, value in base.items():
        assert scaled[key] == pytest.approx(10 * value, rel=1e-6, abs=1e-4), key
    assert math.isfinite(base["cost"])
