"""Stress-test charts: the N-1/N-k ranking, the worst case next to greedy, Monte Carlo,
closure-days and the timeline Monte Carlo.

:func:`ranking_figure` draws the throughput and served demand lost per closure (single points
of failure marked), :func:`worst_case_figure` the exact interdiction next to the greedy choice
for 1..k closures, :func:`monte_carlo_figure` the histogram and CDF of the draws with P5, P50
and P95, :func:`closure_days_figure` the days until the first city runs dry per corridor
closed (the horizon marked), :func:`timeline_mc_figure` the histogram of a timeline Monte
Carlo's unmet demand per draw.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from supplychain.reports.figures._common import _base_layout
from supplychain.reports.markup import fmt_number, hover_lines, plot_text
from supplychain.reports.stress import StressData, mc_stats
from supplychain.scenarios.chains import loses_something

__all__ = ["closure_days_figure", "closure_order", "monte_carlo_figure", "ranking_figure",
           "timeline_mc_figure", "worst_case_figure"]

logger = logging.getLogger(__name__)

#: Phone-wide ranking charts: longest line of a closure's label (characters, at 11 px about
#: 130 px of a 360 px chart) and the height (px) a line takes.
_NARROW_LABEL_CHARS, _NARROW_LINE_PX = 22, 14


def _change_pct(lost_pct: float) -> str:
    """A loss as a signed change: ``-43.3``, and ``0.0`` when it rounds to none.

    Examples
    --------
    >>> _change_pct(43.29), _change_pct(0.0), _change_pct(0.04)
    ('-43.3', '0.0', '0.0')
    """
    text = fmt_number(lost_pct, 1)
    return text if text in ("0.0", "-") else f"-{text}"


def ranking_figure(data: StressData, *, top: int = 15) -> go.Figure:
    """Horizontal bars of the throughput and served demand lost by the top closures.

    Single points of failure for Bamako are drawn in red and named in the legend.

    Parameters
    ----------
    data : StressData
        An ``n-1`` or ``n-k`` sweep.
    top : int, default 15
        Keyword-only. Most bars drawn (closures that lose nothing get none).

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    Of two closures only R5 loses fuel, so only it gets bars:

    >>> import pandas as pd
    >>> from supplychain.reports.stress import StressData, load_stress
    >>> t = pd.DataFrame({"rank": [1, 2], "id": ["R5", "R3"],
    ...                   "throughput_lost_m3_per_day": [5.0, 0.0],
    ...                   "throughput_lost_tankers_per_day": [5.0, 0.0],
    ...                   "throughput_lost_pct": [62.5, 0.0], "served_lost_m3_per_day": [5.0, 0.0],
    ...                   "served_lost_tankers_per_day": [5.0, 0.0], "served_lost_pct": [62.5, 0.0],
    ...                   "single_point_of_failure": [False, False], "status": ["optimal"] * 2})
    >>> fig = ranking_figure(load_stress(StressData("n-1", "", t, {"sweep": "n-1"})))
    >>> [(tr.name, tr.y, tr.x) for tr in fig.data]
    [('throughput lost (m³/day)', ('1. R5',), (5.0,)), ('served demand lost (m³/day)', ('1. R5',), (5.0,))]
    """
    t = data.table.sort_values("rank")
    # Bars only for closures that lose something (or are single points of failure): past the
    # few that matter, the ranking is of zero losses in id order (11 of 15 bars on the embedded
    # blockade N-1).
    t = t[loses_something(t)].head(top)
    labels = [plot_text(f"{int(rk)}. {i}") for rk, i in zip(t["rank"], t["id"], strict=True)]
    # On a phone the labels go in lines (an imported layer's ids run to 40 characters, an N-k
    # pair to 80: at 390 px they took the width and were cut at its left edge).
    narrow = [hover_lines(f"{int(rk)}. {i}", width=_NARROW_LABEL_CHARS, hyphens=True)
              for rk, i in zip(t["rank"], t["id"], strict=True)]  # fmt: skip
    rows = max((x.count("<br>") + 1 for x in narrow), default=1)
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
            # The figures as the table and the text print them (fmt_number): plotly's "%{x:,.0f}"
            # rounds a half up (2.5 m³/day read "3" beside the table's and the text's "2").
            customdata=[[fmt_number(p, 1), fmt_number(x)] for p, x in zip(t["throughput_lost_pct"], thr,
                                                                             strict=True)],
            hovertemplate="%{y}<br>throughput lost %{customdata[1]} m³/day (%{customdata[0]} %)"
            "<extra></extra>",
            meta={
                "kind": data.kind,
                "measure": "throughput_lost_m3_per_day",
                "ids": ids,
                "spof": spof,
                "narrow": {"y": narrow},
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
            customdata=[[fmt_number(p, 1), fmt_number(x)] for p, x in zip(t["served_lost_pct"], srv,
                                                                             strict=True)],
            hovertemplate="%{y}<br>served demand lost %{customdata[1]} m³/day (%{customdata[0]} %)"
            "<extra></extra>",
            meta={"kind": data.kind, "measure": "served_lost_m3_per_day", "ids": ids,
                  "narrow": {"y": narrow}},
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
            # Thousands separated as in the table and the text ("4,600"; plotly's default
            # ticked "4500"); ",~f" keeps the halves of a small axis ("0.5").
            xaxis={
                "title": {"text": "m³/day lost"},
                "gridcolor": "#e5e5e5",
                "rangemode": "tozero",
                "tickformat": ",~f",
            },
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            meta={"narrow": {
                "yaxis.tickfont.size": 11,
                "height": max(320, (_NARROW_LINE_PX * rows + 12) * len(labels) + 140),
            }},
        )
    )
    if not labels:
        fig.add_annotation(text="No closure loses throughput or served demand", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5)  # fmt: skip
    return fig


def worst_case_figure(data: StressData) -> go.Figure:
    """Max flow to Bamako left after k closures: the exact worst case next to greedy.

    Parameters
    ----------
    data : StressData
        A ``worst-case`` sweep (one row per method and ``k``).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per method (``exact``, ``greedy``): the m³/day left for each ``k``,
        with the baseline as a line.

    Examples
    --------
    One closure (R5) leaves 3 of 8 m³/day, found by both methods:

    >>> import pandas as pd
    >>> from supplychain.reports.stress import StressData, load_stress
    >>> t = pd.DataFrame({"method": ["exact", "greedy"], "k": [1, 1], "segments": ["R5", "R5"],
    ...                   "nodes": ["", ""], "baseline_m3_per_day": [8.0, 8.0],
    ...                   "remaining_m3_per_day": [3.0, 3.0], "lost_m3_per_day": [5.0, 5.0],
    ...                   "lost_tankers_per_day": [5.0, 5.0], "lost_pct": [62.5, 62.5],
    ...                   "status": ["optimal", "optimal"]})
    >>> fig = worst_case_figure(load_stress(StressData("worst-case", "", t, {"sweep": "worst-case"})))
    >>> [(tr.meta["method"], tr.x, tr.y) for tr in fig.data]
    [('exact', ('k = 1',), (3.0,)), ('greedy', ('k = 1',), (3.0,))]
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
                name=f"{method}: max flow to Bamako left",  # not throughput: no fleet, no losses
                marker={"color": color},
                # The change as the command prints it: "-43.3 %", and "0.0 %" (not "-0.0 %").
                customdata=[
                    [c, _change_pct(p), fmt_number(y)]
                    for c, p, y in zip(closures, rows["lost_pct"], rows["remaining_m3_per_day"], strict=True)
                ],
                hovertemplate="%{x}: %{customdata[2]} m³/day left (%{customdata[1]} %)"
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
                "tickformat": ",~f",
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


def _histogram(
    values: np.ndarray, bins: int = 30
) -> tuple[list[float], list[int], list[float], list[list[str]]]:
    """Bins of the draws: centres, counts, widths and each bin's hover words.

    The hover words are the draws' values in the bin (one value when they round alike, else
    the lowest and the highest; an empty bin, its range) and "draw" or "draws": the centre of
    a bin is no draw's value (1,999 draws of 4,690 m³/day hovered as "4,688").

    Examples
    --------
    >>> _, counts, _, words = _histogram(np.array([100.0, 100.4, 101.0, 200.0]), bins=2)
    >>> counts, words
    ([3, 1], [['100 to 101', 'draws'], ['200', 'draw']])
    """
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, bins + 1)
    # numpy.histogram's bins: [a, b) and the last one [a, b]; counted here from the same index
    # that picks each bin's values, so the count and the values named agree.
    index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    counts = np.bincount(index, minlength=bins)
    # An empty bin names its range, to the decimals that tell every edge apart (narrow bins),
    # one precision for all: chosen bin by bin, a bin of 10,625.533-10,625.567 read "10,625.5
    # to 10,625.6" between "10,625.50 to 10,625.53" and "10,625.57 to 10,625.60".
    digits = next((d for d in range(4) if len({fmt_number(e, d) for e in edges}) == len(edges)), 3)
    words = []
    for i, n in enumerate(counts):
        inside = values[index == i]
        if n:
            low, high = fmt_number(inside.min()), fmt_number(inside.max())
        else:
            low, high = fmt_number(edges[i], digits), fmt_number(edges[i + 1], digits)
        words.append([low if low == high else f"{low} to {high}", "draw" if n == 1 else "draws"])
    centers = ((edges[:-1] + edges[1:]) / 2).tolist()
    return centers, [int(c) for c in counts], np.diff(edges).tolist(), words


def _cdf(values: np.ndarray, max_points: int = 600) -> tuple[list[float], list[float]]:
    """The empirical CDF as steps: ``(x, share of draws <= x)``, from 0 at the smallest draw.

    The first point is ``(min, 0)``, so the rise at the smallest draw is drawn: with every draw
    equal the CDF was one point, which a line trace does not draw (an empty panel).
    """
    x = np.sort(values)
    uniq, idx = np.unique(x, return_index=True)
    ends = np.append(idx[1:], len(x))  # share of draws <= each unique value
    y = ends / len(x)
    if len(uniq) > max_points:
        keep = np.unique(np.linspace(0, len(uniq) - 1, max_points).round().astype(int))
        uniq, y = uniq[keep], y[keep]
    return [float(uniq[0]), *(float(a) for a in uniq)], [0.0, *(float(b) for b in y)]


def monte_carlo_figure(data: StressData) -> go.Figure:
    """Histograms and empirical CDFs of throughput and served demand over the draws.

    Vertical lines mark P5, P50 and P95 (from the sweep's summary); a measure whose P5 and
    P95 are the same (every draw equal) gets one line, one label and one tick.

    Parameters
    ----------
    data : StressData
        A ``monte-carlo`` sweep (``served_m3_per_day`` and ``throughput_m3_per_day`` per
        draw).

    Returns
    -------
    plotly.graph_objects.Figure
        Four panels: per measure, a histogram and its cumulative share of draws.

    Examples
    --------
    >>> import pandas as pd
    >>> from supplychain.reports.stress import StressData, load_stress
    >>> t = pd.DataFrame({"draw": [0, 1, 2], "throughput_m3_per_day": [10.0, 8.0, 10.0],
    ...                   "served_m3_per_day": [5.0, 4.0, 5.0]})
    >>> fig = monte_carlo_figure(load_stress(StressData("monte-carlo", "", t, {"sweep": "monte-carlo"})))
    >>> [(tr.type, tr.meta["kind"], tr.meta["measure"]) for tr in fig.data][:2]
    [('bar', 'mc-histogram', 'throughput_m3_per_day'), ('scatter', 'mc-cdf', 'throughput_m3_per_day')]
    """
    # Throughput first (the top row), as the table beside it and the text output give them.
    measures = [("throughput_m3_per_day", "throughput"), ("served_m3_per_day", "served demand")]
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
        centers, counts, widths, words = _histogram(values)
        fig.add_trace(
            go.Bar(
                x=centers,
                y=counts,
                width=widths,
                name=f"{title} (draws)",
                marker={"color": "#0072b2"},
                # The draws' values, not the bin's centre (which no draw need have).
                customdata=words,
                hovertemplate="%{customdata[0]} m³/day: %{y:,} %{customdata[1]}<extra></extra>",
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
                # The first point, (smallest draw, 0), is the share of draws below it. The value
                # as the histogram's hover and the tables print it (plotly rounds a half up).
                customdata=[[sign, fmt_number(x)] for sign, x in zip(["<", *["≤"] * (len(xs) - 1)], xs,
                                                                     strict=True)],
                hovertemplate="%{customdata[0]} %{customdata[1]} m³/day: %{y:.1%} of draws<extra></extra>",
                meta={"kind": "mc-cdf", "measure": col},
            ),
            row=row,
            col=2,
        )
        # Every draw the same (or P5 to P95 within half a m³/day): one line and one label, not
        # three labels drawn over each other.
        qs = [float(v) for v in (stats.get(q) for q in ("p5", "p50", "p95")) if v is not None]
        single = len(qs) == 3 and all(map(math.isfinite, qs)) and max(qs) - min(qs) < 0.5
        quantiles = [("p50", "dash", "P5 = P50 = P95")] if single else \
            [("p5", "dot", "P5"), ("p50", "dash", "P50"), ("p95", "dot", "P95")]  # fmt: skip
        for c in (1, 2):
            axis = (row - 1) * 2 + c
            xref = "x" if axis == 1 else f"x{axis}"
            yref = ("y" if axis == 1 else f"y{axis}") + " domain"
            for q, dash, label in quantiles:
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
                            "text": f"{label} {fmt_number(x)}",
                            "showarrow": False,
                            "xanchor": "right",
                            "font": {"size": 10, "color": "#b2182b"},
                            "bgcolor": "rgba(255,255,255,0.8)",
                        }
                    )
        # ",.0f": whole m³/day with separators (plotly's default gave "10.6256k" and mixed
        # "4,689.6"/"4690" ticks when every draw had the same value).
        fig.update_xaxes(title_text=f"{title} (m³/day)", row=row, col=1, gridcolor="#eee",
                         tickformat=",.0f")  # fmt: skip
        fig.update_xaxes(title_text=f"{title} (m³/day)", row=row, col=2, gridcolor="#eee",
                         tickformat=",.0f")  # fmt: skip
        if values.max() - values.min() < 0.5:  # no spread: say it rather than leave one bar
            # One tick at the value (a ±0.5 range gave five ticks all reading "10,626").
            for c in (1, 2):
                fig.update_xaxes(tickvals=[float(values[0])], row=row, col=c)
            annotations.append({
                "xref": "x" if row == 1 else f"x{(row - 1) * 2 + 1}",
                "yref": ("y" if row == 1 else f"y{(row - 1) * 2 + 1}") + " domain",
                "x": float(values[0]), "y": 0.5, "showarrow": False,
                "text": (f"all {len(values):,} draws" if len(values) != 1 else "the only draw")
                + f": {fmt_number(float(values[0]))} m³/day",
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11},
            })  # fmt: skip
        # Bars on a log axis start at its bottom: autorange put it at 1,000 draws when every
        # bin held thousands (a bar of 10,000 draws read as one decade tall). From half a draw,
        # a bin of one draw shows and every bar is measured from the same floor.
        fig.update_yaxes(
            title_text="draws (log scale)", row=row, col=1, gridcolor="#eee", type="log", dtick=1,
            range=[math.log10(0.5), math.log10(max(max(counts), 1) * 2)],
            tickformat=",~f",  # "10,000" above "1,000" (plotly's default: "10k" above "1000")
        )  # fmt: skip
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
            meta={"narrow": _narrow_column(4)},
        )
    )
    return fig


def _narrow_column(panels: int, panel_px: int = 250, gap_px: int = 90) -> dict[str, Any]:
    """Relayout keys that stack a 2-column grid's panels in one column (a phone-wide plot).

    ``report.js`` applies them (``layout.meta.narrow``) below its ``NARROW_WIDTH``: at 360 px
    the four Monte Carlo panels were 150 px wide, their titles drawn over each other. Panel
    ``k`` (x and y axis ``k``, subplot title ``annotations[k - 1]``, as ``make_subplots`` numbers
    them row by row) goes to row ``k``, from the top.

    Examples
    --------
    >>> keys = _narrow_column(2, panel_px=100, gap_px=100)
    >>> keys["height"], keys["yaxis.domain"], keys["yaxis2.domain"], keys["xaxis2.domain"]
    (380, [0.6667, 1.0], [0.0, 0.3333], [0.0, 1.0])
    """
    plot = panels * panel_px + (panels - 1) * gap_px
    keys: dict[str, Any] = {"height": plot + 80}  # the figure's top and bottom margins, 40 each
    for k in range(1, panels + 1):
        top = 1.0 - (k - 1) * (panel_px + gap_px) / plot
        bottom = top - panel_px / plot
        axis = "" if k == 1 else str(k)
        keys[f"xaxis{axis}.domain"] = [0.0, 1.0]
        keys[f"yaxis{axis}.domain"] = [round(max(bottom, 0.0), 4), round(top, 4)]
        keys[f"annotations[{k - 1}].x"] = 0.5
        keys[f"annotations[{k - 1}].y"] = round(top, 4)
        keys[f"annotations[{k - 1}].font.size"] = 12
    return keys


#: Bar colours of the closure-days chart: a corridor closed, the timeline with none closed, no
#: city dry within the horizon (a bar to the horizon, lighter).
_CLOSED, _NONE, _NEVER = "#b2182b", "#555555", "#c6dbef"


def closure_days_figure(data: StressData, *, days: int | None = None) -> go.Figure:
    """Days until the first city runs dry with each corridor closed from day 0, shortest first.

    A closure after which no city runs dry within the horizon gets a light bar to the horizon
    (its hover says "no city dry within N days"); one without a plan (its day unknown) gets no
    bar. A dashed line marks the horizon.

    Parameters
    ----------
    data : StressData
        A ``closure-days`` result (one row per corridor and ``(none)``).
    days : int, optional
        Keyword-only. The horizon (the summary's ``days``); None: not marked.

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per kind of row (``closed``; ``none``, the timeline with no corridor
        closed, when it runs dry; ``never``), the rows in the order of ``meta.order`` on the
        layout.

    Examples
    --------
    >>> import pandas as pd
    >>> from supplychain.reports.stress import StressData, load_stress
    >>> t = pd.DataFrame({"corridor": ["(none)", "A", "B"], "days_to_dry": [None, 3.0, None],
    ...                   "first_dry_date": [None, "2026-01-04", None], "first_dry_city": ["", "Kayes", ""],
    ...                   "unmet_m3": [0.0, 50.0, 0.0], "unmet_pct": [0.0, 1.0, 0.0],
    ...                   "status": ["optimal"] * 3})
    >>> fig = closure_days_figure(load_stress(StressData("closure-days", "", t, {"days": 10})), days=10)
    >>> fig.layout.meta["order"], [(tr.meta["rows"], tr.x) for tr in fig.data]
    (['A', '(none)', 'B'], [('closed', (3.0, None, None)), ('never', (None, 10.0, 10.0))])
    """
    rows = closure_order(data.table)
    names = ["(none: no corridor closed)" if r["corridor"] == "(none)" else str(r["corridor"]) for r in rows]
    labels = [plot_text(n) for n in names]
    narrow = [hover_lines(n, width=_NARROW_LABEL_CHARS, hyphens=True) for n in names]
    lines = max((x.count("<br>") + 1 for x in narrow), default=1)
    horizon = float(days) if days else None
    fig = go.Figure()
    for kind, color, name in (("closed", _CLOSED, "first city dry (corridor closed from day 0)"),
                              ("none", _NONE, "first city dry with no corridor closed"),
                              ("never", _NEVER, "no city dry within the horizon")):  # fmt: skip
        xs: list[float | None] = []
        words: list[str] = []
        for r in rows:
            day = r["days_to_dry"]
            solved = r["status"] in ("optimal", "feasible")
            never = solved and day is None
            mine = never if kind == "never" else (
                not never and solved and (kind == "none") == (r["corridor"] == "(none)"))
            if kind == "never":
                xs.append(horizon if mine and horizon else (0.0 if mine else None))
            else:
                xs.append(float(day) if mine and day is not None else None)
            if not solved:
                words.append(f"no plan (status {plot_text(r['status'])}): days to dry unknown")
            elif never:
                words.append("no city dry within " + (f"{int(horizon)} day{'s' if int(horizon) != 1 else ''}"
                                                      if horizon else "the horizon"))
            else:
                words.append(f"first city dry on day {fmt_number(day)} ({plot_text(r['first_dry_date'] or '-')}): "
                             f"{plot_text(r['first_dry_city'])}")  # fmt: skip
        if kind != "closed" and all(x is None for x in xs):
            continue
        fig.add_trace(go.Bar(
            y=labels, x=xs, orientation="h", name=name, marker={"color": color},
            customdata=[[w, fmt_number(r["unmet_m3"])] for w, r in zip(words, rows, strict=True)],
            hovertemplate="%{y}<br>%{customdata[0]}<br>unmet %{customdata[1]} m³<extra></extra>",
            meta={"kind": "closure-days", "rows": kind, "narrow": {"y": narrow}},
        ))  # fmt: skip
    shapes, annotations = [], []
    if horizon:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": horizon, "x1": horizon,
                       "y0": 0, "y1": 1, "line": {"color": "#333", "dash": "dash", "width": 1.5},
                       "name": "horizon"})  # fmt: skip
        annotations.append({"xref": "x", "yref": "paper", "x": horizon, "y": 1, "xanchor": "right",
                            "yanchor": "bottom", "showarrow": False, "font": {"size": 11},
                            "text": f"horizon: {int(horizon)} days"})  # fmt: skip
    fig.update_layout(**_base_layout(
        height=max(300, 26 * len(labels) + 130), barmode="overlay", shapes=shapes,
        annotations=annotations, margin={"l": 10, "r": 20, "t": 40, "b": 40},
        xaxis={"title": {"text": "days until the first city runs dry"}, "gridcolor": "#e5e5e5",
               "rangemode": "tozero", "tickformat": ",~f",
               **({"range": [0, horizon * 1.04]} if horizon else {})},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0},
        meta={"order": [str(r["corridor"]) for r in rows],
              "narrow": {"yaxis.tickfont.size": 11,
                         "height": max(300, (_NARROW_LINE_PX * lines + 10) * len(labels) + 170)}},
    ))  # fmt: skip
    return fig


def closure_order(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a closure-days table, shortest time to the first dry city first: by day
    (never dry after, then no plan), the most unmet demand first (to the m³), then by name.
    ``(none)``, the timeline with no corridor closed, is placed by its day too, so the chart
    shows which closures bring the first dry day forward (the command's text and Parquet
    table, and the report's tables, put it first, as the reference).

    Parameters
    ----------
    table : pandas.DataFrame
        A ``closure-days`` table (``corridor``, ``days_to_dry``, ``unmet_m3``, ``status``).

    Returns
    -------
    list of dict
        Its rows, ``days_to_dry`` None when NaN and ``status`` a string.

    Examples
    --------
    >>> t = pd.DataFrame({"corridor": ["(none)", "B", "A"], "days_to_dry": [None, 4.0, 4.0],
    ...                   "unmet_m3": [0.0, 5.0, 9.0], "status": ["optimal"] * 3})
    >>> [r["corridor"] for r in closure_order(t)]
    ['A', 'B', '(none)']
    """
    rows: list[dict[str, Any]] = []
    for record in table.to_dict("records"):
        r = {str(k): v for k, v in record.items()}
        day = pd.to_numeric(pd.Series([r.get("days_to_dry")]), errors="coerce").iloc[0]
        r = {**r, "days_to_dry": None if pd.isna(day) else float(day),
             "status": str(r.get("status") or "optimal")}  # fmt: skip
        rows.append(r)

    def key(r: dict[str, Any]) -> tuple[float, float, str]:
        solved = r["status"] in ("optimal", "feasible")
        unmet = pd.to_numeric(pd.Series([r.get("unmet_m3")]), errors="coerce").fillna(0.0).iloc[0]
        day = r["days_to_dry"] if r["days_to_dry"] is not None else 1e9
        return (day if solved else 1e9 + 1, -round(float(unmet)), str(r["corridor"]))

    return sorted(rows, key=key)


def timeline_mc_figure(values: list[float], stats: dict[str, Any]) -> go.Figure:
    """Histogram of the unmet demand of each draw of a timeline Monte Carlo (m³ over the
    horizon, all cities), with P5, P50 and P95 (one line when they are equal).

    Parameters
    ----------
    values : list of float
        Unmet m³ per draw with a plan.
    stats : dict
        Its ``p5``, ``p50`` and ``p95`` (the summary's).

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> fig = timeline_mc_figure([0.0, 10.0, 30.0], {"p5": 1.0, "p50": 10.0, "p95": 28.0})
    >>> fig.data[0].meta["kind"], sum(fig.data[0].y), [s["name"] for s in fig.layout.shapes]
    ('tmc-histogram', 3, ['p5', 'p50', 'p95'])
    """
    v = np.asarray([x for x in values if x is not None and math.isfinite(x)], dtype=float)
    fig = go.Figure()
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if len(v):
        if v.max() - v.min() < 0.5:  # every draw alike: one bar on the value, not beside it
            centers, counts, widths = [float(v[0])], [len(v)], [1.0]
            words = [[fmt_number(float(v[0])), "draw" if len(v) == 1 else "draws"]]
            annotations.append({"xref": "x", "yref": "paper", "x": float(v[0]), "y": 0.5, "showarrow": False,
                                "text": (f"all {len(v):,} draws" if len(v) != 1 else "the only draw")
                                + f": {fmt_number(float(v[0]))} m³ unmet",
                                "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11}})  # fmt: skip
        else:
            centers, counts, widths, words = _histogram(v, bins=min(30, max(5, len(v))))
        fig.add_trace(go.Bar(
            x=centers, y=counts, width=widths, name="draws", marker={"color": "#0072b2"},
            customdata=words, showlegend=False,
            hovertemplate="%{customdata[0]} m³ unmet: %{y:,} %{customdata[1]}<extra></extra>",
            meta={"kind": "tmc-histogram", "measure": "unmet_m3", "draws": len(v)},
        ))  # fmt: skip
        qs = [stats.get(q) for q in ("p5", "p50", "p95")]
        single = all(q is not None and math.isfinite(float(q)) for q in qs) and \
            max(map(float, qs)) - min(map(float, qs)) < 0.5  # type: ignore[arg-type]
        marks = [("p50", "dash", "P5 = P50 = P95")] if single else \
            [("p5", "dot", "P5"), ("p50", "dash", "P50"), ("p95", "dot", "P95")]  # fmt: skip
        for q, dash, label in marks:
            x = stats.get(q)
            if x is None or not math.isfinite(float(x)):
                continue
            shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0,
                           "y1": 1, "line": {"color": "#b2182b", "width": 1.5, "dash": dash}, "name": q})  # fmt: skip
            annotations.append({"xref": "x", "yref": "paper", "x": x,
                                "y": {"p5": 0.95, "p50": 0.85, "p95": 0.75}[q], "xanchor": "left",
                                "text": f"{label} {fmt_number(x)}", "showarrow": False,
                                "font": {"size": 10, "color": "#b2182b"},
                                "bgcolor": "rgba(255,255,255,0.8)"})  # fmt: skip
        if v.max() - v.min() < 0.5:
            fig.update_xaxes(tickvals=[float(v[0])], range=[float(v[0]) - 2.0, float(v[0]) + 2.0])
    fig.update_layout(**_base_layout(
        height=340, shapes=shapes, annotations=annotations, bargap=0.05,
        margin={"l": 10, "r": 20, "t": 30, "b": 40},
        xaxis={"title": {"text": "unmet demand over the horizon, all cities (m³)"}, "gridcolor": "#eee",
               "tickformat": ",.0f"},
        yaxis={"title": {"text": "draws"}, "gridcolor": "#eee", "rangemode": "tozero", "tickformat": ",~f",
               "automargin": True},
    ))  # fmt: skip
    if not len(v):
        fig.add_annotation(text="No draw has a plan", showarrow=False, xref="paper", yref="paper",
                           x=0.5, y=0.5)  # fmt: skip
    return fig
