"""A town's ``capacity_factor``: each road into it brings at most that share of its capacity.

README ("What a node effect does, for every role and every model"). Before 2026-12-05 the
steady models capped the sum of the town's roads in at the factor times their sum: a town on
a two-way chain counts the road back from the far side, which fuel from the port never uses,
so halving a through town let all its traffic pass (Rufisque on the embedded network lost
nothing). Hand-computed cases, the same answer from the LP, the fast path, the max flow, the
minimum cut and the suggested alternative routes; and a property: a lower factor never
delivers more (steady LP, fast path, timeline).
"""

from __future__ import annotations

import datetime

import networkx as nx
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models import Effect, ModelParameters, Scenario, build_model, solve
from supplychain.models.fast import FastSolver
from supplychain.models.lp_arrays import effective_capacities
from supplychain.models.params import FleetParameters
from supplychain.models.results import run_scenario
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import DatedEffects, StorageParameters, Timeline

NO_FLEET = FleetParameters(False, 1.0, 12.0, 1.0, 1.0, 2.0)


def _params() -> ModelParameters:
    return ModelParameters(
        default_weight=1.0, city_weights={}, blocks=(), cost_per_truck_km=1.0,
        fuel_value_per_m3=100.0, currency="X", fleet=NO_FLEET, solver="highs",
    )  # fmt: skip


def _road(g: nx.MultiDiGraph, u: str, v: str, cap: float) -> None:
    for a, b in ((u, v), (v, u)):
        g.add_edge(a, b, segment_id=f"R:{u}-{v}", capacity_trucks_per_day=cap, length_km=1.0,
                   travel_time_h=0.02, corridors=[])  # fmt: skip


def _chain() -> nx.MultiDiGraph:
    """Port P -> town J -> Bamako, two-way roads of 10 trucks/day (tanker 1 m3)."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=100.0)
    g.add_node("J", name="J", role="junction", x=0.0, y=0.0)
    g.add_node("B", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=100.0)
    _road(g, "P", "J", 10.0)
    _road(g, "J", "B", 10.0)
    return g


def _merge() -> nx.MultiDiGraph:
    """Ports P1 and P2 -> J (10 trucks/day each) -> Bamako (30)."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for p in ("P1", "P2"):
        g.add_node(p, name=p, role="port", x=0.0, y=0.0, supply_m3_per_day=100.0)
        _road(g, p, "J", 10.0)
    g.add_node("J", name="J", role="junction", x=0.0, y=0.0)
    g.add_node("B", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=100.0)
    _road(g, "J", "B", 30.0)
    return g


def _delivered(g: nx.MultiDiGraph, sc: Scenario) -> float:
    return sum(solve(build_model(g, _params(), sc)).delivered_m3.values())


def _max_flow(g: nx.MultiDiGraph, sc: Scenario) -> float:
    """networkx max flow on the LP's effective capacities (no node rows here: J is a town)."""
    edge_cap, through, supply = effective_capacities(g, _params(), sc)
    assert "J" not in through
    d = nx.DiGraph()
    for (u, v, _), cap in edge_cap.items():
        d.add_edge(u, v, capacity=d.get_edge_data(u, v, {"capacity": 0.0})["capacity"] + cap)
    for n, lim in supply.items():
        d.add_edge("_S", n, capacity=lim)
    return float(nx.maximum_flow_value(d, "_S", "B"))


@pytest.mark.parametrize("factor", [0.5, 0.25])
def test_a_halved_through_town_passes_half_its_road_in(factor: float) -> None:
    # By hand: fuel reaches J only on P -> J (10); at the factor, 10 x factor pass. The old
    # rule, factor x (P->J + B->J) = 20 x factor, passed all 10 at 0.5.
    g = _chain()
    sc = Scenario("J degraded", nodes={"J": Effect(capacity_factor=factor)})
    assert _delivered(g, sc) == pytest.approx(10.0 * factor)
    assert FastSolver(g, _params(), sc).solve() == pytest.approx(10.0 * factor)
    assert _max_flow(g, sc) == pytest.approx(10.0 * factor)


def test_each_road_into_a_merging_town_is_scaled() -> None:
    # Two roads in of 10 each, both used: 5 + 5 at 0.5 (not the old 0.5 x 50 = 25, i.e. 20).
    g = _merge()
    sc = Scenario("J degraded", nodes={"J": Effect(capacity_factor=0.5)})
    assert _delivered(g, sc) == pytest.approx(10.0)
    assert FastSolver(g, _params(), sc).solve() == pytest.approx(10.0)
    assert _max_flow(g, sc) == pytest.approx(10.0)
    # Closing one road in leaves the other's half (fast path against a fresh LP).
    closed = Scenario("J degraded, P1 cut", segments={"R:P1-J": Effect(closed=True)},
                      nodes={"J": Effect(capacity_factor=0.5)})  # fmt: skip
    assert _delivered(g, closed) == pytest.approx(5.0)
    assert FastSolver(g, _params(), sc).solve(closed_segments=["R:P1-J"]) == pytest.approx(5.0)


def test_a_degraded_road_into_a_degraded_town_takes_the_smaller_limit() -> None:
    # P -> J at 0.4 (4 trucks/day), J at 0.5 of the road's 10 (5): the smaller, 4, passes.
    g = _chain()
    sc = Scenario("both", segments={"R:P-J": Effect(capacity_factor=0.4)},
                  nodes={"J": Effect(capacity_factor=0.5)})  # fmt: skip
    assert _delivered(g, sc) == pytest.approx(4.0)
    assert _max_flow(g, sc) == pytest.approx(4.0)


def test_a_degraded_towns_share_caps_what_arrives_on_a_dangerous_road() -> None:
    # P -> J loses half of what enters it; J at 0.5 takes at most 5 of the road's 10 trucks/day
    # *arriving*: all 10 enter the road, 5 arrive, 5 reach Bamako. Capping what enters the
    # road instead (5 in, 2.5 delivered) survived the tests (mutation testing, mut34).
    g = _chain()
    sc = Scenario("J degraded, P-J dangerous", segments={"R:P-J": Effect(loss_probability=0.5)},
                  nodes={"J": Effect(capacity_factor=0.5)})  # fmt: skip
    sol = solve(build_model(g, _params(), sc))
    assert sol.edge_flow_m3[("P", "J", 0)] == pytest.approx(10.0)
    assert sum(sol.delivered_m3.values()) == pytest.approx(5.0)
    assert FastSolver(g, _params(), sc).solve() == pytest.approx(5.0)


def test_the_cut_sees_the_degraded_town() -> None:
    g = _chain()
    sc = Scenario("J degraded", nodes={"J": Effect(capacity_factor=0.5)})
    r = run_scenario(g, _params(), sc)
    assert r.delivered_m3_per_day == pytest.approx(5.0)
    assert r.min_cut is not None and r.min_cut.value_m3_per_day == pytest.approx(5.0)
    assert r.min_cut.segments == ["R:P-J"]


def test_the_alternatives_carry_a_degraded_town_at_its_share() -> None:
    # The alternatives' routes through J carried J's roads at full capacity (10 trucks/day):
    # a town has no capacity attribute of its own, so its limit was skipped.
    g = _chain()
    sc = Scenario("J degraded", nodes={"J": Effect(capacity_factor=0.5)})
    (alt,) = run_scenario(g, _params(), sc).alternatives
    assert alt.routes[0].capacity_trucks_per_day == pytest.approx(5.0)


def test_a_border_post_that_loads_is_not_utilised_against_its_loading_capacity() -> None:
    # Post X loads 2 m3/day (its capacity 2 trucks/day caps the loading only, README) and lets
    # 8 m3/day from P through, unlimited. by_border gave its capacity as 2 trucks/day and a
    # utilisation of 400 %; what crosses it has no capacity of its own.
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=8.0)
    g.add_node("X", name="X", role="border", x=0.0, y=0.0, supply_m3_per_day=2.0,
               capacity_trucks_per_day=2.0)  # fmt: skip
    g.add_node("B", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=100.0)
    _road(g, "P", "X", 10.0)
    _road(g, "X", "B", 20.0)
    r = run_scenario(g, _params())
    assert r.delivered_m3_per_day == pytest.approx(10.0)
    (row,) = r.by_border.to_dict("records")
    assert row["crossed_m3_per_day"] == pytest.approx(8.0)
    assert row["capacity_trucks_per_day"] is None and row["utilisation_pct"] is None
    # A post that loads nothing keeps its capacity and utilisation (8 of 10 trucks/day).
    g.nodes["X"].pop("supply_m3_per_day")
    g.nodes["X"]["capacity_trucks_per_day"] = 10.0
    (row,) = run_scenario(g, _params()).by_border.to_dict("records")
    assert (row["capacity_trucks_per_day"], row["utilisation_pct"]) == pytest.approx((10.0, 80.0))


@st.composite
def _degraded_cases(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, str, float, float, int, int]:
    """A random network of 3-6 places (a port, Bamako, junctions, a border post, a depot
    that loads, a city), a place to degrade and two factors (the lower first) over days
    ``first``..``last`` of an 8-day timeline."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="P", role="port", x=0.0, y=0.0, supply_m3_per_day=float(draw(st.integers(5, 40))))
    g.add_node("B", name="Bamako", role="city", x=0.0, y=0.0, demand_m3_per_day=float(draw(st.integers(5, 30))))
    names = ["P", "B"]
    for k in range(draw(st.integers(1, 4))):
        n, role = f"N{k}", draw(st.sampled_from(["junction", "junction", "border", "depot", "city"]))
        extra: dict[str, float] = {}
        if role == "border":
            extra = {"capacity_trucks_per_day": float(draw(st.integers(2, 15)))}
        elif role == "depot":
            extra = {"supply_m3_per_day": float(draw(st.integers(1, 6))),
                     "capacity_trucks_per_day": float(draw(st.integers(1, 6)))}  # fmt: skip
        elif role == "city":
            extra = {"demand_m3_per_day": float(draw(st.integers(1, 10)))}
        g.add_node(n, name=n, role=role, x=0.0, y=0.0, **extra)
        names.append(n)
    pairs = [(names[k], names[draw(st.integers(0, k - 1))]) for k in range(1, len(names))]
    pairs += [p for p in draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3))
              if p[0] != p[1]]  # fmt: skip
    for k, (a, b) in enumerate(pairs):
        _road(g, a, b, float(draw(st.integers(1, 12))))
        if k < len(pairs) - 1 and draw(st.booleans()):  # a second road between the same places
            g.add_edge(a, b, segment_id=f"R{k}:{a}-{b} bis", capacity_trucks_per_day=float(draw(st.integers(1, 6))),
                       length_km=2.0, travel_time_h=24.0, corridors=[])  # fmt: skip
    low, high = sorted(draw(st.lists(st.sampled_from([0.0, 0.01, 0.3, 0.5, 0.99, 1.0]), min_size=2, max_size=2)))
    first = draw(st.integers(0, 7))
    return g, g.nodes[draw(st.sampled_from(names))]["name"], low, high, first, draw(st.integers(first, 7))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_degraded_cases())
def test_a_lower_factor_never_delivers_more(case: tuple[nx.MultiDiGraph, str, float, float, int, int]) -> None:
    # A town's (or post's, or loading point's) lower factor only tightens limits: the steady
    # LP, the fast path and the timeline (on the days the rule applies) deliver no more.
    g, place, low, high, first, last = case
    steady, fast, timeline = [], [], []
    for f in (low, high):
        sc = Scenario("s", nodes={place: Effect(capacity_factor=f)})
        steady.append(_delivered(g, sc))
        fast.append(FastSolver(g, _params(), sc, mode="served_unweighted").solve())
        tl = Timeline("t", "", datetime.date(2026, 1, 1), 8,
                      effects=(DatedEffects(first, last, {}, {place: Effect(capacity_factor=f)}, "rule"),),
                      storage=StorageParameters(0.0, 0.0, 0.0, earliness=1e-3))  # fmt: skip
        model = build_timeline_model(g, _params(), tl)
        solve_timeline(model, lexicographic=False)
        timeline.append(float(pulp.value(model.stage1)))
    assert steady[0] <= steady[1] + 1e-6
    assert fast[0] <= fast[1] + 1e-6
    assert timeline[0] <= timeline[1] + 1e-6 * max(1.0, abs(timeline[1]))
