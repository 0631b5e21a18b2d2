"""Report templates: every section rendered with hostile strings in every string field stays
inert text, the page's CSP hashes the scripts it writes, and a missing variable raises."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import json
import re
from html.parser import HTMLParser
from typing import Any

import jinja2
import networkx as nx
import pandas as pd
import pytest
from markupsafe import Markup

from supplychain.reports import ScenarioRun, StressData, build_report
from supplychain.reports.builder import _page_data, _topojson
from supplychain.reports.data import edge_flows, segment_geometry, segment_views
from supplychain.reports.figures import map_figure
from supplychain.reports.sections import (
    comparison_data,
    headline_data,
    map_data,
    provenance_data,
    routes_data,
)
from supplychain.reports.stress_section import stress_data
from supplychain.reports.templating import environment, render

from .test_report import make_runs

HOSTILE = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "</script>",
]

#: Tags the templates write; anything else in a rendered page was injected.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p",
    "nav", "a", "main", "section", "div", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "button", "dl", "dt", "dd", "script", "noscript", "span",
}  # fmt: skip


class _Page(HTMLParser):
    """Tags, attributes, text and script bodies of a rendered template."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self.scripts.append((self._in_script, data))
        else:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _hostile(value: Any, bad: str) -> Any:
    """``value`` with every plain string (not Markup: the page's own code) replaced by ``bad``."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return bad
    if isinstance(value, dict):
        return {k: _hostile(v, bad) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_hostile(v, bad) for v in value]
    return value


def _stress() -> list[StressData]:
    """One stress result of each kind, small enough to build without a sweep."""
    n1 = pd.DataFrame(
        {
            "rank": [1, 2],
            "kind": ["segment", "border"],
            "id": ["N1:Dakar-Rufisque", "Kidira-Diboli border"],
            "throughput_lost_m3_per_day": [4600.0, 10.0],
            "throughput_lost_tankers_per_day": [100.0, 0.2],
            "throughput_lost_pct": [43.0, 0.1],
            "served_lost_m3_per_day": [0.0, 0.0],
            "served_lost_tankers_per_day": [0.0, 0.0],
            "served_lost_pct": [0.0, 0.0],
            "single_point_of_failure": [True, False],
            "status": ["optimal", "optimal"],
        }
    )
    worst = pd.DataFrame(
        {
            "k": [1, 1],
            "method": ["exact", "greedy"],
            "segments": ["N1:Dakar-Rufisque", "A3:Bouaké-Katiola"],
            "nodes": ["", ""],
            "baseline_m3_per_day": [10626.0, 10626.0],
            "remaining_m3_per_day": [6026.0, 7360.0],
            "lost_m3_per_day": [4600.0, 3266.0],
            "lost_tankers_per_day": [100.0, 71.0],
            "lost_pct": [43.3, 30.7],
            "greedy_gap_m3_per_day": [0.0, 1334.0],
            "status": ["optimal", "optimal"],
        }
    )
    mc = pd.DataFrame(
        {
            "draw": [0, 1, 2],
            "closed": ["N1:Dakar-Rufisque", "", "N1:Dakar-Rufisque"],
            "n_closed": [1, 0, 1],
            "throughput_m3_per_day": [6000.0, 10626.0, 6000.0],
            "served_m3_per_day": [5000.0, 5500.0, 5000.0],
        }
    )
    summary = {
        "sweep": "monte-carlo",
        "scenario": "threat",
        "seed": 1,
        "draws": 3,
        "worst_5pct_share": [
            {
                "segment_id": "N1:Dakar-Rufisque",
                "share_of_worst_draws": 1.0,
                "attack_probability": 0.2,
                "lift": 5.0,
            }
        ],
    }
    return [
        StressData("n-1", "N-1", n1, {"sweep": "n-1", "scenario": "threat"}, "n-1.parquet"),
        StressData("worst-case", "Worst case", worst, {"sweep": "worst-case"}, "worst.parquet"),
        StressData("monte-carlo", "Monte Carlo", mc, summary, "mc.parquet"),
    ]


@pytest.fixture(scope="module")
def runs(embedded_network: nx.MultiDiGraph) -> list[ScenarioRun]:
    return make_runs(embedded_network)


@pytest.fixture(scope="module")
def sections(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> dict[str, dict[str, Any]]:
    """The data of every template, as build_report prepares it."""
    g = embedded_network
    geometry = segment_geometry(g)
    views = [segment_views(geometry, run, edge_flows(g, run)) for run in runs]
    fig = map_figure(g, runs, views, active=1, topojson=_topojson())
    stress = _stress()
    prov = {
        "files": [{"role": "scenario", "path": "s.toml", "bytes": 1, "sha256": "ab"}],
        "command": "supplychain report",
    }
    data = {
        "headline.html.j2": headline_data(runs[1]),
        "map.html.j2": map_data(fig, runs),
        "routes.html.j2": routes_data(runs, 1),
        "stress.html.j2": stress_data(stress),
        "comparison.html.j2": comparison_data(runs),
        "provenance.html.j2": provenance_data(g, runs, stress, prov, "now", 0.1),
    }
    data["page.html.j2"] = _page_data(
        "title", "subtitle", [Markup("<section id='x'></section>")], [("x", "X")]
    )
    return data


def _check_inert(page: str, bad: str, name: str) -> None:
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, (name, tag)
        assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
        if tag == "script":  # JSON data blocks, or the page's own code without attributes
            assert attrs == {} or attrs.get("type") == "application/json", (name, attrs)
    # Outside the page's own code, every <script> element ends where the template ends it
    # (none was closed early) and nothing was injected.
    rest = re.sub(r"<script>.*?</script>", "<script></script>", page, flags=re.S)
    assert rest.count("</script>") == rest.count("<script"), name
    assert "<img" not in rest and "<script>alert" not in rest, name
    # Shown as text (or kept in the JSON), never evaluated as a template.
    text = "".join(parsed.text)
    in_json = [json.loads(body) for attrs, body in parsed.scripts if attrs]
    assert bad in text or bad in json.dumps(in_json, ensure_ascii=False), name
    if bad == "{{ 7*7 }}":
        assert "{{ 7*7 }}" in page, name


@pytest.mark.parametrize("bad", HOSTILE)
def test_every_section_escapes_hostile_strings_in_every_field(
    sections: dict[str, dict[str, Any]], bad: str
) -> None:
    for name, data in sections.items():
        page = str(render(name, _hostile(data, bad)))
        _check_inert(page, bad, name)


def test_sections_show_hostile_strings_as_text(sections: dict[str, dict[str, Any]]) -> None:
    bad = HOSTILE[1]
    for name in ("headline.html.j2", "routes.html.j2", "stress.html.j2", "comparison.html.j2"):
        page = str(render(name, _hostile(sections[name], bad)))
        assert htmllib.escape(bad) in page, name  # &quot;&#x27;&gt;&lt;img ...


def test_json_blocks_keep_hostile_values(sections: dict[str, dict[str, Any]]) -> None:
    for bad in HOSTILE:
        data = _hostile(sections["map.html.j2"], bad)
        page = str(render("map.html.j2", data))
        blocks = [json.loads(body) for attrs, body in _parse(page).scripts if attrs]
        assert len(blocks) == 1 and blocks[0]["data"][0]["type"] == bad
        assert blocks[0]["layout"]["geo"]["scope"] == bad


def test_page_csp_hashes_the_scripts_it_writes(sections: dict[str, dict[str, Any]]) -> None:
    data = _hostile(sections["page.html.j2"], HOSTILE[0])
    page = str(render("page.html.j2", data))
    csp = htmllib.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    # The CSP attribute itself was replaced by the hostile string: compare with the real one.
    real = set(re.findall(r"'sha256-([^']+)'", sections["page.html.j2"]["csp"]))
    assert allowed == set() and real
    bodies = [body for attrs, body in _parse(page).scripts if not attrs]
    digests = {base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in bodies}
    assert len(bodies) == 3 and digests == real


def test_a_missing_variable_raises(sections: dict[str, dict[str, Any]]) -> None:
    for name, data in sections.items():
        for key in data:
            partial = {k: v for k, v in data.items() if k != key}
            with pytest.raises(jinja2.UndefinedError):
                render(name, partial)
    # ... also deeper: a table without its id.
    table = dict(sections["headline.html.j2"]["by_city"])
    del table["id"]
    with pytest.raises(jinja2.UndefinedError, match="id"):
        render("headline.html.j2", {**sections["headline.html.j2"], "by_city": table})


def test_environment_escapes_by_default() -> None:
    env = environment()
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined
    names = set(env.list_templates())
    assert {
        "page.html.j2",
        "headline.html.j2",
        "map.html.j2",
        "routes.html.j2",
        "stress.html.j2",
        "comparison.html.j2",
        "provenance.html.j2",
    } <= names


def test_whole_report_with_hostile_title_and_names(
    embedded_network: nx.MultiDiGraph, runs: list[ScenarioRun]
) -> None:
    for bad in HOSTILE:
        page = build_report(
            embedded_network, runs, stress=_stress(), title=bad, provenance={"command": bad}
        )
        _check_inert(page, bad, "report")
