"""Network files: every format round-trips the schema; bad files give clear errors."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from supplychain.errors import DataFileError
from supplychain.networks import NETWORK_FORMATS, load_network, save_network, validate_network


def _edge_table(g: nx.MultiDiGraph) -> dict:
    return {
        (u, v, k): {a: val for a, val in d.items() if a != "geometry"}
        for u, v, k, d in g.edges(keys=True, data=True)
    }


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_round_trip(tiny_network: nx.MultiDiGraph, tmp_path: Path, suffix: str) -> None:
    path = save_network(tiny_network, tmp_path / f"net{suffix}")
    back = load_network(path)
    validate_network(back)
    assert dict(back.nodes(data=True)) == dict(tiny_network.nodes(data=True))
    assert _edge_table(back) == _edge_table(tiny_network)
    assert back.graph["source"] == tiny_network.graph["source"]
    assert back.graph["corridor_km"] == tiny_network.graph["corridor_km"]
    assert not list(tmp_path.glob(".*.tmp*"))


def test_unsupported_suffix(tiny_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"unsupported suffix '\.pkl'"):
        save_network(tiny_network, tmp_path / "x.pkl")
    with pytest.raises(DataFileError, match="unsupported suffix"):
        load_network(tmp_path / "x.pickle")


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_corrupt_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(b"\x00not a network at all")
    with pytest.raises(DataFileError, match=f"bad{suffix}"):
        load_network(path)


def test_foreign_geojson_is_not_a_network(tmp_path: Path) -> None:
    path = tmp_path / "roads.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(DataFileError, match="not a supplychain network"):
        load_network(path)


def test_failed_write_leaves_nothing(tiny_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    g = tiny_network.copy()
    g.graph["bad"] = object()  # not serialisable: the writer fails half-way
    target = tmp_path / "net.geojson"
    with pytest.raises(TypeError):
        save_network(g, target)
    assert list(tmp_path.iterdir()) == []
