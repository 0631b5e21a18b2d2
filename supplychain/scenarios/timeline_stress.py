"""Timeline runs from files, and the closure-days stress test.

:func:`load_timeline` turns any scenario file (a timeline, an undated threat file or a plain
scenario file) into a :class:`~supplychain.models.timeline.Timeline`; :func:`closure_days`
closes each corridor from day 0 and finds the day the first city runs dry.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from supplychain.errors import ParameterError
from supplychain.models.params import ModelParameters
from supplychain.models.scenario import Effect, load_scenario
from supplychain.models.timeexp import build_timeline_model, solve_timeline
from supplychain.models.timeline import (
    DatedEffects,
    StorageParameters,
    Timeline,
    load_storage_parameters,
)
from supplychain.scenarios.threats import load_threat
from supplychain.scenarios.timelines import DEFAULT_DAYS, resolve_timeline

__all__ = ["closure_days", "load_timeline"]

logger = logging.getLogger(__name__)


def load_timeline(
    path: str | Path | None,
    graph: nx.MultiDiGraph,
    *,
    start: date | None = None,
    days: int | None = None,
    storage: StorageParameters | None = None,
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
        Default the file's horizon, else 180.
    storage : StorageParameters, optional

    Returns
    -------
    Timeline

    Raises
    ------
    SupplyChainError
        From the file readers, naming the file and the bad key or event.

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> load_timeline(None, build_network(), start=date(2026, 1, 1), days=3).days
    3
    """
    if path is not None:
        path = Path(path)
        try:
            keys = set(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            keys = {"rule"}  # let the threat reader report the problem with its own message
        if keys & {"rule", "incidents", "inherits", "timeline", "event"}:
            definition = load_threat(path)
            if start is None and (definition.timeline is None or definition.timeline.start is None):
                start = date.today()
                logger.warning("'%s' has no [timeline] start; day 0 is today (%s)", path.name, start)
            return resolve_timeline(definition, graph, start=start, days=days, storage=storage)
    day0 = start or date.today()
    n_days = int(days or DEFAULT_DAYS)
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
) -> pd.DataFrame:
    """For each corridor closed from day 0 to the end, the first day a city runs dry.

    Each corridor's segments (the ``corridors`` attribute of the network) are closed on top of
    the timeline; stage 1 only is solved (delivery, which decides when cities run dry). Each
    closure is built and solved on its own (one task per corridor on the executors of
    :func:`~supplychain.scenarios.executors.run_chunks`), so the table is the same whatever
    ``workers`` or ``scheduler``.

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

    Returns
    -------
    pandas.DataFrame
        One row for the timeline itself (``corridor = "(none)"``) then one per corridor, sorted
        by days until the first city runs dry (never dry last): ``corridor``, ``segments``,
        ``days_to_dry`` (None when no city runs dry within the horizon), ``first_dry_date``,
        ``first_dry_city``, ``unmet_m3``, ``unmet_pct``, ``status``.

    Raises
    ------
    ParameterError
        If ``workers`` is below 1 or a corridor is not on the network.
    SupplyChainError
        If the Dask scheduler cannot be reached.

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
    from supplychain.scenarios.executors import run_chunks

    names = sorted({c for _, _, d in graph.edges(data=True) for c in d.get("corridors") or []})
    problems = [f"workers {workers}: give 1 or more"] if workers < 1 else []
    problems += [f"corridor {c!r} is not on the network; known: {', '.join(names)}"
                 for c in corridors or () if c not in names]  # fmt: skip
    if problems:
        raise ParameterError("closure-days cannot run", problems=problems)
    todo: list[str | None] = [None, *(corridors or names)]
    found: dict[int, dict[str, Any]] = {}
    run_chunks(_closure_row, list(enumerate(todo)), found.__setitem__,
               context=(graph, params, timeline), workers=workers, scheduler=scheduler,
               progress=progress, description="closure-days")  # fmt: skip
    frame = pd.DataFrame([found[i] for i in range(len(todo))])
    head, rest = frame.iloc[:1], frame.iloc[1:]
    rest = rest.assign(_k=rest["days_to_dry"].fillna(10**9)).sort_values(["_k", "corridor"])
    logger.info("closure-days: %d corridors over %d days", len(rest), timeline.days)
    return pd.concat([head, rest.drop(columns="_k")], ignore_index=True)


def _closure_row(corridor: str | None, context: tuple[nx.MultiDiGraph, ModelParameters, Timeline]) -> dict[str, Any]:
    """One row of :func:`closure_days`: ``corridor`` (None: none) closed from day 0 to the end."""
    graph, params, tl = context
    segs: set[str] = set()
    if corridor is not None:
        segs = {d["segment_id"] for _, _, d in graph.edges(data=True)
                if corridor in (d.get("corridors") or [])}  # fmt: skip
        extra = DatedEffects(0, tl.days - 1, dict.fromkeys(segs, Effect(closed=True)), {},
                             f"{corridor} closed")  # fmt: skip
        tl = replace(tl, effects=(*tl.effects, extra))
    result = solve_timeline(build_timeline_model(graph, params, tl), lexicographic=False)
    row: dict[str, Any] = {"corridor": corridor or "(none)", "segments": len(segs),
                           "status": result.status}  # fmt: skip
    if result.status in ("optimal", "feasible"):
        dry = {c: d for c, d in result.first_dry_day().items() if d is not None}
        first = min(dry.values()) if dry else None
        demand = sum(c["demand"].sum() for c in result.cities.values())
        unmet = sum(c["unmet"].sum() for c in result.cities.values())
        row.update({
            "days_to_dry": first,
            "first_dry_date": None if first is None else tl.date(first),
            "first_dry_city": ", ".join(sorted(c for c, d in dry.items() if d == first)),
            "unmet_m3": unmet, "unmet_pct": 100.0 * unmet / demand if demand else 0.0,
        })  # fmt: skip
    return row
