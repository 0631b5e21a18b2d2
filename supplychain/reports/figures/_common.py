"""Helpers shared by the figure modules: the page font, the base layout, frames as records."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__: list[str] = []

#: Flows below this (m³/day) count as no flow.
_FLOW_TOL = 1e-3

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


def _frame(frame: pd.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    if frame is None or frame.empty or key not in frame.columns:
        return {}
    return {str(r[key]): {str(k): v for k, v in r.items()} for r in frame.to_dict("records")}
