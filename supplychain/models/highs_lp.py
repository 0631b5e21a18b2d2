"""One way to hand a row-wise LP to HiGHS: the :class:`highspy.HighsLp` the fast solver
(:mod:`supplychain.models.fast_highs`), the array LP (:mod:`supplychain.models.lp_arrays`)
and the time-expanded model (:mod:`supplychain.models.timeexp_solve`) pass in one call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from supplychain.errors import ArgumentError

__all__ = ["row_wise_lp"]


def row_wise_lp(
    *,
    col_cost: npt.ArrayLike,
    col_lower: npt.ArrayLike,
    col_upper: npt.ArrayLike,
    row_lower: npt.ArrayLike,
    row_upper: npt.ArrayLike,
    starts: npt.ArrayLike,
    index: npt.ArrayLike,
    value: npt.ArrayLike,
    maximize: bool = False,
    integer_columns: Sequence[int] = (),
) -> Any:
    """A :class:`highspy.HighsLp` from column bounds and costs and a row-wise matrix.

    Parameters
    ----------
    col_cost, col_lower, col_upper : array_like
        One value per column (``±highspy.kHighsInf`` or ``±inf`` for no bound).
    row_lower, row_upper : array_like
        One value per row.
    starts : array_like of int
        Where each row's entries start in ``index``/``value`` (rows + 1 values, CSR).
    index, value : array_like
        Column index and coefficient of each entry.
    maximize : bool, default False
        The objective's sense.
    integer_columns : sequence of int, optional
        Columns that must be integer (the others are continuous).

    Returns
    -------
    highspy.HighsLp

    Raises
    ------
    ArgumentError
        When ``starts`` does not have one value more than there are rows (a ``ValueError``).

    Examples
    --------
    >>> lp = row_wise_lp(col_cost=[1.0], col_lower=[0.0], col_upper=[2.0], row_lower=[-1e30],
    ...                  row_upper=[1.5], starts=[0, 1], index=[0], value=[1.0], maximize=True)
    >>> lp.num_col_, lp.num_row_
    (1, 1)
    """
    import highspy

    cost = np.asarray(col_cost, dtype=float)
    rows_low = np.asarray(row_lower, dtype=float)
    start = np.asarray(starts, dtype=np.int32)
    if len(start) != len(rows_low) + 1:
        raise ArgumentError(
            f"starts has {len(start)} values for {len(rows_low)} rows (row_lower); give one per "
            f"row and the end: {len(rows_low) + 1} values (CSR)"
        )
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(rows_low)
    lp.col_cost_ = cost
    lp.col_lower_ = np.asarray(col_lower, dtype=float)
    lp.col_upper_ = np.asarray(col_upper, dtype=float)
    lp.row_lower_ = rows_low
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    if maximize:
        lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = len(cost)
    lp.a_matrix_.num_row_ = len(rows_low)
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(value, dtype=float)
    if len(integer_columns):
        kinds = [highspy.HighsVarType.kContinuous] * len(cost)
        for i in integer_columns:
            kinds[i] = highspy.HighsVarType.kInteger
        lp.integrality_ = kinds
    return lp
