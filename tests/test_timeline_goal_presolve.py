"""Escort goals whose presolved interior point failed are solved without presolve from the start
in the later rounds of the arc pricing (solve_timeline's ``goals_without_presolve``)."""

from __future__ import annotations

from typing import Any

import pytest

import supplychain.models.timeexp_solve as ts
from supplychain.models.timeexp import build_timeline_model, solve_timeline

from .conftest import six_place_escort_case


def _failing_presolved_peak(monkeypatch: pytest.MonkeyPatch, runs: list[str]) -> None:
    """HiGHS's runs, each recorded as "presolved" or "bare"; a presolved run of the busiest-day
    goal (its objective the one column P, the last) is stopped before any interior-point
    iteration, as IPX's "Solve error" on the West-African rounds."""
    import numpy as np

    real = ts.run_interruptible

    def run(highs: Any) -> None:
        presolved = highs.getOptionValue("presolve")[1] != "off"
        costs = np.asarray(highs.getLp().col_cost_, dtype=float)
        is_peak = bool(np.count_nonzero(costs) == 1 and costs[-1] == 1.0)
        runs.append(("presolved" if presolved else "bare") + (" peak" if is_peak else ""))
        if presolved and is_peak:
            highs.setOptionValue("ipm_iteration_limit", 0)
            try:
                real(highs)
            finally:
                highs.setOptionValue("ipm_iteration_limit", 2**31 - 1)
            return
        real(highs)

    monkeypatch.setattr(ts, "run_interruptible", run)


def test_a_goal_that_failed_presolved_starts_without_presolve_next_time(monkeypatch: pytest.MonkeyPatch) -> None:
    g, prm, tl = six_place_escort_case()
    plain_model = build_timeline_model(g, prm, tl, min_escorts="peak")
    plain = solve_timeline(plain_model)
    assert plain.status == "optimal" and plain.escort_goal == "solved"
    runs: list[str] = []
    _failing_presolved_peak(monkeypatch, runs)
    unpresolved: set[str] = set()
    first_model = build_timeline_model(g, prm, tl, min_escorts="peak")
    first = solve_timeline(first_model, goals_without_presolve=unpresolved)
    # The presolved run failed, the retry without presolve solved it, and the goal is remembered.
    assert first.status == "optimal" and first.escort_goal == "solved"
    assert "presolved peak" in runs and unpresolved == {ts.BUSIEST_DAY}
    assert first_model.escort_peak_units == pytest.approx(plain_model.escort_peak_units, rel=1e-6, abs=1e-6)
    runs.clear()
    second_model = build_timeline_model(g, prm, tl, min_escorts="peak")
    second = solve_timeline(second_model, goals_without_presolve=unpresolved)
    # The next solve starts the goal without presolve: no presolved run of it at all.
    assert second.status == "optimal" and second.escort_goal == "solved"
    assert "presolved peak" not in runs and "bare peak" in runs
    assert second_model.escort_peak_units == pytest.approx(plain_model.escort_peak_units, rel=1e-6, abs=1e-6)
    assert float(second.escort_units_used.sum()) == pytest.approx(float(plain.escort_units_used.sum()), rel=1e-5)
