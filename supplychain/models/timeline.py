"""Inputs of the time-expanded model: storage parameters and a timeline resolved on a network.

A :class:`Timeline` holds everything that changes from day to day, already tied to segment ids
and place names of one network (the threat file's selectors are resolved by
:func:`supplychain.scenarios.timelines.resolve_timeline`): dated effects, escorted stretches,
attacks, escort units, loading factors, rationing and stock injections. Day ``0`` is
``start``. :class:`StorageParameters` (``models/storage.toml``) gives each storage node its
capacity, initial level and security floor, the escort defaults and the demand options.
"""

from __future__ import annotations

import logging
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from supplychain._names import suggest
from supplychain._paths import MODELS_DIR, as_path
from supplychain._toml import Checker, read_toml
from supplychain.errors import ParameterError
from supplychain.models.scenario import Effect

__all__ = [
    "DEFAULT_STORAGE_PATH",
    "MAX_DAYS",
    "Attack",
    "DatedEffects",
    "EscortStretch",
    "StorageParameters",
    "StorageSpec",
    "Timeline",
    "destroyed_tankers",
    "horizon_argument_problems",
    "horizon_problem",
    "load_storage_parameters",
]

logger = logging.getLogger(__name__)

#: The storage parameter file shipped with the project.
DEFAULT_STORAGE_PATH: Path = MODELS_DIR / "storage.toml"

#: The longest horizon a timeline may span, in days (assumption: ten years, far beyond a
#: blockade's months). The model holds every arc on every day: on the embedded network 730 days
#: took 0.67 GB (measured 2026-12-03), and ``--days 100000`` grew by about 100 MB a second
#: until the machine ran out of memory instead of ending in an error line.
MAX_DAYS = 3660


def horizon_problem(start: date | None, days: int, *, named: str | None = None) -> str | None:
    """What is wrong with a horizon of ``days`` days from ``start``, or None.

    The one wording of the limit on days: the model's horizon checks and the CLI's ``--days``
    check (before any work) both use it.

    Parameters
    ----------
    start : datetime.date or None
        Day 0 (None: check only the number of days, as the CLI does before reading a file).
    days : int
        Number of days.
    named : str, optional
        How the message names the days (default ``"N days"``; the CLI gives
        ``"--days N"``).

    Returns
    -------
    str or None
        Too many days (above :data:`MAX_DAYS`), or a last day after 9999-12-31 (the last date
        Python knows); None when the horizon is fine. Days below 1 are the caller's to refuse.
        The message says what is wrong, not what to do (each caller's fix differs).

    Examples
    --------
    >>> horizon_problem(date(2025, 9, 1), 181) is None
    True
    >>> horizon_problem(date(2025, 9, 1), 100_000)
    '100,000 days is more than the 3,660 days (ten years) a timeline may span (the model holds every road on every day)'
    >>> horizon_problem(None, 5_000, named="--days 5,000")[:40]
    '--days 5,000 is more than the 3,660 days'
    >>> horizon_problem(date(9999, 12, 30), 5)
    '5 days from 9999-12-30 end after 9999-12-31, the last date there is'
    """
    named = named if named is not None else f"{days:,} days"
    if days > MAX_DAYS:
        return (f"{named} is more than the {MAX_DAYS:,} days (ten years) a timeline may span "
                "(the model holds every road on every day)")  # fmt: skip
    if start is not None and days >= 1 and (date.max - start).days < days - 1:
        return f"{named} from {start} end after {date.max}, the last date there is"
    return None


def horizon_argument_problems(start: object, days: object) -> list[str]:
    """What is wrong with a day 0 and a number of days given in code, before any date arithmetic.

    A timeline's ``start`` and ``days`` come from a file (checked by its reader) or from a
    caller: a string start (``"2025-09-01"``) or a datetime failed with a bare ``TypeError``
    deep in the date arithmetic, and a fractional or string ``days`` was cut to a whole number
    without a word (``days=2.5`` ran 2 days).

    Parameters
    ----------
    start : object
        Day 0 as given: a :class:`datetime.date`, or None (the caller's default).
    days : object
        The number of days as given: a whole number, 1 or more, or None (the caller's default).

    Returns
    -------
    list of str
        One message per bad argument, each naming the value and the fix; empty when both are
        fine.

    Examples
    --------
    >>> horizon_argument_problems(date(2025, 9, 1), 30)
    []
    >>> for line in horizon_argument_problems("2025-09-01", 2.5):
    ...     print(line)
    start = '2025-09-01': give a datetime.date, e.g. date(2025, 9, 1) or date.fromisoformat('2025-09-01')
    days = 2.5: give a whole number of days, 1 or more
    """
    problems = []
    if start is not None:
        if isinstance(start, datetime):  # a date too, but date - datetime is a TypeError
            problems.append(f"start = {start!r}: give a datetime.date, the day without a time "
                            "(start.date())")  # fmt: skip
        elif not isinstance(start, date):
            example = f"date.fromisoformat({start!r})" if isinstance(start, str) else "date.today()"
            problems.append(f"start = {start!r}: give a datetime.date, e.g. date(2025, 9, 1) or "
                            f"{example}")  # fmt: skip
    if days is not None and (isinstance(days, bool) or not isinstance(days, numbers.Integral) or days < 1):
        problems.append(f"days = {days!r}: give a whole number of days, 1 or more")
    return problems


def destroyed_tankers(attacks: Sequence[tuple[int, float]], fleet_tankers: float | None) -> list[float]:
    """The tankers each attack destroys: its own, at most the fleet left before it.

    Attacks act in the order of their days (the given order within a day); a destroyed tanker
    leaves the road and the fleet on its attack's day, so an attack finds at most the tankers
    the earlier ones left (and the cargo of those only).

    Parameters
    ----------
    attacks : sequence of (int, float)
        Each attack's day and tankers.
    fleet_tankers : float or None
        The fleet on day 0 (:meth:`Timeline.starting_fleet`); None: no fleet limit (each
        attack destroys its own tankers).

    Returns
    -------
    list of float
        Per attack, in the given order.

    Examples
    --------
    >>> destroyed_tankers([(5, 4.0), (2, 4.0), (5, 4.0)], 6.0)
    [2.0, 4.0, 0.0]
    >>> destroyed_tankers([(5, 4.0)], None)
    [4.0]
    """
    if fleet_tankers is None:
        return [float(n) for _, n in attacks]
    left = float(fleet_tankers)
    out = [0.0] * len(attacks)
    for k in sorted(range(len(attacks)), key=lambda k: (attacks[k][0], k)):
        out[k] = min(float(attacks[k][1]), max(left, 0.0))
        left -= out[k]
    return out


@dataclass(frozen=True)
class StorageSpec:
    """Explicit storage of one place (m³); ``None`` falls back on the days-of-demand defaults.

    Parameters
    ----------
    capacity_m3 : float, optional
        Tank capacity; default ``capacity_days`` x the place's demand
        (:meth:`StorageParameters.storage`).
    initial_m3 : float, optional
        Stock on day 0 (capped at the capacity); default ``initial_days`` x demand.
    floor_m3 : float, optional
        Security floor (capped at the capacity); default ``floor_days`` x demand.

    Examples
    --------
    >>> StorageSpec(capacity_m3=100.0).initial_m3 is None
    True
    """

    capacity_m3: float | None = None
    initial_m3: float | None = None
    floor_m3: float | None = None


@dataclass(frozen=True)
class StorageParameters:
    """Stocks, escorts and demand options of the time-expanded model.

    Parameters
    ----------
    capacity_days, initial_days, floor_days : float
        Default storage of a demand city, in days of its demand: tank capacity, stock on day 0
        and security floor (drawn only when delivery needs it).
    places : dict of str to StorageSpec
        Per-place overrides in m³.
    convoy_tankers : float
        Default largest convoy (tankers) on an escorted stretch.
    escort_rest_days : float
        Default rest of an escort unit after a round trip.
    backlog_share : float
        Share of a day's unmet demand that comes back the next day (queues, hoarding).
    earliness : float
        Relative bonus for delivering early (day 0 worth ``1 + earliness``, the last day 1).
    source : str

    Examples
    --------
    >>> load_storage_parameters().floor_days
    3.0
    """

    capacity_days: float
    initial_days: float
    floor_days: float
    places: dict[str, StorageSpec] = field(default_factory=dict)
    convoy_tankers: float = 100.0
    escort_rest_days: float = 1.0
    backlog_share: float = 0.0
    earliness: float = 1e-3
    source: str = ""

    def storage(self, name: str, demand_m3_per_day: float) -> tuple[float, float, float]:
        """(capacity, initial, floor) in m³ for a place with this daily demand.

        Parameters
        ----------
        name : str
        demand_m3_per_day : float

        Returns
        -------
        (float, float, float)
        """
        spec = self.places.get(name, StorageSpec())
        cap = spec.capacity_m3 if spec.capacity_m3 is not None else self.capacity_days * demand_m3_per_day
        init = spec.initial_m3 if spec.initial_m3 is not None else self.initial_days * demand_m3_per_day
        floor = spec.floor_m3 if spec.floor_m3 is not None else self.floor_days * demand_m3_per_day
        return cap, min(init, cap), min(floor, cap)

    def check_places(self, cities: Iterable[str] | Mapping[str, float]) -> None:
        """Check that every ``[place."Name"]`` override names a demand city of the network,
        and, given the cities' demand, that its ``initial_m3`` and ``floor_m3`` fit the tank
        that ``capacity_days`` gives it when it has no ``capacity_m3``.

        Only demand cities have a stock: an override of any other name (a typo) would be
        ignored; a stock or floor above the tank would be cut to it.

        Parameters
        ----------
        cities : iterable of str or mapping of str to float
            The network's demand cities: their names, or each name with its demand (m³/day),
            which also checks the overrides against the cities' tanks.

        Raises
        ------
        ParameterError
            Naming the file and every override that is not a demand city, with the close names.

        Examples
        --------
        >>> p = StorageParameters(7.0, 7.0, 3.0, {"Bamakko": StorageSpec(100.0)}, source="s.toml")
        >>> p.check_places(["Bamako", "Kayes"])
        Traceback (most recent call last):
        ...
        supplychain.errors.ParameterError: Storage parameter file 's.toml' has 1 problem(s): 's.toml' key 'place.Bamakko': 'Bamakko' is not a demand city of the network; did you mean 'Bamako'?

        With the demand, a stock above the tank of ``capacity_days`` is refused:

        >>> p = StorageParameters(7.0, 7.0, 3.0, {"Kayes": StorageSpec(initial_m3=800.0)})
        >>> p.check_places({"Bamako": 3550.0, "Kayes": 100.0})
        Traceback (most recent call last):
        ...
        supplychain.errors.ParameterError: Storage parameter file 'storage parameters' has 1 problem(s): 'storage parameters' key 'place.Kayes.initial_m3': 800 exceeds the tank of Kayes, 700 m3 (capacity_days 7 x its demand of 100 m3/day); give capacity_m3 too, or less
        """
        known = set(cities)
        demand_m3_per_day = cities if isinstance(cities, Mapping) else {}
        name = Path(self.source).name if self.source else "storage parameters"
        problems = [
            f"'{name}' key 'place.{place}': {place!r} is not a demand city of the network; "
            f"{suggest(place, known, 'demand cities')}"
            for place in self.places
            if place not in known
        ]
        for place, spec in self.places.items():
            demand = demand_m3_per_day.get(place)
            if demand is None:
                continue
            if spec.capacity_m3 is not None:
                # initial_m3 or floor_m3 above it was refused when the file was read; one left to
                # its days of demand was cut to the tank without a word.
                problems += self._days_above_capacity(name, place, spec, demand)
                continue
            tank = self.capacity_days * demand
            for key in ("initial_m3", "floor_m3"):
                value = getattr(spec, key)
                if value is not None and value > tank + 1e-9:
                    problems.append(
                        f"'{name}' key 'place.{place}.{key}': {value:g} exceeds the tank of {place}, "
                        f"{tank:g} m3 (capacity_days {self.capacity_days:g} x its demand of {demand:g} "
                        "m3/day); give capacity_m3 too, or less"
                    )  # fmt: skip
        if problems:
            raise ParameterError(
                f"Storage parameter file '{self.source or name}' has {len(problems)} problem(s)",
                problems=problems,
            )


    def _days_above_capacity(self, name: str, place: str, spec: StorageSpec, demand: float) -> list[str]:
        """The stock a place's ``capacity_m3`` cannot hold: its initial stock or floor left to
        ``initial_days`` or ``floor_days`` of its demand, above that capacity."""
        problems = []
        cap = float(spec.capacity_m3 or 0.0)
        for key, days, what in (("initial", self.initial_days, "initial stock"),
                                ("floor", self.floor_days, "security floor")):
            if getattr(spec, f"{key}_m3") is None and days * demand > cap + 1e-9:
                problems.append(
                    f"'{name}' key 'place.{place}.capacity_m3': {cap:g} m3 is below the {what} of "
                    f"{key}_days {days:g} x its demand of {demand:g} m3/day ({days * demand:g} m3), "
                    f"which would be cut to it; give {key}_m3 too, or a larger capacity_m3"
                )  # fmt: skip
        return problems


def load_storage_parameters(path: str | Path | None = None) -> StorageParameters:
    """Read ``models/storage.toml`` (or another file in its format).

    Parameters
    ----------
    path : str or Path, optional

    Returns
    -------
    StorageParameters

    Raises
    ------
    DataFileError
        Missing file or bad TOML.
    ParameterError
        Every unknown key and bad value, with file and key.

    Examples
    --------
    >>> load_storage_parameters().capacity_days
    7.0
    """
    path = as_path(path) if path is not None else DEFAULT_STORAGE_PATH
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(data, {"storage", "place", "escort", "demand"}, "")
    st = chk.table(data, "storage")
    chk.unknown_keys(st, {"capacity_days", "initial_days", "floor_days"}, "storage.")
    cap = chk.number(st, "capacity_days", "storage.", required=True)
    init = chk.number(st, "initial_days", "storage.", required=True)
    floor = chk.number(st, "floor_days", "storage.", required=True)
    if cap is not None and init is not None and init > cap:
        chk.add("storage.initial_days", f"{init:g} exceeds capacity_days {cap:g}")
    if cap is not None and floor is not None and floor > cap:
        chk.add("storage.floor_days", f"{floor:g} exceeds capacity_days {cap:g}; the security "
                "floor is part of the tank")  # fmt: skip
    places: dict[str, StorageSpec] = {}
    raw = data.get("place", {})
    if not isinstance(raw, dict):
        chk.add("place", 'expected [place."Name"] tables')
        raw = {}
    for name, table in raw.items():
        prefix = f"place.{name}."
        if not isinstance(table, dict):
            chk.add(f"place.{name}", "expected a table")
            continue
        chk.unknown_keys(table, {"capacity_m3", "initial_m3", "floor_m3"}, prefix)
        places[name] = StorageSpec(
            chk.number(table, "capacity_m3", prefix), chk.number(table, "initial_m3", prefix),
            chk.number(table, "floor_m3", prefix),
        )  # fmt: skip
        spec = places[name]
        for key in ("initial_m3", "floor_m3"):  # was cut to the tank without a word
            value = getattr(spec, key)
            if value is not None and spec.capacity_m3 is not None and value > spec.capacity_m3:
                chk.add(f"{prefix}{key}", f"{value:g} exceeds capacity_m3 {spec.capacity_m3:g}; "
                        "a tank holds at most its capacity")  # fmt: skip
    esc = chk.table(data, "escort")
    chk.unknown_keys(esc, {"convoy_tankers", "rest_days"}, "escort.")
    convoy = chk.number(esc, "convoy_tankers", "escort.", positive=True, whole=True)
    rest = chk.number(esc, "rest_days", "escort.", maximum=MAX_DAYS)  # 1e9 days hung the model
    dem = chk.table(data, "demand")
    chk.unknown_keys(dem, {"backlog_share", "earliness"}, "demand.")
    backlog = chk.number(dem, "backlog_share", "demand.", maximum=0.99)
    early = chk.number(dem, "earliness", "demand.", maximum=0.1)
    if chk.problems:
        raise ParameterError(
            f"Storage parameter file '{path}' has {len(chk.problems)} problem(s)",
            problems=chk.problems,
        )
    return StorageParameters(
        float(cap or 0.0), float(init or 0.0), float(floor or 0.0), places,
        100.0 if convoy is None else convoy, 1.0 if rest is None else rest,
        backlog or 0.0, 1e-3 if early is None else early, str(path),
    )  # fmt: skip


@dataclass(frozen=True)
class DatedEffects:
    """Effects on segments (by id) and nodes (by name) on days ``first`` to ``last``.

    Parameters
    ----------
    first, last : int
        First and last day (indices from the timeline's day 0, both included).
    segments : dict of str to Effect
        Segment id -> its effect on those days.
    nodes : dict of str to Effect
        Place name -> its effect on those days.
    label : str, default ""
        The rule's label, for messages.

    Examples
    --------
    >>> from datetime import date
    >>> closed = DatedEffects(1, 2, {"RN1:a": Effect(closed=True)}, {})
    >>> t = Timeline("t", "", date(2025, 9, 1), 4, effects=(closed,))
    >>> [e.closed for e in t.segment_effects("RN1:a")]
    [False, True, True, False]
    """

    first: int
    last: int
    segments: dict[str, Effect]
    nodes: dict[str, Effect]
    label: str = ""


@dataclass(frozen=True)
class EscortStretch:
    """Segments that fuel crosses only in escorted convoys on days ``first`` to ``last``.

    Parameters
    ----------
    label : str
        The stretch's name, for messages and the result.
    segments : frozenset of str
        Segment ids of the stretch.
    first, last : int
        First and last day of escorts (day indices, both included).
    convoy_tankers : float
        Largest convoy (tankers) one escort unit takes across.
    rest_days : float
        Rest of an escort unit after a round trip (days), added to twice the stretch's
        one-way crossing time.

    Examples
    --------
    >>> EscortStretch("Kayes axis", frozenset({"RN1:a"}), 0, 9, 100.0, 1.0).convoy_tankers
    100.0
    """

    label: str
    segments: frozenset[str]
    first: int
    last: int
    convoy_tankers: float
    rest_days: float


@dataclass(frozen=True)
class Attack:
    """``tankers`` loaded tankers destroyed on day ``day`` on the selected segments.

    The cargo lost is ``tankers`` x the tanker volume, and the fleet is ``tankers`` short from
    that day on (:meth:`Timeline.fleet_lost`).

    Parameters
    ----------
    label : str
        The attack's name (the event's label or key).
    day : int
        Day index of the attack.
    tankers : float
        Loaded tankers destroyed.
    segments : frozenset of str
        Segment ids where the attack may strike.

    Examples
    --------
    >>> from datetime import date
    >>> a = Attack("ambush", 1, 20.0, frozenset({"RN1:a"}))
    >>> t = Timeline("t", "", date(2025, 9, 1), 3, attacks=(a,))
    >>> t.fleet_lost(0), t.fleet_lost(2)
    (0, 20.0)
    """

    label: str
    day: int
    tankers: float
    segments: frozenset[str]


def _number_in(value: object, low: float, high: float) -> bool:
    """Whether ``value`` is a real number (not a bool) from ``low`` to ``high``, NaN excluded."""
    return (not isinstance(value, bool) and isinstance(value, numbers.Real)
            and low <= float(value) <= high)  # fmt: skip


#: Days named in a daily series' problem; the others counted.
_DAYS_NAMED = 3


def _bad_days(values: Sequence[object], high: float) -> str:
    """The days of a daily series whose value is not a number from 0 to ``high``, named (the
    first :data:`_DAYS_NAMED`) with their values, the others counted; "" when none.

    The series itself was printed: a year of rationing shares with one day wrong was 365
    numbers in one error line, the bad day not named (review33b).

    Examples
    --------
    >>> _bad_days((0.2, 2.0, 0.2), 1.0), _bad_days((0.2,), 1.0)
    ('day 1 = 2.0', '')
    >>> _bad_days((-1, -1, -1, -1, -1), 1.0)
    'day 0 = -1, day 1 = -1, day 2 = -1 and 2 more days'
    >>> import numpy as np
    >>> _bad_days(np.array([0.5, -2.0]), 1.0)
    'day 1 = -2.0'
    """
    # A numpy scalar as Python's number (np.float64(2.0) is 2.0).
    bad = [f"day {day} = {value.item() if hasattr(value, 'item') else value!r}"
           for day, value in enumerate(values) if not _number_in(value, 0.0, high)]  # fmt: skip
    if len(bad) <= _DAYS_NAMED:
        return ", ".join(bad)
    more = len(bad) - _DAYS_NAMED
    return f"{', '.join(bad[:_DAYS_NAMED])} and {more} more day{'s' if more > 1 else ''}"


def _daily_value_problems(tl: Timeline) -> list[str]:
    """What a timeline built in code holds that no file reader gives: an attack or a stock
    injection of a negative or NaN amount, a day's loading factor, rationing share or escort
    units out of range, or a loading or rationing series that is not one value a day. (Attacks
    before day 0 or after the horizon stay allowed in code: review26.)

    fuzz33: NaN tankers met PulpError ("Cannot set constraint RHS to NaN"), a series shorter
    than the horizon an IndexError in the model builder, and -5 tankers, a share of 2, -1 escort
    units or a negative injection came back as status "infeasible" with no word why.
    """
    n, problems = tl.days, []
    for a in tl.attacks:
        if not _number_in(a.tankers, 0.0, math.inf):
            problems.append(f"attack {a.label!r}: tankers = {a.tankers!r}: give a number, 0 or more")
    for _, place, volume in tl.injections:
        if not _number_in(volume, 0.0, math.inf):
            problems.append(f"stock injection at {place!r}: {volume!r} m3: give a number, 0 or more")
    if bad := _bad_days(tl.escort_units, math.inf):
        problems.append(f"escort_units {bad}: give numbers of units, 0 or more")
    for what, series, high in (("loading_factor", tl.loading_factor, math.inf), ("rationing", tl.rationing, 1.0)):
        for place, values in series.items():
            if len(values) != n:
                problems.append(f"{what}[{place!r}] has {len(values)} value(s); give one a day, {n}")
            elif bad := _bad_days(values, high):
                fix = "shares from 0 to 1 (0.2 cuts 20 %)" if high == 1.0 else "factors, 0 or more"
                problems.append(f"{what}[{place!r}] {bad}: give {fix}")
    return problems


@dataclass(frozen=True)
class Timeline:
    """A timeline resolved on a network: what changes on each day of the horizon.

    Parameters
    ----------
    name, source : str
    start : datetime.date
        Day 0.
    days : int
        Horizon length.
    effects : tuple of DatedEffects
        Undated rules span the whole horizon.
    escorts : tuple of EscortStretch
    attacks : tuple of Attack
    escort_units : tuple of float
        Escort units available each day.
    loading_factor : dict of str to tuple of float
        Loading point name -> factor on its loading capacity each day (absent: 1).
    rationing : dict of str to tuple of float
        City name -> share of demand cut each day (absent: 0).
    injections : tuple of (int, str, float)
        (day, place, m³) added to a stock.
    storage : StorageParameters
    events : tuple of (int, str)
        (day, text) for display.
    event_kinds : tuple of str
        The kind of each of ``events`` (``attack``, ``escort``, ``loading``, ``rationing``,
        ``injection``), in the same order; empty when the events were given without kinds.
    fleet_lost_before_start : float
        Tankers destroyed before day 0 by attacks of the timeline's file (a ``--start`` after
        the file's start): the fleet starts that many short. Their cargo is not counted (it
        was lost before the horizon).

    Examples
    --------
    >>> t = Timeline("t", "", date(2025, 9, 1), 3, storage=load_storage_parameters())
    >>> t.date(2)
    datetime.date(2025, 9, 3)
    """

    name: str
    source: str
    start: date
    days: int
    effects: tuple[DatedEffects, ...] = ()
    escorts: tuple[EscortStretch, ...] = ()
    attacks: tuple[Attack, ...] = ()
    escort_units: tuple[float, ...] = ()
    loading_factor: dict[str, tuple[float, ...]] = field(default_factory=dict)
    rationing: dict[str, tuple[float, ...]] = field(default_factory=dict)
    injections: tuple[tuple[int, str, float], ...] = ()
    storage: StorageParameters | None = None
    events: tuple[tuple[int, str], ...] = ()
    event_kinds: tuple[str, ...] = ()
    fleet_lost_before_start: float = 0.0

    def __post_init__(self) -> None:
        # Built in code as well as by the file readers: a horizon of 0 days solved as
        # "optimal" and failed only when the result was written; a string start failed deep
        # in the result. Every problem in one error.
        problems = horizon_argument_problems(self.start, self.days)
        # None is a caller's default to horizon_argument_problems, not a timeline's value (checked
        # before the int() below, which met days=None with a bare TypeError).
        if self.start is None:
            problems.append("start = None: give a datetime.date, e.g. date(2025, 9, 1)")
        if self.days is None:
            problems.append("days = None: give a whole number of days, 1 or more")
        if not problems and not isinstance(self.days, int):  # numpy's integers: written as JSON
            object.__setattr__(self, "days", int(self.days))
        if not problems and (wrong := horizon_problem(self.start, self.days)):
            problems.append(f"{wrong}; give fewer days or an earlier start")
        for de in self.effects:
            if de.first > de.last:
                problems.append(f"dated effect {de.label!r}: first day {de.first} is after its last "
                                f"day {de.last}; swap them")  # fmt: skip
        for s in self.escorts:  # built in code: a file's values are checked when it is read
            if not 0.0 <= s.rest_days <= MAX_DAYS:  # 1e9 listed that many days of occupancy (a hang)
                problems.append(f"escorted stretch {s.label!r}: rest_days = {s.rest_days:g}: give 0 to "
                                f"{MAX_DAYS} days")  # fmt: skip
            if not 0.0 < s.convoy_tankers < math.inf:
                problems.append(f"escorted stretch {s.label!r}: convoy_tankers = {s.convoy_tankers:g}: give "
                                "a number of tankers above 0")  # fmt: skip
        labels = [s.label for s in self.escorts]
        for label in sorted({x for x in labels if labels.count(x) > 1}):
            # The results are keyed by label: one stretch's convoys replaced the other's.
            problems.append(f"escorted stretch {label!r} is named twice; give each stretch its own "
                            "label")  # fmt: skip
        if not self.fleet_lost_before_start >= 0.0:
            problems.append(f"fleet_lost_before_start = {self.fleet_lost_before_start!r}: give 0 or "
                            "more tankers")  # fmt: skip
        if not problems:  # the days are known: the daily values can be checked against them
            problems += _daily_value_problems(self)
        if problems:
            raise ParameterError(f"Timeline {self.name!r} is not valid", problems=problems)

    def date(self, day: int) -> date:
        """The calendar date of a day index.

        Parameters
        ----------
        day : int
            Days after ``start`` (day 0); not checked against the horizon.

        Returns
        -------
        datetime.date
        """
        return self.start + timedelta(days=day)

    def segment_effect(self, segment_id: str, day: int) -> Effect:
        """Combined effect of every dated effect active on ``day`` on a segment.

        Parameters
        ----------
        segment_id : str
        day : int
            Day index.

        Returns
        -------
        Effect
            The effects combined with :meth:`~supplychain.models.scenario.Effect.combine`,
            in the timeline's order; no effect (``Effect()``) when none is active.
        """
        effect = Effect()
        for de in self.effects:
            if de.first <= day <= de.last and segment_id in de.segments:
                effect = effect.combine(de.segments[segment_id])
        return effect

    def node_effect(self, name: str, day: int) -> Effect:
        """Combined effect of every dated effect active on ``day`` on a named node.

        Parameters
        ----------
        name : str
            Place name.
        day : int
            Day index.

        Returns
        -------
        Effect
            As :meth:`segment_effect`.
        """
        effect = Effect()
        for de in self.effects:
            if de.first <= day <= de.last and name in de.nodes:
                effect = effect.combine(de.nodes[name])
        return effect

    def segment_effects(self, segment_id: str) -> list[Effect]:
        """:meth:`segment_effect` of every day of the horizon at once.

        Looks at the dated effects that name the segment once instead of once a day (the
        model build asks for every arc and day; most segments have no effect at all).

        Parameters
        ----------
        segment_id : str

        Returns
        -------
        list of Effect
            One per day, ``days`` long.

        Examples
        --------
        >>> t = Timeline("t", "", date(2025, 9, 1), 2)
        >>> t.segment_effects("RN1:a") == [Effect(), Effect()]
        True
        """
        return self._daily([de for de in self.effects if segment_id in de.segments],
                           lambda de: de.segments[segment_id])  # fmt: skip

    def node_effects(self, name: str) -> list[Effect]:
        """:meth:`node_effect` of every day of the horizon at once (see :meth:`segment_effects`).

        Parameters
        ----------
        name : str

        Returns
        -------
        list of Effect
            One per day, ``days`` long.
        """
        return self._daily([de for de in self.effects if name in de.nodes], lambda de: de.nodes[name])

    def _daily(self, touching: list[DatedEffects], pick: Any) -> list[Effect]:
        # Same combination order as segment_effect/node_effect (the timeline's order).
        none = Effect()
        out = [none] * self.days
        for day in range(self.days):
            effect = none
            for de in touching:
                if de.first <= day <= de.last:
                    effect = effect.combine(pick(de))
            out[day] = effect
        return out

    def units(self, day: int) -> float:
        """Escort units available on ``day``.

        Parameters
        ----------
        day : int
            Day index.

        Returns
        -------
        float
            ``escort_units[day]``; 0 beyond the values given.
        """
        return self.escort_units[day] if day < len(self.escort_units) else 0.0

    def fleet_lost(self, day: int) -> float:
        """Tankers destroyed from day 0 up to and including ``day`` (not counting
        ``fleet_lost_before_start``).

        Parameters
        ----------
        day : int
            Day index.

        Returns
        -------
        float
            The ``tankers`` of the attacks on or before ``day`` (0 when there is none).
        """
        return sum(a.tankers for a in self.attacks if a.day <= day)

    def starting_fleet(self, tankers: float) -> float:
        """The tankers on day 0 of a fleet of ``tankers``: those the file's attacks before day 0
        destroyed (``fleet_lost_before_start``) are gone, and never fewer than 0.

        The one rule for the model's fleet, the tankers a result counts lost and each
        ``stress timeline-mc`` draw's.

        Parameters
        ----------
        tankers : float
            The fleet's size (``fleet.tankers`` of the parameters).

        Returns
        -------
        float

        Examples
        --------
        >>> import datetime
        >>> tl = Timeline("later", "", datetime.date(2026, 1, 1), 3, fleet_lost_before_start=40.0)
        >>> tl.starting_fleet(2500.0), tl.starting_fleet(30.0)
        (2460.0, 0.0)
        """
        return max(tankers - self.fleet_lost_before_start, 0.0)
