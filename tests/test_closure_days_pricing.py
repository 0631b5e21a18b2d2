"""`stress closure-days` with arcs priced in: the same table as the whole model's, chosen as
`supplychain timeline` chooses (the arc count after the exact reductions)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

import supplychain.models.timeexp_price as tp
from supplychain.models import load_model_parameters
from supplychain.scenarios.timeline_stress import closure_days, load_timeline

#: As in tests/test_closure_days.py: one closure dries Mopti and San within the horizon, the
#: others need roads the steady-state plan leaves out (so the pricing needs more than a round).
_CORRIDORS = ["Bamako-Ségou-San-Mopti", "Conakry-Bamako", "Dakar-Bamako via Kayes"]
#: What the table holds of a closure's result (``method`` says how it was solved).
_SAME = ["corridor", "segments", "days_to_dry", "first_dry_date", "first_dry_city", "status"]


@pytest.fixture(scope="module")
def whole(embedded_network: nx.MultiDiGraph) -> pd.DataFrame:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    return closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                        arc_pricing=False)  # fmt: skip


def _same_table(priced: pd.DataFrame, whole: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(priced[_SAME], whole[_SAME])
    # The same first goal: unmet demand equal within the LP tolerance (m3 of 10^4-10^5).
    assert priced.unmet_m3.tolist() == pytest.approx(whole.unmet_m3.tolist(), rel=1e-6, abs=1e-3)
    assert priced.unmet_pct.tolist() == pytest.approx(whole.unmet_pct.tolist(), rel=1e-6, abs=1e-6)


def test_the_priced_sweep_gives_the_whole_models_table(embedded_network: nx.MultiDiGraph, whole: pd.DataFrame,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pricings: list[dict[str, Any]] = []
    real = tp.solve_priced

    def spied(*args: Any, **kwargs: Any) -> Any:
        model, result = real(*args, **kwargs)
        pricings.append(result.arc_pricing)
        return model, result

    monkeypatch.setattr(tp, "solve_priced", spied)
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    priced = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                          arc_pricing=True)  # fmt: skip
    assert (whole.method == "cold").all() and (priced.method == "priced").all()
    _same_table(priced, whole)
    assert len(pricings) == 1 + len(_CORRIDORS) and all(p["certified"] for p in pricings)
    # The unclosed timeline first, from the steady state; every closure from its last arcs
    # (the same reduction here: a closure splits no arc of the embedded network).
    unclosed, *closures = pricings
    assert unclosed["start"] == "steady" and {p["start"] for p in closures} == {"given"}
    assert {p["history"][0]["arcs"] for p in closures} == {len(unclosed["active_arcs"])}
    # A closure took roads of the unclosed plan away: arcs came in (else nothing was priced).
    assert max(p["rounds"] for p in closures) >= 2


@pytest.fixture(scope="module")
def priced(embedded_network: nx.MultiDiGraph) -> pd.DataFrame:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    return closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                        arc_pricing=True)  # fmt: skip


def test_the_unclosed_arcs_reach_two_workers(embedded_network: nx.MultiDiGraph, priced: pd.DataFrame,
                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from supplychain.scenarios import executors

    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    sent: list[frozenset[int] | None] = []
    source = executors.run_chunks

    def spied(func: Any, tasks: Any, keep: Any, *, context: Any = None, **kw: Any) -> None:
        sent.append(context.start_edges)
        source(func, tasks, keep, context=context, **kw)

    monkeypatch.setattr(executors, "run_chunks", spied)
    two = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                       arc_pricing=True, workers=2)  # fmt: skip
    pd.testing.assert_frame_equal(two, priced)
    assert len(sent) == 1 and sent[0]  # the closures' context held the unclosed plan's edges


def test_a_resumed_priced_sweep_starts_from_the_unclosed_arcs_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedded_network: nx.MultiDiGraph,
        priced: pd.DataFrame) -> None:  # fmt: skip
    from supplychain.scenarios import timeline_stress

    real = timeline_stress._closure_chunk
    seen: list[tuple[str | None, frozenset[int] | None]] = []

    def stop_at_the_last(corridor: str | None, ctx: Any) -> pd.DataFrame:
        seen.append((corridor, ctx.start_edges))
        if corridor == _CORRIDORS[-1]:
            raise KeyboardInterrupt
        return real(corridor, ctx)

    monkeypatch.setattr(timeline_stress, "_closure_chunk", stop_at_the_last)
    out = tmp_path / "cd.parquet"
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    with pytest.raises(KeyboardInterrupt):
        closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS, out=out,
                     arc_pricing=True)  # fmt: skip
    # The unclosed row was solved before the closures (not a task) and kept with them.
    assert [c for c, _ in seen] == _CORRIDORS
    assert len(list(out.with_name("cd.parquet.parts").glob("chunk-*.parquet"))) == 3
    first_edges = seen[0][1]
    assert first_edges and all(e == first_edges for _, e in seen)
    seen.clear()
    monkeypatch.setattr(timeline_stress, "_closure_chunk",
                        lambda c, ctx: seen.append((c, ctx.start_edges)) or real(c, ctx))  # fmt: skip
    again = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS, out=out,
                         arc_pricing=True)  # fmt: skip
    # Only the closure left, from the same arcs (the unclosed timeline solved again for them).
    assert seen == [(_CORRIDORS[-1], first_edges)]
    pd.testing.assert_frame_equal(again, priced)


def test_the_arc_count_decides_as_for_timeline(embedded_network: nx.MultiDiGraph, whole: pd.DataFrame,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    n_arcs = len(tp.exact_arcs(embedded_network, load_model_parameters(), tl))
    monkeypatch.setattr(tp, "PRICING_MIN_ARCS", n_arcs + 1)  # one arc short: the whole model
    below = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS[:1])
    monkeypatch.setattr(tp, "PRICING_MIN_ARCS", n_arcs)  # as if it were an imported network
    at = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS[:1])
    assert below.method.tolist() == ["cold", "cold"] and at.method.tolist() == ["priced", "priced"]
    _same_table(at, whole[whole.corridor.isin(["(none)", _CORRIDORS[0]])].reset_index(drop=True))


def test_a_warm_closure_built_on_its_own_is_priced(embedded_network: nx.MultiDiGraph,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from supplychain.scenarios import timeline_stress

    monkeypatch.setattr(timeline_stress._WarmClosures, "base_codes", staticmethod(lambda *a: None))
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=4)
    table = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS[:1],
                         warm=True, arc_pricing=True)  # fmt: skip
    assert table.method.tolist() == ["priced", "priced"]


def test_cli_prices_closures_by_the_timeline_commands_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from supplychain.cli import main, stress

    # Every sweep "slow": the hint to try --warm follows a cold sweep, not a priced one (on
    # West Africa the priced sweep was as fast as --warm or faster: BENCHMARKS.md).
    monkeypatch.setattr(stress, "_WARM_HINT_S", -1.0)

    def methods(name: str, *extra: str) -> set[str]:
        out = tmp_path / f"{name}.parquet"
        r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "3", "--start", "2026-01-01",
                                      *extra, "--out", str(out)])  # fmt: skip
        assert r.exit_code == 0, r.output
        summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        found = {row["method"] for row in summary["rows"]}
        assert ("--warm re-solves every closure" in r.output) == (found == {"cold"}), r.output
        # The summary records what the sweep chose, as `timeline`'s does (it recorded the
        # option as given: null without --arc-pricing or --no-arc-pricing, priced or not).
        assert summary["command"]["arc_pricing"] is (found == {"priced"})
        return found

    # The embedded network (about 200 arcs) is below the threshold: the whole model.
    assert methods("small") == {"cold"}
    assert methods("forced", "--arc-pricing") == {"priced"}
    monkeypatch.setattr(tp, "PRICING_MIN_ARCS", 100)  # as if it were an imported network
    assert methods("large") == {"priced"}
    assert methods("off", "--no-arc-pricing") == {"cold"}


def test_arc_pricing_is_ignored_with_a_warning_by_other_sweeps(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    from click.testing import CliRunner

    from supplychain.cli import main

    r = CliRunner().invoke(main, ["stress", "n-1", "--arc-pricing", "--out", str(tmp_path / "n1.parquet")])
    assert r.exit_code == 0, r.output
    assert "--arc-pricing has no effect on stress n-1" in caplog.text


def test_arc_pricing_with_warm_says_which_closures_it_prices(tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # fuzz23: --warm --arc-pricing ran the warm re-solves (no pricing) without a word.
    from click.testing import CliRunner

    from supplychain.cli import main

    def warned(*extra: str) -> bool:
        caplog.clear()
        out = tmp_path / f"cd{len(extra)}.parquet"
        r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "2", "--start", "2026-01-01",
                                      *extra, "--out", str(out)])  # fmt: skip
        assert r.exit_code == 0, r.output
        return "--arc-pricing with --warm prices arcs in only for closures whose warm re-solve" in caplog.text

    assert warned("--warm", "--arc-pricing")
    assert not warned("--warm")
    assert not warned("--arc-pricing")
