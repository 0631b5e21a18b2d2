"""Monte Carlo stress test: random attacks, each draw solved from the base basis.

Draws are generated per chunk from ``numpy.random.default_rng([seed, chunk])`` and each draw
is re-solved on the fast path from the base basis, so a seed gives bit-identical figures
whatever the executor, the number of workers or a resume. The summary's statistics
(:func:`distribution_stats`) carry distribution-free confidence intervals
(:func:`quantile_ci`).
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from supplychain.errors import ArgumentError, ArgumentTypeError, ParameterError
from supplychain.models.params import tanker_volume
from supplychain.scenarios.sweep_common import (
    SweepContext,
    SweepResult,
    _base_values,
    _check_context,
    _check_whole,
    _count_problem,
    _describe,
    _done,
    _extended_chunk_size,
    _lost,
    _run,
    _solvers,
    draws_problem,
)

__all__ = ["DEFAULT_CHUNK_SIZE", "MAX_DRAWS", "WORST_DRAWS_ORDER", "distribution_stats", "monte_carlo", "quantile_ci",
           "worst_draws_phrase"]

logger = logging.getLogger(__name__)

#: Which draws are the worst, as the text output and the report say it beside the segments'
#: shares (``worst_5pct_share``): unsaid, "the worst 5 % of draws" printed under the throughput
#: figures read as the draws of least throughput, where they are of least served demand.
WORST_DRAWS_ORDER = ("worst draws: the least served demand, then the least throughput; only draws "
                     "worse than the median draw count")

#: Draws per chunk by default (assumption: 250 draws of 0.1-0.5 ms are 25-125 ms of work per
#: chunk file, which takes about 20 ms to write and read back). The draws depend on it.
DEFAULT_CHUNK_SIZE = 250

#: Most draws of one run (assumption: 10^7 draws of 0.1-0.5 ms are 20 min to 1.4 h on one
#: core and a table of 10^7 rows held in memory; more listed 4 x 10^8 tasks for 10^11 draws
#: and ran out of memory before the first draw).
MAX_DRAWS = 10_000_000


def _draw_chunk(task: tuple[int, int, int], ctx: SweepContext) -> pd.DataFrame:
    """Monte Carlo draws ``start .. start+count`` of chunk ``index`` (own seeded generator)."""
    index, start, count = task
    through, served = _solvers(ctx, fresh=True)
    groups = ctx.groups()
    probs = np.array([g[0] for g in groups], dtype=float)
    rng = np.random.default_rng([ctx.seed, index])
    hits = rng.random((count, len(groups))) < probs
    # What the scenario closes itself is closed in every draw: a drawn attack there closes
    # nothing more, so the closed columns leave it out (the solves get the draw as drawn).
    base_segs = {s for s, e in ctx.scenario.segments.items() if e.closed}
    base_nodes = {n for n, e in ctx.scenario.nodes.items() if e.closed}
    rows = []
    for i in range(count):
        happened = [g for g, hit in zip(groups, hits[i], strict=True) if hit]
        segs = tuple(sorted({s for g in happened for s in g[1]}))
        nodes = tuple(sorted({n for g in happened for n in g[2]}))
        new_segs = [s for s in segs if s not in base_segs]
        new_nodes = [n for n in nodes if n not in base_nodes]
        rows.append({"draw": start + i, "closed": ";".join(new_segs), "closed_nodes": ";".join(new_nodes),
                     "n_closed": len(new_segs) + len(new_nodes), "attacks": len(happened),
                     "throughput_m3_per_day": through.solve(closed_segments=segs, closed_nodes=nodes),
                     "served_m3_per_day": served.solve(closed_segments=segs, closed_nodes=nodes)})  # fmt: skip
    return pd.DataFrame(rows)


def quantile_ci(values: np.ndarray, q: float, *, z: float = 1.959964) -> tuple[float, float, float]:
    """A quantile and its distribution-free confidence interval (order statistics).

    The estimate is numpy's default quantile (linear interpolation between the order
    statistics around ``(n - 1) q``). The interval is the exact binomial one: the number of
    values below the true quantile is Binomial(n, q), so the lower end is the largest order
    statistic (0-based rank ``j``) with ``P(B <= j) <= a`` and the upper end the smallest
    (rank ``k``) with ``P(B > k) <= a``, ``a`` the normal tail beyond ``z`` (0.025 for
    95 %); each side misses with at most that chance, whatever the distribution. A side no
    order statistic can bound is NaN (unbounded): 20 draws all lie above the true P5 with
    probability 0.95^20 = 36 %, so their smallest is no 95 % lower bound (it was given as one
    before 2026-12-04, covering 63 %; one draw gave [x, x] for every quantile).

    Parameters
    ----------
    values : numpy.ndarray
    q : float
        Quantile, from 0 to 1.
    z : float
        Normal quantile of the confidence level (1.959964: 95 %, two-sided).

    Returns
    -------
    tuple of float
        (estimate, lower, upper); ``lower`` or ``upper`` NaN when unbounded.

    Raises
    ------
    ArgumentError
        If ``q`` is outside 0 to 1 (an :class:`~supplychain.errors.ArgumentTypeError` when it
        is not a number).

    Examples
    --------
    >>> est, lo, hi = quantile_ci(np.arange(1000.0), 0.5)
    >>> lo < est < hi
    True
    >>> quantile_ci(np.arange(20.0), 0.05)[1:]
    (nan, 3.0)
    """
    # q = 2 met numpy's "Quantiles must be in the range [0, 1]" after the sort, "0.5" a TypeError (api37).
    wrong = f"q = {q!r}: give the quantile as a share from 0 to 1 (0.05 for P5)"
    if isinstance(q, bool) or not isinstance(q, numbers.Real):
        raise ArgumentTypeError(wrong)
    if not 0 <= q <= 1:
        raise ArgumentError(wrong)
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    # scipy.special's functions, not scipy.stats' distributions: scipy.stats takes 1.1 s to
    # import and 0.6 s more on its first call (scipy.special 0.35 s), which every Monte Carlo
    # run paid at its end (measured 2026-12-08). Imported here, not at the top, so that the
    # sweeps without these statistics (N-1 and its workers) do not pay even that.
    # norm.sf(z) is ndtr(-z) and t.ppf(p, df) stdtrit(df, p) in scipy itself; binom.cdf and
    # binom.sf (boost's) and bdtr, bdtrc (cephes') chose the same ranks for every n up to 3,000
    # and 3 % of those to 100,000, at 11 quantiles from 0 to 1 (checked 2026-12-08).
    from scipy.special import bdtr, bdtrc, ndtr

    tail = float(ndtr(-z))
    ranks = np.arange(n)
    below = np.flatnonzero(bdtr(ranks, n, q) <= tail)
    above = np.flatnonzero(bdtrc(ranks, n, q) <= tail)
    # The estimate interpolates between the order statistics around (n - 1) q: the interval
    # keeps both (with 2 draws the P95 fell below its own interval [x2, x2]).
    pos = (n - 1) * q
    lo = min(int(below[-1]), math.floor(pos)) if len(below) else None
    hi = max(int(above[0]), math.ceil(pos)) if len(above) else None
    return (float(np.quantile(x, q)), math.nan if lo is None else float(x[lo]),
            math.nan if hi is None else float(x[hi]))  # fmt: skip


def distribution_stats(values: np.ndarray) -> dict[str, Any]:
    """Mean with its 95 % interval, and P5, P50, P95 with distribution-free 95 % intervals.

    The mean's interval is Student's t (mean ± t(0.975, n - 1) x s / sqrt(n); the normal
    approximation's 1.96 was too narrow for few draws: 2.78 for 5), cut at 0 when no value is
    negative (the quantities summarised here cannot be). It is an interval of the mean, not of
    the draws: on few skewed draws it can reach below the lowest (the report says so under its
    tables). NaN values (failed draws) are left out.

    Parameters
    ----------
    values : numpy.ndarray

    Returns
    -------
    dict
        ``mean``, ``mean_ci95``, ``p5``, ``p5_ci95``, ``p50``, ``p50_ci95``, ``p95``, ``p95_ci95``,
        ``min`` and ``max`` (the lowest and highest draw; NaN without one).

    Examples
    --------
    >>> distribution_stats(np.array([1.0, 2.0, 3.0]))["p50"]
    2.0
    >>> distribution_stats(np.array([1.0, 2.0, 3.0]))["min"]
    1.0
    >>> distribution_stats(np.array([0.0, 0.0, 0.0, 5.0]))["mean_ci95"][0]
    0.0
    >>> [round(x, 2) for x in distribution_stats(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))["mean_ci95"]]
    [1.04, 4.96]
    """
    v = np.asarray(values, dtype=float)
    # A failed draw is NaN (its ``failed_draws`` count says how many): the statistics are
    # those of the draws that solved (one NaN made every figure NaN before 2026-12-04).
    v = v[~np.isnan(v)]
    n = len(v)
    mean = float(v.mean()) if n else math.nan
    from scipy.special import stdtrit  # Student's t.ppf, see quantile_ci

    half = float(stdtrit(n - 1, 0.975)) * float(v.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan
    low = mean - half
    if n and v.min() >= 0.0:  # a quantity that cannot be negative (unmet m3, dry days): the
        low = max(low, 0.0)   # normal interval of a skewed sample reached below 0 (-0.19 days)
    out: dict[str, Any] = {"mean": mean, "mean_ci95": [low, mean + half]}
    for q, label in ((0.05, "p5"), (0.5, "p50"), (0.95, "p95")):
        est, lo, hi = quantile_ci(v, q)
        out[label] = est
        out[f"{label}_ci95"] = [lo, hi]
    # The extreme draws: the worst case the sample saw, which the percentiles do not show.
    out["min"] = float(v.min()) if n else math.nan
    out["max"] = float(v.max()) if n else math.nan
    return out


def monte_carlo(
    ctx: SweepContext,
    *,
    draws: int = 10_000,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    csv: bool = False,
    command: Mapping[str, Any] | None = None,
) -> SweepResult:
    """Random attacks: independent attacks, each closing its segments (and posts) together.

    Without attack groups each segment is attacked independently with its probability; a
    threat file's rule with ``attack_probability`` closes all it selects at once. Draws are
    generated per chunk from ``numpy.random.default_rng([seed, chunk])``, so a
    seed gives the same draws whatever the executor, the number of workers or a resume; each
    draw is solved from the base basis, so its figures are bit-identical too.

    Parameters
    ----------
    ctx : SweepContext
        Must carry ``attack_probability`` (from a threat scenario or incidents): a threat
        file's, with its attack groups, from :meth:`SweepContext.from_threat`.
    draws : int, default 10000
    out, workers, scheduler, progress, csv, command
        As for :func:`n_minus_1`.
    chunk_size : int, optional
        Draws per task (part of the run's identity: changing it changes the draws). Default:
        the chunk size of this run (same seed, scenario and network) when ``out`` holds it,
        unfinished or finished, else 250.

    Returns
    -------
    SweepResult
        One row per draw; the summary holds mean, P5, P50, P95 of throughput and served demand
        with 95 % confidence intervals, the mean numbers of segments and of border posts
        closed per draw (``mean_segments_closed``, ``mean_border_posts_closed``), and each
        segment's and border post's share of the worst 5 % of draws with its attack
        probability (marginal over the attack groups) and lift (``kind`` says which it is).

    Raises
    ------
    ParameterError
        If no segment has an attack probability, or ``draws`` < 1 or above :data:`MAX_DRAWS`.
    ArgumentTypeError
        If ``draws`` is not a whole number.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> ctx = SweepContext.create(build_network(), load_model_parameters(),
    ...                           attack_probability={"RN1:Kayes-Sandaré": 0.5}, seed=1)
    >>> r = monte_carlo(ctx, draws=20, chunk_size=10, progress=False)
    >>> len(r.table), r.summary["draws"]
    (20, 20)
    """
    _check_context(ctx, workers=workers, out=out, command=command)
    _check_whole("draws", draws)
    if draws < 1:
        raise ParameterError(f"Monte Carlo needs at least one draw; got {draws}.")
    if (too_many := draws_problem(draws, MAX_DRAWS, "a Monte Carlo run", named=f"draws {draws:,}")) is not None:
        raise ParameterError(too_many)
    if chunk_size is None:  # the run's in --out, so that it can be extended; else 250 (assumption)
        chunk_size = _extended_chunk_size(out, "monte-carlo", ctx.key, {"seed": ctx.seed}) or DEFAULT_CHUNK_SIZE
    if (problem := _count_problem("chunk_size", chunk_size, "draws per task")) is not None:
        raise ParameterError(problem)
    if not any(g[0] > 0 for g in ctx.groups()):
        raise ParameterError(
            "No segment has an attack probability above 0: give a threat scenario with "
            "attack_probability rules above 0 or an [incidents] table (see models/threat-*.toml)."
        )
    tasks = [(i, (i, start, min(chunk_size, draws - start)))
             for i, start in enumerate(range(0, draws, chunk_size))]  # fmt: skip
    settings = {"draws": draws, "chunk_size": chunk_size, "seed": ctx.seed}
    spans = {i: (start, start + count) for i, (_, start, count) in tasks}
    table, store = _run(ctx, "monte-carlo", _draw_chunk, tasks, out=out, settings=settings,
                        workers=workers, scheduler=scheduler, progress=progress, draw_spans=spans)  # fmt: skip
    table = table.sort_values("draw").reset_index(drop=True).drop(columns=["chunk"], errors="ignore")
    base_t, base_s = _base_values(ctx)  # from the solvers the draws used, when in this process
    volume = tanker_volume(ctx.graph)
    table["throughput_lost_m3_per_day"] = _lost(base_t, table["throughput_m3_per_day"])
    table["served_lost_m3_per_day"] = _lost(base_s, table["served_m3_per_day"])
    summary: dict[str, Any] = {
        **_describe(ctx, "monte-carlo"),
        "draws": len(table),
        "seed": ctx.seed,
        # The draws depend on the chunk size (one generator per chunk): recorded so that a run
        # can be reproduced with --chunk-size (review, 2026-12-04: only the seed was).
        "chunk_size": int(chunk_size),
        "tanker_m3": volume,
        "base_throughput_m3_per_day": base_t,
        "base_served_m3_per_day": base_s,
        "throughput_m3_per_day": distribution_stats(table["throughput_m3_per_day"].to_numpy()),
        "served_m3_per_day": distribution_stats(table["served_m3_per_day"].to_numpy()),
        "mean_segments_closed": _mean_count(table, "closed"),
        "mean_border_posts_closed": _mean_count(table, "closed_nodes"),
        "failed_draws": int(table["served_m3_per_day"].isna().sum()),
        "worst_5pct_share": _worst_share(table, *_marginals(ctx)),
    }
    logger.info("Monte Carlo: %d draws, served P5 %.0f / mean %.0f m3/day", len(table),
                summary["served_m3_per_day"]["p5"], summary["served_m3_per_day"]["mean"])  # fmt: skip
    return _done("monte-carlo", table, summary, store, csv, command)


def _mean_count(table: pd.DataFrame, column: str) -> float:
    """Mean number of items per draw in a ``;``-joined column (``closed``: segments,
    ``closed_nodes``: border posts); 0 for no draws or no such column."""
    if table.empty or column not in table:
        return 0.0
    return float(table[column].fillna("").astype(str).map(lambda c: len([x for x in c.split(";") if x])).mean())


def _marginals(ctx: SweepContext) -> tuple[dict[str, float], dict[str, float]]:
    """Each segment's and each border post's chance per draw of being attacked, from the
    attack groups the draws sample: ``1 - prod(1 - p)`` over the groups holding it (as a
    threat file's explanation computes it; without groups, each segment's own probability)."""
    survive: tuple[dict[str, float], dict[str, float]] = ({}, {})
    for p, segs, posts in ctx.groups():
        keep = 1.0 - min(max(float(p), 0.0), 1.0)
        for kind, items in enumerate((segs, posts)):
            for i in items:
                survive[kind][i] = survive[kind].get(i, 1.0) * keep
    segments, nodes = ({i: min(max(1.0 - s, 0.0), 1.0) for i, s in sorted(d.items())} for d in survive)
    return segments, nodes


def worst_draws_phrase(worst_draws: int | None, draws: int) -> str:
    """Which draws a segment's ``share_of_worst_draws`` is over, in words.

    The share is over the worst 5 % of draws, or over fewer when fewer are worse than the
    median draw (``worst_draws`` of a ``worst_5pct_share`` row); the text output and the report
    say which, so "100 %" of one draw is not read as 100 % of the worst 5 %.

    Parameters
    ----------
    worst_draws : int or None
        The row's ``worst_draws`` (None in summaries written before it: the worst 5 %).
    draws : int
        Draws in the sweep.

    Returns
    -------
    str
        ``"the worst 5 % of draws"`` or ``"the N draw(s) of DRAWS worse than the median"``.

    Raises
    ------
    ValueError
        Never for integers; a non-numeric ``draws`` raises from ``math.ceil``.

    Examples
    --------
    >>> worst_draws_phrase(100, 2000), worst_draws_phrase(1, 2000)
    ('the worst 5 % of draws', 'the 1 draw of 2,000 worse than the median')
    """
    five = max(1, math.ceil(0.05 * draws))
    if worst_draws is None or worst_draws >= five:
        return "the worst 5 % of draws"
    return (f"the {worst_draws:,} draw{'s' if worst_draws != 1 else ''} of {draws:,} worse "
            "than the median")


def _worst_share(
    table: pd.DataFrame, probs: dict[str, float], post_probs: dict[str, float] | None = None
) -> list[dict[str, Any]]:
    """Each segment's and border post's share of the worst 5 % of draws (by served demand,
    then throughput), with its attack probability (``probs`` for segments, ``post_probs`` for
    border posts) and its lift (share / probability). ``kind`` says which it is; the id or
    name is in ``segment_id`` (the key kept for what reads it).

    Only draws worse than the median draw count: when most draws lose nothing, the "worst 5 %"
    would otherwise be draws tied with the median, picked by draw number, and their closed
    segments would be blamed for nothing (seen on the embedded default, where no draw loses
    anything). The share is over the draws that count (``worst_draws`` in each row, fewer than
    5 % of the draws when fewer are worse than the median); none counts: an empty list.
    """
    if table.empty:
        return []
    n_worst = max(1, math.ceil(0.05 * len(table)))
    worst = table.sort_values(["served_m3_per_day", "throughput_m3_per_day", "draw"]).head(n_worst)
    served, through = table["served_m3_per_day"].median(), table["throughput_m3_per_day"].median()
    # 1e-6 m3/day: the LP's tolerance, below which two draws' figures are the same
    worse = (worst["served_m3_per_day"] < served - 1e-6) | (
        (worst["served_m3_per_day"] <= served + 1e-6)
        & (worst["throughput_m3_per_day"] < through - 1e-6))
    worst = worst[worse]
    n_worst = len(worst)
    if n_worst == 0:
        return []
    counts: dict[tuple[str, str], int] = {}
    closed_nodes = worst["closed_nodes"] if "closed_nodes" in worst else [""] * len(worst)
    for closed, nodes in zip(worst["closed"], closed_nodes, strict=True):
        for key in [*(("segment", s) for s in filter(None, str(closed).split(";"))),
                    *(("border", n) for n in filter(None, str(nodes).split(";")))]:  # fmt: skip
            counts[key] = counts.get(key, 0) + 1
    by_kind = {"segment": probs, "border": post_probs or {}}
    rows = []
    for (kind, item), c in counts.items():
        p = by_kind[kind].get(item, 0.0)
        rows.append({"segment_id": item, "kind": kind, "share_of_worst_draws": c / n_worst,
                     "worst_draws": n_worst, "attack_probability": p,
                     "lift": (c / n_worst) / p if p else math.nan})  # fmt: skip
    return sorted(rows, key=lambda r: (-r["share_of_worst_draws"], r["segment_id"], r["kind"]))
