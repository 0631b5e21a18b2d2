"""Timeline charts: days of cover per city, weekly arrivals by corridor, escorts, events.

Every chart spans the same dates (``span``: the first day and the day after the last), so the
four read on one date axis down the page. Inputs are the plain data prepared by
:mod:`supplychain.reports.timeline_section` (ISO dates, lists of floats); names from data go
through :func:`~supplychain.reports.markup.plot_text`. Traces carry ``meta`` saying what they
show.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from supplychain.reports.figures._common import _base_layout
from supplychain.reports.markup import fmt_number, hover_lines, plot_text

__all__ = [
    "COVER_BANDS",
    "EVENT_KINDS",
    "arrivals_figure",
    "cover_figure",
    "cover_grid_figure",
    "escort_figure",
    "events_figure",
]

#: Event kinds of the strip, with their labels, in row order.
EVENT_KINDS = {
    "attack": "Attacks",
    "escort": "Escort changes",
    "rationing": "Rationing",
    "injection": "Stock injections",
    "loading": "Loading changes",
    "other": "Other",
}
_EVENT_STYLE = {
    "attack": ("#b2182b", "x"),
    "escort": ("#0072b2", "diamond"),
    "rationing": ("#e69f00", "triangle-down"),
    "injection": ("#009e73", "triangle-up"),
    "loading": ("#6a3d9a", "square"),
    "other": ("#777777", "circle"),
}
#: The observed arrivals' line over the weekly bars.
_OBSERVED_COLOR = "#000000"
# Colour-blind-safe cycle (Okabe-Ito), as the other figures use.
_COLORS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
           "#000000")  # fmt: skip
#: After the 8 colours (Okabe-Ito, safe for colour blindness), lines change dash and bars get
#: a hatch, so 11 cities or corridors stay 11 distinguishable series.
_DASHES = ("solid", "dash", "dot", "dashdot")
_HATCHES = ("", "/", ".", "x")


def _line(i: int, width: float = 2) -> dict[str, Any]:
    """Line style of series ``i``: colour, then dash after every 8."""
    return {"color": _COLORS[i % len(_COLORS)], "width": width,
            "dash": _DASHES[(i // len(_COLORS)) % len(_DASHES)]}  # fmt: skip


#: The bars' colours: those of the lines with grey for black, the observed arrivals' line
#: drawn over the bars (the eighth corridor's black bars read as that line in the legend).
_BAR_COLORS = tuple("#999999" if c == _OBSERVED_COLOR else c for c in _COLORS)


#: The bars of the corridors too small for a series of their own, together (light grey: no
#: corridor's colour).
_OTHER_COLOR = "#d9d9d9"


def _bar(i: int) -> dict[str, Any]:
    """Bar marker of series ``i``: colour, then a hatch after every 8."""
    return {"color": _BAR_COLORS[i % len(_BAR_COLORS)],
            "pattern": {"shape": _HATCHES[(i // len(_BAR_COLORS)) % len(_HATCHES)]}}  # fmt: skip
_MS_PER_DAY = 86_400_000
#: The value axes' tick labels with thousands separators, as the text writes figures
#: ("25,000", not plotly's "25k" beside "146,153 m³"), and no trailing zeros ("0.5").
_TICKS = ",~f"


def _margin(*, t: int, b: int) -> dict[str, int]:
    # One left and right margin for the four charts, wide enough for the event strip's row
    # labels, so their date axes line up down the page.
    return {"l": 130, "r": 20, "t": t, "b": b}


#: A week on a date axis, in milliseconds (plotly's ``dtick`` unit).
_WEEK_MS = 7 * _MS_PER_DAY
#: The room (px) one date label takes, with its space ("Sep 29" at 13 px is about 42 px, and
#: "Sep 29<br>2025" under a year's first tick no wider; 11 px on a phone), and the plot-area
#: width of the figure's own ticks: a laptop-wide page (1,240 px, less its padding and the
#: 150 px margins: about 1,020). ``report.js`` redoes the ticks for the drawn width.
_PLOT_PX, _LABEL_PX, _NARROW_LABEL_PX = 1000, 56, 46
#: The plot-area width (px) on a printed page (report.js draws plots 680 px wide to print).
_PRINT_PLOT_PX = 530
#: Weeks between labelled ticks, the fewest that leave each label its room.
_WEEK_STEPS = (1, 2, 3, 4, 6, 8, 13, 26, 52)


def _week_step(span: tuple[str, str], plot_px: float, label_px: float) -> int:
    """Weeks between two labelled ticks of ``span`` in a plot ``plot_px`` wide."""
    days = (date.fromisoformat(span[1]) - date.fromisoformat(span[0])).days
    weeks = max(1, -(-days // 7))
    room = max(1, int(plot_px // label_px))  # labels that fit
    return next((k for k in _WEEK_STEPS if -(-weeks // k) <= room), -(-weeks // room))


def _narrow(
    span: tuple[str, str],
    *,
    axes: Sequence[str] = ("xaxis",),
    height: int | None = None,
    extra: Mapping[str, Any] | None = None,
    min_plot_px: int | None = None,
) -> dict[str, Any]:
    """``layout.meta`` of a timeline chart: its week ticks, phone-wide and printed layouts.

    ``weeks``: the date axes (``axes``), the weeks they span, :data:`_WEEK_STEPS` and the room
    a label takes; ``report.js`` labels as many weeks as the drawn plot's width leaves room
    for (the figure's own ``dtick`` is the laptop's, :func:`_xaxis`; fixed at 1,000 px, a
    700 px tablet drew the back-test's 13 labels upright, cut by the legend). ``narrow``
    (below 600 px): the four charts keep one left margin, narrower (the event strip's row
    labels at 10 px: at 360 px the 130 px margin left a 210 px plot and cut the cover chart's
    lower title), the ticks in smaller type, a chart with a legend ``height`` px tall;
    ``extra``: its own attributes. ``print``: the weeks that fit :data:`_PRINT_PLOT_PX`.
    ``min_plot_px``: the least height of the plot area at any width (``report.js`` makes the
    drawn figure taller until it is): the phone's rule above gave a tablet nothing, and at 700
    px (and on paper, 680 px) the weekly arrivals' ten corridors took 210 px of legend and left
    a 144 px chart.
    """
    days = (date.fromisoformat(span[1]) - date.fromisoformat(span[0])).days
    weeks = {"axes": list(axes), "weeks": max(1, -(-days // 7)), "steps": list(_WEEK_STEPS),
             "week_ms": _WEEK_MS, "label_px": _LABEL_PX}  # fmt: skip
    narrow: dict[str, Any] = {"margin.l": 100, "margin.r": 10,
                              "meta.weeks.label_px": _NARROW_LABEL_PX}  # fmt: skip
    narrow.update({f"{a}.tickfont.size": 11 for a in axes})
    if height is not None:
        narrow["height"] = height
    printed = _week_step(span, _PRINT_PLOT_PX, _LABEL_PX) * _WEEK_MS
    meta: dict[str, Any] = {"weeks": weeks, "narrow": {**narrow, **(extra or {})},
                            "print": {f"{a}.dtick": printed for a in axes}}  # fmt: skip
    if min_plot_px is not None:
        meta["min_plot_px"] = min_plot_px
    return meta


#: The least plot-area height (px) of the charts with a legend below them, at any width: a
#: little under what a laptop-wide page draws (cover 404, arrivals 224, escorts 198 at
#: 1,180 px), so a laptop's charts keep their height.
_MIN_PLOT_PX = {"cover": 360, "arrivals": 220, "escorts": 180}
#: Space between the cover chart's two panels, a share of its plot height (see cover_figure).
_PANEL_SPACING = 0.1
#: Height (px) a phone-wide chart gains per legend entry: the legend below it takes about a row
#: per entry there, and a plot of a fixed height was squeezed to 150 px above its legend.
_NARROW_ENTRY_PX = 18


def _narrow_height(fig: go.Figure, height: int) -> int:
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    return height + _NARROW_ENTRY_PX * entries


def _xaxis(span: tuple[str, str], **kw: Any) -> dict[str, Any]:
    """The date axis of every timeline chart: ticks on the weeks' starts.

    Weeks run 7 days from day 0 (``span[0]``), as the weekly arrivals do, so a tick (and its
    grid line) falls on the start of each week a bar stands for, labelled with that day; on a
    long horizon only every few weeks are labelled (:func:`_week_step`), a minor tick marking
    each week between. Hovers give the ISO day, as the tables do.
    """
    return {"type": "date", "range": list(span), "showgrid": True, "gridcolor": "#e6e6e6",
            "tick0": span[0], "dtick": _week_step(span, _PLOT_PX, _LABEL_PX) * _WEEK_MS,
            "hoverformat": "%Y-%m-%d",
            "minor": {"tick0": span[0], "dtick": _WEEK_MS, "ticks": "outside", "ticklen": 3,
                      "tickcolor": "#999", "showgrid": True, "gridcolor": "#f3f3f3"},
            **kw}  # fmt: skip


def cover_figure(cities: Sequence[Mapping[str, Any]], span: tuple[str, str]) -> go.Figure:
    """Stock (top) and days of cover (bottom) per city, each day a city runs dry marked.

    Parameters
    ----------
    cities : sequence of mapping
        ``name``, ``dates``, ``stock_m3``, ``days_of_cover``, ``dry_date`` (or None) and
        ``dry_cover`` per city.
    span : (str, str)
        The date axis range.

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels sharing the date axis: stock (m³) and days of cover per city.

    Examples
    --------
    >>> c = {"name": "A", "dates": ["2026-01-01", "2026-01-02"], "stock_m3": [10.0, 0.0],
    ...      "days_of_cover": [1.0, 0.0], "dry_date": "2026-01-02", "dry_cover": 0.0}
    >>> [t.name for t in cover_figure([c], ("2026-01-01", "2026-01-03")).data]
    ['A', 'A', 'Runs dry']
    """
    # The panels stand a tenth of the plot apart: at the least plot height (360 px) 36 px
    # hold the lower title (22 px) below the upper panel's 0 label (7 px under its bottom).
    # At 6 % (23 px printed with the back-test's legend) the title sat on that label.
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=_PANEL_SPACING,
                        subplot_titles=("Stock (m³, start of day)",
                                        "Days of cover (stock ÷ that day's demand)"))  # fmt: skip
    for i, c in enumerate(cities):
        name = plot_text(c["name"])
        common = {"x": c["dates"], "mode": "lines", "name": name, "legendgroup": name,
                  "line": _line(i)}  # fmt: skip
        # Hovered as the tables print figures (fmt_number, a half to even), not with plotly's
        # ",.0f" (a half up: 2.5 m³ hovered "3" beside the table's "2").
        fig.add_trace(go.Scatter(**common, y=c["stock_m3"], meta={"kind": "stock",
                                 "city": c["name"]}, customdata=[fmt_number(y) for y in c["stock_m3"]],
                                 hovertemplate="%{x}<br>" + name + ": %{customdata} m³<extra></extra>"),
                      row=1, col=1)  # fmt: skip
        # As the city table prints days of cover (fmt_number, 1 decimal), not plotly's ".1f".
        fig.add_trace(go.Scatter(**common, y=c["days_of_cover"], showlegend=False,
                                 meta={"kind": "cover", "city": c["name"]},
                                 customdata=[fmt_number(y, 1) for y in c["days_of_cover"]],
                                 hovertemplate="%{x}<br>" + name
                                 + ": %{customdata} days of cover<extra></extra>"),
                      row=2, col=1)  # fmt: skip
    dry = [c for c in cities if c.get("dry_date")]
    fig.add_trace(go.Scatter(
        # Markers only (names in the hover and the table): ten cities running dry the same
        # day printed their names on top of each other.
        x=[c["dry_date"] for c in dry], y=[c["dry_cover"] for c in dry], mode="markers",
        name="Runs dry", text=[plot_text(c["name"]) for c in dry],
        marker={"symbol": "x", "size": 12, "color": "#b2182b", "line": {"width": 2}},
        hovertemplate="%{text} runs dry on %{x}<extra></extra>",
        meta={"kind": "dry", "cities": [c["name"] for c in dry]},
    ), row=2, col=1)  # fmt: skip
    fig.update_layout(**_base_layout(height=560, hovermode="closest",
                                     legend={"orientation": "h", "y": -0.11},
                                     margin=_margin(t=40, b=40),
                                     meta=_narrow(span, axes=("xaxis", "xaxis2"),
                                                 height=_narrow_height(fig, 560),
                                                 extra={"annotations[0].font.size": 11,
                                                     "annotations[1].font.size": 11},
                                                 min_plot_px=_MIN_PLOT_PX["cover"])))  # fmt: skip
    fig.update_xaxes(**_xaxis(span))
    fig.update_yaxes(automargin=False, tickformat=_TICKS)
    fig.update_yaxes(title_text="m³", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="days", rangemode="tozero", row=2, col=1)
    return fig


#: The bands of the days-of-cover grid after its dry days: each band's upper bound (days of
#: cover, exclusive) and its key label. Assumption: reading bands (under a day, under 3 days,
#: under a week), not a model figure; the hover gives each day's own value.
COVER_BANDS = ((1.0, "< 1 day"), (3.0, "1\u20133 days"), (7.0, "3\u20137 days"),
               (math.inf, "≥ 7 days"))  # fmt: skip
#: Dry days in the red of the cover chart's "Runs dry" marks, the bands in light to dark blue
#: (ColorBrewer "Blues", readable with colour blindness: no red-green pair).
_DRY_COLOR = "#b2182b"
_BAND_COLORS = ("#deebf7", "#9ecae1", "#4292c6", "#08519c")
#: Height (px) of a city's row in the grid, and the margins above and below it (date labels
#: with the year under a year's first tick, 36 px; the colour key under them, 50 px).
_GRID_ROW_PX, _GRID_TOP_PX, _GRID_BOTTOM_PX = 24, 10, 96
#: The least number of rows' height a grid is drawn with (a grid of one or two cities too).
_GRID_LEAST_ROWS = 3


def _band(cover: float | None, dry: bool) -> int | None:
    """The grid's value of a day: 0 dry, else 1 + its band in :data:`COVER_BANDS` (None: no
    demand that day, so no days of cover; NaN too, as the section's None: a NaN, or an
    infinite cover, matched no band and raised StopIteration)."""
    if dry:
        return 0
    if cover is None or math.isnan(cover):
        return None
    return 1 + next((i for i, (top, _) in enumerate(COVER_BANDS) if cover < top), len(COVER_BANDS) - 1)


def cover_grid_figure(cities: Sequence[Mapping[str, Any]], span: tuple[str, str]) -> go.Figure:
    """Days of cover as a grid: one row per city, one cell per day, dry days in red.

    Eleven cities' lines on one chart could not be told apart (8 colours, then dashes); here
    each city has its own labelled row. Rows run from the first city to run dry down to the
    cities that never do (by name); each cell spans its day, so the grid shares the date axis
    of the other timeline charts.

    Parameters
    ----------
    cities : sequence of mapping
        ``name``, ``dates``, ``days_of_cover`` (None or NaN on a day without demand), ``dry_flags``
        (each day dry or not) and ``dry_date`` (or None) per city.
    span : (str, str)
        The date axis range.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap: ``z`` 0 on a dry day, else 1 + the day's band in :data:`COVER_BANDS`.

    Examples
    --------
    >>> c = {"name": "A", "dates": ["2026-01-01", "2026-01-02"], "days_of_cover": [1.5, 0.0],
    ...      "dry_flags": [False, True], "dry_date": "2026-01-02"}
    >>> fig = cover_grid_figure([c], ("2026-01-01", "2026-01-03"))
    >>> fig.data[0].y, [list(row) for row in fig.data[0].z]
    (('A',), [[2, 0]])
    """
    order = sorted(cities, key=lambda c: (c.get("dry_date") is None, c.get("dry_date") or "",
                                          str(c["name"])))  # fmt: skip
    days = sorted({d for c in order for d in c["dates"]})
    # Each cell centred on its day's noon: it spans the day, 00:00 to 24:00, on the date axis.
    x = [f"{d} 12:00" for d in days]
    z: list[list[int | None]] = []
    text: list[list[str]] = []
    for c in order:
        by_day = {d: (v, bool(f)) for d, v, f in
                  zip(c["dates"], c["days_of_cover"], c["dry_flags"], strict=True)}  # fmt: skip
        row: list[int | None] = []
        words: list[str] = []
        for d in days:
            v, dry = by_day.get(d, (None, False))
            row.append(_band(v, dry))
            value = "no demand" if v is None or math.isnan(v) else f"{fmt_number(v, 1)} days of cover"
            words.append(f"runs dry ({value})" if dry else value)
        z.append(row)
        text.append(words)
    colors = (_DRY_COLOR, *_BAND_COLORS)
    n = len(colors)
    plot_px = _GRID_ROW_PX * max(_GRID_LEAST_ROWS, len(order))
    scale = [[k / n, col] for i, col in enumerate(colors) for k in (i, i + 1)]
    fig = go.Figure(go.Heatmap(
        x=x, y=[plot_text(c["name"]) for c in order], z=z, text=text, zmin=-0.5, zmax=n - 0.5,
        colorscale=scale, xgap=0, ygap=2, hoverongaps=False,
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        # The key on the figure's foot, under the date labels. Placed by a share of the plot's
        # height it moved with the plot, which plotly shrinks to make room for it. With the
        # default 10 px padding a grid of one or two cities (130, 154 px) failed in plotly.js
        # ("Something went wrong with axis scaling", the section's later charts not drawn);
        # with 4 px, grids of 1 to 30 cities draw at 390 and 1,200 px, and none is drawn
        # shorter than three rows' height besides. No title: the labels say "days" (a title
        # above the bar was drawn on it in a short grid; beside it, it left a phone's bar
        # 130 px).
        colorbar={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "ypad": 4,
                  "x": 0, "xanchor": "left", "xpad": 0, "len": 0.8, "thickness": 12,
                  "tickvals": list(range(n)), "ticktext": ["dry", *(b for _, b in COVER_BANDS)],
                  "outlinewidth": 0},
        meta={"kind": "cover_grid", "cities": [c["name"] for c in order],
              "bands": ["dry", *(b for _, b in COVER_BANDS)],
              # On a phone the key takes the plot's width, its labels short and level (at
              # 390 px "1-3 days" and the others were tilted, the last cut off).
              "narrow": {"colorbar.len": 1, "colorbar.tickangle": 0, "colorbar.tickfont.size": 10,
                         "colorbar.ticktext": ["dry", "< 1", "1\u20133", "3\u20137", "≥ 7 days"]}},
    ))  # fmt: skip
    height = _GRID_TOP_PX + _GRID_BOTTOM_PX + plot_px
    fig.update_layout(**_base_layout(height=height, hovermode="closest",
                                     margin=_margin(t=_GRID_TOP_PX, b=_GRID_BOTTOM_PX),
                                     meta=_narrow(span, extra={"yaxis.tickfont.size": 11})))  # fmt: skip
    fig.update_xaxes(**_xaxis(span))
    fig.update_yaxes(type="category", autorange="reversed", automargin=False, showgrid=False)
    return fig


def arrivals_figure(
    weekly: Mapping[str, Any], observed: Sequence[Mapping[str, Any]], span: tuple[str, str]
) -> go.Figure:
    """Weekly arrivals into Mali stacked by corridor, beside the observed series.

    Observed periods (a month, a week) are drawn as steps at their weekly rate
    (litres / days * 7), with the simulated arrivals over the same periods beside them, so
    periods of any length compare with the weekly bars.

    Parameters
    ----------
    weekly : mapping
        ``week_start`` (ISO dates), ``week_days`` and ``corridors`` (name to m³ per week);
        optionally ``other``: ``names`` and ``values`` (m³ per week) of the corridors too small
        for a series of their own, drawn together as "Other corridors".
    observed : sequence of mapping
        ``start``, ``end``, ``days``, ``observed_ml``, ``simulated_ml`` per period, and
        ``near_end`` (optional: the period ends in the horizon's last days, where arrivals are
        low by construction; its hover says so).
    span : (str, str)

    Returns
    -------
    plotly.graph_objects.Figure
        Stacked weekly bars per corridor (m³ a week; a net outflow below 0); with observed
        periods, the observed and simulated rates over each (m³/week) as steps.

    Examples
    --------
    >>> w = {"week_start": ["2026-01-01"], "week_days": [7], "corridors": {"Dakar": [700.0]}}
    >>> [t.name for t in arrivals_figure(w, [], ("2026-01-01", "2026-01-08")).data]
    ['Dakar']
    >>> w["other"] = {"names": ["Nioro"], "values": [0.3]}
    >>> [t.name for t in arrivals_figure(w, [], ("2026-01-01", "2026-01-08")).data]
    ['Dakar', 'Other corridors']
    """
    fig = go.Figure()
    # Each bar centred on its week (a datetime: a date dropped the half day and drew every
    # 7-day bar from 3.6 hours before its week's start).
    mid = [(datetime.fromisoformat(s) + timedelta(days=d / 2)).isoformat(sep=" ")
           for s, d in zip(weekly["week_start"], weekly["week_days"], strict=True)]  # fmt: skip
    widths = [0.9 * d * _MS_PER_DAY for d in weekly["week_days"]]
    # A week at the horizon's end may hold fewer than 7 days (a narrower bar): the hover says so.
    weeks = [s if d >= 7 else f"{s} ({d} day{'s' if d > 1 else ''})"
             for s, d in zip(weekly["week_start"], weekly["week_days"], strict=True)]  # fmt: skip
    for i, (name, values) in enumerate(weekly["corridors"].items()):
        # A border crossing shared by several corridors is named after all of them ("A / B /
        # C", up to 150 characters): the legend shows the first and how many more, the hover
        # all of them, one a line (in one line, 1,053 px wide, cut on a phone).
        parts = str(name).split(" / ")
        label = " /<br>".join(hover_lines(p) for p in parts)
        short = plot_text(parts[0] + (f" (+{len(parts) - 1} more)" if len(parts) > 1 else ""))
        fig.add_trace(go.Bar(
            x=mid, y=values, width=widths, name=short, marker=_bar(i),
            customdata=[[w, fmt_number(y)] for w, y in zip(weeks, values, strict=True)],
            hovertemplate="week of %{customdata[0]}<br>" + label + ": %{customdata[1]} m³<extra></extra>",
            meta={"kind": "arrivals", "corridor": name},
        ))  # fmt: skip
    if other := weekly.get("other"):
        # Stacked with the others, so that a week's bar is its arrivals; its hover names them.
        names = [str(n) for n in other["names"]]
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        label = hover_lines(f"Other corridors ({listed})")
        fig.add_trace(go.Bar(
            x=mid, y=other["values"], width=widths, name="Other corridors", marker={"color": _OTHER_COLOR},
            customdata=[[w, fmt_number(y)] for w, y in zip(weeks, other["values"], strict=True)],
            hovertemplate="week of %{customdata[0]}<br>" + label + ": %{customdata[1]} m³<extra></extra>",
            meta={"kind": "arrivals_other", "corridors": names},
        ))  # fmt: skip
    for key, label, dash in (
        ("observed_ml", "Observed (m³/week over each period)", "solid"),
        ("simulated_ml", "Simulated over the same periods", "dot"),
    ):
        xs: list[str | None] = []
        ys: list[float | None] = []
        periods: list[list[str | None]] = []
        for r in observed:
            rate = r[key] * 1000.0 / r["days"] * 7.0  # ML over the period -> m³ a week
            # Drawn to the end of its last day (the next day's 00:00); hovered with the period
            # itself: "%{x}" at that end named a day outside the period.
            end = (date.fromisoformat(r["end"]) + timedelta(days=1)).isoformat()
            xs += [r["start"], end, None]
            ys += [rate, rate, None]
            # A period ending in the horizon's last days: low by construction (the table's note).
            low = " (the horizon's last days: low by construction)" if r.get("near_end") else ""
            hover: list[str | None] = [f"{r['start']} to {r['end']}{low}", fmt_number(rate)]
            periods += [hover, hover, [None, None]]
        if observed:
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines", name=label, connectgaps=False,
                line={"color": _OBSERVED_COLOR if key == "observed_ml" else "#b2182b", "width": 3,
                      "dash": dash},
                customdata=periods,
                hovertemplate="%{customdata[0]}<br>" + label + ": %{customdata[1]} m³/week<extra></extra>",
                meta={"kind": key.removesuffix("_ml"), "periods": [r["start"] for r in observed]},
            ))  # fmt: skip
    # "relative": stacked, a corridor's net outflow (a negative week) below 0.
    fig.update_layout(**_base_layout(barmode="relative", height=420, bargap=0.1,
                                     legend={"orientation": "h", "y": -0.24},
                                     margin=_margin(t=20, b=40),
                                     meta=_narrow(span, height=_narrow_height(fig, 420),
                                                  min_plot_px=_MIN_PLOT_PX["arrivals"])))  # fmt: skip
    fig.update_xaxes(**_xaxis(span))
    fig.update_yaxes(title_text="m³ a week into Mali", rangemode="tozero", automargin=False,
                     tickformat=_TICKS)  # fmt: skip
    return fig


def escort_figure(escorts: Mapping[str, Any], span: tuple[str, str], *, unlimited: bool = False) -> go.Figure:
    """Escort units available and in use, and convoys leaving on each escorted stretch.

    Parameters
    ----------
    escorts : mapping
        ``dates``, ``units``, ``used`` and ``stretches`` (name to ``dates`` and ``convoys``).
    span : (str, str)
    unlimited : bool, default False
        A ``--min-escorts`` run: the units were unlimited, so ``units`` (the file's) are drawn
        as "Escort units in the file (no limit: --min-escorts)", dotted, not as available.

    Returns
    -------
    plotly.graph_objects.Figure
        Escort units available and in use per day, and each stretch's convoys.

    Examples
    --------
    >>> e = {"dates": ["2026-01-01"], "units": [2.0], "used": [1.0], "stretches": {}}
    >>> [t.name for t in escort_figure(e, ("2026-01-01", "2026-01-02")).data]
    ['Escort units available', 'Escort units in use']
    >>> escort_figure(e, ("2026-01-01", "2026-01-02"), unlimited=True).data[0].name
    'Escort units in the file (no limit: --min-escorts)'
    """
    fig = go.Figure()
    # --min-escorts: the file's units were ignored; drawn as "available" (before 2026-12-06)
    # the in-use line rose above them on the back-test's first days, as if the plan broke a limit.
    units_name = "Escort units in the file (no limit: --min-escorts)" if unlimited else "Escort units available"
    fig.add_trace(
        go.Scatter(
            x=escorts["dates"],
            y=escorts["units"],
            mode="lines",
            # A light band round the in-use line: drawn 2 px grey under 2 px black, it was
            # hidden wherever every unit was in use (most of the back-test).
            line={"shape": "hv", "color": "#b8b8b8", "width": 7, **({"dash": "dot"} if unlimited else {})},
            name=units_name,
            meta={"kind": "units"},
            # Figures as the tables print them (fmt_number, a half to even), not plotly's ".1f"
            # and ".2f" (a half up: 1.25 units hovered "1.3" where fmt_number writes "1.2").
            customdata=[fmt_number(u, 1) for u in escorts["units"]],
            hovertemplate="%{x}: %{customdata} "
            + ("units in the file (no limit here)" if unlimited else "units available")
            + "<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=escorts["dates"],
            y=escorts["used"],
            mode="lines",
            # A day's value, stepped as the units available are: drawn as a slope, it rose
            # above them on the day more units came.
            line={"shape": "hv", "color": "#000000", "width": 2},
            fill="tozeroy",
            fillcolor="rgba(0,0,0,0.08)",
            name="Escort units in use",
            meta={"kind": "used"},
            customdata=[fmt_number(u, 2) for u in escorts["used"]],
            hovertemplate="%{x}: %{customdata} units in use<extra></extra>",
        )
    )
    for i, (name, s) in enumerate(escorts["stretches"].items()):
        label = plot_text(name)
        fig.add_trace(go.Scatter(
            x=s["dates"], y=s["convoys"], mode="lines", name=f"Convoys: {label}",
            line=_line(i, 1.5), customdata=[fmt_number(c, 2) for c in s["convoys"]],
            hovertemplate="%{x}<br>" + label + ": %{customdata} convoys leave<extra></extra>",
            meta={"kind": "convoys", "stretch": name},
        ))  # fmt: skip
    fig.update_layout(**_base_layout(height=320, legend={"orientation": "h", "y": -0.2},
                                     margin=_margin(t=20, b=40),
                                     meta=_narrow(span, height=_narrow_height(fig, 320),
                                                  min_plot_px=_MIN_PLOT_PX["escorts"])))  # fmt: skip
    fig.update_xaxes(**_xaxis(span))
    fig.update_yaxes(title_text="units / convoys a day", rangemode="tozero", automargin=False,
                     tickformat=_TICKS)  # fmt: skip
    return fig


def events_figure(events: Sequence[Mapping[str, Any]], span: tuple[str, str]) -> go.Figure:
    """A strip of the timeline's events, one row per kind, on the section's date axis.

    Parameters
    ----------
    events : sequence of mapping
        ``date``, ``kind`` (a key of :data:`EVENT_KINDS`) and ``event`` (text) per event.
    span : (str, str)

    Returns
    -------
    plotly.graph_objects.Figure
        One row of markers per kind of event present, on the date axis ``span``.

    Examples
    --------
    >>> ev = [{"date": "2026-01-02", "kind": "attack", "event": "attack: 5 tankers destroyed"}]
    >>> [t.name for t in events_figure(ev, ("2026-01-01", "2026-01-03")).data]
    ['Attacks']
    """
    fig = go.Figure()
    kinds = [k for k in EVENT_KINDS if any(e["kind"] == k for e in events)]
    for k in kinds:
        rows = [e for e in events if e["kind"] == k]
        color, symbol = _EVENT_STYLE[k]
        fig.add_trace(go.Scatter(
            x=[e["date"] for e in rows], y=[EVENT_KINDS[k]] * len(rows), mode="markers",
            name=EVENT_KINDS[k], marker={"color": color, "symbol": symbol, "size": 12},
            # In lines that fit a phone's hover: an attack names its segments (102 characters
            # on the flownet West-African layer, a hover 650 px wide).
            text=[hover_lines(e["event"]) for e in rows],
            hovertemplate="%{x}<br>%{text}<extra></extra>",
            meta={"kind": k, "dates": [e["date"] for e in rows]},
        ))  # fmt: skip
    fig.update_layout(**_base_layout(height=90 + 36 * max(len(kinds), 1), showlegend=False,
                                     margin=_margin(t=10, b=30),
                                     meta=_narrow(span, extra={"yaxis.tickfont.size": 10})))  # fmt: skip
    fig.update_xaxes(**_xaxis(span))
    fig.update_yaxes(type="category", categoryorder="array", automargin=False,
                     categoryarray=[EVENT_KINDS[k] for k in reversed(kinds)],
                     visible=bool(kinds))  # fmt: skip
    return fig
