"""Fast re-solves of one LP under many closures: the stage-1 LP held in a HiGHS instance.

Stress tests solve the same routing LP thousands of times with a few segments closed.
Rebuilding it through PuLP each time costs tens of milliseconds; :class:`FastSolver` builds it
once, straight as arrays (:func:`~supplychain.models.lp_arrays.stage_one_arrays`: the LP of
:func:`~supplychain.models.lp.build_model`, array for array, without PuLP's objects), hands the
matrix to :mod:`highspy`, and answers each closure by changing bounds, re-running the dual
simplex from the current basis and restoring the bounds.

Segment capacities and loading limits (single-variable rows ``segment_capacity_<i>`` and
``supply_<i>`` of the PuLP model) become column upper bounds, so a closure is a pure bound
change: a segment's flow columns (both directions) get upper bound 0, a border post's
``node_capacity_<i>`` row gets upper bound 0, a plain town gets all its incoming flow columns
at 0, and a loading point gets its load column and its incoming flow columns at 0 (a closed
port or depot passes nothing, as :func:`~supplychain.models.lp.build_model` has it).

Closures that cannot change the optimum are not solved. Closures and degradations only
tighten bounds, and a plan that is optimal for the base LP and still feasible for the tighter
one is optimal for it. The solver keeps a few optimal base plans (the vertex HiGHS found, the
optimal plan of least total flow and the one of least stage-2 cost, which carry no useless
circuits) and returns the base value without solving when one of them keeps every tightened
bound: closed segments, posts and towns it does not use, degraded segments whose flow fits
in their new capacity. The check is against these stored base plans, never against the last
re-solve.

HiGHS's run clock accumulates over the runs of one instance, so the solver time limit
(``params.time_limit_s``) is reset before each re-solve to apply per run.

Only the modes whose objective is the delivered volume (every m³ worth 1) are offered:
``throughput`` and ``served_unweighted``.

This module holds the public records and :class:`FastSolver` (closures to bounds, counters,
pickling); the HiGHS side (the LP in highspy, re-solves under tightened bounds) is in
:mod:`supplychain.models.fast_highs`, the skip rule and its reference plans in
:mod:`supplychain.models.fast_skip`.

Over 500 lines on purpose: what is left is the one :class:`FastSolver` object (closures to
bounds, counters, pickling) whose methods share its state, with its public records; the
HiGHS wrapper and the skip rule are already apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np

from supplychain.errors import ParameterError
from supplychain.models.fast_highs import (
    _Bounds,
    _new_highs,
    _run_with_bounds,
)
from supplychain.models.fast_skip import _keeps_bounds, _reference_plans
from supplychain.models.lp_arrays import stage_one_arrays
from supplychain.models.params import ModelParameters
from supplychain.models.scenario import Scenario

__all__ = ["Closure", "FastMode", "FastSolver", "FastSolverSpec", "FastSolverStats"]

logger = logging.getLogger(__name__)

#: Modes whose stage-1 objective is the total delivered volume.
FastMode = Literal["throughput", "served_unweighted"]


@dataclass(frozen=True)
class Closure:
    """Extra closures and degradations for one :meth:`FastSolver.solve`.

    Parameters
    ----------
    closed_segments : tuple of str
        Segment ids closed (both directions).
    closed_nodes : tuple of str
        Named nodes closed (border posts, loading points, towns).
    capacity_factors : tuple of (str, float)
        Segment id and the share of its capacity left (0..1).

    Examples
    --------
    >>> Closure(closed_segments=("RN1:Kayes-Diéma",)).as_kwargs()["closed_segments"]
    ('RN1:Kayes-Diéma',)
    """

    closed_segments: tuple[str, ...] = ()
    closed_nodes: tuple[str, ...] = ()
    capacity_factors: tuple[tuple[str, float], ...] = ()

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :meth:`FastSolver.solve`.

        Returns
        -------
        dict of str to object
            ``closed_segments`` and ``closed_nodes`` (tuples of str) and ``capacity_factors``
            (dict of segment id to the share of its capacity left).
        """
        return {
            "closed_segments": self.closed_segments,
            "closed_nodes": self.closed_nodes,
            "capacity_factors": dict(self.capacity_factors),
        }


@dataclass
class FastSolverStats:
    """Counters of a :class:`FastSolver`.

    Parameters
    ----------
    solves : int
        Closures answered by running HiGHS.
    skipped : int
        Closures answered with the base value without solving (provably unchanged).
    failed : int
        Re-solves that did not end optimal (answered ``nan``).
    time_s : float
        Wall time spent in :meth:`FastSolver.solve`, skipped closures included.
    build_time_s : float
        Wall time to build the model and solve the base case.

    Examples
    --------
    >>> FastSolverStats().calls
    0
    """

    solves: int = 0
    skipped: int = 0
    failed: int = 0
    time_s: float = 0.0
    build_time_s: float = 0.0

    @property
    def calls(self) -> int:
        """Closures answered (solved or skipped)."""
        return self.solves + self.skipped

    @property
    def ms_per_call(self) -> float:
        """Mean wall time per answered closure in milliseconds (0 before the first)."""
        return 1000.0 * self.time_s / self.calls if self.calls else 0.0


@dataclass(frozen=True)
class FastSolverSpec:
    """A small picklable recipe that rebuilds a :class:`FastSolver` (e.g. in a worker process).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    scenario : Scenario or None
    mode : {"throughput", "served_unweighted"}
    tanker_m3 : float or None
    restore_basis : bool

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> spec = FastSolverSpec(build_network(), load_model_parameters(), mode="throughput")
    >>> spec.build().mode
    'throughput'
    """

    graph: nx.MultiDiGraph
    params: ModelParameters
    scenario: Scenario | None = None
    mode: FastMode = "throughput"
    tanker_m3: float | None = None
    restore_basis: bool = False

    def build(self) -> FastSolver:
        """Build the solver this recipe describes (the base LP is solved anew).

        Returns
        -------
        FastSolver
            With fresh counters.
        """
        return FastSolver(
            self.graph, self.params, self.scenario, mode=self.mode, tanker_m3=self.tanker_m3,
            restore_basis=self.restore_basis,
        )  # fmt: skip


class FastSolver:
    """The stage-1 LP of ``build_model(graph, params, scenario, mode=mode)`` held in HiGHS.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A corridor network.
    params : ModelParameters
    scenario : Scenario, optional
        Base scenario; closures passed to :meth:`solve` come on top of it.
    mode : {"throughput", "served_unweighted"}, default "throughput"
        Both count every delivered m³ as 1, so the optimum is the total delivered volume.
    tanker_m3 : float, optional
        Tanker volume; default ``graph.graph["tanker_volume_m3"]``.
    restore_basis : bool, default False
        Put the base optimal basis back after every re-solve (the next one then starts from
        the base optimum rather than from the last closure's). After a failed re-solve the
        base basis is always restored.

    Attributes
    ----------
    segment_ids : tuple of str
        Every segment id of the network, in edge order.
    node_names : tuple of str
        Every named node (border posts, loading points, towns), in node order.
    stats : FastSolverStats

    Raises
    ------
    ParameterError
        For a mode whose objective is not the delivered volume, or a base LP that is not
        optimal; and whatever :func:`~supplychain.models.lp.build_model` raises (the same
        checks run on the array-built LP).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models.params import load_model_parameters
    >>> fast = FastSolver(build_network(), load_model_parameters())
    >>> base = fast.base_value_m3_per_day
    >>> cut = fast.solve(closed_segments=[fast.segment_ids[0]])
    >>> cut <= base + 1e-6
    True
    >>> fast.solve() == base  # nothing closed: the base optimum, not re-solved
    True
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        params: ModelParameters,
        scenario: Scenario | None = None,
        *,
        mode: FastMode = "throughput",
        tanker_m3: float | None = None,
        restore_basis: bool = False,
    ) -> None:
        if mode not in ("throughput", "served_unweighted"):
            raise ParameterError(
                f"FastSolver mode '{mode}' is not supported; use 'throughput' or "
                "'served_unweighted' (their optimum is the delivered volume)"
            )
        start = time.perf_counter()
        self._graph = graph
        self._params = params
        self._scenario = scenario
        self._mode: FastMode = mode
        self._tanker_m3 = tanker_m3
        self._restore_basis = restore_basis
        self._time_limit_s = float(params.time_limit_s)
        self.stats = FastSolverStats()

        arrays = stage_one_arrays(graph, params, scenario, mode=mode, tanker_m3=tanker_m3)
        self.scenario_name = arrays.scenario_name
        lp = arrays.highs_lp()
        n_col, row_lower, row_upper = arrays.n_col, arrays.row_lower, arrays.row_upper

        import highspy

        h = _new_highs(lp, params.time_limit_s)
        self._highs = h
        self._ok = highspy.HighsModelStatus.kOptimal
        self._col_lower = arrays.col_lower.copy()
        self._col_upper = arrays.col_upper.copy()
        self._row_lower = np.array(row_lower, dtype=float)
        self._row_upper = np.array(row_upper, dtype=float)

        # What each closure touches.
        flow_col = {e: int(j) for e, j in zip(arrays.edges, arrays.flow_cols.tolist(), strict=True)}
        seg_cols: dict[str, list[int]] = {}
        for seg, j in zip(arrays.edge_segment, flow_col.values(), strict=True):
            seg_cols.setdefault(seg, []).append(j)
        self._segment_cols = {s: np.array(c, dtype=np.int32) for s, c in seg_cols.items()}
        self.segment_ids: tuple[str, ...] = tuple(seg_cols)
        node_rows = arrays.node_row
        node_cols: dict[str, list[int]] = {}
        node_rows_by_name: dict[str, list[int]] = {}
        for n, data in graph.nodes(data=True):
            label = data.get("name")
            if not label:
                continue
            cols = node_cols.setdefault(label, [])
            rows = node_rows_by_name.setdefault(label, [])
            # A closed node passes nothing: a loading point stops loading, and nothing enters
            # any node from the roads (its node_capacity row, or else its incoming flows, at 0).
            if n in arrays.load_col:
                cols.append(arrays.load_col[n])
            if n in node_rows:
                rows.append(node_rows[n])
            else:
                cols.extend(flow_col[e] for e in graph.in_edges(n, keys=True))
        self._node_cols = {s: np.array(c, dtype=np.int32) for s, c in node_cols.items()}
        self._node_rows = {s: np.array(r, dtype=np.int32) for s, r in node_rows_by_name.items()}
        self.node_names: tuple[str, ...] = tuple(node_cols)

        # Base optimum: the reference for the skip rule and the warm start.
        h.run()
        status = h.getModelStatus()
        if status != self._ok:
            raise ParameterError(
                f"The base {mode} LP of scenario '{self.scenario_name}' is not optimal "
                f"({h.modelStatusToString(status)}); run `supplychain solve` with the same "
                "network and scenario to see why, and check the network's lengths, capacities, "
                "supplies and demands for absurd values"
            )
        self._base_basis = h.getBasis()
        self._base_value = float(h.getInfo().objective_function_value)
        solution = h.getSolution()
        self._base_col_value = np.array(solution.col_value, dtype=float)
        self._references = _reference_plans(
            lp, arrays.cost, arrays.flow_cols, self._base_basis, self._base_value,
            (self._base_col_value, np.array(solution.row_value, dtype=float)),
            params.time_limit_s,
        )  # fmt: skip
        # Start from the state reset() and restore_basis leave (the base basis set anew,
        # refactorised): straight after the base solve HiGHS still holds that solve's
        # factorisation and edge weights, and a closure solved first ended on other last bits
        # (4646.000000000011 instead of 4646.0 m3/day, embedded N-2) than the same closure
        # solved after a reset.
        self.reset()
        self.stats.build_time_s = time.perf_counter() - start
        logger.info(
            "Fast %s LP for scenario '%s': %d columns, %d rows, %d segments; base %.1f m3/day "
            "(%.3f s)",
            mode, self.scenario_name, n_col, len(row_lower), len(self.segment_ids),
            self._base_value, self.stats.build_time_s,
        )  # fmt: skip

    # -- recipe and pickling -------------------------------------------------------------

    def spec(self) -> FastSolverSpec:
        """The picklable recipe that rebuilds this solver.

        Returns
        -------
        FastSolverSpec
        """
        return FastSolverSpec(
            self._graph, self._params, self._scenario, self._mode, self._tanker_m3,
            self._restore_basis,
        )  # fmt: skip

    def __reduce__(self) -> tuple[Any, ...]:
        # The HiGHS instance cannot be pickled: ship the recipe and rebuild (counters restart).
        return (FastSolverSpec.build, (self.spec(),))

    # -- solving -------------------------------------------------------------------------

    @property
    def base_value_m3_per_day(self) -> float:
        """Optimum with nothing extra closed: total delivered (m³/day)."""
        return self._base_value

    @property
    def highs(self) -> Any:
        """The HiGHS instance holding the LP, for options (the time limit is set per run).

        Returns
        -------
        highspy.Highs
        """
        return self._highs

    @property
    def mode(self) -> FastMode:
        """The LP mode the solver was built with.

        Returns
        -------
        {"throughput", "served_unweighted"}
        """
        return self._mode

    def _requested(
        self,
        closed_segments: Iterable[str],
        closed_nodes: Iterable[str],
        capacity_factors: Mapping[str, float] | None,
    ) -> _Bounds:
        bounds = _Bounds()
        unknown: list[str] = []
        if isinstance(closed_segments, str):
            closed_segments = (closed_segments,)
        if isinstance(closed_nodes, str):
            closed_nodes = (closed_nodes,)
        for s in closed_segments:
            cols = self._segment_cols.get(s)
            if cols is None:
                unknown.append(f"segment '{s}' is not in the network")
            else:
                bounds.tighten(bounds.cols, cols, 0.0)
        for n in closed_nodes:
            if n not in self._node_cols:
                unknown.append(f"node '{n}' is not a named node of the network")
                continue
            bounds.tighten(bounds.cols, self._node_cols[n], 0.0)
            bounds.tighten(bounds.rows, self._node_rows[n], 0.0)
        for s, factor in (capacity_factors or {}).items():
            cols = self._segment_cols.get(s)
            if cols is None:
                unknown.append(f"segment '{s}' is not in the network")
            elif not 0.0 <= float(factor) <= 1.0:
                unknown.append(f"capacity factor {factor!r} of segment '{s}' is not in 0..1")
            else:
                bounds.tighten(bounds.cols, cols, self._col_upper[cols] * float(factor))
        if unknown:
            raise ParameterError("FastSolver.solve got a bad closure", problems=unknown)
        return bounds

    def _unchanged(self, bounds: _Bounds) -> bool:
        """True when an optimal base plan satisfies every tightened bound (so stays optimal)."""
        return _keeps_bounds(self._references, bounds)

    def solve(
        self,
        *,
        closed_segments: Iterable[str] = (),
        closed_nodes: Iterable[str] = (),
        capacity_factors: Mapping[str, float] | None = None,
    ) -> float:
        """Total delivered m³/day with extra closures on top of the base scenario.

        Parameters
        ----------
        closed_segments : iterable of str
            Segment ids to close (both directions).
        closed_nodes : iterable of str
            Named nodes to close; a closed node passes nothing: a border post or town stops
            letting fuel in, a port or depot stops loading and letting fuel through.
        capacity_factors : mapping of str to float, optional
            Segment id -> share of its (base-scenario) capacity left, 0..1; a segment also
            closed stays closed.

        Returns
        -------
        float
            The stage-1 optimum of ``build_model(graph, params, scenario + closures, mode)``;
            ``nan`` (with a warning, counted in ``stats.failed``) if HiGHS does not end
            optimal. The bounds are restored afterwards.

        Raises
        ------
        ParameterError
            For an unknown segment or node, or a factor outside 0..1.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> fast = FastSolver(build_network(), load_model_parameters(), mode="served_unweighted")
        >>> fast.solve(closed_nodes=[fast.node_names[0]]) <= fast.base_value_m3_per_day + 1e-6
        True
        """
        start = time.perf_counter()
        try:
            bounds = self._requested(closed_segments, closed_nodes, capacity_factors)
            if self._unchanged(bounds):
                self.stats.skipped += 1
                return self._base_value
            self.stats.solves += 1
            return self._resolve(bounds)
        finally:
            self.stats.time_s += time.perf_counter() - start

    def _resolve(self, bounds: _Bounds) -> float:
        h = self._highs
        ok, value, status, n_changed = _run_with_bounds(
            h, bounds, self._col_lower, self._col_upper, self._row_lower, self._row_upper,
            self._time_limit_s,
        )  # fmt: skip
        if not ok:
            self.stats.failed += 1
            logger.warning(
                "Fast re-solve of scenario '%s' with %d bounds changed ended %s; returning nan",
                self.scenario_name, n_changed, h.modelStatusToString(status),
            )  # fmt: skip
        # A closure that lowered the optimum leaves a basis far from the base optimum once the
        # bounds are back (measured on a 100k-arc grid: 119,111 simplex iterations, 23 s, to
        # recover). Going back to the base basis then keeps the next re-solve short.
        changed = ok and abs(value - self._base_value) > 1e-9 * max(1.0, abs(self._base_value))
        if not ok or changed or self._restore_basis:
            self.reset()
        return value

    def reset(self) -> None:
        """Go back to the base optimal basis, the state of a freshly built solver.

        The next re-solve then starts as on a new solver, whatever was solved before (its
        figures are the same to the last bit). Refactorises the basis: cheap on the embedded
        and whole-Africa networks, about 0.1 s on a 100k-arc grid.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> fast = FastSolver(build_network(), load_model_parameters())
        >>> first = fast.solve(closed_segments=[fast.segment_ids[0]])
        >>> fast.reset()
        >>> fast.solve(closed_segments=[fast.segment_ids[0]]) == first
        True
        """
        # clearSolver first: setBasis alone kept some of HiGHS's solver state from the solves
        # before, so a Monte Carlo run repeated in the same process (a library call, a
        # long-lived Dask worker) gave other last bits in 7 of 400 draws (served
        # 4645.999999999999 against 4646.000000000001 m3/day, embedded network).
        self._highs.clearSolver()
        self._highs.setBasis(self._base_basis)

    def solve_many(
        self, closures: Iterable[Closure | Mapping[str, Any] | str | Iterable[str]]
    ) -> list[float]:
        """:meth:`solve` for each closure.

        Parameters
        ----------
        closures : iterable
            Each a :class:`Closure`, a mapping of :meth:`solve` keyword arguments, one segment
            id, or an iterable of segment ids.

        Returns
        -------
        list of float

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models.params import load_model_parameters
        >>> fast = FastSolver(build_network(), load_model_parameters())
        >>> a, b = fast.solve_many([fast.segment_ids[0], {"closed_segments": fast.segment_ids[:1]}])
        >>> abs(a - b) < 1e-6  # the same closure, solved twice (warm starts differ in the last bits)
        True
        """
        values = []
        for item in closures:
            if isinstance(item, Closure):
                values.append(self.solve(**item.as_kwargs()))
            elif isinstance(item, Mapping):
                values.append(self.solve(**item))
            elif isinstance(item, str):
                values.append(self.solve(closed_segments=(item,)))
            else:
                values.append(self.solve(closed_segments=item))
        return values

    def base_flow_m3_per_day(self, segment_id: str) -> float:
        """Flow entering the segment in the base optimum (both directions summed).

        Parameters
        ----------
        segment_id : str

        Returns
        -------
        float
        """
        cols = self._segment_cols[segment_id]
        return float(self._base_col_value[cols].sum())

    def __repr__(self) -> str:
        return (
            f"FastSolver(mode={self._mode!r}, scenario={self.scenario_name!r}, "
            f"segments={len(self.segment_ids)}, base={self._base_value:.1f} m3/day)"
        )
