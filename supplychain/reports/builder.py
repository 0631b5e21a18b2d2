"""Build the self-contained HTML report from solved scenarios and stress results.

:func:`build_report` is pure: results in, one HTML string out (no solving, no network). The
page holds plotly.js inline, the Africa 1:50m country shapes (so plotly draws borders without
fetching them) and every figure as escaped JSON; a Content-Security-Policy with the hashes of
the page's own scripts blocks any other script and every network request. :func:`write_report`
writes it atomically.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
import logging
import platform
import time
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import plotly
import plotly.graph_objects as go
import plotly.offline

import supplychain
from supplychain._atomic import _atomic_path
from supplychain.models.results import FlowResult
from supplychain.reports.data import (
    ScenarioRun,
    as_run,
    edge_flows,
    segment_geometry,
    segment_views,
)
from supplychain.reports.figures import (
    comparison_figure,
    map_figure,
    monte_carlo_figure,
    ranking_figure,
    sankey_figure,
    worst_case_figure,
)
from supplychain.reports.markup import Column, esc, fmt_number, json_for_script, render_table
from supplychain.reports.stress import StressData, SweepLike, load_stress, mc_stats

__all__ = ["MAX_BYTES", "SECTIONS", "build_report", "headline_sentence", "write_report"]

logger = logging.getLogger(__name__)

#: Size budget of a report (bytes); a larger one is logged as a warning.
MAX_BYTES = 8 * 1024 * 1024
#: Section ids, in page order (``stress`` only when stress results are given).
SECTIONS = ("headline", "map", "routes", "stress", "comparison", "provenance")
_TOPOJSON_NAME = "africa_50m"
_N1_TOP = 20
_N1_BARS = 15


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


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _csp_hash(script: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        + "'"
    )


# --- text ------------------------------------------------------------------------------------


def _is_baseline(run: ScenarioRun) -> bool:
    if run.scenario is not None:
        return run.scenario.is_baseline and not run.attack_probability
    return run.name == "baseline"


def headline_sentence(run: FlowResult | ScenarioRun) -> str:
    """One plain-text sentence saying what a scenario means for fuel supply.

    Parameters
    ----------
    run : FlowResult or ScenarioRun

    Returns
    -------
    str
        Plain text (escape it before writing it into HTML).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters, run_scenario
    >>> print(headline_sentence(run_scenario(build_network(), load_model_parameters())))
    All 5,500 m³/day of demand (120 tankers/day) can be delivered, and the network keeps
    its full throughput capacity of 10,626 m³/day.
    """
    run = as_run(run)
    r = run.result
    v = r.tanker_m3
    if r.status != "optimal":
        why = f": {r.message}" if r.message else ""
        return (
            f"The scenario could not be solved ({r.status}){why}; "
            "delivery figures below are not a plan."
        )
    demand, unmet = r.demand_m3_per_day, r.unmet_m3_per_day
    ok = unmet <= 0.5
    if ok:
        first = (
            f"All {fmt_number(demand)} m³/day of demand ({fmt_number(demand / v)} tankers/day) "
            "can be delivered"
        )
    else:
        short = r.by_city[r.by_city["unmet_m3_per_day"] > 0.5].sort_values(
            "unmet_m3_per_day", ascending=False
        )
        names = [str(c) for c in short["city"]]
        where = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        pct = 100 * unmet / demand if demand > 0 else 0.0
        first = (
            f"{fmt_number(unmet)} m³/day of demand ({fmt_number(unmet / v, 1)} tankers/day, "
            f"{pct:.1f} %) cannot be delivered, in {where}"
        )
        if r.unreachable:
            cut = ", ".join(r.unreachable)
            verb = "is" if len(r.unreachable) == 1 else "are"
            first += f" ({cut} {verb} cut off from every supply point)"
    t = r.throughput
    if t.lost_m3_per_day > 0.5:
        second = (
            f"the network can carry {fmt_number(t.lost_m3_per_day)} m³/day "
            f"({fmt_number(t.lost_tankers_per_day, 1)} tankers/day, {t.lost_pct:.1f} %) less "
            "than the undisturbed network"
        )
    else:
        second = (
            "the network keeps its full throughput capacity of "
            f"{fmt_number(t.scenario_m3_per_day)} m³/day"
        )
        if not _is_baseline(run):
            second += " because alternative routes remain"
    third = ""
    if r.losses_m3_per_day > 0.5:
        third = (
            f", and the plan expects to lose {fmt_number(r.losses_m3_per_day)} m³/day "
            f"({fmt_number(r.losses_m3_per_day / v, 1)} tankers/day) to attacks"
        )
    return first + (", and " if ok else "; ") + second + third + "."


def _kpi(label: str, value: str, sub: str = "", cls: str = "") -> str:
    return (
        f'<div class="kpi {cls}"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div><div class="sub">{esc(sub)}</div></div>'
    )


# --- sections --------------------------------------------------------------------------------


def _headline(run: ScenarioRun) -> str:
    r = run.result
    v = r.tanker_m3
    demand, delivered, unmet = r.demand_m3_per_day, r.delivered_m3_per_day, r.unmet_m3_per_day
    share = 100 * delivered / demand if demand > 0 else 0.0
    t, s = r.throughput, r.served
    kpis = [
        _kpi("Demand", f"{fmt_number(demand)} m³/day", f"{fmt_number(demand / v)} tankers/day"),
        _kpi(
            "Delivered",
            f"{fmt_number(delivered)} m³/day",
            f"{fmt_number(delivered / v)} tankers/day · {share:.1f} % of demand",
            "good" if unmet <= 0.5 else "",
        ),
        _kpi(
            "Unmet",
            f"{fmt_number(unmet)} m³/day",
            f"{fmt_number(unmet / v, 1)} tankers/day",
            "bad" if unmet > 0.5 else "good",
        ),
        _kpi(
            "Throughput capacity lost",
            f"{fmt_number(t.lost_m3_per_day)} m³/day",
            f"{fmt_number(t.lost_tankers_per_day, 1)} tankers/day · {t.lost_pct:.1f} % of "
            f"{fmt_number(t.baseline_m3_per_day)}",
            "bad" if t.lost_m3_per_day > 0.5 else "",
        ),
        _kpi(
            "Served demand lost",
            f"{fmt_number(s.lost_m3_per_day)} m³/day",
            f"{fmt_number(s.lost_tankers_per_day, 1)} tankers/day · {s.lost_pct:.1f} % of "
            f"{fmt_number(s.baseline_m3_per_day)}",
            "bad" if s.lost_m3_per_day > 0.5 else "",
        ),
        _kpi(
            "Expected losses to attacks",
            f"{fmt_number(r.losses_m3_per_day, 1)} m³/day",
            f"{fmt_number(r.losses_m3_per_day / v, 2)} tankers/day",
            "warn" if r.losses_m3_per_day > 0.5 else "",
        ),
    ]
    if r.cost is not None:
        kpis.append(
            _kpi(
                "Cost of the plan",
                f"{fmt_number(r.cost / 1e6, 1)} M",
                f"{r.currency}/day: transport + value of expected losses",
            )
        )
    rows = []
    for row in _records(r.by_city):
        d = float(row["demand_m3_per_day"])
        rows.append(
            {**row, "unmet_pct": 100 * float(row["unmet_m3_per_day"]) / d if d > 0 else 0.0}
        )
    cols = [
        Column("city", "City"),
        Column("demand_m3_per_day", "Demand (m³/day)", "number"),
        Column("demand_tankers_per_day", "Demand (tankers/day)", "number", 1),
        Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
        Column("delivered_tankers_per_day", "Delivered (tankers/day)", "number", 1),
        Column("unmet_m3_per_day", "Unmet (m³/day)", "number"),
        Column("unmet_tankers_per_day", "Unmet (tankers/day)", "number", 1),
        Column("unmet_pct", "Unmet (% of demand)", "number", 1),
    ]
    note = f'<p class="note">Solver note: {esc(r.message)}</p>' if r.message else ""
    return (
        f'<section id="headline"><h2>Headline: {esc(run.name)}</h2>'
        f'<p class="lede">{esc(headline_sentence(run))}</p>'
        f'<div class="kpis">{"".join(kpis)}</div>{note}'
        "<h3>Demand, delivered and unmet by city</h3>"
        + render_table(
            rows,
            cols,
            table_id="table-by-city",
            empty="No demand city.",
            row_classes=["spof" if float(x["unmet_m3_per_day"]) > 0.5 else "" for x in rows],
        )
        + "</section>"
    )


def _plot(fig_id: str, fig: go.Figure, cls: str = "") -> str:
    return (
        f'<div class="plot {cls}" id="{fig_id}" data-figure="{fig_id}-json"></div>'
        f'<script type="application/json" id="{fig_id}-json">'
        f"{json_for_script(fig.to_plotly_json())}</script>"
    )


def _map_section(fig: go.Figure, runs: Sequence[ScenarioRun]) -> str:
    switch = " The buttons above the map switch between scenarios." if len(runs) > 1 else ""
    return (
        '<section id="map"><h2>Map of the corridors</h2>'
        '<p class="note">Line width is proportional to the fuel each road segment carries '
        "(m³/day, both directions); colour shows the scenario's closures and threats. Hover the "
        "dot in the middle of a segment for its id, road number, length, flow, capacity and "
        f"threat, and a place for its volumes.{switch} Country borders: Natural Earth 1:50m.</p>"
        f"{_plot('fig-map', fig, 'map')}</section>"
    )


def _route_rows(run: ScenarioRun) -> list[dict[str, Any]]:
    r = run.result
    v = r.tanker_m3
    total = r.delivered_m3_per_day
    rows = []
    for p in sorted(r.routes, key=lambda p: (-p.delivered_m3_per_day, p.origin, p.destination)):
        rows.append(
            {
                "origin": p.origin,
                "border_posts": ", ".join(p.border_posts) or "-",
                "destination": p.destination or "(lost on the way)",
                "delivered_m3_per_day": p.delivered_m3_per_day,
                "delivered_tankers_per_day": p.delivered_m3_per_day / v,
                "loaded_tankers_per_day": p.loaded_m3_per_day / v,
                "length_km": p.length_km,
                "travel_time_h": p.travel_time_h,
                "lost_m3_per_day": p.lost_m3_per_day,
                "share_pct": 100 * p.delivered_m3_per_day / total if total > 0 else 0.0,
            }
        )
    return rows


def _routes_block(run: ScenarioRun, index: int, primary: bool) -> str:
    r = run.result
    sid = f"s{index}"
    parts = [
        f'<div class="scenario-block{" primary" if primary else ""}" id="routes-{sid}">'
        f"<h3>Scenario: {esc(run.name)}</h3>"
    ]
    if r.status != "optimal":
        parts.append(f'<p class="empty">Not solved ({esc(r.status)}): {esc(r.message)}</p></div>')
        return "".join(parts)
    route_cols = [
        Column("origin", "Port / depot"),
        Column("border_posts", "Border post(s)"),
        Column("destination", "City"),
        Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
        Column("delivered_tankers_per_day", "Delivered (tankers/day)", "number", 1),
        Column("loaded_tankers_per_day", "Loaded (tankers/day)", "number", 1),
        Column("length_km", "Length (km)", "number"),
        Column("travel_time_h", "Driving time (h)", "number", 1),
        Column("lost_m3_per_day", "Expected losses (m³/day)", "number", 1),
        Column("share_pct", "Share of delivered (%)", "number", 1),
    ]
    parts.append("<h4>Routes: port → border post → city</h4>")
    parts.append(
        render_table(
            _route_rows(run),
            route_cols,
            table_id=f"table-routes-{sid}",
            empty="No route carries fuel.",
        )
    )
    corridor = _records(r.by_corridor)
    border = _records(r.by_border)
    parts.append('<div class="grid2"><div><h4>Flows by corridor</h4>')
    parts.append(
        render_table(
            corridor,
            [
                Column("corridor", "Corridor"),
                Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
                Column("delivered_tankers_per_day", "Tankers/day", "number", 1),
            ],
            table_id=f"table-corridors-{sid}",
            empty="No corridor carries fuel.",
        )
    )
    parts.append("</div><div><h4>Border posts</h4>")
    parts.append(
        render_table(
            border,
            [
                Column("border_post", "Border post"),
                Column("crossed_m3_per_day", "Crossed (m³/day)", "number"),
                Column("crossed_tankers_per_day", "Tankers/day", "number", 1),
                Column("capacity_trucks_per_day", "Capacity (trucks/day)", "number"),
                Column("utilisation_pct", "Utilisation (%)", "number", 1),
            ],
            table_id=f"table-borders-{sid}",
            empty="No border post.",
        )
    )
    parts.append("</div></div>")
    parts.append("<h4>Port → border post → city (m³/day delivered)</h4>")
    parts.append(_plot(f"fig-sankey-{sid}", sankey_figure(run)))
    parts.append("<h4>Bottlenecks (binding capacities and shadow prices)</h4>")
    parts.append(
        '<p class="note">Shadow price: m³/day of demand that one more truck/day of '
        "capacity would serve (per extra tanker for the fleet).</p>"
    )
    rows = [
        {
            "kind": b.kind,
            "name": b.name,
            "cap": b.capacity_trucks_per_day,
            "flow": b.flow_trucks_per_day,
            "price": b.shadow_price_m3_per_truck,
        }
        for b in r.bottlenecks
    ]
    parts.append(
        render_table(
            rows,
            [
                Column("kind", "Kind"),
                Column("name", "Segment / place"),
                Column("cap", "Capacity (trucks/day)", "number", 1),
                Column("flow", "Flow (trucks/day)", "number", 1),
                Column("price", "Shadow price (m³/day per truck/day)", "number", 1),
            ],
            table_id=f"table-bottlenecks-{sid}",
            empty="No binding capacity: every city's demand is met "
            "without any capacity limiting it.",
        )
    )
    if r.min_cut is not None:
        cut = [*r.min_cut.nodes, *r.min_cut.segments, *r.min_cut.sources_cut]
        parts.append(
            f'<p class="note">Minimum cut to Bamako: {fmt_number(r.min_cut.value_m3_per_day)} '
            f"m³/day, through {esc(', '.join(cut) or '-')}.</p>"
        )
    parts.append("</div>")
    return "".join(parts)


def _ranking_block(data: StressData, index: int) -> str:
    t = data.table.sort_values("rank")
    chained = ""
    if "chain_id" in t.columns:  # N-1: one row per chain of serial segments (they fail together)
        from supplychain.scenarios.chains import chain_ranking

        n_rows = len(t)
        t = chain_ranking(t)
        data = dataclasses.replace(data, table=t)
        chained = (f"{n_rows} closures grouped into {len(t)} chains of serial segments and border "
                   "posts (segments with no junction between them fail together). ")  # fmt: skip
    spofs = [str(i) for i, s in zip(t["id"], t["single_point_of_failure"], strict=True) if bool(s)]
    intro = (
        chained + f"{len(t)} closures ranked by throughput lost, then served demand lost. "
        f"{len(spofs)} single point(s) of failure for Bamako"
        + (": " + ", ".join(spofs[:10]) + (" …" if len(spofs) > 10 else "") if spofs else "")
        + "."
    )
    cols = [Column("rank", "Rank", "number"), Column("id", "Closed element")]
    if "kind" in t.columns:
        cols.append(Column("kind", "Kind"))
    if "chain_members" in t.columns:
        cols += [Column("chain_members", "Segments", "number"),
                 Column("chain_length_km", "km", "number")]  # fmt: skip
    cols += [
        Column("throughput_lost_m3_per_day", "Throughput lost (m³/day)", "number"),
        Column("throughput_lost_tankers_per_day", "(tankers/day)", "number", 1),
        Column("throughput_lost_pct", "(%)", "number", 1),
        Column("served_lost_m3_per_day", "Served demand lost (m³/day)", "number"),
        Column("served_lost_tankers_per_day", "(tankers/day)", "number", 1),
        Column("served_lost_pct", "(%)", "number", 1),
    ]
    if "hub_flow_lost_m3_per_day" in t.columns:
        cols.append(
            Column("hub_flow_lost_m3_per_day",
                   "Fuel able to reach Bamako lost (m³/day; max flow capped by throughput)", "number")
        )
    if "sum_of_single_losses_m3_per_day" in t.columns:
        cols.append(
            Column("sum_of_single_losses_m3_per_day", "Sum of single losses (m³/day)", "number")
        )
    cols += [
        Column("single_point_of_failure", "Single point of failure", "bool"),
        Column("status", "Status"),
    ]
    top = _records(t.head(_N1_TOP))
    return (
        f'<p class="note">{esc(intro)}</p>'
        + _plot(f"fig-stress-{index}", ranking_figure(data, _N1_BARS))
        + render_table(
            top,
            cols,
            table_id=f"table-stress-{index}",
            caption=f"Top {min(_N1_TOP, len(t))} of {len(t)}",
            row_classes=["spof" if bool(r["single_point_of_failure"]) else "" for r in top],
        )
    )


def _worst_block(data: StressData, index: int) -> str:
    t = data.table.sort_values(["k", "method"])
    rows = []
    for r in _records(t):
        closes = [
            x
            for x in [
                *str(r.get("segments") or "").split(";"),
                *str(r.get("nodes") or "").split(";"),
            ]
            if x
        ]
        rows.append({**r, "closes": ", ".join(closes) or "-"})
    cols = [
        Column("k", "k", "number"),
        Column("method", "Method"),
        Column("closes", "Closes"),
        Column("remaining_m3_per_day", "Max flow to Bamako left (m³/day; no fleet limit)", "number"),
        Column("lost_m3_per_day", "Lost (m³/day)", "number"),
        Column("lost_tankers_per_day", "Lost (tankers/day)", "number", 1),
        Column("lost_pct", "Lost (%)", "number", 1),
    ]
    if "greedy_gap_m3_per_day" in t.columns:
        cols.append(Column("greedy_gap_m3_per_day", "Greedy leaves more by (m³/day)", "number"))
    if "throughput_after_m3_per_day" in t.columns:
        cols.append(Column("throughput_after_m3_per_day",
                           "Throughput left, fleet limit applied (m³/day)", "number"))  # fmt: skip
    cols.append(Column("status", "Status"))
    return (
        '<p class="note">The exact worst case (interdiction MIP) is what an attacker with k '
        "closures can do at most; greedy closes the worst single element k times. A gap means "
        "greedy under-estimates the threat. Both are pure max flows to Bamako: the tanker "
        "fleet is not part of the attack model; the throughput with the same closures, fleet "
        "limit applied, is shown beside them.</p>"
        + _plot(f"fig-stress-{index}", worst_case_figure(data))
        + render_table(rows, cols, table_id=f"table-stress-{index}")
    )


def _mc_block(data: StressData, index: int) -> str:
    s = data.summary

    def ci(stats: Mapping[str, Any], key: str) -> str:
        lo_hi = stats.get(f"{key}_ci95") or [None, None]
        return f"{fmt_number(stats.get(key))} ({fmt_number(lo_hi[0])} to {fmt_number(lo_hi[1])})"

    rows = []
    for col, label in (
        ("served_m3_per_day", "Served demand"),
        ("throughput_m3_per_day", "Throughput"),
    ):
        st = mc_stats(data, col)
        rows.append(
            {
                "measure": label,
                "mean": ci(st, "mean"),
                "p5": ci(st, "p5"),
                "p50": ci(st, "p50"),
                "p95": ci(st, "p95"),
            }
        )
    draws = s.get("draws", len(data.table))
    facts = [f"{fmt_number(draws)} draws", f"seed {s.get('seed', '-')}"]
    if "mean_segments_closed" in s:
        facts.append(
            f"{fmt_number(s['mean_segments_closed'], 2)} segments closed per draw on average"
        )
    if s.get("failed_draws"):
        facts.append(f"{s['failed_draws']} failed draws")
    worst = [
        {
            "segment_id": w.get("segment_id"),
            "share": 100 * float(w.get("share_of_worst_draws") or 0.0),
            "p": 100 * float(w.get("attack_probability") or 0.0),
            "lift": w.get("lift"),
        }
        for w in (s.get("worst_5pct_share") or [])[:10]
    ]
    return (
        f'<p class="note">{esc(", ".join(facts))}. Values in m³/day with 95 % confidence '
        "intervals; red lines mark P5, P50 and P95.</p>"
        + render_table(
            rows,
            [
                Column("measure", "Measure"),
                Column("mean", "Mean (CI)"),
                Column("p5", "P5 (CI)"),
                Column("p50", "P50 (CI)"),
                Column("p95", "P95 (CI)"),
            ],
            table_id=f"table-stress-{index}",
            sortable=False,
        )
        + _plot(f"fig-stress-{index}", monte_carlo_figure(data))
        + "<h4>Segments most often closed in the worst 5 % of draws</h4>"
        + render_table(
            worst,
            [
                Column("segment_id", "Segment"),
                Column("share", "Share of worst draws (%)", "number", 1),
                Column("p", "Attack probability (%)", "number", 1),
                Column("lift", "Lift", "number", 2),
            ],
            table_id=f"table-stress-{index}-worst",
            empty="No closure in the worst draws.",
        )
    )


def _stress_section(stress: Sequence[StressData]) -> str:
    parts = ['<section id="stress"><h2>Stress tests</h2>']
    for i, data in enumerate(stress):
        scen = data.summary.get("scenario")
        src = f" from {data.source}" if data.source else ""
        on = f" on scenario “{scen}”" if scen else ""
        parts.append(
            f'<div class="stress-block" id="stress-{i}" data-kind="{esc(data.kind)}">'
            f"<h3>{esc(data.label)}{esc(on)}</h3>"
            f'<p class="muted">{esc(data.kind)}{esc(src)}</p>'
        )
        if data.kind in ("n-1", "n-k"):
            parts.append(_ranking_block(data, i))
        elif data.kind == "worst-case":
            parts.append(_worst_block(data, i))
        else:
            parts.append(_mc_block(data, i))
        parts.append("</div>")
    parts.append("</section>")
    return "".join(parts)


def _comparison_section(runs: Sequence[ScenarioRun]) -> str:
    metrics: list[tuple[str, Any, int]] = [
        ("Status", lambda r: r.status, -1),
        ("Demand (m³/day)", lambda r: r.demand_m3_per_day, 0),
        ("Delivered (m³/day)", lambda r: r.delivered_m3_per_day, 0),
        ("Delivered (tankers/day)", lambda r: r.delivered_m3_per_day / r.tanker_m3, 1),
        ("Unmet (m³/day)", lambda r: r.unmet_m3_per_day, 0),
        ("Throughput capacity (m³/day)", lambda r: r.throughput.scenario_m3_per_day, 0),
        ("Throughput lost (m³/day)", lambda r: r.throughput.lost_m3_per_day, 0),
        ("Throughput lost (tankers/day)", lambda r: r.throughput.lost_tankers_per_day, 1),
        ("Throughput lost (% of baseline)", lambda r: r.throughput.lost_pct, 1),
        ("Served demand lost (m³/day)", lambda r: r.served.lost_m3_per_day, 0),
        ("Served demand lost (tankers/day)", lambda r: r.served.lost_tankers_per_day, 1),
        ("Served demand lost (% of baseline)", lambda r: r.served.lost_pct, 1),
        ("Expected losses to attacks (m³/day)", lambda r: r.losses_m3_per_day, 1),
        ("Cost (million per day)", lambda r: None if r.cost is None else r.cost / 1e6, 1),
        ("Cut off from every supply point", lambda r: ", ".join(r.unreachable) or "-", -1),
        ("Top bottleneck", lambda r: r.bottlenecks[0].name if r.bottlenecks else "-", -1),
    ]
    head = "".join(f'<th scope="col" class="num">{esc(run.name)}</th>' for run in runs)
    body = []
    for label, get, digits in metrics:
        cells = []
        for run in runs:
            value = get(run.result)
            if digits < 0:
                cells.append(f"<td>{esc(value)}</td>")
            else:
                cells.append(f'<td class="num">{esc(fmt_number(value, digits))}</td>')
        body.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    metric_table = (
        f'<div class="table-wrap"><table class="data compare" id="table-comparison">'
        f'<thead><tr><th scope="col">Measure</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    cities: dict[str, dict[str, Any]] = {}
    for i, run in enumerate(runs):
        for row in _records(run.result.by_city):
            c = cities.setdefault(
                str(row["city"]), {"city": row["city"], "demand": row["demand_m3_per_day"]}
            )
            c[f"delivered_{i}"] = row["delivered_m3_per_day"]
            c[f"unmet_{i}"] = row["unmet_m3_per_day"]
    cols = [Column("city", "City"), Column("demand", "Demand (m³/day)", "number")]
    for i, run in enumerate(runs):
        cols.append(Column(f"delivered_{i}", f"Delivered: {esc(run.name)}", "number"))
    for i, run in enumerate(runs):
        cols.append(Column(f"unmet_{i}", f"Unmet: {esc(run.name)}", "number"))
    return (
        '<section id="comparison"><h2>Comparison of scenarios</h2>'
        + metric_table
        + "<h3>Delivered and unmet by city (m³/day)</h3>"
        + render_table(list(cities.values()), cols, table_id="table-comparison-cities")
        + "<h3>Share of demand delivered by city</h3>"
        + _plot("fig-comparison", comparison_figure(runs))
        + "</section>"
    )


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _provenance_section(
    graph: nx.MultiDiGraph,
    runs: Sequence[ScenarioRun],
    stress: Sequence[StressData],
    provenance: Mapping[str, Any],
    generated: str,
    build_s: float,
) -> str:
    g = graph.graph
    segs = len({d.get("segment_id") for _, _, d in graph.edges(data=True)})
    items: list[tuple[str, str]] = [
        ("Generated", generated),
        ("Network source", str(g.get("source", "unknown"))),
        ("Network built", str(g.get("created", "unknown"))),
        ("Network parameters", str(g.get("params_source", "unknown"))),
        (
            "Network size",
            f"{graph.number_of_nodes()} nodes, {segs} segments, "
            f"{graph.number_of_edges()} directed edges",
        ),
    ]
    if "command" in provenance:
        items.append(("Command", str(provenance["command"])))
    for run in runs:
        r = run.result
        src = (
            f", file {run.scenario.source}"
            if run.scenario is not None and run.scenario.source
            else ""
        )
        items.append(
            (
                f"Scenario “{r.scenario}”",
                f"solver {r.solver}, status {r.status}, {r.solve_time_s:.2f} s{src}",
            )
        )
    seeds = [f"{d.label}: seed {d.summary['seed']}" for d in stress if "seed" in d.summary]
    seeds += [f"{k}: {v}" for k, v in dict(provenance.get("seeds") or {}).items()]
    items.append(("Seeds", "; ".join(seeds) or "none (no random draws)"))
    versions = {
        "supplychain": supplychain.__version__,
        "python": platform.python_version(),
        "plotly": plotly.__version__,
        "plotly.js": plotly.offline.get_plotlyjs_version(),
        "pulp": _version("pulp"),
        "highspy": _version("highspy"),
        "pandas": _version("pandas"),
        "networkx": _version("networkx"),
    }
    items.append(("Software", ", ".join(f"{k} {v}" for k, v in versions.items())))
    skip = {"files", "command", "seeds", "generated"}
    for key, value in provenance.items():
        if key not in skip:
            items.append(
                (str(key), value if isinstance(value, str) else json.dumps(value, default=str))
            )
    items.append(("Report build time", f"{build_s:.2f} s"))
    files: list[dict[str, Any]] = [dict(f) for f in provenance.get("files") or []]
    for d in stress:
        files += [dict(f) for f in d.files]
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    return (
        '<section id="provenance"><h2>Provenance</h2>'
        f'<dl class="prov">{dl}</dl><h3>Input files</h3>'
        + render_table(
            files,
            [
                Column("role", "Role"),
                Column("path", "Path"),
                Column("bytes", "Bytes", "number"),
                Column("sha256", "SHA-256"),
            ],
            table_id="table-files",
            empty="No input file besides the embedded network.",
        )
        + "</section>"
    )


# --- page ------------------------------------------------------------------------------------


def _page(title: str, subtitle: str, body: str, sections: Iterable[tuple[str, str]]) -> str:
    geo_js = (
        f"window.PlotlyGeoAssets={{topojson:{{{json.dumps(_TOPOJSON_NAME)}:"
        f"JSON.parse(document.getElementById('geo-{_TOPOJSON_NAME}').textContent)}}}};"
    )
    plotly_js = plotly.offline.get_plotlyjs()
    if "</script" in plotly_js.lower():  # not in any release seen; keep the page well-formed anyway
        plotly_js = plotly_js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    report_js = _static("report.js")
    css = _static("report.css")
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in (geo_js, plotly_js, report_js)),
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "font-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    nav = "".join(f'<a href="#{sid}">{esc(label)}</a>' for sid, label in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="supplychain ' + esc(supplychain.__version__) + '">'
        f"<title>{esc(title)}</title><style>{css}</style></head><body>"
        f'<header class="top"><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>'
        f'<nav class="toc" aria-label="Sections">{nav}</nav><main>{body}</main>'
        f'<script type="application/json" id="geo-{_TOPOJSON_NAME}">'
        f"{json_for_script(_topojson())}</script>"
        f"<script>{geo_js}</script><script>{plotly_js}</script><script>{report_js}</script>"
        "</body></html>\n"
    )


def build_report(
    graph: nx.MultiDiGraph,
    results: Sequence[FlowResult | ScenarioRun],
    *,
    stress: Sequence[str | Path | SweepLike | StressData] = (),
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
    provenance : mapping, optional
        ``files``: records from :func:`~supplychain.reports.stress.file_record`
        (parameters, scenarios, network file); ``command``: the command line; ``seeds``: a
        mapping; ``generated``: the time to print (default: now, UTC); other keys are listed
        as they are.
    title : str, optional
        Default: ``"Fuel supply to Mali: <primary scenario>"``.
    primary : int, default -1
        Index of the result the headline and the map show first.

    Returns
    -------
    str
        A complete HTML document with plotly.js inline; it makes no network request.

    Raises
    ------
    ValueError
        If ``results`` is empty.
    DataFileError
        If a stress file is missing or unreadable.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters, run_scenario
    >>> g = build_network()
    >>> html = build_report(g, [run_scenario(g, load_model_parameters())])  # doctest: +SKIP
    >>> html.startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    start = time.perf_counter()
    runs = [as_run(r) for r in results]
    if not runs:
        raise ValueError("build_report needs at least one result (the baseline)")
    active = primary % len(runs)
    provenance = dict(provenance or {})
    loaded = [load_stress(s) for s in stress]
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

    order = [active, *[i for i in range(len(runs)) if i != active]]
    sections = [("headline", "Headline"), ("map", "Map"), ("routes", "Routes and flows")]
    body = [_headline(main_run), _map_section(fig_map, runs)]
    body.append(
        '<section id="routes"><h2>Routes, flows and bottlenecks</h2>'
        + "".join(_routes_block(runs[i], i, i == active) for i in order)
        + "</section>"
    )
    if loaded:
        sections.append(("stress", "Stress tests"))
        body.append(_stress_section(loaded))
    sections += [("comparison", "Comparison"), ("provenance", "Provenance")]
    body.append(_comparison_section(runs))
    build_s = time.perf_counter() - start
    body.append(_provenance_section(graph, runs, loaded, provenance, generated_text, build_s))

    page_title = title or f"Fuel supply to Mali: {main_run.name}"
    names = ", ".join(r.name for r in runs)
    subtitle = (
        f"Network {graph.graph.get('source', 'unknown')} · scenarios: {names} · "
        f"generated {generated_text}"
    )
    html = _page(page_title, subtitle, "".join(body), sections)
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

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(Path(d, "r.html"), "<!DOCTYPE html>").read_text()
    '<!DOCTYPE html>'
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be a str, not {type(html).__name__}")
    target = Path(path)
    with _atomic_path(target) as tmp:
        tmp.write_text(html, encoding="utf-8")
    logger.info("Wrote %s", target)
    return target
