"""Wall time of the project's sweeps (``supplychain.scenarios.sweeps``) as a user runs them.

Each run gets its own :class:`~supplychain.scenarios.sweeps.SweepContext` seed, so its
fingerprint differs from every earlier run and the worker cache of fast solvers is rebuilt: the
times include building the two fast solvers (``throughput`` and ``served_unweighted``) in every
worker, starting the process pool (2 workers) and the final baseline solve; nothing is written
to disk (``out=None``), no progress bar.

- **N-1** (:func:`~supplychain.scenarios.sweeps.n_minus_1`): every segment (and border post)
  closed in turn; per closure, two fast solves and one networkx max flow to Bamako.
- **Monte Carlo** (:func:`~supplychain.scenarios.sweeps.monte_carlo`): every segment attacked
  independently with the same probability; per draw, two fast solves.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

import networkx as nx

from supplychain.models.params import ModelParameters
from supplychain.scenarios.sweeps import SweepContext, monte_carlo, n_minus_1

__all__ = ["SweepTiming", "time_monte_carlo", "time_n_minus_1"]


@dataclass
class SweepTiming:
    """One timed sweep.

    Parameters
    ----------
    kind : str
        ``n-1`` or ``monte-carlo``.
    workers : int
    items : int
        Closures (N-1) or draws (Monte Carlo) evaluated.
    wall_s : float
        Wall time of the sweep call.
    mean_closed : float
        Mean segments closed per draw (Monte Carlo; 1 for N-1).
    failed : int
        Rows whose solve did not end optimal.
    cpu_s : float
        CPU time of this process and its finished worker processes during the sweep; divided
        by ``wall_s`` it gives the cores the sweep actually got (others may share the machine).
    """

    kind: str
    workers: int
    items: int
    wall_s: float
    mean_closed: float = 1.0
    failed: int = 0
    cpu_s: float = float("nan")

    @property
    def per_s(self) -> float:
        """Items per second of wall time."""
        return self.items / self.wall_s if self.wall_s > 0 else float("nan")


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its reaped children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _segments(graph: nx.MultiDiGraph) -> list[str]:
    return sorted({str(d["segment_id"]) for _, _, d in graph.edges(data=True)})


def time_n_minus_1(
    graph: nx.MultiDiGraph, params: ModelParameters, *, workers: int, seed: int
) -> SweepTiming:
    """Time ``n_minus_1`` over every segment (and border post) of ``graph``."""
    ctx = SweepContext.create(graph, params, seed=seed)
    cpu = _cpu_s()
    start = time.perf_counter()
    result = n_minus_1(ctx, workers=workers, progress=False)
    wall = time.perf_counter() - start
    cpu = _cpu_s() - cpu
    failed = int((result.table["status"] != "optimal").sum()) if "status" in result.table else 0
    return SweepTiming("n-1", workers, len(result.table), wall, 1.0, failed, cpu)


def time_monte_carlo(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    *,
    draws: int,
    workers: int,
    probability: float,
    seed: int,
) -> SweepTiming:
    """Time ``monte_carlo`` with every segment attacked with ``probability``."""
    probs = dict.fromkeys(_segments(graph), probability)
    ctx = SweepContext.create(graph, params, attack_probability=probs, seed=seed)
    cpu = _cpu_s()
    start = time.perf_counter()
    result = monte_carlo(ctx, draws=draws, workers=workers, progress=False)
    wall = time.perf_counter() - start
    cpu = _cpu_s() - cpu
    table = result.table
    return SweepTiming("monte-carlo", workers, len(table), wall,
                       float(table["n_closed"].mean()) if len(table) else 0.0,
                       int(result.summary.get("failed_draws", 0)), cpu)  # fmt: skip
