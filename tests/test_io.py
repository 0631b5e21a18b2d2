"""Network files: every format round-trips the schema; bad files give clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
@pytest.mark.parametrize("revision", ["current", None, 0, "newer"])
def test_a_network_built_by_another_revision_warns_to_rebuild(tiny_network: nx.MultiDiGraph, tmp_path: Path,
                                                              suffix: str, revision: object,
                                                              caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    # A build stamps its revision, every format keeps it, and a file built before (no stamp, or
    # a lower one) or after (a higher one) is loaded with one warning saying how to rebuild it.
    from supplychain.networks.schema import BUILD_REVISION

    assert tiny_network.graph["build_revision"] == BUILD_REVISION
    g = tiny_network.copy()
    # A file written before builds were recorded (tests/test_network_provenance.py: with the
    # record, the warning gives the command or says "in Python").
    del g.graph["build"]
    if revision is None:
        del g.graph["build_revision"]
    elif revision != "current":
        g.graph["build_revision"] = BUILD_REVISION + 1 if revision == "newer" else revision
    path = save_network(g, tmp_path / f"n{suffix}")
    with caplog.at_level("WARNING", logger="supplychain.networks.io"):
        loaded = load_network(path)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    if revision == "current":
        assert loaded.graph["build_revision"] == BUILD_REVISION and not warnings
        return
    assert len(warnings) == 1 and f"'{path}'" in warnings[0]
    assert "supplychain network build --source " in warnings[0]
    # The file keeps no build options: the command alone rebuilt a GIS layer without its --map.
    assert "and the options it was built with (--map, " in warnings[0]
    assert ("newer" if revision == "newer" else "earlier") in warnings[0]
    if revision is None:
        assert "no build revision recorded" in warnings[0]


def _refused(path: Path, doc: dict[str, Any]) -> str:
    """The schema error's text when the GeoJSON ``doc``, edited by hand, is written to ``path``
    and loaded."""
    import json

    from supplychain.errors import SchemaError

    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_network(path)
    return str(err.value)


def test_a_bool_or_fraction_where_a_number_is_expected_is_refused_on_load(
    embedded_network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """A network edited by hand (GeoJSON) with ``true`` for a capacity or a demand loaded as
    1.0 (float(True)) and a lanes count of 2.5 as 2: the schema's "expected a number" never
    saw them. They are now handed to the schema check as written and refused."""
    import json


    path = save_network(embedded_network, tmp_path / "n.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    edge = next(f["properties"] for f in doc["features"] if f["properties"]["element"] == "edge")
    city = next(f["properties"] for f in doc["features"]
                if f["properties"]["element"] == "node" and f["properties"].get("demand_m3_per_day"))  # fmt: skip
    edge["capacity_trucks_per_day"], edge["lanes"], city["demand_m3_per_day"] = True, 2.5, True
    text = _refused(path, doc)
    assert "'capacity_trucks_per_day' = True; expected a number" in text
    assert f"'{city['name']}' has 'demand_m3_per_day' = True; expected a number" in text
    assert "'lanes' = 2.5" in text


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_node_ids_of_mixed_types_round_trip(embedded_network: nx.MultiDiGraph, tmp_path: Path, suffix: str) -> None:
    """The Parquet cache chose each id column's type on its own: a float id (1.5) failed the
    save with a bare TypeError ("cannot safely cast non-equivalent float64 to int64"), and a
    text id on a node without segments (a depot added in a GIS, not yet joined) made the node
    ids text while the segments' ends stayed integers, so the saved network loaded as
    segments between new nodes without attributes (a SchemaError on our own file)."""
    g = nx.relabel_nodes(embedded_network, {next(iter(embedded_network.nodes)): 1.5})
    g.add_node("new depot", **{**embedded_network.nodes[next(iter(embedded_network.nodes))], "name": ""})
    back = load_network(save_network(g, tmp_path / f"n{suffix}"))
    assert sorted(map(str, back.nodes)) == sorted(map(str, g.nodes))
    assert back.number_of_edges() == g.number_of_edges()
    assert {(str(u), str(v)) for u, v in back.edges()} == {(str(u), str(v)) for u, v in g.edges()}


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_a_network_without_segments_is_refused_on_save_and_load(embedded_network: nx.MultiDiGraph,
                                                                tmp_path: Path, suffix: str) -> None:
    """An empty network saved as Parquet failed with a bare KeyError ('geometry'); saved as
    GeoJSON, GeoPackage or GraphML it was written and loaded back as a network of nothing."""
    import json

    empty = nx.MultiDiGraph(**embedded_network.graph)
    with pytest.raises(DataFileError, match="has no road segment"):
        save_network(empty, tmp_path / f"e{suffix}")
    assert list(tmp_path.iterdir()) == []
    if suffix == ".geojson":  # one written by hand or by an earlier version
        saved = save_network(embedded_network, tmp_path / "n.geojson")
        doc = json.loads(saved.read_text(encoding="utf-8"))
        doc["features"] = []
        saved.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(DataFileError, match=r"n\.geojson' has no road segment"):
            load_network(saved)


def test_yes_no_words_text_numbers_and_bad_list_items_on_load(
    embedded_network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """A network edited by hand (GeoJSON): ``"yes"`` for a border crossing read as False
    (only "true" and "1" were true), ``"oui"`` too, silently; ``"abc"`` for a capacity failed
    the whole load with a bare conversion message naming no segment; ``["x"]`` as OSM way ids
    passed. Yes/no words now read as such; anything else is refused by the schema check,
    which names the element."""
    import json


    path = save_network(embedded_network, tmp_path / "n.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    nodes = [f["properties"] for f in doc["features"] if f["properties"]["element"] == "node"]
    edges = [f["properties"] for f in doc["features"] if f["properties"]["element"] == "edge"]
    nodes[0]["border_crossing"], nodes[1]["border_crossing"] = "Yes", "no"
    path.write_text(json.dumps(doc), encoding="utf-8")
    loaded = load_network(path)
    assert loaded.nodes[nodes[0]["id"]]["border_crossing"] is True
    assert loaded.nodes[nodes[1]["id"]]["border_crossing"] is False

    nodes[2]["border_crossing"] = "oui"
    edges[0]["capacity_trucks_per_day"] = "abc"
    edges[1]["osmid"] = ["x"]
    text = _refused(path, doc)
    assert "'border_crossing' = 'oui' of type str; expected bool" in text
    assert f"Segment '{edges[0]['segment_id']}' has 'capacity_trucks_per_day' = 'abc'" in text
    assert f"Segment '{edges[1]['segment_id']}' has 'osmid' = ['x'] with 'x'; expected list[int]" in text

    # The elements as a scalar int: a fraction or a yes/no is refused, not cut to an int (int()
    # read [1.5] as [1] and [true] as [1], silently; found by review18c).
    nodes[2]["border_crossing"], edges[0]["capacity_trucks_per_day"] = False, 10.0
    one = list({e["segment_id"]: e for e in edges}.values())  # an edge of each segment
    one[1]["osmid"], one[2]["osmid"], one[3]["osmid"] = [7, 1.5], [True], [12.0, "13"]
    edges[1]["osmid"] = [7]
    text = _refused(path, doc)
    assert f"Segment '{one[1]['segment_id']}' has 'osmid' = [7, 1.5] with 1.5; expected list[int]" in text
    assert f"Segment '{one[2]['segment_id']}' has 'osmid' = [True] with True; expected list[int]" in text
    assert one[3]["segment_id"] not in text
    one[1]["osmid"], one[2]["osmid"] = [7], [8]
    path.write_text(json.dumps(doc), encoding="utf-8")
    loaded = load_network(path)
    assert [12, 13] in [d["osmid"] for *_, d in loaded.edges(data=True) if d["segment_id"] == one[3]["segment_id"]]


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_a_network_load_network_would_refuse_is_refused_on_save(tiny_network: nx.MultiDiGraph, tmp_path: Path,
                                                                 suffix: str) -> None:  # fmt: skip
    """A segment without ``segment_id``, a negative capacity, a NaN length or an unknown road
    class was written without a word and refused only when the file was loaded, perhaps much
    later. save_network now applies load_network's schema check first, lists every problem in
    one error and writes nothing."""
    from supplychain.errors import SchemaError

    g = tiny_network.copy()
    (u, v, k), (u2, v2, k2) = list(g.edges(keys=True))[:2]
    del g.edges[u, v, k]["segment_id"]
    g.edges[u, v, k]["capacity_trucks_per_day"] = -1.0
    g.edges[u2, v2, k2].update(length_km=float("nan"), highway="motorboat")
    with pytest.raises(SchemaError) as err:
        save_network(g, tmp_path / f"n{suffix}")
    text = str(err.value)
    assert text.startswith(f"The network violates the schema, so it was not saved to '{tmp_path / f'n{suffix}'}'")
    assert f"Segment '{u}-{v}' has no 'segment_id'" in text
    assert f"Segment '{u}-{v}' has negative capacity_trucks_per_day -1" in text
    assert "has non-finite length_km nan" in text and "unknown road class highway='motorboat'" in text
    assert "\n" not in text
    assert list(tmp_path.iterdir()) == []
