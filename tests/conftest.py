"""Shared fixtures: tiny hand-made networks, the embedded network, the shared real data."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from supplychain.networks import BuildOptions, build_network

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
SHARED = Path(os.environ.get("SUPPLYCHAIN_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that validate against real data FAIL (not skip) without it."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.fail(
            f"{data} is missing: tests that validate against real third-party data need the "
            "shared folder beside the checkout (or SUPPLYCHAIN_SHARED pointing at it).",
            pytrace=False,
        )
    return data


@pytest.fixture(scope="session")
def tiny_options() -> BuildOptions:
    """Default parameters with the tiny places and corridors."""
    return BuildOptions.default(
        places_path=DATA / "tiny_places.toml", corridors_path=DATA / "tiny_corridors.toml"
    )


@pytest.fixture(scope="session")
def tiny_osm() -> Path:
    return DATA / "tiny.osm"


@pytest.fixture(scope="session")
def tiny_network(tiny_osm: Path, tiny_options: BuildOptions) -> nx.MultiDiGraph:
    return build_network(tiny_osm, options=tiny_options)


@pytest.fixture(scope="session")
def embedded_network() -> nx.MultiDiGraph:
    return build_network("embedded")


def segment(graph: nx.MultiDiGraph, segment_id: str) -> dict:
    """Attributes of one direction of a segment."""
    for _, _, data in graph.edges(data=True):
        if data["segment_id"] == segment_id:
            return data
    raise KeyError(segment_id)


#: Lines a test wants shown in the terminal summary (e.g. the fidelity deviations).
REPORT_LINES: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REPORT_LINES:
        terminalreporter.section("supplychain measurements")
        for line in REPORT_LINES:
            terminalreporter.write_line(line)
