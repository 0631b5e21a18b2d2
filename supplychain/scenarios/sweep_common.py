"""What every stress-test sweep shares: its context, its result, the worker's solvers, the runner.

Internal plumbing of :mod:`supplychain.scenarios.sweeps` (N-1, N-k),
:mod:`supplychain.scenarios.montecarlo` and :mod:`supplychain.scenarios.worstcase_sweep`:

- :class:`SweepContext` (what every worker needs, sent once per worker) and
  :class:`SweepResult` (a finished sweep);
- the worker side: the fast solvers (:class:`FastSolver`) and the array max flow to Bamako
  (:class:`~supplychain.models.maxflow.ArrayMaxFlow`), built once per sweep and worker and
  cached, and the evaluation of a chunk of closures;
- the driver side: chunks run on an executor (:func:`~supplychain.scenarios.executors.run_chunks`)
  and each finished chunk written at once (:class:`~supplychain.scenarios.store.ChunkStore`),
  so a killed sweep resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import numbers
import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from supplychain.errors import ArgumentError, ArgumentTypeError, ParameterError
from supplychain.models.fast import FastMode, FastSolver
from supplychain.models.lp import check_model_arguments, hub_as_destination
from supplychain.models.lp_arrays import effective_capacities
from supplychain.models.maxflow import ArrayMaxFlow
from supplychain.models.params import ModelParameters
from supplychain.models.results import model_fingerprint
from supplychain.models.scenario import Scenario
from supplychain.models.timeline import StorageParameters
from supplychain.networks.places import LOOK_UP, hub_node
from supplychain.networks.schema import validate_model_inputs
from supplychain.scenarios.executors import run_chunks
from supplychain.scenarios.store import (
    ChunkStore,
    _finished_record,
    _rows_digest,
    _short,
    recorded_meta,
    recorded_run,
)

if TYPE_CHECKING:  # imported where used: the threat stack (pyproj) is not loaded for N-1
    from supplychain.scenarios.threat_resolve import ThreatScenario

__all__ = ["HUB_FLOW_DEFINITION", "Closure", "SweepContext", "SweepResult", "canonical_storage", "draws_problem"]

logger = logging.getLogger(__name__)

#: A closure: (label, closed segment ids, closed node names).
Closure = tuple[str, tuple[str, ...], tuple[str, ...]]


def _not_a_number(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, numbers.Real)


def _probability_problem(what: str, value: object) -> str | None:
    if _not_a_number(value) or not 0.0 <= float(value) <= 1.0:  # type: ignore[arg-type]
        return f"{what} = {value!r}: give a probability from 0 to 1 (0.1 for one draw in ten)"
    return None


def _check_draw_arguments(attack_probability: object, attack_groups: object, seed: object) -> None:
    """Refuse Monte Carlo inputs given in code that a threat file's reader would refuse: a
    probability of 2 closed the segment in every draw without a word, a seed of -1 or 1.5
    failed in numpy at the first draw, after the base solves."""
    problems: list[str] = []
    bad_type = False
    if not isinstance(attack_probability, Mapping | None):
        problems.append(f"attack_probability is a {type(attack_probability).__name__}: give a dict "
                        "of segment id to probability, e.g. {'RN1:Kayes-Diéma': 0.1}")  # fmt: skip
        bad_type = True
    else:
        problems += [p for sid, value in (attack_probability or {}).items()
                     if (p := _probability_problem(f"attack_probability[{sid!r}]", value))]  # fmt: skip
        # "0.1" or True is a wrong type, as README says (an ArgumentError before).
        bad_type = any(_not_a_number(v) for v in (attack_probability or {}).values())
    for i, group in enumerate(attack_groups if isinstance(attack_groups, Sequence) else [attack_groups]):
        if not isinstance(group, Sequence) or isinstance(group, str) or len(group) != 3:
            problems.append(f"attack_groups[{i}] = {group!r}: give (probability, segment ids, "
                            "border post names), e.g. (0.1, ['RN1:Kayes-Diéma'], [])")  # fmt: skip
            bad_type = True
        else:
            if p := _probability_problem(f"attack_groups[{i}] probability", group[0]):
                problems.append(p)
                bad_type = bad_type or _not_a_number(group[0])
            # A str of ids was split into its characters ('R', 'N', '1', ...), refused as
            # unknown segments only by the first draw, after the base solves.
            for what, ids in (("segment ids", group[1]), ("border post names", group[2])):
                if isinstance(ids, str) or not isinstance(ids, Iterable):
                    problems.append(f"attack_groups[{i}] {what} = {ids!r}: give a list, e.g. "
                                    f"{[ids] if isinstance(ids, str) else []!r}")  # fmt: skip
                    bad_type = True
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        problems.append(f"seed = {seed!r}: give a whole number, 0 or more")
        bad_type = bad_type or not isinstance(seed, numbers.Real)
    if problems:
        raise (ArgumentTypeError if bad_type else ArgumentError)(
            "The sweep's Monte Carlo inputs are not valid", problems=problems)


def _check_draw_elements(
    graph: nx.MultiDiGraph, probs: Mapping[str, float], groups: Sequence[tuple[float, Sequence[str], Sequence[str]]]
) -> None:
    """Refuse Monte Carlo segment ids and border post names the network has not, before any
    solve (fuzz33: "FastSolver.solve got a bad closure: segment 'nope' is not in the network"
    at the first draw, after the base solves)."""
    segments = {str(sid) for _, _, sid in graph.edges(data="segment_id")}
    names = {str(name) for _, name in graph.nodes(data="name") if name}
    problems = [f"attack_probability[{sid!r}]: no segment of the network has that id" for sid in probs
                if sid not in segments]  # fmt: skip
    for i, (_, segs, posts) in enumerate(groups):
        problems += [f"attack_groups[{i}] segment {sid!r} is not on the network" for sid in segs
                     if sid not in segments]  # fmt: skip
        problems += [f"attack_groups[{i}] border post {name!r} is not on the network" for name in posts
                     if name not in names]  # fmt: skip
    if problems:
        raise ArgumentError("The sweep's Monte Carlo inputs do not match the network (segment ids: "
                            "supplychain network info NETWORK --segments)", problems=problems)  # fmt: skip


@dataclass(frozen=True)
class SweepContext:
    """What every worker needs, sent once per worker.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    scenario : Scenario
        The situation the closures are applied on (baseline or a threat scenario).
    attack_probability : dict of str to float
        Per-segment probability of being closed in one Monte Carlo draw (marginal).
    attack_groups : tuple of (float, tuple of str, tuple of str)
        Independent attacks ``(probability, segment ids, border posts)`` each closing all its
        items together (a threat file's rules; incidents give one group per segment). Empty:
        every segment of ``attack_probability`` is attacked independently.
    seed : int
        Monte Carlo seed.
    key : str
        Fingerprint of the network, parameters and scenario (also the worker cache key).
    run : str
        Token of the sweep being run (set by each sweep): a worker's solvers go back to their
        base basis when it changes, so a sweep never depends on what a process solved before.
    hub : node id or None
        The Bamako node (None: the network has none), looked up once when the context is made
        (:func:`~supplychain.networks.places.hub_node`) unless given. Part of the ``key``
        :meth:`create` makes; the worker's caches that depend on it (the max flow to Bamako,
        the throughput with Bamako a destination) are keyed by it too, for a context made
        without :meth:`create`.

    Examples
    --------
    Built with :meth:`create`; the key changes with any input:

    >>> import networkx as nx
    >>> from supplychain.models import load_model_parameters
    >>> g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    >>> g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    >>> g.add_node("B", name="Bamako", role="city", demand_m3_per_day=3600.0)
    >>> _ = g.add_edge("P", "B", segment_id="R", capacity_trucks_per_day=20.0, length_km=1.0,
    ...                travel_time_h=1.0, corridors=[])
    >>> ctx = SweepContext.create(g, load_model_parameters(), attack_probability={"R": 0.1})
    >>> ctx.scenario.name, ctx.attack_probability, len(ctx.key)
    ('baseline', {'R': 0.1}, 16)
    >>> SweepContext.create(g, load_model_parameters(), attack_probability={"R": 0.2}).key == ctx.key
    False
    """

    graph: nx.MultiDiGraph
    params: ModelParameters
    scenario: Scenario
    attack_probability: dict[str, float] = field(default_factory=dict)
    attack_groups: tuple[tuple[float, tuple[str, ...], tuple[str, ...]], ...] = ()
    seed: int = 0
    key: str = ""
    run: str = ""
    hub: Hashable | None = LOOK_UP

    def __post_init__(self) -> None:
        # Looked up here, once for the whole sweep and its workers (a copy made by replace()
        # passes the node on); frozen, hence object.__setattr__.
        object.__setattr__(self, "hub", hub_node(self.graph, hub=self.hub))

    @classmethod
    def create(
        cls,
        graph: nx.MultiDiGraph,
        params: ModelParameters,
        scenario: Scenario | None = None,
        *,
        attack_probability: dict[str, float] | None = None,
        attack_groups: Sequence[tuple[float, Sequence[str], Sequence[str]]] = (),
        seed: int = 0,
        hub: Hashable | None = LOOK_UP,
    ) -> SweepContext:
        """Build a context and its fingerprint.

        Parameters
        ----------
        graph : networkx.MultiDiGraph
        params : ModelParameters
        scenario : Scenario, optional
            Default: the baseline (nothing closed).
        attack_probability, attack_groups, seed
            As the class's fields.
        hub : node id or None, optional
            The Bamako node when the caller has looked it up
            (:func:`~supplychain.networks.places.hub_node`); default: looked up here. Part of
            ``key``.

        Returns
        -------
        SweepContext

        Raises
        ------
        ParameterError
            If the scenario names segment ids or node names that are not in ``graph``.
        SchemaError
            If ``graph`` lacks an attribute the models read, or has one out of range
            (:func:`~supplychain.networks.schema.validate_model_inputs`).
        ArgumentError
            If a probability is not a number from 0 to 1, or ``seed`` is not a whole number
            0 or more (an :class:`~supplychain.errors.ArgumentTypeError` for a wrong type, and
            for a ``graph``, ``params`` or ``scenario`` of another kind).

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models import load_model_parameters
        >>> len(SweepContext.create(build_network(), load_model_parameters()).key)
        16
        """
        check_model_arguments(graph, params, scenario)  # None met an AttributeError (fuzz33)
        # As the model builders do: a network without segment ids met a KeyError in the sweep (api37).
        validate_model_inputs(graph)
        _check_draw_arguments(attack_probability, attack_groups, seed)
        scenario = scenario or Scenario.baseline()
        scenario.check_against(graph)
        probs = dict(sorted((attack_probability or {}).items()))
        groups = tuple((float(p), tuple(sorted(segs)), tuple(sorted(nodes)))
                       for p, segs, nodes in attack_groups)  # fmt: skip
        _check_draw_elements(graph, probs, groups)
        h = hashlib.sha256(model_fingerprint(graph, params, "highs").encode())
        h.update(repr((sorted(scenario.segments.items()), sorted(scenario.nodes.items()))).encode())
        h.update(json.dumps(probs).encode())
        h.update(repr(groups).encode())
        h.update(str(seed).encode())
        # The hub decides the hub flows: another hub is another run for ``--out``'s chunks (a
        # resume with another hub took the first one's). Looked up here at most once (the
        # command passes the hub it looked up: one lookup per command).
        hub = hub_node(graph, hub=hub)
        h.update(f"hub={hub!r}".encode())
        return cls(graph, params, scenario, probs, groups, seed, h.hexdigest()[:16], hub=hub)

    @classmethod
    def from_threat(
        cls,
        graph: nx.MultiDiGraph,
        params: ModelParameters,
        threat: ThreatScenario,
        *,
        seed: int = 0,
        hub: Hashable | None = LOOK_UP,
    ) -> SweepContext:
        """A context for a resolved threat file, as ``supplychain stress ... --scenario THREAT``
        builds it: its scenario, its attack probabilities and its rules' attack groups.

        From Python the groups had to be written out by hand; a context given the attack
        probabilities alone attacks each segment on its own, not a rule's segments together,
        and its Monte Carlo figures were not the command's (api37).

        Parameters
        ----------
        graph : networkx.MultiDiGraph
        params : ModelParameters
        threat : ThreatScenario
            ``load_threat(path).resolve(graph)``.
        seed : int, default 0
        hub : node id or None, optional
            As for :meth:`create`.

        Returns
        -------
        SweepContext

        Raises
        ------
        ArgumentTypeError
            If ``threat`` is not a :class:`~supplychain.scenarios.ThreatScenario`; otherwise
            as :meth:`create`.

        Examples
        --------
        >>> from supplychain.networks import build_network
        >>> from supplychain.models import load_model_parameters
        >>> from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
        >>> from supplychain.scenarios import load_threat
        >>> g = build_network()
        >>> threat = load_threat(DEFAULT_MODEL_PARAMS_PATH.parent / "threat-blockade-2025.toml").resolve(g)
        >>> ctx = SweepContext.from_threat(g, load_model_parameters(), threat, seed=1)
        >>> len(ctx.attack_groups) == len(threat.groups) > 0, ctx.scenario == threat.scenario
        (True, True)
        """
        from supplychain.scenarios.threat_resolve import ThreatScenario

        if not isinstance(threat, ThreatScenario):
            raise ArgumentTypeError(f"threat is a {type(threat).__name__}; give load_threat(path).resolve(graph)")
        return cls.create(graph, params, threat.scenario, attack_probability=dict(threat.attack_probability),
                          attack_groups=threat.attack_groups(),
                          seed=seed, hub=hub)  # fmt: skip

    def groups(self) -> tuple[tuple[float, tuple[str, ...], tuple[str, ...]], ...]:
        """The independent attacks a Monte Carlo draw samples.

        Returns
        -------
        tuple of (float, tuple of str, tuple of str)
            ``attack_groups`` when given; else one group ``(probability, (segment id,), ())``
            per segment of ``attack_probability``.
        """
        if self.attack_groups:
            return self.attack_groups
        return tuple((p, (s,), ()) for s, p in self.attack_probability.items())


@dataclass
class SweepResult:
    """A finished sweep: one row per closure (or draw) and a JSON-ready summary.

    Parameters
    ----------
    kind : str
        ``n-1``, ``n-k``, ``worst-case`` or ``monte-carlo``.
    table : pandas.DataFrame
    summary : dict
    path : Path or None
        Where the table was written.

    Examples
    --------
    >>> SweepResult("n-1", pd.DataFrame(), {}).kind
    'n-1'
    """

    kind: str
    table: pd.DataFrame
    summary: dict[str, Any]
    path: Path | None = None


# --- worker side -----------------------------------------------------------------------------

_SOLVER_CACHE: dict[tuple[str, str, bool], FastSolver] = {}
_SOLVER_RUN: dict[tuple[str, str, bool], str] = {}  # cache key -> the sweep token it last served


def _solver(ctx: SweepContext, mode: FastMode, *, fresh: bool = False) -> FastSolver:
    """One of the worker's fast solvers (built once per sweep context, worker and mode).

    Each sweep (``ctx.run``) starts every solver from its base basis, as a freshly built one
    starts: a warm start carries the last bits of whatever the process solved before (N-2
    after the N-1 ranking differed by 1.1e-11 m3/day between a 1-worker run, whose solvers
    had just solved the N-1 closures, and a 2-worker run, whose new pool process had not).
    Within a sweep each solver warm-starts from the previous closure, so one process per
    measure (1 or 2 workers) sees one worker's order and gives the same bits.

    ``fresh``: every re-solve starts from the base basis (Monte Carlo: each draw's figures
    are then bit-identical whatever the executor, the worker count, the chunking or a resume;
    a warm start from the previous draw ended at the same optimum with other last bits, up to
    2e-12 m3/day). It is not the default for closures: setting the basis refactorises, and on
    the 100k-arc grid each such re-solve took 0.15 s instead of 0.04 s.
    """
    return _cached_solver(ctx, mode, fresh, lambda: FastSolver(ctx.graph, ctx.params, ctx.scenario,
                                                               mode=mode, restore_basis=fresh))


def _cached_solver(ctx: SweepContext, label: str, fresh: bool, build: Callable[[], FastSolver]) -> FastSolver:
    """The worker's solver ``label`` for ``ctx`` (built by ``build`` once per sweep context),
    reset to its base basis when a new sweep (``ctx.run``) starts (see :func:`_solver`)."""
    cache = (ctx.key, label, fresh)
    if cache not in _SOLVER_CACHE:
        if not any(key == ctx.key for key, _, _ in _SOLVER_CACHE):
            _SOLVER_CACHE.clear()
            _SOLVER_RUN.clear()
        _SOLVER_CACHE[cache] = build()
        _SOLVER_RUN[cache] = ctx.run  # a new solver starts at its base basis
    solver = _SOLVER_CACHE[cache]
    if _SOLVER_RUN[cache] != ctx.run:
        solver.reset()
        _SOLVER_RUN[cache] = ctx.run
    return solver


def _solvers(ctx: SweepContext, *, fresh: bool = False) -> tuple[FastSolver, FastSolver]:
    """The worker's two fast solvers (throughput, served), as :func:`_solver` gives them."""
    return _solver(ctx, "throughput", fresh=fresh), _solver(ctx, "served_unweighted", fresh=fresh)


#: Cache label of :func:`_hub_cap_solver`'s solver.
_HUB_CAP = "throughput with Bamako a destination"


def _hub_cap_solver(ctx: SweepContext) -> FastSolver | None:
    """The throughput LP with Bamako a destination, when Bamako has no demand (the throughput
    then leaves it out; see :func:`~supplychain.models.lp.hub_as_destination`): it caps the
    fuel able to reach Bamako. None when the throughput itself is that cap (Bamako has a
    demand) or there is no Bamako."""
    label = f"{_HUB_CAP} {ctx.hub!r}"  # the hub is not in ctx.key when a caller gives it
    cached = (ctx.key, label, False) in _SOLVER_CACHE
    marked = None if cached else hub_as_destination(ctx.graph, hub=ctx.hub)
    if not cached and marked is None:
        return None

    def build() -> FastSolver:
        assert marked is not None  # built only when not cached
        return FastSolver(marked, ctx.params, ctx.scenario, mode="throughput")

    return _cached_solver(ctx, label, False, build)


def _base_values(ctx: SweepContext) -> tuple[float, float]:
    """Base throughput and served demand (m³/day) from a fast solver pair this process has
    built for ``ctx`` (either kind: the base optimum does not depend on ``fresh``), else from
    a new pair of the kind Monte Carlo's draws use (``fresh``), built once.

    Monte Carlo's figures: its draws' solvers (``fresh``) and the base's were two pairs, and
    the base came with a max flow to Bamako it did not use.
    """
    values = []
    for mode in ("throughput", "served_unweighted"):
        built = [s for (key, m, _), s in _SOLVER_CACHE.items() if key == ctx.key and m == mode]
        values.append((built[0] if built else _solver(ctx, mode, fresh=True)).base_value_m3_per_day)
    return values[0], values[1]


#: The hub-dependent caches below are keyed by :func:`_hub_key`: ``ctx.key`` and the hub, which
#: ``ctx.key`` leaves out (a caller may give it, :meth:`SweepContext.create`'s ``hub``). Keyed
#: by ``ctx.key`` alone, an N-1 run with ``hub=None`` after one with Bamako in the same process
#: was given the earlier run's max flows to Bamako, and a worst case with ``hub=None`` ran on
#: Bamako instead of refusing (found 2026-12-06).
_HUB_CACHE: dict[tuple[str, Hashable | None],
                 tuple[Hashable | None, dict[Any, float], dict[Any, float], dict[Any, float]]] = {}


def _hub_key(ctx: SweepContext) -> tuple[str, Hashable | None]:
    """The key of :data:`_HUB_CACHE` and :data:`_MAXFLOW_CACHE`: the context's and its hub."""
    return ctx.key, ctx.hub


def _hub_flow_data(
    ctx: SweepContext,
) -> tuple[Hashable | None, dict[Any, float], dict[Any, float], dict[Any, float]]:
    """Hub node and the scenario's capacities (m3/day) for max flows to Bamako.

    The LP's own (:func:`~supplychain.models.lp_arrays.effective_capacities`, the code
    :func:`~supplychain.models.lp.build_model` uses), so max flows and LP solves see the same
    edge capacities, through capacities (border posts, transit depots, closed nodes of any
    role at 0) and loading limits.
    """
    key = _hub_key(ctx)
    if key not in _HUB_CACHE:
        _HUB_CACHE.clear()
        edge_cap, through_cap, supply = effective_capacities(ctx.graph, ctx.params, ctx.scenario)
        _HUB_CACHE[key] = (ctx.hub, dict(edge_cap), dict(through_cap), dict(supply))
    return _HUB_CACHE[key]


_MAXFLOW_CACHE: dict[tuple[str, Hashable | None], ArrayMaxFlow | None] = {}

#: What ``hub_flow_m3_per_day`` is, written into every N-1 / N-k summary and text output.
HUB_FLOW_DEFINITION = (
    "hub flow = fuel able to reach Bamako: the max flow to Bamako, capped by the throughput so "
    "that the tanker fleet and losses limit it as they limit throughput (when Bamako has no "
    "demand, capped by the throughput computed with Bamako as a destination); "
    "hub_max_flow_m3_per_day = the pure max flow, limited only by the capacities of roads, "
    "loading points and the places fuel passes through (border posts, transit depots; a degraded "
    "town limits the roads into it)"
)


def _fleet_consistent_hub_flow(max_flow_m3: float, throughput_m3: float) -> float:
    """Fuel able to reach Bamako, consistent with the throughput's limits (m³/day).

    The pure max flow ignores the tanker fleet and losses, which bind the throughput; fuel
    reaching Bamako is part of the throughput, so it can be no more than either.
    """
    if math.isnan(max_flow_m3) or math.isnan(throughput_m3):
        return max_flow_m3
    return min(max_flow_m3, throughput_m3)


def _hub_maxflow(ctx: SweepContext) -> ArrayMaxFlow | None:
    """The max flow to Bamako as arrays, built once per sweep and worker (None: no Bamako).

    Capacities are the LP's (:func:`_hub_flow_data`); closures change them in place.
    """
    key = _hub_key(ctx)
    if key not in _MAXFLOW_CACHE:
        _MAXFLOW_CACHE.clear()
        hub, edge_cap, node_cap, sources = _hub_flow_data(ctx)
        named = [n for n, d in ctx.graph.nodes(data=True) if d.get("name")]
        _MAXFLOW_CACHE[key] = None if hub is None else ArrayMaxFlow(
            ctx.graph, sources=sources, sink=hub, edge_capacity_m3=edge_cap,
            node_capacity_m3=node_cap, closable_nodes=named)  # fmt: skip
    return _MAXFLOW_CACHE[key]


def _evaluate_closures(task: list[Closure], ctx: SweepContext) -> pd.DataFrame:
    through = _solver(ctx, "throughput")
    values = [(t, *hub) for t, hub in zip(
        (through.solve(closed_segments=segs, closed_nodes=nodes) for _, segs, nodes in task),
        _evaluate_served_hub(task, ctx), strict=True)]  # fmt: skip
    return _closure_frame(task, values)


def _closure_frame(task: list[Closure], values: Sequence[tuple[float, float, float, float | None]]) -> pd.DataFrame:
    """The rows of a chunk: each closure with its throughput, served and hub max flow, and the
    throughput that caps the hub flow when it is not the throughput (None: it is; see
    :func:`_hub_cap_solver`)."""
    rows = []
    for (label, segs, nodes), (t, s, hub_max_flow, cap) in zip(task, values, strict=True):
        rows.append({"id": label, "segments": ";".join(segs), "nodes": ";".join(nodes),
                     "throughput_m3_per_day": t, "served_m3_per_day": s,
                     "hub_flow_m3_per_day": _fleet_consistent_hub_flow(hub_max_flow, t if cap is None else cap),
                     "hub_max_flow_m3_per_day": hub_max_flow})  # fmt: skip
    return pd.DataFrame(rows)


# Split by measure: with local workers, one group of processes answers the throughput of every
# closure and another the served volume and the hub max flow, so each process builds one fast
# solver (plus the max flow) instead of all of them. On the whole-Africa network the builds are
# most of a sweep's work (about 0.45 s for the throughput solver, 0.35 s for the served one and
# 0.15 s for the max flow against about 0.4 s for all 2,347 closures), so splitting closures
# between processes that each rebuild everything cannot pay; splitting measures does.


def _evaluate_throughput(task: list[Closure], ctx: SweepContext) -> list[float]:
    through = _solver(ctx, "throughput")
    return [through.solve(closed_segments=segs, closed_nodes=nodes) for _, segs, nodes in task]


def _evaluate_served_hub(task: list[Closure], ctx: SweepContext) -> list[tuple[float, float, float | None]]:
    """Served, hub max flow and the hub flow's own cap (None: the throughput) per closure."""
    served = _solver(ctx, "served_unweighted")
    maxflow = _hub_maxflow(ctx)
    cap_solver = _hub_cap_solver(ctx)
    out = []
    for _, segs, nodes in task:
        s = served.solve(closed_segments=segs, closed_nodes=nodes)
        hub_max_flow = float("nan")
        if maxflow is not None:
            hub_max_flow = maxflow.value(closed_segments=segs, closed_nodes=nodes)
        cap = None if cap_solver is None else cap_solver.solve(closed_segments=segs, closed_nodes=nodes)
        out.append((s, hub_max_flow, cap))
    return out


def _run_split_by_measure(
    tasks: list[tuple[int, list[Closure]]],
    keep: Callable[[int, pd.DataFrame], None],
    ctx: SweepContext,
    workers: int,
    progress: bool | None,
    kind: str,
) -> None:
    """Closure chunks on ``workers`` local processes split by measure (see above).

    ``ceil(workers / 2)`` processes answer throughput, the others served and hub max flow;
    each chunk is kept (written) once both halves are in. With one process per measure each
    solver sees the closures in the same order as on one worker, so the figures are the same
    to the bit.

    When the served group is one process (2 or 3 workers), that process is this one: the
    driver would otherwise only wait, a pool process costs a fork and a result sent back,
    and the max flow the driver then builds for the minimum cuts of the flagged rows
    (:func:`_hub_maxflow`) is already built. The throughput pool is started first, so its
    processes build their solver while this one builds its own.
    """
    from concurrent.futures import FIRST_COMPLETED, wait
    from contextlib import ExitStack

    from supplychain.scenarios.executors import (
        _bar,
        _call_with_context,
        _pool,
        _say_if_over_cpus,
        _workers_text,
    )

    call: Any = _call_with_context  # one generic helper for two task types
    n_through = (workers + 1) // 2
    n_served = workers - n_through
    # A pool starts a process for a task when none is idle: no more than the chunks each.
    started = min(n_through, len(tasks)) + min(n_served, len(tasks))
    _say_if_over_cpus(workers, started=started)
    halves: dict[int, dict[str, Any]] = {}
    by_index = dict(tasks)
    bar = _bar(len(tasks), kind, progress)

    def arrived(index: int, part: str, value: Any) -> None:
        got = halves.setdefault(index, {})
        got[part] = value
        if len(got) == 2:
            values = [(t, *hub) for t, hub in zip(got["t"], got["s"], strict=True)]
            keep(index, _closure_frame(by_index[index], values))
            del halves[index]
            bar.update(1)

    try:
        with _pool(n_through, _evaluate_throughput, ctx) as pool_t, ExitStack() as stack:
            futures = {pool_t.submit(call, _evaluate_throughput, task): (index, "t")
                       for index, task in tasks}  # fmt: skip
            if n_served == 1:
                try:
                    for index, task in tasks:
                        arrived(index, "s", _evaluate_served_hub(task, ctx))
                        for fut in [f for f in futures if f.done()]:
                            arrived(*futures.pop(fut), fut.result())
                except BaseException:
                    for fut in futures:  # do not wait for the other measure to finish
                        fut.cancel()
                    raise
            else:
                pool_s = stack.enter_context(_pool(n_served, _evaluate_served_hub, ctx))
                futures.update({pool_s.submit(call, _evaluate_served_hub, task): (index, "s")
                                for index, task in tasks})  # fmt: skip
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    arrived(*futures.pop(fut), fut.result())
    finally:
        bar.close()
    # "split by measure" ahead: after the count it read "... asked: no more than the chunks split
    # by measure" (review32).
    logger.info("Ran %d %s split by measure on %s", len(tasks), kind, _workers_text(started, workers))


# --- driver side -----------------------------------------------------------------------------


def _lost(base: float | pd.Series, values: pd.Series) -> pd.Series:
    """Loss against the base (m³/day), as every sweep writes it (N-1, N-k, Monte Carlo).

    0 below 1e-6 m³/day (the LP's tolerance: a re-solve ending at the base's optimum with
    other last bits read as a loss of about 1e-11 m³/day), and NaN where the value is NaN (a
    re-solve that did not end optimal: the loss is unknown, not 0; ``NaN > 1e-6`` is False,
    so such rows were written 0 and read as losing nothing). A function of the two figures
    alone, so figures that are bit-identical give losses that are.

    Examples
    --------
    >>> _lost(100.0, pd.Series([100.0 - 1e-11, 60.0, 120.0, float("nan")])).tolist()
    [0.0, 40.0, 0.0, nan]
    """
    lost = (base - values).clip(lower=0)
    return lost.where(lost.isna() | (lost > 1e-6), 0.0)


def _count_problem(name: str, value: Any, of: str = "") -> str | None:
    """The problem with an option that must be a whole number >= 1 (workers, chunk_size), or
    None; the CLI refuses such values itself, library calls get this message."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"{name} = {value!r}: give a whole number{f' of {of}' if of else ''}, 1 or more"
    return None


def _check_context(ctx: Any, **options: Any) -> None:
    """Refuse a sweep's ``ctx`` that is not a :class:`SweepContext` (None or a network given
    in its place met an AttributeError in the sweep's element list: fuzz33), and its run
    ``options`` of the wrong type (:func:`_check_run_options`)."""
    if not isinstance(ctx, SweepContext):
        raise ArgumentTypeError(f"ctx is a {type(ctx).__name__}; give SweepContext.create(graph, params)")
    _check_run_options(**options)


def _check_run_options(*, workers: Any = 1, out: Any = None, command: Any = None) -> None:
    """Refuse the run options every sweep takes when given in code with the wrong type: each
    met a bare TypeError or ValueError deep in the sweep (fuzz35): ``workers="2"``
    "unsupported operand type(s) for //", ``out={}`` pathlib's "expected str, bytes or
    os.PathLike object", ``command="x"`` "dictionary update sequence element #0". Their
    ranges are checked where they are used (:func:`_run_stored`).

    >>> _check_run_options(workers=2, out="n1.parquet", command={"line": "x"})
    >>> _check_run_options(workers="2", out={})
    Traceback (most recent call last):
    ...
    supplychain.errors.ArgumentTypeError: The sweep's options are not valid: workers = '2': give a whole number of processes, 1 or more; out is a dict; give the Parquet file to write as a str or Path, or None
    """
    problems = []
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral):
        problems.append(f"workers = {workers!r}: give a whole number of processes, 1 or more")
    if out is not None and not isinstance(out, str | PathLike):
        problems.append(f"out is a {type(out).__name__}; give the Parquet file to write as a str or Path, or None")
    if command is not None and not isinstance(command, Mapping):
        problems.append(f"command is a {type(command).__name__}; give a mapping (command_record's) or None")
    if problems:
        raise ArgumentTypeError("The sweep's options are not valid", problems=problems)


def _check_whole(name: str, value: Any) -> None:
    """Refuse a count given in code that is not a whole number (``draws=2.5``, ``k="2"``):
    it failed with a bare TypeError ("'<' not supported between 'str' and 'int'"). The range
    is each caller's to check, in its own words."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # numpy's integers pass
        raise ArgumentTypeError(f"{name} = {value!r}: give a whole number")


def draws_problem(draws: int, most: int, what: str, *, named: str = "draws") -> str | None:
    """Why ``draws`` is more than a run of ``what`` may take (``most``), or None.

    Checked before any work by ``stress monte-carlo``, ``stress timeline-mc`` and ``run``:
    before 2026-12-05 ``--draws 100000000000`` listed 10^10 tasks before its first draw and
    took the machine's memory (12 GB in a minute) instead of an error.

    Parameters
    ----------
    draws : int
        The draws asked for.
    most : int
        The most a run may take (``montecarlo.MAX_DRAWS``, ``timeline_mc.MAX_DRAWS``).
    what : str
        The run, for the message ("a Monte Carlo run").
    named : str, default "draws"
        How the message names the value (``--draws 2,000,000`` on the command line).

    Returns
    -------
    str or None
        One message naming the value, the limit and the fix, or None.

    Examples
    --------
    >>> draws_problem(200, 1_000_000, "x") is None
    True
    >>> draws_problem(2_000_000, 1_000_000, "a timeline Monte Carlo", named="--draws 2,000,000")
    '--draws 2,000,000 is more than the 1,000,000 draws a timeline Monte Carlo takes; give fewer draws'
    """
    if draws <= most:
        return None
    return f"{named} is more than the {most:,} draws {what} takes; give fewer draws"


def _chunks(items: Sequence[Any], size: int) -> list[tuple[int, list[Any]]]:
    if (problem := _count_problem("chunk_size", size, "closures per task")) is not None:
        raise ParameterError(problem)
    return [(i, list(items[j:j + size])) for i, j in enumerate(range(0, len(items), size))]


def _run(
    ctx: SweepContext,
    kind: str,
    func: Any,
    tasks: list[tuple[int, Any]],
    *,
    out: str | Path | None,
    settings: dict[str, Any],
    workers: int,
    scheduler: str | None,
    progress: bool | None,
    split_by_measure: bool = False,
    draw_spans: dict[int, tuple[int, int]] | None = None,
) -> tuple[pd.DataFrame, ChunkStore | None]:
    ctx = replace(ctx, run=uuid.uuid4().hex)  # this sweep's token (see _solver)
    runner = None
    if split_by_measure and func is _evaluate_closures and workers >= 2 and not scheduler:
        def runner(todo: list[tuple[int, Any]], keep: Any) -> None:
            _run_split_by_measure(todo, keep, ctx, workers, progress, kind)
    table, store, _ = _run_stored(func, tasks, ctx, kind=kind, key=ctx.key, name=ctx.scenario.name,
                                  settings=settings, out=out, workers=workers, scheduler=scheduler,
                                  progress=progress, runner=runner, draw_spans=draw_spans)  # fmt: skip
    return table, store


def _run_stored(
    func: Any,
    tasks: list[tuple[int, Any]],
    context: Any,
    *,
    kind: str,
    key: str,
    name: str,
    settings: dict[str, Any],
    out: str | Path | None,
    workers: int,
    scheduler: str | None,
    progress: bool | None,
    runner: Any = None,
    draw_spans: dict[int, tuple[int, int]] | None = None,
    about: dict[str, Any] | None = None,
    chunk_free: bool = False,
    needed: Sequence[str] = (),
    since: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[pd.DataFrame, ChunkStore | None, int]:
    """Run chunked tasks on the executors, each finished chunk kept in ``out``'s chunk store
    (resumed when the same run left some), and return the table in chunk order, the store
    and the number of chunks found already done. ``runner(todo, keep)`` replaces the
    executors (N-1's split by measure). Shared by every chunked sweep, Monte Carlo over
    timelines included.

    ``draw_spans`` (Monte Carlo: chunk index -> its draws ``[start, stop)``, draws that do not
    depend on the draw count) makes the run extendable: ``settings["draws"]`` is left out of
    the fingerprint, so a run with more or fewer draws is the same run. A finished chunk is
    kept when it holds every draw of its span (its rows beyond the span are left out) and
    computed again otherwise (the partial last chunk of a shorter run); a finished output of
    the same run (its folder removed) gives its rows back as chunks (:func:`_take_finished`).

    ``about`` (a timeline sweep's day 0, ``{"start": "2026-12-04"}``) is recorded with the
    settings but left out of the fingerprint (``key`` covers it already): a refusal names it.
    With ``chunk_free`` (timeline-mc, whose draws do not depend on the chunk size) the chunk
    size is left out too: the finished draws of the same run in other chunks, in the folder or
    in its finished output, are cut into this run's chunks (:func:`_rechunk`).

    ``needed``: columns a kept chunk must have; one without them (kept by an older version of
    the sweep, same run otherwise) is computed again, which a log line says. ``since``:
    settings of ``about`` that older versions did not record, each with what they did and the
    option that runs as they ran (:class:`~supplychain.scenarios.store.ChunkStore`'s, named in a refusal).
    """
    store = None
    done: set[int] = set()
    # The CLI refuses these; a library call got them through (workers=0 ran on one process).
    problems = [p for p in (_count_problem("workers", workers),
                            _count_problem("chunk_size", settings.get("chunk_size", 1))) if p]  # fmt: skip
    if problems:
        raise ParameterError(f"The {kind} sweep cannot run", problems=problems)
    results: dict[int, pd.DataFrame] = {}
    if out is not None:
        fingerprint = _run_fingerprint(key, kind, settings, extendable=draw_spans is not None,
                                       chunk_free=chunk_free)  # fmt: skip
        store = ChunkStore(out, fingerprint, {"kind": kind, "scenario": name, **settings, **(about or {})},
                           free=_left_out(extendable=draw_spans is not None, chunk_free=chunk_free),
                           since=since)  # fmt: skip
        try:
            done, results = _resumed(store, kind, [i for i, _ in tasks], draw_spans, chunk_free=chunk_free,
                                     needed=needed)  # fmt: skip
        except BaseException:
            store.abandon()
            raise

    def keep(index: int, frame: pd.DataFrame) -> None:
        frame = frame.assign(chunk=index)
        if store is not None:
            store.write(index, frame)
        results[index] = frame

    todo = [(i, t) for i, t in tasks if i not in done]
    try:
        if runner is not None:
            runner(todo, keep)
        else:
            run_chunks(func, todo, keep, context=context, workers=workers, scheduler=scheduler,
                       progress=progress, description=kind)  # fmt: skip
    except BaseException:
        if store is not None:
            store.abandon()  # finished chunks stay for a resume; another run may take over
        raise
    frames = [results[i] for i in sorted(results)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if len(table):
        table = table.sort_values("chunk", kind="stable").reset_index(drop=True)
    if store is not None and draw_spans is not None:
        store.record = _draw_record(frames, table)
    return table, store, len(done)


def _resumed(store: ChunkStore, kind: str, indices: Sequence[int],
             draw_spans: dict[int, tuple[int, int]] | None, *, chunk_free: bool = False,
             needed: Sequence[str] = ()) -> tuple[set[int], dict[int, pd.DataFrame]]:  # fmt: skip
    """The chunks of ``indices`` a run finds done in its store, and their frames (see
    :func:`_run_stored`; with ``draw_spans``, those a finished output gives back too; with
    ``chunk_free``, cut into this run's chunks first; without a column of ``needed``, not
    done)."""
    done = store.done()
    if draw_spans is not None and chunk_free and _rechunk(store, kind):
        done = store.done()
    if draw_spans is not None and (missing := set(draw_spans) - done):
        _take_finished(store, kind, missing, chunk_free=chunk_free)
        done = store.done()  # with the chunks taken back
    done &= set(indices)
    results: dict[int, pd.DataFrame] = {}
    older: list[int] = []
    absent: set[str] = set()
    for index in sorted(done):
        frame = store.read(index) if draw_spans is None else _within(store.read(index), *draw_spans[index])
        if frame is None:
            done.discard(index)  # a shorter run's partial chunk: computed again
        elif lacking := [c for c in needed if c not in frame.columns]:
            older.append(index)
            absent.update(lacking)
            done.discard(index)
        else:
            results[index] = frame
    if older:
        logger.warning("Resuming %s: %d kept chunk(s) lack %s (kept by an older version): computed "
                       "again", kind, len(older), ", ".join(sorted(absent)))  # fmt: skip
    if done:
        logger.info("Resuming %s: %d of %d chunks already done", kind, len(done), len(indices))
    return done, results


def _within(frame: pd.DataFrame, start: int, stop: int) -> pd.DataFrame | None:
    """A finished chunk's rows of draws ``start .. stop - 1``; None when one is missing.

    Examples
    --------
    >>> chunk = pd.DataFrame({"draw": [4, 4, 5], "chunk": 2})
    >>> _within(chunk, 4, 5)["draw"].tolist(), _within(chunk, 4, 6) is chunk, _within(chunk, 4, 7)
    ([4, 4], True, None)
    """
    if "draw" not in frame or not set(range(start, stop)) <= set(frame["draw"].tolist()):
        return None
    inside = frame["draw"] < stop
    return frame if bool(inside.all()) else frame[inside].reset_index(drop=True)


def _draw_record(frames: Sequence[pd.DataFrame], table: pd.DataFrame) -> dict[str, Any]:
    """What a Monte Carlo output keeps for a later run (:func:`_take_finished`): the chunks'
    columns (without ``chunk``) and each chunk's dtypes that differ from the table's (a draw
    without a plan makes ``dry_days`` float in its chunk and so in the table)."""
    dtypes: dict[str, dict[str, str]] = {}
    for frame in frames:
        if len(frame):
            differ = {str(c): str(t) for c, t in frame.dtypes.items() if c != "chunk" and table[c].dtype != t}
            if differ:
                dtypes[str(int(frame["chunk"].iloc[0]))] = differ
    return {"columns": [str(c) for c in table.columns if c != "chunk"], "chunk_dtypes": dtypes}


def _rechunk(store: ChunkStore, kind: str) -> bool:
    """Cut the finished chunks of ``store`` into chunks of its run's chunk size, when some hold
    draws outside their own (a run resumed with another chunk size; only for runs whose draws
    do not depend on it). Each draw's rows come from the first chunk holding it; a chunk is
    written over before any chunk file left over is deleted, so a run killed meanwhile loses
    at most draws that are then computed again. Whether a chunk holds every draw of its span
    is checked later (:func:`_within`). Returns whether anything was cut.
    """
    size = store.meta.get("chunk_size")
    frames = {i: store.read(i) for i in sorted(store.done())}
    if not isinstance(size, int) or size < 1 or not frames:
        return False
    if all("draw" in f and f["draw"].between(i * size, (i + 1) * size - 1).all() for i, f in frames.items()):
        return False
    ints = {str(c): t for f in frames.values() for c, t in f.dtypes.items() if pd.api.types.is_integer_dtype(t)}
    pieces: dict[int, list[pd.DataFrame]] = {}
    seen: set[int] = set()
    for frame in frames.values():
        if "draw" not in frame:
            continue
        frame = frame[~frame["draw"].isin(seen)]  # a draw also in an earlier chunk: that one's
        seen |= set(frame["draw"].tolist())
        for key, rows in frame.groupby(frame["draw"] // size, sort=True):
            pieces.setdefault(int(key), []).append(rows.drop(columns=["chunk"], errors="ignore"))
    for index, parts in sorted(pieces.items()):
        store.write(index, _integer_again(pd.concat(parts, ignore_index=True), ints).assign(chunk=index))
    for index in set(frames) - set(pieces):
        store.remove(index)
    logger.info("Cut %d finished draws of %s into %d chunk(s) of %d", len(seen), kind, len(pieces), size)
    return True


def _integer_again(frame: pd.DataFrame, ints: dict[str, Any]) -> pd.DataFrame:
    """``frame`` with each column of ``ints`` (name -> integer dtype) that holds no missing
    value back in that dtype: a chunk's integer column is float only when one of its draws has
    no plan (NaN), and rows cut from such a chunk into another without it are whole numbers.

    Examples
    --------
    >>> f = pd.DataFrame({"dry_days": [1.0, 2.0], "x": [0.5, 1.0]})
    >>> _integer_again(f, {"dry_days": "int64", "x": "int64"}).dtypes.astype(str).tolist()
    ['int64', 'float64']
    """
    out = frame.copy()
    for column, dtype in ints.items():
        values = out.get(column)
        if values is not None and not pd.api.types.is_integer_dtype(values) and values.notna().all() \
                and pd.api.types.is_numeric_dtype(values) and bool((values == values.round()).all()):  # fmt: skip
            out[column] = values.astype(dtype)
    return out


def _take_finished(store: ChunkStore, kind: str, wanted: set[int], *, chunk_free: bool = False) -> None:
    """Write the draws of a finished output of this run back as chunks (those of the
    ``wanted`` chunk indices, which the folder lacks: removed when the run finished, or killed
    while the draws were being taken back).

    The output records its run (:meth:`~supplychain.scenarios.store.ChunkStore.finished_record`):
    its fingerprint leaves the draw count out, so its chunk size and seed are this run's and
    its chunk ``i`` held draws ``i * chunk_size`` up to its own draw count. With ``chunk_free``
    (the chunk size left out of the fingerprint too) its chunk size may differ: its draws are
    cut into this run's chunks, a column back in its integer dtype where the new chunk has no
    missing value (:func:`_integer_again`). Nothing is taken from an output of another run, or
    one rewritten without the record, with other rows or with other values (the record's
    digest of its rows).
    """
    record = store.finished_record()
    if record is None:
        _other_run(store, kind)
        return
    size, draws = store.meta.get("chunk_size"), (record.get("meta") or {}).get("draws")
    columns, dtypes = record.get("columns"), record.get("chunk_dtypes") or {}
    if not (isinstance(size, int) and isinstance(draws, int) and isinstance(columns, list) and size >= 1):
        return
    try:
        table = pd.read_parquet(store.out)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        logger.warning("'%s' cannot be read back (%s: %s); its draws are computed again",
                       store.out, type(exc).__name__, exc)  # fmt: skip
        return
    if "draw" not in table or not set(columns) <= set(table.columns):
        return
    if record.get("digest") != _rows_digest(table, columns):  # rewritten since: other values
        logger.info("'%s' has changed since its run wrote it; its draws are computed again", store.out)
        return
    taken = 0
    was = (record.get("meta") or {}).get("chunk_size")
    other_size = chunk_free and was != size
    ints: dict[str, Any] = {str(c): t for c, t in table.dtypes.items() if pd.api.types.is_integer_dtype(t)}
    ints |= {c: t for d in dtypes.values() for c, t in d.items() if t.startswith(("int", "Int", "uint"))}
    chunks = -(-draws // size)  # the output's chunk i held draws i * size .. (i + 1) * size - 1
    inside = table[table["draw"].between(0, chunks * size - 1)]
    for key, rows in inside.groupby(inside["draw"] // size):
        index = int(key)
        if index not in wanted:
            continue
        frame = rows[columns].reset_index(drop=True)
        frame = (_integer_again(frame, ints) if other_size else frame.astype(dtypes.get(str(index), {})))
        frame = frame.assign(chunk=index)
        store.write(index, frame)
        taken += 1
    logger.info("Taking %d chunk(s) of the %d finished draws of %s back from '%s'", taken, draws, kind,
                store.out)  # fmt: skip


def _other_run(store: ChunkStore, kind: str) -> None:
    """Warn when the finished output of a ``kind`` run in ``store.out`` is of another run,
    which this run replaces: every draw is computed again.

    A timeline file without a ``[timeline] start`` starts today, so the same command run again
    the next day is another run (the warning names ``--start``). A monte-carlo output of
    another seed (or chunk size, scenario, network, parameters) was replaced without a word,
    while an interrupted run of other settings is refused: the warning names the settings
    that differ, and how to keep that output or extend its run.
    """
    there = (_finished_record(store.out) or {}).get("meta")
    if not isinstance(there, dict) or there.get("kind") != kind:
        return
    was, now = there.get("start"), store.meta.get("start")
    if isinstance(was, str) and isinstance(now, str) and was != now:
        logger.warning("'%s' holds a %s run from day 0 %s; this run's day 0 is %s (day 0 is --start, "
                       "else the file's [timeline] start, else today), so its draws are all computed again: pass "
                       "--start %s to extend that run instead", store.out, kind, was, now, was)  # fmt: skip
        return
    differ = [k for k in sorted((set(there) | set(store.meta)) - store.free) if there.get(k) != store.meta.get(k)]
    if differ:
        keep = " ".join(f"--{k.replace('_', '-')} {there.get(k)}" for k in differ
                        if there.get(k) is not None and k not in _FLAGS)  # fmt: skip
        # A flag is passed when that run had it, dropped when it had not (said only "give
        # another --out" for a warm run run again cold, or the other way round; fuzz26).
        keep = " ".join([keep, *(f"--{k}" for k in differ if k in _FLAGS and there.get(k) is True)]).strip()
        drop = " ".join(f"--{k}" for k in differ if k in _FLAGS and there.get(k) is False)
        said = "; ".join(f"{k} {_short(store.meta.get(k))} here, {_short(there.get(k))} there" for k in differ)
        steps = " and ".join(([f"pass {keep}"] if keep else []) + ([f"drop {drop}"] if drop else []))
        how = f"{steps} to extend that run instead, or " if steps and all(k in _NAMED | _FLAGS for k in differ) else ""
    else:
        said, how = "the network, parameters or scenario differ", ""
    logger.warning("'%s' holds a finished %s run of other settings (%s); this run replaces it when it "
                   "ends: every draw is computed again (%sgive another --out to keep it)",
                   store.out, kind, said, how)  # fmt: skip


#: Settings of a Monte Carlo run's record that are command-line options of the same name
#: (``foresight`` too: its warning said only "give another --out"; fuzz25).
_NAMED = frozenset({"seed", "chunk_size", "days", "tankers_per_attack", "foresight"})
#: Settings of a run's record that are command-line flags of the same name (on or off).
_FLAGS = frozenset({"warm"})


def _resumed_chunk_size(out: str | Path | None, kind: str) -> int | None:
    """The chunk size of the ``kind`` run whose chunks ``out``'s folder holds, or None.

    The default chunk size follows the worker count (:func:`_auto_chunk_size`), and a resume
    may change it (a sweep stopped on a Dask scheduler run again with ``--workers N``): the
    resumed run keeps the folder's chunk size, so its chunks fit. Whether the rest of the run
    is the same is still checked (:class:`~supplychain.scenarios.store.ChunkStore`). Without
    a folder, the chunk size a finished Monte Carlo output records: Monte Carlo runs keep it
    only when that output is their own run's (:func:`_extended_chunk_size`).
    """
    # No folder (a new run), or one the store refuses with its own message: None.
    return _recorded_chunk_size(recorded_meta(out) if out is not None else None, kind)


def _recorded_chunk_size(meta: dict[str, Any] | None, kind: str) -> int | None:
    """The chunk size recorded settings ``meta`` give for a ``kind`` run, or None."""
    size = meta.get("chunk_size") if meta is not None and meta.get("kind") == kind else None
    return size if isinstance(size, int) and not isinstance(size, bool) and size >= 1 else None


def _run_fingerprint(key: str, kind: str, settings: dict[str, Any], *, extendable: bool,
                     chunk_free: bool = False) -> str:  # fmt: skip
    """The fingerprint of a chunked run: its context's ``key``, its kind and its settings
    (without ``draws`` for a run that may be extended or cut, without ``chunk_size`` for one
    whose draws do not depend on it, see :func:`_run_stored`)."""
    left_out = _left_out(extendable=extendable, chunk_free=chunk_free)
    identity = {k: v for k, v in settings.items() if k not in left_out}
    return hashlib.sha256(f"{key}|{kind}|{json.dumps(identity, sort_keys=True)}".encode()).hexdigest()


def _left_out(*, extendable: bool, chunk_free: bool) -> set[str]:
    """The settings a run's fingerprint leaves out (:func:`_run_fingerprint`)."""
    return ({"draws"} if extendable else set()) | ({"chunk_size"} if chunk_free else set())


def _extended_chunk_size(out: str | Path | None, kind: str, key: str, settings: dict[str, Any], *,
                         chunk_free: bool = False) -> int | None:  # fmt: skip
    """The chunk size of the Monte Carlo run in ``out`` when it is this run (``key``, ``kind``
    and ``settings``, those of the draws' identity but the chunk size), else None.

    A run without a chunk size keeps the one of its own run in ``out`` (folder or finished
    output) so that it can be extended. The chunk size of another run's output (another seed,
    scenario or network) is not taken: monte-carlo's draws follow the chunk size, and the same
    command gave other draws over another run's output than in an empty folder.
    """
    run = recorded_run(out) if out is not None else None  # read once: folder or finished output
    if run is None or (size := _recorded_chunk_size(run[1], kind)) is None:
        return None
    same = _run_fingerprint(key, kind, {**settings, "chunk_size": size}, extendable=True, chunk_free=chunk_free)
    return size if run[0] == same else None


def _canonical(obj: Any) -> str:
    """A repr that is the same in every process: sets and dicts in sorted order, dataclasses
    field by field. ``repr`` of a frozenset of strings follows Python's per-process string
    hashing, so the run's fingerprint changed from one process to the next and an interrupted
    ``stress timeline-mc`` could never resume (found by an audit, 2026-12-03).

    Examples
    --------
    >>> _canonical(frozenset({"b", "a"})) == _canonical(frozenset({"a", "b"}))
    True
    >>> _canonical({"y": 1, "x": (2, {3})})
    "{'x': (2, {3}), 'y': 1}"
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = ", ".join(f"{f.name}={_canonical(getattr(obj, f.name))}" for f in dataclasses.fields(obj))
        return f"{type(obj).__name__}({fields})"
    if isinstance(obj, dict):
        items = sorted((_canonical(k), _canonical(v)) for k, v in obj.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(obj, set | frozenset):
        return "{" + ", ".join(sorted(_canonical(x) for x in obj)) + "}"
    if isinstance(obj, tuple | list):
        inner = ", ".join(_canonical(x) for x in obj)
        return f"({inner},)" if isinstance(obj, tuple) and len(obj) == 1 else (
            f"({inner})" if isinstance(obj, tuple) else f"[{inner}]")
    return repr(obj)


def _storage_values(storage: Any) -> Any:
    """A timeline's storage parameters without the file they came from (None for none)."""
    return None if storage is None else replace(storage, source="")


def canonical_storage(storage: StorageParameters) -> str:
    """The canonical form of a storage file's values: the text :func:`_timeline_hash` hashes
    for them (the timeline sweeps' run keys), also recorded by value for the report
    (``values_sha256`` of a result's storage file), so that the report compares a storage
    file by value.

    Comments, blank lines, the file's path and the order of tables and keys (``places``
    too) are not in it.

    Parameters
    ----------
    storage : StorageParameters

    Returns
    -------
    str

    Examples
    --------
    >>> from supplychain.models.timeline import load_storage_parameters
    >>> s = load_storage_parameters()
    >>> canonical_storage(s) == canonical_storage(replace(s, source="copy.toml"))
    True
    >>> canonical_storage(s) == canonical_storage(replace(s, floor_days=2.0))
    False
    """
    return _canonical(_storage_values(storage))


def _timeline_hash(graph: nx.MultiDiGraph, params: ModelParameters, timeline: Any) -> Any:
    """A sha256 (``hashlib`` object, to update further) of the network, the parameters and
    everything of a timeline the model reads (not its file's path, nor its storage file's):
    the key of a timeline sweep's chunks (``stress timeline-mc``, ``stress closure-days``).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> from supplychain.models.timeline import Timeline
    >>> g, p = build_network(), load_model_parameters()
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 3)
    >>> _timeline_hash(g, p, tl).hexdigest() == _timeline_hash(g, p, tl).hexdigest()
    True
    """
    h = hashlib.sha256(model_fingerprint(graph, params, "highs").encode())
    # The storage parameters' values, not their file's path (as model_fingerprint the model
    # parameters'): the same file elsewhere recomputed every draw or closure before 2026-12-05.
    storage = _storage_values(timeline.storage)
    h.update(_canonical((timeline.name, timeline.start, timeline.days, timeline.effects,
                         timeline.escorts, timeline.attacks, timeline.escort_units,
                         timeline.loading_factor, timeline.rationing, timeline.injections,
                         storage, timeline.fleet_lost_before_start)).encode())  # fmt: skip
    return h


def _done(kind: str, table: pd.DataFrame, summary: dict[str, Any], store: ChunkStore | None,
          csv: bool, command: Mapping[str, Any] | None = None) -> SweepResult:  # fmt: skip
    summary = _with_command(summary, command)
    path = store.finish(table, csv=csv, summary=summary) if store is not None else None
    return SweepResult(kind, table, summary, path)


def _with_command(summary: dict[str, Any], command: Mapping[str, Any] | None) -> dict[str, Any]:
    """``summary`` with the caller's ``command`` (how it ran the sweep and the files it read,
    :func:`~supplychain.reports.command_record`) as its last key; as it is without one. Only
    the summary holds it: the run's fingerprint and settings (``run.json``) never see it, so
    a resume from another folder or command line is the same run.

    Examples
    --------
    >>> _with_command({"sweep": "n-1"}, {"line": "supplychain stress n-1", "inputs": []})
    {'sweep': 'n-1', 'command': {'line': 'supplychain stress n-1', 'inputs': []}}
    >>> _with_command({"sweep": "n-1"}, None)
    {'sweep': 'n-1'}
    """
    return summary if command is None else {**summary, "command": dict(command)}


def _base(ctx: SweepContext) -> tuple[float, float, float]:
    through, served = _solvers(ctx)
    frame = _evaluate_closures([("none", (), ())], ctx)
    return through.base_value_m3_per_day, served.base_value_m3_per_day, float(frame["hub_flow_m3_per_day"].iloc[0])


def _describe(ctx: SweepContext, label: str) -> dict[str, Any]:
    return {"scenario": ctx.scenario.name, "network": ctx.graph.graph.get("source", ""), "sweep": label}


def _elements(ctx: SweepContext, include_nodes: bool) -> list[Closure]:
    segs = sorted({d["segment_id"] for _, _, d in ctx.graph.edges(data=True)})
    items: list[Closure] = [(s, (s,), ()) for s in segs]
    if include_nodes:
        posts = sorted(d["name"] for _, d in ctx.graph.nodes(data=True) if d.get("role") == "border")
        items += [(p, (), (p,)) for p in posts]
    return items

