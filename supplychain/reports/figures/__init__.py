"""The report's plotly figures: map, Sankey, stress charts, scenario comparison.

Every figure is built from plain lists (no numpy typed arrays in the JSON), so the report's
embedded figure JSON reads back as the numbers shown. Data-derived strings are escaped with
:func:`~supplychain.reports.markup.plot_text` wherever plotly renders text (hover, labels,
legend, ticks, buttons). Traces carry a ``meta`` dictionary saying what they show, which the
tests read back.

One module per figure family, re-exported here: :mod:`~supplychain.reports.figures.map` (with
the country labels of :mod:`~supplychain.reports.figures.countries`),
:mod:`~supplychain.reports.figures.flows` (Sankey), :mod:`~supplychain.reports.figures.stress`
(N-1/N-k ranking, worst case, Monte Carlo, closure-days, timeline Monte Carlo), :mod:`~supplychain.reports.figures.comparison` and
:mod:`~supplychain.reports.figures.timeline` (days of cover, arrivals, escorts, events).
"""

from __future__ import annotations

from supplychain.reports.figures.comparison import comparison_figure
from supplychain.reports.figures.countries import COUNTRY_NAMES
from supplychain.reports.figures.flows import sankey_figure
from supplychain.reports.figures.map import (
    MAX_WIDTH,
    MIN_WIDTH,
    STATUS_COLORS,
    line_width,
    map_figure,
)
from supplychain.reports.figures.stress import (
    closure_days_figure,
    monte_carlo_figure,
    ranking_figure,
    timeline_mc_figure,
    worst_case_figure,
)
from supplychain.reports.figures.timeline import (
    arrivals_figure,
    cover_figure,
    escort_figure,
    events_figure,
)

__all__ = [
    "COUNTRY_NAMES",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "STATUS_COLORS",
    "arrivals_figure",
    "closure_days_figure",
    "comparison_figure",
    "cover_figure",
    "escort_figure",
    "events_figure",
    "line_width",
    "map_figure",
    "monte_carlo_figure",
    "ranking_figure",
    "sankey_figure",
    "timeline_mc_figure",
    "worst_case_figure",
]
