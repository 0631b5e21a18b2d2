"""More properties of the time-expanded model a planner relies on (hypothesis).

tests/test_timeline_properties.py checks stocks within their tanks, delivered + unmet = demand,
escorts and closures. Here, on a tiny two-corridor graph with border posts:

1. more of a resource never lowers the first goal's optimum (monotonicity);
2. ``--min-stock``'s stocks, fed back with tanks that hold them, serve every demand, and less
   in one city leaves demand unmet (or an attack's cargo unmatched);
3. the result's derived figures agree with its daily values (arrivals by post and corridor,
   weekly totals, days of cover, first dry day, tankers and cargo lost);
4. arcs priced in give the full model's optimum, with deliveries per city and day that are an
   optimum of the full model.

The graph: two ports outside Mali, Dakar ``P`` (SEN) and Abidjan ``Q`` (CIV); Dakar reaches
Kayes ``K`` through the post ``X`` (Diboli) and Bamako ``B`` from Kayes; Abidjan reaches
Sikasso ``S`` through the post ``Y`` (Zegoua) and Bamako from Sikasso. Roads both ways, tankers
of 1 m³, capacities in tankers (= m³) a day. Some cases add a depot inside Mali, Koulikoro
``D``, reaching Bamako through a plain junction ``J`` (a chain the reduction contracts; arrivals
then counted by countries, not by posts), dated closures, capacity factors and losses on roads
and places, daily loading factors, rationing, a stock injection, attacks, an escorted stretch,
a backlog, priorities and a fleet. Every example solves a few LPs of under 0.1 s (horizons of
4 to 10 days).

Which quantity is monotone: the first goal's optimum (``model.stage1``: priority-weighted
delivery with the earliness bonus, less the penalty of attack cargo not matched, less the
transit price, plus the injection tie-break). More of a resource enlarges the set of plans (or,
for initial stock, lets every old plan be matched by one that takes that much less fuel into
the city), so that optimum cannot fall. The delivered volume is not monotone: with more room a
plan may trade a sliver of volume for earlier delivery or for a higher-priority block.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pulp
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from supplychain.models.params import FleetParameters, ModelParameters, PriorityBlock
from supplychain.models.scenario import Effect
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeexp_price import solve_priced
from supplychain.models.timeline import (
    Attack,
    DatedEffects,
    EscortStretch,
    StorageParameters,
    StorageSpec,
    Timeline,
    destroyed_tankers,
)
from supplychain.models.timeline_result import DRY_TOLERANCE, TimelineResult

EARLINESS = 1e-3
# Each property held on 2,500 to 3,000 random examples while this file was written (about 5
# minutes); the suite runs a fixed, derandomised few.
SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
CITIES = {"K": "Kayes", "B": "Bamako", "S": "Sikasso"}
#: Places a dated effect may name (a border post, a city, a port's loading).
PLACES = ("Diboli", "Zegoua", "Kayes", "Bamako", "Sikasso", "Dakar")
ROADS = (("P", "X", "Dakar"), ("X", "K", "Dakar"), ("K", "B", "Dakar"),
         ("Q", "Y", "Abidjan"), ("Y", "S", "Abidjan"), ("S", "B", "Abidjan"))  # fmt: skip


def graph(case: dict[str, Any]) -> nx.MultiDiGraph:
    """The two-corridor graph of the module docstring with the case's figures."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Dakar", role="port", country="SEN", supply_m3_per_day=case["supply"][0],
               capacity_trucks_per_day=case["loading"][0], x=0.0, y=0.0)  # fmt: skip
    g.add_node("Q", name="Abidjan", role="port", country="CIV", supply_m3_per_day=case["supply"][1],
               capacity_trucks_per_day=case["loading"][1], x=0.0, y=0.0)  # fmt: skip
    g.add_node("X", name="Diboli", role="border", country="MLI", capacity_trucks_per_day=case["posts"][0],
               x=0.0, y=0.0)  # fmt: skip
    g.add_node("Y", name="Zegoua", role="border", country="MLI", capacity_trucks_per_day=case["posts"][1],
               x=0.0, y=0.0)  # fmt: skip
    for n, name in CITIES.items():
        g.add_node(n, name=name, role="city", country="MLI", demand_m3_per_day=case["demand"][n], x=0.0, y=0.0)
    roads = list(zip(ROADS, case["hours"], case["caps"], strict=True))
    if case["depot"]:
        # A depot inside Mali, behind a plain junction (a chain the reduction contracts).
        g.add_node("D", name="Koulikoro", role="depot", country="MLI", supply_m3_per_day=case["supply"][2],
                   capacity_trucks_per_day=case["loading"][2], x=0.0, y=0.0)  # fmt: skip
        g.add_node("J", name="", role="junction", country="MLI", x=0.0, y=0.0)
        roads += [(("D", "J", "Koulikoro"), 6.0, 30.0), (("J", "B", "Koulikoro"), case["depot"], 30.0)]
    for (a, b, corridor), hours, cap in roads:
        for u, v in ((a, b), (b, a)):
            g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=cap, length_km=hours * 50.0,
                       travel_time_h=hours, corridors=[corridor])  # fmt: skip
    return g


def params(case: dict[str, Any]) -> ModelParameters:
    fleet = FleetParameters(case["fleet"] is not None, case["fleet"] or 0.0, 24.0, case["loading_h"],
                            case["unloading_h"], 0.0)  # fmt: skip
    # The power plants take a share of Bamako's demand.
    blocks = (PriorityBlock("Bamako", "power", case["power"] * case["demand"]["B"], 3.0),) if case["power"] else ()
    return ModelParameters(1.0, {"Kayes": case["kayes_weight"]}, blocks, 1.0, 100.0, "X", fleet)


def storage(case: dict[str, Any], places: dict[str, StorageSpec] | None = None) -> StorageParameters:
    specs = {name: StorageSpec(cap, init, floor) for name, (cap, init, floor) in case["tanks"].items()}
    specs.update(places or {})
    return StorageParameters(0.0, 0.0, 0.0, specs, earliness=EARLINESS, backlog_share=case["backlog"])


def timeline(case: dict[str, Any], **changes: Any) -> Timeline:
    days = case["days"]
    kw: dict[str, Any] = {
        "effects": tuple(DatedEffects(a, b, {} if where in PLACES else {where: effect},
                                      {where: effect} if where in PLACES else {})
                         for where, a, b, effect in case["closures"]),
        "loading_factor": dict(case["loading_factor"]),
        "attacks": tuple(Attack(f"a{k}", day, n, frozenset({seg})) for k, (seg, day, n) in enumerate(case["attacks"])),
        "rationing": {name: tuple(cut) for name, cut in case["rationing"].items()},
        "injections": tuple(case["injections"]),
        "storage": storage(case),
    }  # fmt: skip
    if case["escort"] is not None:
        units, size = case["escort"]
        kw["escorts"] = (EscortStretch("K-B", frozenset({"R:K-B"}), 0, days - 1, size, 1.0),)
        kw["escort_units"] = (float(units),) * days
    kw.update(changes)
    return Timeline("props", "", date(2026, 1, 1), days, **kw)


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A random instance of the two-corridor graph and its timeline (4 to 10 days)."""
    days = draw(st.integers(4, 10), label="days")
    day = st.integers(0, days - 1)
    segments = st.sampled_from([f"R:{a}-{b}" for a, b, _ in ROADS])
    fraction = st.floats(0.0, 0.6)
    effects = st.one_of(st.just(Effect(closed=True)), st.builds(Effect, capacity_factor=st.floats(0.1, 0.9)),
                        st.builds(Effect, loss_probability=st.floats(0.05, 0.3)))

    tanks = {}
    for name in CITIES.values():
        cap = draw(st.floats(0.0, 40.0))
        tanks[name] = (cap, draw(st.floats(0.0, 40.0)), draw(st.floats(0.0, 5.0)))
    return {
        "days": days,
        "supply": tuple(draw(st.floats(1.0, 30.0)) for _ in range(3)),
        "loading": tuple(draw(st.floats(1.0, 30.0)) for _ in range(3)),
        "depot": draw(st.sampled_from([0.0, 0.0, 12.0, 30.0])),  # hours J - B; 0: no depot
        "loading_factor": draw(st.dictionaries(st.sampled_from(["Dakar", "Abidjan", "Koulikoro"]),
                                               st.lists(st.floats(0.0, 1.0), min_size=days, max_size=days),
                                               max_size=1)),
        "posts": (draw(st.floats(1.0, 30.0)), draw(st.floats(1.0, 30.0))),
        "demand": {n: draw(st.floats(0.5, 10.0)) for n in CITIES},
        "hours": tuple(draw(st.sampled_from([6.0, 12.0, 18.0, 24.0, 36.0, 48.0])) for _ in ROADS),
        "caps": tuple(draw(st.floats(1.0, 30.0)) for _ in ROADS),
        "fleet": draw(st.one_of(st.none(), st.floats(1.0, 80.0))),
        "loading_h": draw(st.sampled_from([0.0, 0.0, 2.0])),
        "unloading_h": draw(st.sampled_from([0.0, 0.0, 2.0])),
        "power": draw(st.sampled_from([0.0, 0.0, 0.4])),
        "kayes_weight": draw(st.sampled_from([1.0, 1.0, 2.0])),
        "tanks": tanks,
        "backlog": draw(st.sampled_from([0.0, 0.0, 0.5])),
        "closures": draw(st.lists(st.tuples(st.one_of(segments, st.sampled_from(PLACES)), day, day, effects)
                                  .map(lambda c: (c[0], min(c[1:3]), max(c[1:3]), c[3])), max_size=2)),
        "attacks": draw(st.lists(st.tuples(segments, day, st.sampled_from([1.0, 2.0, 4.0])),
                                 max_size=2)),
        "rationing": draw(st.dictionaries(st.sampled_from(list(CITIES.values())),
                                          st.lists(fraction, min_size=days, max_size=days), max_size=1)),
        "injections": draw(st.lists(st.tuples(day, st.sampled_from(list(CITIES.values())), st.floats(1.0, 20.0)),
                                    max_size=1)),
        "escort": draw(st.one_of(st.none(), st.tuples(st.integers(0, 3), st.sampled_from([2.0, 5.0])))),
    }  # fmt: skip


def full_model(case: dict[str, Any], tl: Timeline | None = None, **kw: Any) -> tuple[Any, TimelineResult]:
    model = build_timeline_model(graph(case), params(case), tl or timeline(case), **kw)
    result = solve_timeline(model, lexicographic=False)
    assert result.status == "optimal", result.message
    return model, result


def delivered(result: TimelineResult) -> float:
    return float(sum(c["delivered"].sum() for c in result.cities.values()))


def _at_least(more: float, less: float) -> None:
    # The interior point stops at a relative gap of 1e-10 without crossover; values are exact to
    # HiGHS's feasibility tolerance (about 1e-7 m3 per column, a few hundred columns).
    assert more >= less - 1e-5 * max(1.0, abs(less)), (more, less)


# --- 1. monotonicity ---------------------------------------------------------------------------

RESOURCES = ("initial stock", "loading", "fleet", "rationing", "attack", "injection")


def with_more(case: dict[str, Any], resource: str, data: st.DataObject) -> dict[str, Any] | None:
    """The case with more of ``resource`` (None when the case has none to add or take away)."""
    more = {**case, "tanks": dict(case["tanks"])}
    if resource == "initial stock":
        city = data.draw(st.sampled_from(sorted(case["tanks"])), label="city")
        cap, init, floor = case["tanks"][city]
        more["tanks"][city] = (cap, init + data.draw(st.floats(1.0, 20.0), label="more stock"), floor)
    elif resource == "loading":
        k = data.draw(st.integers(0, 2 if case["depot"] else 1), label="loading point")
        more["loading"] = tuple(x + (data.draw(st.floats(1.0, 20.0), label="more loading") if i == k else 0.0)
                                for i, x in enumerate(case["loading"]))  # fmt: skip
    elif resource == "fleet":
        if case["fleet"] is None:
            return None
        more["fleet"] = case["fleet"] + data.draw(st.floats(1.0, 40.0), label="more tankers")
    elif resource == "rationing":
        if not case["rationing"]:
            return None
        more["rationing"] = {name: [c * data.draw(st.floats(0.0, 0.9), label="lower cut") for c in cut]
                             for name, cut in case["rationing"].items()}  # fmt: skip
    elif resource == "attack":
        if not case["attacks"]:
            return None
        drop = data.draw(st.integers(0, len(case["attacks"]) - 1), label="attack dropped")
        more["attacks"] = [a for k, a in enumerate(case["attacks"]) if k != drop]
        more["dropped"] = drop
    else:
        more["injections"] = [*case["injections"], (
            data.draw(st.integers(0, case["days"] - 1), label="injection day"),
            data.draw(st.sampled_from(list(CITIES.values())), label="injection city"),
            data.draw(st.floats(1.0, 20.0), label="injection m3"))]  # fmt: skip
    return more


def destroyed(case: dict[str, Any]) -> list[float]:
    """Tankers each attack of the case destroys (at most the fleet left)."""
    return destroyed_tankers([(day, n) for _, day, n in case["attacks"]], case["fleet"])


@SETTINGS
@given(cases(), st.sampled_from(RESOURCES), st.data())
def test_more_of_a_resource_never_lowers_the_first_goal(case: dict[str, Any], resource: str,
                                                        data: st.DataObject) -> None:  # fmt: skip
    """More initial stock, loading capacity, tankers, fuel injected, less rationing or one
    attack fewer: the first goal's optimum does not fall (the delivered volume neither, within the
    earliness slack, where all weights are 1 and no attack is left).

    A modelling choice, not a bug: an attack destroys at most the tankers the fleet still has
    (:func:`~supplychain.models.timeline.destroyed_tankers`), so with a fleet smaller than the
    attacks' tankers a larger fleet, or an earlier attack fewer, lets a later attack destroy more
    (found here: a fleet of 1 tanker and two attacks of 1 on day 0, stage 1 -2.5e-6; with 2
    tankers both attacks strike, 2 m3 of cargo to match, -1.33). Such pairs are left out.
    """
    more = with_more(case, resource, data)
    if more is None:
        return
    if destroyed(more) != [n for k, n in enumerate(destroyed(case)) if k != more.get("dropped")]:
        return  # the fleet caps what an attack destroys (see above)
    model_more, result_more = full_model(more)
    model_less, result_less = full_model(case)
    _at_least(float(pulp.value(model_more.stage1)), float(pulp.value(model_less.stage1)))
    if not case["power"] and case["kayes_weight"] == 1.0 and not more["attacks"]:
        demand = float(sum(c["demand"].sum() for c in result_less.cities.values()))
        _at_least(delivered(result_more), delivered(result_less) - EARLINESS * demand)


# --- 2. --min-stock ----------------------------------------------------------------------------


def unmet(result: TimelineResult) -> float:
    return float(sum(result.shortfall(n).sum() for n in result.cities))


@SETTINGS
@given(cases(), st.data())
def test_min_stock_fed_back_serves_every_demand_and_less_does_not(case: dict[str, Any],
                                                                    data: st.DataObject) -> None:  # fmt: skip
    """The smallest initial stocks, fed back as initial stocks in tanks that hold them and what
    the plan stores later, serve every demand; less in one city (a tenth and 0.5 m3 less) leaves
    demand unmet or an attack's cargo unmatched.

    The second, a documented choice (README, "--min-stock"): the minimum counts an attack's
    cargo not matched at its penalty (at least 2 per m3) against 1 per m3 of stock, so a stock
    may be held only to match an attack (found here: Kayes 2 m3/day behind an attacked road,
    3.5 m3 needed, 0.5 without the attack's 2 tankers; with 2.65 m3 every demand is served and
    1.72 of the attack's 2 m3 are matched).
    """
    _, found = full_model(case, min_stock=True)
    cities = found.to_dict()["cities"]
    # Tanks that hold the initial stock and what the plan stores later (timeline_result's
    # comment at max_stock_m3: tank limits are lifted on every day).
    places = {name: StorageSpec(max(c["min_initial_stock_m3"], c["max_stock_m3"] or 0.0) + 1e-6,
                                c["min_initial_stock_m3"], 0.0) for name, c in cities.items()}  # fmt: skip
    note(f"min stocks {({n: round(c['min_initial_stock_m3'], 4) for n, c in cities.items()})}")
    tl = timeline(case, storage=storage(case, places))
    _, served = full_model(case, tl)
    demand = float(sum(c["demand"].sum() for c in served.cities.values()))
    assert unmet(served) <= 1e-5 * max(demand, 1.0), unmet(served)
    # Less in one city (by a clear margin: a tenth and 0.5 m3) leaves some demand unmet.
    stocked = sorted(n for n, c in cities.items() if c["min_initial_stock_m3"] > 1.0)
    if not stocked:
        return
    city = data.draw(st.sampled_from(stocked), label="city lowered")
    spec = places[city]
    assert spec.initial_m3 is not None
    lower = replace(spec, initial_m3=spec.initial_m3 * 0.9 - 0.5)
    _, short = full_model(case, timeline(case, storage=storage(case, {**places, city: lower})))
    missed = sum(destroyed_m3 - there for _, _, there, destroyed_m3, _ in short.unmatched_attacks)
    assert unmet(short) > 1e-3 or missed > 1e-3, (city, unmet(short), missed)


def test_a_stock_held_only_to_match_an_attack() -> None:
    # The counterexample the min-stock property's docstring names, minimised: 6 h roads of 1
    # tanker a day, ports and the depot loading 1, 1 and 2 m3, Kayes 2 m3/day (weight 2), an
    # attack of 2 tankers on Kayes - Bamako on day 1, that stretch escorted (1 unit, convoys of 2).
    case = {"days": 4, "supply": (1.0, 1.0, 2.0), "loading": (1.0, 1.0, 2.0), "depot": 12.0,
            "loading_factor": {}, "posts": (1.0, 1.0), "demand": {"K": 2.0, "B": 1.0, "S": 1.0},
            "hours": (6.0,) * 6, "caps": (1.0,) * 6, "fleet": None, "loading_h": 0.0,
            "unloading_h": 0.0, "power": 0.0, "kayes_weight": 2.0, "backlog": 0.0,
            "tanks": dict.fromkeys(CITIES.values(), (0.0, 0.0, 0.0)), "closures": [],
            "attacks": [("R:K-B", 1, 2.0)], "rationing": {}, "injections": [], "escort": (1, 2.0)}  # fmt: skip
    _, found = full_model(case, min_stock=True)
    assert {n: round(m3, 6) for n, m3 in found.min_stock.items()} == {"Kayes": 3.5, "Bamako": 0.0, "Sikasso": 0.0}
    _, unattacked = full_model({**case, "attacks": []}, min_stock=True)
    assert round(unattacked.min_stock["Kayes"], 6) == 0.5
    places = {"Kayes": StorageSpec(10.0, 2.65, 0.0)}
    _, r = full_model(case, timeline(case, storage=storage(case, places)))
    assert unmet(r) < 1e-6
    assert [(label, round(there, 4), m3) for label, _, there, m3, _ in r.unmatched_attacks] == [("a0", 1.7167, 2.0)]


# --- 3. the result's figures -------------------------------------------------------------------

MALI = {"X", "Y", "K", "B", "S", "J", "D"}


def _in_transit_or_lost(model: Any) -> float:
    """Fuel that entered a road inside Mali and did not reach its end within the horizon
    (still on the road at the end, destroyed or lost), from the plan's columns."""
    from supplychain.models.timeexp import _arrivals
    from supplychain.models.timeexp_arcs import _split

    out = 0.0
    for (i, t), var in model.x.items():
        arc = model.arcs[i]
        if arc.tail not in MALI or arc.head not in MALI:
            continue
        whole, frac = _split(model.arrival_days[i])
        arrived = sum(share for day, share in ((t + whole, 1.0 - frac), (t + whole + 1, frac)) if day < model.days)
        passed = sum(float(v.varValue or 0.0) * c for v, c in model.passing[(i, t)])
        out += float(var.varValue or 0.0) - arrived * passed
    # And lost at a place in Mali (a dated effect's loss probability there).
    for n in MALI & set(model.graph.nodes):
        name = model.graph.nodes[n].get("name")
        for t in range(model.days):
            share = model.timeline.node_effect(name, t).loss_probability if name else 0.0
            if share:
                came = sum(float(v.varValue or 0.0) * c for v, c in _arrivals(model, n, t))
                load = model.load.get((n, t))
                out += share * (came + (float(load.varValue or 0.0) if load is not None else 0.0))
    return out


@SETTINGS
@given(cases())
def test_the_results_figures_agree_with_its_daily_values(case: dict[str, Any]) -> None:
    """Arrivals by border post and by corridor each sum to the arrivals; fuel balances inside
    Mali; weekly totals are the daily values' sums; days of cover and the first dry day are
    README's definitions; the tankers destroyed are the attacks' (at most the fleet left), the
    cargo lost what the attacks found.

    A documented choice, not a bug: an attack's tankers count as destroyed also when it found
    no cargo (every road it names closed that day, or no fuel there): README, "its tankers
    count as destroyed, its cargo not as lost"; the result lists it in ``unmatched_attacks``.
    """
    model, r = full_model(case)
    days = case["days"]
    arrivals = r.arrivals_m3
    assert set(r.borders) == {"Diboli", "Zegoua"} and set(r.corridors) <= {"Dakar", "Abidjan"}, r.borders
    np.testing.assert_allclose(sum(r.borders.values()), arrivals, atol=1e-9)
    np.testing.assert_allclose(sum(r.corridors.values(), np.zeros(days)), arrivals, atol=1e-9)
    np.testing.assert_allclose(r.borders["Diboli"], r.corridors.get("Dakar", np.zeros(days)), atol=1e-9)
    # Fuel balance inside Mali: what crossed in + the initial stocks + injections taken = what
    # was delivered + the closing stocks + what is on the roads at the end (or lost there).
    taken = sum(float(v.varValue or 0.0) for v in model.injected.values())
    loaded = sum(float(v.varValue or 0.0) for (n, _), v in model.load.items() if n == "D")
    into = float(arrivals.sum()) + sum(float(c["stock"][0]) for c in r.cities.values()) + taken + loaded
    out = delivered(r) + sum(float(c["stock"][days]) for c in r.cities.values()) + _in_transit_or_lost(model)
    # Arrivals within 1e-3 m3 of 0 on a day read 0 (ARRIVALS_TOLERANCE_M3), and the interior
    # point's values are exact to about 1e-6 m3 per column.
    assert abs(into - out) <= 2e-3 * days + 1e-4 * len(model.x), (into, out)

    weekly = r.weekly()
    assert list(weekly["days"]) == [min(7, days - w) for w in range(0, days, 7)]
    for column, daily in (("arrivals_m3", arrivals),
                          ("delivered_m3", sum(c["delivered"] for c in r.cities.values())),
                          ("unmet_m3", sum(r.shortfall(n) for n in r.cities)),
                          ("convoys", sum(r.convoys.values(), np.zeros(days))),
                          ("tankers_lost", np.diff(np.concatenate([[0.0], r.tankers_lost])))):  # fmt: skip
        sums = [float(daily[w: w + 7].sum()) for w in range(0, days, 7)]
        np.testing.assert_allclose(weekly[column], sums, atol=1e-9, err_msg=column)
    d = r.to_dict()
    total = d["demand_m3"]
    assert abs(d["delivered_m3"] + d["unmet_m3"] - total) <= 1e-5 * max(total, 1.0)

    for name, c in r.cities.items():
        cover = r.days_of_cover(name)
        for t in range(days):
            if c["demand"][t] > 0:
                assert cover[t] == c["stock"][t] / c["demand"][t]
            else:
                assert np.isnan(cover[t])
        tol = DRY_TOLERANCE * np.maximum(c["demand"], 1e-9)
        dry = [t for t in range(days) if c["stock"][t] < tol[t] and c["unmet"][t] > tol[t]]
        assert r.first_dry_day()[name] == (dry[0] if dry else None)
        assert d["cities"][name]["dry_days"] == len(dry)

    lost = destroyed(case)
    starting = case["fleet"]
    assert r.tankers_lost[-1] == (sum(lost) if days else 0.0)
    for t in range(days):
        assert r.tankers_lost[t] == sum(n for (_, day, _), n in zip(case["attacks"], lost, strict=True) if day <= t)
        if starting is not None:
            assert r.fleet[t] == max(starting - r.tankers_lost[t], 0.0)
    found = {label: there for label, _, there, _, _ in r.unmatched_attacks}
    cargo = sum(found.get(f"a{k}", n) for k, n in enumerate(lost))
    # An attack short by less than a thousandth of a tanker (1 m3 here) is not listed
    # (timeline_result's _NOTHING_TANKERS): it counts as matched in full.
    assert abs(float(r.cargo_lost_m3.sum()) - cargo) <= 1e-5 * max(cargo, 1.0) + 1e-3 * len(lost)
    for k, (_, day, _) in enumerate(case["attacks"]):
        assert r.cargo_lost_m3[day] >= -1e-9 and found.get(f"a{k}", lost[k]) <= lost[k] + 1e-6


# --- 4. arcs priced in -------------------------------------------------------------------------


@SETTINGS
@given(cases())
def test_arcs_priced_in_give_the_full_models_deliveries(case: dict[str, Any]) -> None:
    """The priced solve (stage 1) reaches the full model's optimum, and its deliveries per city
    and day (so its unmet demand, which they determine) are an optimum of the full model: fixed
    in it, the full model still reaches its optimum.

    Not "the same deliveries as the full model's": the LP often has many optima (found here:
    Dakar and Abidjan 6 h roads each from Bamako, a power-plant block of 0.4 m3/day there; the
    full model's interior point split it between the corridors, Kayes 0.80 m3 a day, the priced
    vertex sent it all by Abidjan, Kayes 1.0, the same first goal to 1e-9). The second goal
    (cost) settles only some ties, and with arcs priced in it runs on the arcs in only (README,
    "Large networks"): 4 of 400 random cases here delivered differently per city and day with
    both goals, none with a different first dry day.
    """
    full, _ = full_model(case)
    priced, result = solve_priced(graph(case), params(case), timeline(case), lexicographic=False)
    assert result.status == "optimal" and result.arc_pricing["certified"], result.message
    value = float(pulp.value(full.stage1))
    assert abs(float(pulp.value(priced.stage1)) - value) <= 1e-6 * max(1.0, abs(value))
    # The priced plan's deliveries, fixed in the full model.
    check = build_timeline_model(graph(case), params(case), timeline(case))
    names = {d["name"]: n for n, d in check.graph.nodes(data=True)}
    for name, c in result.cities.items():
        keys = [k for k, (n, _, _) in check.blocks.items() if n == names[name]]
        for t in range(case["days"]):
            terms = pulp.lpSum(check.deliver[(k, t)] for k in keys)
            check.problem += (terms >= c["delivered"][t] - 1e-6, f"fixed_lo_{name}_{t}")
            check.problem += (terms <= c["delivered"][t] + 1e-6, f"fixed_hi_{name}_{t}")
    fixed = solve_timeline(check, lexicographic=False)
    assert fixed.status == "optimal", fixed.message
    assert float(pulp.value(check.stage1)) >= value - 1e-5 * max(1.0, abs(value))
