"""Scenario comparison: share of each city's demand delivered, one colour per scenario."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import plotly.graph_objects as go

from supplychain.reports.data import (
    ScenarioRun,
)
from supplychain.reports.figures._common import _base_layout, _frame
from supplychain.reports.markup import fmt_number, hover_lines, plot_text

__all__ = ["comparison_figure"]

logger = logging.getLogger(__name__)

def comparison_figure(runs: Sequence[ScenarioRun]) -> go.Figure:
    """Share of each city's demand delivered, one group of bars per city, one colour per scenario.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        The scenarios compared, one bar trace each (their ``by_city`` tables).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace per run: x the cities (in order of first appearance), y the % of each
        city's demand delivered (None for a city without demand).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> from supplychain.reports.data import as_run
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> [(t.name, t.x, round(t.y[0], 1)) for t in comparison_figure([run]).data]
    [('baseline', ('Bamako',), 66.7)]
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
                # The share as the tables print percentages (fmt_number, 1 decimal, a half to
                # even), not with plotly's ".1f" (a half up: 62.25 % hovered "62.3", not "62.2").
                customdata=[
                    [fmt_number(d), fmt_number(q), fmt_number(100 * d / q if q > 0 else None, 1)]
                    for d, q in zip(delivered, demand, strict=True)
                ],
                name=plot_text(run.name),
                marker={"color": palette[i % len(palette)]},
                hovertemplate="%{x}: %{customdata[2]} % (%{customdata[0]} of %{customdata[1]} m³/day)"
                "<extra>%{fullData.name}</extra>",
                # On a phone the legend is one name a line: a scenario's name in lines of
                # HOVER_LINE_CHARS (in one line, the name of threat-blockade-2025.toml ran
                # 60 px past a 390 px screen, its end cut).
                meta={"kind": "comparison", "run": i, "delivered_m3_per_day": delivered,
                      "narrow": {"name": hover_lines(run.name)}},
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
