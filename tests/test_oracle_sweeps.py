"""N-1, N-k and Monte Carlo sweeps against independent oracles on random small networks.

Every row of a sweep (the fast path: warm-started HiGHS re-solves and a scipy max flow built
once and changed in place) is compared with the same closure solved from scratch: the PuLP
LP built for that closure (throughput and served demand), and, without fleet or losses, a
networkx max flow written from the README's rules ("What a node effect does"). The fuel able
to reach Bamako is checked against a networkx max flow to Bamako capped by the throughput, and
``single_point_of_failure`` against the README's rule. N-2 is checked against every pair of
the chain ranking's first elements, Monte Carlo against its draws' closures solved on their
own.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models import Effect, ModelParameters, Scenario, build_model, solve
from supplychain.models.params import FleetParameters
from supplychain.scenarios import SweepContext, monte_carlo, n_minus_1, n_minus_k, worst_case_sweep
from supplychain.scenarios.chains import chain_ranking

PROPS = settings(max_examples=25, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
ROLES = ("junction", "border", "depot", "city")


@st.composite
def networks(draw: st.DrawFn) -> nx.MultiDiGraph:
    """4-7 places: a port, maybe a second loading point, border posts with capacities,
    junctions, cities and Bamako (a city, demand 0 to 40); one-way and two-way roads, parallel
    roads (two segments between the same places), capacities of 0 included."""
    n = draw(st.integers(4, 7))
    volume = draw(st.sampled_from([1.0, 2.0, 46.0]))
    g = nx.MultiDiGraph(tanker_volume_m3=volume)
    names = ["Port"] + [f"n{i}" for i in range(1, n - 1)] + ["Bamako"]
    # Supplies in whole tankers, or not (3,000 m3 with 46 m3 tankers is 65.2 tankers: the max
    # flow's 1/1000-tanker rounding then matters); Bamako's demand may be 0 or the supply.
    supply = float(draw(st.integers(1, 40))) * volume + draw(st.sampled_from([0.0, 0.0, 0.37]))
    for i, name in enumerate(names):
        attrs: dict[str, Any] = {"name": name, "x": 0.0, "y": 0.0}
        if i == 0:
            attrs.update(role="port", supply_m3_per_day=supply)
            if draw(st.booleans()):
                attrs["capacity_trucks_per_day"] = float(draw(st.integers(0, 30)))
        elif name == "Bamako":
            demand = draw(st.sampled_from([0.0, volume, 10.0 * volume, 40.0 * volume, supply]))
            attrs.update(role="city", demand_m3_per_day=demand)
            if draw(st.integers(0, 5)) == 0:  # Bamako loading fuel of its own
                attrs["supply_m3_per_day"] = draw(st.sampled_from([0.9999, 5.0]))
        else:
            role = draw(st.sampled_from(ROLES))
            attrs["role"] = role
            if role == "border" or (role == "depot" and draw(st.booleans())):
                attrs["capacity_trucks_per_day"] = float(draw(st.integers(0, 30)))
            if role == "depot" and draw(st.booleans()):
                attrs["supply_m3_per_day"] = float(draw(st.integers(1, 30)))
            if role == "city" or draw(st.integers(0, 4)) == 0:
                attrs["demand_m3_per_day"] = float(draw(st.integers(1, 30)))
        g.add_node(name, **attrs)
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=3,
                          max_size=11, unique=True))  # fmt: skip
    for j, (a, b) in enumerate(pairs):
        if a == b:
            continue
        u, v = names[a], names[b]
        for copy in range(draw(st.sampled_from([1, 1, 1, 2]))):  # parallel roads, own segments
            cap, km = float(draw(st.integers(0, 25))), float(draw(st.integers(1, 9)))
            for x, y in ((u, v), (v, u)) if draw(st.booleans()) else ((u, v),):
                g.add_edge(x, y, segment_id=f"R{j}.{copy}:{u}-{v}", capacity_trucks_per_day=cap,
                           length_km=km, travel_time_h=km, corridors=[])  # fmt: skip
    if not any(d.get("demand_m3_per_day") for _, d in g.nodes(data=True)):
        g.nodes["Bamako"]["demand_m3_per_day"] = 10.0
    return g


def _params(g: nx.MultiDiGraph, fleet: bool) -> ModelParameters:
    weights = {"Bamako": 2.0} if g.nodes["Bamako"].get("demand_m3_per_day") else {}
    return ModelParameters(
        default_weight=1.0, city_weights=weights, blocks=(), cost_per_truck_km=1.0,
        fuel_value_per_m3=100.0, currency="X", fleet=FleetParameters(fleet, 3.0, 10.0, 1.0, 1.0, 2.0),
        solver="highs",
    )  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, ModelParameters, Scenario, bool]:
    """A network, parameters (fleet on or off) and a base scenario; ``plain`` when neither
    the fleet nor losses apply (a max flow is then the whole answer)."""
    g = draw(networks())
    fleet = draw(st.booleans())
    segs = sorted({d["segment_id"] for *_, d in g.edges(data=True)})
    effects: dict[str, Effect] = {}
    loss = False
    for s in draw(st.lists(st.sampled_from(segs), max_size=2, unique=True)) if segs else []:
        p = draw(st.sampled_from([0.0, 0.0, 0.2]))
        loss |= p > 0
        effects[s] = Effect(closed=draw(st.booleans()), capacity_factor=draw(st.sampled_from([1.0, 0.5])),
                            loss_probability=p)  # fmt: skip
    nodes: dict[str, Effect] = {}
    for x in draw(st.lists(st.sampled_from(sorted(g.nodes)), max_size=2, unique=True)):
        p = draw(st.sampled_from([0.0, 0.0, 0.2]))
        loss |= p > 0
        nodes[x] = Effect(closed=draw(st.integers(0, 3)) == 0, capacity_factor=draw(st.sampled_from([1.0, 0.5])),
                          loss_probability=p)  # fmt: skip
    return g, _params(g, fleet), Scenario("base", segments=effects, nodes=nodes), not fleet and not loss


def _scenario(base: Scenario, segments: tuple[str, ...], nodes: tuple[str, ...]) -> Scenario:
    segs = dict(base.segments)
    for s in segments:
        segs[s] = Effect(closed=True)  # a closure overrides the base's effect on it
    return Scenario("closure", segments=segs, nodes={**base.nodes, **{n: Effect(closed=True) for n in nodes}})


def _lp(g: nx.MultiDiGraph, params: ModelParameters, scenario: Scenario, mode: str) -> float:
    sol = solve(build_model(g, params, scenario, mode=mode), lexicographic=False)  # type: ignore[arg-type]
    assert sol.status == "optimal"
    return sum(sol.delivered_m3.values())


def _readme_max_flow(g: nx.MultiDiGraph, scenario: Scenario, sink: str | None = None) -> float:
    """Max flow by the README's rules ("What a node effect does"), losses left out: a border
    post, or a port or depot loading nothing, passes at most its capacity times its factor; a
    loading point loads the smaller of its supply and its loading capacity, times its factor,
    and passes all traffic; a degraded town lets each road into it bring its factor times that
    road's capacity; a closed place loads and passes nothing. To every demand city (demand caps
    dropped), or to ``sink`` alone."""
    volume = g.graph["tanker_volume_m3"]
    f = nx.DiGraph()
    f.add_edge("_S", "_T", capacity=0.0)
    town: dict[str, float] = {}
    for n, d in g.nodes(data=True):
        effect = scenario.nodes.get(d["name"], Effect())
        factor = effect.effective_capacity_factor
        own = d.get("capacity_trucks_per_day")
        limits = own is not None and d["role"] in ("border", "port", "depot")
        loads = (d.get("supply_m3_per_day") or 0) > 0
        through: dict[str, float] = {}
        if effect.closed:
            through = {"capacity": 0.0}
        elif limits and not loads:
            through = {"capacity": own * volume * factor}
        elif not limits and not loads and factor < 1:
            town[n] = factor
        f.add_edge(("in", n), ("out", n), **through)
        if loads:
            limit = d["supply_m3_per_day"] if own is None else min(d["supply_m3_per_day"], own * volume)
            f.add_edge("_S", ("out", n), capacity=limit * factor)
        if (sink is None and (d.get("demand_m3_per_day") or 0) > 0) or n == sink:
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


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def _split(cell: object) -> tuple[str, ...]:
    return tuple(x for x in str(cell).split(";") if x)


@PROPS
@given(cases())
def test_every_n_minus_1_row_is_its_closure_solved_from_scratch(case: tuple) -> None:
    g, params, base, plain = case
    ctx = SweepContext.create(g, params, base)
    table = n_minus_1(ctx, progress=False).table
    segs = {d["segment_id"] for *_, d in g.edges(data=True)}
    posts = {d["name"] for _, d in g.nodes(data=True) if d["role"] == "border"}
    assert sorted(table["id"]) == sorted(segs | posts)
    base_t = _lp(g, params, base, "throughput")
    base_s = _lp(g, params, base, "served_unweighted")
    demand = g.nodes["Bamako"].get("demand_m3_per_day", 0.0)
    # The max flows are in 1/1000 tanker a day (README): off by at most that per capacity.
    band = 1e-3 * g.graph["tanker_volume_m3"] * (g.number_of_edges() + len(g)) + 1e-6
    destination = g.copy()  # without a demand at Bamako, the cap is the throughput with it
    destination.nodes["Bamako"]["demand_m3_per_day"] = 1.0  # a destination (no caps there)

    def hub_flow(sc: Scenario, throughput: float) -> float:
        pure = _readme_max_flow(g, sc, "Bamako")
        return min(pure, throughput if demand > 0 else _lp(destination, params, sc, "throughput"))

    base_hub = hub_flow(base, base_t)
    for row in table.to_dict("records"):
        sc = _scenario(base, _split(row["segments"]), _split(row["nodes"]))
        t, s = _lp(g, params, sc, "throughput"), _lp(g, params, sc, "served_unweighted")
        assert row["status"] == "optimal"
        assert _close(row["throughput_m3_per_day"], t), (row["id"], row["throughput_m3_per_day"], t)
        assert _close(row["served_m3_per_day"], s), (row["id"], row["served_m3_per_day"], s)
        if plain:
            assert _close(t, _readme_max_flow(g, sc)), row["id"]
        assert _close(row["throughput_lost_m3_per_day"], max(base_t - t, 0.0) if base_t - t > 1e-6 else 0.0)
        assert _close(row["served_lost_m3_per_day"], max(base_s - s, 0.0) if base_s - s > 1e-6 else 0.0)
        pure = _readme_max_flow(g, sc, "Bamako")
        assert row["hub_max_flow_m3_per_day"] == pytest.approx(pure, abs=band), row["id"]
        hub = hub_flow(sc, t)
        assert row["hub_flow_m3_per_day"] == pytest.approx(hub, abs=band), row["id"]
        assert row["hub_flow_m3_per_day"] <= row["hub_max_flow_m3_per_day"] + 1e-9, row["id"]
        flag = bool(row["single_point_of_failure"])
        if demand > 0:  # decided on exact values where the rounding could move it (README)
            if base_hub >= demand - 1e-6:
                spof = hub < demand - 1e-6
            else:  # already short: a closure that cuts Bamako off
                spof = base_hub > 1e-6 and hub < 1e-6
            assert flag == spof, (row["id"], hub, base_hub, demand)
        elif base_hub - hub > band:  # any loss; one within the rounding may go unseen (README)
            assert flag, (row["id"], hub, base_hub)
        elif base_hub - hub <= 1e-6:
            assert not flag, (row["id"], hub, base_hub)
    # Ranked by throughput lost, then served lost.
    keys = list(zip(-table["throughput_lost_m3_per_day"].round(6), -table["served_lost_m3_per_day"].round(6),
                    strict=True))  # fmt: skip
    assert keys == sorted(keys)


@PROPS
@given(cases())
def test_every_pair_of_n_minus_2_is_its_closure_solved_from_scratch(case: tuple) -> None:
    g, params, base, _ = case
    ctx = SweepContext.create(g, params, base)
    chained = chain_ranking(n_minus_1(ctx, progress=False).table)
    top = min(4, len(chained))
    if top < 2:
        return
    table = n_minus_k(ctx, k=2, top=top, progress=False).table
    chosen = chained.head(top)
    expected = {f"{a} + {b}" for a, b in itertools.combinations(chosen["id"], 2)}
    assert set(table["id"]) == expected
    members = {i: (_split(s), _split(n)) for i, s, n in zip(chosen["id"], chosen["segments"], chosen["nodes"],
                                                            strict=True)}  # fmt: skip
    base_t = _lp(g, params, base, "throughput")
    for row in table.to_dict("records"):
        a, b = row["id"].split(" + ")
        segs = members[a][0] + members[b][0]
        nodes = members[a][1] + members[b][1]
        assert set(_split(row["segments"])) == set(segs) and set(_split(row["nodes"])) == set(nodes)
        sc = _scenario(base, segs, nodes)
        t = _lp(g, params, sc, "throughput")
        assert _close(row["throughput_m3_per_day"], t), (row["id"], row["throughput_m3_per_day"], t)
        assert _close(row["served_m3_per_day"], _lp(g, params, sc, "served_unweighted")), row["id"]
        assert row["throughput_lost_m3_per_day"] <= base_t + 1e-6


@PROPS
@given(cases(), st.data())
def test_monte_carlo_draws_are_their_closures_solved_from_scratch(case: tuple, data: st.DataObject) -> None:
    g, params, base, _ = case
    segs = sorted({d["segment_id"] for *_, d in g.edges(data=True)})
    posts = sorted(d["name"] for _, d in g.nodes(data=True) if d["role"] == "border")
    if not segs:
        return
    chosen = data.draw(st.lists(st.sampled_from(segs), min_size=1, max_size=3, unique=True))
    probs = {s: data.draw(st.sampled_from([0.3, 0.5, 0.9])) for s in chosen}
    groups = []  # a rule closing a road and a border post together
    if posts and data.draw(st.booleans()):
        groups.append((0.9, (data.draw(st.sampled_from(segs)),), (data.draw(st.sampled_from(posts)),)))
    ctx = SweepContext.create(g, params, base, attack_probability=probs, attack_groups=groups,
                              seed=data.draw(st.integers(0, 9)))  # fmt: skip
    table = monte_carlo(ctx, draws=12, progress=False).table
    assert len(table) == 12
    base_t, base_s = _lp(g, params, base, "throughput"), _lp(g, params, base, "served_unweighted")
    base_closed = {s for s, e in base.segments.items() if e.closed} | {n for n, e in base.nodes.items() if e.closed}
    drawable = set(chosen) | {x for _, gs, gn in groups for x in (*gs, *gn)}
    for _, (road,), (post,) in groups:  # a rule closes all it selects at once, in 90 % of draws
        if post not in base_closed:
            posts_closed = [post in _split(cell) for cell in table["closed_nodes"]]
            assert any(posts_closed)
            if road not in base_closed:
                assert all(road in _split(c) for c, hit in zip(table["closed"], posts_closed, strict=True) if hit)
    for row in table.to_dict("records"):
        closed, nodes = _split(row["closed"]), _split(row["closed_nodes"])
        assert set(closed + nodes) <= drawable and not set(closed + nodes) & base_closed
        sc = _scenario(base, closed, nodes)
        t, s = _lp(g, params, sc, "throughput"), _lp(g, params, sc, "served_unweighted")
        assert _close(row["throughput_m3_per_day"], t), (closed, nodes, row["throughput_m3_per_day"], t)
        assert _close(row["served_m3_per_day"], s), (closed, nodes, row["served_m3_per_day"], s)
        lost = base_t - t if base_t - t > 1e-6 else 0.0
        assert row["throughput_lost_m3_per_day"] == pytest.approx(lost, abs=1e-6)
        lost = base_s - s if base_s - s > 1e-6 else 0.0
        assert row["served_lost_m3_per_day"] == pytest.approx(lost, abs=1e-6)


@PROPS
@given(cases())
def test_the_worst_case_is_the_best_attack_found_by_brute_force(case: tuple) -> None:
    g, params, base, _ = case
    ctx = SweepContext.create(g, params, base)
    segs = sorted({d["segment_id"] for *_, d in g.edges(data=True)})
    posts = sorted(d["name"] for _, d in g.nodes(data=True) if d["role"] == "border")
    items = [((s,), ()) for s in segs] + [((), (p,)) for p in posts]
    k = min(2, len(items))
    if not k:
        return
    table = worst_case_sweep(ctx, k=k, progress=False).table
    start = _readme_max_flow(g, base, "Bamako")
    for kk in range(1, k + 1):
        best, fewest = start, 0
        for size in range(1, kk + 1):
            for combo in itertools.combinations(items, size):
                closed = _scenario(base, sum((c[0] for c in combo), ()), sum((c[1] for c in combo), ()))
                value = _readme_max_flow(g, closed, "Bamako")
                if value < best - 1e-6:
                    best, fewest = value, size
        rows = table[table["k"] == kk].set_index("method")
        exact, greedy = rows.loc["exact"], rows.loc["greedy"]
        assert exact["status"] == "optimal"
        assert exact["baseline_m3_per_day"] == pytest.approx(start, abs=1e-6)
        assert exact["remaining_m3_per_day"] == pytest.approx(best, abs=1e-6), kk
        # Of the attacks leaving as little, the one closing fewest items (README).
        assert len(_split(exact["segments"])) + len(_split(exact["nodes"])) == fewest, kk
        for row in (exact, greedy):
            sc = _scenario(base, _split(row["segments"]), _split(row["nodes"]))
            assert row["remaining_m3_per_day"] == pytest.approx(_readme_max_flow(g, sc, "Bamako"), abs=1e-6)
            assert row["throughput_after_m3_per_day"] == pytest.approx(_lp(g, params, sc, "throughput"), abs=1e-6)
        assert greedy["remaining_m3_per_day"] >= best - 1e-6
