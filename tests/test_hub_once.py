"""The hub (Bamako) node is looked up once per command and passed on.

``solve`` looked it up 4 times (7 with a scenario: the network summary, then each result's
hub-as-destination check, minimum cut and alternatives), ``report`` 6 times and ``stress n-1``
21 times on the embedded network (once per chunk of 16 in the hub-as-destination check, and
in the single-point-of-failure rule), each a pass over every node's name. Counted with a
monkeypatched counter, not timed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import supplychain.networks.places as places
from supplychain.cli import main
from supplychain.models import run_scenario
from supplychain.networks import summarize_network
from supplychain.networks.places import hub_node

from .test_lp import border_fork, params


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every pass over the nodes looking for the hub."""
    count: Counter[str] = Counter()
    real = places._find_hub

    def counting(graph: Any) -> Any:
        count["hub"] += 1
        return real(graph)

    monkeypatch.setattr(places, "_find_hub", counting)
    return count


@pytest.mark.parametrize("command", [
    ["solve"],
    ["solve", "--scenario", "models/threat-blockade-2025.toml"],
    ["report", "--scenario", "models/threat-blockade-2025.toml", "--out", "{tmp}/r.html"],
    ["stress", "n-1", "--out", "{tmp}/n1.parquet"],
    ["network", "build", "--out", "{tmp}/n.graphml"],
    ["run", "--draws", "2", "--no-timeline", "--out-dir", "{tmp}/run"],
])  # fmt: skip
def test_a_command_looks_the_hub_up_once(lookups: Counter[str], command: list[str],
                                         tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["-q", *(c.format(tmp=tmp_path) for c in command)])
    assert out.exit_code == 0, out.output
    assert lookups["hub"] == 1


def test_a_timeline_looks_the_hub_up_once_at_most(lookups: Counter[str], tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["-q", "timeline", "--days", "5", "--out", str(tmp_path / "t.parquet")])
    assert out.exit_code == 0, out.output
    assert lookups["hub"] <= 1


def test_a_hub_passed_on_is_not_looked_up_again(lookups: Counter[str], embedded_network: Any) -> None:
    g = border_fork()
    hub = hub_node(g)
    assert (hub, lookups["hub"]) == ("Bamako", 1)
    r = run_scenario(g, params(), hub=hub)
    embedded_hub = hub_node(embedded_network)
    s = summarize_network(embedded_network, hub=embedded_hub)
    assert lookups["hub"] == 2
    # The same figures as with the hub looked up by each.
    again = run_scenario(g, params()).to_dict()
    assert {**r.to_dict(), "solve_time_s": 0} == {**again, "solve_time_s": 0}
    assert s == summarize_network(embedded_network)
    assert lookups["hub"] == 4  # one pass by each of the two calls above


def test_a_network_without_a_hub_passes_none_on() -> None:
    g = border_fork()
    g.nodes["Bamako"]["name"] = "Kati"
    assert hub_node(g) is None
    # None given is "no hub", not "look it up": the network's Bamako is not found again.
    assert hub_node(border_fork(), hub=None) is None
    assert run_scenario(border_fork(), params(), hub=None).min_cut is None


@pytest.mark.parametrize("source", ["embedded", "tiny"])
def test_a_network_build_passes_the_snapped_hub_on(lookups: Counter[str], monkeypatch: pytest.MonkeyPatch,
                                                   source: str, tiny_osm: Path, tiny_options: Any) -> None:
    # The build's connectivity check scanned every node for Bamako again, although the build
    # had just snapped Bamako onto its node.
    import supplychain.networks.build as build

    given: list[Any] = []
    real = build._check_connectivity

    def spy(graph: Any, places_: Any, **kw: Any) -> None:
        given.append(kw.get("hub"))
        real(graph, places_, **kw)

    monkeypatch.setattr(build, "_check_connectivity", spy)
    g = (build.build_network("embedded") if source == "embedded"
         else build.build_network(tiny_osm, options=tiny_options))  # fmt: skip
    assert lookups["hub"] == 0
    hub = hub_node(g)
    assert given == [hub] and hub is not None
    assert g.nodes[hub]["role"] == "city"
    placed = {p["place"]: p for p in g.graph["placements"]}
    assert placed["Bamako"]["node"] == hub
