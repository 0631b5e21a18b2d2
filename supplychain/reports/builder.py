"""Build the self-contained HTML report from solved scenarios and stress results.

:func:`build_report` is pure: results in, one HTML string out (no solving, no network). The
page holds plotly.js inline, the Africa 1:50m country shapes (so plotly draws borders without
fetching them) and every figure as escaped JSON; a Content-Security-Policy with the hashes of
the page's own scripts blocks any other script and every network request. :func:`write_report`
writes it atomically.

The HTML is in Jinja2 templates (``templates/*.html.j2``, one per section and one for the page,
rendered with autoescape by :mod:`supplychain.reports.templating`); the plain data for each
section comes from :mod:`supplychain.reports.sections` (which also holds
:func:`headline_sentence`, re-exported here).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import numbers
import time
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.offline
from markupsafe import Markup

import supplychain
from supplychain._atomic import atomic_path
from supplychain._records import resolved_path
from supplychain.errors import ArgumentError, ArgumentTypeError
from supplychain.models.results import FlowResult
from supplychain.networks.schema import validate_model_inputs
from supplychain.reports.data import (
    ScenarioRun,
    as_run,
    edge_flows,
    segment_geometry,
    segment_views,
)
from supplychain.reports.figures import map_figure
from supplychain.reports.sections import (
    comparison_data,
    headline_data,
    headline_sentence,
    map_data,
    provenance_data,
    routes_data,
)
from supplychain.reports.stress import StressData, SweepLike, load_stress
from supplychain.reports.stress_section import stress_data
from supplychain.reports.templating import render
from supplychain.reports.timeline_section import (
    TimelineData,
    load_timeline_result,
    timeline_data,
)

__all__ = ["MAX_BYTES", "SECTIONS", "build_report", "headline_sentence", "write_report"]

logger = logging.getLogger(__name__)

#: Size budget of a report (bytes); a larger one is logged as a warning.
MAX_BYTES = 8 * 1024 * 1024
#: Section ids, in page order (``stress`` and ``timeline`` only when such results are given).
SECTIONS = ("headline", "map", "routes", "stress", "timeline", "comparison", "provenance")
_TOPOJSON_NAME = "africa_50m"


@lru_cache(maxsize=1)
def _topojson() -> dict[str, Any]:
    text = (
        resources.files("supplychain.data")
        .joinpath("africa_50m.topojson")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def _static(name: str) -> str:
    return (
        resources.files("supplychain.reports").joinpath("static", name).read_text(encoding="utf-8")
    )


def _csp_hash(script: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        + "'"
    )


# --- page ------------------------------------------------------------------------------------


def _page_data(
    title: str,
    subtitle: str,
    sections: Sequence[Markup],
    nav: Sequence[tuple[str, str]],
    *,
    generated: str = "",
) -> dict[str, Any]:
    """Data of ``page.html.j2``: the rendered sections, the page's own code and its CSP;
    ``generated``, the report's date, ends the subtitle."""
    geo_js = (
        f"window.PlotlyGeoAssets={{topojson:{{{json.dumps(_TOPOJSON_NAME)}:"
        f"JSON.parse(document.getElementById('geo-{_TOPOJSON_NAME}').textContent)}}}};"
    )
    plotly_js = plotly.offline.get_plotlyjs()
    if "</script" in plotly_js.lower():  # not in any release seen; keep the page well-formed anyway
        plotly_js = plotly_js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    # The page's own code, written as it is (Markup): geo_js is built from constants above,
    # plotly.js comes from the installed plotly package, report.js and report.css ship with this
    # package. The CSP hashes exactly these strings, which page.html.j2 writes alone between
    # <script> and </script>.
    scripts = [Markup(s) for s in (geo_js, plotly_js, _static("report.js"))]
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in scripts),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return {
        "csp": csp,
        "version": supplychain.__version__,
        "title": title,
        "subtitle": subtitle,
        "generated": generated,
        "style": Markup(_static("report.css")),
        "nav": [{"id": sid, "label": label} for sid, label in nav],
        "sections": sections,
        "topojson_name": _TOPOJSON_NAME,
        "topojson": _topojson(),
        "scripts": scripts,
    }


def build_report(
    graph: nx.MultiDiGraph,
    results: Sequence[FlowResult | ScenarioRun],
    *,
    stress: Sequence[str | Path | SweepLike | StressData] = (),
    timeline: str | Path | TimelineData | None = None,
    provenance: Mapping[str, Any] | None = None,
    title: str | None = None,
    primary: int = -1,
) -> str:
    """The whole report as one HTML string (pure: no solving, no network).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network the results were solved on.
    results : sequence of FlowResult or ScenarioRun
        Baseline and scenarios, in the order of the comparison. A :class:`ScenarioRun` adds the
        scenario's effects and attack probabilities, which colour the map.
    stress : sequence of path or SweepLike, optional
        ``supplychain stress`` Parquet files (their JSON summaries are read from beside them)
        or in-memory sweeps.
    timeline : path or TimelineData, optional
        A ``supplychain timeline`` Parquet file (its JSON summary is read from beside it):
        adds the section on days of cover, arrivals, escorts and events over time.
    provenance : mapping, optional
        ``files``: records from :func:`~supplychain.reports.stress.file_record`
        (parameters, scenarios, network file); ``command``: the command line; ``seeds``: a
        mapping; ``generated``: the time to print (default: now, UTC); other keys are listed
        as they are.
    title : str, optional
        Default (and for a title of blanks): ``"Fuel supply to Mali: <primary scenario>"``.
        Line breaks, tabs and runs of blanks are read as one space, as the page shows them.
    primary : int, default -1
        Index of the result the headline and the map show first (as a list index: -1 is the
        last).

    Returns
    -------
    str
        A complete HTML document with plotly.js inline; it makes no network request.

    Raises
    ------
    ArgumentError
        If ``results`` is empty or ``primary`` is not the index of one of them (a
        ``ValueError``).
    ArgumentTypeError
        If ``graph`` is not a MultiDiGraph, a result is neither a FlowResult nor a ScenarioRun,
        ``stress`` is not a list of stress results, ``timeline`` not a timeline result,
        ``provenance`` not a mapping, ``title`` not a string, or ``primary`` is not a whole
        number (a ``TypeError``).
    SchemaError
        If ``graph`` lacks an attribute the models read, or has one out of range
        (:func:`~supplychain.networks.schema.validate_model_inputs`).
    DataFileError
        If a stress or timeline file is missing or unreadable, or lacks a column.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters, run_scenario
    >>> g = build_network()
    >>> html = build_report(g, [run_scenario(g, load_model_parameters())])
    >>> html.startswith("<!DOCTYPE html>"), "Fuel supply to Mali: baseline" in html
    (True, True)
    """
    start = time.perf_counter()
    runs = [as_run(r) for r in results]
    if not runs:
        raise ArgumentError(
            "results is empty; build_report needs at least one result (the baseline from "
            "run_scenario)"
        )
    wrong = (f"primary = {primary!r}: give the index of one of the {len(runs)} results, 0 to "
             f"{len(runs) - 1} (or -1 for the last)")  # fmt: skip
    # A wrong type is an ArgumentTypeError as README says ("0" was an ArgumentError); numpy's
    # integers are indices (np.int64(0) was refused).
    if isinstance(primary, bool) or not isinstance(primary, numbers.Integral):
        raise ArgumentTypeError(wrong)
    if not -len(runs) <= primary < len(runs):
        # primary % len(runs) showed another result first without a word (5 of 2 results: the second).
        raise ArgumentError(wrong)
    active = int(primary) % len(runs)
    # Each met a bare TypeError, ValueError or AttributeError inside (fuzz35); a single path
    # as stress was read letter by letter ("Stress result 'n' does not exist").
    problems = [f"{name} is a {type(value).__name__}; give {fix}" for name, value, ok, fix in (
        # None or a path met an AttributeError ('NoneType' object has no attribute 'edges') (api37).
        ("graph", graph, isinstance(graph, nx.MultiDiGraph),
         "the networkx.MultiDiGraph the results were solved on (build_network or load_network)"),
        ("stress", stress, isinstance(stress, Iterable) and not isinstance(stress, str | bytes),
         "a list of stress results (paths or sweeps), e.g. [\"n-1.parquet\"]"),
        ("provenance", provenance, provenance is None or isinstance(provenance, Mapping), "a mapping or None"),
        ("title", title, title is None or isinstance(title, str), "a string or None"),
    ) if not ok]  # fmt: skip
    if problems:
        raise ArgumentTypeError("build_report's arguments are not valid", problems=problems)
    validate_model_inputs(graph)  # a network without segment ids met a KeyError in the map (api37)
    provenance = dict(provenance or {})
    loaded = [load_stress(s) for s in stress]
    timeline_loaded = load_timeline_result(timeline) if timeline is not None else None
    if timeline_loaded is not None:
        provenance["files"] = [*(provenance.get("files") or []), *timeline_loaded.files]
    main_run = runs[active]
    generated = provenance.get("generated") or dt.datetime.now(dt.UTC)
    generated_text = (
        generated.isoformat(timespec="seconds")
        if isinstance(generated, dt.datetime)
        else str(generated)
    )

    geometry = segment_geometry(graph)
    views = [segment_views(geometry, run, edge_flows(graph, run)) for run in runs]
    fig_map = map_figure(graph, runs, views, active=active, topojson=_topojson())

    # The report's own input files, compared with each stress result's and the timeline's.
    own = _own_inputs(runs, provenance.get("files") or [])
    tl_data = timeline_data(timeline_loaded, inputs=own) if timeline_loaded is not None else None
    # The timeline's figures in the headline too: the steady state's m³/day above them cannot
    # show a crisis of stocks and transit days (the embedded back-test: 1.3 % of demand unmet
    # in the steady state, 19.9 % day by day).
    head = headline_data(main_run, timeline=None if tl_data is None else
                         {"name": tl_data["name"], **tl_data["headline"]})  # fmt: skip
    nav = [("headline", "Headline"), ("map", "Map"), ("routes", "Routes and flows")]
    sections = [
        render("headline.html.j2", head),
        render("map.html.j2", map_data(fig_map, runs)),
        render("routes.html.j2", routes_data(runs, active)),
    ]
    if loaded:
        nav.append(("stress", "Stress tests"))
        # Every solve of a name: two scenario files may share one (a dict of the last flagged a
        # sweep run on the first).
        figures: dict[str, list[tuple[float, float]]] = {}
        for r in runs:
            figures.setdefault(r.name, []).append((r.result.throughput.scenario_m3_per_day,
                                                   r.result.served.scenario_m3_per_day))  # fmt: skip
        sections.append(render("stress.html.j2", stress_data(loaded, [r.name for r in runs],
                                                             figures=figures, inputs=own)))  # fmt: skip
    if tl_data is not None:
        nav.append(("timeline", "Days of cover"))
        sections.append(render("timeline.html.j2", tl_data))
    nav += [("comparison", "Comparison"), ("provenance", "Provenance")]
    sections.append(render("comparison.html.j2", comparison_data(runs)))
    build_s = time.perf_counter() - start
    prov = provenance_data(graph, runs, loaded, provenance, generated_text, build_s,
                           timeline=timeline_loaded)  # fmt: skip
    sections.append(render("provenance.html.j2", prov))

    # `--title $'Fuel\nMali'` reached the page's <title> and heading with its line break.
    page_title = " ".join((title or "").split()) or f"Fuel supply to Mali: {main_run.name}"
    names = ", ".join(r.name for r in runs)
    subtitle = f"Network {graph.graph.get('source', 'unknown')} · scenarios: {names}"
    html = str(render("page.html.j2", _page_data(page_title, subtitle, sections, nav,
                                                 generated=generated_text)))  # fmt: skip
    size = len(html.encode("utf-8"))
    level = logging.WARNING if size > MAX_BYTES else logging.INFO
    logger.log(
        level,
        "Report: %.2f MB in %.2f s (%d scenario(s), %d stress result(s))",
        size / 1e6,
        time.perf_counter() - start,
        len(runs),
        len(loaded),
    )
    return html


#: Roles under which the report's own parameter file is listed in ``provenance["files"]``
#: (``supplychain report`` and ``run``: "LP parameters").
_PARAMETER_ROLES = ("LP parameters", "parameters")


def _own_inputs(runs: Sequence[ScenarioRun], files: Sequence[Mapping[str, Any]]
                ) -> dict[str, dict[str, list[Mapping[str, Any]]]]:  # fmt: skip
    """The report's own input files by scenario name (role -> provenance records; two scenario
    files may share a name), for the stress section to compare with what each sweep recorded:
    the network and parameter files listed in ``files`` (the
    parameter file as ``parameters``, the role the sweeps record), and per scenario the
    records its file read (tagged ``scenario_file`` by ``supplychain report``: the scenario,
    its parents, incidents, polygon and storage files), or, untagged, the ``scenario`` record
    whose path is the scenario's source file.

    Examples
    --------
    >>> from supplychain.models import Scenario, run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, p = dakar_bamako()
    >>> cut = Scenario("cut", source="s.toml")
    >>> run = ScenarioRun(run_scenario(g, p, cut), cut)
    >>> files = [{"role": "LP parameters", "path": "p.toml", "sha256": "a"},
    ...          {"role": "scenario", "path": "s.toml", "sha256": "b", "scenario_file": "s.toml"},
    ...          {"role": "polygon", "path": "z.geojson", "sha256": "c", "scenario_file": "s.toml"}]
    >>> {role: [r["sha256"] for r in records] for role, records in _own_inputs([run], files)["cut"].items()}
    {'parameters': ['a'], 'scenario': ['b'], 'polygon': ['c']}
    """
    recorded = [f for f in files if isinstance(f, Mapping) and f.get("sha256") and f.get("path")]
    common: dict[str, list[Mapping[str, Any]]] = {}
    if (params := next((f for f in recorded if f.get("role") in _PARAMETER_ROLES), None)) is not None:
        common["parameters"] = [params]
    # The embedded network too: the stress section compares it by digest only (_other_files).
    if (network := next((f for f in recorded if f.get("role") == "network"), None)) is not None:
        common["network"] = [network]
    tagged: dict[Path, list[Mapping[str, Any]]] = {}
    for f in recorded:
        if f.get("scenario_file"):
            tagged.setdefault(resolved_path(str(f["scenario_file"])), []).append(f)
    scenario_files = {resolved_path(str(f["path"])): f for f in recorded
                      if f.get("role") == "scenario" and not f.get("scenario_file")}  # fmt: skip
    own: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for run in runs:
        mine = own.setdefault(run.name, {role: list(records) for role, records in common.items()})
        source = run.scenario.source if run.scenario is not None else ""
        if not source:
            continue
        key = resolved_path(source)
        read = tagged.get(key) or ([scenario_files[key]] if key in scenario_files else [])
        for f in read:
            records = mine.setdefault(str(f["role"]), [])
            if not any(r is f for r in records):
                records.append(f)
    return own


def write_report(path: str | Path, html: str) -> Path:
    """Write a report atomically (temporary file beside the target, then rename).

    Parameters
    ----------
    path : str or Path
        Target, e.g. ``reports/blockade.html``; folders are created.
    html : str
        From :func:`build_report`.

    Returns
    -------
    Path
        The target. On any failure the target is untouched and no temporary file remains.

    Raises
    ------
    DataFileError
        If the folder cannot be created or used (the error names it).
    ArgumentTypeError
        If ``html`` is not a string or ``path`` not a str or Path (a ``TypeError``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(Path(d, "r.html"), "<!DOCTYPE html>").read_text()
    '<!DOCTYPE html>'
    """
    if not isinstance(html, str):
        raise ArgumentTypeError(
            f"html is a {type(html).__name__}; pass the str that build_report returns"
        )
    if not isinstance(path, str | PathLike):  # pathlib's bare TypeError (fuzz35)
        raise ArgumentTypeError(f"path is a {type(path).__name__}; pass the HTML file to write as a str or Path")
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    logger.info("Wrote %s", target)
    return target
