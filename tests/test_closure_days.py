"""`closure_days` (the closure-days stress test) on the executors: same table on any of them."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from supplychain.errors import ParameterError
from supplychain.models import load_model_parameters
from supplychain.models.timeexp import build_timeline_model
from supplychain.models.timeline import Timeline
from supplychain.scenarios.timeline_stress import (
    _closed_timeline,
    _WarmClosures,
    closure_days,
    load_timeline,
)
from tests.test_timeline_model import NO_LOADING

#: Corridors whose closure dries a city within a week on the embedded network (seen in
#: `stress closure-days`: Mopti and San on day 7 of 60) beside ones that dry none.
_CORRIDORS = ["Bamako-Ségou-San-Mopti", "Conakry-Bamako", "Dakar-Bamako via Kayes"]


@pytest.fixture(scope="module")
def table_one_worker(embedded_network: nx.MultiDiGraph) -> pd.DataFrame:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    return closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS)


def test_rows_in_order_of_days_to_dry(table_one_worker: pd.DataFrame) -> None:
    t = table_one_worker
    assert t.corridor.iloc[0] == "(none)" and pd.isna(t.days_to_dry.iloc[0])
    assert sorted(t.corridor[1:]) == sorted(_CORRIDORS)
    # The road on to Ségou, San and Mopti has no other way round: its closure dries a city,
    # and sorts first; never-dry rows come last.
    assert t.corridor.iloc[1] == "Bamako-Ségou-San-Mopti"
    assert t.days_to_dry.iloc[1] <= 11 and "Mopti" in t.first_dry_city.iloc[1]
    dry = t.days_to_dry[1:].fillna(10**9).tolist()
    assert dry == sorted(dry)
    assert (t.status == "optimal").all()


def test_two_workers_give_the_same_table(embedded_network: nx.MultiDiGraph,
                                         table_one_worker: pd.DataFrame) -> None:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    two = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                       workers=2)  # fmt: skip
    pd.testing.assert_frame_equal(two, table_one_worker)


def test_a_dask_local_cluster_gives_the_same_table_cold_and_warm(embedded_network: nx.MultiDiGraph,
                                                                  table_one_worker: pd.DataFrame) -> None:
    """README: "one task per corridor on --workers local processes or a Dask cluster: the
    table is the same whatever the executor (tested)" (no test ran it on Dask)."""
    from distributed import LocalCluster

    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    params = load_model_parameters()
    warm_local = closure_days(embedded_network, params, tl, corridors=_CORRIDORS, warm=True)
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0",
                      processes=True) as cluster:  # fmt: skip
        cold = closure_days(embedded_network, params, tl, corridors=_CORRIDORS,
                            scheduler=cluster.scheduler_address)  # fmt: skip
        warm = closure_days(embedded_network, params, tl, corridors=_CORRIDORS, warm=True,
                            scheduler=cluster.scheduler_address)  # fmt: skip
    pd.testing.assert_frame_equal(cold, table_one_worker, check_exact=True)
    pd.testing.assert_frame_equal(warm, warm_local, check_exact=True)


def test_unknown_corridor_and_bad_workers_are_one_error(embedded_network: nx.MultiDiGraph) -> None:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=3)
    with pytest.raises(ParameterError) as info:
        closure_days(embedded_network, load_model_parameters(), tl, corridors=["Mars-Bamako"],
                     workers=0)  # fmt: skip
    text = str(info.value)
    assert "Mars-Bamako" in text and "Conakry-Bamako" in text  # names the bad one and the known
    assert "workers 0" in text


def _clocks_changed(graph: nx.MultiDiGraph, tl: Timeline, corridors: list[str]) -> dict[str, list[str]]:
    """Per corridor, the places whose clock (``phase_days``) its cold closure model has other
    than the --warm template's (the unclosed timeline with a no-op rule per corridor), on the
    places both models keep: the template keeps the unclosed network's clocks."""
    params = load_model_parameters()
    template = build_timeline_model(graph, params, _WarmClosures.template(tl, graph, corridors))
    changed = {}
    for corridor in corridors:
        cold = build_timeline_model(graph, params, _closed_timeline(graph, tl, corridor)[0])
        changed[corridor] = sorted(str(graph.nodes[n].get("name") or n)
                                   for n in set(template.phase_days) & set(cold.phase_days)
                                   if abs(template.phase_days[n] - cold.phase_days[n]) > 1e-9)  # fmt: skip
    return changed


@pytest.mark.parametrize("workers", [1, 2])
def test_warm_table_equals_the_cold_one_where_no_clock_changes(embedded_network: nx.MultiDiGraph,
                                                               table_one_worker: pd.DataFrame, workers: int) -> None:
    # One model started from the unclosed timeline's basis, each closure re-solved from it.
    # The warm template keeps the unclosed network's clocks (README "Days of cover", --warm:
    # "measured, not guaranteed"; BENCHMARKS.md, "`closure-days --warm` built cold where a
    # closure changes a place's clock"): where a closure changes no place's clock, as the row
    # (none), its row is the cold one; where it changes some (each of these three corridors:
    # computed), the unmet demand may differ. At 4.3 driving hours a day (2026-12-07) it does:
    # 1,350 and 150 m3 warm against 1,550 and 300 cold with "Bamako-Ségou-San-Mopti" and
    # "Dakar-Bamako via Kayes" closed (equal at 10 h). The corridors, order, days to dry and
    # cities are the same both ways on this network (measured, as the README says).
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    warm = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                        warm=True, workers=workers)  # fmt: skip
    assert set(warm.method) == {"warm"} and set(table_one_worker.method) == {"cold"}
    cold = table_one_worker
    for column in ("corridor", "segments", "status", "days_to_dry", "first_dry_date", "first_dry_city"):
        pd.testing.assert_series_equal(warm[column], cold[column], check_exact=True)
    changed = _clocks_changed(embedded_network, tl, _CORRIDORS)
    same = [k for k, c in enumerate(cold.corridor) if c == "(none)" or not changed[c]]
    assert cold.corridor.iloc[same[0]] == "(none)"
    np.testing.assert_allclose(warm.unmet_m3.iloc[same], cold.unmet_m3.iloc[same], atol=1e-3)


def test_warm_is_the_same_on_any_worker_count(embedded_network: nx.MultiDiGraph) -> None:
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    one, two = (closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                             warm=True, workers=w) for w in (1, 2))  # fmt: skip
    pd.testing.assert_frame_equal(one, two, check_exact=True)


def test_a_warm_closure_that_does_not_solve_is_built_cold(embedded_network: nx.MultiDiGraph,
                                                          table_one_worker: pd.DataFrame,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The re-solves are cut at one dual iteration: the unclosed row needs none (warm), every
    # closure needs more and is built and solved on its own, with the cold figures.
    from supplychain.scenarios import timeline_stress

    init = timeline_stress._WarmClosures.__init__

    def capped(self: timeline_stress._WarmClosures, context: tuple) -> None:
        init(self, context)
        self.highs.setOptionValue("simplex_iteration_limit", 1)

    monkeypatch.setattr(timeline_stress._WarmClosures, "__init__", capped)
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    table = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS, warm=True)
    assert table.method.tolist() == ["warm", "cold", "cold", "cold"]
    pd.testing.assert_frame_equal(table.iloc[1:], table_one_worker.iloc[1:], check_exact=True)


def test_warm_without_a_base_basis_builds_no_warm_model(embedded_network: nx.MultiDiGraph,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The unclosed template did not end optimal (no basis): every closure is built cold, and no
    # worker builds the whole warm model first only to go cold (each one did).
    from supplychain.scenarios import timeline_stress

    built: list[object] = []
    init = timeline_stress._WarmClosures.__init__

    def counted(self: timeline_stress._WarmClosures, ctx: timeline_stress._ClosureContext) -> None:
        built.append(ctx)
        init(self, ctx)

    monkeypatch.setattr(timeline_stress._WarmClosures, "base_codes", classmethod(lambda cls, *a: None))
    monkeypatch.setattr(timeline_stress._WarmClosures, "__init__", counted)
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=3)
    params = load_model_parameters()
    table = closure_days(embedded_network, params, tl, corridors=_CORRIDORS[:1], warm=True)
    assert table.method.tolist() == ["cold", "cold"] and not built
    cold = closure_days(embedded_network, params, tl, corridors=_CORRIDORS[:1])
    pd.testing.assert_frame_equal(table, cold, check_exact=True)


def test_cli_summary_gives_dates_as_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # to_json wrote "2026-12-10T00:00:00.000" for a first dry date.
    import json

    from click.testing import CliRunner

    import supplychain.cli.stress as stress_cli
    from supplychain.cli import main

    out = tmp_path / "cd.parquet"
    scenario = tmp_path / "noload.toml"
    scenario.write_text(NO_LOADING, encoding="utf-8")  # every city dry on day 7
    # The hint below follows the sweep's wall-clock time: never shown here, whatever the
    # machine's speed (at a load average of 6-7 this sweep took 21 s and showed it).
    monkeypatch.setattr(stress_cli, "_WARM_HINT_S", math.inf)
    r = CliRunner().invoke(main, ["stress", "closure-days", "--scenario", str(scenario), "--out", str(out)])
    assert r.exit_code == 0, r.output
    dates = [row["first_dry_date"] for row in json.loads(out.with_suffix(".json").read_text())["rows"]]
    assert dates and all(d == "2025-09-08" for d in dates)
    assert "--warm re-solves" not in r.output
    # A long cold sweep suggests --warm (real networks: 66.7 s cold against 10.8 s warm).
    monkeypatch.setattr(stress_cli, "_WARM_HINT_S", 0.0)
    out.unlink()
    out.with_suffix(".json").unlink()
    r = CliRunner().invoke(main, ["stress", "closure-days", "--scenario", str(scenario), "--out", str(out)])
    assert r.exit_code == 0 and "--warm re-solves every closure on one model" in r.output


def _interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, graph: nx.MultiDiGraph, *,
                 warm: bool) -> Path:  # fmt: skip
    """Run closure-days into ``tmp_path/cd.parquet`` and stop it (KeyboardInterrupt) at the
    last corridor; the finished closures stay in the chunk folder."""
    from supplychain.scenarios import timeline_stress

    real = timeline_stress._closure_chunk

    def stop_at_the_last(corridor: str | None, ctx: object) -> pd.DataFrame:
        if corridor == _CORRIDORS[-1]:
            raise KeyboardInterrupt
        return real(corridor, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_stress, "_closure_chunk", stop_at_the_last)
    out = tmp_path / "cd.parquet"
    tl = load_timeline(None, graph, start=date(2026, 1, 1), days=12)
    with pytest.raises(KeyboardInterrupt):
        closure_days(graph, load_model_parameters(), tl, corridors=_CORRIDORS, warm=warm, out=out)
    monkeypatch.setattr(timeline_stress, "_closure_chunk", real)
    assert not out.exists()
    return out


def test_an_interrupted_sweep_resumes_where_it_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       embedded_network: nx.MultiDiGraph,
                                                       table_one_worker: pd.DataFrame) -> None:  # fmt: skip
    import json

    from supplychain.scenarios import timeline_stress

    out = _interrupted(tmp_path, monkeypatch, embedded_network, warm=False)
    parts = out.with_name("cd.parquet.parts")
    assert len(list(parts.glob("chunk-*.parquet"))) == 3  # the unclosed row and two corridors
    computed: list[str | None] = []
    real = timeline_stress._closure_chunk

    def counted(corridor: str | None, ctx: object) -> pd.DataFrame:
        computed.append(corridor)
        return real(corridor, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_stress, "_closure_chunk", counted)
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    again = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                         out=out, csv=True)  # fmt: skip
    assert computed == [_CORRIDORS[-1]]  # only the closure left
    pd.testing.assert_frame_equal(again, table_one_worker)
    pd.testing.assert_frame_equal(pd.read_parquet(out), table_one_worker)
    assert not parts.exists() and out.with_suffix(".csv").exists()
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["corridor"] for r in summary["rows"]] == table_one_worker.corridor.tolist()


def test_a_warm_sweep_resumes_on_another_worker_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    whole = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS, warm=True)
    out = _interrupted(tmp_path, monkeypatch, embedded_network, warm=True)
    again = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                         warm=True, out=out, workers=2)  # fmt: skip
    pd.testing.assert_frame_equal(again, whole, check_exact=True)


def test_another_sweep_on_the_same_out_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  embedded_network: nx.MultiDiGraph) -> None:  # fmt: skip
    # Chunks of a 12-day cold sweep are not mixed into a warm one (nor into another horizon).
    out = _interrupted(tmp_path, monkeypatch, embedded_network, warm=False)
    said = {(True, 12): "settings differ: warm True here, False in the folder)",
            (False, 13): "settings differ: days 13 here, 12 in the folder)"}  # it said "the network,
    # parameters, scenario or horizon differ" (fuzz27)
    for (warm, days), why in said.items():
        tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=days)
        with pytest.raises(ParameterError, match="holds chunks of a different run") as err:
            closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS,
                         warm=warm, out=out)  # fmt: skip
        assert why in str(err.value) and len(str(err.value)) < 400  # not every corridor's name


def test_a_folder_of_an_earlier_version_resumes_with_its_horizon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 embedded_network: nx.MultiDiGraph,
                                                                 table_one_worker: pd.DataFrame) -> None:  # fmt: skip
    # The run record holds the horizon since 2026-12-06 (fuzz27), outside the run's fingerprint
    # (the context's key holds it): a folder an earlier version left, whose record has no days,
    # is resumed by the same run and refused, as of an older version, by another horizon.
    import json

    out = _interrupted(tmp_path, monkeypatch, embedded_network, warm=False)
    run = out.with_name("cd.parquet.parts") / "run.json"
    record = json.loads(run.read_text(encoding="utf-8"))
    assert record["meta"].pop("days") == 12
    run.write_text(json.dumps(record), encoding="utf-8")
    other = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=13)
    with pytest.raises(ParameterError, match=r"an older version of supplychain \(its run record has no days\)"):
        closure_days(embedded_network, load_model_parameters(), other, corridors=_CORRIDORS, out=out)
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    again = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS, out=out)
    pd.testing.assert_frame_equal(again, table_one_worker)


def test_a_closure_below_none_gets_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On the back-test, closing a road a recorded attack falls on frees the fuel and escorts
    # sent into it: less unmet than (none). A planner read it as "closing helps"; the text
    # now says what it means (README "Days of cover").
    from click.testing import CliRunner

    from supplychain.cli import main
    from supplychain.scenarios import timeline_stress

    table = pd.DataFrame({
        "corridor": ["(none)", "Dakar-Bamako via Kayes", "Abidjan-Bamako", "Conakry-Bamako"],
        "days_to_dry": [7.0, 7.0, 7.0, float("nan")],
        "first_dry_date": ["2025-09-08"] * 3 + [None],
        "first_dry_city": ["Kayes"] * 3 + [None],
        "unmet_m3": [129_903.0, 121_961.0, 129_903.5, 130_500.0],
        "unmet_pct": [10.0, 9.4, 10.0, 10.1],
    })  # fmt: skip
    monkeypatch.setattr(timeline_stress, "closure_days", lambda *a, **k: table)
    r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "3", "--out", str(tmp_path / "cd.parquet")])
    assert r.exit_code == 0, r.output
    notes = [line for line in r.output.splitlines() if "note:" in line]
    assert len(notes) == 1
    assert notes[0].startswith("  note: Dakar-Bamako via Kayes leaves less demand unmet than (none)")
    assert "those attacks would not have happened" in notes[0]
    table.loc[1, "unmet_m3"] = 129_903.0
    r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "3", "--out", str(tmp_path / "cd2.parquet")])
    assert r.exit_code == 0 and "note:" not in r.output


def _no_plan_for(monkeypatch: pytest.MonkeyPatch, corridors: set[str] | None) -> None:
    """Closures of ``corridors`` (None: every one, and the unclosed row) stop at the time limit
    with no plan, as a closure of a large network does when the solver's limit is too short."""
    from supplychain.models.timeline_result import read_result
    from supplychain.scenarios import timeline_stress

    real = timeline_stress.solve_timeline

    def solve(model: object, **kwargs: object) -> object:
        labels = {e.label for e in model.timeline.effects}  # type: ignore[attr-defined]
        if corridors is None or any(f"{c} closed" in labels for c in corridors):
            return read_result(model, "time_limit", 0.0, None)  # type: ignore[arg-type]
        return real(model, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_stress, "solve_timeline", solve)


def test_a_closure_without_a_plan_is_unknown_not_never_dry(embedded_network: nx.MultiDiGraph,
                                                           table_one_worker: pd.DataFrame,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Its row had only its status: the text read "no city dry within 12 days; unmet nan m3",
    # sorted among the closures that dry nothing.
    _no_plan_for(monkeypatch, {"Bamako-Ségou-San-Mopti"})
    tl = load_timeline(None, embedded_network, start=date(2026, 1, 1), days=12)
    table = closure_days(embedded_network, load_model_parameters(), tl, corridors=_CORRIDORS)
    assert table.corridor.iloc[-1] == "Bamako-Ségou-San-Mopti"  # after the never-dry ones
    last = table.iloc[-1]
    assert last.status == "time_limit" and pd.isna(last.days_to_dry) and pd.isna(last.unmet_m3)
    assert pd.isna(last.unmet_pct) and last.first_dry_city == "" and last.first_dry_date is None
    solved = table.iloc[:-1].reset_index(drop=True)
    expected = table_one_worker[table_one_worker.corridor != "Bamako-Ségou-San-Mopti"].reset_index(drop=True)
    pd.testing.assert_frame_equal(solved, expected, check_exact=True)


def test_a_sweep_where_no_closure_has_a_plan_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It stopped on "error: unexpected KeyError: 'days_to_dry'. This is a bug ...".
    import json

    from click.testing import CliRunner

    from supplychain.cli import main

    _no_plan_for(monkeypatch, None)
    out = tmp_path / "cd.parquet"
    r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "3", "--start", "2026-01-01",
                                  "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    lines = [line for line in r.stdout.splitlines() if line.startswith("  ")]
    assert lines[0] == "  (none): no plan (status time_limit): days to dry and unmet demand unknown"
    assert not any("no city dry" in line or "nan" in line for line in lines)
    # Each closure is a timeline: timeline's 600 s, not the steady-state default of 60 s; a
    # file value at or below it changes nothing, so the hint names the value to exceed.
    assert lines[-1] == (f"  {len(lines) - 1} closures without a plan within the solver's time limit "
                         "(600 s each): set [solver] time_limit_s above 600 in a parameter file "
                         "(--params) and run again")  # fmt: skip
    table = pd.read_parquet(out)
    assert (table.status == "time_limit").all() and table.days_to_dry.isna().all()
    assert table.unmet_m3.isna().all()
    rows = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["rows"]
    assert all(row["days_to_dry"] is None and row["unmet_m3"] is None for row in rows)


def test_a_one_day_horizon_is_one_day_in_the_text(tmp_path: Path) -> None:
    """``--days 1`` read "no city dry within 1 days" (fuzz33)."""
    from click.testing import CliRunner

    from supplychain.cli import main

    r = CliRunner().invoke(main, ["stress", "closure-days", "--days", "1",
                                  "--out", str(tmp_path / "cd.parquet")])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "no city dry within 1 day;" in r.output and "within 1 days" not in r.output
