"""The escort chart of the timeline section: units available and in use stay readable when
equal, and both are drawn as daily steps."""

from __future__ import annotations

from typing import Any

from supplychain.reports.figures.timeline import escort_figure

_SPAN = ("2026-01-01", "2026-01-05")
#: Every unit in use on days 1-3 (the two series equal, as over most of the back-test), then
#: a unit more available on day 3 than on day 2.
_ESCORTS = {
    "dates": ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"],
    "units": [2.0, 2.0, 3.0, 3.0],
    "used": [2.0, 2.0, 3.0, 1.0],
    "stretches": {},
}


def _trace(kind: str) -> tuple[Any, list[Any]]:
    fig = escort_figure(_ESCORTS, _SPAN)
    return next(t for t in fig.data if t.meta["kind"] == kind), list(fig.data)


def test_available_shows_round_in_use_where_equal() -> None:
    units, data = _trace("units")
    used, _ = _trace("used")
    # A 2 px grey line under a 2 px black one was hidden wherever every unit was in use: the
    # grey is a band at least twice as wide, so it shows on both sides of the black line.
    assert [t.meta["kind"] for t in data][:2] == ["units", "used"]
    assert units.line.width >= 2 * used.line.width + 2
    assert units.line.color != used.line.color


def test_in_use_is_a_step_as_available() -> None:
    # Drawn as a slope from day 2 to day 3, "in use" rose above "available" (a step up on day 3).
    units, _ = _trace("units")
    used, _ = _trace("used")
    assert units.line.shape == "hv"
    assert used.line.shape == "hv"


def test_a_min_escorts_run_draws_the_files_units_as_no_limit() -> None:
    # --min-escorts ignores the file's escort units: drawn as "available", the units in use rose
    # above them on the back-test's first days, as if the plan broke a limit.
    fig = escort_figure(_ESCORTS, _SPAN, unlimited=True)
    units = next(t for t in fig.data if t.meta["kind"] == "units")
    assert units.name == "Escort units in the file (no limit: --min-escorts)"
    assert "available" not in units.hovertemplate and "no limit" in units.hovertemplate
    assert units.line.dash == "dot"
    plain = next(t for t in escort_figure(_ESCORTS, _SPAN).data if t.meta["kind"] == "units")
    assert plain.name == "Escort units available" and plain.line.dash is None
