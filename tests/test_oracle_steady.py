"""The steady-state LP against an LP written independently from the README (scipy's linprog).

tests/test_lp.py and tests/test_lp_invariants.py check the LP against networkx max flows and
min-cost flows, which cannot hold losses, the fleet or priorities. Here the whole model of
README's "The routing model" is written again as matrices, from the README's words alone, and
solved by ``scipy.optimize.linprog``: a generalized flow (an edge of loss p passes on 1 - p of
what enters it, a node of loss q 1 - q of all the fuel reaching it, loaded there or arriving
by road), segment capacities times their factor, border posts and transit depots limiting the
traffic through them, loading points loading the smaller of their supply and loading capacity
times their factor, a degraded town letting each road in bring its factor times that road's
capacity, closed places passing nothing, demand split into priority blocks, the fleet's
tanker-days, and the lexicographic goals: priority-weighted delivery first, then the transport
cost plus the value of the expected losses. On random multigraphs (parallel roads of their own
segments and of one segment, capacities of 0, places cut off) both the stage-1 optimum and the
stage-2 cost must agree, in the three modes.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from supplychain.models import Effect, ModelParameters, PriorityBlock, Scenario, build_model, solve
from supplychain.models.params import FleetParameters

PROPS = settings(max_examples=100, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
ROLES = ("junction", "border", "depot", "port", "city")
MODES = ("served", "throughput", "served_unweighted")


@st.composite
def cases(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, ModelParameters, Scenario]:
    """3-6 places of any role, roads one-way or two-way, parallel roads, effects on roads
    and places (closures, factors, losses), a fleet or none, a priority block or none."""
    n = draw(st.integers(3, 6))
    volume = draw(st.sampled_from([1.0, 2.0]))
    g = nx.MultiDiGraph(tanker_volume_m3=volume)
    names = [f"n{i}" for i in range(n)]
    for i, name in enumerate(names):
        attrs: dict[str, Any] = {"name": name, "role": draw(st.sampled_from(ROLES)), "x": 0.0, "y": 0.0}
        if i == 0 or draw(st.integers(0, 3)) == 0:
            attrs["supply_m3_per_day"] = float(draw(st.integers(1 if i == 0 else 0, 40)))
        if i == n - 1 or draw(st.integers(0, 3)) == 0:
            attrs["demand_m3_per_day"] = float(draw(st.integers(1 if i == n - 1 else 0, 40)))
        if draw(st.booleans()):
            attrs["capacity_trucks_per_day"] = float(draw(st.integers(0, 25)))
        g.add_node(name, **attrs)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=2,
                          max_size=9, unique=True))  # fmt: skip
    for j, (a, b) in enumerate(pairs):
        if a == b:
            continue
        u, v = names[a], names[b]
        for copy in range(draw(st.sampled_from([1, 1, 2]))):
            seg = f"R{j}.{copy if draw(st.booleans()) else 0}:{u}-{v}"  # parallel: own segment or one
            cap, km = float(draw(st.integers(0, 30))), float(draw(st.integers(1, 9)))
            hours = float(draw(st.integers(1, 20)))
            for x, y in ((u, v), (v, u)) if draw(st.booleans()) else ((u, v),):
                g.add_edge(x, y, segment_id=seg, capacity_trucks_per_day=cap, length_km=km,
                           travel_time_h=hours, corridors=[])  # fmt: skip
    segs = sorted({d["segment_id"] for *_, d in g.edges(data=True)})

    def effect() -> Effect:
        return Effect(closed=draw(st.integers(0, 4)) == 0,
                      capacity_factor=draw(st.sampled_from([1.0, 0.5, 0.2])),
                      loss_probability=draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])))  # fmt: skip

    on_segs = draw(st.lists(st.sampled_from(segs), max_size=3, unique=True)) if segs else []
    on_nodes = draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    scenario = Scenario("drawn", {s: effect() for s in on_segs}, {x: effect() for x in on_nodes})
    demands = [x for x in names if g.nodes[x].get("demand_m3_per_day")]
    city = draw(st.sampled_from(demands))
    blocks: tuple[PriorityBlock, ...] = ()
    if draw(st.booleans()):
        share = draw(st.sampled_from([0.25, 0.5, 1.0]))
        blocks = (PriorityBlock(city, "plant", share * g.nodes[city]["demand_m3_per_day"], 3.0),)
    fleet = FleetParameters(draw(st.booleans()), float(draw(st.integers(1, 20))), 10.0,
                            float(draw(st.integers(0, 3))), float(draw(st.integers(0, 3))),
                            float(draw(st.integers(0, 24))))  # fmt: skip
    params = ModelParameters(
        default_weight=1.0, city_weights={city: 2.0} if draw(st.booleans()) else {}, blocks=blocks,
        cost_per_truck_km=float(draw(st.sampled_from([1.0, 1500.0]))), fuel_value_per_m3=780.0,
        currency="X", fleet=fleet, solver="highs",
    )  # fmt: skip
    return g, params, scenario


def _oracle(g: nx.MultiDiGraph, params: ModelParameters, scenario: Scenario, mode: str) -> tuple[float, float]:
    """(priority-weighted delivery, stage-2 cost) of README's model, as matrices for linprog."""
    volume = g.graph["tanker_volume_m3"]
    edges = list(g.edges(keys=True, data=True))
    nodes = list(g.nodes(data=True))
    none = Effect()
    seg_eff = [scenario.segments.get(d["segment_id"], none) for *_, d in edges]
    node_eff = {x: scenario.nodes.get(d["name"], none) for x, d in nodes}
    p = [e.loss_probability for e in seg_eff]
    q = {x: node_eff[x].loss_probability for x, _ in nodes}
    cols: list[tuple[str, Hashable]] = [("f", i) for i in range(len(edges))]
    bounds: list[tuple[float, float | None]] = [
        (0.0, d["capacity_trucks_per_day"] * volume * e.effective_capacity_factor) for (*_, d), e in zip(edges, seg_eff, strict=True)]
    loads = [x for x, d in nodes if (d.get("supply_m3_per_day") or 0) > 0]
    for x in loads:
        d, eff = g.nodes[x], node_eff[x]
        limit = d["supply_m3_per_day"]
        if d.get("capacity_trucks_per_day") is not None:
            limit = min(limit, d["capacity_trucks_per_day"] * volume)  # its loading capacity
        cols.append(("l", x))
        bounds.append((0.0, limit * eff.effective_capacity_factor))
    weights: list[float] = []
    block_of: list[Hashable] = []
    for x, d in nodes:
        demand = d.get("demand_m3_per_day") or 0
        if demand <= 0:
            continue
        if mode == "throughput":
            cols.append(("d", x))
            bounds.append((0.0, None))
            weights.append(1.0)
            block_of.append(x)
            continue
        rest = demand
        for b in params.blocks:
            if b.city == d["name"]:
                cols.append(("d", x))
                bounds.append((0.0, b.volume_m3_per_day))
                weights.append(1.0 if mode == "served_unweighted" else b.weight)
                block_of.append(x)
                rest -= b.volume_m3_per_day
        cols.append(("d", x))
        bounds.append((0.0, rest))
        weights.append(1.0 if mode == "served_unweighted" else params.weight(d["name"]))
        block_of.append(x)
    nf, nl = len(edges), len(loads)
    col_l = {x: nf + i for i, x in enumerate(loads)}
    ncol = len(cols)
    a_eq, a_ub, b_ub = [], [], []
    for x, d in nodes:  # (1 - q)(arriving + loaded) = leaving + delivered
        row = np.zeros(ncol)
        for i, (u, v, _, _) in enumerate(edges):
            if v == x:
                row[i] += (1 - q[x]) * (1 - p[i])
            if u == x:
                row[i] -= 1.0
        if x in col_l:
            row[col_l[x]] += 1 - q[x]
        for j, owner in enumerate(block_of):
            if owner == x:
                row[nf + nl + j] -= 1.0
        a_eq.append(row)
        eff = node_eff[x]
        own = d.get("capacity_trucks_per_day")
        loading = x in col_l
        through = None
        if eff.closed:
            through = 0.0
        elif own is not None and d["role"] in ("border", "port", "depot") and not loading:
            through = own * volume * eff.capacity_factor  # a post or transit depot
        if through is not None:
            row = np.zeros(ncol)
            for i, (_u, v, _, _) in enumerate(edges):
                if v == x:
                    row[i] = 1 - p[i]
            a_ub.append(row)
            b_ub.append(through)
        elif (eff.capacity_factor < 1 and not loading
              and not (own is not None and d["role"] in ("border", "port", "depot"))):  # fmt: skip
            for i, (_u, v, _, de) in enumerate(edges):  # a degraded town: each road in at its share
                if v == x:
                    row = np.zeros(ncol)
                    row[i] = 1 - p[i]
                    a_ub.append(row)
                    b_ub.append(de["capacity_trucks_per_day"] * volume * eff.capacity_factor)
    fleet = params.fleet
    if fleet.enabled:
        row = np.zeros(ncol)
        for i, (_u, v, _, de) in enumerate(edges):
            row[i] = 2 * de["travel_time_h"] / fleet.driving_hours_per_day / volume
            if g.nodes[v]["role"] == "border":
                row[i] += 2 * fleet.border_hours / 24 / volume
        row[nf:nf + nl] = fleet.loading_hours / 24 / volume
        row[nf + nl:] = fleet.unloading_hours / 24 / volume
        a_ub.append(row)
        b_ub.append(fleet.tankers)
    c1 = np.zeros(ncol)
    c1[nf + nl:] = -np.asarray(weights)
    ub = (np.array(a_ub), np.array(b_ub)) if a_ub else (None, None)
    kw: dict[str, Any] = {"A_eq": np.array(a_eq), "b_eq": np.zeros(len(a_eq)), "bounds": bounds, "method": "highs"}
    one = linprog(c1, A_ub=ub[0], b_ub=ub[1], **kw)
    assert one.status == 0, one.message
    best = -one.fun
    cost = np.zeros(ncol)
    value = params.fuel_value_per_m3
    for i, (_u, v, _, de) in enumerate(edges):
        cost[i] = (de["length_km"] * params.cost_per_truck_km / volume + p[i] * value
                   + q[v] * (1 - p[i]) * value)  # fmt: skip
    for x in loads:
        cost[col_l[x]] = q[x] * value
    keep = (np.vstack([ub[0], c1]) if ub[0] is not None else c1[None, :],
            np.append(ub[1], -best + 1e-9 * max(1.0, best)) if ub[1] is not None
            else np.array([-best + 1e-9 * max(1.0, best)]))  # fmt: skip
    two = linprog(cost, A_ub=keep[0], b_ub=keep[1], **kw)
    assert two.status == 0, two.message
    return best, float(two.fun)


def _lossy_chain() -> tuple[nx.MultiDiGraph, ModelParameters, Scenario]:
    """P -> X -> C with a 50 % road into the post X, which destroys 20 % of what reaches it,
    beside a longer safe road: an m³ entering the lossy road costs 0.5 + 0.2 x 0.5 of its value
    (the README's "an m³ reaching a node of loss q", after the road's own loss)."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n, role in (("P", "port"), ("X", "border"), ("C", "city")):
        g.add_node(n, name=n, role=role, x=0.0, y=0.0)
    g.nodes["P"]["supply_m3_per_day"] = 30.0
    g.nodes["X"]["capacity_trucks_per_day"] = 20.0
    g.nodes["C"]["demand_m3_per_day"] = 12.0
    for u, v, sid, cap, km in (("P", "X", "a", 20.0, 1.0), ("X", "C", "b", 20.0, 1.0), ("P", "C", "c", 5.0, 90.0)):
        g.add_edge(u, v, segment_id=sid, capacity_trucks_per_day=cap, length_km=km, travel_time_h=km, corridors=[])
    scenario = Scenario("lossy", {"a": Effect(loss_probability=0.5)}, {"X": Effect(loss_probability=0.2)})
    fleet = FleetParameters(False, 0.0, 10.0, 0.0, 0.0, 0.0)
    return g, ModelParameters(1.0, {}, (), 1.0, 780.0, "X", fleet), scenario


@PROPS
@example(case=_lossy_chain(), mode="served")
@given(cases(), st.sampled_from(MODES))
def test_both_goals_equal_the_readmes_lp_written_again(case: tuple, mode: str) -> None:
    g, params, scenario = case
    sol = solve(build_model(g, params, scenario, mode=mode))  # type: ignore[arg-type]
    assert sol.status == "optimal", sol.message
    best, cost = _oracle(g, params, scenario, mode)
    assert sol.objective == pytest.approx(best, rel=1e-6, abs=1e-6)
    assert sol.cost == pytest.approx(cost, rel=1e-5, abs=1e-4)
    # The plan read back holds the delivered volume the objective counts.
    if mode != "served":
        assert sum(sol.delivered_m3.values()) == pytest.approx(best, rel=1e-6, abs=1e-6)
