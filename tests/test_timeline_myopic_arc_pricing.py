"""Myopic plans with their arcs priced in (``supplychain timeline --foresight myopic
--arc-pricing``, the default on the imported networks; ``solve_myopic(arc_pricing=True)``).

Each solve of a myopic plan (the first, then one per attack day that finds cargo) is priced
with the days before its cut-off fixed in every round. The oracle: each priced solve has the
optimum of the whole model with the same days fixed. Where plans tie, the priced plan may be
another of the optima than the whole model's, and an attack may then find other cargo, so the
myopic figures themselves are not compared with the unpriced run's.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pulp
import pytest
from click.testing import CliRunner
from hypothesis import given, note, settings

from supplychain.cli import main
from supplychain.errors import ParameterError
from supplychain.models import load_model_parameters, timeexp_price
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeexp_myopic import learning_days, solve_myopic
from supplychain.models.timeline import Attack, Timeline
from tests.conftest import params_at_driving_hours
from tests.test_timeline_properties_more import SETTINGS, cases, graph, params, timeline

START = date(2026, 1, 1)


def _guinean_ambushes(days: int = 14) -> Timeline:
    """Two ambushes every third day on the Guinean road into Bamako (days 2-11), one of them
    on the road before it too: the first plan carries fuel there, so they find cargo."""
    road, both = frozenset({"RN5:Siby-Bamako"}), frozenset({"RN5:Siby-Bamako", "RN5:Naréna-Siby"})
    attacks = [Attack(f"{n}{d}", d, 40.0, s) for d in range(2, days, 3) for n, s in (("a", road), ("b", both))]
    return Timeline("t", "", START, days, attacks=tuple(attacks))


def _checked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float, dict[str, Any]]]:
    """Every priced solve of solve_myopic, with the whole model's optimum under the same fixed
    days: (priced stage-1 objective, whole stage-1 objective, the solve's arc_pricing)."""
    seen: list[tuple[float, float, dict[str, Any]]] = []
    real = timeexp_price.solve_priced

    def spy(graph: nx.MultiDiGraph, params: Any, tl: Timeline, **kw: Any) -> Any:
        # The whole model first: prepare() fixes the model it is given and keeps the fleet
        # slack of the last one, which must be the priced plan's.
        whole = build_timeline_model(graph, params, tl, arcs=kw["arcs"], tanker_m3=kw.get("tanker_m3"),
                                     drop_fleetless_trips=kw["drop_fleetless_trips"])  # fmt: skip
        kw["prepare"](whole)
        done = solve_timeline(whole, lexicographic=False)
        model, result = real(graph, params, tl, **kw)
        assert result.status == done.status == "optimal", (result.status, done.status)
        seen.append((float(pulp.value(model.stage1)), float(pulp.value(whole.stage1)), result.arc_pricing))
        return model, result

    monkeypatch.setattr(timeexp_price, "solve_priced", spy)
    return seen


def test_each_priced_solve_has_the_whole_models_optimum_with_the_same_days_fixed(
        embedded_network: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    seen = _checked(monkeypatch)
    r = solve_myopic(embedded_network, load_model_parameters(), _guinean_ambushes(), lexicographic=False,
                     arc_pricing=True)  # fmt: skip
    assert r.status == "optimal", r.message
    found = sum(a["tankers_found"] for a in r.foresight["attacks"])
    assert found > 50.0  # the attacks found cargo: plans were made again after them
    assert len(seen) == r.foresight["solves"] > 2
    for priced, whole, _ in seen:
        assert priced == pytest.approx(whole, rel=1e-7, abs=1e-4)
    # The pricing left arcs out and proved each plan optimal for every arc.
    assert any(p["arcs_used"] < p["arcs"] for *_, p in seen)
    assert all(p["certified"] for *_, p in seen)
    assert r.arc_pricing is not None
    assert r.arc_pricing["certified"] is True and r.arc_pricing["solves"] == len(seen)
    assert r.arc_pricing["rounds_per_solve"] == [p["rounds"] for *_, p in seen]
    # How the plan's pricing started: the first solve's start, the later ones from its arcs.
    assert r.arc_pricing["start"] == "steady" and {p["start"] for *_, p in seen[1:]} == {"given"}
    # What the attacks destroyed is what they found, and the fleet lost it.
    assert float(r.cargo_lost_m3.sum()) / 46.0 == pytest.approx(found, abs=1e-3)
    assert r.tankers_lost[-1] == pytest.approx(found, abs=1e-4)


def test_a_later_solve_starts_from_the_arcs_of_the_plan_before(embedded_network: nx.MultiDiGraph,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    starts: list[frozenset[int] | None] = []
    actives: list[frozenset[int] | None] = []
    real = timeexp_price.solve_priced

    def spy(*args: Any, **kw: Any) -> Any:
        starts.append(kw["start_arcs"])
        model, result = real(*args, **kw)
        actives.append(model.active)
        return model, result

    monkeypatch.setattr(timeexp_price, "solve_priced", spy)
    r = solve_myopic(embedded_network, load_model_parameters(), _guinean_ambushes(8), lexicographic=False,
                     arc_pricing=True)  # fmt: skip
    assert r.status == "optimal" and len(starts) >= 2
    assert starts[0] is None  # the first plan: from the steady state's arcs
    # Each later one from the arcs of the plan it fixes the days of: the last solve's, or the
    # one before it when a day is solved again with the cargo its attacks matched.
    for k, start in enumerate(starts[1:], 1):
        assert start is not None and start in actives[:k], k


def test_arc_pricing_with_a_detour_is_refused(embedded_network: nx.MultiDiGraph) -> None:
    with pytest.raises(ParameterError, match=r"arc pricing is exact and detour = 0\.5 an approximation"):
        solve_myopic(embedded_network, load_model_parameters(), _guinean_ambushes(4), detour=0.5, arc_pricing=True)


@settings(SETTINGS, max_examples=30)
@given(case=cases())
def test_a_priced_myopic_plan_always_exists_and_each_solve_is_the_whole_models_optimum(case: dict[str, Any]) -> None:
    g, p, tl = graph(case), params(case), timeline(case)
    note(str([(a.label, a.day, a.tankers, sorted(a.segments)) for a in tl.attacks]))
    with pytest.MonkeyPatch.context() as m:
        seen = _checked(m)
        r = solve_myopic(g, p, tl, lexicographic=False, arc_pricing=True)
    assert r.status == "optimal", r.message
    assert len(seen) == r.foresight["solves"] >= 1
    for priced, whole, _ in seen:
        assert priced == pytest.approx(whole, rel=1e-6, abs=1e-4)
    found = r.foresight["attacks"]
    for a in found:
        assert 0.0 <= a["tankers_found"] <= a["tankers_drawn"] + 1e-9
    inside = sum(a["tankers_found"] for a in found if 0 <= a["day"] < tl.days)
    assert r.cargo_lost_m3.sum() == pytest.approx(inside, abs=1e-5)
    if not learning_days(tl):
        # No attack to learn: one solve, the perfect-foresight plan's delivery.
        whole = build_timeline_model(g, p, tl)
        assert solve_timeline(whole, lexicographic=False).status == "optimal"
        assert seen[0][0] == pytest.approx(float(pulp.value(whole.stage1)), rel=1e-6, abs=1e-4)


def test_timeline_command_prices_a_myopic_plan_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "t.parquet"
    scenario = Path(__file__).resolve().parents[1] / "models" / "timeline-blockade-2025-26.toml"
    r = CliRunner().invoke(main, ["timeline", "--scenario", str(scenario), "--start", "2025-10-15", "--days", "12",
                                  "--foresight", "myopic", "--arc-pricing", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "no effect" not in r.output  # --arc-pricing acts on a myopic plan
    assert "  arcs priced in each of its " in r.output and "no arc left out improves delivery" in r.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["command"]["arc_pricing"] is True and summary["foresight"]["kind"] == "myopic"
    assert summary["arc_pricing"]["solves"] == summary["foresight"]["solves"]
    assert summary["arc_pricing"]["certified"] is True
    html = tmp_path / "r.html"
    shown = CliRunner().invoke(main, ["report", "--timeline", str(out), "--out", str(html)])
    assert shown.exit_code == 0, shown.output


def test_timeline_command_prices_myopic_plans_from_the_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As perfect foresight: on from PRICING_MIN_ARCS arcs (the imported networks), off below.
    scenario = Path(__file__).resolve().parents[1] / "models" / "timeline-blockade-2025-26.toml"

    def run(name: str) -> dict[str, Any]:
        out = tmp_path / f"{name}.parquet"
        r = CliRunner().invoke(main, ["timeline", "--scenario", str(scenario), "--start", "2025-10-15", "--days", "4",
                                      "--foresight", "myopic", "--out", str(out)])  # fmt: skip
        assert r.exit_code == 0, r.output
        return dict(json.loads(out.with_suffix(".json").read_text(encoding="utf-8")))

    assert run("embedded")["command"]["arc_pricing"] is False
    monkeypatch.setattr(timeexp_price, "PRICING_MIN_ARCS", 1)
    assert run("priced")["command"]["arc_pricing"] is True


def test_a_solve_made_again_within_the_band_leaves_the_plan_proved(embedded_network: nx.MultiDiGraph,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # The first re-plan's exact fix made infeasible (as the interior point's residuals did,
    # fuzz26): it is made again with the fixed days free within _BAND, and that plan stands.
    # The failed attempt's pricing (no plan, so not certified) is no part of the plan's proof.
    real = timeexp_price.solve_priced
    broken: list[int] = []

    def spy(graph: nx.MultiDiGraph, params: Any, tl: Timeline, **kw: Any) -> Any:
        prepare = kw["prepare"]
        if prepare.__defaults__[0] is not None and not broken:  # previous given: a re-plan, exact
            def infeasible(m: Any) -> None:
                prepare(m)
                var = next(iter(m.deliver.values()))
                var.lowBound, var.upBound = 5.0, 1.0

            kw["prepare"] = infeasible
            broken.append(1)
        return real(graph, params, tl, **kw)

    monkeypatch.setattr(timeexp_price, "solve_priced", spy)
    r = solve_myopic(embedded_network, load_model_parameters(), _guinean_ambushes(8), lexicographic=False,
                     arc_pricing=True)  # fmt: skip
    assert broken and r.status == "optimal", r.message
    assert r.arc_pricing is not None and r.arc_pricing["solves"] == r.foresight["solves"]
    assert r.arc_pricing["certified"] is True
    assert "not proved" not in r.summary()


def test_a_replan_prices_no_column_its_fixed_days_hold_at_zero(embedded_network: nx.MultiDiGraph,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    # A column left out of a re-plan enters its arc on a day before the cut-off at 0 (the plan
    # before had no column there): pricing it read the duals of fixed days (any value fits a
    # fixed column) and brought in arcs that could carry nothing (the first re-plan on day 5
    # of these ambushes: 33 of its 37 improving columns on days 2-4, 30 arcs against 6).
    from supplychain.models.timeexp import arc_days

    real, real_solve = timeexp_price.price_arcs, timeexp_price.solve_priced
    cutoffs: list[int] = []  # the solve's (its fix's defaults: previous, cutoff, ...)
    checked: list[int] = []

    def solve_spy(*args: Any, **kw: Any) -> Any:
        previous, cutoff = kw["prepare"].__defaults__[:2]
        cutoffs.append(0 if previous is None else cutoff)
        return real_solve(*args, **kw)

    def spy(m: Any, **kw: Any) -> Any:
        found = real(m, **kw)
        if cutoffs[-1]:
            assert m.active is not None
            out = [i for i in range(len(m.arcs)) if i not in m.active]
            assert found.columns == sum(1 for i in out for t, *_ in arc_days(m, i) if t >= cutoffs[-1])
            checked.append(cutoffs[-1])
        return found

    monkeypatch.setattr(timeexp_price, "solve_priced", solve_spy)
    monkeypatch.setattr(timeexp_price, "price_arcs", spy)
    r = solve_myopic(embedded_network, load_model_parameters(), _guinean_ambushes(), lexicographic=False,
                     arc_pricing=True)  # fmt: skip
    assert r.status == "optimal" and r.arc_pricing is not None and r.arc_pricing["certified"]
    assert len(set(checked)) >= 2  # re-plans of several cut-offs priced
    assert sum(r.arc_pricing["rounds_per_solve"]) >= r.foresight["solves"]


@pytest.mark.parametrize("hours", [10.0, None], ids=["10h", "shipped"])
def test_a_priced_myopic_plans_cost_goal_is_solved(tmp_path: Path, hours: float | None) -> None:
    # Its last solve's stage 1 a vertex (the warm rounds' crossover) with the days before its
    # cut-off fixed: stage 2's dual simplex from that basis ended "Unknown" (and again without
    # presolve) and the plan kept stage 1's, where from scratch it solves, as unpriced.
    # At 10 driving hours a day, as found (models/model.toml's until 2026-12-07): there the warm
    # stage 2 still ends "Unknown" and the solve from scratch finishes it. At the shipped 4.3 h
    # stage 2 ended "Unknown" from scratch and without presolve too, and the plan kept stage 1's
    # until 2026-12-08: clearSolver left solver state that a fresh copy of the LP does not
    # (_from_scratch), and the last re-plan's LP needs a primal tolerance of 1e-8
    # (_tighter_primal_tolerance).
    params = params_at_driving_hours(tmp_path, hours) if hours is not None else None
    scenario = tmp_path / "guinea.toml"
    attacks = "".join(f'\n[[event]]\ntype = "attack"\nlabel = "g{day}"\ndate = 2026-01-{day:02d}\n'
                      f"bbox = [-8.9, 11.9, -8.1, 12.55]\ntankers_destroyed = {n}\n"
                      for day, n in ((3, 40), (6, 60), (10, 60)))  # fmt: skip
    scenario.write_text('name = "guinea ambushes"\ndescription = "ambushes"\n[timeline]\nstart = 2026-01-01\n'
                        f"end = 2026-01-20\n{attacks}", encoding="utf-8")  # fmt: skip
    out = tmp_path / "t.parquet"
    given_params = ["--params", str(params)] if params is not None else []
    r = CliRunner().invoke(main, ["timeline", "--scenario", str(scenario), *given_params, "--foresight",
                                  "myopic", "--arc-pricing", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "arcs priced in each of its " in r.output
    assert "cost goal was not finished" not in r.output
