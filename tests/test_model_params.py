"""LP parameter file: defaults load and cite their sources; bad files name file and key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from supplychain.errors import ParameterError
from supplychain.models import (
    DEFAULT_MODEL_PARAMS_PATH,
    PriorityBlock,
    build_model,
    build_timeline_model,
    load_model_parameters,
)
from supplychain.models.timeline import Timeline, load_storage_parameters


def test_defaults() -> None:
    p = load_model_parameters()
    assert p.solver == "highs" and p.fleet.enabled
    assert p.weight("Bamako") > p.weight("Kayes")
    assert p.blocks[0].city == "Bamako" and p.blocks[0].weight > p.weight("Bamako")


def test_every_table_cites_a_fact_or_an_assumption() -> None:
    for block in DEFAULT_MODEL_PARAMS_PATH.read_text(encoding="utf-8").split("\n[")[1:]:
        if block.startswith("solver]"):
            continue
        assert "FACTS" in block or "ssumption" in block, block[:40]


def test_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        "[priority]\ndefault = 0\ncities = { Bamako = 'high' }\n"
        "[[priority_block]]\ncity = 'Bamako'\nweight = 2\n"
        "[cost]\nper_truck_km = -1\nfuel_value_per_m3 = 1\n"
        "[fleet]\nenabled = 'yes'\ntankers = 10\ndriving_hours_per_day = 30\n"
        "[solver]\nname = 'gurobi'\n"
        "[extra]\n"
    )
    with pytest.raises(ParameterError) as err:
        load_model_parameters(path)
    msg = str(err.value)
    for fragment in (
        "'m.toml' key 'extra': unknown key",
        "'priority.default': 0 must be greater than 0",
        "'priority.cities.Bamako': 'high' is not a number",
        "'priority_block[0].name': missing",
        "'priority_block[0].volume_m3_per_day': missing",
        "'cost.per_truck_km': -1 must be greater than 0",
        "'fleet.enabled': 'yes' is not true or false",
        "'fleet.driving_hours_per_day': 30 is above the maximum 24",
        "'solver.name': 'gurobi'; expected one of highs, cbc",
    ):
        assert fragment in msg


def test_names_printed_in_the_text_are_one_line(tmp_path: Path) -> None:
    """The currency and a priority block's name and city are printed inside the commands' text
    and the report: a line break in one started a line of its own (``error: x`` in a run that
    succeeded)."""
    text = DEFAULT_MODEL_PARAMS_PATH.read_text(encoding="utf-8")
    text = text.replace('currency = "FCFA"', 'currency = "FCFA\\nerror: x"')
    text = text.replace('name = "Bamako power plants"', 'name = "power\\rplants"')
    text = text.replace('city = "Bamako"', 'city = "Bamako\\u2028"')
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as err:
        load_model_parameters(path)
    problems = err.value.problems
    for key in ("cost.currency", "priority_block[0].name", "priority_block[0].city"):
        assert any(f"key '{key}'" in p and "holds a line break or another control character" in p
                   for p in problems), (key, problems)
    assert "\n" not in str(err.value) and "\r" not in str(err.value)  # one line, as the CLI prints it


def test_priority_block_for_unknown_city(embedded_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    text = DEFAULT_MODEL_PARAMS_PATH.read_text(encoding="utf-8").replace('city = "Bamako"', 'city = "Timbuktu"')
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match="names city 'Timbuktu', which is not a demand node"):
        build_model(embedded_network, load_model_parameters(path))


def test_city_weight_for_unknown_city(embedded_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    # A typo in [priority] cities was ignored: Bamako's weight fell to the default, unsaid.
    text = DEFAULT_MODEL_PARAMS_PATH.read_text(encoding="utf-8").replace(
        'cities = { "Bamako" = 2.0 }', 'cities = { "Bamkao" = 2.0 }')
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=r"priority weight of city 'Bamkao' \(\[priority\] cities\), "
                       r"which is not a demand node of this network; did you mean 'Bamako'\?"):
        build_model(embedded_network, load_model_parameters(path))


def test_priority_blocks_above_the_citys_demand(tiny_network: nx.MultiDiGraph) -> None:
    # Each block within Kayes's 100 m3/day, together above it: the timeline's last slice got
    # a negative bound (infeasible, "check negative or zero capacities"); the steady LP ran.
    params = replace(load_model_parameters(), blocks=(
        PriorityBlock("Kayes", "hospitals", 60.0, 3.0), PriorityBlock("Kayes", "army", 50.0, 2.5)))
    message = (r"priority blocks of 'Kayes' \(hospitals, army\) total 110 m3/day, above its demand "
               r"of 100 m3/day")
    with pytest.raises(ParameterError, match=message):
        build_model(tiny_network, params)
    timeline = Timeline("t", "", date(2026, 1, 1), 3, storage=load_storage_parameters())
    with pytest.raises(ParameterError, match=message):
        build_timeline_model(tiny_network, params, timeline)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: replace(p, fleet=replace(p.fleet, tankers=-5)), "fleet.tankers = -5: give a finite number >= 0"),
        (lambda p: replace(p.fleet, driving_hours_per_day=0), "fleet.driving_hours_per_day = 0"),
        (lambda p: replace(p.fleet, border_hours=float("nan")), "fleet.border_hours = nan"),
        (lambda p: replace(p, city_weights={"Kayes": -3}), "city_weights['Kayes'] = -3: give a finite number > 0"),
        (lambda p: replace(p, cost_per_truck_km=-1), "parameters.cost_per_truck_km = -1"),
        # 0 let the plan loop fuel at no cost: routes missed the loop, or decomposing it failed.
        (lambda p: replace(p, cost_per_truck_km=0.0), "parameters.cost_per_truck_km = 0.0: give a finite number > 0"),
        (lambda p: replace(p, solver="gurobi"), "parameters.solver = 'gurobi': give one of highs, cbc"),
        (lambda p: replace(p.blocks[0], weight=0), "priority block 'Bamako power plants'.weight = 0"),
    ],
)
def test_parameters_built_in_code_are_checked(change, message: str) -> None:
    # tankers=-5 came back "infeasible" with a message about capacities, 0 driving hours as a
    # ZeroDivisionError, a negative cost as a raw ValueError.
    with pytest.raises(ParameterError) as err:
        change(load_model_parameters())
    assert message in str(err.value) and "\n" not in str(err.value)


def test_no_demand_city_is_said_once(embedded_network: nx.MultiDiGraph) -> None:
    """A network whose places all have demand 0 (a places file with every demand set to 0) got
    one line naming the fix, then the priority block's "...; use one of ;" (an empty list) and
    the city weight's "not a demand node" after it: only the first is left."""
    graph = embedded_network.copy()
    for _, data in graph.nodes(data=True):
        if data.get("demand_m3_per_day"):
            data["demand_m3_per_day"] = 0.0
    with pytest.raises(ParameterError) as err:
        build_model(graph, load_model_parameters())
    assert err.value.problems == [
        "no node has demand_m3_per_day > 0; give cities a demand in the places file"]
    assert "use one of ;" not in str(err.value)
