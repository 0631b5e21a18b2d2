"""``stress timeline-mc`` with each draw's arcs priced in (``--arc-pricing``, on by default from
``PRICING_MIN_ARCS`` arcs, as ``supplychain timeline``): the same delivery as the whole model's,
``method`` ``priced``; refused with ``--foresight myopic``."""

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


def test_the_default_prices_from_the_timelines_threshold_and_never_myopic(embedded_network: nx.MultiDiGraph,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    g = embedded_network
    assert _context(g).arc_pricing is False  # the embedded network: fewer arcs than the threshold
    unpriced_key = _context(g).key
    monkeypatch.setattr(timeexp_price, "PRICING_MIN_ARCS", 1)
    assert _context(g).arc_pricing is True and _context(g).key != unpriced_key
    assert _context(g, foresight="myopic").arc_pricing is False
    with pytest.raises(ParameterError, match="arc pricing with foresight 'myopic'"):
        _context(g, foresight="myopic", arc_pricing=True)


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


def test_cli_refuses_arc_pricing_with_myopic_plans_and_writes_nothing(tmp_path: Path) -> None:
    r, _ = _cli(tmp_path, "threat-attacks-2025-26.toml", "--days", "5", "--draws", "1", "--foresight", "myopic",
                "--arc-pricing")  # fmt: skip
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "drop --arc-pricing, or --foresight myopic" in r.output
    assert not list(tmp_path.iterdir())


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
