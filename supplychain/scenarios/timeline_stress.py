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
from tqdm.auto import tqdm

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
) -> pd.DataFrame:
    """For each corridor closed from day 0 to the end, the first day a city runs dry.

    Each corridor's segments (the ``corridors`` attribute of the network) are closed on top of
    the timeline; stage 1 only is solved (delivery, which decides when cities run dry).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
        Usually undisturbed (``load_timeline(None, ...)``).
    corridors : list of str, optional
        Default: every corridor of the network.
    progress : bool, default False

    Returns
    -------
    pandas.DataFrame
        One row for the timeline itself (``corridor = "(none)"``) then one per corridor, sorted
        by days until the first city runs dry (never dry last): ``corridor``, ``segments``,
        ``days_to_dry`` (None when no city runs dry within the horizon), ``first_dry_date``,
        ``first_dry_city``, ``unmet_m3``, ``unmet_pct``, ``status``.
    """
    names = sorted({c for _, _, d in graph.edges(data=True) for c in d.get("corridors") or []})
    rows: list[dict[str, Any]] = []
    closed = Effect(closed=True)
    todo = [None, *(corridors or names)]
    for corridor in tqdm(todo, desc="closure-days", disable=not progress, unit="corridor"):
        tl = timeline
        segs: set[str] = set()
        if corridor is not None:
            segs = {d["segment_id"] for _, _, d in graph.edges(data=True)
                    if corridor in (d.get("corridors") or [])}  # fmt: skip
            extra = DatedEffects(0, tl.days - 1, dict.fromkeys(segs, closed), {}, f"{corridor} closed")
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
        rows.append(row)
    frame = pd.DataFrame(rows)
    head, rest = frame.iloc[:1], frame.iloc[1:]
    rest = rest.assign(_k=rest["days_to_dry"].fillna(10**9)).sort_values(["_k", "corridor"])
    logger.info("closure-days: %d corridors over %d days", len(rest), timeline.days)
    return pd.concat([head, rest.drop(columns="_k")], ignore_index=True)
