"""Overpass source: download over the corridor buffer, retries, failures, empty answers.

Every test talks to a loopback HTTP server of its own that plays the Overpass API with the
road ways of the embedded network; connections to any other host are refused.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import osmnx as ox
import pytest
import shapely
from shapely.geometry import Polygon, box

from supplychain.errors import NetworkSourceError, OverpassError, ParameterError
from supplychain.networks import (
    EMBEDDED_NETWORK_PATH,
    BuildOptions,
    build_network,
    summarize_network,
)
from supplychain.networks.overpass import graph_from_overpass

PORTS = {"Dakar", "Abidjan", "San-Pédro", "Conakry", "Nouakchott"}
#: Around Bamako and Kati: inside a single 3-degree query tile.
BAMAKO_AREA = box(-8.4, 12.4, -7.7, 13.0)
CLASSES = ["trunk", "primary", "secondary"]

_STATUS = (
    "Connected as: 2130706433\n"
    "Current time: 2026-01-01T00:00:00Z\n"
    "Announced endpoint: none\n"
    "Rate limit: 2\n"
    "2 slots available now.\n"
    "Currently running queries (pid, space limit, time limit, start time):\n"
)


# --- a fake Overpass API ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _embedded_osm() -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """Nodes and ways of the embedded network as Overpass JSON elements."""
    root = ET.parse(EMBEDDED_NETWORK_PATH).getroot()
    nodes: dict[int, dict[str, Any]] = {}
    for node in root.iter("node"):
        element: dict[str, Any] = {
            "type": "node",
            "id": int(node.attrib["id"]),
            "lat": float(node.attrib["lat"]),
            "lon": float(node.attrib["lon"]),
        }
        tags = {t.attrib["k"]: t.attrib["v"] for t in node.iter("tag")}
        if tags:
            element["tags"] = tags
        nodes[element["id"]] = element
    ways = [
        {
            "type": "way",
            "id": int(way.attrib["id"]),
            "nodes": [int(nd.attrib["ref"]) for nd in way.iter("nd")],
            "tags": {t.attrib["k"]: t.attrib["v"] for t in way.iter("tag")},
        }
        for way in root.iter("way")
    ]
    return nodes, ways


def _answer(query: str) -> dict[str, Any]:
    """Overpass JSON for ``way["highway"~"^(a|b)$"](poly:'lat lon ...');>;`` queries."""
    classes_match = re.search(r'"highway"~"\^\(([^)]*)\)\$"', query)
    poly_match = re.search(r"poly:'([^']*)'", query)
    assert classes_match and poly_match, f"unexpected query {query!r}"
    classes = set(classes_match.group(1).split("|"))
    numbers = [float(v) for v in poly_match.group(1).split()]
    poly = Polygon(list(zip(numbers[1::2], numbers[0::2], strict=True)))
    nodes, ways = _embedded_osm()
    kept = []
    for way in ways:
        if way["tags"].get("highway") not in classes:
            continue
        xs = [nodes[n]["lon"] for n in way["nodes"]]
        ys = [nodes[n]["lat"] for n in way["nodes"]]
        if shapely.contains_xy(poly, xs, ys).any():
            kept.append(way)
    node_ids = sorted({n for way in kept for n in way["nodes"]})
    return {
        "version": 0.6,
        "generator": "supplychain test server",
        "osm3s": {"timestamp_osm_base": "2026-01-01T00:00:00Z"},
        "elements": [nodes[n] for n in node_ids] + kept,
    }


@dataclass
class FakeOverpass:
    """Loopback Overpass API; ``script`` lists what the successive interpreter calls get.

    Actions: ``"ok"``, ``"empty"`` (no element), ``"remark"`` (server runtime error), ``"html"``
    (200 but not JSON), ``"close"`` (drop the connection), ``"hang"`` (never answer) or an HTTP
    status such as ``"504"``. After the script ``then`` is played for every further call.
    """

    script: list[str] = field(default_factory=list)
    then: str = "ok"
    interpreter_calls: int = 0
    status_calls: int = 0
    queries: list[str] = field(default_factory=list)
    url: str = ""
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self, query: str) -> str:
        with self.lock:
            self.interpreter_calls += 1
            self.queries.append(query)
            return self.script.pop(0) if self.script else self.then


def _handler(fake: FakeOverpass) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.endswith("/status"):
                fake.status_calls += 1
                self._send(200, _STATUS.encode(), "text/plain")
            elif url.path.endswith("/interpreter"):
                self._interpret(parse_qs(url.query).get("data", [""])[0])
            else:
                self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode()
            if urlparse(self.path).path.endswith("/interpreter"):
                self._interpret(parse_qs(body).get("data", [""])[0])
            else:
                self._send(404, b"not found", "text/plain")

        def _interpret(self, query: str) -> None:
            action = fake.next_action(query)
            if action == "hang":
                fake.release.wait(timeout=30)
                self.close_connection = True
                return
            if action == "close":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if action.isdigit():
                page = f"<html><body><p>Error {action}: server busy</p></body></html>"
                self._send(int(action), page.encode(), "text/html")
                return
            if action == "html":
                self._send(200, b"<html><body>maintenance</body></html>", "text/html")
                return
            payload = _answer(query)
            if action == "empty":
                payload["elements"] = []
            elif action == "remark":
                payload["elements"] = payload["elements"][:3]
                payload["remark"] = 'runtime error: Query timed out in "query" at line 1'
            self._send(200, json.dumps(payload).encode(), "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that gave up (timeouts) leave broken pipes behind


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Refuse connections to anything but loopback; keep osmnx away from real servers."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else ""
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1"):
            raise OSError(f"test attempted to reach {address}; tests must stay offline")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    # osmnx replaces socket.getaddrinfo to pin the Overpass host; undo that after the test.
    monkeypatch.setattr(socket, "getaddrinfo", socket.getaddrinfo)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setattr(ox.settings, "overpass_url", "http://127.0.0.1:9/api")
    monkeypatch.setattr(ox.settings, "nominatim_url", "http://127.0.0.1:9/")
    monkeypatch.setattr(ox.settings, "doh_url_template", None)
    monkeypatch.setattr(ox.settings, "cache_folder", str(tmp_path / "osmnx-cache"))
    monkeypatch.setattr(ox.settings, "log_console", False)
    monkeypatch.setattr(ox.settings, "log_file", False)


@pytest.fixture
def overpass(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOverpass]:
    """A fake Overpass API that osmnx is pointed at (``fake.script`` may be set by the test)."""
    fake = FakeOverpass()
    server = _QuietServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api"
    monkeypatch.setattr(ox.settings, "overpass_url", fake.url)
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- tests ------------------------------------------------------------------------------------


def test_build_from_overpass_reaches_bamako_from_every_port(overpass: FakeOverpass) -> None:
    opts = BuildOptions.default()
    graph = build_network("overpass", options=opts)
    summary = summarize_network(graph)
    routes = {r.name: r for r in summary.routes}
    assert set(routes) >= PORTS
    assert all(routes[p].reachable for p in PORTS), summary.to_text()
    assert summary.source.startswith("overpass ")
    # The corridor buffer is cut into a handful of tiles, not hundreds of osmnx sub-queries.
    assert 5 <= overpass.interpreter_calls <= 40
    # one reachability probe, then osmnx checks for a free slot before each query
    assert overpass.status_calls == overpass.interpreter_calls + 1
    assert all('["highway"~"^(motorway|motorway_link|trunk|' in q for q in overpass.queries)
    # No corridor road is lost at the buffer's edge: corridors are as long as on the full file.
    full = build_network(EMBEDDED_NETWORK_PATH, options=opts).graph["corridor_km"]
    changed = {
        name: (round(km), round(graph.graph["corridor_km"].get(name, 0.0)))
        for name, km in full.items()
        if graph.graph["corridor_km"].get(name) != pytest.approx(km, rel=1e-6)
    }
    assert changed == {}, f"corridor km (whole network, Overpass) differ: {changed}"


def test_raw_graph_is_unsimplified_osmnx_graph(overpass: FakeOverpass) -> None:
    raw = graph_from_overpass(BAMAKO_AREA, classes=CLASSES)
    assert raw.graph["crs"] == "epsg:4326"
    assert raw.number_of_edges() > 0
    assert all("length" in d and "osmid" in d for _, _, d in raw.edges(data=True))
    assert {d["highway"] for _, _, d in raw.edges(data=True)} <= set(CLASSES)
    assert any(d.get("name") == "Bamako" for _, d in raw.nodes(data=True))
    # two-way roads come in both directions
    assert all(raw.has_edge(v, u) for u, v in raw.edges())
    assert overpass.interpreter_calls == 1


def test_second_download_comes_from_the_cache(overpass: FakeOverpass, tmp_path: Path) -> None:
    first = graph_from_overpass(BAMAKO_AREA, classes=CLASSES, cache_dir=tmp_path / "c")
    second = graph_from_overpass(BAMAKO_AREA, classes=CLASSES, cache_dir=tmp_path / "c")
    assert overpass.interpreter_calls == 1
    assert sorted(first.edges()) == sorted(second.edges())
    assert list((tmp_path / "c").glob("*.json"))


@pytest.mark.parametrize(
    "failures",
    [["504", "429"], ["503"], ["remark"], ["html"], ["close"]],
    ids=["504-then-429", "503", "runtime-error-remark", "html-not-json", "dropped-connection"],
)
def test_transient_failures_are_retried(
    overpass: FakeOverpass, failures: list[str], tmp_path: Path
) -> None:
    overpass.script = list(failures)
    raw = graph_from_overpass(BAMAKO_AREA, classes=CLASSES, retries=3, backoff_s=0.001)
    assert overpass.interpreter_calls == len(failures) + 1
    # a partial answer (query timed out on the server) is neither used nor cached
    fresh = graph_from_overpass(BAMAKO_AREA, classes=CLASSES, cache_dir=tmp_path / "fresh")
    assert overpass.interpreter_calls == len(failures) + 2
    assert sorted(raw.edges(keys=True)) == sorted(fresh.edges(keys=True))
    assert any(d.get("name") == "Bamako" for _, d in raw.nodes(data=True))


@pytest.mark.parametrize("retries", [1, 4])
def test_server_that_always_fails_raises_overpass_error(
    overpass: FakeOverpass, retries: int
) -> None:
    overpass.then = "504"
    with pytest.raises(OverpassError) as info:
        graph_from_overpass(BAMAKO_AREA, classes=CLASSES, retries=retries, backoff_s=0.001)
    assert overpass.interpreter_calls == retries
    message = str(info.value)
    assert overpass.url in message
    assert f"failed {retries} time(s)" in message
    assert "504" in message
    assert "try again later" in message.lower()
    assert "--overpass-url" in message and "--source FILE.osm.pbf" in message


def test_timeouts_are_retried_then_reported(overpass: FakeOverpass) -> None:
    overpass.then = "hang"
    with pytest.raises(OverpassError) as info:
        graph_from_overpass(BAMAKO_AREA, classes=CLASSES, retries=2, backoff_s=0.001, timeout_s=1)
    assert overpass.interpreter_calls == 2
    assert "timeout" in str(info.value)
    assert overpass.url in str(info.value)


def test_unreachable_server_raises_overpass_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a free loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/api"
    with pytest.raises(OverpassError, match="cannot be reached after 2 attempt") as info:
        graph_from_overpass(BAMAKO_AREA, classes=CLASSES, url=url, retries=2, backoff_s=0.001)
    assert url in str(info.value) and "cannot connect" in str(info.value)
    assert "--source FILE.osm.pbf" in str(info.value)


def test_rejected_query_is_not_retried(overpass: FakeOverpass) -> None:
    overpass.then = "400"
    with pytest.raises(OverpassError, match="rejected") as info:
        graph_from_overpass(BAMAKO_AREA, classes=CLASSES, retries=3, backoff_s=0.001)
    assert overpass.interpreter_calls == 1
    assert "HTTP 400" in str(info.value)


def test_empty_answer_raises_network_source_error(overpass: FakeOverpass) -> None:
    overpass.then = "empty"
    with pytest.raises(NetworkSourceError, match="no road of classes") as info:
        graph_from_overpass(BAMAKO_AREA, classes=CLASSES)
    assert not isinstance(info.value, OverpassError)
    assert overpass.url in str(info.value)


def test_no_road_of_the_classes_raises_network_source_error(overpass: FakeOverpass) -> None:
    with pytest.raises(NetworkSourceError, match="motorway"):
        build_network("overpass", options=BuildOptions.default(classes=["motorway"]))


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"classes": []}, "non-empty list"),
        ({"classes": ['trunk"]']}, "not an OSM highway value"),
        ({"classes": CLASSES, "retries": 0}, "retries=0"),
        ({"classes": CLASSES, "area": box(400000, 1300000, 500000, 1400000)}, "WGS84"),
    ],
)
def test_bad_arguments(overpass: FakeOverpass, kwargs: dict[str, Any], fragment: str) -> None:
    kwargs = {"area": BAMAKO_AREA, **kwargs}
    with pytest.raises(ParameterError, match=re.escape(fragment)):
        graph_from_overpass(**kwargs)
    assert overpass.interpreter_calls == 0
