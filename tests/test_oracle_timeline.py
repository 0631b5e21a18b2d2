"""The time-expanded model against independent oracles on random small networks.

1. Transit (README, "The model"): a road of L = hours / driving hours a day (plus the border
   hours into a post) days whose arrival lag on its head's clock is A = n + f delivers 1 - f
   of day t's fuel on day t + n and f on t + n + 1, so the mean transit time is L; each place's
   day starts at the fraction of a day of its fastest transit from a port. Checked on parallel
   roads with random hours, with the places' clocks and with one clock
   (``SUPPLYCHAIN_TIMELINE_PLACE_CLOCKS=0``): the city's balance each day, recomputed from
   the plan's flows and lags derived here from the hours, is what it delivers.
2. With no events and no stock (the same losses, capacity factors and fleet every day), the
   timeline over T days delivers at most T times the steady-state LP's served demand (averaging a plan over its days gives a steady flow: no
   more than a max flow) and at least (T - D) times it, D the days a steady plan takes to
   reach every city (the steady plan sent every day from day 0 is a timeline plan).
3. A closed road carries nothing on any day it is closed, on contracted chains too: fuel
   entering a chain on day t reaches its k-th road t + (the days of the roads before) later.
4. ``stress closure-days`` gives each corridor's row of its own timeline solved directly (the
   unmet demand cold, and warm on whole-day roads; the first dry day cold).
5. Perfect foresight does not always deliver at least as much as the myopic plan, by the
   README's definitions ("Foresight"): a recorded attack is an event that happened, so the
   perfect plan has its cargo on the attacked road, while a myopic attack finds only what the
   plan sent there (nothing, on a road it does not use). On the random two-corridor cases of
   tests/test_timeline_properties_more.py the myopic plan delivered more in 125 of 300 cases
   with attacks (2026-12-07); the property that holds, the perfect plan of the same finds at
   least as good, is tests/test_timeline_myopic.py's. A hand case pins the difference.
"""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.models import ModelParameters, Scenario, build_model, solve
from supplychain.models.params import FleetParameters
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeexp_myopic import solve_myopic
from supplychain.models.timeline import Attack, DatedEffects, StorageParameters, Timeline

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
EARLINESS = 1e-3
NO_STOCK = StorageParameters(0.0, 0.0, 0.0, earliness=EARLINESS)


def _params(drive: float, border_hours: float = 0.0) -> ModelParameters:
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, drive, 0.0, 0.0, border_hours))


def _place(g: nx.MultiDiGraph, n: str, role: str, **attrs: float) -> None:
    g.add_node(n, name=n, role=role, x=0.0, y=0.0, country="MLI", **attrs)


def _road(g: nx.MultiDiGraph, a: str, b: str, sid: str, hours: float, trucks: float) -> None:
    for u, v in ((a, b), (b, a)):
        g.add_edge(u, v, segment_id=sid, capacity_trucks_per_day=trucks, length_km=hours * 50.0,
                   travel_time_h=hours, corridors=[f"{a}-{b}"])  # fmt: skip


def _shares(arrive: float) -> dict[int, float]:
    """Arrival day offsets and shares of a lag of ``arrive`` days (README: 1 - f, then f)."""
    whole = math.floor(arrive + 1e-9)
    frac = arrive - whole
    return {whole: 1.0 - frac, whole + 1: frac} if frac > 1e-9 else {whole: 1.0}


@SETTINGS
@given(hours=st.lists(st.floats(1.0, 60.0), min_size=1, max_size=3),
       trucks=st.lists(st.sampled_from([1.0, 2.0, 3.0, 50.0]), min_size=3, max_size=3),
       drive=st.sampled_from([8.0, 10.0, 24.0]), clocks=st.booleans(), days=st.integers(6, 12))
def test_parallel_roads_deliver_what_their_lags_bring(hours: list[float], trucks: list[float], drive: float,
                                                      clocks: bool, days: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("SUPPLYCHAIN_TIMELINE_PLACE_CLOCKS", "1" if clocks else "0")
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    _place(g, "P", "port", supply_m3_per_day=100.0, capacity_trucks_per_day=100.0)
    _place(g, "C", "city", demand_m3_per_day=10.0)
    for i, h in enumerate(hours):
        _road(g, "P", "C", f"R{i}", h, trucks[i])
    model = build_timeline_model(g, _params(drive), Timeline("t", "", date(2026, 1, 1), days, storage=NO_STOCK))
    result = solve_timeline(model)
    assert result.status == "optimal", result.message
    lags = [h / drive for h in hours]
    phase = (min(lags) - math.floor(min(lags) + 1e-9)) if clocks else 0.0  # C's clock
    assert model.phase_days["C"] == pytest.approx(phase, abs=1e-9)
    balance = np.zeros(days)
    for i, arc in enumerate(model.arcs):
        (road,) = arc.segments
        lag = lags[int(road[1:])]
        into_city = arc.head == "C"
        arrive = max(lag - phase, 0.0) if into_city else lag + phase  # README: A = L + p(tail) - p(head)
        assert model.arrival_days[i] == pytest.approx(arrive, abs=1e-9), arc
        shares = _shares(arrive)
        # The mean transit time, on the ports' clock, is L (A raised to 0 never happens here).
        mean = sum(k * s for k, s in shares.items()) + (phase if into_city else -phase)
        assert mean == pytest.approx(lag, abs=1e-9)
        for t in range(days):
            x = model.x.get((i, t))
            sent = float(x.varValue or 0.0) if x is not None else 0.0
            if not into_city:
                balance[t] -= sent  # fuel leaving the city that day
                continue
            for k, share in shares.items():
                if t + k < days:
                    balance[t + k] += share * sent
    np.testing.assert_allclose(result.cities["C"]["delivered"], balance, atol=1e-5)


@st.composite
def networks(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, float, float]:
    """A port, 1-2 cities, maybe a border post and a junction; two-way roads of random hours
    and capacities (in tankers of 1 m³), some parallel; the driving hours a day and the hours
    at a border post."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    supply = float(draw(st.integers(1, 30)))
    _place(g, "P", "port", supply_m3_per_day=supply, capacity_trucks_per_day=supply)
    names = ["P"]
    for n in draw(st.lists(st.sampled_from(["C1", "C2", "X", "J"]), min_size=1, max_size=4, unique=True)):
        if n.startswith("C"):
            _place(g, n, "city", demand_m3_per_day=float(draw(st.integers(1, 20))))
        elif n == "X":
            _place(g, n, "border", capacity_trucks_per_day=float(draw(st.integers(1, 30))))
        else:
            _place(g, n, "junction")
        names.append(n)
    if not any(n.startswith("C") for n in names):
        _place(g, "C1", "city", demand_m3_per_day=float(draw(st.integers(1, 20))))
        names.append("C1")
    # A spanning tree from P, then a few more roads (parallel ones too).
    pairs = [(draw(st.sampled_from(names[:i])), n) for i, n in enumerate(names) if i]
    pairs += draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3))
    for j, (a, b) in enumerate(pairs):
        if a != b:
            _road(g, a, b, f"R{j}", float(draw(st.sampled_from([4.0, 6.0, 12.0, 18.0, 24.0, 30.0]))),
                  float(draw(st.integers(0, 25))))  # fmt: skip
    return g, float(draw(st.sampled_from([10.0, 24.0]))), float(draw(st.sampled_from([0.0, 12.0, 24.0])))


@SETTINGS
@given(case=networks(), tankers=st.one_of(st.none(), st.sampled_from([1.0, 3.0, 10.0])), data=st.data())
def test_without_events_the_timeline_delivers_the_steady_state_every_day_once_under_way(
        case: tuple, tankers: float | None, data: st.DataObject) -> None:  # fmt: skip
    """Also with a fleet, and with losses and capacity factors on roads and places all the
    horizon (the steady scenario's effects as one dated rule)."""
    g, drive, border = case
    fleet = FleetParameters(tankers is not None, tankers or 0.0, drive, 1.0, 1.0, border)
    params = ModelParameters(1.0, {}, (), 1.0, 100.0, "X", fleet)
    segs = sorted({d["segment_id"] for *_, d in g.edges(data=True)})
    on_segs = data.draw(st.lists(st.sampled_from(segs), max_size=2, unique=True))
    on_nodes = data.draw(st.lists(st.sampled_from(sorted(g.nodes)), max_size=1, unique=True))
    effects = [{x: Effect(loss_probability=data.draw(st.sampled_from([0.0, 0.1, 0.5])),
                          capacity_factor=data.draw(st.sampled_from([1.0, 0.5]))) for x in chosen}
               for chosen in (on_segs, on_nodes)]  # fmt: skip
    steady = solve(build_model(g, params, Scenario("s", *effects)), lexicographic=False)  # every weight is 1
    assert steady.status == "optimal"
    s = float(steady.objective or 0.0)
    # Days for fuel to cross the network on any simple route: each road's days, plus a day for
    # the clocks' rounding, summed over the roads (one way each).
    roads = {d["segment_id"]: d["travel_time_h"] / drive + (border / 24 if g.nodes[v]["role"] == "border" else 0)
             for _, v, d in g.edges(data=True)}  # fmt: skip
    lead = sum(math.ceil(x) + 1 for x in roads.values())
    days = lead + 8
    tl = Timeline("t", "", date(2026, 1, 1), days, storage=NO_STOCK,
                  effects=(DatedEffects(0, days - 1, *effects),))  # fmt: skip
    result = solve_timeline(build_timeline_model(g, params, tl))
    assert result.status == "optimal", result.message
    total = sum(float(c["delivered"].sum()) for c in result.cities.values())
    assert total <= days * s * (1 + 1e-6) + 1e-5
    assert total >= (days - lead) * s * (1 - 2 * EARLINESS) - 1e-5, (total, days, lead, s)


def test_a_myopic_attack_on_an_unused_road_finds_nothing_where_a_recorded_one_has_its_cargo() -> None:
    # P -> C by a 1-day road and a 2-day one, 2 m3 a day of supply, road capacity and demand, no
    # tank; an attack of 2 tankers on the slow road on day 0. The perfect plan matches the
    # recorded attack: day 0's 2 m3 go into the slow road and are destroyed, so nothing arrives
    # on day 1. The myopic plan uses the fast road only; the attack finds no cargo there.
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    _place(g, "P", "port", supply_m3_per_day=2.0, capacity_trucks_per_day=2.0)
    _place(g, "C", "city", demand_m3_per_day=2.0)
    _road(g, "P", "C", "fast", 24.0, 2.0)
    _road(g, "P", "C", "slow", 48.0, 2.0)
    tl = Timeline("t", "", date(2026, 1, 1), 4, storage=NO_STOCK,
                  attacks=(Attack("a", 0, 2.0, frozenset({"slow"})),))  # fmt: skip
    perfect = solve_timeline(build_timeline_model(g, _params(24.0), tl))
    myopic = solve_myopic(g, _params(24.0), tl)
    np.testing.assert_allclose(perfect.cities["C"]["delivered"], [0, 0, 2, 2], atol=1e-5)
    np.testing.assert_allclose(perfect.cargo_lost_m3, [2, 0, 0, 0], atol=1e-5)
    np.testing.assert_allclose(myopic.cities["C"]["delivered"], [0, 2, 2, 2], atol=1e-5)
    assert myopic.foresight["attacks"][0]["tankers_found"] == 0.0
    assert myopic.cargo_lost_m3.sum() == 0.0


@st.composite
def chains(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, tuple[DatedEffects, ...], int]:
    """P - J1 - ... - C, a road of 2-4 legs of a quarter day to 2 days through plain junctions
    (a chain the reduction contracts), and a slower way round P - K - C; dated closures of
    roads (some of a whole chain, so that it stays contracted, some of one leg), 6-12 days."""
    n = draw(st.integers(2, 4))
    hours = st.sampled_from([6.0, 12.0, 18.0, 24.0, 30.0, 36.0, 48.0])
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    _place(g, "P", "port", supply_m3_per_day=10.0, capacity_trucks_per_day=10.0)
    _place(g, "C", "city", demand_m3_per_day=float(draw(st.integers(2, 12))))
    names = ["P", *[f"J{i}" for i in range(1, n)], "C"]
    for x in [*names[1:-1], "K"]:
        _place(g, x, "junction")
    roads = [f"R{i}" for i in range(n)]
    for i, sid in enumerate(roads):
        _road(g, names[i], names[i + 1], sid, draw(hours), float(draw(st.integers(1, 8))))
    _road(g, "P", "K", "W1", draw(hours), 4.0)
    _road(g, "K", "C", "W2", draw(hours), 4.0)
    days = draw(st.integers(6, 12))
    effects = []
    for _ in range(draw(st.integers(1, 3))):
        first = draw(st.integers(0, days - 1))
        last = draw(st.integers(first, days - 1))
        closed = draw(st.sampled_from([tuple(roads), (draw(st.sampled_from(roads)),), ("W1", "W2")]))
        effects.append(DatedEffects(first, last, dict.fromkeys(closed, Effect(closed=True)), {}))
    return g, tuple(effects), days


@SETTINGS
@given(case=chains())
def test_no_fuel_reaches_a_road_on_a_day_it_is_closed(case: tuple) -> None:
    g, effects, days = case
    tl = Timeline("t", "", date(2026, 1, 1), days, storage=NO_STOCK, effects=effects)
    model = build_timeline_model(g, _params(24.0), tl)
    result = solve_timeline(model)
    assert result.status == "optimal", result.message
    closed = {(s, t) for e in effects for s in e.segments for t in range(e.first, e.last + 1)}
    edges = list(g.edges(keys=True, data=True))
    lag = {(u, v, k): d["travel_time_h"] / 24.0 for u, v, k, d in edges}
    # Each place's day starts at the fraction of a day of its fastest transit from the port;
    # a rule on a road applies on the days of its tail, and along a chain of plain junctions
    # on the ports' clock: fuel entering on its tail's day t reaches a road o days of roads
    # later on day t + floor(phase + o) (README, "Transit").
    fastest = nx.single_source_dijkstra_path_length(nx.DiGraph([(u, v, {"w": lag[(u, v, k)]})
                                                                for u, v, k, _ in edges]), "P", weight="w")  # fmt: skip
    carried = 0.0
    for (i, t), var in model.x.items():
        sent = float(var.varValue or 0.0)
        carried += sent
        if sent <= 1e-6:
            continue
        d = fastest[model.arcs[i].tail]
        phase, reached = d - math.floor(d + 1e-9), 0.0
        for j in model.arcs[i].edges:
            u, v, k, data = edges[j]
            reach = t + math.floor(phase + reached + 1e-9)
            assert (data["segment_id"], reach) not in closed, (model.arcs[i], t, sent, data["segment_id"], reach)
            reached += lag[(u, v, k)]
    assert carried > 0.0 or result.cities["C"]["delivered"].sum() == 0.0


@st.composite
def corridor_cases(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, Timeline]:
    """A network of :func:`networks` whose roads carry 1-3 corridors (a road may carry two),
    cities holding 0-3 days of stock in tanks of 3 days, 5-9 days."""
    g, _, _ = draw(networks())  # driven 24 h a day, no hours at posts
    labels = ["A", "B", "C"]
    for sid in sorted({d["segment_id"] for *_, d in g.edges(data=True)}):
        mine = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=2, unique=True))
        for *_, d in g.edges(data=True):
            if d["segment_id"] == sid:
                d["corridors"] = sorted(mine)
    storage = StorageParameters(3.0, float(draw(st.integers(0, 3))), 0.0, earliness=EARLINESS)
    return g, Timeline("t", "", date(2026, 1, 1), draw(st.integers(5, 9)), storage=storage)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=corridor_cases(), warm=st.booleans())
def test_closure_days_are_each_corridors_timeline_solved_on_its_own(case: tuple, warm: bool) -> None:
    from supplychain.scenarios.timeline_stress import closure_days

    g, tl = case
    if warm:
        # The warm model keeps every corridor's junctions (no arc crosses a corridor's
        # boundary), so with fractional roads its lags split otherwise than the cold model's
        # contracted chains (README: "the two build different arcs, so fractional transit days
        # may split differently"): row "(none)" left 5.33 m3 unmet warm against 5.50 cold on a
        # random case (2026-12-07). With whole-day roads they agree (300 random cases).
        for *_, d in g.edges(data=True):
            d["travel_time_h"] = 24.0 * max(1, round(d["travel_time_h"] / 24.0))
    params = _params(24.0)
    table = closure_days(g, params, tl, warm=warm).set_index("corridor")
    labels = sorted({c for *_, d in g.edges(data=True) for c in d["corridors"]})
    assert sorted(table.index) == sorted(["(none)", *labels])
    for corridor, row in table.iterrows():
        closed = {d["segment_id"] for *_, d in g.edges(data=True) if corridor in d["corridors"]}
        effects = (DatedEffects(0, tl.days - 1, dict.fromkeys(closed, Effect(closed=True)), {}),) if closed else ()
        result = solve_timeline(build_timeline_model(g, params, Timeline(
            "t", "", tl.start, tl.days, storage=tl.storage, effects=effects)), lexicographic=False)  # fmt: skip
        assert result.status == row["status"] == "optimal"
        unmet = sum(float(result.shortfall(c).sum()) for c in result.cities)
        assert row["unmet_m3"] == pytest.approx(unmet, abs=1e-3), corridor
        if warm:
            # The warm model's vertex may pick another of the tied plans than the cold interior
            # point (README: "measured on this network, not guaranteed"), and where two cities
            # of equal weight share a shortage, that moves the first dry day too, not only the
            # city named: port of 4 m3/day, two cities of 6 m3/day with a day of stock each,
            # 9 days, roads of 4-30 h: row "(none)" day 1 warm, 2 cold, 60 m3 unmet both ways
            # (found here, 2026-12-07).
            continue
        days = [d for d in result.first_dry_day().values() if d is not None]
        if days:
            assert row["days_to_dry"] == min(days), corridor
        else:
            assert math.isnan(row["days_to_dry"]), corridor
