"""``stress timeline-mc`` with each draw's arcs priced in (``--arc-pricing``, on by default from
``PRICING_MIN_ARCS`` arcs, as ``supplychain timeline``): the same delivery as the whole model's,
``method`` ``priced`` (with ``--foresight myopic`` every plan of a draw priced, ``method``
``myopic``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from supplychain.cli import main
from supplychain.errors import ParameterError
from supplychain.models import load_model_parameters, timeexp_price
from supplychain.scenarios import timeline_mc
from supplychain.scenarios.timeline_mc import AttackRisk, TimelineMCContext, timeline_monte_carlo
from supplychain.scenarios.timeline_stress import load_timeline

DAYS = 10


def _context(g: nx.MultiDiGraph, **kwargs: object) -> TimelineMCContext:
    """The embedded network, 10 days, a risk of 0.3 a day on the Guinean corridor's roads."""
    tl = load_timeline(None, g, start=date(2026, 1, 1), days=DAYS)
    segs = frozenset(d["segment_id"] for *_, d in g.edges(data=True)
                     if "Conakry-Bamako" in (d.get("corridors") or []))  # fmt: skip
    return TimelineMCContext.create(g, load_model_parameters(), tl, [AttackRisk("Guinean road", 0.3, segs, 0, DAYS - 1)],
                                    seed=3, **kwargs)  # type: ignore[arg-type]  # fmt: skip


def test_priced_draws_deliver_what_the_whole_model_delivers(embedded_network: nx.MultiDiGraph) -> None:
    whole = timeline_monte_carlo(_context(embedded_network, arc_pricing=False), draws=4, progress=False)
    priced = timeline_monte_carlo(_context(embedded_network, arc_pricing=True), draws=4, progress=False)
    assert set(whole.table["method"]) == {"cold"} and set(priced.table["method"]) == {"priced"}
    assert priced.table["attacks"].sum() > 0 and (priced.table["status"] == "optimal").all()
    assert priced.table["attack_days"].tolist() == whole.table["attack_days"].tolist()  # the same draws
    # Goal 1 (delivery) is the same optimum; where plans tie, which city gets the fuel may not be.
    totals = [t.groupby("draw")["unmet_m3"].sum().to_numpy() for t in (whole.table, priced.table)]
    np.testing.assert_allclose(totals[1], totals[0], rtol=1e-6, atol=1e-3)
    assert priced.summary["arc_pricing"] is True and whole.summary["arc_pricing"] is False
    assert priced.summary["base"]["unmet_m3"] == pytest.approx(whole.summary["base"]["unmet_m3"], rel=1e-6, abs=1e-3)
    assert priced.summary["demand_m3"] == pytest.approx(whole.summary["demand_m3"])
    assert _context(embedded_network, arc_pricing=True).key != _context(embedded_network, arc_pricing=False).key


def test_the_default_prices_from_the_timelines_threshold_for_either_foresight(embedded_network: nx.MultiDiGraph,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    g = embedded_network
    assert _context(g).arc_pricing is False  # the embedded network: fewer arcs than the threshold
    assert _context(g, foresight="myopic").arc_pricing is False
    unpriced_key = _context(g).key
    myopic_key = _context(g, foresight="myopic").key
    monkeypatch.setattr(timeexp_price, "PRICING_MIN_ARCS", 1)
    assert _context(g).arc_pricing is True and _context(g).key != unpriced_key
    assert _context(g, foresight="myopic").arc_pricing is True and _context(g, foresight="myopic").key != myopic_key


def test_myopic_draws_priced_are_each_draw_planned_alone_with_its_arcs_priced(embedded_network: nx.MultiDiGraph) -> None:
    # Every plan of a draw priced: the first plan (shared) from the steady state's arcs, each
    # re-plan from the plan before's, as solve_myopic(arc_pricing=True) plans the draw alone;
    # the figures do not depend on which draws the process planned before.
    from dataclasses import replace

    from supplychain.models.timeexp_myopic import solve_myopic
    from supplychain.models.timeline import Attack

    ctx = _context(embedded_network, foresight="myopic", arc_pricing=True)
    timeline_mc._MYOPIC_CACHE.clear()
    run = timeline_monte_carlo(ctx, draws=3, progress=False)
    assert set(run.table["method"]) == {"myopic"} and run.summary["arc_pricing"] is True
    assert (run.table["status"] == "optimal").all() and run.table["attacks"].sum() > 0
    # The last draw with attacks, planned alone (a fresh process's first plan) with arcs priced.
    last = int(run.table.loc[run.table["attacks"] > 0, "draw"].max())
    attacks = timeline_mc._drawn(ctx, timeline_mc.draw_attacks(ctx.risks, DAYS, ctx.seed, last))
    every = replace(ctx.timeline, attacks=tuple(Attack(r.label, r.first, 0.0, r.segments) for r in ctx.risks))
    arcs = timeexp_price.exact_arcs(embedded_network, ctx.params, every)
    alone = solve_myopic(embedded_network, ctx.params, replace(ctx.timeline, attacks=tuple(attacks)), arcs=arcs,
                         lexicographic=False, arc_pricing=True)  # fmt: skip
    assert alone.status == "optimal" and alone.arc_pricing is not None and alone.arc_pricing["certified"]
    row = run.table[run.table["draw"] == last]
    unmet = float(sum(c["unmet"].sum() for c in alone.cities.values()))
    assert float(row["unmet_m3"].sum()) == pytest.approx(unmet, rel=1e-6, abs=1e-3)
    assert float(row["tankers_lost"].iloc[0]) == pytest.approx(float(alone.tankers_lost[-1]), abs=1e-4)


def test_warm_draws_planned_cold_are_priced(embedded_network: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from supplychain.cli._timeline_mc import _text

    monkeypatch.setattr(timeline_mc, "WARM_MAX_ROWS", 10)  # every template past the cap
    timeline_mc._WORKER_CACHE.clear()
    s = timeline_monte_carlo(_context(embedded_network, arc_pricing=True, warm=True), draws=2, progress=False).summary
    assert s["methods"] == {"priced": 2} and s["template"]["tried"] is False
    assert "each built and solved with its arcs priced in" in _text(s).splitlines()[0]


def _cli(tmp_path: Path, scenario: str, *options: str) -> tuple[Result, Path]:
    """``supplychain stress timeline-mc --scenario models/<scenario> <options> --out <tmp>/mc.parquet``."""
    out = tmp_path / "mc.parquet"
    models = Path(__file__).resolve().parents[1] / "models"
    return CliRunner().invoke(main, ["stress", "timeline-mc", "--scenario", str(models / scenario), *options,
                                     "--out", str(out)]), out  # fmt: skip


def test_cli_prices_myopic_draws_and_says_so(tmp_path: Path) -> None:
    r, out = _cli(tmp_path, "threat-blockade-2025.toml", "--days", "6", "--draws", "2", "--seed", "1",
                  "--foresight", "myopic", "--arc-pricing")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "no effect" not in r.output
    assert "(seed 1, each built and solved with its arcs priced in, myopic: " in r.output
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["arc_pricing"] is True
    assert set(pd.read_parquet(out)["method"]) == {"myopic"}
    from supplychain.reports.stress import load_stress
    from supplychain.reports.stress_section import _timeline_mc_block

    facts = _timeline_mc_block(load_stress(out), 0)["facts"]
    assert "myopic draws built and solved on their own had every plan's arcs priced in" in facts


def test_cli_priced_run_says_so(tmp_path: Path) -> None:
    r, out = _cli(tmp_path, "threat-blockade-2025.toml", "--days", "6", "--draws", "2", "--seed", "1", "--arc-pricing")
    assert r.exit_code == 0, r.output
    assert "no effect" not in r.output  # --arc-pricing acts on timeline-mc
    assert "(seed 1, each built and solved with its arcs priced in, " in r.output
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["arc_pricing"] is True
    assert set(pd.read_parquet(out)["method"]) == {"priced"}


def test_the_report_says_the_draws_were_priced(embedded_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    from supplychain.reports.stress import load_stress
    from supplychain.reports.stress_section import _timeline_mc_block

    out = tmp_path / "mc.parquet"
    timeline_monte_carlo(_context(embedded_network, arc_pricing=True), draws=2, out=out, progress=False)
    facts = _timeline_mc_block(load_stress(out), 0)["facts"]
    assert "draws built and solved on their own had their arcs priced in (--arc-pricing" in facts
    timeline_monte_carlo(_context(embedded_network), draws=2, out=tmp_path / "whole.parquet", progress=False)
    assert "priced in" not in _timeline_mc_block(load_stress(tmp_path / "whole.parquet"), 0)["facts"]


def test_an_unpriced_folder_of_an_earlier_version_is_resumed_unpriced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    # Before 2026-12-06 every draw was solved on the whole model and the run record had no
    # arc_pricing: a priced run (the default on the imported networks) is refused naming the
    # fix, and the same run unpriced resumes it, its fingerprint unchanged.
    from tests.test_timeline_mc import _interrupt_at_draw

    out = tmp_path / "mc.parquet"
    real = _interrupt_at_draw(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt):
        timeline_monte_carlo(_context(embedded_network, arc_pricing=False), draws=4, chunk_size=2, out=out,
                             progress=False)  # fmt: skip
    monkeypatch.setattr(timeline_mc, "_draw_chunk", real)
    run = out.with_name("mc.parquet.parts") / "run.json"
    record = json.loads(run.read_text(encoding="utf-8"))
    assert record["meta"].pop("arc_pricing") is False
    run.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(ParameterError, match=r"whose draws were solved without arc pricing \(its run record has no "
                                             r"arc_pricing\): pass --no-arc-pricing to resume it"):  # fmt: skip
        timeline_monte_carlo(_context(embedded_network, arc_pricing=True), draws=4, chunk_size=2, out=out,
                             progress=False)  # fmt: skip
    again = timeline_monte_carlo(_context(embedded_network, arc_pricing=False), draws=4, chunk_size=2, out=out,
                                 progress=False)  # fmt: skip
    assert again.summary["resumed_chunks"] == 1 and set(again.table["method"]) == {"cold"}
