"""``--min-escorts``: the fewest escort unit-days of every plan that delivers as much, not only
of stage 1's near-ties (stage 1's delivery is kept, by bounds, without the transit and unit-day prices;
stage 1's whole objective is maximised again after the escort goals), against a hand-computed
case and an LP built directly (an oracle)."""

from __future__ import annotations

from datetime import date

import highspy
import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from supplychain.models.params import FleetParameters, ModelParameters
from supplychain.models.timeexp import TimelineModel, build_timeline_model, solve_timeline
from supplychain.models.timeexp_solve import load_into_highs
from supplychain.models.timeline import EscortStretch, StorageParameters, StorageSpec, Timeline

from .test_timeline_min_escorts_peak import _escorted_networks

DAYS = 6


def _params() -> ModelParameters:
    return ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))


def _escorted_or_detour() -> tuple[nx.MultiDiGraph, Timeline]:
    """Port P, city C (1 m3/day, a 20 m3 tank, empty on day 0): the direct road P - C of 12 h,
    escorted every day (convoys of 1 tanker of 1 m3, no rest: a 1-day round trip, 1 unit-day
    per m3), or the detour P - J - C of 2 x 24 h, unescorted, whose fuel leaving on day 0
    arrives on day 1. Per m3, the direct road costs stage 1 0.5 day of transit price plus the
    unit-day price (1e-5 x the 1 m3 convoy), 1.5e-5, the detour 2 days of transit, 2e-5."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n in "PCJ":
        g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=100.0, capacity_trucks_per_day=100.0)
    g.nodes["C"].update(role="city", demand_m3_per_day=1.0)
    for a, b, hours in (("P", "C", 12.0), ("P", "J", 24.0), ("J", "C", 24.0)):
        for u, v in ((a, b), (b, a)):
            g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=1000.0, length_km=hours * 20.0,
                       travel_time_h=hours, corridors=[f"{a}-{b}"])  # fmt: skip
    storage = StorageParameters(0.0, 0.0, 0.0, {"C": StorageSpec(20.0, 0.0, 0.0)}, earliness=1e-3)
    escorts = (EscortStretch("direct", frozenset({"R:P-C"}), 0, DAYS - 1, 1.0, 0.0),)
    return g, Timeline("t", "", date(2026, 1, 1), DAYS, storage=storage, escorts=escorts,
                       escort_units=(0.0,) * DAYS)  # fmt: skip


def _unit_days(model: TimelineModel) -> float:
    """The plan's escort unit-days as the goal counts them: convoys x their round trip."""
    return sum(model.round_trip_days[g] * (var.varValue or 0.0) for (g, _), var in model.convoys.items())


@pytest.mark.parametrize("goal", [True, "peak"])
def test_a_longer_unescorted_detour_takes_the_escorts_off_by_hand(goal: bool | str) -> None:
    # Every day's 1 m3 arrives by that day either way. Day 0's can only come by the escorted
    # road (1 convoy, 1 unit-day); days 1-5's by the detour, with no escort: 1 unit-day in all,
    # 1 unit on day 0 (the busiest day's fewest too). Before 2026-12-06 the goal row kept
    # stage 1's whole objective, in which the detour's transit costs more than the escort it
    # saves: the goal kept the escorted road, 5.788 unit-days (3, 0, 0, 1, 1.788 units a day;
    # 3.0 units on the busiest day with --min-escorts peak: a peak of 1 cost more transit).
    g, tl = _escorted_or_detour()
    model = build_timeline_model(g, _params(), tl, min_escorts=goal)
    result = solve_timeline(model)
    assert result.status == "optimal" and result.escort_goal == "solved" and result.cost_goal == "solved"
    np.testing.assert_allclose(result.cities["C"]["delivered"], 1.0, atol=1e-6)
    assert _unit_days(model) == pytest.approx(1.0, abs=1e-5)  # the held row's 1e-6 relative, plus 1e-6
    np.testing.assert_allclose(result.escort_units_used, [1.0, 0.0, 0.0, 0.0, 0.0, 0.0], atol=1e-5)
    assert result.to_dict()["escort_units_needed"]["unit_days"] == pytest.approx(1.0, abs=1e-3)
    if goal == "peak":
        assert model.escort_peak_units == pytest.approx(1.0, abs=1e-6)


def _oracle_unit_days(g: nx.MultiDiGraph, tl: Timeline) -> tuple[float, float]:
    """The fewest unit-days of the plans delivering as much, from an LP built directly: the
    model's rows in HiGHS, stage 1's delivery terms alone (its objective without the transit and
    unit-day prices) maximised, held, then the unit-days minimised; each by the dual simplex
    with tolerances of 1e-10 (the earliness bonus is 1e-3 per m3-day: 1e-7 of delivery value
    moves 1e-4 m3 a day later, up to 6e-4 unit-days on these networks). Returns (delivery value, unit-days)."""
    model = build_timeline_model(g, _params(), tl, min_escorts=True)
    highs = load_into_highs(model)
    priced = {*model.x.values(), *model.convoys.values()}
    delivery = {var.index: c for var, c in model.stage1.items() if var not in priced}
    n = highs.getNumCol()
    cols = np.arange(n, dtype=np.int32)
    costs = np.zeros(n)
    for i, c in delivery.items():
        costs[i] = c
    for option, setting in (("solver", "simplex"), ("primal_feasibility_tolerance", 1e-10),
                            ("dual_feasibility_tolerance", 1e-10)):  # fmt: skip
        highs.setOptionValue(option, setting)
    highs.changeColsCost(n, cols, costs)
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    value = float(highs.getInfo().objective_function_value)
    index = np.array(sorted(delivery), dtype=np.int32)
    highs.addRow(value - 1e-12 * abs(value), highspy.kHighsInf, len(index), index,
                 np.array([delivery[i] for i in index]))  # fmt: skip
    costs = np.zeros(n)
    for (stretch, _), var in model.convoys.items():
        costs[var.index] += model.round_trip_days[stretch]
    highs.changeColsCost(n, cols, costs)
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return value, float(highs.getInfo().objective_function_value)


def test_the_hand_case_against_the_oracle() -> None:
    assert _oracle_unit_days(*_escorted_or_detour())[1] == pytest.approx(1.0, abs=1e-6)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(_escorted_networks())
def test_the_unit_days_are_the_oracles(case: tuple[nx.MultiDiGraph, Timeline]) -> None:
    g, tl = case
    model = build_timeline_model(g, _params(), tl, min_escorts=True)
    result = solve_timeline(model)
    assert result.status == "optimal" and result.escort_goal == "solved"
    _, fewest = _oracle_unit_days(g, tl)
    assert _unit_days(model) == pytest.approx(fewest, rel=1e-5, abs=1e-5)


def test_a_last_goal_that_does_not_finish_keeps_the_stage_1_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stage 1's objective under the escort goals and its two retries without presolve stop after
    # one iteration: the stage-1 plan is kept (the unit-days row released, so stage 2 can keep
    # it), "not finished" as for the other goals.
    from supplychain.models import timeexp_solve

    runs: list[int] = []
    original = timeexp_solve.run_interruptible

    def last_goal_stops(highs: highspy.Highs) -> None:
        runs.append(1)
        stop = 2 <= len(runs) <= 4  # run 1 is the unit-days goal (stage 1 goes through PuLP)
        for limit in ("ipm_iteration_limit", "simplex_iteration_limit"):
            highs.setOptionValue(limit, 1 if stop else 2**31 - 1)
        original(highs)

    monkeypatch.setattr(timeexp_solve, "run_interruptible", last_goal_stops)
    g, tl = _escorted_or_detour()
    model = build_timeline_model(g, _params(), tl, min_escorts=True)
    result = solve_timeline(model)
    assert len(runs) == 5  # stage 2 ran too
    assert result.status == "optimal" and result.escort_goal == "not finished" and result.cost_goal == "solved"
    np.testing.assert_allclose(result.cities["C"]["delivered"], 1.0, atol=1e-6)
    assert _unit_days(model) > 2.0  # stage 1's plan keeps the escorted road
    assert "(the unit-days goal did not finish: not the fewest)" in result.summary()
