"""Attribute schema: validation collects every problem; docs table lists every attribute."""

from __future__ import annotations

import math

import networkx as nx
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


def test_markdown_lists_every_attribute() -> None:
    table = schema_markdown()
    for spec in (*EDGE_ATTRIBUTES, *NODE_ATTRIBUTES):
        assert f"`{spec.name}`" in table
