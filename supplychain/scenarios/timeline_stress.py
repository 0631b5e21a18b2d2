"""Timeline runs from files, and the closure-days stress test.

:func:`load_timeline` turns any scenario file (a timeline, an undated threat file or a plain
scenario file) into a :class:`~supplychain.models.timeline.Timeline`; :func:`closure_days`
closes each corridor from day 0 and finds the day the first city runs dry, and each city's
(:func:`city_days_to_dry` reads them, :func:`largest_demand_city` names the city to follow).
"""

from __future__ import annotations

import json
import logging
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from supplychain._json import loads as load_json
from supplychain._logs import per_item
from supplychain._paths import as_path
from supplychain._toml import THREAT_KEYS, toml_keys
from supplychain.errors import ArgumentTypeError, ParameterError
from supplychain.models.lp import check_model_arguments
from supplychain.models.params import ModelParameters
from supplychain.models.scenario import Effect, load_scenario
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import (
    DatedEffects,
    StorageParameters,
    Timeline,
    load_storage_parameters,
)
from supplychain.scenarios.threats import ThreatDefinition, load_threat
from supplychain.scenarios.timelines import DEFAULT_DAYS, _check_horizon_arguments, resolve_timeline

__all__ = [
    "CITY_COLUMN",
    "city_days_to_dry",
    "closure_days",
    "closure_days_summary",
    "closures_below_unclosed",
    "largest_demand_city",
    "load_timeline",
]

logger = logging.getLogger(__name__)

#: The column of a :func:`closure_days` table with each city's days to dry: JSON text of
#: ``{city: {"days_to_dry": day or null, "dry_days": count, "demand_m3": m3}}`` (``{}``
#: without a plan). Text, not a column per city: one schema whatever the network's cities,
#: the same in the chunks of a resume, the Parquet file and the CSV.
CITY_COLUMN = "dry_by_city"


def load_timeline(
    path: str | Path | None,
    graph: nx.MultiDiGraph,
    *,
    start: date | None = None,
    days: int | None = None,
    storage: StorageParameters | None = None,
    default_days: int = DEFAULT_DAYS,
    definition: ThreatDefinition | None = None,
) -> Timeline:
    """A timeline from a threat file (dated or not), a plain scenario file, or none.

    Parameters
    ----------
    path : str or Path or None
        ``None`` gives an undisturbed timeline.
    graph : networkx.MultiDiGraph
    start : datetime.date, optional
        Day 0; default the file's ``[timeline] start``, else today.
    days : int, optional
        Default the file's horizon, else ``default_days``.
    storage : StorageParameters, optional
    default_days : int, default 180
        The horizon when neither ``days`` nor the file gives one (``stress closure-days``: 60).
    definition : ThreatDefinition, optional
        ``path`` as :func:`~supplychain.scenarios.threats.load_threat` read it already, for a
        caller that needs it too: the file is not read again.

    Returns
    -------
    Timeline

    Raises
    ------
    SupplyChainError
        From the file readers, naming the file and the bad key or event.
    ArgumentError
        If ``start`` is not a :class:`datetime.date` or ``days`` not a whole number 1 or more
        (an :class:`~supplychain.errors.ArgumentTypeError` for a wrong type, and for a
        ``graph`` that is not a ``networkx.MultiDiGraph``).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> load_timeline(None, build_network(), start=date(2026, 1, 1), days=3).days
    3
    """
    _check_horizon_arguments(start, days, graph)
    if path is not None:
        path = as_path(path)
        keys = {"rule"} if definition is not None else toml_keys(path)
        if keys is None:
            keys = {"rule"}  # let the threat reader report the problem with its own message
        if keys & THREAT_KEYS:
            definition = definition if definition is not None else load_threat(path)
            if start is None and (definition.timeline is None or definition.timeline.start is None):
                start = date.today()
                logger.warning("'%s' has no [timeline] start; day 0 is today (%s)", path.name, start)
            return resolve_timeline(definition, graph, start=start, days=days, storage=storage,
                                    default_days=default_days)  # fmt: skip
    day0 = start or date.today()
    if path is not None and start is None:
        logger.warning("'%s' has no dates; day 0 is today (%s)", path.name, day0)
    n_days = days if days is not None else default_days  # 0 is an error, not the default
    effects: tuple[DatedEffects, ...] = ()
    name = "baseline"
    if path is not None:
        scenario = load_scenario(path)
        scenario.check_against(graph)
        name = scenario.name
        effects = (DatedEffects(0, n_days - 1, dict(scenario.segments), dict(scenario.nodes), name),)
    return Timeline(name, str(path or ""), day0, n_days, effects,
                    storage=storage or load_storage_parameters())  # fmt: skip


def closure_days(
    graph: nx.MultiDiGraph,
    params: ModelParameters,
    timeline: Timeline,
    *,
    corridors: list[str] | None = None,
    progress: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    warm: bool = False,
    out: str | Path | None = None,
    csv: bool = False,
    arc_pricing: bool | None = None,
    command: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """For each corridor closed from day 0 to the end, the first day a city runs dry.

    Each corridor's segments (the ``corridors`` attribute of the network) are closed on top of
    the timeline; stage 1 only is solved (delivery, which decides when cities run dry). Each
    closure is one task on the executors of
    :func:`~supplychain.scenarios.executors.run_chunks`, built and solved on its own, so the
    table is the same whatever ``workers`` or ``scheduler``.

    A closure built on its own is solved as ``supplychain timeline`` solves a timeline: with
    arcs priced in (:func:`~supplychain.models.timeexp_price.solve_priced`, first goal only)
    when ``arc_pricing``, or when it is None and the sweep's timeline keeps at least
    :data:`~supplychain.models.timeexp_price.PRICING_MIN_ARCS` arcs after the exact reductions
    (imported networks; decided once, here: a closure changes no arc count on West Africa);
    else the whole model. The plan proved optimal by pricing has the same delivery; its days
    to dry and unmet demand were those of the whole model on every closure measured
    (BENCHMARKS.md). Priced, the unclosed timeline is solved first (here, also when a resumed
    sweep has its row already) and every closure's pricing starts from the arcs of its last
    round (``start_arcs``; those within the same roads when a closure's reduction differs):
    the pricing still proves each closure's plan optimal, in fewer rounds than from the
    steady state's arcs (West Africa, 30 days undisturbed: 2-3 rounds instead of 4-6).

    With ``warm``, one model is built on which no arc crosses a corridor's boundary (a no-op
    dated effect per corridor keeps its junctions) and solved once here (interior point and
    crossover); each worker process builds it once and starts from that optimal basis; each
    closure then only sets its corridor's flows to 0 and re-solves with the dual simplex from
    the basis (restored before each closure, so the table does not depend on the worker count
    or the order of the closures). A closure whose re-solve does not end optimal is built and
    solved on its own (``method`` says which).

    With ``out``, each finished closure is kept in ``<out>.parts/`` (locked while the sweep
    runs); running the same sweep again with the same ``out`` after an interruption computes
    only the closures left (and again those kept by a version without ``dry_by_city``), and a finished sweep writes ``out``, its JSON summary (``<out
    without suffix>.json``, :func:`closure_days_summary`) and, with ``csv``, a CSV, then
    removes the folder.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
        Usually undisturbed (``load_timeline(None, ...)``).
    corridors : list of str, optional
        Default: every corridor of the network.
    progress : bool, default False
    workers : int, default 1
        Local processes (1: this process).
    scheduler : str, optional
        Dask scheduler address (``tcp://HOST:PORT``); overrides ``workers``.
    warm : bool, default False
        Re-solve every closure on one model from the unclosed timeline's basis (above).
    out : str or Path, optional
        The Parquet file to write, its chunks kept for a resume (above).
    csv : bool, default False
        With ``out``: also write ``<out>.csv`` (cells that a spreadsheet would run neutralised).
    arc_pricing : bool, optional
        Price arcs in for every closure built on its own (True), never (False), or by the
        arc count as ``supplychain timeline`` does (None, above). With ``warm``, only the
        closures whose re-solve does not end optimal are built on their own.
    command : mapping, optional
        How the caller ran the sweep and the files it read
        (:func:`~supplychain.reports.command_record`): the summary's ``command``, for the
        report's provenance, with ``arc_pricing`` set to what the sweep chose (True or False:
        not None), as ``supplychain timeline`` records it. Not part of the run: a resume
        ignores it.

    Returns
    -------
    pandas.DataFrame
        One row for the timeline itself (``corridor = "(none)"``) then one per corridor, sorted
        by days until the first city runs dry (never dry after them, then those without a
        plan), on the same day by unmet demand (the most first, to the m³), then by name: ``corridor``, ``segments``, ``days_to_dry`` (NaN when no city runs dry within
        the horizon, or when ``status`` is not ``optimal``: no plan, the day unknown),
        ``first_dry_date``, ``first_dry_city``, ``unmet_m3``, ``unmet_pct`` (NaN without a
        plan), ``dry_by_city`` (each city's first dry day, dry days and demand over the
        horizon, :data:`CITY_COLUMN`; read it with :func:`city_days_to_dry`), ``status``, ``method`` (``cold``: the whole model built and solved on its own;
        ``priced``: built on its own with arcs priced in; ``warm``: re-solved from the basis).

    Raises
    ------
    ParameterError
        If ``workers`` is below 1, a corridor is not on the network, or ``<out>.parts`` holds
        the chunks of another run.
    SupplyChainError
        If the Dask scheduler cannot be reached, or another live process runs the same ``out``.
    ArgumentTypeError
        If ``graph``, ``params`` or ``timeline`` is not a network, model parameters or a
        timeline, or ``corridors`` not a list of names.

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> g = build_network()
    >>> tl = load_timeline(None, g, start=date(2026, 1, 1), days=5)
    >>> table = closure_days(g, load_model_parameters(), tl, corridors=["Conakry-Bamako"])
    >>> list(table.corridor)
    ['(none)', 'Conakry-Bamako']
    """
    import uuid

    from supplychain.scenarios.executors import run_chunks
    from supplychain.scenarios.sweep_common import (
        _check_run_options,
        _run_stored,
        _timeline_hash,
        _with_command,
    )

    check_model_arguments(graph, params, timeline=timeline)
    _check_run_options(workers=workers, out=out, command=command)
    if corridors is not None:
        # A name alone was read letter by letter ("corridor 'C' is not on the network"), a
        # number failed with a bare TypeError (fuzz33); read once, so that a generator is not
        # used up by this check.
        given = corridors
        corridors = list(given) if isinstance(given, Iterable) and not isinstance(given, str) else None
        if corridors is None or not all(isinstance(c, str) for c in corridors):
            raise ArgumentTypeError(f"corridors = {given!r}: give a list of corridor names, e.g. "
                                    "['Dakar-Bamako via Kayes'], or None for every corridor")  # fmt: skip
    names = sorted({c for _, _, d in graph.edges(data=True) for c in d.get("corridors") or []})
    problems = [f"workers {workers}: give 1 or more"] if workers < 1 else []
    problems += [f"corridor {c!r} is not on the network; known: {', '.join(names)}"
                 for c in corridors or () if c not in names]  # fmt: skip
    if problems:
        raise ParameterError("closure-days cannot run", problems=problems)
    todo: list[str | None] = [None, *(corridors or names)]
    key = _timeline_hash(graph, params, timeline).hexdigest()[:16]
    if arc_pricing is None:
        arc_pricing = _prices_arcs(graph, params, timeline)
    codes = _WarmClosures.base_codes(graph, params, timeline, names) if warm else None
    context = _ClosureContext(graph, params, timeline, tuple(names), warm, codes,
                              f"{key}-{uuid.uuid4().hex}", arc_pricing)  # fmt: skip
    # One closure per task (chunk index = its place in `todo`), whatever the workers: a resume
    # with another worker count finds the same chunks; warm workers keep their model between
    # tasks (_warm_solver).
    settings = {"corridors": [c or "(none)" for c in todo], "warm": warm}

    def run(tasks: list[tuple[int, str | None]], keep: Any) -> None:
        """The tasks left; priced (not warm), the unclosed timeline first, here, its last
        arcs then handed to every closure (in the context each worker receives)."""
        ctx = context
        if arc_pricing and not warm and any(c is not None for _, c in tasks):
            with per_item():
                row, edges = _solve_closure(None, (graph, params, timeline), priced=True)
            if edges is not None:
                logger.info("closure-days: every closure's pricing starts from the unclosed "
                            "timeline's plan (%d road edges)", len(edges))  # fmt: skip
            ctx = replace(context, start_edges=edges)
            if (0, None) in tasks:
                keep(0, pd.DataFrame([row]))
                tasks = [(i, c) for i, c in tasks if c is not None]
        run_chunks(_closure_chunk, tasks, keep, context=ctx, workers=workers, scheduler=scheduler,
                   progress=progress, description="closure-days")  # fmt: skip

    frame, store, _ = _run_stored(_closure_chunk, list(enumerate(todo)), context, kind="closure-days",
                                  key=key, name=timeline.name, settings=settings, out=out,
                                  workers=workers, scheduler=scheduler, progress=progress,
                                  runner=run, about={"start": str(timeline.start), "days": timeline.days},
                                  needed=(CITY_COLUMN,))  # fmt: skip
    frame = frame.drop(columns=["chunk"])
    frame["days_to_dry"] = pd.to_numeric(frame["days_to_dry"])  # None in a chunk of its own: NaN
    head, rest = frame.iloc[:1], frame.iloc[1:]
    # Never dry after the days; a closure without a plan (its day unknown) after those.
    unknown = ~rest["status"].isin(_SOLVED)
    rest = rest.assign(_k=rest["days_to_dry"].fillna(10**9).where(~unknown, 10**9 + 1),
                       # On the same day, the most unmet demand first (whole m3, so that solver
                       # round-off between a warm and a cold sweep does not reorder rows).
                       _u=-rest["unmet_m3"].fillna(0.0).round(0))  # fmt: skip
    rest = rest.sort_values(["_k", "_u", "corridor"])
    logger.info("closure-days: %d corridors over %d days", len(rest), timeline.days)
    table = pd.concat([head, rest.drop(columns=["_k", "_u"])], ignore_index=True)
    if store is not None:
        # What the sweep chose, not the option as given (None: by the arc count). Before
        # 2026-12-05 the summary said null however the closures were solved.
        chosen = None if command is None else {**command, "arc_pricing": bool(arc_pricing)}
        summary = _with_command(closure_days_summary(table, timeline), chosen)
        store.finish(table, csv=csv, summary=summary)
    return table


def closure_days_summary(table: pd.DataFrame, timeline: Timeline) -> dict[str, Any]:
    """The JSON summary of a :func:`closure_days` table (dates as ``YYYY-MM-DD``).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`closure_days`.
    timeline : Timeline

    Returns
    -------
    dict
        ``kind``, ``timeline`` (its name), ``start``, ``days`` and ``rows`` (the table's rows;
        ``dry_by_city`` as an object, not JSON text).

    Examples
    --------
    >>> import datetime
    >>> from supplychain.models.timeline import Timeline
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 3)
    >>> row = {"corridor": "(none)", "days_to_dry": 2.0, "first_dry_date": datetime.date(2026, 1, 3)}
    >>> closure_days_summary(pd.DataFrame([row]), tl)["rows"][0]["first_dry_date"]
    '2026-01-03'
    """
    rows = table.copy()
    if "first_dry_date" in rows.columns:  # a date, not to_json's "2026-12-10T00:00:00.000"
        rows["first_dry_date"] = [None if d is None or d != d else str(d) for d in rows["first_dry_date"]]
    records = json.loads(rows.to_json(orient="records", date_format="iso"))
    for record in records:
        if CITY_COLUMN in record:
            record[CITY_COLUMN] = city_days_to_dry(record[CITY_COLUMN])
    return {"kind": "closure-days", "timeline": timeline.name, "start": str(timeline.start),
            "days": timeline.days, "rows": records}


def _corridor_segments(graph: nx.MultiDiGraph, corridor: str) -> set[str]:
    return {d["segment_id"] for _, _, d in graph.edges(data=True) if corridor in (d.get("corridors") or [])}


def _prices_arcs(graph: nx.MultiDiGraph, params: ModelParameters, timeline: Timeline, *,
                 sweep: str = "closure-days", items: str = "closures") -> bool:  # fmt: skip
    """Whether ``supplychain timeline`` would price arcs in on ``timeline`` by default (no
    ``--arc-pricing``/``--no-arc-pricing``): at least ``PRICING_MIN_ARCS`` arcs after the
    exact reductions. One line logged, naming ``sweep`` and its ``items`` (also
    ``stress timeline-mc``'s draws)."""
    from supplychain.models import timeexp_price

    with per_item():  # the reduction's line shows at -vv; the count is in the line below
        n_arcs = len(timeexp_price.exact_arcs(graph, params, timeline))
    priced = n_arcs >= timeexp_price.PRICING_MIN_ARCS
    logger.info("%s: %d arcs after the exact reductions; %s built on their own are %s", sweep,
                n_arcs, items, "priced (arc pricing)" if priced else
                f"solved whole (arc pricing from {timeexp_price.PRICING_MIN_ARCS} arcs)")  # fmt: skip
    return priced


def _closure_row(corridor: str | None, context: tuple[nx.MultiDiGraph, ModelParameters, Timeline], *,
                 priced: bool = False, start_edges: frozenset[int] | None = None) -> dict[str, Any]:  # fmt: skip
    """One row of :func:`closure_days`: ``corridor`` (None: none) closed from day 0 to the end,
    the whole model solved, or with ``priced`` its arcs priced in (first goal only, as the
    whole model's), from the arcs within ``start_edges`` when given (see :func:`_solve_closure`)."""
    return _solve_closure(corridor, context, priced=priced, start_edges=start_edges)[0]


def _solve_closure(corridor: str | None, context: tuple[nx.MultiDiGraph, ModelParameters, Timeline], *,
                   priced: bool = False, start_edges: frozenset[int] | None = None,
                   ) -> tuple[dict[str, Any], frozenset[int] | None]:  # fmt: skip
    """:func:`_closure_row`'s row, and with ``priced`` the edges (indices in
    ``graph.edges(keys=True)`` order) of the last round's arcs when the pricing certified an
    optimal plan (else None). ``start_edges``: the first round takes the closure's arcs whose
    every edge is one of them (the steady state's arcs when None). Edges, not arc indices:
    a closure keeps the junctions at its corridor's ends, so its reduction may split an arc
    of the unclosed timeline's (never on West Africa: same count of arcs)."""
    graph, params, tl = context
    segs: set[str] = set()
    if corridor is not None:
        tl, segs = _closed_timeline(graph, tl, corridor)
    if priced:
        from supplychain.models.timeexp_price import exact_arcs, solve_priced

        arcs = exact_arcs(graph, params, tl)
        start = None
        if start_edges is not None:
            start = frozenset(i for i, a in enumerate(arcs) if start_edges.issuperset(a.edges))
        _, result = solve_priced(graph, params, tl, lexicographic=False, arcs=arcs, start_arcs=start)
        pricing = result.arc_pricing or {}
        edges = None
        if result.status == "optimal" and pricing.get("certified"):
            edges = frozenset(e for i in pricing["active_arcs"] for e in arcs[i].edges)
        return _row(corridor, len(segs), result, tl, "priced"), edges
    result = solve_timeline(build_timeline_model(graph, params, tl), lexicographic=False)
    return _row(corridor, len(segs), result, tl, "cold"), None


def _closed_timeline(graph: nx.MultiDiGraph, tl: Timeline, corridor: str) -> tuple[Timeline, set[str]]:
    """``tl`` with ``corridor`` closed from its first day to its last (a closure built on its
    own), and the corridor's segments."""
    segs = _corridor_segments(graph, corridor)
    extra = DatedEffects(0, tl.days - 1, dict.fromkeys(segs, Effect(closed=True)), {},
                         f"{corridor} closed")  # fmt: skip
    # Named after its closure, so that what the solve logs says which one (a warning of a
    # solver retry named only the file's timeline, once in 23 closures on West Africa).
    return replace(tl, name=_closure_name(tl, corridor), effects=(*tl.effects, extra)), segs


def _closure_name(tl: Timeline, corridor: str) -> str:
    """The name of ``tl`` with ``corridor`` closed, which its solve's log lines carry."""
    return f"{tl.name}, {corridor} closed"


#: Statuses of a closure with a plan (its days to dry and unmet demand known).
_SOLVED = ("optimal", "feasible")


def _row(corridor: str | None, n_segments: int, result: Any, tl: Timeline, method: str) -> dict[str, Any]:
    """The table row of one closure's result. A closure without a plan has every column, its
    day and unmet demand unknown (NaN): before 2026-12-05 it had only its status, so the text
    read "no city dry within N days; unmet nan m3" and a sweep where no closure had a plan
    stopped on "unexpected KeyError: 'days_to_dry'"."""
    row: dict[str, Any] = {"corridor": corridor or "(none)", "segments": n_segments,
                           "status": result.status, "method": method, "days_to_dry": None,
                           "first_dry_date": None, "first_dry_city": "", "unmet_m3": math.nan,
                           "unmet_pct": math.nan, CITY_COLUMN: "{}"}  # fmt: skip
    if result.status in _SOLVED:
        days = result.first_dry_day()
        counts = result.dry_day_counts()  # the timeline's own rule, as its text's "N dry days"
        cities = {name: {"days_to_dry": days[name], "dry_days": counts[name],
                         "demand_m3": round(float(c["demand"].sum()), 6)}
                  for name, c in sorted(result.cities.items())}  # fmt: skip
        row[CITY_COLUMN] = json.dumps(cities, ensure_ascii=False, sort_keys=True)
        dry = {c: d for c, d in days.items() if d is not None}
        first = min(dry.values()) if dry else None
        demand = sum(c["demand"].sum() for c in result.cities.values())
        unmet = sum(result.shortfall(n).sum() for n in result.cities)
        row.update({
            "days_to_dry": first,
            "first_dry_date": None if first is None else tl.date(first),
            "first_dry_city": ", ".join(sorted(c for c, d in dry.items() if d == first)),
            "unmet_m3": unmet, "unmet_pct": 100.0 * unmet / demand if demand else 0.0,
        })  # fmt: skip
    return row


@dataclass(frozen=True)
class _ClosureContext:
    """What every closure-days task needs (sent once per worker): the network, parameters and
    timeline, the corridors (the warm template's), whether warm, the unclosed timeline's
    optimal basis (warm; None: every closure cold), the run's key (the warm model's cache),
    whether closures built on their own are priced and, priced, the edges of the unclosed
    timeline's last arcs that each closure's pricing starts from (None: the steady state's)."""

    graph: nx.MultiDiGraph
    params: ModelParameters
    timeline: Timeline
    names: tuple[str, ...]
    warm: bool
    codes: tuple[Any, Any] | None
    key: str
    priced: bool = False
    start_edges: frozenset[int] | None = None


def _closure_chunk(corridor: str | None, ctx: _ClosureContext) -> pd.DataFrame:
    """The one-row table of one closure (a task of :func:`closure_days`): cold, without the
    unclosed timeline's basis (``warm`` whose template did not solve), with no warm model built."""
    with per_item():  # the sweep logs one line; each closure's solve logs at -vv
        if ctx.warm and ctx.codes is not None:
            return pd.DataFrame([_warm_solver(ctx).row(corridor)])
        return pd.DataFrame([_closure_row(corridor, (ctx.graph, ctx.params, ctx.timeline), priced=ctx.priced,
                                          start_edges=ctx.start_edges)])


#: This process's warm model, by run key: built at a worker's first closure of a run.
_WARM_CACHE: dict[str, _WarmClosures] = {}


def _warm_solver(ctx: _ClosureContext) -> _WarmClosures:
    if ctx.key not in _WARM_CACHE:
        _WARM_CACHE.clear()  # another run's model
        _WARM_CACHE[ctx.key] = _WarmClosures(ctx)
    return _WARM_CACHE[ctx.key]


class _WarmClosures:
    """One model of the timeline with no arc across a corridor's boundary, started from the
    unclosed timeline's optimal basis; each closure sets its corridor's flows to 0 and re-solves
    with the dual simplex from that basis (see :func:`closure_days`)."""

    @staticmethod
    def template(timeline: Timeline, graph: nx.MultiDiGraph, names: Sequence[str]) -> Timeline:
        """The timeline with a no-op dated effect per corridor (keeps its junctions)."""
        noop = tuple(DatedEffects(0, timeline.days - 1, dict.fromkeys(_corridor_segments(graph, c), Effect()),
                                  {}, f"{c} (closure-days template)") for c in names)  # fmt: skip
        return replace(timeline, effects=(*timeline.effects, *noop))

    @classmethod
    def base_codes(cls, graph: nx.MultiDiGraph, params: ModelParameters, timeline: Timeline,
                   names: Sequence[str]) -> tuple[Any, Any] | None:  # fmt: skip
        """Solve the template once (in the driver) and return its optimal basis (None, with a
        warning, when it does not end optimal: every closure is then built cold)."""
        from supplychain.models.timeexp_solve import basis_codes

        model = build_timeline_model(graph, params, cls.template(timeline, graph, names))
        base = solve_timeline(model, lexicographic=False, crossover=True)
        highs = getattr(model.problem, "solverModel", None)
        codes = basis_codes(highs.getBasis()) if base.status == "optimal" and highs is not None else None
        if codes is None:
            logger.warning("closure-days --warm: the unclosed timeline ended %s; every closure is "
                           "built and solved on its own", base.status)  # fmt: skip
        return codes

    def __init__(self, ctx: _ClosureContext) -> None:
        from supplychain.models.timeexp_solve import timeline_time_limit, warm_instance

        self.graph, self.params, self.timeline = ctx.graph, ctx.params, ctx.timeline
        self.priced = ctx.priced
        # A timeline's limit, as the closures built on their own get (it was the parameter
        # file's 60 s here from Python, where those got 600 s).
        self.time_limit_s = timeline_time_limit(self.params)
        self.model = build_timeline_model(self.graph, self.params,
                                          self.template(self.timeline, self.graph, ctx.names))  # fmt: skip
        self.highs, self.basis = warm_instance(self.model, ctx.codes, time_limit_s=self.time_limit_s)
        self.upper = np.asarray(self.highs.getLp().col_upper_, dtype=float)
        self.variables = self.model.problem.variables()

    def row(self, corridor: str | None) -> dict[str, Any]:
        """The row of one closure: warm when the re-solve ends optimal, else built cold."""
        import highspy

        from supplychain.models.timeexp_solve import rerun_from
        from supplychain.models.timeline_result import read_result

        if self.basis is None:
            return _closure_row(corridor, (self.graph, self.params, self.timeline), priced=self.priced)
        segs = _corridor_segments(self.graph, corridor) if corridor is not None else set()
        model, h = self.model, self.highs
        cols = np.array(sorted(var.index for (i, _t), var in model.x.items()
                               if segs.intersection(model.arcs[i].segments)), dtype=np.int32)  # fmt: skip
        if len(cols):
            h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.zeros(len(cols)))
        rerun_from(h, self.basis, time_limit_s=self.time_limit_s)
        optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        if optimal:
            values = h.getSolution().col_value
            for var in self.variables:
                var.varValue = values[var.index]
            # Read under the closure's name, as a cold closure's (_closure_row): the template's
            # name was the same for every closure in what read_result logs.
            template = model.timeline
            if corridor is not None:
                model.timeline = replace(template, name=_closure_name(self.timeline, corridor))
            try:
                result = read_result(model, "optimal", 0.0, None)
            finally:
                model.timeline = template
        if len(cols):
            h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), self.upper[cols])
        if not optimal:
            logger.info("closure-days --warm: %s re-solved to %s; built and solved on its own",
                        corridor or "(none)", h.modelStatusToString(h.getModelStatus()))  # fmt: skip
            return _closure_row(corridor, (self.graph, self.params, self.timeline), priced=self.priced)
        return _row(corridor, len(segs), result, self.timeline, "warm")


def closures_below_unclosed(rows: Sequence[Mapping[Any, Any]]) -> list[str]:
    """Corridors whose closure leaves less demand unmet than the timeline's own row ``(none)``
    (by more than 1 m³ and 1e-6 of it): a recorded attack on a closed road finds no cargo.

    The rule of the note ``supplychain stress closure-days`` prints and the report shows.

    Parameters
    ----------
    rows : sequence of mapping
        A :func:`closure_days` table's rows (``corridor``, ``unmet_m3``).

    Returns
    -------
    list of str
        The corridors, in the rows' order; none without a finite ``(none)`` row.

    Examples
    --------
    >>> closures_below_unclosed([{"corridor": "(none)", "unmet_m3": 100.0},
    ...                          {"corridor": "A", "unmet_m3": 98.0},
    ...                          {"corridor": "B", "unmet_m3": 99.5},
    ...                          {"corridor": "C", "unmet_m3": float("nan")}])
    ['A']
    """
    base = [float(r["unmet_m3"]) for r in rows if r["corridor"] == "(none)" and _finite(r.get("unmet_m3"))]
    if not base:
        return []
    limit = base[0] - max(1.0, 1e-6 * base[0])
    return [str(r["corridor"]) for r in rows
            if r["corridor"] != "(none)" and _finite(r.get("unmet_m3")) and float(r["unmet_m3"]) < limit]  # fmt: skip


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def city_days_to_dry(value: Any) -> dict[str, dict[str, Any]]:
    """Each city's days to dry in one :func:`closure_days` row's ``dry_by_city``.

    Parameters
    ----------
    value : str or mapping or None
        The cell (JSON text), the object a JSON summary holds, or a missing value (a table
        written before the column existed).

    Returns
    -------
    dict
        City -> ``{"days_to_dry": int or None, "dry_days": int, "demand_m3": float}``, cities
        sorted by name; empty for a closure without a plan or a missing value.

    Raises
    ------
    DataFileError
        If ``value`` is not a JSON object of cities, each with ``days_to_dry`` a number or
        null and ``dry_days`` and ``demand_m3`` numbers (a hand-edited table).

    Examples
    --------
    >>> city_days_to_dry('{"Kayes": {"days_to_dry": 3, "dry_days": 2, "demand_m3": 60.0}}')
    {'Kayes': {'days_to_dry': 3, 'dry_days': 2, 'demand_m3': 60.0}}
    >>> city_days_to_dry(None), city_days_to_dry(float("nan"))
    ({}, {})
    """
    from supplychain.errors import DataFileError

    if value is None or (isinstance(value, float) and value != value):
        return {}
    parsed: Any = value
    if isinstance(value, str):
        try:
            parsed = load_json(value)
        except (json.JSONDecodeError, RecursionError):
            parsed = None
    if not isinstance(parsed, Mapping) or not all(isinstance(v, Mapping) and _city_entry(v) for v in parsed.values()):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise DataFileError(f"closure-days column {CITY_COLUMN} holds {shown}, not a JSON object of "
                            "cities and their days; write the table again with 'supplychain stress "
                            "closure-days'")  # fmt: skip
    return {str(k): dict(parsed[k]) for k in sorted(parsed)}


def _city_entry(entry: Mapping[Any, Any]) -> bool:
    """Whether one city's entry of ``dry_by_city`` reads as :func:`closure_days` writes it."""
    def number(v: Any) -> bool:
        # Finite, and no integer past any float (math.isfinite overflowed on one; fuzz29).
        return isinstance(v, int | float) and not isinstance(v, bool) and abs(v) <= sys.float_info.max

    day = entry.get("days_to_dry")
    return (day is None or number(day)) and number(entry.get("dry_days")) and number(entry.get("demand_m3"))


def largest_demand_city(rows: Sequence[Mapping[Any, Any]]) -> str | None:
    """The city with the largest demand over the horizon in a :func:`closure_days` table's
    rows (the first row with ``dry_by_city``: demand is the same with any corridor closed;
    on the embedded network Bamako), or None when no row has a plan or the column.

    Parameters
    ----------
    rows : sequence of mapping
        The table's rows (``dry_by_city`` JSON text or objects).

    Returns
    -------
    str or None
        On equal demand, the first by name.

    Examples
    --------
    >>> a = {"days_to_dry": 3, "dry_days": 2, "demand_m3": 5.0}
    >>> b = {"days_to_dry": None, "dry_days": 0, "demand_m3": 9.0}
    >>> largest_demand_city([{"dry_by_city": "{}"}, {"dry_by_city": {"A": a, "B": b}}])
    'B'
    """
    for row in rows:
        cities = city_days_to_dry(row.get(CITY_COLUMN))
        if cities:
            return min(cities, key=lambda c: (-float(cities[c].get("demand_m3") or 0.0), c))
    return None
