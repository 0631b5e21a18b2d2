"""Threat files: rules and selectors, attack probabilities, incidents, inheritance, errors."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.errors import DataFileError, ParameterError
from supplychain.models.scenario import Effect, Scenario
from supplychain.scenarios import AttackGroup, ThreatScenario, load_threat

from .conftest import REPO
from .test_selectors import mali_graph

EXAMPLE = REPO / "models" / "threat-blockade-2025.toml"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def g() -> nx.MultiDiGraph:
    return mali_graph()


# ---- the example file -----------------------------------------------------------------------


def test_example_threat_resolves_on_the_embedded_network(embedded_network: nx.MultiDiGraph) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text and "SYNTHETIC" in text
    definition = load_threat(EXAMPLE)
    assert "ILLUSTRATIVE" in definition.name
    threat = definition.resolve(embedded_network)
    sc = threat.scenario
    assert isinstance(sc, Scenario) and sc.name == definition.name
    sc.check_against(embedded_network)
    # The Kayes axis: RN1 Kayes - Diéma.
    assert sc.segments["RN1:Kayes-Sandaré"] == Effect(False, 0.5, 0.02)
    assert sc.segments["RN1:Sandaré-Diéma"] == Effect(False, 0.5, 0.02)
    assert threat.attack_probability["RN1:Kayes-Sandaré"] >= 0.25
    # Nioro du Sahel cut off on the Mauritania route.
    assert sc.segments["RN4:Gogui-Nioro du Sahel"].closed
    assert sc.segments["RN4:Nioro du Sahel-Diéma"].closed
    # Ambushes near Bougouni on the Ivorian route.
    assert sc.segments["RN7:Bougouni-Sikasso"] == Effect(False, 0.3, 0.05)
    assert sc.segments["RN7:Ouéléssébougou-Bougouni"] == Effect(False, 0.3, 0.05)
    assert all(0 < p <= 1 for p in threat.attack_probability.values())
    assert threat.incident_threat is not None and threat.incident_threat.probability
    why = threat.explanations["RN7:Bougouni-Sikasso"]
    assert any(w.startswith("rule 'Ambushes near Bougouni' (threat-blockade-2025.toml rule[2])")
               for w in why)  # fmt: skip
    assert any("incident SYN" in w and "km away" in w and "days old" in w for w in why)


# ---- rules on the tiny graph ----------------------------------------------------------------


def test_every_selector_and_effect(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    ring = [[-9.3, 14.4], [-9.1, 14.4], [-9.1, 14.7], [-9.3, 14.7], [-9.3, 14.4]]
    write(tmp_path / "diema.geojson", json.dumps({"type": "Polygon", "coordinates": [ring]}))
    path = write(tmp_path / "t.toml", """
name = "all selectors"
[[rule]]
label = "Kayes axis"
ref = "RN1"
between = ["Kayes", "Diéma"]
capacity_factor = 0.5
attack_probability = 0.5
[[rule]]
segments = ["RN1:Sandaré-Diéma"]
capacity_factor = 0.5
loss_probability = 0.1
attack_probability = 0.5
[[rule]]
corridor = "Nouakchott-Bamako via Nioro"
loss_probability = 0.1
[[rule]]
border_posts = ["Gogui border"]
closed = true
attack_probability = 0.2
[[rule]]
bbox = [-8.2, 12.6, -7.9, 12.8]
attack_probability = 0.1
[[rule]]
polygon = "diema.geojson"
loss_probability = 0.0
[[rule]]
near = "Nioro du Sahel"
radius_km = 1
closed = true
""")
    threat = load_threat(path).resolve(g)
    segs = threat.scenario.segments
    assert segs["RN1:Kayes-Sandaré"] == Effect(False, 0.5, 0.0)
    assert segs["RN1:Sandaré-Diéma"].capacity_factor == pytest.approx(0.25)
    assert segs["RN1:Sandaré-Diéma"].loss_probability == pytest.approx(0.1)
    assert segs["RN3:Kati-Bamako"] == Effect(False, 1.0, 0.1)
    assert segs["RN4:Nioro du Sahel-Diéma"].closed
    assert segs["RN4:Gogui border-Nioro du Sahel"].closed
    assert "RN1:Bamako-Fana" not in segs
    assert threat.scenario.nodes == {"Gogui border": Effect(closed=True)}
    assert threat.node_attack_probability == {"Gogui border": pytest.approx(0.2)}
    # Two rules with p = 0.5 on RN1:Sandaré-Diéma: 1 - 0.5 * 0.5.
    assert threat.attack_probability["RN1:Sandaré-Diéma"] == pytest.approx(0.75)
    assert threat.attack_probability["RN1:Kayes-Sandaré"] == pytest.approx(0.5)
    # The bbox around Kati and Bamako: the segments ending there (and no other).
    bbox_hits = {s for s, p in threat.attack_probability.items() if p == pytest.approx(0.1)}
    assert bbox_hits == {"RN3:Diéma-Kati", "RN3:Kati-Bamako", "RN1:Bamako-Fana"}
    assert threat.explanations["RN1:Kayes-Sandaré"] == [
        "rule 'Kayes axis' (t.toml rule[0]): road RN1 between Kayes and Diéma "
        "-> capacity x0.5, attack p 0.5"
    ]
    assert any("crosses polygon 'diema.geojson'" in w
               for w in threat.explanations["RN3:Diéma-Kati"])  # fmt: skip
    assert threat.report_lines()[0] == "Threat scenario: all selectors"


def test_draws_close_attacked_groups(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write(tmp_path / "t.toml", """
[[rule]]
ref = "RN1"
between = ["Kayes", "Diéma"]
attack_probability = 1.0
[[rule]]
segments = ["RN3:Kati-Bamako"]
capacity_factor = 0.5
attack_probability = 0.0
""")
    threat = load_threat(path).resolve(g)
    assert threat.scenario.segments == {"RN3:Kati-Bamako": Effect(False, 0.5, 0.0)}
    draw = threat.draw(7)
    assert draw.segments["RN1:Kayes-Sandaré"].closed and draw.segments["RN1:Sandaré-Diéma"].closed
    assert not draw.segments["RN3:Kati-Bamako"].closed
    assert draw.name == "t (draw: 1 attacks)"
    assert threat.draw(1) == threat.draw(1)


def test_closed_and_attacked_warns_naming_the_rule(
    g: nx.MultiDiGraph, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # closed = true puts the closure in the scenario itself: every draw has it, whatever p.
    path = write(tmp_path / "t.toml", """
[[rule]]
label = "post shut and attacked"
border_posts = ["Gogui border"]
closed = true
attack_probability = 0.3
[[rule]]
label = "half shut"
segments = ["RN3:Kati-Bamako", "RN1:Kayes-Sandaré"]
attack_probability = 0.4
[[rule]]
label = "Kati road shut"
segments = ["RN3:Kati-Bamako"]
closed = true
[[rule]]
label = "random only"
segments = ["RN1:Sandaré-Diéma"]
attack_probability = 0.2
""")
    with caplog.at_level("WARNING", logger="supplychain.scenarios.threat_resolve"):
        threat = load_threat(path).resolve(g)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2
    assert "rule 'post shut and attacked'" in warnings[0] and "everything it selects" in warnings[0]
    assert "no effect" in warnings[0]
    # closed by another rule: named, and the rest of the selection still random
    assert "rule 'half shut'" in warnings[1] and "RN3:Kati-Bamako is closed" in warnings[1]
    assert "still applies to the rest" in warnings[1]
    assert all(d.nodes["Gogui border"].closed for d in (threat.draw(i) for i in range(5)))
    lines = threat.report_lines()
    post = next(ln for ln in lines if ln.startswith("border post Gogui border:"))
    assert post.endswith("attack p 0.3000 (no effect: closed in every draw)")
    kati = next(ln for ln in lines if ln.startswith("segment RN3:Kati-Bamako:"))
    assert kati.endswith("(no effect: closed in every draw)")
    other = next(ln for ln in lines if ln.startswith("segment RN1:Sandaré-Diéma:"))
    assert other.endswith("attack p 0.2000")


def test_incident_probabilities_on_closed_roads_do_not_warn(
    embedded_network: nx.MultiDiGraph, caplog: pytest.LogCaptureFixture
) -> None:
    # The shipped threat closes the Nioro roads on purpose and its [incidents] table gives them
    # a probability too: the warning told every blockade run to drop closed = true.
    with caplog.at_level("WARNING", logger="supplychain.scenarios.threat_resolve"):
        threat = load_threat(REPO / "models" / "threat-blockade-2025.toml").resolve(embedded_network)
    assert threat.scenario.segments["RN4:Gogui-Nioro du Sahel"].closed
    assert threat.attack_probability.get("RN4:Gogui-Nioro du Sahel", 0.0) > 0
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_draw_frequency_matches_probability(p: float, seed: int) -> None:
    t = ThreatScenario("t", Scenario("t"), {"a": p}, {},
                       groups=(AttackGroup("g", p, frozenset({"a"})),))  # fmt: skip
    rng = np.random.default_rng(seed)
    hits = sum("a" in t.draw(rng).segments for _ in range(400))
    assert abs(hits / 400 - p) < 0.12


def test_incidents_table_gives_probabilities(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    with (tmp_path / "inc.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "notes"])
        w.writerow(["A", "2025-09-01", "Battles", 12.70, -8.03, "SYNTHETIC"])  # on Kati-Bamako
        w.writerow(["B", "2025-10-01", "Protests", 12.70, -8.03, "SYNTHETIC"])  # filtered out
        w.writerow(["C", "2024-10-01", "Battles", 12.70, -8.03, "SYNTHETIC"])  # before start
    path = write(tmp_path / "t.toml", """
[incidents]
file = "inc.csv"
buffer_km = 5
half_life_days = 30
base_probability = 0.2
start = 2025-01-01
end = "2025-12-31"
reference_date = 2025-10-01
event_types = ["Battles"]
""")
    threat = load_threat(path).resolve(g)
    assert threat.scenario.is_baseline
    assert threat.attack_probability == {"RN3:Kati-Bamako": pytest.approx(0.1)}
    why = threat.explanations["RN3:Kati-Bamako"]
    assert why[0] == (
        "incidents (inc.csv, reference 2025-10-01): 1 within 5 km -> attack p 0.1000"
    )
    assert why[1].startswith("  incident A 2025-09-01 Battles: ")
    assert "30 days old, weight 0.500" in why[1]


# ---- inheritance ----------------------------------------------------------------------------


def test_inheritance_combines_rules_and_overrides(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    write(tmp_path / "base" / "parent.toml", """
name = "parent"
description = "from the parent"
[[rule]]
segments = ["RN3:Kati-Bamako"]
capacity_factor = 0.5
attack_probability = 0.5
""")
    child = write(tmp_path / "child.toml", """
name = "child"
inherits = "base/parent.toml"
[[rule]]
segments = ["RN3:Kati-Bamako"]
capacity_factor = 0.5
attack_probability = 0.5
""")
    definition = load_threat(child)
    assert definition.name == "child"
    assert definition.description == "from the parent"
    assert [Path(c).name for c in definition.chain] == ["parent.toml", "child.toml"]
    assert [Path(r.source).name for r in definition.rules] == ["parent.toml", "child.toml"]
    threat = definition.resolve(g)
    assert threat.scenario.segments["RN3:Kati-Bamako"].capacity_factor == pytest.approx(0.25)
    assert threat.attack_probability["RN3:Kati-Bamako"] == pytest.approx(0.75)
    assert len(threat.explanations["RN3:Kati-Bamako"]) == 2


def test_example_can_be_inherited(embedded_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    child = write(tmp_path / "worse.toml", f"""
name = "worse"
inherits = "{EXAMPLE.as_posix()}"
[[rule]]
border_posts = ["Kidira-Diboli border"]
capacity_factor = 0.5
""")
    threat = load_threat(child).resolve(embedded_network)
    assert threat.scenario.segments["RN1:Kayes-Sandaré"].capacity_factor == 0.5
    assert threat.scenario.nodes["Kidira-Diboli border"].capacity_factor == 0.5
    assert threat.incident_threat is not None  # inherited [incidents]


def test_inheritance_cycles_are_errors(tmp_path: Path) -> None:
    write(tmp_path / "a.toml", 'inherits = "b.toml"\n')
    write(tmp_path / "b.toml", 'inherits = ["a.toml"]\n')
    with pytest.raises(ParameterError) as err:
        load_threat(tmp_path / "a.toml")
    msg = str(err.value)
    assert "key 'inherits': inheritance cycle a.toml -> b.toml -> a.toml" in msg
    write(tmp_path / "self.toml", 'inherits = "self.toml"\n')
    with pytest.raises(ParameterError, match=r"inheritance cycle self.toml -> self.toml"):
        load_threat(tmp_path / "self.toml")


def test_missing_parent(tmp_path: Path) -> None:
    write(tmp_path / "t.toml", 'inherits = "nope.toml"\n')
    with pytest.raises(ParameterError, match=r"'t.toml' key 'inherits': '.*nope.toml' does not exist"):
        load_threat(tmp_path / "t.toml")


# ---- errors ---------------------------------------------------------------------------------


def test_bad_threat_file_names_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.toml", """
name = "bad"
mood = "grim"
[[rule]]
ref = "RN1"
corridor = "x"
closed = true
[[rule]]
closed = "yes"
segments = ["a"]
[[rule]]
segments = ["a"]
capacity_factor = 1.5
attack_probability = -0.1
[[rule]]
segments = ["a"]
[[rule]]
segments = ["a"]
between = ["A", "B"]
closed = true
[[rule]]
near = "Kayes"
closed = true
[[rule]]
bbox = [1, 2, 3]
closed = true
[[rule]]
ref = "RN1"
between = ["Kayes"]
closed = true
[[rule]]
polygon = "nowhere.geojson"
closed = true
[incidents]
file = "missing.csv"
base_probability = 2
half_life_days = 0
start = 2026-01-01
end = 2025-01-01
reference_date = "last week"
colour = "red"
""")
    with pytest.raises(ParameterError) as err:
        load_threat(path)
    msg = str(err.value)
    for expected in (
        "'bad.toml' key 'mood': unknown key",
        "'bad.toml' key 'rule[0]': needs exactly one selector of segments, ref, corridor, "
        "border_posts, bbox, polygon, near, unposted; got ref, corridor",
        "'bad.toml' key 'rule[1].closed': 'yes' is not true or false",
        "'rule[2].capacity_factor': 1.5 is above the maximum 1",
        "'rule[2].attack_probability': -0.1 is below the minimum 0",
        "'rule[3]': no effect; give one or more of closed, capacity_factor, loss_probability, "
        "attack_probability",
        "'rule[4].between': only works with ref",
        "'rule[5].radius_km': missing; near = \"<place>\" needs radius_km",
        "'rule[6].bbox': bbox [1, 2, 3] must have 4 numbers",
        "'rule[7].between': ['Kayes']; expected a list of exactly 2 names",
        "'rule[8].polygon': '",
        "'incidents.file': '",
        "'incidents.base_probability': 2 is above the maximum 1",
        "'incidents.half_life_days': 0 must be greater than 0",
        "'incidents.start': 2026-01-01 is after end 2025-01-01",
        "'incidents.reference_date': 'last week' is not a date; write it as 2025-09-14",
        "'incidents.colour': unknown key",
    ):
        assert expected in msg, expected


def test_empty_threat_file(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"no \[\[rule\]\], \[incidents\] or inherits"):
        load_threat(write(tmp_path / "t.toml", 'name = "nothing"\n'))
    with pytest.raises(DataFileError, match=r"is not valid TOML"):
        load_threat(write(tmp_path / "u.toml", "name = \n"))


def test_unposted_selects_the_roads_into_mali_that_pass_no_post(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from .test_borders import _roads

    path = write(tmp_path / "t.toml", """
name = "only through the posts"
[[rule]]
label = "roads away from the posts"
unposted = true
closed = true
""")
    threat = load_threat(path).resolve(_roads())
    assert threat.scenario.segments == {"R:Y-Z": Effect(closed=True)}
    assert threat.explanations["R:Y-Z"] == [
        "rule 'roads away from the posts' (t.toml rule[0]): road into MLI from SEN that passes no "
        "border post (its end at 13.00N 5.00W) -> closed"
    ]
    with caplog.at_level("WARNING"):
        assert load_threat(path).resolve(_roads(post_on_y=True)).scenario.segments == {}
    assert "rule[0] (roads across the border that pass no border post) selects nothing" in caplog.text
    bad = write(tmp_path / "bad.toml", "[[rule]]\nunposted = false\nclosed = true\n")
    with pytest.raises(ParameterError, match=r"rule\[0\]\.unposted.*the only value is true"):
        load_threat(bad)


def test_one_unposted_rule_sends_the_real_layers_fuel_through_the_posts(tmp_path: Path) -> None:
    # The trimmed West-African layer: with its 12 posts closed demand is still served in full
    # (roads across the border away from the posts); one `unposted` rule closes those too.
    from supplychain.models import load_model_parameters, run_scenario
    from supplychain.networks import build_network

    g = build_network(REPO / "tests" / "data" / "real" / "flownet_west_africa.geojson")
    posts = sorted(d["name"] for _, d in g.nodes(data=True) if d.get("role") == "border")
    rules = f"[[rule]]\nborder_posts = {json.dumps(posts)}\nclosed = true\n"
    params = load_model_parameters()
    served = []
    for extra in ("", "[[rule]]\nunposted = true\nclosed = true\n"):
        threat = load_threat(write(tmp_path / "t.toml", rules + extra)).resolve(g)
        served.append(run_scenario(g, params, threat.scenario).delivered_m3_per_day)
    assert served == [pytest.approx(4750.0), 0.0]


def test_unknown_names_fail_on_resolve(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write(tmp_path / "t.toml", """
[[rule]]
ref = "RN1"
between = ["Kayes", "Mopti"]
closed = true
[[rule]]
ref = "RN99"
closed = true
[[rule]]
corridor = "Abidjan-Bamako"
closed = true
[[rule]]
segments = ["RN1:Kayes-Sandare"]
closed = true
[[rule]]
border_posts = ["Kayes"]
closed = true
[[rule]]
near = "Kayess"
radius_km = 5
closed = true
""")
    definition = load_threat(path)
    with pytest.raises(ParameterError) as err:
        definition.resolve(g)
    msg = str(err.value)
    assert "Threat scenario 't' does not match the network" in msg
    assert "'t.toml' key 'rule[0].ref': Place 'Mopti' is not a named node" in msg
    assert "'t.toml' key 'rule[1].ref': Road 'RN99' is not in the network" in msg
    assert "'t.toml' key 'rule[2].corridor': Corridor 'Abidjan-Bamako' labels no segment" in msg
    assert "'rule[3].segments': segment 'RN1:Kayes-Sandare' is not in the network; did you mean" in msg
    assert "'rule[4].border_posts': 'Kayes' is not a border post" in msg
    assert "'rule[5].near': Place 'Kayess' is not a named node of the network; did you mean 'Kayes'" in msg


def test_shipped_threat_on_a_layer_without_road_numbers_says_how_to_select(
    real_network: nx.MultiDiGraph,
) -> None:
    # The shipped file selects road numbers of the embedded network; a real GIS layer without
    # a `ref` column has none: the message says so and how to fix it, not "no roads".
    with pytest.raises(ParameterError) as err:
        load_threat(EXAMPLE).resolve(real_network)
    text = str(err.value)
    # Said once for both rules (RN1, RN7), after them (2026-12-03: one error for every command).
    assert "Road 'RN1' is not in the network; " in text and "Road 'RN7' is not in the network; " in text
    assert text.count("the network has no road numbers") == 1 and text.endswith("network build'")
    assert "'near'" in text and "--map ref=COLUMN" in text
    assert "the network has no roads" not in text


def test_shipped_files_on_another_network_give_a_short_error(real_network: nx.MultiDiGraph) -> None:
    # The steady-state commands listed every rule's segments and the network's known segments
    # once per rule (5.9 kB for the back-test's file on the West-African layer, 2026-12-03);
    # they now summarise as the timeline loader does: three problems, the count, the cause once.
    from supplychain.models.scenario import load_scenario

    with pytest.raises(ParameterError) as err:
        # The back-test as it named the embedded network's segments (the shipped file selects
        # by area since 2026-12-04 and resolves on this layer).
        load_threat(REPO / "tests" / "data" / "timeline-blockade-2025-26-segments.toml").resolve(real_network)
    text = str(err.value)
    assert "does not match the network (7 problems)" in text and "and 4 more (-v lists them all)" in text
    assert "7 rules name segments or roads this network does not have" in text
    assert text.count("known segments") == 0 and len(text) < 2000
    with pytest.raises(ParameterError) as err:
        load_scenario(REPO / "models" / "scenario-blockade-2025.toml").check_against(real_network)
    text = str(err.value)
    assert "(6 problems)" in text and "6 entries name segments or roads" in text
    assert text.count("list ids with") == 1


def test_a_typo_repeated_in_two_rules_is_not_read_as_another_network(g: nx.MultiDiGraph, tmp_path: Path) -> None:
    # Two rules listing the same misspelt segment end with the same "did you mean" suggestion:
    # that was taken for the shared hint of a file written for another network (the cause
    # said so and the list was cut at 3).
    rules = "".join(f'[[rule]]\nsegments = ["RN1:Kayes-Sandare"]\ncapacity_factor = 0.{k + 1}\n' for k in range(2))
    rules += '[[rule]]\nborder_posts = ["Kayes"]\nclosed = true\n[[rule]]\nnear = "Kayess"\nradius_km = 5\nclosed = true\n'
    rules += '[[rule]]\ncorridor = "Abidjan-Bamako"\nclosed = true\n'
    path = write(tmp_path / "t.toml", rules)
    with pytest.raises(ParameterError) as err:
        load_threat(path).resolve(g)
    text = str(err.value)
    assert "does not have" not in text and "more (-v lists them all)" not in text
    assert text.count("did you mean 'RN1:Kayes-Sandaré'") == 2
    assert all(f"rule[{k}]" in text for k in range(5))


def test_names_with_accents_written_as_separate_marks_match(tmp_path: Path, tiny_network: nx.MultiDiGraph) -> None:
    # "Diéma" with the accent as its own code point (Unicode NFD, as some editors and macOS
    # file names write it) was refused: "Place 'Diéma' is not a named node of the network;
    # did you mean 'Diéma'?". Files are read in NFC, the form the networks' names are in.
    from supplychain.models import load_scenario

    nfd = unicodedata.normalize("NFD", "Diéma")
    assert nfd != "Diéma"
    threat = load_threat(write(tmp_path / "t.toml", f'[[rule]]\nref = "RN1"\nbetween = ["Kayes", "{nfd}"]\n'
                                                    "closed = true\n"))  # fmt: skip
    assert set(threat.resolve(tiny_network).scenario.segments) == {"RN1:Kayes-Diéma"}
    scenario = load_scenario(write(tmp_path / "s.toml", f'[[segment]]\nid = "RN1:Kayes-{nfd}"\nclosed = true\n'))
    assert set(scenario.segments) == {"RN1:Kayes-Diéma"}


def test_one_key_twice_in_two_unicode_forms_is_refused(tmp_path: Path) -> None:
    # [place."Diéma"] in NFC and in NFD are two keys to TOML, one once read in NFC: the second
    # would have replaced the first without a word.
    from supplychain.models.timeline import load_storage_parameters

    nfd = unicodedata.normalize("NFD", "Diéma")
    path = write(tmp_path / "s.toml", "[storage]\ncapacity_days = 7\ninitial_days = 7\nfloor_days = 3\n"
                 f'[place."Diéma"]\ncapacity_m3 = 10\n[place."{nfd}"]\ncapacity_m3 = 20\n')  # fmt: skip
    with pytest.raises(DataFileError, match=r"'.*s\.toml' has the key 'Diéma' twice, its accents "
                       r"written two ways \(Unicode NFC and NFD\); keep one"):
        load_storage_parameters(path)


def test_threat_command_says_it_ignores_a_timelines_dates(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    # solve, stress and report warn that they apply dated rules on every day; `threat` printed
    # "closed" for a rule closed from 2026-01-02 only, without a word.
    from click.testing import CliRunner

    from supplychain.cli import main

    path = write(tmp_path / "t.toml", '[timeline]\nstart = 2026-01-01\ndays = 3\n[[rule]]\nref = "RN3"\n'
                 'closed = true\nfrom = 2026-01-02\n')  # fmt: skip
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        result = CliRunner().invoke(main, ["threat", str(path)])
    assert result.exit_code == 0, result.output
    assert "'t.toml' is a timeline: a steady-state command ignores its dates (1 dated rule applied " \
           "on every day)" in caplog.text


def test_the_timeline_command_a_steady_state_command_suggests_parses(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # The warning's "run `supplychain timeline --scenario t.toml` to follow it day by day" lacked
    # the required --out: copied as written it stopped with "Missing option '--out'".
    import shlex

    import click
    from click.testing import CliRunner

    from supplychain.cli import main

    path = write(tmp_path / "my t.toml", '[timeline]\nstart = 2026-01-01\ndays = 3\n[[rule]]\n'
                 'ref = "RN3"\nclosed = true\nfrom = 2026-01-02\n')  # fmt: skip
    with caplog.at_level("WARNING", logger="supplychain.cli.solve"):
        result = CliRunner().invoke(main, ["threat", str(path)])
    assert result.exit_code == 0, result.output
    hint = re.search(r"run `(supplychain timeline [^`]*)` to follow it day by day", caplog.text)
    assert hint is not None, caplog.text
    args = shlex.split(hint.group(1))[1:]
    group = main.make_context("supplychain", list(args))
    name, command, rest = main.resolve_command(group, [*group._protected_args, *group.args])
    assert name == "timeline" and command is not None
    try:
        ctx = command.make_context(name, rest, parent=group)
    except click.UsageError as exc:
        raise AssertionError(f"{hint.group(1)}: {exc.format_message()}") from exc
    assert str(ctx.params["scenario_path"]) == str(path) and str(ctx.params["out"]).endswith(".parquet")


def test_file_names_are_read_as_written_not_in_nfc(tmp_path: Path) -> None:
    # A file whose name has its accent as a separate mark (unzipped from a macOS archive; Linux
    # file names are bytes) was "does not exist" once every string of the TOML was made NFC.
    nfd = unicodedata.normalize("NFD", "Diéma")
    ring = [[-10.0, 14.0], [-9.0, 14.0], [-9.0, 15.0], [-10.0, 15.0], [-10.0, 14.0]]
    write(tmp_path / f"{nfd}.geojson", json.dumps({"type": "Polygon", "coordinates": [ring]}))
    write(tmp_path / f"{nfd}-parent.toml", '[[rule]]\nref = "RN1"\ncapacity_factor = 0.5\n')
    threat = load_threat(write(tmp_path / "t.toml", f'inherits = ["{nfd}-parent.toml"]\n[[rule]]\n'
                                                    f'polygon = "{nfd}.geojson"\nclosed = true\n'))  # fmt: skip
    assert [Path(r.source).name for r in threat.rules] == [f"{nfd}-parent.toml", "t.toml"]
