"""``stress closure-days`` gives each city's first dry day and dry days per closure, not only
the first city's (column ``dry_by_city``), follows one city in its text (the largest demand,
or ``--city``), and shows a corridors x cities table in the report.

Hand case: port P (100 m3 a day) and two roads of one day, "West" to city A (10 m3 a day,
40 m3 on day 0) and "East" to city B (20 m3 a day, 200 m3 on day 0), 8 days. Open, fuel
arrives from day 1 and the stocks cover day 0: no city dry. "West" closed: A lives on its 40
m3 for days 0-3 and starts day 4 empty: dry from day 4 (README: the first day a city starts
empty and leaves demand unmet), dry on days 4-7 (4 dry days), 40 m3 unmet; B never dry. "East"
closed: B's 200 m3 cover the 160 m3 of the 8 days: never dry, nothing unmet. B has the larger
demand (160 m3 against 80 over the horizon), so the text follows B by default.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from supplychain.cli import main
from supplychain.errors import DataFileError
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.networks.io import save_network
from supplychain.scenarios.timeline_stress import (
    CITY_COLUMN,
    city_days_to_dry,
    closure_days,
    closure_days_summary,
    largest_demand_city,
)
from tests.test_min_stock_closure_oracle import _PARAMS, _road, _schema_complete
from tests.test_timeline_oracle import Case, _node

#: Per row: each city's (first dry day, dry days); the unclosed row first, then the table's
#: order (West dries a city, East none).
EXPECTED = {
    "(none)": {"A": (None, 0), "B": (None, 0)},
    "West": {"A": (4, 4), "B": (None, 0)},
    "East": {"A": (None, 0), "B": (None, 0)},
}


def _two_roads() -> Case:
    g = nx.MultiDiGraph(tanker_volume_m3=30.0)
    _node(g, "P", "port", supply_m3_per_day=100.0, capacity_trucks_per_day=50.0)
    _node(g, "A", "city", demand_m3_per_day=10.0)
    _node(g, "B", "city", demand_m3_per_day=20.0)
    _road(g, "P", "A", "R:P-A", 1, 100.0, "West")
    _road(g, "P", "B", "R:P-B", 1, 100.0, "East")
    return Case(g, 8, {"A": (100.0, 40.0, 0.0), "B": (300.0, 200.0, 0.0)}, (), {})


def _days(table: pd.DataFrame) -> dict[str, dict[str, tuple[int | None, int]]]:
    return {r["corridor"]: {c: (v["days_to_dry"], v["dry_days"]) for c, v in city_days_to_dry(r[CITY_COLUMN]).items()}
            for r in table.to_dict("records")}  # fmt: skip


@pytest.mark.parametrize("warm", [False, True])
def test_each_citys_first_dry_day_and_dry_days(warm: bool) -> None:
    case = _two_roads()
    table = closure_days(case.graph, case.params(), case.timeline(), warm=warm)
    assert table.corridor.tolist() == ["(none)", "West", "East"]
    assert _days(table) == EXPECTED
    assert table.first_dry_city.tolist() == ["", "A", ""] and table.days_to_dry.iloc[1] == 4.0
    demand = {c: v["demand_m3"] for c, v in city_days_to_dry(table[CITY_COLUMN].iloc[0]).items()}
    assert demand == {"A": 80.0, "B": 160.0}
    assert largest_demand_city(table.to_dict("records")) == "B"


def test_the_dry_days_are_the_timelines() -> None:
    # The same rule as `supplychain timeline`'s "N dry days": the West closure solved as a
    # timeline gives the same first dry day and count per city.
    from dataclasses import replace

    from supplychain.models.scenario import Effect
    from supplychain.models.timeline import DatedEffects

    case = _two_roads()
    tl = case.timeline()
    tl = replace(tl, effects=(DatedEffects(0, 7, {"R:P-A": Effect(closed=True)}, {}, "West"),))
    result = solve_timeline(build_timeline_model(case.graph, case.params(), tl), lexicographic=False)
    cities = result.to_dict()["cities"]
    assert {c: (v["first_dry_day"], v["dry_days"]) for c, v in cities.items()} == EXPECTED["West"]
    assert result.dry_day_counts() == {"A": 4, "B": 0}


def test_the_summary_holds_the_cities_as_objects() -> None:
    case = _two_roads()
    table = closure_days(case.graph, case.params(), case.timeline())
    rows = closure_days_summary(table, case.timeline())["rows"]
    assert rows[1][CITY_COLUMN]["A"] == {"days_to_dry": 4, "dry_days": 4, "demand_m3": 80.0}
    assert json.loads(json.dumps(rows))  # JSON-able


def test_a_closure_without_a_plan_has_no_cities() -> None:
    assert city_days_to_dry("{}") == {} and largest_demand_city([{CITY_COLUMN: "{}"}]) is None
    assert largest_demand_city([{"corridor": "(none)"}]) is None  # a table written before the column


def test_a_damaged_cell_is_one_error() -> None:
    with pytest.raises(DataFileError, match="dry_by_city holds '\\[1, 2\\]'"):
        city_days_to_dry("[1, 2]")


def test_a_cell_with_an_integer_of_5000_digits_is_one_error() -> None:
    """Python's refusal to convert it was "unexpected ValueError" (before 2026-12-07)."""
    with pytest.raises(DataFileError, match="dry_by_city holds '\\{\"Kayes\": 9999"):
        city_days_to_dry('{"Kayes": ' + "9" * 5000 + "}")


def _files(tmp_path: Path) -> list[str]:
    """The hand case as a network file and a timeline file of 8 days from 2026-03-01."""
    case = _two_roads()
    network = save_network(_schema_complete(case.graph), tmp_path / "net.graphml")
    (tmp_path / "model.toml").write_text(_PARAMS, encoding="utf-8")
    (tmp_path / "storage.toml").write_text(
        '[storage]\ncapacity_days = 15.0\ninitial_days = 1.0\nfloor_days = 0.0\n'
        '[place."A"]\ninitial_m3 = 40.0\n[place."B"]\ninitial_m3 = 200.0\n', encoding="utf-8")  # fmt: skip
    (tmp_path / "calm.toml").write_text(
        'name = "calm"\n[timeline]\nstart = 2026-03-01\ndays = 8\nstorage = "storage.toml"\n',
        encoding="utf-8")  # fmt: skip
    return ["stress", "closure-days", "--network", str(network), "--params", str(tmp_path / "model.toml"),
            "--scenario", str(tmp_path / "calm.toml")]  # fmt: skip


def test_the_command_follows_the_largest_demand_or_city(tmp_path: Path) -> None:
    args = _files(tmp_path)
    out = tmp_path / "cd.parquet"
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "  B, the city with the largest demand (--city NAME for another), days to dry:\n" \
           "    no corridor closed: never dry within 8 days\n" \
           "    never dry within 8 days with any corridor closed (2 closures)\n" in text  # fmt: skip
    assert "  cities dry sooner than with no corridor closed (in brackets: with none):\n" \
           "    West: A day 4 (never)\n" in text  # fmt: skip
    assert _days(pd.read_parquet(out)) == EXPECTED
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["rows"][1][CITY_COLUMN]["A"]["days_to_dry"] == 4
    assert "city" not in summary["command"]  # it changes no figure of the table

    result = CliRunner().invoke(main, [*args, "--city", "A", "--out", str(tmp_path / "a.parquet")])
    assert result.exit_code == 0, result.output
    assert "  A, days to dry:\n    no corridor closed: never dry within 8 days\n" \
           "    West closed: dry from day 4 (2026-03-05), 4 dry days; never with no corridor closed\n" \
           "    never dry within 8 days with any other corridor closed (1 closure)\n" in result.output  # fmt: skip


def test_an_unknown_city_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "cd.parquet"
    result = CliRunner().invoke(main, [*_files(tmp_path), "--city", "a", "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("error: --city 'a' is not a city with demand on the network")
    assert "'A'" in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists() and not out.with_name("cd.parquet.parts").exists()


def test_city_is_ignored_with_a_warning_by_other_sweeps(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="supplychain.cli.stress"):
        result = CliRunner().invoke(main, ["stress", "n-1", "--city", "Bamako", "--out", str(tmp_path / "n1.parquet")])
    assert result.exit_code == 0, result.output
    assert "--city has no effect on stress n-1" in caplog.text


def test_chunks_kept_without_the_cities_are_computed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # An interrupted sweep of a version without the column left the unclosed row and East
    # (closures run in the corridors' order); the resumed sweep computes them again (not a
    # table with holes), and West.
    from supplychain.scenarios import timeline_stress

    case = _two_roads()
    out = tmp_path / "cd.parquet"
    real = timeline_stress._closure_chunk

    def old_then_stop(corridor: str | None, ctx: object) -> pd.DataFrame:
        if corridor == "West":
            raise KeyboardInterrupt
        return real(corridor, ctx).drop(columns=[CITY_COLUMN])  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_stress, "_closure_chunk", old_then_stop)
    with pytest.raises(KeyboardInterrupt):
        closure_days(case.graph, case.params(), case.timeline(), out=out)
    assert len(list(out.with_name("cd.parquet.parts").glob("chunk-*.parquet"))) == 2
    computed: list[str | None] = []

    def counted(corridor: str | None, ctx: object) -> pd.DataFrame:
        computed.append(corridor)
        return real(corridor, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(timeline_stress, "_closure_chunk", counted)
    with caplog.at_level("WARNING", logger="supplychain.scenarios.sweep_common"):
        table = closure_days(case.graph, case.params(), case.timeline(), out=out)
    assert computed == [None, "East", "West"]
    assert "2 kept chunk(s) lack dry_by_city (kept by an older version): computed again" in caplog.text
    assert _days(table) == EXPECTED and _days(pd.read_parquet(out)) == EXPECTED


def test_the_report_shows_corridors_by_cities(tmp_path: Path) -> None:
    from supplychain.reports.stress import load_stress
    from supplychain.reports.stress_section import _closure_block

    out = tmp_path / "cd.parquet"
    assert CliRunner().invoke(main, [*_files(tmp_path), "--out", str(out)]).exit_code == 0
    block = _closure_block(load_stress(out), 0)
    t = block["cities"]
    # B (the largest demand) first, then the cities dry in some row; the unclosed row first.
    assert [h["label"] for h in t["head"]] == ["Corridor closed from day 0", "B", "A"]
    assert [[c["text"] for c in r["cells"]] for r in t["rows"]] == [
        ["(none: no corridor closed)", "never", "never"], ["West", "never", "4"], ["East", "never", "never"]]
    assert "B has the largest demand" in t["caption"]
    old = tmp_path / "old.parquet"
    pd.read_parquet(out).drop(columns=[CITY_COLUMN]).to_parquet(old)
    old.with_suffix(".json").write_text(out.with_suffix(".json").read_text(encoding="utf-8"), encoding="utf-8")
    assert _closure_block(load_stress(old), 0)["cities"] is None  # written before the column


def test_the_report_names_the_file_of_a_damaged_cell(tmp_path: Path) -> None:
    from supplychain.reports.stress import load_stress

    out = tmp_path / "cd.parquet"
    assert CliRunner().invoke(main, [*_files(tmp_path), "--out", str(out)]).exit_code == 0
    table = pd.read_parquet(out)
    table.loc[1, CITY_COLUMN] = '{"A": {"days_to_dry": "soon", "dry_days": 1, "demand_m3": 80}}'
    table.to_parquet(out)
    with pytest.raises(DataFileError, match=r"cd\.parquet.*column dry_by_city holds"):
        load_stress(out)


def test_a_row_gives_the_first_city_to_run_dry() -> None:
    # Both roads on one corridor "Main", B with 100 m3 for its 20 m3 a day: closing "Main",
    # A starts day 4 empty and B day 5. The row's first dry day is A's 4 (the README: "the
    # first day a city runs dry"), not the last city's 5, and it names A.
    case = _two_roads()
    for _, _, d in case.graph.edges(data=True):
        d["corridors"] = ["Main"]
    case.storage["B"] = (300.0, 100.0, 0.0)
    table = closure_days(case.graph, case.params(), case.timeline())
    assert _days(table)["Main"] == {"A": (4, 4), "B": (5, 3)}
    row = table[table.corridor == "Main"].iloc[0]
    assert (row.days_to_dry, row.first_dry_city) == (4, "A")
