"""The back-test's road selections on the embedded network and on a real imported layer.

``models/timeline-blockade-2025-26.toml`` named the embedded network's segment ids until
2026-12-04, so it failed on an imported network ("12 rules or events name segments or roads
this network does not have"). It now selects by area (``polygon`` files in ``models/areas/`` and
``bbox``). These tests hold:

- on the embedded network, every rule and attack selects exactly the segments it named before
  (:data:`NAMED_BEFORE`, written out from the file of commit 057a69c; a copy of that file is
  ``tests/data/timeline-blockade-2025-26-segments.toml``), so the back-test's results are the same;
- on the flownet West-African layer (``tests/data/real``, the network of
  ``supplychain network build`` on it with its OSRM km and speeds), every rule and attack selects
  the roads it means there (:data:`ON_REAL_LAYER`, read off ``supplychain network info
  --segments`` and the layer's lines; see README, "Back-test: the 2025-26 blockade"), and the
  timeline resolves;
- no area holds a border post of either network (a road on the other side of a post ends at the
  post: an area holding it would close or escort a foreign road).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import shapely
from shapely.geometry import Point, box

from supplychain.scenarios.selectors import _read_polygon
from supplychain.scenarios.threats import load_threat
from supplychain.scenarios.timelines import resolve_timeline

REPO = Path(__file__).resolve().parents[1]
BACKTEST = REPO / "models" / "timeline-blockade-2025-26.toml"

_SENEGAL_ROUTE = [
    "RN1:Kidira-Diboli border-Diboli", "RN1:Diboli-Kayes", "RN1:Kayes-Sandaré", "RN1:Sandaré-Diéma",
    "RN3:Diéma-Didiéni", "RN3:Didiéni-Kolokani", "RN3:Kolokani-Kati", "RN22:Kayes-Diamou",
    "RN22:Diamou-Mahina", "RN22:Mahina-Toukoto", "RN22:Toukoto-Kita", "RN22:Kita-Négala",
    "RN22:Négala-Kati", "RN24:Moussala border-Mahinamine", "RN24:Mahinamine-Kéniéba",
    "RN24:Kéniéba-Kita",
]  # fmt: skip

#: Rule or attack label -> the embedded network's segments the file named before 2026-12-04.
NAMED_BEFORE: dict[str, list[str]] = {
    "Senegal route blockaded": _SENEGAL_ROUTE,
    "Senegal route escorted": _SENEGAL_ROUTE,
    "Senegal route, escorts suspended": _SENEGAL_ROUTE,
    "Nioro du Sahel blockaded": ["RN4:Gogui border-Gogui", "RN4:Gogui-Nioro du Sahel",
                                 "RN4:Nioro du Sahel-Diéma"],
    "Ivorian routes escorted": [
        "RN7:Zégoua-Pogo-Zégoua border", "RN7:Kadiolo-Zégoua", "RN7:Sikasso-Kadiolo",
        "RN7:Bougouni-Sikasso", "RN7:Ouéléssébougou-Bougouni", "RN7:Bamako-Ouéléssébougou",
        "RN8:Manankoro-Manankoro border", "RN8:Bougouni-Manankoro",
        "unknown:Tengréla-Kadiana border-Kolondiéba", "unknown:Kolondiéba-Bougouni",
        "RN7:Koloko-Hérémakono border-Sikasso", "RN12:Faramana-Koury border-Koury",
        "RN12:Koury-Koutiala"],
    "Guinean route escorted": ["RN5:Kourémalé border-Kourémalé", "RN5:Kourémalé-Naréna",
                               "RN5:Naréna-Siby", "RN5:Siby-Bamako",
                               "unknown:Mandiana-Yanfolila border-Yanfolila",
                               "unknown:Yanfolila-Bougouni"],
    "Eastern Mauritania route blockaded": ["unknown:Fassala border-Nampala", "unknown:Nampala-Diabaly"],
    # added on 2026-12-05, optional: the embedded network has no road from Niger or Algeria
    "Niger and Algeria roads blockaded": [],
    "Kaniéra-Lakamané": ["RN1:Sandaré-Diéma"],
    "Kolondiéba-Kadiana": ["unknown:Tengréla-Kadiana border-Kolondiéba"],
    "22 October attack": ["RN7:Bougouni-Sikasso"],
    "50 km from Kati": ["RN3:Kolokani-Kati", "RN22:Négala-Kati"],
    "Bougouni-Bamako convoy": ["RN7:Ouéléssébougou-Bougouni", "RN7:Bamako-Ouéléssébougou"],
    "Diboli-Kayes": ["RN1:Diboli-Kayes"],
}  # fmt: skip

_REAL_SENEGAL_ROUTE = [
    # RN1 Kidira-Diboli border - Kayes - Sandaré (node 53) - node 60 - Diéma (node 63); the post
    # stands on the Kidira-Kayes road (#1 is its Senegalese side, from the Kidira junction)
    "primary:Kidira-Diboli border-Kayes#2", "primary:Kayes-14.711N 10.306W",
    "primary:14.711N 10.306W-14.537N 9.526W", "primary:14.537N 9.526W-14.553N 9.193W",
    # RN3 Diéma - Didiéni - Kolokani, into Bamako beside Kati (the layer has no Kati on it)
    "primary:14.553N 9.193W-Bamako",
    # Moussala border - Kéniéba area (node 45) - Kita - Kati
    "primary:12.606N 10.870W-12.834N 11.879W#1", "primary:12.606N 10.870W-Kita", "primary:Kita-Bamako#1",
    # no Kayes-Toukoto-Kita road on the layer; its other roads of the area: Kayes south along the
    # Falémé to the Senegalese border (one of its 8 roads into Mali with no post) and the road
    # from RN1 west of Diéma south to Kita
    "primary:Kayes-12.834N 11.879W", "primary:14.537N 9.526W-13.356N 9.552W", "primary:Kita-13.356N 9.552W",
]  # fmt: skip

#: Rule or attack label -> the segments of the flownet West-African layer it selects.
ON_REAL_LAYER: dict[str, list[str]] = {
    "Senegal route blockaded": _REAL_SENEGAL_ROUTE,
    "Senegal route escorted": _REAL_SENEGAL_ROUTE,
    "Senegal route, escorts suspended": _REAL_SENEGAL_ROUTE,
    # Gogui border - Nioro, Nioro - Diéma, and Nioro - Sandaré (not on the embedded network)
    "Nioro du Sahel blockaded": ["primary:16.663N 9.605W-Nioro du Sahel#2",
                                 "primary:Nioro du Sahel-14.553N 9.193W",
                                 "primary:14.711N 10.306W-Nioro du Sahel"],
    "Ivorian routes escorted": [
        "primary:Bamako-Bougouni", "primary:Bougouni-Sikasso", "primary:Sikasso-10.555N 5.760W",
        "primary:10.555N 5.760W-9.970N 5.161W#1",  # Kadiolo (node 82) - Pogo-Zégoua border
        "primary:9.523N 6.490W-10.555N 5.760W#2",  # Kadiolo - Tengréla-Kadiana border
        "primary:Sikasso-10.980N 4.845W#1",  # Sikasso - Koloko-Hérémakono border
        "primary:9.505N 7.572W-Bougouni#2",  # Bougouni - Manankoro border
        "primary:Koutiala-12.183N 4.806W",  # Koutiala - Koury (node 94)
        "primary:12.183N 4.806W-11.184N 4.283W#1",  # Koury - Faramana-Koury border
        # the layer's other roads from Burkina Faso, which pass no border post ("the entries from
        # Burkina Faso"): from Koury (beside the previous one, 2 km from the post), from San
        # (by Tominian) and from Bankass (to Ouahigouya); none is on the embedded network
        "primary:12.183N 4.806W-12.459N 3.473W", "primary:San-12.459N 3.473W",
        "primary:14.076N 3.524W-13.583N 2.416W"],
    "Guinean route escorted": ["primary:Bamako-11.417N 9.167W#1",  # Bamako - Kourémalé border
                               "primary:10.384N 9.300W-Bougouni#2"],  # Bougouni - Mandiana-Yanfolila
    # Fassala border - Nampala - Diabaly - Niono (node 62) is one segment on the layer
    "Eastern Mauritania route blockaded": ["primary:16.663N 9.605W-14.250N 5.986W#2"],
    # Gao - Niger border (by Ansongo) and Gao - Anéfis (the roads from Algeria and from Niger by
    # Ménaka join it there): every road into Gao but the one from Mopti
    "Niger and Algeria roads blockaded": ["primary:16.235N 0.041W-14.206N 1.479E",
                                          "primary:16.235N 0.041W-18.902N 0.778E"],
    "Kaniéra-Lakamané": ["primary:14.711N 10.306W-14.537N 9.526W"],
    # no Kadiana-Kolondiéba road on the layer: its road from the Tengréla-Kadiana border into Mali
    "Kolondiéba-Kadiana": ["primary:9.523N 6.490W-10.555N 5.760W#2"],
    "22 October attack": ["primary:Bougouni-Sikasso"],
    "50 km from Kati": ["primary:Kita-Bamako#1", "primary:14.553N 9.193W-Bamako"],
    "Bougouni-Bamako convoy": ["primary:Bamako-Bougouni"],
    "Diboli-Kayes": ["primary:Kidira-Diboli border-Kayes#2"],
}  # fmt: skip


def _selections(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Label -> segments selected on ``graph``, for every rule and attack of the back-test."""
    definition = load_threat(BACKTEST)
    found: dict[str, set[str]] = {}
    for rule in definition.rules:
        segments, posts = rule.select(graph)
        assert not posts, rule.label
        found[rule.label] = set(segments)
    for event in definition.events:
        if event.kind == "attack":
            assert event.rule is not None
            found[event.label] = set(event.rule.select(graph)[0])
    return found


def test_the_backtest_selects_by_area_only() -> None:
    # Segment ids and road numbers belong to one network: none is left in the file.
    definition = load_threat(BACKTEST)
    rules = list(definition.rules) + [e.rule for e in definition.events if e.rule is not None]
    assert {rule.selector for rule in rules} == {"polygon", "bbox"}
    assert len(rules) == len(NAMED_BEFORE) == len(ON_REAL_LAYER) == 14


def test_on_the_embedded_network_every_rule_and_attack_selects_what_it_named_before(
    embedded_network: nx.MultiDiGraph,
) -> None:
    found = _selections(embedded_network)
    assert found.keys() == NAMED_BEFORE.keys()
    wrong = {k: (sorted(found[k] - set(v)), sorted(set(v) - found[k]))
             for k, v in NAMED_BEFORE.items() if found[k] != set(v)}  # fmt: skip
    assert not wrong, wrong  # label: (selected now, not before), (selected before, not now)


def test_on_a_real_layer_every_rule_and_attack_selects_the_roads_it_means(
    real_network: nx.MultiDiGraph,
) -> None:
    found = _selections(real_network)
    assert found.keys() == ON_REAL_LAYER.keys()
    wrong = {k: (sorted(found[k] - set(v)), sorted(set(v) - found[k]))
             for k, v in ON_REAL_LAYER.items() if found[k] != set(v)}  # fmt: skip
    assert not wrong, wrong
    # Malian roads, but for two roads into Burkina Faso that pass no post (a segment has the
    # country of its midpoint, and theirs lies in Burkina Faso).
    countries = {d["segment_id"]: d.get("country") for _, _, d in real_network.edges(data=True)}
    abroad = {s for ids in found.values() for s in ids if countries[s] != "MLI"}
    assert abroad == {"primary:12.183N 4.806W-12.459N 3.473W", "primary:San-12.459N 3.473W"}


def test_the_backtest_resolves_on_a_real_layer(real_network: nx.MultiDiGraph) -> None:
    # It ended with "12 rules or events name segments or roads this network does not have".
    timeline = resolve_timeline(load_threat(BACKTEST), real_network)
    assert timeline.days == 181
    assert sorted(s.label for s in timeline.escorts) == [
        "Guinean route escorted", "Ivorian routes escorted", "Senegal route escorted"]
    assert len(timeline.attacks) == 6
    assert sum(a.tankers for a in timeline.attacks) == 211


@pytest.mark.parametrize("network", ["embedded_network", "real_network"])
def test_no_area_holds_a_border_post(network: str, request: pytest.FixtureRequest) -> None:
    graph: nx.MultiDiGraph = request.getfixturevalue(network)
    posts = {d["name"]: Point(d["x"], d["y"]) for _, d in graph.nodes(data=True) if d.get("role") == "border"}
    definition = load_threat(BACKTEST)
    rules = list(definition.rules) + [e.rule for e in definition.events if e.rule is not None]
    for rule in rules:
        area = _read_polygon(Path(rule.value)) if rule.selector == "polygon" else box(*rule.value)
        inside = sorted(name for name, point in posts.items() if shapely.intersects(area, point))
        assert not inside, (rule.label, inside)
