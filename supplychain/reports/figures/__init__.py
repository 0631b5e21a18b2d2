"""The report's plotly figures (re-exported from one module per figure family)."""

from __future__ import annotations

from supplychain.reports.figures.map import (
    COUNTRY_NAMES,
    MAX_WIDTH,
    MIN_WIDTH,
    STATUS_COLORS,
    comparison_figure,
    line_width,
    map_figure,
    monte_carlo_figure,
    ranking_figure,
    sankey_figure,
    worst_case_figure,
)

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
