"""Monte Carlo quantile intervals: 95 % means 95 %, at any number of draws.

The P5/P50/P95 intervals of a Monte Carlo summary are order statistics of the draws. With
few draws no order statistic bounds a tail quantile with 95 % confidence (20 draws all lie
above the true P5 with probability 0.95^20 = 36 %); such a side is unbounded (NaN, null in
the JSON), not the smallest draw. The coverage of every interval is checked exactly: the
number of draws below the true quantile is Binomial(n, q).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from supplychain.scenarios.montecarlo import distribution_stats, quantile_ci


def _coverage(n: int, q: float, lo: float, hi: float) -> float:
    """Exact coverage of [x(lo), x(hi)] (0-based ranks; NaN: unbounded) for a continuous
    distribution: P(lo + 1 <= B <= hi), B ~ Binomial(n, q)."""
    first = 0 if math.isnan(lo) else int(lo) + 1
    last = n if math.isnan(hi) else int(hi)
    return float(binom.cdf(last, n, q) - (binom.cdf(first - 1, n, q) if first > 0 else 0.0))


@pytest.mark.parametrize("n", [1, 2, 5, 10, 20, 50, 59, 100, 400, 1000, 10_000])
@pytest.mark.parametrize("q", [0.05, 0.5, 0.95])
def test_quantile_interval_covers_95_percent(n: int, q: float) -> None:
    # x = 0..n-1, so the interval's ends are the ranks of the order statistics it picked.
    est, lo, hi = quantile_ci(np.arange(n, dtype=float), q)
    assert _coverage(n, q, lo, hi) >= 0.95, (n, q, lo, hi)
    assert (math.isnan(lo) or lo <= est) and (math.isnan(hi) or est <= hi)


def test_too_few_draws_leave_the_tail_side_unbounded() -> None:
    # 20 draws: P(all above the true P5) = 0.95^20 = 0.358 > 2.5 %, no lower bound; the upper
    # bound is the 4th smallest (P(B >= 4) = 0.016 <= 2.5 % < P(B >= 3) = 0.075).
    x = np.arange(20, dtype=float)
    est, lo, hi = quantile_ci(x, 0.05)
    assert est == pytest.approx(0.95) and math.isnan(lo) and hi == 3.0
    est, lo, hi = quantile_ci(x, 0.95)
    assert est == pytest.approx(18.05) and lo == 16.0 and math.isnan(hi)
    # 1 draw: nothing is bounded, the estimate is the draw.
    st = distribution_stats(np.array([6026.0]))
    assert st["p5"] == st["p50"] == st["p95"] == 6026.0
    for label in ("p5", "p50", "p95"):
        assert all(math.isnan(v) for v in st[f"{label}_ci95"]), label


def test_many_draws_keep_close_bounds() -> None:
    # 10,000 draws: 0-based ranks 457 (P(B <= 457) = 0.0244, P(B <= 458) > 0.025) and 543
    # (P(B > 543) = 0.0241, P(B > 542) = 0.0267) around n q = 500.
    est, lo, hi = quantile_ci(np.arange(10_000, dtype=float), 0.05)
    assert (lo, hi) == (457.0, 543.0) and est == pytest.approx(499.95)


def test_failed_draws_are_left_out_of_the_statistics() -> None:
    # A draw whose re-solve failed is NaN (null in the table, counted in failed_draws): the
    # statistics are those of the draws that solved. One NaN made the mean and P's NaN while
    # the intervals came from a sort with the NaN last (P5 NaN, its interval [1, 1]).
    solved = np.array([1.0, 2.0, 3.0] * 30)
    with_failed = np.append(solved, [math.nan, math.nan])
    assert distribution_stats(with_failed) == distribution_stats(solved)
    assert all(math.isnan(v) for v in distribution_stats(np.array([math.nan]))["p50_ci95"])
