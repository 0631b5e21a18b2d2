"""The figures of stress and timeline tables read by the report: a hand edit that leaves a
negative, infinite or missing figure (or a share above 100 %) is refused naming the column
and row, the NaN the writers leave on purpose is not (fuzz35). The CLI cases are in
tests/test_bad_inputs.py."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from supplychain.errors import DataFileError
from supplychain.reports.stress import load_stress
from supplychain.reports.timeline_section import TimelineData, load_timeline_result

NAN = math.nan


def _n1(**changes: list[object]) -> pd.DataFrame:
    """Two N-1 rows: one solved, one whose re-solve failed (its figures NaN, as written)."""
    table = pd.DataFrame({
        "rank": [1, 2], "id": ["RN1:a", "RN1:b"], "throughput_m3_per_day": [60.0, NAN],
        "served_m3_per_day": [40.0, NAN], "throughput_lost_m3_per_day": [40.0, NAN],
        "throughput_lost_tankers_per_day": [0.9, NAN], "throughput_lost_pct": [40.0, NAN],
        "served_lost_m3_per_day": [10.0, NAN], "served_lost_tankers_per_day": [0.2, NAN],
        "served_lost_pct": [20.0, NAN], "hub_flow_m3_per_day": [NAN, NAN],
        "single_point_of_failure": [False, False], "status": ["optimal", "failed"],
    })  # fmt: skip
    return table.assign(**changes)


def _closures(**changes: list[object]) -> pd.DataFrame:
    """Closure-days rows: one without a plan (its figures NaN, as ``_row`` writes it), one
    never dry (days NaN)."""
    table = pd.DataFrame({
        "corridor": ["A", "B"], "segments": [2, 3], "status": ["time_limit", "optimal"],
        "days_to_dry": [NAN, NAN], "first_dry_date": [None, None], "first_dry_city": ["", ""],
        "unmet_m3": [NAN, 0.0], "unmet_pct": [NAN, 0.0],
    })  # fmt: skip
    return table.assign(**changes)


def _sweep(kind: str, table: pd.DataFrame) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, table=table, summary={"sweep": kind})


def test_the_nan_the_writers_leave_is_read() -> None:
    assert load_stress(_sweep("n-1", _n1())).kind == "n-1"
    assert load_stress(_sweep("closure-days", _closures())).kind == "closure-days"


def test_a_solver_rounding_below_zero_is_read() -> None:
    """A figure 1e-7 below 0 (HiGHS's feasibility tolerance) is not a hand edit."""
    assert load_stress(_sweep("n-1", _n1(served_lost_m3_per_day=[-1e-7, NAN]))).kind == "n-1"
    assert load_stress(_sweep("n-1", _n1(throughput_lost_pct=[100.0 + 1e-9, NAN]))).kind == "n-1"


@pytest.mark.parametrize(("kind", "table", "said"), [
    ("n-1", _n1(served_lost_m3_per_day=[-5.0, NAN]), "column served_lost_m3_per_day holds -5 at row 0 (from 0), below 0"),
    ("n-1", _n1(throughput_m3_per_day=[math.inf, NAN]), "column throughput_m3_per_day holds inf at row 0 (from 0), infinite"),
    ("n-1", _n1(throughput_lost_pct=[40.0, 250.0]), "column throughput_lost_pct holds 250 at row 1 (from 0), above 100 %"),
    ("n-1", _n1(served_lost_pct=[NAN, NAN]), "column served_lost_pct is empty (NaN) at row 0 (from 0), where its status "
                                             "says it was solved"),
    ("closure-days", _closures(unmet_m3=[NAN, NAN]), "column unmet_m3 is empty (NaN) at row 1 (from 0)"),
    ("closure-days", _closures(segments=[-1, 3]), "column segments holds -1 at row 0 (from 0), below 0"),
])  # fmt: skip
def test_an_impossible_figure_is_refused_naming_column_and_row(kind: str, table: pd.DataFrame, said: str) -> None:
    with pytest.raises(DataFileError, match=f"^the in-memory {kind} sweep \\({kind}\\) ") as caught:
        load_stress(_sweep(kind, table))
    assert said in str(caught.value)


def _timeline(**changes: list[object]) -> pd.DataFrame:
    """A city's day and a border's (which has no stock nor demand: NaN, as written)."""
    table = pd.DataFrame({
        "date": pd.to_datetime(["2026-01-01"] * 2), "day": [0, 0], "place": ["Kayes", "Diboli"],
        "kind": ["city", "border"], "stock_m3": [50.0, NAN], "days_of_cover": [5.0, NAN],
        "demand_m3": [10.0, NAN], "delivered_m3": [10.0, NAN], "unmet_m3": [0.0, NAN],
        "arrivals_m3": [NAN, 46.0], "arrivals_tankers": [NAN, 1.0], "convoys": [NAN, NAN],
        "escort_units": [NAN, NAN], "escort_units_used": [NAN, NAN],
    })  # fmt: skip
    return table.assign(**changes)


def test_a_timeline_table_is_checked_by_the_kind_of_its_rows() -> None:
    assert load_timeline_result(TimelineData(_timeline(), source="t.parquet")).source == "t.parquet"
    with pytest.raises(DataFileError, match=r"^Timeline result 't\.parquet' column convoys holds -46 at row 1 "
                                            r"\(from 0\), below 0: the table was edited or damaged"):  # fmt: skip
        load_timeline_result(TimelineData(_timeline(convoys=[NAN, -46.0]), source="t.parquet"))
    # A crossing's arrivals are net: a net outflow, which `supplychain timeline` keeps, is not
    # damage (this case was refused until 2026-12-08); an infinite one is.
    assert len(load_timeline_result(TimelineData(_timeline(arrivals_m3=[NAN, -46.0], arrivals_tankers=[NAN, -1.0]),
                                                 source="t.parquet")).frame) == 2  # fmt: skip
    with pytest.raises(DataFileError, match=r"column arrivals_m3 holds inf at row 1 \(from 0\), infinite"):
        load_timeline_result(TimelineData(_timeline(arrivals_m3=[NAN, math.inf]), source="t.parquet"))
    with pytest.raises(DataFileError, match=r"column stock_m3 is empty \(NaN\) at row 0 \(from 0\), on a city's row"):
        load_timeline_result(TimelineData(_timeline(stock_m3=[NAN, NAN]), source="t.parquet"))
