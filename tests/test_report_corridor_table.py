"""The report's "Flows by corridor" table says how it counts: each route's fuel once, for
the corridor it crosses the border on, never once per corridor naming a shared road."""

from __future__ import annotations

import pytest

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.reports.data import as_run
from supplychain.reports.sections import routes_data


@pytest.fixture(scope="module")
def block() -> dict:
    g, params = dakar_bamako()
    # The only road is named by two corridors: its 20 m³/day count for one of them, once.
    for _, _, d in g.edges(data=True):
        d["corridors"] = ["Dakar-Bamako", "Dakar-Bamako via Kita"]
    return routes_data([as_run(run_scenario(g, params))], 0)["blocks"][0]


def test_corridor_rows_count_each_route_once(block: dict) -> None:
    rows = block["corridors"]["rows"]
    assert [[c["text"] for c in r["cells"][:2]] for r in rows] == [["Dakar-Bamako", "20"]]


def test_corridor_table_caption_says_how_it_counts(block: dict) -> None:
    caption = block["corridors"]["caption"]
    assert "once" in caption
    assert "border post" in caption
    assert "(off corridor)" in caption
