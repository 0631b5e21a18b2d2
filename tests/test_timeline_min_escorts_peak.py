"""``--min-escorts peak``: the fewest escort units on the busiest day that deliver as much
(then the fewest unit-days at that peak), against a hand-computed case, the ordinary timeline
with that many units (an oracle), the arc pricing and the command line."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplychain.cli import main
from supplychain.errors import ArgumentError
from supplychain.models.params import FleetParameters, ModelParameters
from supplychain.models.timeexp import TimelineModel, build_timeline_model, solve_timeline
from supplychain.models.timeexp_price import solve_priced
from supplychain.models.timeline import EscortStretch, StorageParameters, StorageSpec, Timeline

from .conftest import REPO, six_place_escort_case

BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"


def _params() -> ModelParameters:
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))


def _two_convoy_sizes() -> tuple[nx.MultiDiGraph, Timeline]:
    """Port P, city C (1 m3/day, a 20 m3 tank, empty on day 0), one road of 12 h (half a day
    at 24 h of driving: fuel leaving on a day arrives that day), escorted on all 4 days: in
    convoys of 2 tankers of 1 m3 on day 0, of 1 tanker on days 1-3; no rest, so a convoy holds
    its unit the day it leaves (round trip 1 day)."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n in "PC":
        g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=100.0, capacity_trucks_per_day=100.0)
    g.nodes["C"].update(role="city", demand_m3_per_day=1.0)
    for u, v in (("P", "C"), ("C", "P")):
        g.add_edge(u, v, segment_id="R:P-C", capacity_trucks_per_day=1000.0, length_km=240.0,
                   travel_time_h=12.0, corridors=["P-C"])  # fmt: skip
    storage = StorageParameters(0.0, 0.0, 0.0, {"C": StorageSpec(20.0, 0.0, 0.0)}, earliness=1e-3)
    escorts = (EscortStretch("big", frozenset({"R:P-C"}), 0, 0, 2.0, 0.0),
               EscortStretch("small", frozenset({"R:P-C"}), 1, 3, 1.0, 0.0))  # fmt: skip
    return g, Timeline("t", "", date(2026, 1, 1), 4, storage=storage, escorts=escorts, escort_units=(0.0,) * 4)


def _delivered(result: object) -> float:
    return sum(float(np.sum(c["delivered"])) for c in result.cities.values())  # type: ignore[attr-defined]


def test_the_fewest_unit_days_are_not_the_lowest_peak_by_hand() -> None:
    # Every day's 1 m3 must arrive by that day (4 m3). Day 0's big convoys take 0.5 unit-days
    # per m3, days 1-3's small ones 1: the fewest unit-days send all 4 m3 on day 0, 2 convoys,
    # 2 units that day and 2 unit-days. The busiest day is lowest with x m3 on day 0 (x / 2
    # units) and u on each later day, x / 2 = u and x + 3 u = 4: u = 0.8, x = 1.6 (arriving by
    # each day 1.6 >= 1, 2.4 >= 2, 3.2 >= 3, 4): 0.8 units every day, 3.2 unit-days.
    g, tl = _two_convoy_sizes()
    fewest = solve_timeline(build_timeline_model(g, _params(), tl, min_escorts=True))
    model = build_timeline_model(g, _params(), tl, min_escorts="peak")
    peak = solve_timeline(model)
    for r in (fewest, peak):
        assert r.status == "optimal" and r.escort_goal == "solved" and r.cost_goal == "solved"
        np.testing.assert_allclose(r.cities["C"]["delivered"], 1.0, atol=1e-6)
    np.testing.assert_allclose(fewest.escort_units_used, [2.0, 0.0, 0.0, 0.0], atol=1e-5)  # the goal rows' tolerances
    np.testing.assert_allclose(peak.escort_units_used, [0.8] * 4, atol=1e-5)
    assert model.escort_peak_units == pytest.approx(0.8, abs=1e-6)
    # P held at its minimum within 1e-6 relative, plus 1e-6, and the unit-days within theirs.
    np.testing.assert_allclose(peak.convoys["big"], [0.8, 0.0, 0.0, 0.0], atol=1e-5)
    np.testing.assert_allclose(peak.convoys["small"], [0.0, 0.8, 0.8, 0.8], atol=1e-5)
    need = peak.to_dict()["escort_units_needed"]
    assert need["minimised"] == "max_per_day" and need["goal"] == "solved"
    assert need["max_per_day"] == pytest.approx(0.8, abs=5e-6)
    assert need["unit_days"] == pytest.approx(3.2, abs=1e-5)
    assert fewest.to_dict()["escort_units_needed"]["minimised"] == "unit_days"
    assert ("escort units needed: at most 0.80 on any day (the busiest day's, minimised: the fewest that "
            "deliver as much); 0.80 a day on average, 3.2 unit-days within the horizon (minimised at "
            "that peak)") in peak.summary()  # fmt: skip


def _delivery_value(model: TimelineModel) -> float:
    """Stage 1's objective without its transit and unit-day prices (what "delivers as much"
    compares): priority-weighted deliveries with the earliness bonus, attacks, injections."""
    priced = {*model.x.values(), *model.convoys.values()}
    return sum(c * (v.varValue or 0.0) for v, c in model.stage1.items() if v not in priced)


def _with_units(g: nx.MultiDiGraph, tl: Timeline, units: float) -> float:
    """Stage 1's delivery value of the ordinary timeline with ``units`` escort units a day."""
    model = build_timeline_model(g, _params(), replace(tl, escort_units=(units,) * tl.days))
    assert solve_timeline(model, lexicographic=False, crossover=True).status == "optimal"
    return _delivery_value(model)


def _check_oracle(g: nx.MultiDiGraph, tl: Timeline) -> float:
    """P equals the smallest constant number of units with which the ordinary timeline
    delivers as much as with unlimited units; returns P."""
    model = build_timeline_model(g, _params(), tl, min_escorts="peak")
    result = solve_timeline(model)
    assert result.status == "optimal" and result.escort_goal == "solved"
    p = model.escort_peak_units
    assert p is not None and p >= 0.0
    # The plan's busiest day: at most P as held for the later goals (1e-6 relative, plus 1e-6).
    assert p - 1e-6 <= float(result.escort_units_used.max()) <= p * (1.0 + 1e-6) + 1e-6 + 1e-9
    unlimited = _with_units(g, tl, 1e6)
    assert _with_units(g, tl, p * (1.0 + 1e-6) + 1e-7) >= unlimited - 1e-6 * abs(unlimited) - 1e-6
    if p > 1e-3:
        assert _with_units(g, tl, 0.99 * p) < unlimited - 1e-7
    return p


def test_the_hand_case_against_the_ordinary_timeline() -> None:
    g, tl = _two_convoy_sizes()
    assert _check_oracle(g, tl) == pytest.approx(0.8, abs=1e-6)
    assert _with_units(g, tl, 0.8) == pytest.approx(_with_units(g, tl, 1e6), abs=1e-7)


_ROADS = (("P", "A"), ("A", "C"), ("P", "J"), ("J", "C"), ("A", "D"), ("J", "K"), ("K", "D"), ("C", "D"))


@st.composite
def _escorted_networks(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, Timeline]:
    """6 places (port P, cities C and D) on the roads of conftest.six_place_escort_case with
    drawn times and capacities; one or two escorted roads, drawn days, convoy sizes and rests."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n in "PACJKD":
        g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=float(draw(st.integers(3, 20))), capacity_trucks_per_day=100.0)
    for city in "CD":
        g.nodes[city].update(role="city", demand_m3_per_day=float(draw(st.integers(1, 4))))
    for a, b in _ROADS:
        hours = float(draw(st.sampled_from([12.0, 24.0, 36.0, 48.0])))
        trucks = float(draw(st.sampled_from([1.0, 2.0, 3.0, 1000.0])))
        for u, v in ((a, b), (b, a)):
            g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=trucks, length_km=hours * 20.0,
                       travel_time_h=hours, corridors=[f"{a}-{b}"])  # fmt: skip
    days = draw(st.integers(5, 9))
    stretches = []
    for k in range(draw(st.integers(1, 2))):
        a, b = draw(st.sampled_from(_ROADS))
        first = draw(st.integers(0, days - 2))
        last = draw(st.integers(first, days - 1))
        stretches.append(EscortStretch(f"g{k}", frozenset({f"R:{a}-{b}"}), first, last,
                                       float(draw(st.integers(1, 3))), float(draw(st.integers(0, 1)))))  # fmt: skip
    storage = StorageParameters(0.0, 0.0, 0.0, {"C": StorageSpec(float(draw(st.sampled_from([0.0, 10.0]))), 0.0, 0.0)},
                                earliness=1e-3)  # fmt: skip
    return g, Timeline("t", "", date(2026, 1, 1), days, storage=storage, escorts=tuple(stretches),
                       escort_units=(0.0,) * days)  # fmt: skip


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(_escorted_networks())
def test_the_peak_is_the_fewest_constant_units_that_deliver_as_much(case: tuple[nx.MultiDiGraph, Timeline]) -> None:
    g, tl = case
    _check_oracle(g, tl)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(_escorted_networks())
def test_priced_equals_unpriced(case: tuple[nx.MultiDiGraph, Timeline]) -> None:
    g, tl = case
    full_model = build_timeline_model(g, _params(), tl, min_escorts="peak")
    full = solve_timeline(full_model)
    priced_model, priced = solve_priced(g, _params(), tl, min_escorts="peak")
    for r in (full, priced):
        assert r.status == "optimal" and r.escort_goal == "solved"
    assert priced.arc_pricing["certified"]
    assert priced.arc_pricing["goals"] == ["delivery", "busiest day's escort units", "escort unit-days"]
    # Tolerances from random networks of this strategy, not derandomized (2026-12-06): each run
    # keeps its own stage-1 plan's deliveries as floors and the priced stage 1 is proved to the
    # pricing's tolerance, so over 300 networks delivery differed by up to 1.3e-6 m3, P by up to
    # 3.7e-7 units and the unit-days by up to 3.3e-5 relative (1.0000363 unpriced, 1.0000033
    # priced), and P by 4.7e-6 of 3.0 in earlier draws (README: P to about 1e-5), the code of
    # the day before alike. Tighter bounds held only for the examples derandomize gives this
    # Hypothesis version, which is not pinned.
    assert _delivered(priced) == pytest.approx(_delivered(full), rel=1e-7, abs=1e-5)
    assert priced_model.escort_peak_units == pytest.approx(full_model.escort_peak_units, rel=1e-5, abs=1e-5)
    assert float(priced.escort_units_used.sum()) == pytest.approx(float(full.escort_units_used.sum()),
                                                                  rel=1e-4, abs=1e-4)  # fmt: skip


def test_priced_equals_unpriced_on_the_review_network() -> None:
    g, prm, tl = six_place_escort_case()
    full_model = build_timeline_model(g, prm, tl, min_escorts="peak")
    full = solve_timeline(full_model)
    priced_model, priced = solve_priced(g, prm, tl, min_escorts="peak")
    assert priced.arc_pricing["certified"] and priced.arc_pricing["rounds"] >= 2
    assert priced_model.escort_peak_units == pytest.approx(full_model.escort_peak_units, rel=1e-6)
    assert full_model.escort_peak_units == pytest.approx(2.0, abs=1e-6)
    # The peak of the fewest unit-days plan is 2 already: the same unit-days as --min-escorts.
    plain = solve_timeline(build_timeline_model(g, prm, tl, min_escorts=True))
    for r in (priced, full):
        assert float(r.escort_units_used.sum()) == pytest.approx(float(plain.escort_units_used.sum()), rel=1e-6)


def test_the_api_refuses_another_goal_name() -> None:
    g, tl = _two_convoy_sizes()
    with pytest.raises(ArgumentError, match="'busiest'"):
        build_timeline_model(g, _params(), tl, min_escorts="busiest")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_cli_min_escorts_alone_is_unit_days_and_peak_takes_a_value(tmp_path: Path) -> None:
    outputs = {}
    # The flag alone followed by another option, and the value's two spellings.
    for name, args in (("alone", ["--min-escorts"]), ("equals", ["--min-escorts=peak"]),
                       ("space", ["--min-escorts", "peak"]), ("named", ["--min-escorts", "unit-days"])):  # fmt: skip
        out = tmp_path / f"{name}.parquet"
        code, text = _run("timeline", "--scenario", str(BACKTEST), "--days", "14", *args, "--out", str(out))
        assert code == 0, text
        outputs[name] = (text, json.loads(out.with_suffix(".json").read_text(encoding="utf-8")))
    for name in ("alone", "named"):
        text, summary = outputs[name]
        need = summary["escort_units_needed"]
        assert need["minimised"] == "unit_days" and summary["command"]["min_escorts"] is True
        # 0.67, 1.13 and 9.4 when the unit-days goal kept stage 1's whole objective (before
        # 2026-12-06: only stage 1's near-ties, not every plan delivering as much).
        # The busiest day is one plan's among those with the fewest unit-days (1.10 and 1.11 in
        # two equally good plans): read to the tenth. At 10 driving hours a day (before
        # 2026-12-07): 0.65 a day on average, at most 1.1x, 9.1 unit-days; at 4.3 h the round
        # trips are longer, so each convoy holds its unit longer.
        assert re.search(r"escort units needed: 0\.89 a day on average, at most 2\.3\d; 12\.5 unit-days", text)
    assert outputs["alone"][1]["escort_units_needed"] == outputs["named"][1]["escort_units_needed"]
    for name in ("equals", "space"):
        text, summary = outputs[name]
        need = summary["escort_units_needed"]
        assert need["minimised"] == "max_per_day" and need["goal"] == "solved"
        assert summary["command"]["min_escorts"] == "peak"
        assert need["max_per_day"] < outputs["alone"][1]["escort_units_needed"]["max_per_day"] - 0.1
        assert f"escort units needed: at most {need['max_per_day']:.2f} on any day (the busiest day's, minimised" in text
        assert summary["delivered_m3"] == pytest.approx(outputs["alone"][1]["delivered_m3"], rel=1e-7)
    # The report's note says which goal ran: "only their total is minimised" was said of a peak
    # run too (before 2026-12-06).
    notes = {}
    for name in ("alone", "space"):
        page = tmp_path / f"{name}.html"
        code, text = _run("report", "--timeline", str(tmp_path / f"{name}.parquet"), "--out", str(page))
        assert code == 0, text
        notes[name] = page.read_text(encoding="utf-8")
    assert "Only their total is minimised" in notes["alone"] and "then the units on the busiest day" not in notes["alone"]
    assert "then the units on the busiest day (the fewest that deliver as much" in notes["space"]
    assert "Only their total is minimised" not in notes["space"]


def test_cli_refuses_an_unknown_goal_and_a_combination(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    code, text = _run("timeline", "--scenario", str(BACKTEST), "--days", "7", "--min-escorts", "busiest",
                      "--out", str(out))  # fmt: skip
    assert code == 1 and text.count("error:") == 1 and "'busiest' is not one of 'unit-days', 'peak'" in text
    code, text = _run("timeline", "--scenario", str(BACKTEST), "--days", "7", "--min-escorts", "peak",
                      "--min-stock", "--out", str(out))  # fmt: skip
    assert code == 1 and text.count("error:") == 1 and "--min-escorts cannot be combined with --min-stock" in text
    assert not out.exists()


def test_a_busiest_day_goal_that_does_not_finish_keeps_the_stage_1_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    # The busiest-day goal and its two retries without presolve stop after one iteration: the
    # stage-1 plan is kept (P unbounded again, so stage 2 can keep it), with today's wording.
    from supplychain.models import timeexp_solve

    g, tl = _two_convoy_sizes()
    plain = solve_timeline(build_timeline_model(g, _params(), tl, min_escorts=True))
    runs: list[int] = []
    original = timeexp_solve.run_interruptible

    def goal_stops(highs: object) -> None:
        runs.append(1)
        stop = 2 <= len(runs) <= 4  # run 1 is stage 1
        for limit in ("ipm_iteration_limit", "simplex_iteration_limit"):
            highs.setOptionValue(limit, 1 if stop else 2**31 - 1)  # type: ignore[attr-defined]
        original(highs)

    monkeypatch.setattr(timeexp_solve, "run_interruptible", goal_stops)
    monkeypatch.setattr(timeexp_solve, "_GOAL_CROSSOVER_MAX_ROWS", 0)  # the crossover would finish it
    model = build_timeline_model(g, _params(), tl, min_escorts="peak")
    result = solve_timeline(model)
    assert result.status == "optimal" and result.escort_goal == "not finished" and result.cost_goal == "solved"
    assert model.escort_peak_units is None
    np.testing.assert_allclose(result.cities["C"]["delivered"], plain.cities["C"]["delivered"], atol=1e-6)
    assert result.to_dict()["escort_units_needed"]["minimised"] == "max_per_day"
    assert "(the unit-days goal did not finish: not the fewest)" in result.summary()
    assert "busiest day's, minimised" not in result.summary()


def test_the_report_caption_names_the_goal() -> None:
    from supplychain.reports.timeline_section import _escort_caption

    escorts = {"dates": ["2026-01-01"], "units": [0.0]}
    peak = {"goal": "solved", "minimised": "max_per_day", "mean_per_day": 0.8, "max_per_day": 0.8}
    said = _escort_caption(escorts, peak)
    assert "the units on the busiest day, then the escort unit-days, minimised after delivery" in said
    assert "at most 0.80." in said
    said = _escort_caption(escorts, {**peak, "minimised": "unit_days"})
    assert "the escort unit-days minimised after delivery" in said and "busiest" not in said
    assert "busiest" not in _escort_caption(escorts, {"goal": "solved", "mean_per_day": 1.0, "max_per_day": 2.0})


def test_cli_peak_with_arc_pricing_has_the_unpriced_figures(tmp_path: Path) -> None:
    need = {}
    for flag in ("--arc-pricing", "--no-arc-pricing"):
        out = tmp_path / f"{flag[2:]}.parquet"
        code, text = _run("timeline", "--scenario", str(BACKTEST), "--days", "14", "--min-escorts", "peak",
                          flag, "--out", str(out))  # fmt: skip
        assert code == 0, text
        summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        n = summary["escort_units_needed"]
        need[flag] = (summary["delivered_m3"], n["max_per_day"], n["unit_days"])
        if flag == "--arc-pricing":
            assert "no arc left out improves delivery or busiest day's escort units or escort unit-days\n" in text
            assert summary["arc_pricing"]["certified"]
            assert summary["arc_pricing"]["arcs_used"] < summary["arc_pricing"]["arcs"]
    (d_priced, p_priced, u_priced), (d_full, p_full, u_full) = need["--arc-pricing"], need["--no-arc-pricing"]
    assert d_priced == pytest.approx(d_full, rel=1e-7)
    # Each run keeps its own stage-1 plan's deliveries (equal-valued plans differ) and a goal
    # row 1e-8 relative below its value: 0.911647 priced, 0.911652 unpriced (6e-6) on these
    # 14 days, equal to 1e-11 on 30 (README, "--min-escorts").
    assert p_priced == pytest.approx(p_full, rel=1e-5)
    # The unit-days to about 1 % (README, "--min-escorts": the goal rows keep each run's own
    # optimum to its tolerances, and a unit-day is worth 1e-5 x a convoy's m3 in them): 9.483
    # priced, 9.572 unpriced within the horizon here (totals 12.924 and 13.026), 35.754 both on
    # 30 days. The unpriced LP on the priced run's arcs alone found 9.215 (totals not compared).
    assert u_priced == pytest.approx(u_full, rel=2e-2)
