"""``stress timeline-mc --warm`` on a template past ``WARM_MAX_ROWS``: not solved, every draw
planned cold (as without ``--warm``), and the summary, the text and the report say why.

Before 2026-12-06 the West-African template (65,573 rows) was solved with the crossover until
the 600 s limit, after which every draw was planned cold anyway (BENCHMARKS.md, "`stress
timeline-mc --foresight myopic --warm` on the imported networks")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from supplychain.scenarios import timeline_mc
from supplychain.scenarios.timeline_mc import WARM_MAX_ROWS, planned_cold, timeline_monte_carlo
from tests.test_timeline_mc import context


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every template of the 12-day line (a few dozen rows) past the cap."""
    monkeypatch.setattr(timeline_mc, "WARM_MAX_ROWS", 10)
    timeline_mc._WORKER_CACHE.clear()
    timeline_mc._MYOPIC_CACHE.clear()


@pytest.mark.parametrize("foresight", ["perfect", "myopic"])
def test_a_template_past_the_cap_is_not_solved_and_its_draws_are_those_of_a_cold_run(
    small_cap: None, monkeypatch: pytest.MonkeyPatch, foresight: str
) -> None:
    from supplychain.models import timeexp

    solved: list[bool] = []
    real = timeexp.solve_timeline

    def counting(*args: Any, **kwargs: Any) -> Any:
        solved.append(bool(kwargs.get("crossover")))  # the template's base solve asks for a vertex
        return real(*args, **kwargs)

    # Where the template's solver, the cold draws and the first myopic plan import it from (the
    # patch of timeexp_solve's own name saw none of them: review28).
    monkeypatch.setattr(timeexp, "solve_timeline", counting)
    ctx = replace(context(p=0.3, seed=1), foresight=foresight)
    cold = timeline_monte_carlo(ctx, draws=4, progress=False)
    warm = timeline_monte_carlo(replace(ctx, warm=True), draws=4, progress=False)
    assert solved and not any(solved), f"the template was solved, or no solve was seen: {solved}"
    method = "myopic" if foresight == "myopic" else "cold"
    assert set(warm.table["method"]) == {method}
    assert warm.table["attacks"].sum() > 0  # draws with attacks, not only the base
    pd.testing.assert_frame_equal(cold.table, warm.table)
    assert warm.summary["base"] == {**cold.summary["base"], "build_and_solve_s": warm.summary["base"]["build_and_solve_s"]}
    template = warm.summary["template"]
    assert template["tried"] is False and template["max_rows"] == 10
    assert template["rows"] > 10 and template["columns"] > 0
    assert "template" not in cold.summary
    assert not timeline_mc._WORKER_CACHE  # the unsolved template is not kept
    why = f"its template ({template['rows']:,} rows) is larger than the 10 rows a warm start is tried on"
    assert planned_cold(warm.summary) == why and planned_cold(cold.summary) == ""


def test_the_text_and_the_report_say_why_the_draws_were_planned_cold(small_cap: None, embedded_network: nx.MultiDiGraph,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    from supplychain.cli._timeline_mc import _text
    from supplychain.models import load_model_parameters, run_scenario
    from supplychain.models.scenario import Scenario
    from supplychain.reports import build_report
    from supplychain.reports.data import ScenarioRun

    out = tmp_path / "mc.parquet"
    s = timeline_monte_carlo(replace(context(p=0.3, seed=1), warm=True), draws=3, out=out, progress=False).summary
    rows = s["template"]["rows"]
    head = _text(s).splitlines()[0]
    assert f"--warm, but its template ({rows:,} rows) is larger than the 10 rows a warm start is tried on: " \
           "each built and solved" in head  # fmt: skip
    g = embedded_network
    page = build_report(g, [ScenarioRun(run_scenario(g, load_model_parameters()), Scenario.baseline())],
                        stress=[out])  # fmt: skip
    assert (f"--warm given, but its template ({rows:,} rows) is larger than the 10 rows a warm start is "
            "tried on: every draw planned cold, as without --warm") in page  # fmt: skip
    assert "re-solved warm" not in page


def test_a_template_within_the_cap_is_solved_and_said_so() -> None:
    timeline_mc._WORKER_CACHE.clear()
    s = timeline_monte_carlo(context(p=0.3, seed=1, warm=True), draws=3, progress=False).summary
    assert s["template"]["tried"] is True and 0 < s["template"]["rows"] <= WARM_MAX_ROWS
    assert "warm" in s["methods"] and planned_cold(s) == ""


def test_the_embedded_back_test_templates_stay_within_the_cap(embedded_network: nx.MultiDiGraph) -> None:
    # The cap's measurement (WARM_MAX_ROWS): the embedded 180-day template of the shipped
    # attack-rate threat, which solves warm, is under it (24,689 rows on 2026-12-06; West
    # Africa's, 65,573 rows, is above it).
    from supplychain.models import load_model_parameters
    from supplychain.scenarios.threats import load_threat
    from supplychain.scenarios.timeline_mc import attack_risks
    from supplychain.scenarios.timeline_stress import load_timeline

    models = Path(__file__).resolve().parents[1] / "models"
    path = models / "threat-attacks-2025-26.toml"
    g = embedded_network
    tl = load_timeline(path, g, start=date(2025, 9, 1), days=180)
    ctx = timeline_mc.TimelineMCContext.create(g, load_model_parameters(), tl, attack_risks(load_threat(path), g, tl),
                                               warm=True, foresight="myopic")  # fmt: skip
    solver = timeline_mc._DrawSolver(ctx)  # no base basis: the template is built and loaded, not solved
    assert 20_000 < solver.size[0] <= WARM_MAX_ROWS and not solver.too_large


def test_a_summarys_template_of_infinite_rows_is_a_named_error(small_cap: None, embedded_network: nx.MultiDiGraph,
                                                               tmp_path: Path) -> None:  # fmt: skip
    # review28: a hand-edited "rows": 1e400 (JSON Infinity) made the report's planned_cold raise
    # OverflowError ("unexpected OverflowError ... a bug"): the report's checks now read it.
    import json

    from supplychain.errors import DataFileError
    from supplychain.reports.stress import load_stress

    out = tmp_path / "mc.parquet"
    timeline_monte_carlo(replace(context(p=0.3, seed=1), warm=True), draws=2, out=out, progress=False)
    side = out.with_suffix(".json")
    s = json.loads(side.read_text(encoding="utf-8"))
    for template, said in (({"rows": 1e400, "max_rows": 10, "tried": False}, r"'template\.rows' = inf"),
                           ({"rows": 84, "max_rows": 10, "tried": "no"}, r"'template\.tried' = 'no' is not true"),
                           ([1, 2], r"'template' = \[1, 2\] is not a table")):  # fmt: skip
        side.write_text(json.dumps({**s, "template": template}), encoding="utf-8")
        with pytest.raises(DataFileError, match=said):
            load_stress(out)
    assert planned_cold({**s, "template": {"rows": 1e400, "max_rows": 10, "tried": False}}) == (
        "its template is larger than a warm start is tried on")


def test_a_template_whose_solve_failed_leaves_a_base_solved_as_the_draws_are(
    embedded_network: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # review28: --warm, perfect foresight, arcs priced, a template within the cap whose solve
    # ended without a plan: the draws were priced (built on their own) while the base run was
    # the template's failed solve, "no plan ... (method cold)".
    from supplychain.models import timeexp
    from tests.test_timeline_mc_arc_pricing import _context

    real = timeexp.solve_timeline

    def failing(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if kwargs.get("crossover"):  # the template's base solve
            result.status = "time_limit"
        return result

    monkeypatch.setattr(timeexp, "solve_timeline", failing)
    timeline_mc._WORKER_CACHE.clear()
    s = timeline_monte_carlo(_context(embedded_network, arc_pricing=True, warm=True), draws=2, progress=False).summary
    assert s["methods"] == {"priced": 2} and s["template"]["tried"] is True
    assert s["base"]["status"] == "optimal" and "note" not in s["base"]
    whole = timeline_monte_carlo(_context(embedded_network, arc_pricing=True), draws=2, progress=False).summary
    assert s["base"]["unmet_m3"] == pytest.approx(whole["base"]["unmet_m3"], rel=1e-6, abs=1e-3)
