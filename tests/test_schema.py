"""Attribute schema: validation collects every problem; docs table lists every attribute."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np
import pytest

from supplychain.errors import SchemaError
from supplychain.networks import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, schema_markdown, validate_network


def test_built_network_is_valid(tiny_network: nx.MultiDiGraph) -> None:
    validate_network(tiny_network)
    for _, _, d in tiny_network.edges(data=True):
        for spec in EDGE_ATTRIBUTES:
            assert spec.name in d
    for _, d in tiny_network.nodes(data=True):
        for spec in NODE_ATTRIBUTES:
            assert spec.name in d or not spec.required


def test_problems_collected_and_named(tiny_network: nx.MultiDiGraph) -> None:
    g = tiny_network.copy()
    edges = list(g.edges(keys=True, data=True))
    edges[0][3]["capacity_trucks_per_day"] = -5.0
    edges[1][3]["length_km"] = math.nan
    del edges[2][3]["country"]
    node = next(iter(g.nodes))
    g.nodes[node]["role"] = "harbour"
    with pytest.raises(SchemaError) as err:
        validate_network(g)
    msg = str(err.value)
    assert f"Segment '{edges[0][3]['segment_id']}' has negative capacity_trucks_per_day -5 trucks/day; it must be >= 0" in msg
    assert "non-finite length_km nan" in msg
    assert "has no 'country'" in msg
    assert "role 'harbour'" in msg
    assert len(err.value.problems) == 4


def test_a_problem_of_both_directions_is_listed_once(tiny_network: nx.MultiDiGraph) -> None:
    # A segment's two directions share its id, so a bad value on both (a GIS cell, a segment
    # override) gave the same message twice and counted two problems (8 for 4 on an OSM
    # extract with a zero speed limit), pushing other problems out of the 20 listed.
    g = tiny_network.copy()
    seg_id = next(iter(g.edges(data=True)))[2]["segment_id"]
    for _, _, d in g.edges(data=True):
        if d["segment_id"] == seg_id:
            d["capacity_trucks_per_day"] = -5.0
    assert sum(d["segment_id"] == seg_id for _, _, d in g.edges(data=True)) == 2
    with pytest.raises(SchemaError, match="The network has 1 schema problem") as err:
        validate_network(g)
    assert len(err.value.problems) == 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (dict(edge=0, length_km=1e300), "implausible length_km 1e+300 km; it must be <= 5,000"),
        (dict(edge=0, speed_kph=1e300), "implausible speed_kph 1e+300 km/h; it must be <= 200"),
        (dict(edge=0, travel_time_h=5000.0), "implausible travel_time_h 5000 h; it must be <= 1,000"),
        (dict(edge=0, capacity_trucks_per_day=1e300), "implausible capacity_trucks_per_day 1e+300"),
        (dict(node=0, x=500.0), "has x 500 deg outside -180..180"),
        (dict(node=0, supply_m3_per_day=1e300), "implausible supply_m3_per_day 1e+300 m3/day"),
        (dict(node=0, demand_m3_per_day=2e6), "implausible demand_m3_per_day 2e+06 m3/day; it must be <= 1,000,000"),
        (dict(node=0, y=-91.0), "has y -91 deg outside -90..90"),
    ],
)
def test_implausible_magnitudes_are_refused(tiny_network: nx.MultiDiGraph, edit: dict, message: str) -> None:
    """1e300 km was accepted, printed as a 300-digit total and crashed the solver."""
    g = tiny_network.copy()
    if "node" in edit:
        node = list(g.nodes)[edit.pop("node")]
        g.nodes[node].update(edit)
    else:
        u, v, k = list(g.edges(keys=True))[edit.pop("edge")]
        g.edges[u, v, k].update(edit)
    with pytest.raises(SchemaError) as err:
        validate_network(g)
    assert message in str(err.value)
    assert len(err.value.problems) == 1


def test_values_at_the_bounds_are_accepted(tiny_network: nx.MultiDiGraph) -> None:
    g = tiny_network.copy()
    u, v, k = next(iter(g.edges(keys=True)))
    g.edges[u, v, k].update(length_km=5000.0, speed_kph=200.0, travel_time_h=25.0,
                            capacity_trucks_per_day=100_000.0)  # fmt: skip
    g.nodes[u].update(x=-180.0, y=90.0)
    validate_network(g)


def test_markdown_lists_every_attribute() -> None:
    table = schema_markdown()
    for spec in (*EDGE_ATTRIBUTES, *NODE_ATTRIBUTES):
        assert f"`{spec.name}`" in table


def _edited(graph: nx.MultiDiGraph, *, node: str | None = None, edge: int | None = None,
            **attrs: object) -> nx.MultiDiGraph:
    g = graph.copy()
    if node is not None:
        n = next(n for n, d in g.nodes(data=True) if d.get("name") == node)
        g.nodes[n].update(attrs)
    if edge is not None:
        u, v, k = list(g.edges(keys=True))[edge]
        g.edges[u, v, k].update(attrs)
    return g


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (dict(edge=0, length_km=math.nan), "non-finite length_km nan"),
        (dict(edge=0, travel_time_h=-2.0), "negative travel_time_h -2 h"),
        (dict(edge=0, capacity_trucks_per_day=math.inf), "non-finite capacity_trucks_per_day inf"),
        (dict(edge=0, capacity_trucks_per_day=None), "has no 'capacity_trucks_per_day'"),
        (dict(node="Dakar", supply_m3_per_day=-500.0), "'Dakar' has negative supply_m3_per_day -500 m3/day"),
        (dict(node="Kayes", demand_m3_per_day=math.nan), "'Kayes' has non-finite demand_m3_per_day"),
    ],
)
def test_models_check_a_graph_edited_in_code(
    embedded_network: nx.MultiDiGraph, edit: dict, message: str
) -> None:
    """Graphs built or edited in code reach the models unchecked by load_network: a NaN length
    failed inside PuLP, a negative supply or travel time solved as optimal, a NaN demand
    dropped its city. Every model builder now says what is wrong, naming the item."""
    from supplychain.models import build_model, load_model_parameters
    from supplychain.models.fast import FastSolver
    from supplychain.models.timeexp import build_timeline_model
    from supplychain.scenarios.timeline_stress import load_timeline

    g = _edited(embedded_network, **edit)
    params = load_model_parameters()
    for build in (lambda: build_model(g, params), lambda: FastSolver(g, params),
                  lambda: build_timeline_model(g, params, load_timeline(None, g, days=2))):  # fmt: skip
        with pytest.raises(SchemaError, match="problem\\(s\\) a model cannot use") as err:
            build()
        assert message in str(err.value) and "\n" not in str(err.value)


def test_models_refuse_a_graph_of_another_kind(embedded_network: nx.MultiDiGraph) -> None:
    from supplychain.errors import ArgumentError
    from supplychain.models import FastSolver, load_model_parameters, run_scenario

    with pytest.raises(ArgumentError, match=r"graph is a DiGraph; give a networkx\.MultiDiGraph"):
        run_scenario(nx.DiGraph(embedded_network), load_model_parameters())
    with pytest.raises(SchemaError, match=r"The network is a DiGraph, not a networkx\.MultiDiGraph"):
        FastSolver(nx.DiGraph(embedded_network), load_model_parameters())
    g = embedded_network.copy()
    g.graph["tanker_volume_m3"] = 0
    with pytest.raises(SchemaError, match=r"tanker_volume_m3 = 0; it must be a number > 0"):
        run_scenario(g, load_model_parameters())


@pytest.mark.parametrize(("max_problems", "cls"), [(-1, "ArgumentError"), (0, "ArgumentError"),
                                                   (2.5, "ArgumentTypeError"), ("3", "ArgumentTypeError"),
                                                   (True, "ArgumentTypeError")])  # fmt: skip
def test_max_problems_below_1_or_not_a_whole_number_is_refused(
    tiny_network: nx.MultiDiGraph, max_problems: object, cls: str
) -> None:
    """validate_network(..., max_problems=-1) (or 0) was accepted without a word and its error
    listed no problem, only "... and N more"; 2.5 or "3" failed with a bare TypeError on a
    network with problems and passed on one without. Both checks refuse them first."""
    import supplychain.errors
    from supplychain.networks import validate_model_inputs

    for check in (validate_network, validate_model_inputs):
        with pytest.raises(getattr(supplychain.errors, cls),
                           match=rf"^max_problems = {re.escape(repr(max_problems))}[;:] give how many problems "
                                 r"the error lists, a whole number >= 1 \(default 20\)$"):  # fmt: skip
            check(tiny_network, max_problems=max_problems)  # type: ignore[arg-type]
    validate_network(tiny_network, max_problems=np.int64(1))  # numpy's integers are whole numbers
