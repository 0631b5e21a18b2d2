"""Global invariants of real results: the conservation laws and definitions the README states.

The unit tests check the models on tiny hand graphs; these check that the *solved* plans on
the embedded default network obey the same laws, read back from the solution (the PuLP
variables of the time-expanded model, the steady-state result's edge flows) and from what the
user reads (``TimelineResult``, its Parquet rows and JSON summary, ``FlowResult``, the N-1
table):

- the steady-state plan (baseline, the illustrative blockade scenario, the illustrative threat):
  flow conservation at every node with the losses of "The routing model", capacities,
  delivered <= demand, the reported totals, served and throughput, routes, and the max flow
  to Bamako of N-1 rows against networkx on the same closed graph;
- the 181-day back-test (``models/timeline-blockade-2025-26.toml``, solved once per module)
  and four 14-day timelines (undisturbed; closures with rationing, losses and an injection; an
  attack; escorted convoys): whole-horizon fuel balance, per-city balance, demand, stock bounds,
  days of cover and the dry/short rules of "Days of cover", weekly and JSON totals against the
  daily and Parquet rows, arrivals into Mali against the Malian cities' balance, fleet, attacks,
  escorts and closures.

Two invariants failed on the back-test when this file was written and found model bugs, fixed
on 2026-12-02: attacks that found no cargo though fuel could pass (the miss penalty did not
count escort capacity), and convoy rows that counted fuel again inside an escorted stretch.

Tolerances: the timeline is an interior-point optimum without crossover (README, "Solver"):
values under 1e-6 are read as 0 (net arrivals by crossing under 1e-3 m³), rows hold within
HiGHS's primal tolerance; balances are compared within 1e-6 of the volumes involved (plus
1e-4 m³ for the clipping of tiny values).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Hashable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from supplychain.models import (
    build_timeline_model,
    load_scenario,
    run_scenario,
    solve_timeline,
)
from supplychain.models.params import ModelParameters
from supplychain.models.timeexp import TimelineModel, _attacked_entries
from supplychain.models.timeexp_arcs import _occupancy, _split
from supplychain.models.timeline_result import DRY_TOLERANCE, TimelineResult
from supplychain.scenarios import SweepContext, load_threat, load_timeline, n_minus_1

REPO = Path(__file__).resolve().parents[1]
BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"
RTOL = 1e-6


def close(a: float, b: float, scale: float, what: str, atol: float = 1e-4) -> None:
    """``a == b`` within ``RTOL`` of ``scale`` (the volume involved) plus ``atol``."""
    assert abs(a - b) <= RTOL * abs(scale) + atol, f"{what}: {a!r} != {b!r} (scale {scale:g})"


def val(var: Any) -> float:
    return float(var) if isinstance(var, int | float) else float(var.varValue or 0.0)


# ---- the timelines ----------------------------------------------------------------------------

START = date(2026, 1, 1)
SMALL_DAYS = 14

#: Closures (a segment, a border post, the whole Nioro road), a dangerous segment, rationing and
#: a stock injection, each on some days only.
CLOSURES = """
name = "closures"
[timeline]
start = 2026-01-01
days = 14
[[rule]]
segments = ["RN7:Bougouni-Sikasso"]
closed = true
from = 2026-01-03
to = 2026-01-09
[[rule]]
border_posts = ["Kourémalé border"]
closed = true
from = 2026-01-02
to = 2026-01-06
[[rule]]
segments = ["RN4:Gogui border-Gogui", "RN4:Gogui-Nioro du Sahel", "RN4:Nioro du Sahel-Diéma"]
closed = true
[[rule]]
segments = ["RN5:Siby-Bamako"]
loss_probability = 0.05
capacity_factor = 0.5
from = 2026-01-05
[[event]]
type = "rationing"
share = 0.25
cities = ["Bamako"]
from = 2026-01-08
[[event]]
type = "stock"
place = "Sikasso"
date = 2026-01-06
volume_m3 = 500
"""

#: Two attacks: one on an open trunk road (its cargo must be lost), one on a closed road
#: (nothing can pass: unmatched); a fleet small enough to bind.
ATTACK = """
name = "attack"
[timeline]
start = 2026-01-01
days = 14
[[rule]]
segments = ["RN1:Kayes-Sandaré"]
closed = true
[[event]]
type = "attack"
label = "open road"
date = 2026-01-05
segments = ["RN7:Bougouni-Sikasso"]
tankers_destroyed = 30
[[event]]
type = "attack"
label = "closed road"
date = 2026-01-06
segments = ["RN1:Kayes-Sandaré"]
tankers_destroyed = 10
"""

#: Escorted convoys on the Guinean and Ivorian routes, scarce units that change on day 4.
ESCORT = """
name = "escort"
[timeline]
start = 2026-01-01
days = 14
escort_units = 0.5
[[rule]]
label = "Guinean route"
segments = ["RN5:Kourémalé border-Kourémalé", "RN5:Kourémalé-Naréna", "RN5:Naréna-Siby",
            "RN5:Siby-Bamako"]
escort_required = true
convoy_tankers = 40
from = 2026-01-02
[[rule]]
label = "Ivorian route"
segments = ["RN7:Zégoua-Pogo-Zégoua border", "RN7:Kadiolo-Zégoua", "RN7:Sikasso-Kadiolo",
            "RN7:Bougouni-Sikasso"]
escort_required = true
convoy_tankers = 60
escort_rest_days = 0.5
from = 2026-01-02
to = 2026-01-11
[[event]]
type = "escort_units"
from = 2026-01-05
units = 1.25
# Every other entry closed: since stage 1 prices escort unit-days (2026-12-05) a plan that
# delivers as much by unescorted roads sends no convoy, and both routes were idle here.
[[rule]]
label = "other entries closed"
border_posts = ["Tengréla-Kadiana border", "Koloko-Hérémakono border", "Faramana-Koury border",
                "Moussala border", "Kidira-Diboli border", "Gogui border", "Manankoro border",
                "Mandiana-Yanfolila border", "Fassala border"]
closed = true
"""

SMALL = {"calm": None, "closures": CLOSURES, "attack": ATTACK, "escort": ESCORT}
CASES = ["backtest", *SMALL]

#: Driving hours a day a case sets itself instead of models/model.toml's. The escort case was
#: written at 10 h (the shipped value until 2026-12-07): at 4.3 h its Guinean round trip outlasts
#: what 14 days and these units allow and the route sends no convoy, so its checks of both
#: routes' convoys would test nothing there.
DRIVING_HOURS = {"escort": 10.0}


class Solved:
    """A solved timeline: the model (its variables hold the solution) and the result."""

    def __init__(self, model: TimelineModel, result: TimelineResult) -> None:
        assert result.status == "optimal", result.message
        self.model, self.result = model, result
        m = model
        self.T = m.days
        self.v = m.tanker_m3
        self.x = {k: val(var) for k, var in m.x.items()}
        # What passes each arc entered on day t (after expected losses and attacks).
        self.passed = {k: sum(val(var) * c for var, c in terms) for k, terms in m.passing.items()}
        self.names = {n: str(d.get("name") or n) for n, d in m.graph.nodes(data=True)}
        self.node_keep = {n: [1.0 - e.loss_probability for e in m.timeline.node_effects(self.names[n])]
                          for n in m.graph.nodes if m.graph.nodes[n].get("name")}  # fmt: skip

    def keep(self, n: Hashable, t: int) -> float:
        return self.node_keep[n][t] if n in self.node_keep else 1.0

    def arrivals(self, i: int) -> tuple[np.ndarray, float]:
        """Fuel of arc ``i`` arriving each day at its head (before the head's own losses), and
        what is still on the road at the end of the horizon."""
        whole, frac = _split(self.model.arrival_days[i])
        arr, late = np.zeros(self.T), 0.0
        for t in range(self.T):
            amount = self.passed.get((i, t), 0.0)
            for tau, share in ((t + whole, 1.0 - frac), (t + whole + 1, frac)):
                if share <= 1e-12:
                    continue
                if tau < self.T:
                    arr[tau] += share * amount
                else:
                    late += share * amount
        return arr, late

    def entered(self, i: int) -> np.ndarray:
        return np.array([self.x.get((i, t), 0.0) for t in range(self.T)])


_CACHE: dict[str, Solved] = {}


@pytest.fixture(scope="module")
def solved(graph: nx.MultiDiGraph, params: ModelParameters,
           tmp_path_factory: pytest.TempPathFactory) -> Any:  # fmt: skip
    """Solve a case once per module (the back-test takes about 8 s)."""

    def get(name: str) -> Solved:
        if name not in _CACHE:
            if name == "backtest":
                tl = load_timeline(BACKTEST, graph)
            elif SMALL[name] is None:
                tl = load_timeline(None, graph, start=START, days=SMALL_DAYS)
            else:
                path = tmp_path_factory.mktemp("timelines") / f"{name}.toml"
                path.write_text(str(SMALL[name]), encoding="utf-8")
                tl = load_timeline(path, graph)
            p = params
            if name in DRIVING_HOURS:
                p = replace(params, fleet=replace(params.fleet, driving_hours_per_day=DRIVING_HOURS[name]))
            model = build_timeline_model(graph, p, tl)
            _CACHE[name] = Solved(model, solve_timeline(model))
        return _CACHE[name]

    yield get
    _CACHE.clear()


# ---- whole-horizon and per-city fuel balance ---------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_whole_horizon_fuel_balance(solved: Any, case: str) -> None:
    # initial stocks + loaded + injections = delivered + final stocks + expected losses (roads
    # and places) + cargo of attacks + fuel still on the road at the end of the horizon.
    s = solved(case)
    m, r = s.model, s.result
    loaded = sum(val(var) * s.keep(n, t) for (n, t), var in m.load.items())
    place_losses = sum(val(var) * (1.0 - s.keep(n, t)) for (n, t), var in m.load.items())
    road_losses = sum(s.x[k] * m.loss_share[k] for k in s.x)
    attacked = sum(val(var) for var in m.lost.values())
    on_road = 0.0
    for i, arc in enumerate(m.arcs):
        arr, late = s.arrivals(i)
        on_road += late
        place_losses += sum(arr[t] * (1.0 - s.keep(arc.head, t)) for t in range(s.T))
    initial = sum(c["stock"][0] for c in r.cities.values())
    final = sum(c["stock"][-1] for c in r.cities.values())
    delivered = sum(c["delivered"].sum() for c in r.cities.values())
    injected = sum(v for _, _, v in m.timeline.injections)
    left = initial + loaded + injected
    right = delivered + final + road_losses + place_losses + attacked + on_road
    close(left, right, left, f"{case}: fuel in {left:,.3f} m3 against fuel out {right:,.3f} m3")
    # The result's cargo lost is the attacks' cargo.
    close(float(r.cargo_lost_m3.sum()), attacked, attacked, "cargo lost")
    if case == "backtest":  # the README's figure
        # 594,661 at 10 driving hours a day (before 2026-12-07), 594,766 before the
        # contracted-chain fix of 2026-12-03.
        assert round(delivered) == 590_097


@pytest.mark.parametrize("case", CASES)
def test_city_balance_every_day_and_stock_is_not_trucked_on(solved: Any, case: str) -> None:
    # stock at the start + arrivals + injection - fuel trucked on - delivered = next stock; and
    # a city's stock serves that city only: what leaves it on a road never exceeds what
    # arrived that day (README, "Storage").
    s = solved(case)
    m, r = s.model, s.result
    for n in m.storage:
        name = s.names[n]
        c = r.cities[name]
        arrived = sum((s.arrivals(i)[0] for i in m.arcs_in[n]), np.zeros(s.T))
        arrived *= np.array([s.keep(n, t) for t in range(s.T)])
        left = sum((s.entered(i) for i in m.arcs_out[n]), np.zeros(s.T))
        injected = np.zeros(s.T)
        for day, place, volume in m.timeline.injections:
            if place == name:
                injected[day] += volume
        scale = float(c["demand"].sum() + arrived.sum() + c["stock"][0])
        for t in range(s.T):
            close(c["stock"][t] + arrived[t] + injected[t] - left[t] - c["delivered"][t], c["stock"][t + 1],
                  scale, f"{case}: {name} on day {t}")  # fmt: skip
            assert left[t] <= arrived[t] + RTOL * scale + 1e-4, f"{case}: {name} trucks its stock on, day {t}"
        # Summed over the horizon, as the README states it.
        close(float(arrived.sum() - left.sum() + c["stock"][0] + injected.sum()),
              float(c["delivered"].sum() + c["stock"][-1]), scale, f"{case}: {name} over the horizon")  # fmt: skip


# ---- demand, stocks, days of cover, dry days ---------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_demand_delivered_unmet_and_stock_bounds(solved: Any, case: str) -> None:
    s = solved(case)
    m, r = s.model, s.result
    tl = m.timeline
    for n in m.storage:
        name = s.names[n]
        c = r.cities[name]
        base = float(m.graph.nodes[n]["demand_m3_per_day"])
        cut = np.array(tl.rationing.get(name, (0.0,) * s.T))
        np.testing.assert_allclose(c["demand"], base * (1.0 - cut), rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(c["delivered"] + c["unmet"], c["demand"], rtol=RTOL, atol=1e-5, err_msg=name)
        assert (c["delivered"] <= c["demand"] * (1 + RTOL) + 1e-5).all(), name
        assert (c["delivered"] >= 0).all() and (c["unmet"] >= 0).all(), name
        cap, init, _ = r.storage[name]
        assert len(c["stock"]) == s.T + 1
        assert c["stock"][0] == pytest.approx(init, abs=1e-9), name
        assert (c["stock"] >= 0).all() and (c["stock"] <= cap * (1 + RTOL) + 1e-5).all(), name
        # The priority blocks add up to the city's delivery.
        blocks = [k for k, b in m.blocks.items() if b[0] == n]
        for t in range(s.T):
            close(sum(val(m.deliver[(k, t)]) for k in blocks), c["delivered"][t], c["demand"][t], name, 1e-5)


@pytest.mark.parametrize("case", CASES)
def test_days_of_cover_and_dry_days_follow_the_readme(solved: Any, case: str) -> None:
    # Days of cover on day t = stock at the start of day t / that day's demand; a city runs dry
    # on the first day it starts with an empty stock (< 0.1 % of the day's demand) and leaves
    # more than 0.1 % of it unmet; short: more than 0.1 % unmet, stock or not.
    s = solved(case)
    r = s.result
    summary = r.to_dict()
    frame = r.to_frame()
    for name, c in r.cities.items():
        cover = c["stock"][: s.T] / c["demand"]
        np.testing.assert_allclose(r.days_of_cover(name), cover, rtol=1e-12)
        rows = frame[(frame["kind"] == "city") & (frame["place"] == name)].sort_values("day")
        np.testing.assert_allclose(rows["days_of_cover"].to_numpy(), cover, rtol=1e-12)
        np.testing.assert_allclose(rows["stock_m3"].to_numpy(), c["stock"][: s.T], rtol=1e-12)
        dry = [t for t in range(s.T) if c["stock"][t] < DRY_TOLERANCE * c["demand"][t]
               and c["unmet"][t] > DRY_TOLERANCE * c["demand"][t]]  # fmt: skip
        short = [t for t in range(s.T) if c["unmet"][t] > DRY_TOLERANCE * c["demand"][t]]
        first = dry[0] if dry else None
        assert r.first_dry_day()[name] == first, name
        city = summary["cities"][name]
        assert city["first_dry_day"] == first and city["dry_days"] == len(dry), name
        assert city["first_dry_date"] == (None if first is None else str(r.start + timedelta(days=first)))
        assert city["short_days"] == len(short) and city["first_short_day"] == (short[0] if short else None)
        assert city["initial_days_of_cover"] == pytest.approx(cover[0], rel=1e-12)
        assert city["min_days_of_cover"] == pytest.approx(cover.min(), rel=1e-12)
        assert set(dry) <= set(short), name
    if case == "backtest":  # the README's figures
        first = r.first_dry_day()
        # At 10 driving hours a day (before 2026-12-07): dry from day 16 (2025-09-17), short from
        # 2025-09-05, 43 short days.
        assert first["Bamako"] == 15 and summary["cities"]["Bamako"]["first_dry_date"] == "2025-09-16"
        assert summary["cities"]["Bamako"]["first_short_date"] == "2025-09-04"
        assert summary["cities"]["Bamako"]["short_days"] == 51
        assert all(first[c] == 7 for c in r.cities if c != "Bamako")


# ---- weekly, Parquet and JSON totals ----------------------------------------------------------


#: The JSON writes quantities (m3, tankers, convoys) to 3 decimals (supplychain._json
#: QUANTITY_DECIMALS): it agrees with the Parquet rows to that rounding, plus the tolerance.
JSON_ATOL = 5e-4 + 1e-6


@pytest.mark.parametrize("case", CASES)
def test_weekly_parquet_and_json_totals_agree(solved: Any, case: str, tmp_path: Path) -> None:
    from supplychain.cli.timeline import _write_timeline

    s = solved(case)
    r, tl = s.result, s.model.timeline
    out = tmp_path / "t.parquet"
    _write_timeline(r, None, out, {})
    frame = pd.read_parquet(out)
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    national = frame[frame["kind"] == "national"].sort_values("day")
    cities = frame[frame["kind"] == "city"]
    assert len(national) == s.T and len(cities) == s.T * len(r.cities)
    # National rows are the sums of the place rows of the day.
    by_day = cities.groupby("day")[["stock_m3", "demand_m3", "delivered_m3", "unmet_m3"]].sum()
    for col in by_day:
        np.testing.assert_allclose(national[col].to_numpy(), by_day[col].to_numpy(), rtol=1e-12, atol=1e-9)
    borders = frame[frame["kind"] == "border"].groupby("day")["arrivals_m3"].sum()
    corridors = frame[frame["kind"] == "corridor"].groupby("day")["arrivals_m3"].sum()
    arrivals = national["arrivals_m3"].to_numpy()
    np.testing.assert_allclose(borders.reindex(range(s.T), fill_value=0.0).to_numpy(), arrivals, atol=1e-9)
    np.testing.assert_allclose(corridors.reindex(range(s.T), fill_value=0.0).to_numpy(), arrivals, atol=1e-9)
    np.testing.assert_allclose(national["arrivals_tankers"].to_numpy(), arrivals / r.tanker_m3, rtol=1e-12)
    # Weekly totals = sums of the daily rows, 7 days from day 0.
    weeks = summary["weekly"]
    assert len(weeks) == math.ceil(s.T / 7)
    attacks_by_day = np.zeros(s.T)
    for a in tl.attacks:
        attacks_by_day[a.day] += a.tankers
    for w, week in enumerate(weeks):
        rows = national[(national["day"] >= 7 * w) & (national["day"] < 7 * w + 7)]
        assert week["week_start"] == str(r.start + timedelta(days=7 * w)) and week["days"] == len(rows)
        for key, col in (("arrivals_m3", "arrivals_m3"), ("delivered_m3", "delivered_m3"),
                         ("unmet_m3", "unmet_m3"), ("convoys", "convoys"), ("tankers_lost", "tankers_lost")):
            close(week[key], float(rows[col].sum()), float(rows[col].abs().sum()), f"week {w} {key}", JSON_ATOL)
        assert week["tankers_lost"] == pytest.approx(attacks_by_day[7 * w: 7 * w + 7].sum())
    # The JSON totals = the Parquet rows' sums.
    for key, col in (("demand_m3", "demand_m3"), ("delivered_m3", "delivered_m3"), ("unmet_m3", "unmet_m3"),
                     ("arrivals_m3", "arrivals_m3"), ("cargo_lost_m3", "cargo_lost_m3"),
                     ("tankers_lost", "tankers_lost")):  # fmt: skip
        close(summary[key], float(national[col].sum()), float(national[col].abs().sum()), key, JSON_ATOL)
    assert summary["max_tankers_on_road"] == pytest.approx(float(national["tankers_on_road"].max()), abs=JSON_ATOL)
    for name, c in summary["cities"].items():
        rows = cities[cities["place"] == name]
        for key in ("demand_m3", "delivered_m3", "unmet_m3"):
            close(c[key], float(rows[key].sum()), float(rows["demand_m3"].sum()), f"{name} {key}", JSON_ATOL)
        assert c["initial_stock_m3"] == pytest.approx(float(rows.sort_values("day")["stock_m3"].iloc[0]), abs=JSON_ATOL)
    for name, total in summary["arrivals_by_border_m3"].items():
        rows = frame[(frame["kind"] == "border") & (frame["place"] == name)]
        close(total, float(rows["arrivals_m3"].sum()), total, name, JSON_ATOL)
    for name, e in summary["escorts"].items():
        rows = frame[(frame["kind"] == "escort") & (frame["place"] == name)]
        close(e["convoys"], float(rows["convoys"].sum()), e["convoys"], name, JSON_ATOL)
    if case == "backtest":
        # Simulated against observed arrivals: the daily arrivals summed over each period.
        from supplychain.models.timeline_result import read_observed

        observed = read_observed(REPO / "models" / "observed-arrivals-2025-26.csv")
        periods = r.to_dict(observed)["observed"]
        assert len(periods) == 6
        for p in periods:
            a = (date.fromisoformat(p["period_start"]) - r.start).days
            b = (date.fromisoformat(p["period_end"]) - r.start).days
            close(p["simulated_litres"], 1000.0 * float(national["arrivals_m3"].iloc[a: b + 1].sum()),
                  p["simulated_litres"], p["period_start"], 1e-3)  # fmt: skip
        # The README's table (ML; 12-18 Jan 24.8 before attacked junctions stopped being contracted,
        # 2026-12-03, 25.0 before destroyed tankers left the road, 2026-12-04: other plans of
        # equal value; 53.3, 78.3, 102.2, 24.6, 24.2, 24.8 at 10 driving hours a day, before 2026-12-07).
        assert [round(p["simulated_litres"] / 1e6, 1) for p in periods] == [53.3, 77.1, 101.9, 25.0, 23.9, 24.8]
        # None ends in the horizon's last days, where arrivals are low by construction: a
        # tank serves the last 10 days' demand (7 days' at 30 % rationing), plus up to 6 days
        # from a border crossing to a city (README, "Back-test"; 3 at 10 driving hours a day,
        # 13 days in all before 2026-12-07).
        summary = r.to_dict(observed)
        assert (summary["near_horizon_end_days"], summary["near_horizon_end_basis"]) == \
            (16, {"tank_days": 10, "border_transit_days": 6})
        assert not any(p["near_horizon_end"] for p in periods)
    if case == "backtest":  # the README's arrivals by post, thousand m3
        by_post = {k.replace(" border", ""): round(v / 1000, 1) for k, v in summary["arrivals_by_border_m3"].items()}
        # 319 and 208 before stage 1 priced escort unit-days (2026-12-05): the Guinean route's
        # shorter round trips now carry what the Ivorian ones did, the same delivery; 469.3 and
        # 73.4 at 10 driving hours a day, before 2026-12-07.
        assert by_post["Kourémalé"] == pytest.approx(459.8, abs=0.5) and by_post["Pogo-Zégoua"] == pytest.approx(79.7, abs=0.5)


# ---- arrivals into Mali -----------------------------------------------------------------------


def mali_region(s: Solved) -> set[Hashable]:
    """The Malian cities' side of the border posts, and the posts (computed here, not read)."""
    g = s.model.graph
    posts = {n for n, d in g.nodes(data=True) if d.get("role") == "border"}
    cities = [n for n in s.model.storage if g.nodes[n].get("country") == "MLI"]
    inner = g.to_undirected(as_view=True).subgraph(set(g.nodes) - posts)
    region: set[Hashable] = set()
    for comp in nx.connected_components(inner):
        if any(c in comp for c in cities):
            region |= comp
    region |= {p for p in posts if any(u in region for u in nx.all_neighbors(g, p))}
    return region


@pytest.mark.parametrize("case", CASES)
def test_arrivals_into_mali_enter_the_malian_cities_balance(solved: Any, case: str) -> None:
    # What the result reports as arrivals into Mali (by post, by corridor) is what crosses into
    # the Malian side net of what leaves it again; over the horizon that is what the Malian
    # cities receive (delivered + stock change - initial stocks - injections), plus losses
    # inside Mali and fuel still on the road inside Mali at the end.
    s = solved(case)
    m, r = s.model, s.result
    region = mali_region(s)
    assert not any(n in region for n in m.supply_nodes), "no loading point inside Mali"
    net_in = np.zeros(s.T)
    inside_losses = inside_late = 0.0
    for i, arc in enumerate(m.arcs):
        tail_in, head_in = arc.tail in region, arc.head in region
        arr, late = s.arrivals(i)
        if head_in and not tail_in:
            net_in += arr
        elif tail_in and not head_in:
            net_in -= s.entered(i)
        elif tail_in and head_in:
            inside_late += late
            inside_losses += sum(s.x.get((i, t), 0.0) - s.passed.get((i, t), 0.0) for t in range(s.T))
        if head_in:
            inside_losses += sum(arr[t] * (1.0 - s.keep(arc.head, t)) for t in range(s.T))
    reported = r.arrivals_m3
    scale = float(np.abs(net_in).sum()) + 1.0
    np.testing.assert_allclose(sum(r.corridors.values(), np.zeros(s.T)), reported, atol=1e-6)
    # Day by day: the reported arrivals are the net crossings into the Malian side.
    for t in range(s.T):
        close(float(reported[t]), float(net_in[t]), scale, f"{case}: arrivals into Mali on day {t}")
    received = 0.0
    for n in m.storage:
        c = r.cities[s.names[n]]
        if n in region:
            received += c["delivered"].sum() + c["stock"][-1] - c["stock"][0]
    injected = sum(v for _, place, v in m.timeline.injections
                   if any(s.names[n] == place for n in region))  # fmt: skip
    close(float(reported.sum()), received - injected + inside_losses + inside_late, scale,
          f"{case}: arrivals into Mali against the Malian cities' balance")  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_arrivals_by_border_post_and_corridor_are_never_below_0(solved: Any, case: str) -> None:
    # The interior point's flows of ~1e-4 m3 into a crossing and back out of it the same day
    # netted to -1.7e-5 m3 at Kidira-Diboli and -1.2e-5 at Moussala on 30 Jan 2026 of the
    # back-test (audit, 2026-12-04): within ARRIVALS_TOLERANCE_M3 of 0 they read 0. (A real net
    # outflow is kept and logged: tests/test_timeline_model.py.)
    r = solved(case).result
    for kind, table in (("border", r.borders), ("corridor", r.corridors)):
        for name, arr in table.items():
            assert (arr >= 0.0).all(), (kind, name, float(arr.min()), int(arr.argmin()))


# ---- fleet, attacks ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_fleet_and_tankers_lost(solved: Any, case: str, params: ModelParameters) -> None:
    s = solved(case)
    m, r = s.model, s.result
    tl, fleet = m.timeline, params.fleet
    destroyed = np.zeros(s.T)
    for a in tl.attacks:
        destroyed[a.day] += a.tankers
    np.testing.assert_array_equal(r.tankers_lost, np.cumsum(destroyed))
    np.testing.assert_array_equal(r.fleet, np.maximum(fleet.tankers - np.cumsum(destroyed), 0.0))
    # Tankers on the road (README, "Fleet"): loaded leg and empty return, 2 x the arc's days,
    # counted on the days of the loaded leg, plus loading hours and unloading hours on what a
    # city takes off tankers: delivered plus stocked less drawn from stock and injected.
    on_road = np.zeros(s.T)
    for (i, t), x in s.x.items():
        for k, share in enumerate(_occupancy(m.arcs[i].lag_days)):
            if t + k < s.T:
                on_road[t + k] += 2.0 * share * x / s.v
    # Tankers an attack destroys leave the road on its day, as they leave the fleet.
    for (a, i, t), var in m.lost.items():
        for k, share in enumerate(_occupancy(m.arcs[i].lag_days)):
            if tl.attacks[a].day <= t + k < s.T:
                on_road[t + k] -= 2.0 * share * val(var) / s.v
    for (_, t), var in m.load.items():
        on_road[t] += val(var) * fleet.loading_hours / 24.0 / s.v
    unloaded = np.zeros(s.T)
    for (_, t), var in m.deliver.items():
        unloaded[t] += val(var)
    for n, (_cap, initial, _floor) in m.storage.items():
        level = [initial] + [val(m.stock[(n, t)]) for t in range(1, s.T + 1)]
        unloaded += np.diff(level)
        for t in range(s.T):
            if (n, t) in m.injected:
                unloaded[t] -= val(m.injected[(n, t)])
    assert (unloaded >= -1e-6).all()  # nothing drawn from stock is unloaded again
    on_road += unloaded * fleet.unloading_hours / 24.0 / s.v
    np.testing.assert_allclose(r.tankers_on_road, on_road, rtol=RTOL, atol=1e-4)
    assert (r.tankers_on_road <= r.fleet * (1 + RTOL) + 1e-4).all()
    if case == "backtest":
        assert r.to_dict()["tankers_lost"] == 211


@pytest.mark.parametrize("case", [
    "attack", "backtest",
])
def test_attack_cargo_bounds(solved: Any, case: str) -> None:
    # Each attack destroys at most its tankers' cargo, on its day, on its selection only.
    s = solved(case)
    m, r = s.model, s.result
    cargo = np.zeros(s.T)
    for a, attack in enumerate(m.timeline.attacks):
        lost = sum(val(var) for (b, _, _), var in m.lost.items() if b == a)
        assert lost <= attack.tankers * s.v * (1 + RTOL) + 1e-4, attack.label
        for (b, i, t), var in m.lost.items():
            if b == a:
                assert set(attack.segments) & set(m.arcs[i].segments) and t <= attack.day
                assert val(var) <= s.x.get((i, t), 0.0) * (1 + RTOL) + 1e-6
        cargo[attack.day] += lost
    np.testing.assert_allclose(r.cargo_lost_m3, cargo, rtol=RTOL, atol=1e-4)


def _passable(s: Solved, attack: Any) -> bool:
    """Whether anything can enter the attack's selection on its day (an arc with capacity,
    and, if it is escorted that day, escort units)."""
    m = s.model
    arcs = _attacked_entries(m, attack)  # (arc, day fuel entered it) on the selection that day
    return bool(arcs) and all(
        m.timeline.units(attack.day) > 0 for e in m.timeline.escorts
        if e.first <= attack.day <= e.last and e.segments & attack.segments)  # fmt: skip


@pytest.mark.parametrize("case", [
    "attack",
    # Before 2026-12-02 two of the six back-test attacks (Kaniéra-Lakamané, 14 Sep, and "50 km
    # from Kati", 28 Oct; 40 tankers each, on the escorted Senegal route) found no cargo: the
    # miss penalty (2 x the largest delivery value, 6.006 per m3) was below what the doomed
    # fuel's escort capacity delivers on the 300-tanker Guinean and Ivorian convoys.
    "backtest",
])  # fmt: skip
def test_attack_destroys_its_cargo_when_fuel_can_pass(solved: Any, case: str) -> None:
    # README, "Attacks": N x 46 m3 of the fuel entering the selection that day is lost; the plan
    # must have had that fuel there; only if nothing can pass the selection that day does the
    # loss go unmatched.
    s = solved(case)
    m = s.model
    missed = []
    for a, attack in enumerate(m.timeline.attacks):
        lost = sum(val(var) for (b, _, _), var in m.lost.items() if b == a)
        if _passable(s, attack):
            if abs(lost - attack.tankers * s.v) > RTOL * attack.tankers * s.v + 1e-4:
                missed.append(f"{attack.label} (day {attack.day}): {lost:,.1f} of {attack.tankers * s.v:,.0f} m3")
        else:
            assert lost == pytest.approx(0.0, abs=1e-6)
    assert not missed, "attacks whose cargo was not there though fuel could pass: " + "; ".join(missed)
    if case == "attack":
        assert [_passable(s, a) for a in m.timeline.attacks] == [True, False]


# ---- escorts and convoys ----------------------------------------------------------------------


def stretch_entries(s: Solved, segments: frozenset[str]) -> list[int]:
    """Arcs through which fuel enters an escorted stretch: arcs inside it leaving a place that
    fuel can reach from outside it (an arc from outside, or a loading point)."""
    m = s.model
    inside = {i for i, arc in enumerate(m.arcs) if segments & set(arc.segments)}
    fed_from_outside = {m.arcs[j].head for j in range(len(m.arcs)) if j not in inside}
    fed_from_outside |= set(m.supply_nodes)
    return [i for i in inside if m.arcs[i].tail in fed_from_outside]


def entering_stretch(s: Solved, segments: frozenset[str]) -> np.ndarray:
    """Fuel that enters an escorted stretch each day and needs a convoy (README, "Escorts and
    convoys"): at each place where fuel can come in, what leaves along the stretch beyond
    what arrived there along it that day (a convoy that arrived goes on)."""
    m = s.model
    inside = {i for i, arc in enumerate(m.arcs) if segments & set(arc.segments)}
    need = np.zeros(s.T)
    by_place: dict[Hashable, list[int]] = {}
    for i in stretch_entries(s, segments):
        by_place.setdefault(m.arcs[i].tail, []).append(i)
    for a, arcs in by_place.items():
        leaving = sum((s.entered(i) for i in arcs), np.zeros(s.T))
        along = sum((s.arrivals(j)[0] for j in m.arcs_in[a] if j in inside), np.zeros(s.T))
        need += np.maximum(leaving - along, 0.0)
    return need


@pytest.mark.parametrize("case", ["backtest", "escort"])
def test_escorts_and_convoys(solved: Any, case: str) -> None:
    s = solved(case)
    m, r = s.model, s.result
    tl = m.timeline
    np.testing.assert_array_equal(r.escort_units, [tl.units(t) for t in range(s.T)])
    used = np.zeros(s.T)
    for stretch in tl.escorts:
        convoys = r.convoys[stretch.label]
        trip = r.round_trip_days[stretch.label]
        assert trip >= stretch.rest_days
        assert (convoys >= 0).all()
        outside = [t for t in range(s.T) if not stretch.first <= t <= stretch.last]
        assert not convoys[outside].any(), f"{stretch.label}: convoys outside the rule's dates"
        assert stretch_entries(s, stretch.segments), stretch.label
        need = entering_stretch(s, stretch.segments)
        for t in range(stretch.first, stretch.last + 1):
            entering = need[t]
            room = convoys[t] * stretch.convoy_tankers * s.v
            # Convoys under 1e-6 are read as 0 (README, "Solver"): a convoy of 1e-6 carries
            # 1e-6 x its tankers' cargo.
            assert entering <= room * (1 + RTOL) + 1e-6 * stretch.convoy_tankers * s.v, f"{stretch.label} day {t}: {entering} > {room}"
        # A convoy keeps its unit busy for the round trip (+ rest), from the day it leaves.
        for t in range(s.T):
            for k, share in enumerate(_occupancy(trip) or [1.0]):
                if t + k < s.T:
                    used[t + k] += share * convoys[t]
    np.testing.assert_allclose(r.escort_units_used, used, rtol=RTOL, atol=1e-5)
    assert (r.escort_units_used <= r.escort_units * (1 + RTOL) + 1e-5).all()
    if case == "escort":
        assert r.convoys["Ivorian route"].sum() > 0 and r.convoys["Guinean route"].sum() > 0


# ---- closures and capacities ------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_closed_roads_and_posts_carry_nothing_and_capacities_hold(solved: Any, case: str) -> None:
    s = solved(case)
    m, r = s.model, s.result
    g, tl = m.graph, m.timeline
    edges = list(g.edges(keys=True))
    closed_checked = 0
    for i, arc in enumerate(m.arcs):
        caps = [float(g.edges[edges[j]]["capacity_trucks_per_day"]) * s.v for j in arc.edges]
        for t in range(s.T):
            factors = [tl.segment_effect(sid, t).effective_capacity_factor for sid in arc.segments]
            x = s.x.get((i, t), 0.0)
            if min(factors) == 0.0:
                assert x == 0.0, f"{case}: {arc.segments} carries {x} m3 on day {t}, when closed"
                closed_checked += 1
            else:
                assert x <= min(caps) * min(factors) * (1 + RTOL) + 1e-6
    for n, d in g.nodes(data=True):
        if d.get("role") != "border" or not d.get("name"):
            continue
        arrived = sum((s.arrivals(i)[0] for i in m.arcs_in[n]), np.zeros(s.T))
        for t in range(s.T):
            effect = tl.node_effect(d["name"], t)
            cap = math.inf if d.get("capacity_trucks_per_day") is None else float(d["capacity_trucks_per_day"]) * s.v
            cap *= effect.effective_capacity_factor if effect.effective_capacity_factor > 0 else 0.0
            assert arrived[t] <= cap * (1 + RTOL) + 1e-4, f"{case}: {d['name']} day {t}: {arrived[t]} > {cap}"
            if effect.effective_capacity_factor == 0.0:
                closed_checked += 1
    for (n, t), var in m.load.items():
        d = g.nodes[n]
        limit = min(float(d["supply_m3_per_day"]), float(d.get("capacity_trucks_per_day") or math.inf) * s.v)
        factor = tl.loading_factor.get(d["name"], (1.0,) * s.T)[t] * tl.node_effect(d["name"], t).effective_capacity_factor
        assert val(var) <= limit * factor * (1 + RTOL) + 1e-6
    if case in ("backtest", "closures", "attack"):
        assert closed_checked > 0
    if case == "closures":  # the closed post reports no arrivals on its closed days
        assert not r.borders["Kourémalé border"][1:6].any()


# ---- the steady state -------------------------------------------------------------------------

#: Every border post at 7 % of its capacity (together below demand: every post binds, so the
#: plan must cross the dangerous road into Kidira-Diboli, and the max flow to Bamako is the
#: posts'), losses on Mopti's only road and at a town, a degraded and a closed road: what the
#: illustrative files leave untested (their plans carry no fuel on a dangerous road).
STRESSED = """name = "stressed posts and lossy roads"
[[segment]]
id = "RN6:San-Sévaré"
loss_probability = 0.05
[[segment]]
id = "RN5:Siby-Bamako"
loss_probability = 0.05
capacity_factor = 0.5
[[segment]]
id = "RN7:Bougouni-Sikasso"
closed = true
[[segment]]
id = "N1:Kidira-Kidira-Diboli border"
loss_probability = 0.02
[[node]]
name = "Kati"
loss_probability = 0.01
[[node]]
name = "Kidira-Diboli border"
capacity_factor = 0.07
[[node]]
name = "Moussala border"
capacity_factor = 0.07
[[node]]
name = "Rosso border"
capacity_factor = 0.07
[[node]]
name = "Gogui border"
capacity_factor = 0.07
[[node]]
name = "Kourémalé border"
capacity_factor = 0.07
[[node]]
name = "Pogo-Zégoua border"
capacity_factor = 0.07
[[node]]
name = "Manankoro border"
capacity_factor = 0.07
[[node]]
name = "Koloko-Hérémakono border"
capacity_factor = 0.07
[[node]]
name = "Faramana-Koury border"
capacity_factor = 0.07
[[node]]
name = "Fassala border"
capacity_factor = 0.07
[[node]]
name = "Tengréla-Kadiana border"
capacity_factor = 0.07
[[node]]
name = "Mandiana-Yanfolila border"
capacity_factor = 0.07
"""

STEADY: dict[str, Path | str | None] = {
    "baseline": None,
    "scenario-blockade-2025": REPO / "models" / "scenario-blockade-2025.toml",
    "threat-blockade-2025": REPO / "models" / "threat-blockade-2025.toml",
    "stressed": STRESSED,
}
_STEADY: dict[str, Any] = {}


@pytest.fixture(scope="module")
def steady(graph: nx.MultiDiGraph, params: ModelParameters, tmp_path_factory: pytest.TempPathFactory) -> Any:
    def get(name: str) -> tuple[Any, Any]:
        if name not in _STEADY:
            path = STEADY[name]
            if isinstance(path, str):
                text, path = path, tmp_path_factory.mktemp("scenarios") / f"{name}.toml"
                path.write_text(text, encoding="utf-8")
            if path is None:
                scenario = None
            elif "threat" in path.name:
                scenario = load_threat(path).resolve(graph).scenario
            else:
                scenario = load_scenario(path)
            _STEADY[name] = (scenario, run_scenario(graph, params, scenario))
        return _STEADY[name]

    yield get
    _STEADY.clear()


def _effects(graph: nx.MultiDiGraph, scenario: Any) -> tuple[dict[Any, tuple[float, float]], dict[Any, tuple[float, float]]]:
    """(capacity factor, loss probability) per edge and per named node under the scenario."""
    segs = dict(scenario.segments) if scenario is not None else {}
    nodes = dict(scenario.nodes) if scenario is not None else {}
    e_eff = {}
    for u, v, k, d in graph.edges(keys=True, data=True):
        e = segs.get(d["segment_id"])
        e_eff[(u, v, k)] = (1.0, 0.0) if e is None else (e.effective_capacity_factor, e.loss_probability)
    n_eff = {}
    for n, d in graph.nodes(data=True):
        e = nodes.get(d.get("name"))
        n_eff[n] = (1.0, 0.0) if e is None else (e.effective_capacity_factor, e.loss_probability)
    return e_eff, n_eff


@pytest.mark.parametrize("name", list(STEADY))
def test_steady_state_conservation_capacities_and_totals(steady: Any, graph: nx.MultiDiGraph,
                                                        params: ModelParameters, name: str) -> None:
    scenario, r = steady(name)
    assert r.status == "optimal", r.message
    v = r.tanker_m3
    by_name = {d.get("name"): n for n, d in graph.nodes(data=True) if d.get("name")}
    e_eff, n_eff = _effects(graph, scenario)
    flow = {e: r.edge_flow_m3.get(e, 0.0) for e in graph.edges(keys=True)}
    loaded = {by_name[p]: x for p, x in zip(r.by_port["port"], r.by_port["loaded_m3_per_day"], strict=True)}
    delivered = {by_name[c]: x for c, x in zip(r.by_city["city"], r.by_city["delivered_m3_per_day"], strict=True)}
    scale = r.demand_m3_per_day
    lost = 0.0
    # Conservation (a generalized flow): (1 - q_node)(inflow after road losses + loaded)
    # = outflow + delivered, at every node.
    for n in graph.nodes:
        inflow = sum((1.0 - e_eff[e][1]) * flow[e] for e in graph.in_edges(n, keys=True))
        outflow = sum(flow[e] for e in graph.out_edges(n, keys=True))
        keep = 1.0 - n_eff[n][1]
        close(keep * (inflow + loaded.get(n, 0.0)), outflow + delivered.get(n, 0.0), scale,
              f"{name}: conservation at {graph.nodes[n].get('name') or n}")  # fmt: skip
        lost += (1.0 - keep) * (inflow + loaded.get(n, 0.0))
    # Capacities: segments, border posts, loading.
    for e, f in flow.items():
        d = graph.edges[e]
        assert f >= -1e-9
        assert f <= float(d["capacity_trucks_per_day"]) * v * e_eff[e][0] * (1 + RTOL) + 1e-6, d["segment_id"]
        lost += e_eff[e][1] * f
    for row in r.by_border.itertuples():
        n = by_name[row.border_post]
        inflow = sum((1.0 - e_eff[e][1]) * flow[e] for e in graph.in_edges(n, keys=True))
        close(row.crossed_m3_per_day, inflow, scale, row.border_post)
        cap = graph.nodes[n].get("capacity_trucks_per_day")
        if cap is not None:
            assert inflow <= float(cap) * v * n_eff[n][0] * (1 + RTOL) + 1e-6, row.border_post
    for n, x in loaded.items():
        d = graph.nodes[n]
        limit = min(float(d["supply_m3_per_day"]), float(d.get("capacity_trucks_per_day") or math.inf) * v)
        assert -1e-9 <= x <= limit * n_eff[n][0] * (1 + RTOL) + 1e-6, d["name"]
    # Demand: delivered + unmet = demand, delivered <= demand; the totals are the rows' sums.
    for row in r.by_city.itertuples():
        assert row.demand_m3_per_day == float(graph.nodes[by_name[row.city]]["demand_m3_per_day"])
        close(row.delivered_m3_per_day + row.unmet_m3_per_day, row.demand_m3_per_day, scale, row.city)
        assert -1e-9 <= row.delivered_m3_per_day <= row.demand_m3_per_day * (1 + RTOL) + 1e-6, row.city
        assert row.unmet_m3_per_day >= -1e-9
    out = r.to_dict()
    close(out["demand_m3_per_day"], float(r.by_city["demand_m3_per_day"].sum()), scale, "demand")
    close(out["delivered_m3_per_day"], sum(delivered.values()), scale, "delivered")
    close(out["unmet_m3_per_day"], out["demand_m3_per_day"] - out["delivered_m3_per_day"], scale, "unmet")
    assert out["delivered_tankers_per_day"] == pytest.approx(out["delivered_m3_per_day"] / v)
    # Expected losses = what the plan loads and does not deliver = sum of p x flow.
    close(r.losses_m3_per_day, lost, scale, "expected losses")
    close(sum(loaded.values()) - sum(delivered.values()), lost, scale, "loaded - delivered")
    assert out["losses_tankers_per_day"] == pytest.approx(r.losses_m3_per_day / v)
    # Routes (the flow decomposition) carry what is loaded and delivered, per city too.
    close(sum(p.delivered_m3_per_day for p in r.routes), sum(delivered.values()), scale, "routes delivered")
    close(sum(p.loaded_m3_per_day for p in r.routes), sum(loaded.values()), scale, "routes loaded")
    for city, n in by_name.items():
        if n in delivered:
            close(sum(p.delivered_m3_per_day for p in r.routes if p.destination == city), delivered[n], scale, city)
    corridors = float(r.by_corridor["delivered_m3_per_day"].sum()) if len(r.by_corridor) else 0.0
    close(corridors, sum(delivered.values()), scale, "by corridor")
    # Served and throughput: the prioritised plan serves no more than the most demand the
    # network can serve, which is no more than the throughput; lost = baseline - scenario.
    for cap in (r.served, r.throughput):
        close(cap.lost_m3_per_day, max(cap.baseline_m3_per_day - cap.scenario_m3_per_day, 0.0), scale, "lost")
        assert cap.lost_pct == pytest.approx(100.0 * cap.lost_m3_per_day / cap.baseline_m3_per_day)
    assert out["delivered_m3_per_day"] <= r.served.scenario_m3_per_day * (1 + RTOL) + 1e-6
    assert r.served.scenario_m3_per_day <= r.throughput.scenario_m3_per_day * (1 + RTOL) + 1e-6
    assert r.served.scenario_m3_per_day <= out["demand_m3_per_day"] * (1 + RTOL) + 1e-6
    # Fleet (README, "The routing model"): tanker-days used = 2 x driving time / driving hours
    # a day + loading, unloading and the border hours of each post, each way <= tankers.
    fleet = params.fleet
    used = sum(f / v * 2.0 * float(graph.edges[e]["travel_time_h"]) / fleet.driving_hours_per_day
               for e, f in flow.items())  # fmt: skip
    used += sum(loaded.values()) / v * fleet.loading_hours / 24.0
    used += sum(delivered.values()) / v * fleet.unloading_hours / 24.0
    used += sum(2.0 * fleet.border_hours / 24.0 / v * flow[e] for n, d in graph.nodes(data=True)
                if d.get("role") == "border" for e in graph.in_edges(n, keys=True))  # fmt: skip
    assert used <= fleet.tankers * (1 + RTOL) + 1e-6
    # The minimum cut to Bamako: its value is the max flow, and closing what it names leaves
    # nothing able to reach Bamako.
    assert r.min_cut is not None
    assert r.min_cut.value_m3_per_day == pytest.approx(_networkx_hub_max_flow(graph, scenario, set(), set(), v),
                                                       abs=1e-6)  # fmt: skip
    cut_nodes = {*r.min_cut.nodes, *r.min_cut.sources_cut}
    assert _networkx_hub_max_flow(graph, scenario, set(r.min_cut.segments), cut_nodes, v) == pytest.approx(0.0)
    if name == "baseline":  # README: the baseline serves all 4,750 m3/day; throughput 10,626
        assert out["delivered_m3_per_day"] == pytest.approx(4750.0)
        assert r.throughput.scenario_m3_per_day == pytest.approx(10_626.0)
    if name == "stressed":  # the case exercises what it is meant to
        assert r.losses_m3_per_day > 1.0 and (r.by_border["utilisation_pct"] > 99.99).sum() >= 3
    if name == "scenario-blockade-2025":  # README: Nioro du Sahel cut off, 60 m3/day unmet
        assert out["unmet_m3_per_day"] == pytest.approx(60.0, abs=1e-6)
        assert r.served.lost_pct == pytest.approx(100 * 60 / 4750, abs=0.05)


def _networkx_hub_max_flow(graph: nx.MultiDiGraph, scenario: Any, closed_segments: set[str],
                           closed_nodes: set[str], v: float) -> float:  # fmt: skip
    """Max flow from every loading point to Bamako with networkx: a super source feeds each
    loading point (its supply, capped by its loading capacity), border posts are split into
    in -> out arcs of their capacity, parallel roads add up, the scenario's factors apply."""
    e_eff, n_eff = _effects(graph, scenario)
    flow = nx.DiGraph()

    def inner(n: Hashable, side: str) -> Any:
        d = graph.nodes[n]
        return (n, side) if d.get("role") == "border" and d.get("capacity_trucks_per_day") is not None else (n, "")

    for n, d in graph.nodes(data=True):
        closed = d.get("name") in closed_nodes
        if d.get("role") == "border" and d.get("capacity_trucks_per_day") is not None:
            cap = 0.0 if closed else float(d["capacity_trucks_per_day"]) * v * n_eff[n][0]
            flow.add_edge((n, "in"), (n, "out"), capacity=cap)
        if (d.get("supply_m3_per_day") or 0) > 0:
            limit = min(float(d["supply_m3_per_day"]), float(d.get("capacity_trucks_per_day") or math.inf) * v)
            flow.add_edge("source", (n, ""), capacity=0.0 if closed else limit * n_eff[n][0])
    for u, w, k, d in graph.edges(keys=True, data=True):
        cap = 0.0 if d["segment_id"] in closed_segments else float(d["capacity_trucks_per_day"]) * v * e_eff[(u, w, k)][0]
        a, b = inner(u, "out"), inner(w, "in")
        if flow.has_edge(a, b):
            flow[a][b]["capacity"] += cap
        else:
            flow.add_edge(a, b, capacity=cap)
    hub = next(n for n, d in graph.nodes(data=True) if d.get("name") == "Bamako")
    return float(nx.maximum_flow_value(flow, "source", (hub, "")))


@pytest.mark.parametrize("name", ["baseline", "scenario-blockade-2025", "stressed"])
def test_n_minus_1_hub_max_flow_equals_networkx(steady: Any, graph: nx.MultiDiGraph, params: ModelParameters,
                                                name: str) -> None:  # fmt: skip
    # README, "Stress tests": hub_max_flow_m3_per_day is the pure max flow to Bamako (road,
    # border-post and loading capacities), hub_flow the same capped by the throughput.
    scenario, _ = steady(name)
    table = n_minus_1(SweepContext.create(graph, params, scenario), progress=False).table
    rng = random.Random(7)
    rows = list(table.head(5).itertuples()) + rng.sample(list(table.itertuples()), 10)
    rows += [row for row in table.itertuples() if row.kind != "segment"][:4]  # border posts
    v = float(graph.graph.get("tanker_volume_m3", 46.0))
    for row in rows:
        segs = set(filter(None, str(row.segments).split(";")))
        nodes = set(filter(None, str(row.nodes).split(";")))
        expected = _networkx_hub_max_flow(graph, scenario, segs, nodes, v)
        # Integer capacities of 1/1000 truck a day: at most half a unit per arc of the cut.
        assert row.hub_max_flow_m3_per_day == pytest.approx(expected, abs=0.5), row.id
        assert row.hub_flow_m3_per_day == pytest.approx(min(row.hub_max_flow_m3_per_day,
                                                            row.throughput_m3_per_day), abs=1e-9)  # fmt: skip
        assert row.served_m3_per_day <= row.throughput_m3_per_day * (1 + RTOL) + 1e-6


@pytest.mark.parametrize(("case", "label"), [
    ("backtest", "Senegal route escorted"),
    ("backtest", "Guinean route escorted"),
    # Before 2026-12-02 the convoy row counted every departure along the stretch from a place
    # where a road from outside joins it, so fuel already in a convoy needed a second one at
    # Sikasso and Bougouni: 265,180 m3 counted against at most 232,170 m3 entering.
    ("backtest", "Ivorian routes escorted"),
    ("escort", "Guinean route"),
    ("escort", "Ivorian route"),
])  # fmt: skip
def test_convoys_count_only_fuel_entering_the_stretch(solved: Any, case: str, label: str) -> None:
    # README, "Escorts and convoys": fuel entering the stretch <= convoys x convoy size x
    # tanker, and the reported convoys are those the plan's flows need. What needs a convoy at
    # a place must be fuel entering the stretch there: no more than what arrives that day from
    # outside the stretch or is loaded there (a city's stock is not trucked on, other places
    # hold none), nor than what leaves along the stretch.
    s = solved(case)
    m, r = s.model, s.result
    (stretch,) = [e for e in m.timeline.escorts if e.label == label]
    inside = {i for i, arc in enumerate(m.arcs) if stretch.segments & set(arc.segments)}
    counted = entering_stretch(s, stretch.segments)
    entering = np.zeros(s.T)
    for a in {m.arcs[i].tail for i in stretch_entries(s, stretch.segments)}:
        leaving = sum((s.entered(i) for i in m.arcs_out[a] if i in inside), np.zeros(s.T))
        arriving = sum((s.arrivals(j)[0] for j in m.arcs_in[a] if j not in inside), np.zeros(s.T))
        arriving += np.array([val(m.load[(a, t)]) if (a, t) in m.load else 0.0 for t in range(s.T)])
        entering += np.minimum(leaving, arriving)
    days = range(stretch.first, stretch.last + 1)
    over = {t: counted[t] - entering[t] for t in days if counted[t] > entering[t] * (1 + RTOL) + 1e-3}
    assert counted.sum() > 0
    assert not over, (f"{label}: {sum(over.values()):,.0f} m3 counted beyond the fuel entering on "
                      f"{len(over)} days (most {max(over.values()):,.0f} m3 on day {max(over, key=over.get)})")
    # The reported convoys carry exactly what enters (an interior-point optimum may hold more
    # convoy columns on days the escorts are slack; the result reads the plan's need).
    reported = r.convoys[label] * stretch.convoy_tankers * s.v
    np.testing.assert_allclose(reported[list(days)], counted[list(days)], rtol=1e-6,
                               atol=1e-6 * stretch.convoy_tankers * s.v)
