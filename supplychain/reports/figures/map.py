"""The corridor map: segments with line width = flow and colour = threat or closure, places.

:func:`map_figure` draws every scenario's flows on one plotly ``scattergeo`` figure with
buttons switching between scenarios; hover text gives each segment's id, road number, length,
flow, capacity and threat. Country borders come from the embedded Natural Earth shapes; the
country names are placed by :mod:`supplychain.reports.figures.countries`.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from supplychain.reports.data import (
    STATUS_LABELS,
    ScenarioRun,
    SegmentView,
    node_status,
)
from supplychain.reports.figures._common import _FLOW_TOL, _base_layout, _frame
from supplychain.reports.figures.countries import _country_labels, _mercator
from supplychain.reports.markup import fmt_number, plot_text

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "STATUS_COLORS", "line_width", "map_figure"]

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
#: The map's height (px) on screen.
_MAP_HEIGHT = 680
#: The map's height on a phone (``layout.meta.narrow``), and the width its place names are
#: placed for there: a 360 px phone less the page's padding (the map is width-bound below 600
#: px; a wider phone spreads the places further apart, so names placed for 330 px stay apart).
_NARROW_MAP_HEIGHT, _NARROW_MAP_WIDTH = 520, 330
#: The country names' font size (px) on a phone (12 on a laptop).
_NARROW_COUNTRY_FONT = 9.0
#: The width (px) the place names are placed for on a tablet (600 px up to the width where the
#: laptop's map fills its height, ``layout.meta.medium_below``) and on paper (report.js draws
#: the map 680 px wide to print): drawn there with the laptop's placement, at 0.57-0.65 of its
#: scale, Bamako, Kita and Bougouni, Ségou and San, SENEGAL and "Kidira-Diboli border" covered
#: each other. Names placed for 600 px stay apart on a wider map.
_MEDIUM_MAP_WIDTH = 600
#: The country names' font size (px) there.
_MEDIUM_COUNTRY_FONT = 10.0
#: On a phone a name may cover the rim of a less important place's marker, not its centre
#: (this fraction of its size): at a phone's scale every spot around Bamako's name touched the
#: marker of Ségou, Kita, Kayes, Koutiala or Bougouni, and the capital went unnamed.
_NARROW_MARKER_CORE = 0.3


def line_width(flow: float, max_flow: float) -> float:
    """Line width (px) for a flow: linear in the flow, :data:`MIN_WIDTH` without flow.

    Parameters
    ----------
    flow : float
        The segment's flow (m³/day).
    max_flow : float
        The largest flow on the map (m³/day).

    Returns
    -------
    float
        ``2 + 10 x flow / max_flow`` px (at most :data:`MAX_WIDTH`, 12), rounded to 3
        decimals; :data:`MIN_WIDTH` (1) without flow or when ``max_flow`` is not above 0.

    Examples
    --------
    >>> line_width(0.0, 100.0), line_width(50.0, 100.0), line_width(100.0, 100.0)
    (1.0, 7.0, 12.0)
    """
    if flow <= _FLOW_TOL or max_flow <= 0:
        return MIN_WIDTH
    return round(2.0 + (MAX_WIDTH - 2.0) * min(flow / max_flow, 1.0), 3)


def _pct(p: float) -> str:
    """``26.7 %``; a probability above 0 that rounds to 0.0 % with two significant digits
    (``0.01 %``): "attack probability 0.0 %" read as no threat."""
    pct = 100 * p
    return f"{pct:.1f} %" if pct == 0 or abs(pct) >= 0.05 else f"{pct:.2g} %"


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


def _direction_caps(graph: nx.MultiDiGraph | None, view: SegmentView) -> dict[tuple[Any, Any], float]:
    """Each direction's capacity (trucks/day; the largest of its edges, as the segment's)."""
    caps: dict[tuple[Any, Any], float] = {}
    for u, v, k in view.geometry.edges:
        cap = view.geometry.capacity_trucks_per_day if graph is None else \
            float(graph.edges[u, v, k].get("capacity_trucks_per_day") or 0.0)  # fmt: skip
        caps[u, v] = max(caps.get((u, v), 0.0), cap)
    return caps


def _segment_hover(view: SegmentView, tanker_m3: float, graph: nx.MultiDiGraph | None = None) -> str:
    g = view.geometry
    road = " · ".join(plot_text(x) for x in (g.ref, g.name) if x)
    # "road unnumbered road" on every segment of a layer without road numbers (flownet) before.
    road = f"road {road}" if road else "unnumbered road"

    def end(n: Any) -> str:
        name = graph.nodes[n].get("name") if graph is not None else None
        return plot_text(str(name or n))

    def way(u: Any, v: Any) -> str:
        return f"{end(u)} → {end(v)}"

    eff = view.effect.effective_capacity_factor

    def cap_text(cap: float) -> str:
        text = f"{fmt_number(cap)} trucks/day"
        return text + (f" (scenario: {fmt_number(cap * eff)})" if eff < 1.0 else "")

    # A road's capacity is each direction's (the LP bounds each directed edge): the flow is
    # given per direction, so fuel both ways does not read as more than the road carries.
    caps = _direction_caps(graph, view)
    two_way = any((v, u) in caps for u, v in caps)
    if len(set(caps.values())) <= 1:
        capacity = [f"capacity {cap_text(g.capacity_trucks_per_day)}" + (" each way" if two_way else "")]
    else:
        capacity = ["capacity:"] + [f"· {way(u, v)} {cap_text(c)}" for (u, v), c in caps.items()]
    total = (f"flow {fmt_number(view.flow_m3_per_day)} m³/day "
             f"({fmt_number(view.flow_m3_per_day / tanker_m3, 1)} tankers/day)")  # fmt: skip
    moving = [(u, v, f) for u, v, f in view.direction_flows_m3_per_day if f > _FLOW_TOL]
    if len(moving) == 1:
        flow = [f"{total} {way(moving[0][0], moving[0][1])}"]
    elif len(moving) > 1:
        flow = [f"{total} in all:"] + [
            f"· {way(u, v)} {fmt_number(f)} m³/day ({fmt_number(f / tanker_m3, 1)} tankers/day)"
            for u, v, f in moving
        ]
    else:
        flow = [total]
    lines = [
        f"<b>{plot_text(g.segment_id)}</b>",
        road,
        f"{fmt_number(g.length_km)} km · {plot_text(g.country)}",
        *flow,
        *capacity,
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


#: CSS text-shadow drawn around place names: a 1 px white outline.
_LABEL_HALO = "-1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff"
_HALO_PX = 1.0

#: Label font sizes (px) by place kind, and the estimate of a character's width and a line's
#: height in font sizes (assumption: DejaVu Sans / Open Sans average 0.55-0.6 em a character;
#: 0.62 errs towards wider boxes, so estimated boxes that do not overlap do not overlap drawn).
_LABEL_FONT = {"loading": 11.0, "border": 9.0, "city": 11.0}
_CHAR_EM, _LINE_EM = 0.62, 1.25
#: Positions tried for a label, the kind's usual one first (plotly ``textposition`` values).
_POSITIONS = {
    "loading": ("bottom center", "top center", "middle right", "middle left",
                "bottom right", "bottom left", "top right", "top left"),
    "border": ("bottom center", "top center", "middle right", "middle left",
               "bottom right", "bottom left", "top right", "top left"),
    "city": ("top center", "bottom center", "middle right", "middle left",
             "top right", "top left", "bottom right", "bottom left"),
}  # fmt: skip

Box = tuple[float, float, float, float]
#: A line drawn on the map, in degrees: its polyline of (lon, lat) and its width (px).
Line = tuple[Sequence[tuple[float, float]], float]
#: A straight piece of a drawn line in pixels: (x0, y0, x1, y1, half width).
Piece = tuple[float, float, float, float, float]


def _place_kind(role: Any) -> str | None:
    if role in ("port", "depot"):
        return "loading"
    return str(role) if role in ("border", "city") else None


def _marker_px(kind: str, data: Mapping[str, Any]) -> float:
    if kind == "loading":
        return 11.0
    if kind == "border":
        return 10.0
    demand = float(data.get("demand_m3_per_day") or 0.0)
    return 7.0 + 2.0 * math.sqrt(max(demand, 0.0)) / 8.0


def _label_box(
    x: float, y: float, marker: float, width: float, height: float, position: str
) -> Box:
    """Estimated pixel box (x0, y0, x1, y1; y down) of a label at ``position`` of a marker."""
    vertical, horizontal = position.split()
    gap = marker / 2.0 + 1.0
    if vertical == "top":
        y0, y1 = y - gap - height, y - gap
    elif vertical == "bottom":
        y0, y1 = y + gap, y + gap + height
    else:
        y0, y1 = y - height / 2.0, y + height / 2.0
    if horizontal == "center":
        x0, x1 = x - width / 2.0, x + width / 2.0
    elif horizontal == "right":
        x0 = x + (gap if vertical == "middle" else 0.0)
        x1 = x0 + width
    else:
        x1 = x - (gap if vertical == "middle" else 0.0)
        x0 = x1 - width
    return x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(
    graph: nx.MultiDiGraph,
    lat_range: Sequence[float],
    height_px: float,
    fixed: Sequence[tuple[float, float, str, float]] = (),
    lines: Sequence[Line] = (),
) -> dict[Hashable, str | None]:
    """Where each place's name goes so that no two names and no name and marker overlap.

    Greedy, most important first (cities by demand, then ports and depots, then border
    posts): each label takes the first of its kind's positions (:data:`_POSITIONS`) whose
    estimated box overlaps no label placed before, no other place's marker and no ``fixed``
    label (lon, lat, text, font px, centred: the country names), preferring among those the
    first that no drawn ``lines`` (the flow, closed, reduced and threatened roads, at their
    width) cross, else the one they cover least; a label with no free position is left out (``None``; its hover text still
    names the place). Pixels
    from the map's Mercator scale at the figure's height (the map is height-bound on a
    laptop-wide screen, see :func:`map_figure`). Hand-written: plotly places text without
    collision avoidance, and this needs only the boxes' estimate.
    """
    scale = height_px / (_mercator(lat_range[1]) - _mercator(lat_range[0]))
    placed, _ = _greedy_labels(graph, scale, [_fixed_box(f, scale) for f in fixed],
                               lines=lines)  # fmt: skip
    return placed


def _place_labels_narrow(
    graph: nx.MultiDiGraph,
    lon_range: Sequence[float],
    lat_range: Sequence[float],
    size_px: tuple[float, float],
    fixed: Sequence[tuple[float, float, str, float]] = (),
    lines: Sequence[Line] = (),
) -> tuple[dict[Hashable, str | None], list[bool]]:
    """Place names on a phone-wide map, and which ``fixed`` (country) names keep their place.

    The map is fitted in ``size_px`` (width, height) as plotly fits the ranges in its box:
    width-bound on a phone, at a third of the laptop's scale, where the names placed for the
    laptop covered each other around Bamako and Sikasso. The names are placed as
    :func:`_place_labels` places them (most important first, none over another name), inside
    the map's frame, over no more important place's marker and no other marker's centre
    (:data:`_NARROW_MARKER_CORE`: at this scale every spot around Bamako's name touched a
    lesser neighbour's marker), and before the country names: a country name is kept only
    inside the frame and where it covers no place name and no country name kept before it
    (Bamako's name had no free spot under MALI and GUINEA; TOGO and GHANA overlapped).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    lon_range, lat_range : sequence of float
        The map's ranges (degrees).
    size_px : (float, float)
        The map's box on the phone (px).
    fixed : sequence of (lon, lat, text, font px)
        The country names, centred, at the phone's font size.
    lines : sequence of (polyline of (lon, lat), width px)
        The coloured roads: a name avoids them where a free position does.

    Returns
    -------
    (dict, list of bool)
        Each place's ``textposition`` (None: left to the hover), and per ``fixed`` name
        whether it is drawn.

    Examples
    --------
    Bamako's name goes above it; Kati's, at the same spot, is left to the hover; MALI, under
    Bamako's name, gives way:

    >>> g = nx.MultiDiGraph()
    >>> g.add_node(0, x=-8.0, y=12.64, role="city", name="Bamako", demand_m3_per_day=3000.0)
    >>> g.add_node(1, x=-8.07, y=12.74, role="city", name="Kati", demand_m3_per_day=100.0)
    >>> _place_labels_narrow(g, [-19, 10], [3, 20], (330, 474), [(-8.0, 13.5, "MALI", 9.0)])
    ({0: 'top center', 1: None}, [False])
    """
    width, height = size_px
    scale = min(height / (_mercator(lat_range[1]) - _mercator(lat_range[0])),
                width / math.radians(lon_range[1] - lon_range[0]))  # fmt: skip
    frame = (math.radians(lon_range[0]) * scale, -_mercator(lat_range[1]) * scale,
             math.radians(lon_range[1]) * scale, -_mercator(lat_range[0]) * scale)  # fmt: skip
    placed, boxes = _greedy_labels(graph, scale, [], frame, _NARROW_MARKER_CORE, lines)
    kept = []
    for f in fixed:
        box = _fixed_box(f, scale)
        kept.append(_inside(box, frame) and not any(_overlaps(box, b) for b in boxes))
        if kept[-1]:
            boxes.append(box)
    return placed, kept


def _aspect(lon_range: Sequence[float], lat_range: Sequence[float]) -> float:
    """Width over height of the map of these ranges (Mercator)."""
    return math.radians(lon_range[1] - lon_range[0]) / (
        _mercator(lat_range[1]) - _mercator(lat_range[0])
    )


def _inside(box: Box, frame: Box) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


def _fixed_box(fixed: tuple[float, float, str, float], scale: float) -> Box:
    lon, lat, text, size = fixed
    x, y = math.radians(lon) * scale, -_mercator(lat) * scale
    w, h = _CHAR_EM * size * len(text), _LINE_EM * size
    return x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0


def _greedy_labels(
    graph: nx.MultiDiGraph,
    scale: float,
    fixed: Sequence[Box],
    frame: Box | None = None,
    core: float = 1.0,
    lines: Sequence[Line] = (),
    keep_names: bool = True,
) -> tuple[dict[Hashable, str | None], list[Box]]:
    """The greedy placement of :func:`_place_labels` at ``scale`` (px a radian), with the
    ``fixed`` boxes, the markers of more important places and the central ``core`` (a fraction
    of the size) of the others' markers as obstacles and, given a ``frame``, every name inside
    it; among the free positions the first that no ``lines`` cross, else the one they cover
    least (a name on a 12 px flow line was unreadable, its halo notwithstanding: "Moussala
    border" and "Manankoro border" on the West-African layer); with ``keep_names`` (the
    default) the placement without the lines is kept when this one names fewer places (a
    name moved off a line took the only free spot of a hostile test name): a line never
    costs a name. Returns the positions and the placed names' boxes."""
    if lines and keep_names:
        # A line never costs a name: when names moved off the lines leave another without a
        # free spot, the names are placed as without the lines.
        plain = _greedy_labels(graph, scale, fixed, frame, core)
        beside = _greedy_labels(graph, scale, fixed, frame, core, lines, keep_names=False)
        named = {n for n, p in beside[0].items() if p}
        return beside if named >= {n for n, p in plain[0].items() if p} else plain
    pieces = _line_pieces(lines, scale)
    places = []
    for n, d in graph.nodes(data=True):
        kind = _place_kind(d.get("role"))
        if kind is None:
            continue
        x = math.radians(float(d["x"])) * scale
        y = -_mercator(float(d["y"])) * scale
        rank = {"city": 0, "loading": 1, "border": 2}[kind]
        weight = -float(d.get("demand_m3_per_day") or 0.0)
        places.append((rank, weight, str(d.get("name") or ""), n, kind, x, y, _marker_px(kind, d)))
    places.sort(key=lambda p: p[:3])
    markers = [(x - m / 2.0, y - m / 2.0, x + m / 2.0, y + m / 2.0) for *_, x, y, m in places]
    cores = [(x - c, y - c, x + c, y + c) for *_, x, y, m in places for c in [core * m / 2.0]]
    taken: list[Box] = list(fixed)
    boxes: list[Box] = []
    placed: dict[Hashable, str | None] = {}
    for i, (_, _, name, n, kind, x, y, marker) in enumerate(places):
        size = _LABEL_FONT[kind]
        width, height = _CHAR_EM * size * len(name), _LINE_EM * size
        placed[n] = None
        free: list[tuple[float, int, str, Box]] = []
        for position in _POSITIONS[kind]:
            box = _label_box(x, y, marker, width, height, position)
            if frame is not None and not _inside(box, frame):
                continue
            # The markers of the places before this one (more important) whole, of those
            # after it their core.
            clear = not any(_overlaps(box, t) for t in taken) and not any(
                _overlaps(box, markers[j] if j < i else cores[j])
                for j in range(len(places)) if j != i)  # fmt: skip
            if clear:
                free.append((_line_cover(box, pieces), len(free), position, box))
                if free[-1][0] == 0.0:
                    break
        if free:
            _, _, placed[n], box = min(free)
            taken.append(box)
            boxes.append(box)
    hidden = sorted(str(graph.nodes[n].get("name") or n) for n, p in placed.items() if p is None)
    if hidden:
        logger.debug("Map: %d place names left out to avoid overlaps (on hover): %s",
                     len(hidden), ", ".join(hidden))  # fmt: skip
    return placed, boxes


def _line_pieces(lines: Sequence[Line], scale: float) -> list[Piece]:
    """Each straight piece of ``lines`` in pixels at ``scale`` (as the places are placed):
    ``(x0, y0, x1, y1, half width)``."""
    pieces: list[Piece] = []
    for points, width in lines:
        xy = [(math.radians(lon) * scale, -_mercator(lat) * scale) for lon, lat in points]
        pieces += [(*a, *b, width / 2.0) for a, b in itertools.pairwise(xy)]
    return pieces


def _line_cover(box: Box, pieces: Sequence[Piece]) -> float:
    """About how many px² of ``box`` the straight pieces of line cover: each piece's length
    inside the box grown by its half width (clipped with Liang-Barsky) times its width. The
    box is first shrunk by the names' 1 px halo: a name may touch a line's edge (a 12 px line
    through a border post's marker leaves the name beside the marker clear)."""
    cover = 0.0
    for x0, y0, x1, y1, half in pieces:
        grow = half - _HALO_PX
        bx0, by0, bx1, by1 = box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow
        if max(x0, x1) < bx0 or min(x0, x1) > bx1 or max(y0, y1) < by0 or min(y0, y1) > by1:
            continue
        t0, t1, dx, dy = 0.0, 1.0, x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
            if p == 0.0:
                if q < 0.0:
                    t0, t1 = 1.0, 0.0
                continue
            if p < 0.0:
                t0 = max(t0, q / p)
            else:
                t1 = min(t1, q / p)
        if t0 <= t1:
            # A piece shorter than its width (a bend) still covers its width's square.
            cover += max((t1 - t0) * math.hypot(dx, dy), half) * 2.0 * half
    return round(cover, 6)


def _drawn_lines(views: Sequence[Sequence[SegmentView]], max_flow: float) -> list[Line]:
    """The coloured lines of the map, each segment at its widest over the runs: those with a
    flow (at :func:`line_width`) and those closed (2 px), reduced or threatened (1 px)
    without one; the grey roads without flow are left out (a 1 px grey line under a haloed
    name leaves it readable, and on a continental layer they lie everywhere)."""
    widest: dict[tuple[str, int], Line] = {}
    for vs in views:
        for v in vs:
            if v.flow_m3_per_day > _FLOW_TOL:
                width = line_width(v.flow_m3_per_day, max_flow)
            elif v.status != "open":
                width = 2.0 if v.status == "closed" else MIN_WIDTH
            else:
                continue
            sid = v.geometry.segment_id
            for k, line in enumerate(v.geometry.lines):
                key = (sid, k)
                if key not in widest or widest[key][1] < width:
                    widest[key] = (line, width)
    return list(widest.values())


def _node_traces(
    graph: nx.MultiDiGraph,
    run: ScenarioRun,
    index: int,
    labels: Mapping[Hashable, str | None],
    narrow: Mapping[Hashable, str | None],
    medium: Mapping[Hashable, str | None],
) -> list[go.Scattergeo]:
    r = run.result
    v = r.tanker_m3
    cities, ports, borders = (
        _frame(r.by_city, "city"),
        _frame(r.by_port, "port"),
        _frame(r.by_border, "border_post"),
    )
    groups: dict[str, dict[str, list[Any]]] = {}
    for n, d in sorted(graph.nodes(data=True), key=lambda nd: str(nd[1].get("name") or "")):
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
            key,
            {k: [] for k in ("lon", "lat", "text", "position", "hover", "color", "symbol", "size",
                             "narrow_text", "narrow_position", "medium_text",
                             "medium_position")},
        )
        g["lon"].append(float(d["x"]))
        g["lat"].append(float(d["y"]))
        position = labels.get(n)
        g["text"].append(plot_text(name) if position else "")
        g["position"].append(position or _POSITIONS[key][0])
        position = narrow.get(n)
        g["narrow_text"].append(plot_text(name) if position else "")
        g["narrow_position"].append(position or _POSITIONS[key][0])
        position = medium.get(n)
        g["medium_text"].append(plot_text(name) if position else "")
        g["medium_position"].append(position or _POSITIONS[key][0])
        g["hover"].append("<br>".join(hover))
        g["color"].append(color)
        g["symbol"].append(symbol)
        g["size"].append(round(size, 2))
    names = {"loading": "ports and depots", "border": "border posts", "city": "demand cities"}
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
                textposition=g["position"],
                textfont={
                    "size": _LABEL_FONT[key],
                    "color": "#6a3d9a" if key == "border" else "#222",
                    # A white halo: names are drawn over the roads (a 12 px flow line crossed
                    # "Moussala border" and "Mandiana-Yanfolila border" on the West-African
                    # layer, unreadable where it did).
                    "shadow": _LABEL_HALO,
                },
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
                # On a phone (report.js applies a trace's meta.narrow below 600 px): the names
                # placed at the phone's scale, fewer (Kati, Koulikoro and the border posts
                # around Bamako and Sikasso covered each other there; hover still names them);
                # on a tablet and on paper (meta.medium), placed for a 600 px map.
                meta={"kind": "nodes", "run": index, "role": key,
                      "narrow": {"text": g["narrow_text"],
                                 "textposition": g["narrow_position"]},
                      "medium": {"text": g["medium_text"],
                                 "textposition": g["medium_position"]}},
            )
        )
    return traces


def _run_traces(
    graph: nx.MultiDiGraph,
    run: ScenarioRun,
    views: Sequence[SegmentView],
    index: int,
    max_flow: float,
    labels: Mapping[Hashable, str | None],
    narrow: Mapping[Hashable, str | None],
    medium: Mapping[Hashable, str | None],
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
            hovertext=[_segment_hover(v, run.result.tanker_m3, graph) for v in views],
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
    traces += _node_traces(graph, run, index, labels, narrow, medium)
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


#: Degrees of margin around what the map frames.
_FRAME_MARGIN_DEG = 1.0
#: Width over height (in Mercator units) of the map's box on a laptop-wide screen.
_FRAME_ASPECT = 1.6


def _map_frame(
    graph: nx.MultiDiGraph, views: Sequence[Sequence[SegmentView]]
) -> tuple[list[int], list[int]]:
    """The map's longitude and latitude ranges: the places and the segments that carry flow.

    A network built from a continental layer holds roads far from Mali's corridors (Tunisia,
    the Cape): framing every node would shrink the corridors to a corner of the map. The frame
    covers the placed places (ports, depots, border posts, cities) and the segments with flow
    in any run, with :data:`_FRAME_MARGIN_DEG` of margin, never beyond the network's extent
    (with the same margin); it is then widened eastwards to fill a laptop-wide box (Mercator
    aspect :data:`_FRAME_ASPECT`). A network with no place and no flow is framed whole.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    views : sequence of sequence of SegmentView
        Each run's segments; those with a positive flow are framed.

    Returns
    -------
    (list of int, list of int)
        ``[west, east]`` and ``[south, north]``, in whole degrees.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node(0, x=-8.0, y=12.6, role="city", name="Bamako")
    >>> g.add_node(1, x=-17.4, y=14.7, role="port", name="Dakar")
    >>> g.add_node(2, x=10.2, y=36.8)  # Tunis, on no corridor
    >>> _map_frame(g, [])
    ([-19, -7], [11, 16])
    """
    nodes = [(float(d["x"]), float(d["y"]), d.get("role")) for _, d in graph.nodes(data=True)]
    pts = [(x, y) for x, y, role in nodes if _place_kind(role) is not None]
    pts += [p for vs in views for v in vs if v.flow_m3_per_day > 0 for line in v.geometry.lines
            for p in line]  # fmt: skip
    if not pts:
        pts = [(x, y) for x, y, _ in nodes]
    m = _FRAME_MARGIN_DEG
    net_w = math.floor(min(x for x, _, _ in nodes) - m)
    net_e = math.ceil(max(x for x, _, _ in nodes) + m)
    net_s = math.floor(min(y for _, y, _ in nodes) - m)
    net_n = math.ceil(max(y for _, y, _ in nodes) + m)
    lat_range = [max(net_s, math.floor(min(y for _, y in pts) - m)),
                 min(net_n, math.ceil(max(y for _, y in pts) + m))]  # fmt: skip
    west = max(net_w, min(x for x, _ in pts) - m)
    east = min(net_e, math.ceil(max(x for x, _ in pts) + m))
    # Widen eastwards (into Mali) so the map fills a laptop-wide box: background only (the
    # country shapes), so this may pass the network's eastern end, as it always did.
    merc = math.degrees(_mercator(lat_range[1]) - _mercator(lat_range[0]))
    return [math.floor(west), math.ceil(max(east, west + _FRAME_ASPECT * merc))], lat_range


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
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day: the
    road carries the largest flow, so it is drawn at :data:`MAX_WIDTH` (an empty topojson
    gives no country labels):

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> from supplychain.reports.data import as_run, edge_flows, segment_geometry, segment_views
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> views = [segment_views(segment_geometry(g), run, edge_flows(g, run))]
    >>> fig = map_figure(g, [run], views, active=0, topojson={"objects": {}})
    >>> [(t.name, t.line.width) for t in fig.data if t.meta["kind"] == "segment"]
    [('N1:Dakar-Bamako', 12.0)]
    """
    lon_range, lat_range = _map_frame(graph, views)
    max_flow = max((v.flow_m3_per_day for vs in views for v in vs), default=0.0)
    top = 46 if len(runs) > 1 else 6
    countries = _country_labels(topojson, lon_range, lat_range)
    fixed = [
        (float(x), float(y), str(t), float(countries.textfont.size))
        for x, y, t in zip(countries.lon, countries.lat, countries.text, strict=True)
    ]
    # Names go beside the coloured roads where they can (those of every run: the names are
    # placed once for all runs), on a laptop, a tablet and paper. Not on a phone: there, with
    # the lines, Bamako's name went beside the road and was drawn over Mopti's and San's
    # (the estimated boxes apart, the drawn ones not), and few names are drawn.
    lines = _drawn_lines(views, max_flow)
    labels = _place_labels(graph, lat_range, _MAP_HEIGHT - top, fixed, lines)
    narrow, kept = _place_labels_narrow(
        graph, lon_range, lat_range, (_NARROW_MAP_WIDTH, _NARROW_MAP_HEIGHT - top),
        [(x, y, t, _NARROW_COUNTRY_FONT) for x, y, t, _ in fixed],
    )
    # On a tablet and on paper: placed for a 600 px wide map (width-bound there).
    medium, kept_medium = _place_labels_narrow(
        graph, lon_range, lat_range, (_MEDIUM_MAP_WIDTH, _MAP_HEIGHT - top),
        [(x, y, t, _MEDIUM_COUNTRY_FONT) for x, y, t, _ in fixed], lines,
    )
    # On a phone (and a tablet) the country names are smaller and give way to the place names.
    countries.meta = {**countries.meta, "narrow": {
        "textfont.size": _NARROW_COUNTRY_FONT,
        "text": [t if k else "" for t, k in zip(countries.text, kept, strict=True)]},
        "medium": {"textfont.size": _MEDIUM_COUNTRY_FONT,
                   "text": [t if k else "" for t, k in zip(countries.text, kept_medium,
                                                            strict=True)]}}  # fmt: skip
    fig = go.Figure()
    fig.add_trace(countries)
    owners: list[int | None] = [None]
    for i, (run, run_views) in enumerate(zip(runs, views, strict=True)):
        for tr in _run_traces(graph, run, run_views, i, max_flow, labels, narrow, medium):
            tr.visible = i == active
            fig.add_trace(tr)
            owners.append(i)
    for tr in _legend_traces():
        fig.add_trace(tr)
        owners.append(None)
    layout = _base_layout(
        height=_MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": top, "b": 0},
        # Bottom right: east of Ghana the map holds no corridor (bottom left covered Conakry
        # and Sierra Leone).
        legend={
            "x": 0.99,
            "y": 0.01,
            "xanchor": "right",
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
            # Printed (A4 width): legend in rows below the map (anchored at its left: anchored
            # at its right, as on screen, it stood in a column left of the map and shrank the
            # map to 461 of the 680 px), the names placed for a tablet (the traces'
            # meta.medium), the figure as tall as the map and legend (fit_map).
            "print": {
                "height": 540,
                "margin.t": 6,
                "legend.orientation": "h",
                "legend.x": 0,
                "legend.xanchor": "left",
                "legend.y": -0.01,
                "legend.yanchor": "top",
                "legend.font.size": 9,
                "updatemenus[0].visible": False,
            },
            # A phone-wide plot (report.js applies this below NARROW_WIDTH px): legend in rows
            # below the map and a shorter figure; at 680 px high the width-bound map sat in the
            # middle of an empty box and the legend covered its south and ran off its right edge.
            # report.js takes the blank above and below a width-bound map off the figure's
            # height (a phone, a tablet, paper): on one run the phone's map had 38 px blank above
            # it (the box's height fixed for the embedded network's map under its menu). The
            # map's width over height, to know its height from its width.
            "fit_map": _aspect(lon_range, lat_range),
            # A tablet (from NARROW_WIDTH to medium_below px: where the laptop's map no longer
            # fills its height): the legend below the map, as on paper; inside it covered the
            # map's south (Abidjan, Yamoussoukro at 700 px) with 115 px blank above the map.
            "medium_below": math.ceil(_aspect(lon_range, lat_range) * (_MAP_HEIGHT - top)),
            "medium": {
                "legend.orientation": "h",
                "legend.x": 0,
                "legend.xanchor": "left",
                "legend.y": -0.01,
                "legend.yanchor": "top",
                "legend.font.size": 11,
            },
            "narrow": {
                "height": _NARROW_MAP_HEIGHT,
                "legend.orientation": "h",
                "legend.x": 0,
                "legend.xanchor": "left",
                "legend.y": -0.01,
                "legend.yanchor": "top",
                "legend.font.size": 10,
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
        # Phone-wide: a dropdown in small type ("baseline" beside the illustrative threat's
        # 58-character name ran 100 px past a 360 px map as buttons).
        layout["meta"]["narrow"].update({"updatemenus[0].type": "dropdown",
                                         "updatemenus[0].direction": "down",
                                         "updatemenus[0].font.size": 10})  # fmt: skip
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
