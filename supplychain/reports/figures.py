"""The report's plotly figures: map, Sankey, stress charts, scenario comparison.

Every figure is built from plain lists (no numpy typed arrays in the JSON), so the report's
embedded figure JSON reads back as the numbers shown. Data-derived strings are escaped with
:func:`~supplychain.reports.markup.plot_text` wherever plotly renders text (hover, labels,
legend, ticks, buttons). Traces carry a ``meta`` dictionary saying what they show, which the
tests read back.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from supplychain.reports.data import (
    STATUS_LABELS,
    ScenarioRun,
    SegmentView,
    node_status,
)
from supplychain.reports.markup import fmt_number, plot_text
from supplychain.reports.stress import StressData, mc_stats

__all__ = [
    "COUNTRY_NAMES",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "STATUS_COLORS",
    "comparison_figure",
    "line_width",
    "map_figure",
    "monte_carlo_figure",
    "ranking_figure",
    "sankey_figure",
    "worst_case_figure",
]

logger = logging.getLogger(__name__)

#: Line colour by segment status (Okabe-Ito, readable with colour-blindness).
STATUS_COLORS: dict[str, str] = {
    "open": "#0072b2",
    "reduced": "#e69f00",
    "threatened": "#c51b7d",
    "closed": "#b2182b",
}
_IDLE_COLOR = "#8c96a0"
#: Line width (px) of a segment without flow, and of the largest flow.
MIN_WIDTH = 1.0
MAX_WIDTH = 12.0
_FLOW_TOL = 1e-3

#: English names of the countries the maps can show (ISO3 ids of Natural Earth).
COUNTRY_NAMES: dict[str, str] = {
    "AGO": "Angola",
    "BDI": "Burundi",
    "BEN": "Benin",
    "BFA": "Burkina Faso",
    "BWA": "Botswana",
    "CAF": "Central African Rep.",
    "CIV": "Côte d'Ivoire",
    "CMR": "Cameroon",
    "COD": "DR Congo",
    "COG": "Congo",
    "COM": "Comoros",
    "CPV": "Cabo Verde",
    "DJI": "Djibouti",
    "DZA": "Algeria",
    "EGY": "Egypt",
    "ERI": "Eritrea",
    "ESH": "W. Sahara",
    "ETH": "Ethiopia",
    "GAB": "Gabon",
    "GHA": "Ghana",
    "GIN": "Guinea",
    "GMB": "Gambia",
    "GNB": "Guinea-Bissau",
    "GNQ": "Eq. Guinea",
    "KEN": "Kenya",
    "LBR": "Liberia",
    "LBY": "Libya",
    "LSO": "Lesotho",
    "MAR": "Morocco",
    "MDG": "Madagascar",
    "MLI": "Mali",
    "MOZ": "Mozambique",
    "MRT": "Mauritania",
    "MWI": "Malawi",
    "NAM": "Namibia",
    "NER": "Niger",
    "NGA": "Nigeria",
    "RWA": "Rwanda",
    "SDN": "Sudan",
    "SEN": "Senegal",
    "SLE": "Sierra Leone",
    "SOM": "Somalia",
    "SSD": "South Sudan",
    "STP": "São Tomé and Príncipe",
    "SWZ": "Eswatini",
    "TCD": "Chad",
    "TGO": "Togo",
    "TUN": "Tunisia",
    "TZA": "Tanzania",
    "UGA": "Uganda",
    "ZAF": "South Africa",
    "ZMB": "Zambia",
    "ZWE": "Zimbabwe",
}

# Label anchors for small or oddly shaped countries whose topojson centroid is off-screen or
# inside a neighbour.
_LABEL_AT: dict[str, tuple[float, float]] = {
    "GMB": (-15.4, 13.55),
    "GNB": (-15.0, 12.0),
    "MRT": (-11.0, 18.2),
}

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _base_layout(**kw: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": {"family": _FONT, "size": 13},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "hoverlabel": {"align": "left"},
    }
    layout.update(kw)
    return layout


def line_width(flow: float, max_flow: float) -> float:
    """Line width (px) for a flow: linear in the flow, :data:`MIN_WIDTH` without flow.

    Examples
    --------
    >>> line_width(0.0, 100.0), line_width(50.0, 100.0), line_width(100.0, 100.0)
    (1.0, 7.0, 12.0)
    """
    if flow <= _FLOW_TOL or max_flow <= 0:
        return MIN_WIDTH
    return round(2.0 + (MAX_WIDTH - 2.0) * min(flow / max_flow, 1.0), 3)


def _pct(p: float) -> str:
    return f"{100 * p:.1f} %"


def _threat_text(view: SegmentView) -> str:
    e = view.effect
    parts = []
    if e.closed:
        parts.append("closed")
    elif e.capacity_factor < 1.0:
        parts.append(f"capacity factor {e.capacity_factor:.2f}")
    if e.loss_probability > 0:
        parts.append(f"loss {_pct(e.loss_probability)} of the fuel")
    if view.attack_probability > 0:
        parts.append(f"attack probability {_pct(view.attack_probability)}")
    return ", ".join(parts) or "none"


def _segment_hover(view: SegmentView, tanker_m3: float) -> str:
    g = view.geometry
    road = " · ".join(plot_text(x) for x in (g.ref, g.name) if x) or "unnumbered road"
    cap = g.capacity_trucks_per_day
    eff = view.effect.effective_capacity_factor
    cap_text = f"{fmt_number(cap)} trucks/day"
    if eff < 1.0:
        cap_text += f" (scenario: {fmt_number(cap * eff)})"
    lines = [
        f"<b>{plot_text(g.segment_id)}</b>",
        f"road {road}",
        f"{fmt_number(g.length_km)} km · {plot_text(g.country)}",
        f"flow {fmt_number(view.flow_m3_per_day)} m³/day "
        f"({fmt_number(view.flow_m3_per_day / tanker_m3, 1)} tankers/day)",
        f"capacity {cap_text}",
        f"threat: {_threat_text(view)}",
    ]
    if g.corridors:
        lines.append("corridors: " + plot_text(", ".join(g.corridors)))
    return "<br>".join(lines)


def _polyline(lines: Sequence[Sequence[tuple[float, float]]]) -> tuple[list[Any], list[Any]]:
    lon: list[Any] = []
    lat: list[Any] = []
    for i, line in enumerate(lines):
        if i:
            lon.append(None)
            lat.append(None)
        lon += [p[0] for p in line]
        lat += [p[1] for p in line]
    return lon, lat


def _frame(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    if frame is None or frame.empty or key not in frame.columns:
        return {}
    return {str(r[key]): {str(k): v for k, v in r.items()} for r in frame.to_dict("records")}


def _node_traces(graph: nx.MultiDiGraph, run: ScenarioRun, index: int) -> list[go.Scattergeo]:
    r = run.result
    v = r.tanker_m3
    cities, ports, borders = (
        _frame(r.by_city, "city"),
        _frame(r.by_port, "port"),
        _frame(r.by_border, "border_post"),
    )
    groups: dict[str, dict[str, list[Any]]] = {}
    for _, d in sorted(graph.nodes(data=True), key=lambda nd: str(nd[1].get("name") or "")):
        role = d.get("role")
        if role not in ("port", "depot", "border", "city"):
            continue
        name = str(d.get("name") or "")
        status = node_status(run, name)
        hover = [f"<b>{plot_text(name)}</b>", f"{role} · {plot_text(d.get('country') or '')}"]
        color, symbol, size = "#222222", "circle", 9.0
        if role in ("port", "depot"):
            row = ports.get(name, {})
            limit = row.get("supply_limit_m3_per_day", d.get("supply_m3_per_day"))
            hover.append(f"supply limit {fmt_number(limit)} m³/day")
            hover.append(
                f"loaded {fmt_number(row.get('loaded_m3_per_day'))} m³/day "
                f"({fmt_number((row.get('loaded_m3_per_day') or 0.0) / v, 1)} tankers/day)"
            )
            symbol = "square" if role == "port" else "diamond"
            size = 11.0
        elif role == "border":
            row = borders.get(name, {})
            hover.append(f"capacity {fmt_number(d.get('capacity_trucks_per_day'))} trucks/day")
            hover.append(
                f"crossed {fmt_number(row.get('crossed_m3_per_day'))} m³/day "
                f"({fmt_number(row.get('crossed_tankers_per_day'), 1)} tankers/day)"
            )
            symbol, color, size = "triangle-up", "#6a3d9a", 10.0
        else:
            row = cities.get(name, {})
            demand = float(row.get("demand_m3_per_day") or d.get("demand_m3_per_day") or 0.0)
            delivered = float(row.get("delivered_m3_per_day") or 0.0)
            unmet = float(row.get("unmet_m3_per_day") or 0.0)
            hover.append(
                f"demand {fmt_number(demand)} m³/day ({fmt_number(demand / v, 1)} tankers/day)"
            )
            hover.append(f"delivered {fmt_number(delivered)} m³/day, unmet {fmt_number(unmet)}")
            share = delivered / demand if demand > 0 else 1.0
            color = "#1a9850" if share > 0.999 else ("#fdae61" if share > 0.001 else "#d73027")
            size = 7.0 + 2.0 * math.sqrt(max(demand, 0.0)) / 8.0
        if status != "open":
            hover.append(f"scenario: {STATUS_LABELS[status]}")
        if status == "closed":
            symbol, color = "x", STATUS_COLORS["closed"]
        key = "loading" if role in ("port", "depot") else role
        g = groups.setdefault(
            key, {k: [] for k in ("lon", "lat", "text", "hover", "color", "symbol", "size")}
        )
        g["lon"].append(float(d["x"]))
        g["lat"].append(float(d["y"]))
        g["text"].append(plot_text(name))
        g["hover"].append("<br>".join(hover))
        g["color"].append(color)
        g["symbol"].append(symbol)
        g["size"].append(round(size, 2))
    names = {"loading": "ports and depots", "border": "border posts", "city": "demand cities"}
    text_pos = {"loading": "bottom center", "border": "bottom center", "city": "top center"}
    traces = []
    for key in ("loading", "border", "city"):
        if key not in groups:
            continue
        g = groups[key]
        traces.append(
            go.Scattergeo(
                lon=g["lon"],
                lat=g["lat"],
                mode="markers+text",
                text=g["text"],
                textposition=text_pos[key],
                textfont={"size": 9, "color": "#6a3d9a"}
                if key == "border"
                else {"size": 11, "color": "#222"},
                hovertext=g["hover"],
                hoverinfo="text",
                name=names[key],
                showlegend=False,
                marker={
                    "color": g["color"],
                    "symbol": g["symbol"],
                    "size": g["size"],
                    "line": {"color": "white", "width": 1},
                },
                meta={"kind": "nodes", "run": index, "role": key},
            )
        )
    return traces


def _run_traces(
    graph: nx.MultiDiGraph,
    run: ScenarioRun,
    views: Sequence[SegmentView],
    index: int,
    max_flow: float,
) -> list[go.Scattergeo]:
    traces: list[go.Scattergeo] = []
    idle: dict[str, list[SegmentView]] = {}
    for view in sorted(views, key=lambda s: s.flow_m3_per_day):
        if view.flow_m3_per_day <= _FLOW_TOL:
            idle.setdefault(view.status, []).append(view)
            continue
        lon, lat = _polyline(view.geometry.lines)
        traces.append(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                name=plot_text(view.geometry.segment_id),
                line={
                    "width": line_width(view.flow_m3_per_day, max_flow),
                    "color": STATUS_COLORS[view.status],
                },
                meta={
                    "kind": "segment",
                    "run": index,
                    "segment_id": view.geometry.segment_id,
                    "flow_m3_per_day": view.flow_m3_per_day,
                    "status": view.status,
                },
            )
        )
    for status, group in sorted(idle.items()):
        lon, lat = _polyline([line for view in group for line in view.geometry.lines])
        traces.append(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                name=STATUS_LABELS[status] + " (no flow)",
                line={
                    "width": MIN_WIDTH if status != "closed" else 2.0,
                    "color": _IDLE_COLOR if status == "open" else STATUS_COLORS[status],
                    "dash": "dot" if status == "closed" else "solid",
                },
                meta={
                    "kind": "idle",
                    "run": index,
                    "status": status,
                    "segments": [v.geometry.segment_id for v in group],
                },
            )
        )
    mids = [v.geometry.midpoint for v in views]
    traces.append(
        go.Scattergeo(
            lon=[m[0] for m in mids],
            lat=[m[1] for m in mids],
            mode="markers",
            hovertext=[_segment_hover(v, run.result.tanker_m3) for v in views],
            hoverinfo="text",
            marker={
                "size": 9,
                "color": [
                    STATUS_COLORS[v.status]
                    if v.flow_m3_per_day > _FLOW_TOL or v.status != "open"
                    else _IDLE_COLOR
                    for v in views
                ],
                "opacity": 0.35,
                "line": {"width": 0},
            },
            showlegend=False,
            name="road segments",
            meta={
                "kind": "segment-hover",
                "run": index,
                "segments": [v.geometry.segment_id for v in views],
            },
        )
    )
    traces += _node_traces(graph, run, index)
    return traces


def _legend_traces() -> list[go.Scattergeo]:
    items: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
        (
            "open road carrying fuel (width = flow)",
            {"color": STATUS_COLORS["open"], "width": 6},
            None,
        ),
        ("open road, no flow", {"color": _IDLE_COLOR, "width": 1.5}, None),
        ("reduced capacity", {"color": STATUS_COLORS["reduced"], "width": 4}, None),
        (
            "threatened (losses or attacks)",
            {"color": STATUS_COLORS["threatened"], "width": 4},
            None,
        ),
        ("closed", {"color": STATUS_COLORS["closed"], "width": 2, "dash": "dot"}, None),
        ("port (■) / depot (◆)", {}, {"symbol": "square", "color": "#222222", "size": 10}),
        ("border post", {}, {"symbol": "triangle-up", "color": "#6a3d9a", "size": 10}),
        ("city, demand met", {}, {"symbol": "circle", "color": "#1a9850", "size": 10}),
        ("city, partly served", {}, {"symbol": "circle", "color": "#fdae61", "size": 10}),
        ("city, not served", {}, {"symbol": "circle", "color": "#d73027", "size": 10}),
        ("closed place", {}, {"symbol": "x", "color": STATUS_COLORS["closed"], "size": 10}),
    ]
    out = []
    for name, line, marker in items:
        out.append(
            go.Scattergeo(
                lon=[None],
                lat=[None],
                mode="markers" if marker else "lines",
                name=name,
                line=line or None,
                marker=marker,
                hoverinfo="skip",
                showlegend=True,
                meta={"kind": "legend"},
            )
        )
    return out


def _country_labels(
    topojson: Mapping[str, Any], lon_range: Sequence[float], lat_range: Sequence[float]
) -> go.Scattergeo:
    lons, lats, names = [], [], []
    geoms = topojson.get("objects", {}).get("countries", {}).get("geometries", [])
    for g in geoms:
        iso = g.get("id")
        if iso not in COUNTRY_NAMES:
            continue
        ct = _LABEL_AT.get(iso) or tuple((g.get("properties") or {}).get("ct") or ())
        if len(ct) != 2:
            continue
        x, y = float(ct[0]), float(ct[1])
        if (
            lon_range[0] + 0.5 <= x <= lon_range[1] - 0.5
            and lat_range[0] + 0.3 <= y <= lat_range[1] - 0.3
        ):
            lons.append(x)
            lats.append(y)
            names.append(plot_text(COUNTRY_NAMES[iso]).upper())
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="text",
        text=names,
        hoverinfo="skip",
        showlegend=False,
        textfont={"size": 12, "color": "rgba(80,80,80,0.75)"},
        name="countries",
        meta={"kind": "country-labels"},
    )


def _mercator(lat_deg: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))


def map_figure(
    graph: nx.MultiDiGraph,
    runs: Sequence[ScenarioRun],
    views: Sequence[Sequence[SegmentView]],
    *,
    active: int,
    topojson: Mapping[str, Any],
) -> go.Figure:
    """The corridor map: flows, threats and places for each run, one run shown at a time.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    runs : sequence of ScenarioRun
    views : sequence of list of SegmentView
        :func:`~supplychain.reports.data.segment_views` of each run.
    active : int
        Index of the run shown first; buttons switch between runs.
    topojson : mapping
        The Africa 1:50m topojson (country label positions).

    Returns
    -------
    plotly.graph_objects.Figure
        A ``scattergeo`` map on ``scope="africa"``, ``resolution=50`` (plotly reads the country
        shapes from ``window.PlotlyGeoAssets``, embedded by the report).

    Examples
    --------
    >>> map_figure.__name__
    'map_figure'
    """
    xs = [float(d["x"]) for _, d in graph.nodes(data=True)]
    ys = [float(d["y"]) for _, d in graph.nodes(data=True)]
    lat_range = [math.floor(min(ys) - 1.0), math.ceil(max(ys) + 1.0)]
    # Widen eastwards (into Mali) so the map fills a laptop-wide box (Mercator aspect 1.6).
    merc = math.degrees(_mercator(lat_range[1]) - _mercator(lat_range[0]))
    lon_range = [
        math.floor(min(xs) - 1.0),
        math.ceil(max(max(xs) + 1.0, min(xs) - 1.0 + 1.6 * merc)),
    ]
    max_flow = max((v.flow_m3_per_day for vs in views for v in vs), default=0.0)
    fig = go.Figure()
    fig.add_trace(_country_labels(topojson, lon_range, lat_range))
    owners: list[int | None] = [None]
    for i, (run, run_views) in enumerate(zip(runs, views, strict=True)):
        for tr in _run_traces(graph, run, run_views, i, max_flow):
            tr.visible = i == active
            fig.add_trace(tr)
            owners.append(i)
    for tr in _legend_traces():
        fig.add_trace(tr)
        owners.append(None)
    layout = _base_layout(
        height=680,
        margin={"l": 0, "r": 0, "t": 46 if len(runs) > 1 else 6, "b": 0},
        legend={
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "bordercolor": "#bbb",
            "borderwidth": 1,
            "font": {"size": 12},
            "traceorder": "normal",
        },
        geo={
            "scope": "africa",
            "resolution": 50,
            "projection": {"type": "mercator"},
            "lonaxis": {"range": lon_range},
            "lataxis": {"range": lat_range},
            "showland": True,
            "landcolor": "#f4f1e8",
            "showocean": True,
            "oceancolor": "#dbe9f4",
            "showlakes": True,
            "lakecolor": "#dbe9f4",
            "showrivers": True,
            "rivercolor": "#a8c8e0",
            "riverwidth": 1,
            "showcountries": True,
            "countrycolor": "#7a7a7a",
            "countrywidth": 1.2,
            "showcoastlines": True,
            "coastlinecolor": "#6f8fa8",
            "showframe": True,
            "framecolor": "#999",
            "bgcolor": "white",
        },
        meta={
            "lon_range": lon_range,
            "lat_range": lat_range,
            "max_flow_m3_per_day": max_flow,
            "active": active,
            # Printed (A4 width): legend in rows below the map.
            "print": {
                "height": 540,
                "margin.t": 6,
                "legend.orientation": "h",
                "legend.x": 0,
                "legend.y": -0.01,
                "legend.yanchor": "top",
                "legend.font.size": 9,
                "updatemenus[0].visible": False,
            },
        },
    )
    if len(runs) > 1:
        buttons = []
        for i, run in enumerate(runs):
            visible = [owner is None or owner == i for owner in owners]
            buttons.append(
                {"label": plot_text(run.name), "method": "restyle", "args": [{"visible": visible}]}
            )
        compact = len(runs) > 3 or sum(len(r.name) for r in runs) > 110
        layout["updatemenus"] = [
            {
                "type": "dropdown" if compact else "buttons",
                "direction": "down" if compact else "right",
                "active": active,
                "buttons": buttons,
                "x": 0.0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "pad": {"b": 6},
                "bgcolor": "#f6f8fa",
                "bordercolor": "#999",
                "font": {"size": 12},
                "showactive": True,
            }
        ]
    fig.update_layout(**layout)
    return fig


def sankey_figure(run: ScenarioRun) -> go.Figure:
    """Port → border post → city volumes (m³/day delivered) and the volume lost on the way.

    Link values into a city sum to what the city receives; a port's outgoing links sum to what
    it loads (delivered plus expected losses, which go to a "lost to attacks" node).

    Examples
    --------
    >>> sankey_figure.__name__
    'sankey_figure'
    """
    r = run.result
    labels: list[str] = []
    roles: list[str] = []
    index: dict[tuple[str, str], int] = {}

    def node(role: str, name: str) -> int:
        key = (role, name)
        if key not in index:
            index[key] = len(labels)
            labels.append(plot_text(name))
            roles.append(role)
        return index[key]

    links: dict[tuple[int, int], float] = {}
    for route in sorted(r.routes, key=lambda p: (p.origin, -p.delivered_m3_per_day)):
        src = node("port", route.origin)
        if route.lost_m3_per_day > _FLOW_TOL:
            lost = node("lost", "lost to attacks (expected)")
            links[(src, lost)] = links.get((src, lost), 0.0) + route.lost_m3_per_day
        if route.is_lost or route.delivered_m3_per_day <= 0:
            continue
        chain = [
            src,
            *(node("border", b) for b in route.border_posts),
            node("city", route.destination),
        ]
        for a, b in itertools.pairwise(chain):
            links[(a, b)] = links.get((a, b), 0.0) + route.delivered_m3_per_day
    colors = {"port": "#0072b2", "border": "#6a3d9a", "city": "#1a9850", "lost": "#c51b7d"}
    v = r.tanker_m3
    link_keys = list(links)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" m³/day",
            node={
                "label": labels,
                "color": [colors[x] for x in roles],
                "pad": 14,
                "thickness": 16,
                "line": {"color": "white", "width": 0.5},
                "hovertemplate": "%{label}<br>%{value:,.0f} m³/day<extra></extra>",
            },
            link={
                "source": [a for a, _ in link_keys],
                "target": [b for _, b in link_keys],
                "value": [links[k] for k in link_keys],
                "customdata": [fmt_number(links[k] / v, 1) for k in link_keys],
                "color": [
                    "rgba(197,27,125,0.35)" if roles[b] == "lost" else "rgba(0,114,178,0.25)"
                    for _, b in link_keys
                ],
                "hovertemplate": "%{source.label} → %{target.label}<br>%{value:,.0f} m³/day "
                "(%{customdata} tankers/day)<extra></extra>",
            },
            meta={"kind": "sankey", "roles": roles, "scenario": r.scenario},
        )
    )
    fig.update_layout(
        **_base_layout(
            height=max(360, 26 * len(labels)), margin={"l": 10, "r": 10, "t": 10, "b": 10}
        )
    )
    return fig


def ranking_figure(data: StressData, top: int = 15) -> go.Figure:
    """Horizontal bars of the throughput and served demand lost by the top closures.

    Single points of failure for Bamako are drawn in red and named in the legend.

    Parameters
    ----------
    data : StressData
        An ``n-1`` or ``n-k`` sweep.
    top : int, default 15

    Examples
    --------
    >>> ranking_figure.__name__
    'ranking_figure'
    """
    t = data.table.sort_values("rank").head(top)
    labels = [plot_text(f"{int(rk)}. {i}") for rk, i in zip(t["rank"], t["id"], strict=True)]
    spof = [bool(x) for x in t["single_point_of_failure"]]
    thr = [float(x) for x in t["throughput_lost_m3_per_day"]]
    srv = [float(x) for x in t["served_lost_m3_per_day"]]
    ids = [str(x) for x in t["id"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=thr,
            orientation="h",
            name="throughput lost (m³/day)",
            marker={"color": ["#b2182b" if s else "#0072b2" for s in spof]},
            customdata=[fmt_number(p, 1) for p in t["throughput_lost_pct"]],
            hovertemplate="%{y}<br>throughput lost %{x:,.0f} m³/day (%{customdata} %)"
            "<extra></extra>",
            meta={
                "kind": data.kind,
                "measure": "throughput_lost_m3_per_day",
                "ids": ids,
                "spof": spof,
            },
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=srv,
            orientation="h",
            name="served demand lost (m³/day)",
            marker={"color": "#e69f00"},
            customdata=[fmt_number(p, 1) for p in t["served_lost_pct"]],
            hovertemplate="%{y}<br>served demand lost %{x:,.0f} m³/day (%{customdata} %)"
            "<extra></extra>",
            meta={"kind": data.kind, "measure": "served_lost_m3_per_day", "ids": ids},
        )
    )
    if any(spof):
        fig.add_trace(
            go.Bar(
                y=[None],
                x=[None],
                orientation="h",
                marker={"color": "#b2182b"},
                name="single point of failure for Bamako",
                meta={"kind": "legend"},
            )
        )
    fig.update_layout(
        **_base_layout(
            height=max(320, 30 * len(labels) + 120),
            barmode="group",
            margin={"l": 10, "r": 20, "t": 30, "b": 40},
            xaxis={
                "title": {"text": "m³/day lost"},
                "gridcolor": "#e5e5e5",
                "rangemode": "tozero",
            },
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        )
    )
    return fig


def worst_case_figure(data: StressData) -> go.Figure:
    """Throughput to Bamako left after k closures: the exact worst case next to greedy.

    Examples
    --------
    >>> worst_case_figure.__name__
    'worst_case_figure'
    """
    t = data.table.sort_values(["k", "method"])
    fig = go.Figure()
    for method, color in (("exact", "#b2182b"), ("greedy", "#e69f00")):
        rows = t[t["method"] == method]
        closures = [
            plot_text(", ".join(filter(None, [*str(s).split(";"), *str(n).split(";")])) or "-")
            for s, n in zip(rows["segments"].fillna(""), rows["nodes"].fillna(""), strict=True)
        ]
        fig.add_trace(
            go.Bar(
                x=[f"k = {int(k)}" for k in rows["k"]],
                y=[float(x) for x in rows["remaining_m3_per_day"]],
                name=f"{method}: throughput left",
                marker={"color": color},
                customdata=[
                    [c, fmt_number(p, 1)] for c, p in zip(closures, rows["lost_pct"], strict=True)
                ],
                hovertemplate="%{x}: %{y:,.0f} m³/day left (-%{customdata[1]} %)"
                "<br>closes %{customdata[0]}"
                "<extra>" + method + "</extra>",
                meta={"kind": "worst-case", "method": method, "k": [int(k) for k in rows["k"]]},
            )
        )
    base = float(t["baseline_m3_per_day"].max()) if len(t) else 0.0
    fig.update_layout(
        **_base_layout(
            height=380,
            barmode="group",
            margin={"l": 10, "r": 20, "t": 40, "b": 40},
            yaxis={
                "title": {"text": "max flow to Bamako (m³/day; no fleet limit)"},
                "gridcolor": "#e5e5e5",
                "rangemode": "tozero",
                "automargin": True,
            },
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            shapes=[
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "y0": base,
                    "y1": base,
                    "line": {"color": "#333", "dash": "dash", "width": 1},
                }
            ],
            annotations=[
                {
                    "xref": "paper",
                    "x": 1,
                    "y": base,
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "text": f"no closure: {fmt_number(base)} m³/day",
                    "showarrow": False,
                    "font": {"size": 11},
                }
            ],
        )
    )
    return fig


def _histogram(values: np.ndarray, bins: int = 30) -> tuple[list[float], list[int], list[float]]:
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    centers = ((edges[:-1] + edges[1:]) / 2).tolist()
    return centers, [int(c) for c in counts], np.diff(edges).tolist()


def _cdf(values: np.ndarray, max_points: int = 600) -> tuple[list[float], list[float]]:
    x = np.sort(values)
    uniq, idx = np.unique(x, return_index=True)
    ends = np.append(idx[1:], len(x))  # share of draws <= each unique value
    y = ends / len(x)
    if len(uniq) > max_points:
        keep = np.unique(np.linspace(0, len(uniq) - 1, max_points).round().astype(int))
        uniq, y = uniq[keep], y[keep]
    return [float(a) for a in uniq], [float(b) for b in y]


def monte_carlo_figure(data: StressData) -> go.Figure:
    """Histograms and empirical CDFs of served demand and throughput over the draws.

    Vertical lines mark P5, P50 and P95 (from the sweep's summary).

    Examples
    --------
    >>> monte_carlo_figure.__name__
    'monte_carlo_figure'
    """
    measures = [("served_m3_per_day", "served demand"), ("throughput_m3_per_day", "throughput")]
    fig = make_subplots(
        rows=2,
        cols=2,
        horizontal_spacing=0.09,
        vertical_spacing=0.18,
        subplot_titles=[
            f"{t}: histogram" if c == 0 else f"{t}: cumulative share of draws"
            for _, t in measures
            for c in (0, 1)
        ],
    )
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = list(fig.layout.annotations)
    for row, (col, title) in enumerate(measures, start=1):
        values = pd.to_numeric(data.table[col], errors="coerce").dropna().to_numpy(dtype=float)
        if not len(values):
            continue
        stats = mc_stats(data, col)
        centers, counts, widths = _histogram(values)
        fig.add_trace(
            go.Bar(
                x=centers,
                y=counts,
                width=widths,
                name=f"{title} (draws)",
                marker={"color": "#0072b2"},
                hovertemplate="%{x:,.0f} m³/day: %{y} draws<extra></extra>",
                showlegend=False,
                meta={"kind": "mc-histogram", "measure": col},
            ),
            row=row,
            col=1,
        )
        xs, ys = _cdf(values)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"shape": "hv", "color": "#0072b2"},
                showlegend=False,
                name=f"{title} CDF",
                hovertemplate="≤ %{x:,.0f} m³/day: %{y:.1%} of draws<extra></extra>",
                meta={"kind": "mc-cdf", "measure": col},
            ),
            row=row,
            col=2,
        )
        for c in (1, 2):
            axis = (row - 1) * 2 + c
            xref = "x" if axis == 1 else f"x{axis}"
            yref = ("y" if axis == 1 else f"y{axis}") + " domain"
            for q, dash in (("p5", "dot"), ("p50", "dash"), ("p95", "dot")):
                x = stats.get(q)
                if x is None or not math.isfinite(float(x)):
                    continue
                shapes.append(
                    {
                        "type": "line",
                        "xref": xref,
                        "yref": yref,
                        "x0": x,
                        "x1": x,
                        "y0": 0,
                        "y1": 1,
                        "line": {"color": "#b2182b", "width": 1.5, "dash": dash},
                        "name": f"{col}:{q}",
                    }
                )
                if c == 2:
                    annotations.append(
                        {
                            "xref": xref,
                            "yref": yref,
                            "x": x,
                            "y": {"p5": 0.15, "p50": 0.5, "p95": 0.85}[q],
                            "text": f"{q.upper()} {fmt_number(x)}",
                            "showarrow": False,
                            "xanchor": "right",
                            "font": {"size": 10, "color": "#b2182b"},
                            "bgcolor": "rgba(255,255,255,0.8)",
                        }
                    )
        fig.update_xaxes(title_text=f"{title} (m³/day)", row=row, col=1, gridcolor="#eee")
        fig.update_xaxes(title_text=f"{title} (m³/day)", row=row, col=2, gridcolor="#eee")
        fig.update_yaxes(
            title_text="draws (log scale)", row=row, col=1, gridcolor="#eee", type="log", dtick=1
        )
        fig.update_yaxes(
            title_text="share ≤ x",
            row=row,
            col=2,
            gridcolor="#eee",
            range=[0, 1.02],
            tickformat=".0%",
        )
    fig.update_layout(
        **_base_layout(
            height=640,
            shapes=shapes,
            annotations=annotations,
            bargap=0.05,
            margin={"l": 10, "r": 20, "t": 40, "b": 40},
        )
    )
    return fig


def comparison_figure(runs: Sequence[ScenarioRun]) -> go.Figure:
    """Share of each city's demand delivered, one group of bars per city, one colour per scenario.

    Examples
    --------
    >>> comparison_figure([]).data
    ()
    """
    fig = go.Figure()
    palette = [
        "#0072b2",
        "#d55e00",
        "#009e73",
        "#cc79a7",
        "#e69f00",
        "#56b4e9",
        "#f0e442",
        "#000000",
    ]
    cities: list[str] = []
    for run in runs:
        if not run.result.by_city.empty:
            for c in run.result.by_city["city"]:
                if str(c) not in cities:
                    cities.append(str(c))
    for i, run in enumerate(runs):
        frame = _frame(run.result.by_city, "city")
        delivered = [float(frame.get(c, {}).get("delivered_m3_per_day") or 0.0) for c in cities]
        demand = [float(frame.get(c, {}).get("demand_m3_per_day") or 0.0) for c in cities]
        fig.add_trace(
            go.Bar(
                x=[plot_text(c) for c in cities],
                y=[100 * d / q if q > 0 else None for d, q in zip(delivered, demand, strict=True)],
                customdata=[
                    [fmt_number(d), fmt_number(q)] for d, q in zip(delivered, demand, strict=True)
                ],
                name=plot_text(run.name),
                marker={"color": palette[i % len(palette)]},
                hovertemplate="%{x}: %{y:.1f} % (%{customdata[0]} of %{customdata[1]} m³/day)"
                "<extra>%{fullData.name}</extra>",
                meta={"kind": "comparison", "run": i, "delivered_m3_per_day": delivered},
            )
        )
    fig.update_layout(
        **_base_layout(
            height=400,
            barmode="group",
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            yaxis={
                "title": {"text": "demand delivered (%)"},
                "range": [0, 105],
                "gridcolor": "#e5e5e5",
                "automargin": True,
            },
            xaxis={"automargin": True, "type": "category"},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        )
    )
    return fig
