"""Timelines in threat files: dated rules, a ``[timeline]`` table and ``[[event]]`` tables.

A threat file becomes a timeline for :mod:`supplychain.models.timeexp` when it carries dates::

    [timeline]
    start = 2025-09-01          # day 0
    end = 2026-02-28            # or days = 181 (default 180)
    escort_units = 0            # units available before the first escort_units event
    storage = "storage.toml"    # optional, relative to this file; default models/storage.toml

    [[rule]]                    # any rule may carry from / to (inclusive) and escort settings
    ref = "RN1"
    between = ["Kayes", "Diéma"]
    escort_required = true      # fuel crosses these segments only in escorted convoys
    convoy_tankers = 100        # largest convoy (default: storage file)
    escort_rest_days = 2        # an escort unit rests this long after a round trip
    from = 2025-09-10
    to = 2026-01-29

    [[event]]
    type = "attack"             # attack | escort_units | loading | rationing | stock
    date = 2025-09-14
    ref = "RN1"                 # attack: one rule selector
    between = ["Kayes", "Diéma"]
    tankers_destroyed = 40

    [[event]]
    type = "escort_units"       # units from this date until the next escort_units event (or to)
    from = 2025-12-01
    units = 3

    [[event]]
    type = "loading"            # loading capacity of ports or depots times a factor
    places = ["Dakar"]
    capacity_factor = 0.5
    from = 2025-09-03
    to = 2025-10-31

    [[event]]
    type = "rationing"          # share of demand cut (all cities, or the cities listed)
    share = 0.1
    from = 2025-11-11
    cities = ["Bamako"]

    [[event]]
    type = "stock"              # fuel added to a place's stock on a date
    place = "Bamako"
    date = 2025-11-22
    volume_m3 = 1000

Inverted or overlapping dates (two dated rules of a file selecting the same segments and border
posts, however written; two events of the same type on the same places), events outside the horizon, unknown selectors and places and negative
counts are errors naming the file and the event. Steady-state commands ignore dates.
"""

from __future__ import annotations

import logging
import numbers
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from supplychain._names import suggest
from supplychain._problems import raise_summarised
from supplychain._toml import Checker, file_problem, one_line_problem, toml_text
from supplychain.errors import ArgumentError, ArgumentTypeError, ParameterError
from supplychain.models.scenario import Effect
from supplychain.models.timeline import (
    MAX_DAYS,
    Attack,
    DatedEffects,
    EscortStretch,
    StorageParameters,
    Timeline,
    horizon_argument_problems,
    horizon_problem,
    load_storage_parameters,
)
from supplychain.scenarios.threats import (
    SELECTOR_KEYS,
    ThreatDefinition,
    ThreatRule,
    _date,
    _selector,
    _strings,
)

__all__ = ["DEFAULT_DAYS", "EVENT_TYPES", "TimelineEvent", "TimelineSettings", "resolve_timeline"]

logger = logging.getLogger(__name__)

#: Kind of each event type as results and reports name it (the file's ``escort_units`` is an
#: ``escort`` change, its ``stock`` an ``injection``).
_EVENT_KIND = {"attack": "attack", "escort_units": "escort", "loading": "loading",
               "rationing": "rationing", "stock": "injection"}

#: The kinds of ``[[event]]``.
EVENT_TYPES: tuple[str, ...] = ("attack", "escort_units", "loading", "rationing", "stock")
#: Horizon when neither the file nor the caller gives one.
DEFAULT_DAYS = 180
_EVENT_KEYS = {
    "attack": {"date", "tankers_destroyed", "between", "radius_km", *SELECTOR_KEYS},
    "escort_units": {"from", "to", "units"},
    "loading": {"from", "to", "places", "capacity_factor"},
    "rationing": {"from", "to", "share", "cities"},
    "stock": {"date", "place", "volume_m3"},
}
_TIMELINE_KEYS = {"start", "end", "days", "escort_units", "storage"}


@dataclass(frozen=True)
class TimelineSettings:
    """The ``[timeline]`` table.

    Parameters
    ----------
    start : datetime.date or None
        Day 0 (None: the file gives none; ``--start`` must).
    end : datetime.date, optional
        Last day (included); the file gives ``end`` or ``days``, not both.
    days : int, optional
        Horizon length.
    escort_units : float, default 0.0
        Escort units available each day unless an ``escort_units`` event says otherwise.
    storage : Path, optional
        A storage parameter file (relative paths resolved against the timeline file).
    source : str, default ""
        The timeline file.

    Examples
    --------
    >>> TimelineSettings(date(2025, 9, 1)).escort_units
    0.0
    >>> TimelineSettings(date(2025, 9, 1), end=date(2025, 9, 30)).file_days
    30
    """

    start: date | None
    end: date | None = None
    days: int | None = None
    escort_units: float = 0.0
    storage: Path | None = None
    source: str = ""

    @property
    def file_days(self) -> int | None:
        """The horizon the file declares (``days`` or ``end - start + 1``)."""
        if self.days is not None:
            return self.days
        if self.start is not None and self.end is not None:
            return (self.end - self.start).days + 1
        return None


@dataclass(frozen=True)
class TimelineEvent:
    """One ``[[event]]`` table, checked, not yet tied to a network.

    Parameters
    ----------
    kind : str
        The event's ``type``: ``attack``, ``escort_units``, ``loading``, ``rationing`` or
        ``stock``.
    key : str
        Where it is in the file (``event[3]``, with its label when it has one), for messages.
    source : str
        The timeline file.
    start : datetime.date
        ``date`` of an attack or stock event, ``from`` of the others.
    end : datetime.date, optional
        ``to`` (None for attacks and stocks).
    label : str, default ""
    rule : ThreatRule, optional
        An attack's segment selection.
    number : float, default 0.0
        ``tankers_destroyed``, ``units``, ``capacity_factor``, ``share`` or ``volume_m3``
        (m³), by kind.
    names : tuple of str, default ()
        The ``places`` of a loading event, the ``cities`` of a rationing one, the ``place``
        of a stock one.

    Examples
    --------
    >>> TimelineEvent("stock", "event[0]", "t.toml", date(2025, 9, 1)).where
    "'t.toml' event[0] (stock)"
    """

    kind: str
    key: str
    source: str
    start: date
    end: date | None = None
    label: str = ""
    rule: ThreatRule | None = None
    number: float = 0.0
    names: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """File and event (its key holds its label), for messages."""
        return f"'{Path(self.source).name}' {self.key} ({self.kind})"


def _written_selection(rule: ThreatRule) -> tuple[Any, ...]:
    """A rule's selector as written, up to order (lists of names, the two places of between)."""
    value = rule.value
    if rule.selector in ("segments", "border_posts"):
        value = tuple(sorted(set(value)))
    between = tuple(sorted(rule.between)) if rule.between else None
    return rule.selector, str(value), between, rule.radius_km


_T = TypeVar("_T")
#: The group of an item that shares days with every group (an event of every place).
_EVERY = object()


def _first_overlaps(
    items: Iterable[_T], span: Callable[[_T], tuple[Any, Any]], groups: Callable[[_T], tuple[Hashable, ...] | None]
) -> Iterator[tuple[_T, _T]]:
    """Each item ``b`` that shares a day with an item ``a`` of a shared group starting no later
    (the one of them that ends last), as ``(a, b)``: one pair per item, in order of start.

    ``span`` gives an item's first and last day (comparable, open ends replaced by the caller),
    ``groups`` its groups (places; None: every group). One sweep in order of start, keeping
    per group the item that ends last: a file of 2,000 events or rules took 4 to 7 s of CPU
    in nested loops over every pair (40,000 would have taken about half an hour), and events
    that all overlapped gave a problem per pair (499,500 for 1,000 events on one day).
    """
    holders: dict[Hashable, tuple[Any, _T]] = {}
    for b in sorted(items, key=lambda item: span(item)[0]):  # stable: file order among ties
        b_start, b_end = span(b)
        keys = groups(b)
        candidates = (list(holders.values()) if keys is None
                      else [holders[k] for k in (*keys, _EVERY) if k in holders])  # fmt: skip
        if candidates:
            end, a = max(candidates, key=lambda held: held[0])  # the first of equal ends
            if end >= b_start:  # a starts no later than b, so they share b's first day
                yield a, b
        for k in (_EVERY,) if keys is None else keys:
            if k not in holders or b_end > holders[k][0]:
                holders[k] = (b_end, b)


def _check_rule_dates(chk: Checker, rules: list[ThreatRule]) -> None:
    """Two dated rules with the same selector must not overlap.

    Compares the selectors as written, which needs no network; :func:`resolve_timeline` then
    compares what the rules select on the network (``segments`` and ``ref`` + ``between`` may
    select the same stretch). Each rule overlapping an earlier one is named once.
    """
    dated = [r for r in rules if r.start is not None or r.end is not None]
    order = {id(r): i for i, r in enumerate(dated)}
    pairs = _first_overlaps(dated, lambda r: (r.start or date.min, r.end or date.max),
                            lambda r: (_written_selection(r),))  # fmt: skip
    for a, b in sorted(pairs, key=lambda pair: order[id(pair[1])]):  # in the file's order
        chk.add(f"{b.key}.from", f"dates overlap those of {a.key} on the same selection "
                f"({a.where}); make them consecutive or merge the rules")  # fmt: skip


def _file_days(chk: Checker, table: dict[str, Any]) -> float | None:
    """``[timeline] days``: a whole number of days from 1, checked as every number of a file
    is (:meth:`Checker.number`), its limit worded as the ``--days`` option's and a horizon's
    (:func:`horizon_problem`; it said "5000 is above the maximum 3660")."""
    return chk.number(table, "days", "timeline.", positive=True, whole=True, maximum=MAX_DAYS,
                      above=lambda v: f"{horizon_problem(None, int(v), named=repr(v))}; give fewer days")


def _read_timeline(
    chk: Checker, data: dict[str, Any], path: Path
) -> tuple[TimelineSettings | None, list[TimelineEvent]]:
    settings = None
    if "timeline" in data:
        table = chk.table(data, "timeline")
        chk.unknown_keys(table, _TIMELINE_KEYS, "timeline.")
        start = _date(chk, table, "start", "timeline.")
        end = _date(chk, table, "end", "timeline.")
        days = _file_days(chk, table)
        units = chk.number(table, "escort_units", "timeline.")
        storage = chk.string(table, "storage", "timeline.", required=False)
        if start is not None and end is not None and start > end:
            chk.add("timeline.start", f"{start} is after end {end}; swap them")
        if end is not None and days is not None:
            chk.add("timeline.days", "give end or days, not both")
            days = None  # refused; its horizon is not computed below (9999-12-30 + 5 days overflowed)
        elif start is not None and (days is not None or (end is not None and end >= start)):
            n = int(days) if days is not None else (end - start).days + 1 if end else 0
            if (span := horizon_problem(start, n)) is not None:
                # Refused here, and no horizon computed below (9999-12-30 + 5 days overflowed).
                chk.add("timeline.days" if days is not None else "timeline.end",
                        f"{span}; give a shorter horizon or an earlier start")  # fmt: skip
                start = end = days = None
        if storage is not None and (wrong := file_problem(path.parent / storage, "this file")) is not None:
            chk.add("timeline.storage", wrong)
        settings = TimelineSettings(
            start, end, None if days is None else int(days), units or 0.0,
            None if storage is None else path.parent / storage, str(path),
        )  # fmt: skip
    raw = data.get("event", [])
    if not isinstance(raw, list):
        chk.add("event", "expected [[event]] tables")
        raw = []
    events = [e for i, entry in enumerate(raw) if (e := _event(chk, entry, i, path)) is not None]
    _check_event_overlaps(chk, events)
    _check_event_labels(chk, events)
    horizon = (settings.start, settings.start + timedelta(days=settings.file_days - 1)) if (
        settings is not None and settings.start is not None and settings.file_days) else None
    if horizon is not None:
        for ev in events:
            if not horizon[0] <= ev.start <= horizon[1]:
                chk.add(ev.key, f"{ev.kind} on {ev.start} is outside the horizon {horizon[0]} to "
                        f"{horizon[1]}; fix the date or the [timeline] dates")  # fmt: skip
    return settings, events


def _event(chk: Checker, entry: Any, i: int, path: Path) -> TimelineEvent | None:
    key = f"event[{i}]"
    if not isinstance(entry, dict):
        chk.add(key, "expected an [[event]] table")
        return None
    label = entry.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        chk.add(f"{key}.label", f"{toml_text(label)} is not a non-empty string")
    elif (broken := one_line_problem(label)) is not None:
        chk.add(f"{key}.label", broken)
        label = None
    label = label.strip() if isinstance(label, str) else ""
    if label:
        key = f"{key} '{label}'"
    kind = entry.get("type")
    if kind not in EVENT_TYPES:
        got = "missing" if "type" not in entry else repr(kind)  # read "None; expected ..."
        chk.add(f"{key}.type", f"{got}; expected one of {', '.join(EVENT_TYPES)}")
        return None
    prefix = f"{key}."
    before = len(chk.problems)
    chk.unknown_keys(entry, {"type", "label", *_EVENT_KEYS[kind]}, prefix)
    dated = kind in ("attack", "stock")
    start = _date(chk, entry, "date" if dated else "from", prefix)
    end = None if dated else _date(chk, entry, "to", prefix)
    if start is None and f"{'date' if dated else 'from'}" not in entry:
        chk.add(f"{prefix}{'date' if dated else 'from'}", "missing; write it as 2025-09-14")
    if start is not None and end is not None and start > end:
        chk.add(f"{prefix}from", f"{start} is after to = {end}; swap them")
    rule = None
    number = 0.0
    names: tuple[str, ...] = ()
    if kind == "attack":
        sel, value = _selector(chk, entry, prefix, path.parent)
        between = _strings(chk, entry, "between", prefix, 2)
        radius = chk.number(entry, "radius_km", prefix, minimum=0.0)
        if sel == "near" and "radius_km" not in entry:
            chk.add(f"{prefix}radius_km", "missing; near = \"<place>\" needs radius_km = <km>")
        if sel == "border_posts":
            chk.add(f"{prefix}border_posts", "an attack destroys tankers on a road, not at a "
                    "border post; select road segments (segments, ref, corridor, bbox, polygon or "
                    "near)")  # fmt: skip
        number = chk.number(entry, "tankers_destroyed", prefix, required=True, whole=True) or 0.0
        if sel is not None and value is not None:
            pair = (str(between[0]), str(between[1])) if between else None
            rule = ThreatRule(sel, value, Effect(), 0.0, label, pair, radius, str(path), key)
    elif kind == "escort_units":
        number = chk.number(entry, "units", prefix, required=True) or 0.0
    elif kind == "loading":
        names = tuple(_strings(chk, entry, "places", prefix, None) or ())
        if "places" not in entry:
            chk.add(f"{prefix}places", "missing; list the ports or depots")
        number = chk.number(entry, "capacity_factor", prefix, required=True) or 0.0
    elif kind == "rationing":
        number = chk.number(entry, "share", prefix, required=True, maximum=1.0) or 0.0
        names = tuple(_strings(chk, entry, "cities", prefix, None) or ())
    else:
        place = chk.string(entry, "place", prefix)
        names = (place,) if place else ()
        number = chk.number(entry, "volume_m3", prefix, required=True) or 0.0
    if len(chk.problems) > before or start is None:
        return None
    return TimelineEvent(kind, key, str(path), start, end, label, rule, number, names)


def _event_overlaps(events: Iterable[TimelineEvent]) -> Iterator[tuple[TimelineEvent, TimelineEvent]]:
    """Pairs ``(a, b)`` of events of one type acting on the same places on a shared day (``b``
    starting no earlier than ``a``): the model would apply one of them, the outputs list both.
    Each event overlapping an earlier one is in one pair (:func:`_first_overlaps`)."""
    events = list(events)
    for kind in ("escort_units", "loading", "rationing"):
        same = [e for e in events if e.kind == kind]
        if kind == "escort_units":  # without 'to', until the next one: its own day only here
            yield from _first_overlaps(same, lambda e: (e.start, e.start if e.end is None else e.end),
                                       lambda e: ("escort_units",))  # fmt: skip
        else:  # no places: every place
            yield from _first_overlaps(same, lambda e: (e.start, e.end or date.max),
                                       lambda e: e.names or None)  # fmt: skip


def _check_event_overlaps(chk: Checker, events: list[TimelineEvent]) -> None:
    for a, b in _event_overlaps(events):
        chk.add(b.key, f"{b.kind} from {b.start} overlaps {a.key} ({a.start} to "
                f"{a.end or 'the end'}); give the earlier one a 'to' date before "
                f"{b.start}")  # fmt: skip


def _label_twins(events: Iterable[TimelineEvent]) -> Iterator[tuple[TimelineEvent, TimelineEvent]]:
    """Pairs ``(first, later)`` of events of one type with the same label."""
    first: dict[tuple[str, str], TimelineEvent] = {}
    for ev in events:
        if not ev.label:
            continue
        other = first.setdefault((ev.kind, ev.label), ev)
        if other is not ev:
            yield other, ev


def _check_event_labels(chk: Checker, events: list[TimelineEvent]) -> None:
    """Two events of one type must not share a label: labels name attacks (and the other
    events) in the outputs. Events of different types may (a stock injection and the loading
    cut of one incident)."""
    for other, ev in _label_twins(events):
        chk.add(f"{ev.key}.label", f"{ev.label!r} is also the label of {other.key} "
                f"({ev.kind}); labels name events in the outputs: rename one")  # fmt: skip


def _check_inherited_events(events: Sequence[TimelineEvent], path: Path) -> None:
    """Refuse events of different files (a file and those it inherits) that a file alone may
    not hold: two of one type on the same places on a shared day, or of one type with one label.

    Each file's own events are checked as it is read; an inherited file's events come first
    and this file's do not replace them, so before 2026-12-05 both were listed in the outputs
    and the model applied one (a 50 % rationing where a 30 % one was listed too).

    Parameters
    ----------
    events : sequence of TimelineEvent
        The events of ``path`` and of the files it inherits, each once.
    path : Path
        The file read (named in the error).

    Raises
    ------
    ParameterError
        Naming each pair, by file and event, and the fix.

    Examples
    --------
    >>> a = TimelineEvent("rationing", "event[0]", "u.toml", date(2026, 1, 2), None, None, None, 0.3, ())
    >>> b = TimelineEvent("rationing", "event[0]", "t.toml", date(2026, 1, 3), None, None, None, 0.5, ())
    >>> try:
    ...     _check_inherited_events([a, b], Path("t.toml"))
    ... except ParameterError as err:
    ...     print(err.problems[0])
    't.toml' event[0]: rationing from 2026-01-03 overlaps 'u.toml' event[0] (2026-01-02 to the end); ...
    """
    def name(ev: TimelineEvent) -> str:
        return f"'{Path(ev.source).name}' {ev.key}"

    problems = [f"{name(b)}: {b.kind} from {b.start} overlaps {name(a)} ({a.start} to {a.end or 'the end'}); "
                f"an inherited event is not replaced by a later file's: give the earlier one a 'to' date "
                f"before {b.start}, or remove one"
                for a, b in _event_overlaps(events) if a.source != b.source]  # fmt: skip
    problems += [f"{name(b)}: its label is also that of {name(a)} ({b.kind}); labels name events in the "
                 "outputs: rename one"
                 for a, b in _label_twins(events) if a.source != b.source]  # fmt: skip
    if problems:
        raise ParameterError(f"Threat file '{path.name}' and the files it inherits have "
                             f"{len(problems)} problem(s)", problems=problems)  # fmt: skip


def _check_horizon_arguments(start: object, days: object, graph: object = None) -> None:
    """Refuse a ``start`` or ``days`` given in code that is not a date or a whole number of days
    (:func:`~supplychain.models.timeline.horizon_argument_problems`), before any arithmetic; and
    a ``graph`` that is not a network (``None`` gave an AttributeError in the selectors)."""
    if not isinstance(graph, nx.MultiDiGraph):
        raise ArgumentTypeError(f"graph is a {type(graph).__name__}, not a networkx.MultiDiGraph; give "
                                "supplychain.networks.build_network() or load_network(path)")  # fmt: skip
    if problems := horizon_argument_problems(start, days):
        bad_type = any(": give a datetime.date" in p for p in problems) or (
            days is not None and not isinstance(days, numbers.Real))
        cls = ArgumentTypeError if bad_type else ArgumentError
        raise cls("The timeline's horizon is not valid", problems=problems)


def resolve_timeline(
    definition: ThreatDefinition,
    graph: nx.MultiDiGraph,
    *,
    start: date | None = None,
    days: int | None = None,
    storage: StorageParameters | None = None,
    default_days: int = DEFAULT_DAYS,
) -> Timeline:
    """Tie a threat file's rules and events to a network, day by day.

    Parameters
    ----------
    definition : ThreatDefinition
        From :func:`~supplychain.scenarios.threats.load_threat`; a file without dates gives
        the same effects every day.
    graph : networkx.MultiDiGraph
    start : datetime.date, optional
        Day 0 (default: ``[timeline] start``, else today's date is NOT guessed: an error).
    days : int, optional
        Horizon (default: to the file's ``end`` from day 0, else its ``days``, else
        ``default_days``). When ``start`` or ``days``
        cuts the file's own horizon, events that began before day 0 and still act are clipped
        to day 0 (as dated rules are) and the events of the file's horizon that act on no day
        of this one are left out, in one log line (INFO after the end of a shortened horizon,
        else WARNING).
    storage : StorageParameters, optional
        Default: ``[timeline] storage`` or ``models/storage.toml``.
    default_days : int, default 180
        The horizon when neither ``days`` nor the file gives one.

    Returns
    -------
    Timeline

    Raises
    ------
    ParameterError
        Naming file and event for unknown selectors and places, events outside the horizon
        (and outside the file's own), a missing start date, or an ``end`` before day 0.
    ArgumentError
        If ``start`` is not a :class:`datetime.date` or ``days`` not a whole number 1 or more
        (an :class:`~supplychain.errors.ArgumentTypeError` for a wrong type, and for a
        ``graph`` that is not a ``networkx.MultiDiGraph``).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.scenarios.threats import load_threat
    >>> from supplychain.models.timeline import DEFAULT_STORAGE_PATH
    >>> d = load_threat(DEFAULT_STORAGE_PATH.parent / "threat-blockade-2025.toml")
    >>> resolve_timeline(d, build_network(), start=date(2025, 9, 1), days=7).days
    7
    """
    _check_horizon_arguments(start, days, graph)
    settings = definition.timeline or TimelineSettings(None)
    day0 = start or settings.start
    src = Path(definition.source).name
    if day0 is None:
        raise ParameterError(f"Threat file '{src}' has no [timeline] start; add start = "
                             "2025-09-01 to a [timeline] table or pass --start")  # fmt: skip
    file_days = settings.file_days
    if settings.end is not None and days is None:
        # An end is the last day of the horizon, whatever day 0 is. Without a start it was
        # ignored (180 days, before 2026-12-04); with one, a later --start read it as a count
        # of days from the file's start and ran past it (the back-test from 2025-11-01 ran to
        # 2026-04-30, its last rules carried on over 61 days the file does not describe; audit
        # of 2026-12-04). `days = N` stays a count from day 0.
        file_days = (settings.end - day0).days + 1
        if file_days < 1:
            raise ParameterError(f"'{src}' [timeline] end {settings.end} is before day 0 {day0}; "
                                 "give a later end or an earlier --start, or --days to run past "
                                 "the end")  # fmt: skip
    n_days = int(days if days is not None else file_days or default_days)
    if n_days < 1:
        raise ParameterError(f"Horizon of {n_days} days; give --days 1 or more")
    if (span := horizon_problem(day0, n_days)) is not None:
        # Before any date arithmetic: 9999-12-30 plus 5 days raised OverflowError.
        raise ParameterError(f"Timeline '{src}': {span}; give a shorter --days or an earlier "
                             "--start (or [timeline] start and days of the file)")  # fmt: skip
    # What lies after the end of a horizon cut from the file's own (a shorter --days, a later
    # --start) is left out as asked: INFO. A horizon starting before the file's own (an earlier
    # --start) is no cut of it: what lies after its end is a WARNING (with --start 2025-08-01
    # --days 30 the whole back-test fell after the end, said only at INFO).
    shortened = settings.file_days is not None and n_days < settings.file_days
    if settings.start is not None and settings.file_days is not None:
        shortened = settings.start <= day0 and (
            day0 + timedelta(days=n_days - 1) < settings.start + timedelta(days=settings.file_days - 1))
    if storage is None:
        storage = load_storage_parameters(settings.storage)
    problems: list[str] = []

    def index(d: date | None, default: int) -> int:
        return default if d is None else (d - day0).days

    # Each selection as written is resolved once: a file of 2,000 attacks (or dated rules) on
    # one road took 4.5 s of CPU, a pass over the network's edges for each.
    resolved: dict[tuple[Any, ...], tuple[dict[str, str], dict[str, str]]] = {}

    def select(rule: ThreatRule) -> tuple[dict[str, str], dict[str, str]]:
        key = (rule.selector, str(rule.value), rule.between, rule.radius_km)  # as written, in order
        if key not in resolved:
            resolved[key] = rule.select(graph)
        return resolved[key]

    effects, escorts = [], []
    # Dated rules as resolved: (rule, first day, last day, segments, border posts).
    selections: list[tuple[ThreatRule, int, int, frozenset[str], frozenset[str]]] = []
    escorted_labels = Counter(r.label for r in definition.rules if r.escort_required)
    for rule in definition.rules:
        first, last = max(index(rule.start, 0), 0), min(index(rule.end, n_days - 1), n_days - 1)
        if first > last:  # dated wholly outside the horizon: it acts on no day
            after = rule.start is not None and index(rule.start, 0) >= n_days
            (logger.info if after and shortened else logger.warning)(
                "'%s' %s (%s): dated %s to %s, outside the horizon %s to %s; it acts on no day",
                Path(rule.source).name, rule.key, rule.label, rule.start or "the start",
                rule.end or "the end", day0, day0 + timedelta(days=n_days - 1))  # fmt: skip
            continue
        if rule.effect is None and not rule.escort_required:
            continue
        try:
            segs, posts = select(rule)
        except ParameterError as err:
            problems.append(f"'{Path(rule.source).name}' {rule.key} ({rule.label}): {err}")
            continue
        if not segs and not posts:  # as the steady commands warn (a typo in an area, a place)
            rule.log_empty(logger, "'%s' %s (%s) selects nothing on this network; it acts on no day",
                           Path(rule.source).name, rule.key, rule.label)  # fmt: skip
            continue
        if rule.start is not None or rule.end is not None:
            selections.append((rule, first, last, frozenset(segs), frozenset(posts)))
        if rule.effect is not None:
            effects.append(DatedEffects(first, last, dict.fromkeys(segs, rule.effect),
                                        dict.fromkeys(posts, rule.effect), rule.label))  # fmt: skip
        if rule.escort_required:
            escorts.append(EscortStretch(
                _stretch_label(rule, escorted_labels), frozenset(segs), first, last,
                rule.convoy_tankers or storage.convoy_tankers,
                storage.escort_rest_days if rule.escort_rest_days is None else rule.escort_rest_days,
            ))  # fmt: skip
    problems.extend(_same_selection(selections))
    names = {d.get("name"): d for _, d in graph.nodes(data=True) if d.get("name")}
    units = [settings.escort_units] * n_days
    loading: dict[str, list[float]] = {}
    rationing: dict[str, list[float]] = {}
    attacks, injections, shown = [], [], []
    cities = [n for n, d in names.items() if (d.get("demand_m3_per_day") or 0) > 0]
    supplies = {n for n, d in names.items() if (d.get("supply_m3_per_day") or 0) > 0}
    # Loading acts on supply points, rationing and stock on demand cities: any other place
    # would be ignored by the model, so it is an error here.
    kinds = {"loading": (supplies, "a supply point (port or depot)"),
             "rationing": (set(cities), "a demand city"), "stock": (set(cities), "a demand city")}
    unit_starts = sorted(e.start for e in definition.events if e.kind == "escort_units")
    last_date = day0 + timedelta(days=n_days - 1)
    # The file's own horizon. An event inside it that acts on no day of this one was cut off by
    # the caller's start or days (left out, one line, as rules are); any other event outside
    # this horizon is an error.
    file_span = None
    if settings.start is not None and (start is not None or days is not None):
        file_span = (settings.start, settings.start + timedelta(
            days=(settings.file_days or default_days) - 1))  # fmt: skip
    # Left out: (after the end of a shortened horizon, as rules: INFO; else WARNING) -> events.
    left_out: dict[bool, list[str]] = {True: [], False: []}
    horizon_problems: list[str] = []
    lost_before = 0.0  # tankers destroyed by the file's attacks before day 0
    for ev in definition.events:
        first = (ev.start - day0).days
        last = n_days - 1 if ev.end is None else min((ev.end - day0).days, n_days - 1)
        if ev.kind in ("attack", "stock"):
            last = first
        elif ev.kind == "escort_units" and ev.end is None:  # until the next escort_units event
            at = bisect_right(unit_starts, ev.start)  # the next start after this one's
            last = min((unit_starts[at] - day0).days - 1, n_days - 1) if at < len(unit_starts) else n_days - 1
        if last < 0 or first >= n_days:  # acts on no day of the horizon
            if file_span is not None and file_span[0] <= ev.start <= file_span[1]:
                # An inherited file's event is named with its own file ('btmc.toml': event[0]
                # 'first escorts' named the back-test's event, btmc.toml having none).
                key = ev.key if Path(ev.source).name == src else f"'{Path(ev.source).name}' {ev.key}"
                if ev.kind == "attack" and first < 0:  # its tankers are gone: off the fleet
                    lost_before += ev.number
                    logger.info("'%s': %s (attack, %s) before day 0 %s: its %g tankers are taken "
                                "off the starting fleet", src, key, ev.start, day0, ev.number)  # fmt: skip
                    continue
                left_out[first >= n_days and shortened].append(f"{key} ({ev.kind}, {ev.start})")
                continue
            horizon_problems.append(f"{ev.where}: {ev.start} is outside the horizon {day0} to "
                                    f"{last_date}; fix the date, --start or --days")  # fmt: skip
            continue
        first = max(first, 0)  # began before day 0 and still acts: from day 0, as rules are
        bad = [n for n in ev.names if n not in names]
        if bad:
            # With the close names of the places the event may name (a typo: 'Bamakoo').
            known = kinds[ev.kind][0] if ev.kind in kinds else set(names)
            plural = {"loading": "supply points"}.get(ev.kind, "demand cities" if ev.kind in kinds else "places")
            problems.append(f"{ev.where}: " + "; ".join(
                f"{n!r} is not a named place of the network: {suggest(n, known, plural)}" for n in bad))
            continue
        if ev.kind in kinds:
            allowed, what = kinds[ev.kind]
            wrong = [n for n in ev.names if n not in allowed]
            if wrong:
                some = sorted(allowed)
                listed = ", ".join(some[:8]) + (", ..." if len(some) > 8 else "")
                problems.append(f"{ev.where}: {', '.join(map(repr, wrong))} is not {what}; a "
                                f"{ev.kind} event names one of {listed}")  # fmt: skip
                continue
        if ev.kind == "attack" and ev.rule is not None:
            try:
                segs, _ = select(ev.rule)
            except ParameterError as err:
                problems.append(f"{ev.where}: {err}")
                continue
            if not segs:  # an area with no road: tankers lost with no cargo, no message
                problems.append(f"{ev.where}: {ev.rule.where} selects no road segment of the "
                                "network; widen the area or name the segments")  # fmt: skip
                continue
            attacks.append(Attack(ev.label or ev.key, first, ev.number, frozenset(segs)))
            shown.append((first, f"{ev.label or ev.kind}: {_describe(ev, segs)}", _EVENT_KIND[ev.kind]))
            continue
        shown.append((first, f"{ev.label or ev.kind}: {_describe(ev)}", _EVENT_KIND[ev.kind]))
        if ev.kind == "escort_units":
            for t in range(first, last + 1):
                units[t] = ev.number
        elif ev.kind in ("loading", "rationing"):
            table = loading if ev.kind == "loading" else rationing
            default = 1.0 if ev.kind == "loading" else 0.0
            for place in ev.names or tuple(cities):
                series = table.setdefault(place, [default] * n_days)
                for t in range(first, last + 1):
                    series[t] = ev.number
        else:
            injections.append((first, ev.names[0], ev.number))
    for cut, dropped in left_out.items():
        if dropped and file_span is not None:
            (logger.info if cut else logger.warning)(
                "'%s': %d event(s) of the file's horizon %s to %s act on no day of %s to %s "
                "(--start / --days) and are left out: %s", src, len(dropped), file_span[0],
                file_span[1], day0, last_date, "; ".join(dropped),
            )  # fmt: skip
    if problems or horizon_problems:
        wrong = [f"has events outside the horizon {day0} to {last_date}"] if horizon_problems else []
        if problems:
            wrong.append("does not match the network")
        raise_summarised(f"Timeline '{definition.name}' {' and '.join(wrong)}",
                         horizon_problems + problems, items="rules or events")  # fmt: skip
    timeline = Timeline(
        definition.name, definition.source, day0, n_days, tuple(effects), tuple(escorts),
        tuple(attacks), tuple(units), {k: tuple(v) for k, v in loading.items()},
        {k: tuple(v) for k, v in rationing.items()}, tuple(injections), storage,
        tuple((day, text) for day, text, _ in sorted(shown)),
        tuple(kind for _, _, kind in sorted(shown)), lost_before,
    )  # fmt: skip
    logger.info(
        "Timeline '%s': %d days from %s, %d dated effects, %d escorted stretches, %d attacks",
        timeline.name, n_days, day0, len(effects), len(escorts), len(attacks),
    )  # fmt: skip
    return timeline


def _same_selection(selections: Sequence[tuple[ThreatRule, int, int, frozenset[str], frozenset[str]]]) -> list[str]:
    """Problems with dated rules of one file selecting the same thing on the same days as an
    earlier rule (written differently: the file reader compared the selectors as written),
    each rule named once, in the file's order. ``selections`` holds each dated rule with its
    first and last day and its segments and border posts."""
    order = {id(rule): i for i, (rule, *_) in enumerate(selections)}
    pairs = _first_overlaps([s for s in selections if s[3] or s[4]], lambda s: (s[1], s[2]),
                            lambda s: ((s[0].source, s[3], s[4]),))  # fmt: skip
    problems = []
    for (other, *_), (rule, _, _, segs, posts) in sorted(pairs, key=lambda pair: order[id(pair[1][0])]):
        what = ", ".join(sorted(segs | posts))
        problems.append(
            f"'{Path(rule.source).name}' {rule.key} ({rule.label}): dates "
            f"{rule.start or 'the start'} to {rule.end or 'the end'} overlap those of "
            f"{other.key} ({other.label}), which selects the same ({what}); make them "
            "consecutive or merge the rules"
        )  # fmt: skip
    return problems


def _stretch_label(rule: ThreatRule, escorted_labels: Counter[str]) -> str:
    """An escorted stretch's label: the rule's, with its file and key when another escorted
    rule has the same label (``escorted_labels`` counts the escorted rules' labels; the results
    are keyed by label: the same road escorted in two periods, both labelled "road RN1", kept
    the convoys of one period only)."""
    return rule.label if escorted_labels[rule.label] < 2 else f"{rule.label} ({Path(rule.source).name} {rule.key})"


#: Segments an area-selected attack's description names; the others are counted.
_ATTACK_SEGMENTS_LISTED = 6


def _describe(ev: TimelineEvent, segments: Iterable[str] = ()) -> str:
    """An event in words, for the outputs' events list; an attack selected by ``bbox`` or
    ``polygon`` names the ``segments`` it selects (its coordinates told a reader nothing)."""
    if ev.kind == "attack" and ev.rule is not None:
        where = ev.rule.where  # "within 30 km of Kayes" read "destroyed on within ..."
        if ev.rule.selector in ("bbox", "polygon") and segments:
            hit = sorted(segments)
            more = len(hit) - _ATTACK_SEGMENTS_LISTED
            where = "segments " + ", ".join(hit[:_ATTACK_SEGMENTS_LISTED]) + (
                f" and {more} more" if more > 0 else "")
        tankers = "tanker" if ev.number == 1 else "tankers"
        return f"{ev.number:g} {tankers} destroyed {'' if where.startswith('within ') else 'on '}{where}"
    if ev.kind == "escort_units":
        return f"{ev.number:g} escort unit{'' if ev.number == 1 else 's'}"
    if ev.kind == "loading":
        return f"loading x{ev.number:g} at {', '.join(ev.names)}"
    if ev.kind == "rationing":
        return f"{ev.number:.0%} of demand cut" + (f" in {', '.join(ev.names)}" if ev.names else "")
    return f"{ev.number:,.0f} m3 into {ev.names[0]}"
