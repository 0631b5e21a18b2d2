"""The result of a time-expanded solve: daily stocks, days of cover, arrivals, convoys, fleet.

Days of cover of a city on day ``t`` = its stock at the *start* of day ``t`` divided by its
demand that day (after rationing); fuel arriving that day is not counted. A city runs dry on
the first day it starts with an empty stock (under 0.1 % of a day's demand) and its unmet
demand exceeds 0.1 % of that day's demand. (With priorities a city may also go short while it
holds stock back for a higher-priority block later: that is unmet demand, not dry.)
"""

from __future__ import annotations

import csv
import io
import logging
import math
import re
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from supplychain._csv import is_separator_line, separator_of
from supplychain._json import QUANTITY_DECIMALS, rounded
from supplychain._names import suggest
from supplychain._paths import as_path
from supplychain._toml import binary_kind, refuse_not_a_file, windows_path_hint
from supplychain.errors import DataFileError, ParameterError, UnknownElementError

__all__ = [
    "ARRIVALS_TOLERANCE_M3",
    "DRY_TOLERANCE",
    "ESCORT_SHARE_MIN_UNIT_DAYS",
    "NEAR_END_MARK",
    "OFF_CORRIDORS",
    "OUTFLOW_WARNING_M3",
    "TimelineResult",
    "backlog_shortfall",
    "dry_days",
    "escort_allocation",
    "fill_injections",
    "left_out_text",
    "near_end_text",
    "percent_text",
    "plural_text",
    "read_observed",
    "read_result",
    "short_days",
    "warn_odd_litres_per_tanker",
]

logger = logging.getLogger(__name__)

#: Unmet share of a day's demand from which a city counts as dry.
DRY_TOLERANCE = 1e-3

#: Net arrivals at a border crossing within this of 0 on a day are written 0 (m3; assumption:
#: a litre a day, far below any delivery). Without crossover the interior point leaves flows
#: of ~1e-4 m3 into a crossing and back out of it the same day, whose netting gave -1.7e-5 m3
#: at Kidira-Diboli and -1.2e-5 m3 at Moussala on 30 Jan 2026 of the back-test (measured
#: 2026-12-04). A net outflow beyond it is kept; see ``OUTFLOW_WARNING_M3`` for the warning.
ARRIVALS_TOLERANCE_M3 = 1e-3

#: A net outflow from Mali at a crossing of at least this on some day (m3) is logged as a
#: warning; a smaller one beyond ``ARRIVALS_TOLERANCE_M3`` is kept too but logged at info
#: level (assumption: about 1 % of a 46 m3 tanker, far above the interior point's round-off
#: and far below any real route through Mali: on the West-African layer the full model left
#: -0.001 to -0.010 m3 a day at the road from Algeria, a few litres circling with the road from
#: Niger it meets, in 30- and 40-day runs without arc pricing and every closure-days closure,
#: measured 2026-12-05).
OUTFLOW_WARNING_M3 = 0.5

#: Cargo short of an attack's destroyed tankers' below which the attack counts as matched in
#: full (tankers; assumption): a thousandth of a tanker, 46 litres of a 46 m3 one, far below
#: any cargo an attack finds on a road and far above the interior point's crumbs (no
#: crossover: zeros of 1e-9..1e-7 m3 an entry, which ``_value`` reads as 0). Before 2026-12-06
#: an attack was listed in ``unmatched_attacks`` from 1e-6 of its cargo short: a tiny case
#: matched 2.9999964 of 3 m3 and printed "only 3 of its 3 m3 of cargo could be on its roads".
#: The myopic plan (:mod:`~supplychain.models.timeexp_myopic`) counts a find below it as
#: nothing and solves a day again only for a shortfall beyond it (on the back-test two attacks
#: found 3e-5 and 0.006 m3, 2026-12-06, each costing a solve for no figure that changes).
_NOTHING_TANKERS = 1e-3

#: Escort-unit days of all escorted stretches together below which no stretch gets a share of
#: them (escort-unit days; assumption: what the text prints as 0.0, a solver's residue). A
#: 7-day run whose only convoys were 0.001 of one read "0.0 escort-unit days (100 % of all)".
ESCORT_SHARE_MIN_UNIT_DAYS = 0.05

#: The corridor of arrivals by a road into Mali that no corridor of ``models/corridors.toml``
#: uses (its waypoint chain does not pass it): on an imported layer, roads away from the posts.
#: It read "other" before 2026-12-03 (84 % of a West-African layer's arrivals).
OFF_CORRIDORS = "off the corridors"


def escort_allocation(escorts: Mapping[str, Mapping[str, Any]], days: int) -> list[dict[str, Any]]:
    """Where the escorts do most: each escorted stretch's convoys and escort-unit days, most
    first (the text of ``supplychain timeline`` and the report's table).

    Parameters
    ----------
    escorts : mapping
        The JSON summary's ``escorts``: stretch name to ``convoys`` (over the horizon),
        ``round_trip_days`` (an escort unit's round trip over the stretch and its rest) and
        ``escorted_days`` (the days of the horizon its rule escorts; summaries written before
        2026-12-04 have none: the horizon).
    days : int
        The horizon.

    Returns
    -------
    list of dict
        ``stretch``, ``convoys``, ``escorted_days``, ``per_week`` (convoys a week over the
        escorted days), ``round_trip_days``, ``escort_days`` (convoys x round trip: the
        unit-days the stretch took) and ``share_pct`` (of all stretches' escort days; None
        when they are below :data:`ESCORT_SHARE_MIN_UNIT_DAYS` together, a solver's residue),
        by escort days, most first (ties in the given order). The text, the JSON summary and
        the report take these rows from the summary's values as the JSON file holds them
        (rounded; its ``convoys_per_week``, ``escort_unit_days`` and
        ``escort_unit_days_share_pct`` where it has them), so that they print the same figures.

    Examples
    --------
    A escorted on 7 of 14 days, B on all of them:

    >>> rows = escort_allocation({"A": {"convoys": 2.0, "round_trip_days": 3.0, "escorted_days": 7},
    ...                           "B": {"convoys": 7.0, "round_trip_days": 2.0}}, 14)
    >>> [(r["stretch"], r["escort_days"], round(r["share_pct"], 1), r["per_week"]) for r in rows]
    [('B', 14.0, 70.0, 3.5), ('A', 6.0, 30.0, 2.0)]

    A residue of 0.001 convoys has no share (it had 100 % in the JSON and the report):

    >>> escort_allocation({"A": {"convoys": 0.001, "round_trip_days": 4.0}}, 7)[0]["share_pct"] is None
    True
    """
    found = [(str(name), float(e.get("convoys") or 0.0), float(e.get("round_trip_days") or 0.0),
              int(e["escorted_days"]) if e.get("escorted_days") is not None else days)
             for name, e in escorts.items()]  # fmt: skip
    total = sum(convoys * trip for _, convoys, trip, _ in found)
    rows = [{"stretch": name, "convoys": convoys, "escorted_days": escorted,
             "per_week": convoys * 7 / escorted if escorted > 0 else 0.0,
             "round_trip_days": trip, "escort_days": convoys * trip,
             "share_pct": 100 * convoys * trip / total if total >= ESCORT_SHARE_MIN_UNIT_DAYS else None}
            for name, convoys, trip, escorted in found]  # fmt: skip
    # A summary read back holds the derived figures too, rounded after the product: those are
    # printed, not the product of its rounded convoys and round trip (0.2 x 3.248 = 0.6496
    # unit-days printed "0.6" where the file's 0.65 reads "0.7").
    for row, e in zip(rows, escorts.values(), strict=True):
        for key, filed in (("per_week", "convoys_per_week"), ("escort_days", "escort_unit_days"),
                           ("share_pct", "escort_unit_days_share_pct")):
            if filed in e:
                row[key] = e[filed]
    return sorted(rows, key=lambda r: -float(r["escort_days"]))


def dry_days(demand: np.ndarray, unmet: np.ndarray, stock: np.ndarray) -> np.ndarray:
    """Which days a city is dry: it starts the day with an empty stock and leaves demand unmet
    (both beyond ``DRY_TOLERANCE`` of the day's demand).

    Parameters
    ----------
    demand, unmet : numpy.ndarray
        Per day (m³).
    stock : numpy.ndarray
        At the start of each day (m³; extra entries, e.g. the end stock, are ignored).

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> dry_days(np.array([10.0, 10.0]), np.array([0.0, 4.0]), np.array([5.0, 0.0, 0.0])).tolist()
    [False, True]
    """
    tol = DRY_TOLERANCE * np.maximum(demand, 1e-9)
    return short_days(demand, unmet) & (stock[: len(demand)] < tol)


def short_days(demand: np.ndarray, unmet: np.ndarray) -> np.ndarray:
    """Which days a city is short: demand unmet beyond ``DRY_TOLERANCE`` of the day's demand,
    stock or not (a city keeping stock for a higher-priority block later is short, not dry).

    Parameters
    ----------
    demand, unmet : numpy.ndarray
        Per day (m³).

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> short_days(np.array([10.0, 10.0]), np.array([0.001, 4.0])).tolist()
    [False, True]
    """
    return unmet > DRY_TOLERANCE * np.maximum(demand, 1e-9)


@dataclass
class TimelineResult:
    """Daily values of a solved timeline (no PuLP objects).

    Parameters
    ----------
    name : str
    status : str
        ``optimal``, ``feasible`` (integer convoys: a plan found by the time limit, see
        ``gap``), ``infeasible``, ``unbounded`` or ``time_limit`` (no plan).
    start : datetime.date
    days : int
    build_s, solve_s : float
    gap : float or None
        Relative MIP gap with integer convoys.
    integer_convoys : bool
        Whether convoys were whole (a MIP).
    cities : dict of str to dict of str to numpy.ndarray
        ``stock`` (days + 1 values, start of each day and the end), ``demand``, ``delivered``,
        ``unmet`` (m³ per day; with a backlog, the day's queue) and, with a backlog,
        ``shortfall`` (see :meth:`shortfall`).
    storage : dict of str to (float, float, float)
        Capacity, initial level and floor (m³).
    borders, corridors : dict of str to numpy.ndarray
        Arrivals into Mali (m³/day) by border post and by corridor.
    convoys : dict of str to numpy.ndarray
        Escorted convoys leaving each day, by stretch.
    round_trip_days : dict of str to float
    escorted_days : dict of str to int
        Days of the horizon on which each stretch is escorted (its rule's dates).
    escort_units, escort_units_used : numpy.ndarray
    tankers_on_road, fleet, tankers_lost, cargo_lost_m3 : numpy.ndarray
        ``tankers_lost``: destroyed from day 0 up to each day.
    tankers_lost_before_start : float
        Destroyed before day 0 by the file's earlier attacks (the fleet starts that many short).
    fleet_limited : bool
        Whether the fleet limited the plan (``[fleet] enabled``).
    cost_goal : str or None
        The second goal (cost: routes, expected losses, time under the security floors):
        ``"solved"``, ``"skipped"`` (the LP is too large for it), ``"not finished"``, or None
        (not asked for, or solved on another path).
    unmatched_attacks : list of (str, datetime.date, float, float, bool)
        Attacks whose cargo was not all on their roads that day: label, date, m³ there, m³
        the event destroyed, and whether any of its roads was open that day.
    injections_not_taken : list of (str, datetime.date, float, float)
        Stock injections the city's tank could not hold in full: city, date, m³ taken, m³
        injected.
    min_stock : dict of str to float
        Smallest initial stock per city (``min_stock`` runs only).
    min_escorts : bool
        Escort units unlimited and the escort unit-days minimised (``min_escorts`` runs):
        ``escort_units_used`` is then the units needed each day.
    escort_goal : str or None
        With ``min_escorts``: ``"solved"`` or ``"not finished"`` (the stage-1 plan kept).
    escort_minimised : str or None
        With ``min_escorts``: ``"unit_days"`` (the escort unit-days minimised) or
        ``"max_per_day"`` (``min_escorts="peak"``: the units on the busiest day, then the
        unit-days).
    stretch_units_used : dict of str to numpy.ndarray
        Escort units in use each day, by stretch (they sum to ``escort_units_used``).
    events : tuple of (int, str)
    event_kinds : tuple of str
        The kind of each event (see :class:`~supplychain.models.timeline.Timeline`).
    tanker_m3 : float
    message : str
    clock_offset_days : dict of str to float
        Per city, how long after the ports' its day starts (the places' clocks of
        :func:`~supplychain.models.timeexp_arcs.node_phases`): day ``t`` of the city runs from
        ``t + offset`` to ``t + 1 + offset`` days after the start of day 0 at the ports.
    arc_pricing : dict or None
        With arcs priced in (:func:`~supplychain.models.timeexp_price.solve_priced`): ``arcs``
        of the exact reduction, ``arcs_used`` in the last model (``active_arcs``: which, sorted
        indices into the reduction's arcs), ``rounds``, ``certified``
        (no arc left out improves any goal of ``goals``: ``["delivery"]``, or with
        ``min_escorts`` also ``"escort unit-days"`` when that goal was solved, preceded with
        ``min_escorts="peak"`` by ``"busiest day's escort units"``; stage 1's objective under
        them, the transit price's tie-break, is solved on the arcs in and not priced, so it is
        listed, as ``"stage 1 under the escort goals"``, only when the last round took every
        arc), ``warm`` (the rounds began warm, each
        from the previous round's basis; False: every round by the interior point from scratch)
        and each round's ``history`` (its ``goals`` priced; with ``min_escorts``, once delivery
        is certified, ``escort_goal``: the unit-days goal's columns priced, improving arcs,
        arcs brought in and worst reduced cost, and with "peak" ``escort_peak_goal`` likewise
        for the busiest day's units before it, priced once delivery is certified); with
        ``warm_rounds_abandoned``, the round at which a warm
        start needed too many pivots and the pricing started again with cold rounds (the rounds
        counted are the cold ones). A myopic plan with its arcs priced in holds its last solve's,
        with ``solves`` (how many were priced), ``rounds_per_solve``, ``certified`` true
        only when every solve's pricing was, and the first solve's ``start`` and
        ``detour_start``.
    foresight : dict or None
        None: the plan knew every attack in advance (perfect foresight, one solve). Set by
        :func:`~supplychain.models.timeexp_myopic.solve_myopic` (each attack learnt on its
        day): ``kind`` (``"myopic"``), ``solves``, and ``attacks``, per attack its ``label``,
        ``date``, ``day``, ``tankers_drawn`` (the event's), ``tankers_found`` (those the plan
        had on its roads, which it destroyed) and ``known_from_start`` (before day 0, or after
        the horizon); ``fleet_overrun_tanker_days``: what trips under way needed beyond the
        fleet the attacks left (see :mod:`~supplychain.models.timeexp_myopic`).
    border_transit_days : float or None
        The longest, over the border crossings into Mali and the cities they reach, of the
        fastest transit from the crossing to the city (days; :func:`read_result` sets it from
        the model's arcs); None when not known (no crossing, or a result built by hand). Used
        by :meth:`near_end_days`.
    waiting_m3 : dict of str to numpy.ndarray
        With whole convoys (``integer_convoys``): m³ in loaded tankers waiting for a convoy at
        the end of each day, by the place where an escorted stretch starts
        (:func:`~supplychain.models.timeexp.define_staging`); empty otherwise. That fuel is in
        ``tankers_on_road`` too (a waiting tanker is busy).

    Examples
    --------
    >>> r = TimelineResult("t", "optimal", date(2026, 1, 1), 2)
    >>> r.dates
    [datetime.date(2026, 1, 1), datetime.date(2026, 1, 2)]
    """

    name: str
    status: str
    start: date
    days: int
    build_s: float = 0.0
    solve_s: float = 0.0
    gap: float | None = None
    integer_convoys: bool = False
    cities: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    storage: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    borders: dict[str, np.ndarray] = field(default_factory=dict)
    corridors: dict[str, np.ndarray] = field(default_factory=dict)
    convoys: dict[str, np.ndarray] = field(default_factory=dict)
    round_trip_days: dict[str, float] = field(default_factory=dict)
    escorted_days: dict[str, int] = field(default_factory=dict)
    escort_units: np.ndarray = field(default_factory=lambda: np.zeros(0))
    escort_units_used: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tankers_on_road: np.ndarray = field(default_factory=lambda: np.zeros(0))
    fleet: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tankers_lost: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cargo_lost_m3: np.ndarray = field(default_factory=lambda: np.zeros(0))
    tankers_lost_before_start: float = 0.0
    #: Whether the fleet limited the plan (``[fleet] enabled``); off, its figures are not a limit.
    fleet_limited: bool = True
    #: The second goal (cost: routes, expected losses, time under the security floors): "solved",
    #: "skipped" (LP too large), "not finished", or None (not asked, or not this path).
    cost_goal: str | None = None
    #: Attacks whose cargo was not all on their roads that day: (label, date, m3 there, m3
    #: destroyed by the event, whether any of its roads was open that day).
    unmatched_attacks: list[tuple[str, date, float, float, bool]] = field(default_factory=list)
    #: Stock injections the city's tank could not hold in full: (city, date, m3 taken, m3
    #: injected).
    injections_not_taken: list[tuple[str, date, float, float]] = field(default_factory=list)
    min_stock: dict[str, float] = field(default_factory=dict)
    min_escorts: bool = False
    escort_goal: str | None = None
    escort_minimised: str | None = None
    stretch_units_used: dict[str, np.ndarray] = field(default_factory=dict)
    events: tuple[tuple[int, str], ...] = ()
    event_kinds: tuple[str, ...] = ()
    tanker_m3: float = 46.0
    message: str = ""
    clock_offset_days: dict[str, float] = field(default_factory=dict)
    arc_pricing: dict[str, Any] | None = None
    border_transit_days: float | None = None
    foresight: dict[str, Any] | None = None
    waiting_m3: dict[str, np.ndarray] = field(default_factory=dict)

    def __repr__(self) -> str:
        """One line: the timeline, the status, the horizon and the cities that run dry.

        The dataclass's own repr printed every daily series (44 kB in 531 lines for 60 days
        of the embedded network), which a notebook shows for ``result`` alone (api37).
        ``summary()`` is the text ``supplychain timeline`` prints, ``to_frame()`` the table.

        Examples
        --------
        >>> TimelineResult("calm", "optimal", date(2026, 1, 1), 3, cities={"Kayes": {
        ...     "demand": np.ones(3), "unmet": np.array([0.0, 0.0, 1.0]), "stock": np.zeros(3)}})
        TimelineResult(name='calm', status='optimal', start=2026-01-01, days=3, cities=1, first_dry_day={'Kayes': 2}, build_s=0.00, solve_s=0.00)
        """
        dry = {city: day for city, day in self.first_dry_day().items() if day is not None}
        return (f"{type(self).__name__}(name={self.name!r}, status={self.status!r}, start={self.start}, "
                f"days={self.days}, cities={len(self.cities)}, first_dry_day={dry}, build_s={self.build_s:.2f}, "
                f"solve_s={self.solve_s:.2f})")  # fmt: skip

    @property
    def dates(self) -> list[date]:
        """Calendar date of each day of the horizon.

        Returns
        -------
        list of datetime.date
            ``days`` dates, from ``start``.
        """
        return [self.start + timedelta(days=t) for t in range(self.days)]

    def _city(self, city: str) -> dict[str, np.ndarray]:
        """The series of ``city``; an unknown name is an :class:`UnknownElementError` naming
        the close ones (it was a bare ``KeyError``)."""
        try:
            return self.cities[city]
        except KeyError:
            raise UnknownElementError(
                f"City {city!r} is not in timeline '{self.name}': "
                f"{suggest(str(city), self.cities, 'cities', none='the result has no city')}"
            ) from None

    def days_of_cover(self, city: str) -> np.ndarray:
        """Stock at the start of each day / that day's demand (arrivals of the day excluded).

        Parameters
        ----------
        city : str
            A key of ``cities``.

        Returns
        -------
        numpy.ndarray of float
            ``days`` values (days of demand); NaN on a day without demand.

        Raises
        ------
        UnknownElementError
            If ``city`` is not a city of the result (the message suggests close names).
        """
        c = self._city(city)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(c["demand"] > 0, c["stock"][: self.days] / c["demand"], np.nan)

    def first_dry_day(self) -> dict[str, int | None]:
        """Per city, the first day (index) it runs dry (see the module docstring), or None.

        Returns
        -------
        dict of str to int or None
            Day index from day 0; None when the city is never dry.
        """
        out: dict[str, int | None] = {}
        for name, c in self.cities.items():
            dry = np.nonzero(self._dry(c))[0]
            out[name] = int(dry[0]) if len(dry) else None
        return out

    def dry_day_counts(self) -> dict[str, int]:
        """Per city, how many days it is dry (the rule of :meth:`first_dry_day`).

        Returns
        -------
        dict of str to int
            Days within the horizon; 0 when the city is never dry.
        """
        return {name: int(self._dry(c).sum()) for name, c in self.cities.items()}

    def _dry(self, c: dict[str, np.ndarray]) -> np.ndarray:
        return dry_days(c["demand"], c["unmet"], c["stock"])

    def shortfall(self, city: str) -> np.ndarray:
        """Per day, the unmet demand of ``city`` that totals count, each m³ once (m³).

        Without a backlog it is the day's unmet demand. With one (``[demand] backlog_share``),
        a day's ``unmet`` is its queue, a share of which comes back the next day: the
        shortfall is the share that does not come back, and on the last day the whole queue
        left, so that delivered + shortfall = demand summed over the horizon.

        Parameters
        ----------
        city : str
            A key of ``cities``.

        Returns
        -------
        numpy.ndarray of float
            ``days`` values (m³).

        Raises
        ------
        UnknownElementError
            If ``city`` is not a city of the result (the message suggests close names).

        Examples
        --------
        >>> import datetime
        >>> r = TimelineResult("t", "optimal", datetime.date(2026, 1, 1), 2)
        >>> r.cities["A"] = {"unmet": np.array([4.0, 2.0]), "shortfall": np.array([2.0, 2.0])}
        >>> r.shortfall("A").tolist()
        [2.0, 2.0]
        """
        c = self._city(city)
        return c.get("shortfall", c["unmet"])


    @property
    def arrivals_m3(self) -> np.ndarray:
        """Fuel entering Mali each day (m³), all border posts.

        Returns
        -------
        numpy.ndarray of float
            ``days`` values (m³ per day): ``borders`` summed (zeros without border posts).
        """
        return sum(self.borders.values(), np.zeros(self.days))

    def to_frame(self) -> pd.DataFrame:
        """One row per day and place (``kind``: city, border, corridor, escort, staging, national).

        Returns
        -------
        pandas.DataFrame
            ``date`` (a timestamp), ``day``, ``place``, ``kind``, and by kind: a city's
            ``stock_m3`` (start of day), ``days_of_cover``, ``demand_m3``, ``delivered_m3``,
            ``unmet_m3``; a border post's or corridor's ``arrivals_m3`` and
            ``arrivals_tankers``; an escorted stretch's ``convoys`` (leaving that day); the
            ``national`` rows (place ``Mali``) the cities' sums, the arrivals and convoys, and
            ``escort_units``, ``escort_units_used``, ``tankers_on_road``, ``fleet``,
            ``tankers_lost`` (destroyed that day), ``cargo_lost_m3`` and ``waiting_m3``; with
            whole convoys, a ``staging`` row per day and place where an escorted stretch starts,
            its ``waiting_m3`` (loaded tankers waiting for a convoy at the end of the day, see
            :attr:`waiting_m3`; the national rows' is their sum, 0 without whole convoys). With ``min_escorts``
            ``escort_units_used`` is the units needed (``escort_units``, the timeline's, were no
            limit) and the escort rows have it too, per stretch. A column a row's kind does not
            have is NaN.

        Examples
        --------
        Kayes (10 m³/day, 5 days of stock) behind a road closed for the whole week
        (2026-01-01 to 01-07), solved (``supplychain.models._examples.closed_road_week``):

        >>> from supplychain.models._examples import closed_road_week
        >>> r = closed_road_week()
        >>> f = r.to_frame()
        >>> f[f["kind"] == "city"]["stock_m3"].round(6).tolist()
        [50.0, 40.0, 30.0, 20.0, 10.0, 0.0, 0.0]
        >>> sorted(set(f["kind"]))
        ['city', 'national']
        """
        rows: list[dict[str, Any]] = []
        dates = self.dates
        lost = np.diff(np.concatenate([[0.0], self.tankers_lost])) if self.days else self.tankers_lost
        for name, c in self.cities.items():
            cover = self.days_of_cover(name)
            for t in range(self.days):
                rows.append({"date": dates[t], "day": t, "place": name, "kind": "city",
                             "stock_m3": c["stock"][t], "days_of_cover": cover[t],
                             "demand_m3": c["demand"][t], "delivered_m3": c["delivered"][t],
                             "unmet_m3": c["unmet"][t]})  # fmt: skip
        for kind, table in (("border", self.borders), ("corridor", self.corridors)):
            for name, arr in table.items():
                for t in range(self.days):
                    rows.append({"date": dates[t], "day": t, "place": name, "kind": kind,
                                 "arrivals_m3": arr[t], "arrivals_tankers": arr[t] / self.tanker_m3})
        for name, arr in self.convoys.items():
            units = self.stretch_units_used.get(name) if self.min_escorts else None
            for t in range(self.days):
                rows.append({"date": dates[t], "day": t, "place": name, "kind": "escort",
                             "convoys": arr[t],
                             **({"escort_units_used": units[t]} if units is not None else {})})
        for name, arr in self.waiting_m3.items():
            for t in range(self.days):
                rows.append({"date": dates[t], "day": t, "place": name, "kind": "staging", "waiting_m3": arr[t]})
        arrivals = self.arrivals_m3
        waiting = sum(self.waiting_m3.values(), np.zeros(self.days))  # 0 without whole convoys
        for t in range(self.days):
            rows.append({
                "date": dates[t], "day": t, "place": "Mali", "kind": "national",
                "stock_m3": sum(c["stock"][t] for c in self.cities.values()),
                "demand_m3": sum(c["demand"][t] for c in self.cities.values()),
                "delivered_m3": sum(c["delivered"][t] for c in self.cities.values()),
                "unmet_m3": sum(c["unmet"][t] for c in self.cities.values()),
                "arrivals_m3": arrivals[t], "arrivals_tankers": arrivals[t] / self.tanker_m3,
                "convoys": sum(a[t] for a in self.convoys.values()) if self.convoys else 0.0,
                "escort_units": self.escort_units[t], "escort_units_used": self.escort_units_used[t],
                "tankers_on_road": self.tankers_on_road[t], "fleet": self.fleet[t],
                "tankers_lost": lost[t], "cargo_lost_m3": self.cargo_lost_m3[t],
                "waiting_m3": waiting[t],
            })  # fmt: skip
        frame = pd.DataFrame(rows)
        frame["date"] = pd.to_datetime(frame["date"])
        national = frame["kind"] == "national"
        stock, demand = frame.loc[national, "stock_m3"], frame.loc[national, "demand_m3"]
        frame.loc[national, "days_of_cover"] = (stock / demand.where(demand > 0)).to_numpy()
        return frame

    def weekly(self) -> pd.DataFrame:
        """Totals per week: 7 days from day 0 (not calendar weeks), the last week holding the
        days left (``days``): arrivals, delivered, unmet (each m³ once), convoys, losses.

        Returns
        -------
        pandas.DataFrame
            One row per week: ``week_start`` (datetime.date), ``days``, ``arrivals_m3``,
            ``arrivals_tankers``, ``delivered_m3``, ``unmet_m3`` (:meth:`shortfall`),
            ``convoys`` and ``tankers_lost`` (destroyed in the week). No rows for a result
            without a plan.
        """
        arrivals = self.arrivals_m3
        rows = []
        # A result without a plan (time limit, infeasible) has no daily values: no weeks (its
        # to_dict raised an IndexError here before 2026-12-03).
        for w in range(0, self.days if len(self.tankers_lost) else 0, 7):
            s = slice(w, min(w + 7, self.days))
            rows.append({
                "week_start": self.start + timedelta(days=w), "days": s.stop - s.start,
                "arrivals_m3": float(arrivals[s].sum()),
                "arrivals_tankers": float(arrivals[s].sum() / self.tanker_m3),
                "delivered_m3": float(sum(c["delivered"][s].sum() for c in self.cities.values())),
                "unmet_m3": float(sum(self.shortfall(n)[s].sum() for n in self.cities)),
                "convoys": float(sum(a[s].sum() for a in self.convoys.values())),
                "tankers_lost": float(self.tankers_lost[s.stop - 1] - (self.tankers_lost[w - 1] if w else 0.0)),
            })  # fmt: skip
        return pd.DataFrame(rows)

    def _period_days(self, row: dict[Hashable, Any]) -> tuple[int, int]:
        """First and last day (from day 0) of an observed period."""
        return ((pd.Timestamp(row["period_start"]).date() - self.start).days,
                (pd.Timestamp(row["period_end"]).date() - self.start).days)  # fmt: skip

    def near_end_days(self) -> tuple[int, int, int | None]:
        """How many of the horizon's last days have arrivals into Mali low by construction.

        No goal values stock after the last day, so the plan ships nothing for after it and
        draws the cities' tanks down towards the end (closing stock 0 on the back-test): a
        city needs nothing more to arrive once its tank can serve the days left, and fuel
        crossing the border later than the transit to the city before the end serves nobody.
        The days counted are ``tank_days``, the most final days of demand a full tank serves
        (the largest over the cities, a day partly served counted whole; the days' own
        demand, after rationing, which is what the tank is drawn down for; a tank holding more
        than the horizon's demand adds days of its mean demand), plus
        ``border_transit_days``, the longest fastest transit from a border crossing into Mali
        to a city (:attr:`border_transit_days`), rounded up; 0 when not known. Both are
        measured on the run, no figure of FACTS.md; the sum is an assumption of where the
        draw-down can start, so periods ending in those days are flagged, not corrected.
        With ``min_stock`` (tanks lifted; the plan holds only the stock it needs) no full tank
        is drawn down: ``tank_days`` are instead the days after a city's last arrival, which
        its own stock serves (:func:`_days_after_last_arrival`; the largest over the cities
        that receive any). Before 2026-12-05 the tanks' days were counted there too (13 days
        on the back-test, where the --min-stock plan's arrivals into Mali stay at the day's
        demand until the last 2).

        Returns
        -------
        days : int
            The sum, at most the horizon.
        tank_days : int
        border_transit_days : int or None
            None when not known.

        Examples
        --------
        A city of 10 m³/day with a 25 m³ tank, 14 days, a crossing 0.4 days from it:

        >>> r = TimelineResult("t", "optimal", date(2026, 1, 1), 14, border_transit_days=0.4)
        >>> r.cities["A"] = {"demand": np.full(14, 10.0)}
        >>> r.storage["A"] = (25.0, 25.0, 0.0)
        >>> r.near_end_days()
        (4, 3, 1)
        """
        tank = 0
        for name, c in self.cities.items():
            demand = np.asarray(c["demand"], dtype=float)[: self.days]
            if self.min_stock:  # tanks lifted: the stock the plan holds, not a full tank
                if "stock" in c and "delivered" in c:
                    tank = max(tank, _days_after_last_arrival(c["stock"], c["delivered"]))
                continue
            capacity = float(self.storage[name][0]) if name in self.storage else 0.0
            if capacity <= 0 or demand.sum() <= 0:
                continue
            # The final days whose demand the full tank serves, the last day first; a day it
            # serves in part counts (less 1e-9 of the tank: one of exactly 7 days' demand is 7
            # days whatever the round-off of the sum).
            served = np.cumsum(demand[::-1])
            if capacity * (1 - 1e-9) <= served[-1]:
                days = int(np.searchsorted(served, capacity * (1 - 1e-9))) + 1
            else:  # more than the horizon's demand: the rest at the horizon's mean demand
                days = self.days + int(np.ceil((capacity - served[-1]) / demand.mean() - 1e-9))
            tank = max(tank, days)
        transit = None if self.border_transit_days is None else int(np.ceil(self.border_transit_days - 1e-9))
        return min(tank + (transit or 0), self.days), tank, transit

    def observed_left_out(self, observed: pd.DataFrame) -> int:
        """How many observed periods :meth:`compare` leaves out: those not wholly inside the
        horizon (starting before day 0 or ending after the last day, even by one day).

        Parameters
        ----------
        observed : pandas.DataFrame
            As :func:`read_observed` returns it.

        Returns
        -------
        int
        """
        spans = (self._period_days(row) for row in observed.to_dict("records"))
        return sum(1 for a, b in spans if a < 0 or b >= self.days)

    def compare(self, observed: pd.DataFrame) -> pd.DataFrame:
        """Simulated against observed arrivals per period (``period_start``, ``period_end``
        inclusive, ``litres``, ``tankers``); periods partly outside the horizon are skipped
        (:meth:`observed_left_out` counts them).

        Parameters
        ----------
        observed : pandas.DataFrame
            As :func:`read_observed` returns it.

        Returns
        -------
        pandas.DataFrame
            One row per period inside the horizon: ``period_start``, ``period_end``
            (datetime.date), ``days``, ``observed_litres``, ``simulated_litres`` (arrivals into
            Mali), ``error_litres`` (simulated - observed), ``error_pct`` (NaN when nothing was
            observed), ``observed_tankers`` (NaN when not given), ``simulated_tankers``,
            ``source`` and ``near_horizon_end``: whether the period ends in the horizon's last
            days whose arrivals are low by construction (:meth:`near_end_days`; its error is
            not a fit of the model).

        Examples
        --------
        Kayes behind a road closed for the whole week (``closed_road_week``: 7 days, a tank of
        100 m³ for 10 m³ a day): every period of it ends in the last 7 days.

        >>> from supplychain.models._examples import closed_road_week
        >>> obs = pd.DataFrame({"period_start": [date(2026, 1, 1)], "period_end": [date(2026, 1, 3)],
        ...                     "litres": [0.0], "tankers": [None], "source": ["x"]})
        >>> closed_road_week().compare(obs)["near_horizon_end"].tolist()
        [True]
        """
        arrivals = self.arrivals_m3
        # Periods ending on or after this day end where the plan ships nothing for after the
        # horizon and draws the tanks down (see near_end_days).
        low_from = self.days - self.near_end_days()[0]
        rows = []
        for row in observed.to_dict("records"):
            a, b = self._period_days(row)
            if a < 0 or b >= self.days:
                continue
            sim_l = float(arrivals[a: b + 1].sum()) * 1000.0
            obs_l = float(row["litres"])
            rows.append({
                "period_start": pd.Timestamp(row["period_start"]).date(),
                "period_end": pd.Timestamp(row["period_end"]).date(), "days": b - a + 1,
                "observed_litres": obs_l, "simulated_litres": sim_l,
                "error_litres": sim_l - obs_l,
                "error_pct": 100.0 * (sim_l - obs_l) / obs_l if obs_l else float("nan"),
                "observed_tankers": float(row["tankers"]) if pd.notna(row.get("tankers")) else float("nan"),
                "simulated_tankers": sim_l / 1000.0 / self.tanker_m3,
                "source": row.get("source", ""), "near_horizon_end": b >= low_from,
            })  # fmt: skip
        return pd.DataFrame(rows)

    def _escorts(self) -> dict[str, dict[str, Any]]:
        """The JSON summary's ``escorts``: per stretch its convoys, round trip and escorted days,
        and what the text and the report print from them (:func:`escort_allocation`): convoys a
        week, escort-unit days and their share of all stretches' (None below
        :data:`ESCORT_SHARE_MIN_UNIT_DAYS`). Computed as the text and the report compute them,
        from the convoys and round trips as the file holds them (rounded): from the unrounded
        ones the file's escort-unit days were not its convoys x round trip (0.444 against
        0.084 x 5.304), and a residue's share read 100 % where the text printed none (audit21,
        2026-12-06)."""
        escorts = {k: {"convoys": float(v.sum()), "round_trip_days": self.round_trip_days[k],
                       "escorted_days": self.escorted_days.get(k, self.days)}
                   for k, v in self.convoys.items()}  # fmt: skip
        for row in escort_allocation(rounded(escorts), self.days):
            escorts[row["stretch"]].update(convoys_per_week=row["per_week"], escort_unit_days=row["escort_days"],
                                           escort_unit_days_share_pct=row["share_pct"])  # fmt: skip
        return escorts

    def _escort_units_needed(self) -> dict[str, Any]:
        """The JSON summary's ``escort_units_needed`` (``min_escorts`` runs): the escort rows'
        use, i.e. the units needed, a day on average and at most, the unit-days in all, per week
        (7 days from day 0) and per stretch, ``goal`` (``escort_goal``) and ``minimised``
        (``escort_minimised``: ``"unit_days"`` or ``"max_per_day"``)."""
        used = self.escort_units_used
        weeks = [{"week_start": str(self.start + timedelta(days=w)), "days": min(w + 7, self.days) - w,
                  "unit_days": float(used[w:w + 7].sum()), "mean_per_day": float(used[w:w + 7].mean()),
                  "max_per_day": float(used[w:w + 7].max())}
                 for w in range(0, self.days if len(used) else 0, 7)]  # fmt: skip
        return {"goal": self.escort_goal, "minimised": self.escort_minimised or "unit_days",
                "mean_per_day": float(used.mean()) if len(used) else 0.0,
                "max_per_day": float(used.max()) if len(used) else 0.0,
                "unit_days": float(used.sum()),
                "by_stretch_unit_days": {k: float(v.sum()) for k, v in self.stretch_units_used.items()},
                "weekly": weeks}  # fmt: skip

    def to_dict(self, observed: pd.DataFrame | None = None) -> dict[str, Any]:
        """JSON-ready summary: status, totals, per-city cover and dry day, weekly totals,
        escort allocation, fleet, and the comparison with observed arrivals when given.

        Parameters
        ----------
        observed : pandas.DataFrame, optional
            As :func:`read_observed` returns it; adds ``observed`` (the rows of
            :meth:`compare`, each with ``near_horizon_end``), ``observed_left_out``
            (:meth:`observed_left_out`), ``near_horizon_end_days`` and
            ``near_horizon_end_basis`` (``tank_days``, ``border_transit_days``: see
            :meth:`near_end_days`).

        Returns
        -------
        dict of str to object
            Run facts (``name``, ``status``, ``message``, ``start``, ``days``, timings, MIP gap,
            arc pricing); totals over the horizon in m³ (``demand_m3``, ``delivered_m3``,
            ``unmet_m3`` counting each m³ once, ``unmet_pct``, arrivals in all, by border post
            and by corridor); ``cities`` (per city: days of cover on day 0 and at the lowest,
            first dry and short day and date, dry and short days, totals, storage capacity and
            initial stock, ``closing_stock_m3`` (left at the end of the last day, after its
            arrivals and deliveries), clock offset; with ``min_stock``, ``min_initial_stock_m3``
            and the most the plan stores after day 0, ``max_stock_m3`` on ``max_stock_date``,
            tank limits being lifted on every day); ``escorts``; with ``min_escorts``,
            ``escort_units_needed`` (``mean_per_day``, ``max_per_day``, ``unit_days``,
            ``by_stretch_unit_days``, ``weekly`` and ``goal``); fleet losses and ``max_tankers_on_road``;
            with whole convoys, ``waiting_for_convoys_m3`` (per place where an escorted stretch
            starts, the ``max`` and ``mean`` of :attr:`waiting_m3`);
            ``unmatched_attacks``, ``injections_not_taken``, ``weekly`` (:meth:`weekly`) and
            ``events``. Dates are ISO strings.

        Examples
        --------
        Kayes (10 m³/day, 5 days of stock) behind a road closed for the whole week
        (2026-01-01 to 01-07), solved (``supplychain.models._examples.closed_road_week``):

        >>> from supplychain.models._examples import closed_road_week
        >>> r = closed_road_week()
        >>> d = r.to_dict()
        >>> d["demand_m3"], round(d["delivered_m3"], 6), round(d["unmet_m3"], 6)
        (70.0, 50.0, 20.0)
        >>> kayes = d["cities"]["Kayes"]
        >>> kayes["initial_days_of_cover"], kayes["first_dry_date"], kayes["dry_days"]
        (5.0, '2026-01-06', 2)
        >>> round(kayes["closing_stock_m3"], 6)
        0.0
        """
        dry, counts = self.first_dry_day(), self.dry_day_counts()
        cities = {}
        for name, c in self.cities.items():
            cover = self.days_of_cover(name)
            d = dry[name]
            short = short_days(c["demand"], c["unmet"])
            first_short = int(np.argmax(short)) if short.any() else None
            cities[name] = {
                "initial_days_of_cover": _num(cover[0]) if self.days else None,
                "min_days_of_cover": _num(np.nanmin(cover)) if np.isfinite(cover).any() else None,
                "first_dry_day": d, "first_dry_date": None if d is None else str(self.start + timedelta(days=d)),
                "dry_days": counts[name],
                "first_short_day": first_short, "first_short_date": None if first_short is None
                else str(self.start + timedelta(days=first_short)), "short_days": int(short.sum()),
                "demand_m3": float(c["demand"].sum()), "delivered_m3": float(c["delivered"].sum()),
                "unmet_m3": float(self.shortfall(name).sum()), "storage_capacity_m3": self.storage[name][0],
                "initial_stock_m3": float(c["stock"][0]) if len(c["stock"]) else None,
                # The stock variable of day D: left after the last day's arrivals, injections
                # and deliveries ("what is left in the tanks at the end").
                "closing_stock_m3": _num(c["stock"][self.days]) if len(c["stock"]) > self.days else None,
                "clock_offset_days": round(self.clock_offset_days.get(name, 0.0), 4),
            }  # fmt: skip
            if name in self.min_stock:
                cities[name]["min_initial_stock_m3"] = self.min_stock[name]
                # Tank limits are lifted on every day: what the plan stores after day 0 (the
                # stock at the start of days 1 .. D) may exceed the tank too, and the stocks
                # above serve every demand only with tanks that hold it (West-African layer,
                # back-test, 45 days: Kayes 2,479 m3 on day 0, 6,450 m3 on day 2 in a 1,050 m3
                # tank; fed back with tanks of 2,479 m3, 3,099 m3 went unmet).
                later = c["stock"][1:]
                t = int(np.argmax(later)) if len(later) else None
                cities[name]["max_stock_m3"] = None if t is None else float(later[t])
                cities[name]["max_stock_date"] = None if t is None else str(self.start + timedelta(days=t + 1))
        demand = sum(float(c["demand"].sum()) for c in self.cities.values())
        unmet = sum(float(self.shortfall(n).sum()) for n in self.cities)
        delivered = sum(float(c["delivered"].sum()) for c in self.cities.values())
        out: dict[str, Any] = {
            "name": self.name, "status": self.status, "message": self.message,
            "start": str(self.start), "days": self.days, "build_s": self.build_s,
            "solve_s": self.solve_s, "integer_convoys": self.integer_convoys, "mip_gap": self.gap,
            "arc_pricing": self.arc_pricing,
            "foresight": self.foresight or {"kind": "perfect"},
            "demand_m3": demand, "delivered_m3": delivered, "unmet_m3": unmet,
            "unmet_pct": 100.0 * unmet / demand if demand else 0.0,
            "arrivals_m3": float(self.arrivals_m3.sum()),
            "arrivals_by_border_m3": {k: float(v.sum()) for k, v in self.borders.items()},
            "arrivals_by_corridor_m3": {k: float(v.sum()) for k, v in self.corridors.items()},
            "cities": cities,
            "escorts": self._escorts(),
            "tankers_lost": float(self.tankers_lost[-1]) if len(self.tankers_lost) else 0.0,
            "tankers_lost_before_start": self.tankers_lost_before_start,
            "cargo_lost_m3": float(self.cargo_lost_m3.sum()),
            "max_tankers_on_road": float(self.tankers_on_road.max()) if len(self.tankers_on_road) else 0.0,
            "fleet_limited": self.fleet_limited,
            "cost_goal": self.cost_goal,
            "unmatched_attacks": [{"label": label, "date": str(when), "cargo_on_roads_m3": there,
                                   "cargo_destroyed_m3": destroyed, "roads_open": is_open}
                                  for label, when, there, destroyed, is_open in self.unmatched_attacks],
            "injections_not_taken": [{"city": city, "date": str(when), "taken_m3": taken,
                                      "injected_m3": volume}
                                     for city, when, taken, volume in self.injections_not_taken],
            "weekly": [{k: (str(v) if isinstance(v, date) else v) for k, v in r.items()}
                       for r in self.weekly().to_dict("records")],
            "events": [{"day": d, "date": str(self.start + timedelta(days=d)), "event": e,
                        **({"kind": self.event_kinds[i]} if i < len(self.event_kinds) else {})}
                       for i, (d, e) in enumerate(self.events)],
        }  # fmt: skip
        if self.waiting_m3:  # whole convoys: the fuel waiting for them, by place
            out["waiting_for_convoys_m3"] = {name: {"max": float(arr.max()) if len(arr) else 0.0,
                                                    "mean": float(arr.mean()) if len(arr) else 0.0}
                                             for name, arr in self.waiting_m3.items()}  # fmt: skip
        if self.min_escorts:  # --min-escorts: the units needed, per day, week and stretch
            out["escort_units_needed"] = self._escort_units_needed()
        if self.min_stock:  # --min-stock: the pre-positioning answer in all, beside the tanks
            out["min_initial_stock_m3"] = float(sum(self.min_stock.values()))
            out["storage_capacity_m3"] = float(sum(self.storage[n][0] for n in self.min_stock))
        if observed is not None:
            cmp = self.compare(observed)
            out["observed"] = [{k: (str(v) if isinstance(v, date) else v) for k, v in r.items()}
                               for r in cmp.to_dict("records")]  # fmt: skip
            out["observed_left_out"] = self.observed_left_out(observed)
            # The rows' near_horizon_end: how many last days, and from what (see near_end_days).
            near, tank, transit = self.near_end_days()
            out["near_horizon_end_days"] = near
            out["near_horizon_end_basis"] = {"tank_days": tank, "border_transit_days": transit}
        return out

    def _foresight_lines(self) -> list[str]:
        """The summary's lines on a myopic plan: how many solves, and what each attack found."""
        f = self.foresight or {}
        learnt = [a for a in f.get("attacks", []) if not a["known_from_start"]]
        lines = [f"  foresight: myopic (each attack learnt on its day, the plan of the days before "
                 f"fixed): {plural_text(int(f.get('solves', 1)), 'solve')}, "
                 f"{plural_text(len(learnt), 'attack')} learnt"]
        for a in learnt:
            lines.append(f"    attack '{a['label']}' ({a['date']}): found {a['tankers_found']:,.1f} of its "
                         f"{a['tankers_drawn']:,.0f} tankers on its roads")
        over = float(f.get("fleet_overrun_tanker_days") or 0.0)
        if over > 1e-6:
            lines.append(f"    trips under way when attacks destroyed tankers needed {over:,.2f} tanker-days more "
                         "than the fleet left (counted as run: the fleet counts tanker-days a day, and a "
                         "destroyed tanker leaves it whole)")  # fmt: skip
        return lines

    def summary(self, observed: pd.DataFrame | None = None) -> str:
        """Key results as text: cover and dry day per city, escorts, fleet, weekly totals and
        the comparison with observed arrivals.

        Parameters
        ----------
        observed : pandas.DataFrame, optional
            As :func:`read_observed` returns it; adds the comparison per period (million
            litres) and how many periods it leaves out.

        Returns
        -------
        str
            Lines without a final newline; a result without a plan gets its first line(s)
            and its ``message`` only.

        Examples
        --------
        Kayes (10 m³/day, 5 days of stock) behind a road closed for the whole week
        (2026-01-01 to 01-07), solved (``supplychain.models._examples.closed_road_week``):

        >>> from supplychain.models._examples import closed_road_week
        >>> r = closed_road_week()
        >>> print(r.summary())
        Timeline 'blockade': 2026-01-01 to 2026-01-07 (7 days), LP optimal (build ... s, solve ... s)
          demand 70 m3, delivered 50 m3, unmet 20 m3 (28.6 %)
          days of cover (start of day, arrivals excluded) and first dry day:
            Kayes: 5.0 days on day 0, lowest 0.0; dry from 2026-01-06 (day 5), 2 dry days
          closing stock at the end of 2026-01-07 (after its arrivals and deliveries; no fuel is shipped for after it): 0 m3; Kayes 0
          arrivals into Mali 0 m3 (0 tankers)
          fleet 10 -> 10 tankers, 0 destroyed, 0 m3 of cargo lost; at most 0 on the road
          week of      arrivals m3 (tankers)  delivered m3   unmet m3  convoys
            2026-01-01            0 (     0)           50         20      0.0
        """
        end = self.start + timedelta(days=self.days - 1)
        kind = "MIP" if self.integer_convoys else "LP"
        gap = "" if self.gap is None else f", MIP gap {percent_text(self.gap)}"
        lines = [f"Timeline '{self.name}': {self.start} to {end} ({plural_text(self.days, 'day')}), {kind} "
                 f"{self.status} (build {self.build_s:.1f} s, solve {self.solve_s:.1f} s{gap})"]
        if self.arc_pricing is not None:
            p = self.arc_pricing
            proof = ("no arc left out improves " + " or ".join(p.get("goals", ["delivery"]))
                     if p["certified"] else "not proved")
            again = p.get("warm_rounds_abandoned")
            restart = (f" (from scratch after warm rounds stopped at round {again}: its warm start "
                       f"needed too many pivots)") if again else ""
            if "solves" in p:  # a myopic plan: each of its solves priced (solve_myopic)
                rounds = p.get("rounds_per_solve") or []
                lines.append(f"  arcs priced in each of its {p['solves']} solve(s) ({sum(rounds)} round(s) in all): "
                             f"{p['arcs_used']:,} of {p['arcs']:,} arcs in the last{restart}; {proof}"
                             + ("" if p["certified"] else " for every solve"))  # fmt: skip
            else:
                lines.append(f"  arcs priced in: {p['arcs_used']:,} of {p['arcs']:,} arcs in {p['rounds']} "
                             f"round(s){restart}, {proof}")
        if self.foresight is not None:
            lines.extend(self._foresight_lines())
        if self.status not in ("optimal", "feasible"):
            return "\n".join([*lines, f"  {self.message}"])
        # Every figure as the JSON file holds it (rounded to 3 decimals), which the report reads
        # back: formatted from the unrounded values, a figure at a rounding boundary printed
        # otherwise than the file's (0.2500004 escort unit-days "0.3" in the text, 0.25 in the
        # file: "0.2"; a total of 1,235.4996 m3 "1,235", the file's 1235.5 "1,236"). Only the
        # weekly table, the escorts lines and the observed periods were before 2026-12-06.
        d = rounded(self.to_dict())
        lines.append(f"  demand {d['demand_m3']:,.0f} m3, delivered {d['delivered_m3']:,.0f} m3, "
                     f"unmet {d['unmet_m3']:,.0f} m3 ({d['unmet_pct']:.1f} %)")
        if "min_initial_stock_m3" in d:
            lines.append(f"  smallest initial stock that serves every demand all days: "
                         f"{d['min_initial_stock_m3']:,.0f} m3 in all (tanks {d['storage_capacity_m3']:,.0f} m3)")
        lines.append("  days of cover (start of day, arrivals excluded) and first dry day:")
        if self.cost_goal in ("skipped", "not finished"):
            # A planner read "lowest 0.0" on a city never short as a forecast (audit, 2026-12-03).
            why = "skipped on an LP this large" if self.cost_goal == "skipped" else "not finished"
            lines.append(f"    (the cost goal was {why}: delivery and dry days are exact; stock above need, "
                         "and so the 'lowest' cover of a city never short, is one plan's among many)")
        for name, c in d["cities"].items():
            dry = f"dry from {c['first_dry_date']} (day {c['first_dry_day']}), {plural_text(c['dry_days'], 'dry day')}" \
                if c["first_dry_day"] is not None else "never dry"
            if c["short_days"] > c["dry_days"]:  # short with stock kept for a priority block
                dry += f"; short of demand on {plural_text(c['short_days'], 'day')} from {c['first_short_date']}"
            extra = ""
            if "min_initial_stock_m3" in c:
                over = _stored_over_tank(c)
                extra = f", min initial stock {c['min_initial_stock_m3']:,.0f} m3 (capacity " \
                        f"{c['storage_capacity_m3']:,.0f}" + (f"; the plan stores up to {c['max_stock_m3']:,.0f} "
                        f"m3 there, on {c['max_stock_date']}" if over else "") + ")"
            # No demand on day 0 (rationed away): no cover to speak of that day.
            first = "no demand on day 0" if c["initial_days_of_cover"] is None else \
                f"{c['initial_days_of_cover']:,.1f} days on day 0"
            lowest = "-" if c["min_days_of_cover"] is None else f"{c['min_days_of_cover']:,.1f}"
            lines.append(f"    {name}: {first}, lowest {lowest}; {dry}{extra}")
        above = [name for name, c in d["cities"].items() if "min_initial_stock_m3" in c and _stored_over_tank(c)]
        if above:
            # It said they serve every demand "only if" those tanks hold it: on 60 undisturbed
            # days of the embedded network they serve every demand in the tanks as they are
            # (Kayes 1,050 m3, the plan storing 1,091), another plan of the same total (user36).
            lines.append(f"    (tank limits are lifted on every day: this plan serves every demand from these "
                         f"initial stocks with tanks at {', '.join(above)} that also hold what it stores there "
                         "later; smaller tanks may not do: run timeline with the stocks as initial_m3 in a "
                         "--storage file to check)")
        closing = {name: c["closing_stock_m3"] for name, c in d["cities"].items()
                   if c["closing_stock_m3"] is not None}
        if closing:
            each = ", ".join(f"{name} {m3:,.0f}" for name, m3 in closing.items())
            # No goal values stock after the last day: the plan ships no fuel only for it, so
            # 0 on the back-test is the horizon's end, not a forecast of empty tanks.
            lines.append(f"  closing stock at the end of {end} (after its arrivals and deliveries; no "
                         f"fuel is shipped for after it): {sum(closing.values()):,.0f} m3; {each}")
        # A net outflow listed too (fuel going on through Mali beyond that crossing), so that
        # the crossings sum to the total: left out before 2026-12-05.
        by_border = ", ".join(f"{k} {v:,.0f}" for k, v in d["arrivals_by_border_m3"].items() if abs(v) > 0.5)
        tankers = d["arrivals_m3"] / self.tanker_m3
        lines.append(f"  arrivals into Mali {d['arrivals_m3']:,.0f} m3 "
                     f"({tankers:,.0f} tanker{'' if round(tankers) == 1 else 's'})"
                     + (f": {by_border}" if by_border else ""))
        # From the convoys as the JSON file holds them, which the report's table is computed
        # from: a rate computed from the unrounded convoys could print 6.3 where it reads 6.2.
        allocation = escort_allocation(d["escorts"], self.days)
        # A share of next to nothing read "0 escort-unit days (100 % of all)" (a solver's residue
        # of 0.001 convoys on a 7-day run): none when all rules together are below 0.05
        # unit-days, escort_allocation's rule (the JSON's and the report's too since 2026-12-06).
        for e in allocation:
            share = f" ({e['share_pct']:.0f} % of all)" if e["share_pct"] is not None else ""
            lines.append(f"  escorts, rule '{e['stretch']}': {e['convoys']:,.1f} convoys in "
                         f"{plural_text(e['escorted_days'], 'escorted day')} ({e['per_week']:.1f} a week), "
                         f"{e['escort_days']:,.1f} escort-unit days{share}; "
                         f"round trip and rest {e['round_trip_days']:.1f} days")
        if self.convoys and self.min_escorts:
            # --min-escorts: units unlimited, the escort unit-days minimised after delivery
            # (timeexp_solve._min_escort_stage); the escort rows' use is what the plan needs.
            need = d["escort_units_needed"]
            by = "; ".join(f"{k} {v:,.1f} unit-days" for k, v in sorted(
                need["by_stretch_unit_days"].items(), key=lambda kv: -kv[1]))
            goal = "" if self.escort_goal == "solved" else \
                " (the unit-days goal did not finish: not the fewest)"
            if self.escort_minimised == "max_per_day" and self.escort_goal == "solved":
                # --min-escorts peak: the busiest day's units minimised, then the unit-days.
                lines.append(f"  escort units needed: at most {need['max_per_day']:.2f} on any day (the "
                             f"busiest day's, minimised: the fewest that deliver as much); "
                             f"{need['mean_per_day']:.2f} a day on average, {need['unit_days']:,.1f} "
                             f"unit-days within the horizon (minimised at that peak), by stretch {by}")
            else:
                lines.append(f"  escort units needed: {need['mean_per_day']:.2f} a day on average, at most "
                             f"{need['max_per_day']:.2f}; {need['unit_days']:,.1f} unit-days within the horizon, by stretch {by}{goal}")
        elif self.convoys:
            # Stage 1 prices each escort unit-day (timeexp._convoy_coefs): the units in use are
            # what the plan's convoys need, few unit-days among plans delivering as much (traded
            # against the transit price in stage 1; --min-escorts finds the fewest)
            # (before 2026-12-05 they were not minimised: 2, 3 and 4 units delivered the same
            # and 1.55, 2.32 and 3.08 were in use). The busiest day is not minimised: fewer units
            # available may still deliver as much with convoys moved between days.
            lines.append(f"  escort units in use {self.escort_units_used.mean():.2f} a day on average "
                         f"(available {self.escort_units.mean():.2f}; what the plan's convoys need, each "
                         "unit-day priced; fewer may still do: --min-escorts peak finds the fewest on "
                         "the busiest day)")
        before = (f" ({self.tankers_lost_before_start:,.0f} destroyed before day 0 by the file's "
                  "earlier attacks)") if self.tankers_lost_before_start else ""
        # With [fleet] enabled = false the fleet figures limit nothing ("fleet 0 -> 0 tankers,
        # at most 50 on the road" read as a contradiction).
        # The fleet before day 0's attacks, which the day's fleet is already net of: "fleet
        # 2,373 -> 2,333 tankers, 77 destroyed" before 2026-12-04 (a 37-tanker attack on day 0).
        first = self.fleet[0] + (self.tankers_lost[0] if len(self.tankers_lost) else 0.0)
        fleet = (f"fleet {first:,.0f}{before} -> {self.fleet[-1]:,.0f} tankers" if self.fleet_limited
                 else "fleet not limited ([fleet] enabled = false)")  # fmt: skip
        lines.append(f"  {fleet}, {d['tankers_lost']:,.0f} destroyed, {d['cargo_lost_m3']:,.0f} m3 of "
                     f"cargo lost; at most {d['max_tankers_on_road']:,.0f} on the road")
        waits = sorted(((w["max"], w["mean"], name) for name, w in d.get("waiting_for_convoys_m3", {}).items()
                        if w["max"] >= 0.5), key=lambda x: (-x[0], x[2]))  # fmt: skip
        if waits:  # whole convoys: where loaded tankers gather for one (counted on the road)
            lines.append("  waiting for convoys (m3 in loaded tankers at the end of a day): " + ", ".join(
                f"{name} at most {top:,.0f} (mean {mean:,.0f})" for top, mean, name in waits))
        for i in d["injections_not_taken"]:
            city, when, taken, volume = i["city"], i["date"], i["taken_m3"], i["injected_m3"]
            lines.append(f"  stock injection at {city} ({when}): {taken:,.0f} of its {volume:,.0f} m3 "
                         "taken; its tank had no room for the rest (not counted)")  # fmt: skip
        for a in d["unmatched_attacks"]:
            label, when, there, destroyed, is_open = (a["label"], a["date"], a["cargo_on_roads_m3"],
                                                      a["cargo_destroyed_m3"], a["roads_open"])
            if is_open:
                # Whole convoys: an escorted road gets fuel only in whole convoys, which the
                # escort units of the days before may not allow.
                how = ", in whole convoys" if self.integer_convoys else ""
                said_there, said_all = _apart(there, destroyed)
                lines.append(f"  attack '{label}' ({when}): only {said_there} of its {said_all} m3 "
                             f"of cargo could be on its roads (open, but no more fuel could reach "
                             f"them that day{how}); the rest is not counted as lost")
            else:
                lines.append(f"  attack '{label}' ({when}): no road it names could carry fuel that "
                             "day (closed by a rule, or on no route from a port to a city); its "
                             f"tankers count as destroyed, its {destroyed:,.0f} m3 of cargo not as lost")
        # Weeks of 7 days from day 0; the last holds the days left, and says so.
        lines.append("  week of      arrivals m3 (tankers)  delivered m3   unmet m3  convoys")
        # The weeks and the comparison below as the JSON file holds them, as the escorts above.
        for w in d["weekly"]:
            part = f"  ({plural_text(int(w['days']), 'day')})" if w["days"] < 7 else ""
            lines.append(f"    {w['week_start']}  {w['arrivals_m3']:>11,.0f} ({w['arrivals_tankers']:>6,.0f})"
                         f"  {w['delivered_m3']:>11,.0f} {w['unmet_m3']:>10,.0f}  {w['convoys']:>7.1f}{part}")
        if observed is not None:
            cmp = self.compare(observed)
            lines.append("  observed vs simulated arrivals into Mali (million litres):")
            for r in rounded(cmp.to_dict("records")):
                # No share of nothing: a period with no arrivals observed gets its error in ML.
                error = f"{r['error_pct']:+.1f} %" if r["error_pct"] is not None else \
                    f"{r['error_litres'] / 1e6:+,.1f} (nothing observed)"
                mark = f" {NEAR_END_MARK}" if r["near_horizon_end"] else ""
                lines.append(f"    {r['period_start']} to {r['period_end']}: observed "
                             f"{r['observed_litres'] / 1e6:,.1f}, simulated "
                             f"{r['simulated_litres'] / 1e6:,.1f}, error {error}{mark}")
            if cmp.empty:
                lines.append("    no observed period lies inside the horizon")
            elif cmp["near_horizon_end"].any():
                # "error -100 %" on a last week served from the tanks read as a model miss.
                near, tank, transit = self.near_end_days()
                lines.append(f"    {NEAR_END_MARK} " + near_end_text(
                    near, end - timedelta(days=near - 1), tank_days=tank, border_transit_days=transit,
                    min_stock=bool(self.min_stock)))
            left_out = self.observed_left_out(observed)
            if left_out:
                text = left_out_text(left_out, self.start, end)
                logger.info("Timeline '%s': %s", self.name, text)
                lines.append(f"    {text}")
        return "\n".join(lines)


def left_out_text(count: int, first: date, last: date) -> str:
    """The sentence saying how many observed periods a comparison left out, and why.

    Shared by :meth:`TimelineResult.to_text` and the report's days-of-cover section, so the
    command line and the report say it in the same words.

    Parameters
    ----------
    count : int
        Observed periods left out (at least 1).
    first, last : datetime.date
        First and last day of the horizon.

    Returns
    -------
    str
        One sentence, without a final full stop.

    Examples
    --------
    >>> left_out_text(1, date(2026, 1, 1), date(2026, 1, 7))[:58]
    '1 observed period not wholly inside 2026-01-01..2026-01-07'
    """
    periods = "period" if count == 1 else "periods"
    return (f"{count} observed {periods} not wholly inside {first}..{last} left out (a period is "
            "compared only when the horizon covers all its days)")


#: The mark of an observed period ending in the horizon's last days (the text and the report).
NEAR_END_MARK = "*"


def _days_after_last_arrival(stock: np.ndarray, delivered: np.ndarray) -> int:
    """How many of the horizon's last days come after a city's last arrival: the days its own
    stock serves at the end. What reaches its stock on day ``t`` (by road, or injected) is its
    stock's change plus what it delivered that day (``stock`` at the start of each day and
    after the last: one more than ``delivered``); from :data:`ARRIVALS_TOLERANCE_M3` it counts.
    0 for a city that receives nothing (served from its initial stock all through: its
    arrivals do not drop at the end).

    >>> _days_after_last_arrival(np.array([10.0, 0.0, 20.0, 10.0, 0.0]), np.full(4, 10.0))
    2
    """
    days = len(delivered)
    received = np.diff(np.asarray(stock, dtype=float)[: days + 1]) + np.asarray(delivered, dtype=float)
    got = np.nonzero(received > ARRIVALS_TOLERANCE_M3)[0]
    return days - 1 - int(got[-1]) if len(got) else 0


def near_end_text(days: int, first: date, *, tank_days: int, border_transit_days: int | None,
                  min_stock: bool = False) -> str:
    """The sentence saying why arrivals in the horizon's last days are low (the text's and the
    report's note on the periods :meth:`TimelineResult.compare` flags ``near_horizon_end``).

    Parameters
    ----------
    days : int
        How many last days (:meth:`TimelineResult.near_end_days`).
    first : datetime.date
        The first of them.
    tank_days : int
        The most final days of demand a full tank serves.
    border_transit_days : int or None
        The longest transit from a border crossing to a city (days), None when not known.
    min_stock : bool, default False
        A ``--min-stock`` run: ``tank_days`` are the final days the plan's own stock serves
        (its tanks are lifted), and the sentence says so.

    Returns
    -------
    str
        One sentence, without a final full stop.

    Examples
    --------
    >>> print(near_end_text(11, date(2026, 2, 18), tank_days=10, border_transit_days=1))
    arrivals in the horizon's last 11 days (from 2026-02-18) are low by construction: the plan ships nothing for after the last day and draws the tanks down (a full tank serves up to 10 days of demand, and fuel takes up to 1 day from a border crossing to a city)
    """
    why = (f"with --min-stock, tanks lifted: the stock it holds then serves up to {plural_text(tank_days, 'day')}"
           if min_stock else f"a full tank serves up to {plural_text(tank_days, 'day')}") + " of demand"
    if border_transit_days:
        why += f", and fuel takes up to {plural_text(border_transit_days, 'day')} from a border crossing to a city"
    return (f"arrivals in the horizon's last {plural_text(days, 'day')} (from {first}) are low by construction: "
            f"the plan ships nothing for after the last day and draws {'its stock' if min_stock else 'the tanks'} "
            f"down ({why})")


def _num(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def percent_text(share: float) -> str:
    """``12.34 %``; a share under 0.01 % with two significant digits (``8e-06 %``), not 0.00 %.

    Used for MIP gaps, which a solve stopped at a tiny gap would otherwise show as 0.00 %.

    Parameters
    ----------
    share : float
        A share (0.1234 for 12.34 %).

    Returns
    -------
    str
        The percentage with its unit.

    Examples
    --------
    >>> percent_text(0.1234), percent_text(8e-8), percent_text(0.0)
    ('12.34 %', '8e-06 %', '0.00 %')
    >>> percent_text(float("inf"))  # a MIP gap over a plan whose goal is 0
    'infinite'
    """
    pct = 100.0 * share
    if math.isinf(pct):
        return "infinite"  # "inf %" before
    return f"{pct:.2f} %" if pct == 0 or abs(pct) >= 0.01 else f"{pct:.2g} %"


def plural_text(n: int, noun: str) -> str:
    """A count and its noun, plural unless 1: ``1 dry day``, ``3 dry days`` (the text here and
    the report's timeline section).

    Parameters
    ----------
    n : int
        The count.
    noun : str
        The noun in the singular (made plural with an ``s``).

    Returns
    -------
    str

    Examples
    --------
    >>> plural_text(1, "dry day"), plural_text(3, "period"), plural_text(3650, "day")
    ('1 dry day', '3 periods', '3,650 days')
    """
    # Thousands separated, as every other count of the text ("3650 days" beside "10,000 rows").
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _mali_borders(graph: nx.MultiDiGraph) -> tuple[set[Hashable], set[Hashable]]:
    """Border posts on Mali's edge and the nodes inside Mali (Bamako's side of them)."""
    borders = {n for n, d in graph.nodes(data=True) if d.get("role") == "border"}
    inner = graph.to_undirected(as_view=True).subgraph(set(graph.nodes) - borders)
    demand = [n for n, d in graph.nodes(data=True) if (d.get("demand_m3_per_day") or 0) > 0]
    inside: set[Hashable] = set()
    for comp in nx.connected_components(inner):
        if any(n in comp and graph.nodes[n].get("country") == "MLI" for n in demand):
            inside |= comp
    posts = {b for b in borders if any(u in inside for u in nx.all_neighbors(graph, b))}
    return posts, inside


def _mali_entries(graph: nx.MultiDiGraph, arcs: list[Any]) -> list[tuple[int, str]]:
    """Arcs that carry fuel into Mali, each with the name of its crossing.

    Where the border posts separate Mali's demand cities from every loading point (the
    embedded network), the arcs into those posts from outside are the crossings. Where they do
    not (an imported layer crosses borders where no post was placed), an arc enters Mali when
    its tail's country is not Mali and its head's is; the crossing is named after the border
    post at either end, else after the road of the arc that crosses (the first of its edges
    from outside Mali into it: the id ``network info`` lists; an arc is a chain of segments
    through plain junctions, and its first may lie wholly outside Mali). Countries come from
    coarse shapes (Natural Earth) and can be wrong for a town on the border, hence posts first.
    """

    def name(n: Hashable) -> str:
        return str(graph.nodes[n].get("name") or n)

    posts, inside = _mali_borders(graph)
    if not any(n in inside and (graph.nodes[n].get("supply_m3_per_day") or 0) > 0 for n in graph):
        return [(i, name(arc.head)) for i, arc in enumerate(arcs)
                if arc.head in posts and arc.tail not in inside]
    country = {n: d.get("country") for n, d in graph.nodes(data=True)}
    edges = list(graph.edges(keys=True))

    def crossing_road(arc: Any) -> str:
        for e in arc.edges:
            u, v, _ = edges[e]
            if country[u] != "MLI" and country[v] == "MLI":
                return str(graph.edges[edges[e]]["segment_id"])
        return str(arc.segments[0]) if arc.segments else name(arc.head)

    out = []
    for i, arc in enumerate(arcs):
        if country[arc.tail] != "MLI" and country[arc.head] == "MLI":
            post = next((n for n in (arc.head, arc.tail) if graph.nodes[n].get("role") == "border"), None)
            where = name(post) if post is not None else f"{crossing_road(arc)} (no border post)"
            out.append((i, where))
    return out


def _arcs_back(arcs: list[Any], entries: list[int]) -> dict[int, list[int]]:
    """The arcs out of Mali along each crossing (from an entry arc's head back to its tail),
    each given to one entry arc, whose arrivals it is netted from: the entry arc of the same
    road (the same segments), else the first entry arc between those places. Two roads between
    a post and the place beyond it (an imported layer keeps parallel arcs) netted fuel leaving
    by one of them from the arrivals of both before 2026-12-05: twice what left."""
    by_ends: dict[tuple[Hashable, Hashable], list[int]] = {}
    for i in entries:
        by_ends.setdefault((arcs[i].tail, arcs[i].head), []).append(i)
    back: dict[int, list[int]] = {}
    for j, arc in enumerate(arcs):
        into = by_ends.get((arc.head, arc.tail))
        if into:
            same = [i for i in into if set(arcs[i].segments) == set(arc.segments)]
            back.setdefault((same or into)[0], []).append(j)
    return back


def _longest_border_transit(arcs: list[Any], crossings: list[Hashable], cities: list[Hashable]) -> float | None:
    """The longest, over the crossings into Mali (where arrivals are counted) and the cities
    each reaches, of the fastest transit between them over ``arcs`` (days, the arcs' mean
    transit ``lag_days``); None without a crossing that reaches a city."""
    from supplychain.models.timeexp_arcs import fastest_digraph

    graph = fastest_digraph(arcs)
    sources, targets = [n for n in dict.fromkeys(crossings) if n in graph], [n for n in cities if n in graph]
    if len(targets) < len(sources):  # one search per city, backwards, when there are fewer cities
        graph, sources, targets = graph.reverse(copy=False), targets, sources
    reached = []
    for source in sources:
        fastest = nx.single_source_dijkstra_path_length(graph, source, weight="w")
        reached += [fastest[n] for n in targets if n in fastest]
    return float(max(reached)) if reached else None


def _stored_over_tank(city: Mapping[str, Any]) -> bool:
    """Whether a min-stock plan stores more in a city after day 0 than both its tank and its
    initial stock hold (by more than 0.5 m3: the printed unit), from its ``to_dict`` entry."""
    most = city.get("max_stock_m3")
    return most is not None and most > max(city["storage_capacity_m3"], city["min_initial_stock_m3"]) + 0.5


def _warn_negative_arrivals(result: TimelineResult) -> None:
    """Log each border crossing whose net arrivals fall below 0 beyond
    ``ARRIVALS_TOLERANCE_M3`` on some day: more fuel left Mali through it that day than came
    in (a route through Mali to a place beyond that crossing, or fuel that crossed on an
    earlier day going back). Kept as computed, not hidden: the totals are net crossings. A
    warning from ``OUTFLOW_WARNING_M3`` on a day; below it (solver round-off) an info line."""
    for name, arr in result.borders.items():
        out = np.nonzero(arr < -ARRIVALS_TOLERANCE_M3)[0]
        if len(out):
            worst = int(out[np.argmin(arr[out])])
            real = bool(arr[worst] <= -OUTFLOW_WARNING_M3)
            logger.log(logging.WARNING if real else logging.INFO,
                       "Timeline '%s': net arrivals into Mali at %s are below 0 on %s (%s: %.3f m3): "
                       "%s; kept as computed", result.name, name, plural_text(len(out), "day"),
                       result.start + timedelta(days=worst), float(arr[worst]),
                       "more fuel left Mali through it than came in (fuel going on beyond the "
                       "crossing, or turning back)" if real else
                       f"solver round-off (under {OUTFLOW_WARNING_M3:g} m3 a day)")  # fmt: skip


def _value(var: Any) -> float:
    """A solved variable's value (or a number's), 0 below 1e-6 in magnitude: an interior optimum
    (no crossover) leaves zeros as values of about 1e-9..1e-7."""
    x = float(var.varValue or 0.0) if not isinstance(var, int | float) else float(var)
    return 0.0 if abs(x) < 1e-6 else x


def _apart(there_m3: float, whole_m3: float) -> tuple[str, str]:
    """``there_m3`` and ``whole_m3`` written with the fewest decimals (0 to the JSON file's 3,
    a litre) that tell them apart: an attack short by less than half a m3 printed "only 46 of
    its 46 m3" (whole m3 only, before 2026-12-06).

    >>> _apart(1839.5, 1840.0), _apart(45.96, 46.0), _apart(12.0, 46.0)
    (('1,839.5', '1,840.0'), ('45.96', '46.00'), ('12', '46'))
    """
    for places in range(QUANTITY_DECIMALS + 1):
        there, whole = f"{there_m3:,.{places}f}", f"{whole_m3:,.{places}f}"
        if there != whole:
            break
    return there, whole


def _convoys_needed(model: Any, g: int, t: int) -> float:
    """Convoys the plan's flows need on escorted stretch ``g`` on day ``t``: what enters the
    stretch (and what leaves a joining place beyond that day's arrivals along it) over the
    convoy's capacity in m3; 0 below 1e-6 m3."""
    entering, joins = model.convoy_need[(g, t)]

    def expr(terms: list[tuple[Any, float]]) -> float:
        return float(sum(_value(var) * c for var, c in terms))

    need = expr(entering) + sum(max(expr(j), 0.0) for j in joins)
    size = model.timeline.escorts[g].convoy_tankers * model.tanker_m3
    return need / size if need > 1e-6 else 0.0


def fill_injections(level: np.ndarray, taken: dict[int, float], volumes: dict[int, float],
                    cap: float | None) -> tuple[np.ndarray, dict[int, float]]:
    """One city's stock injections taken as the README defines them: "as much as its tank has
    room for that day after the day's deliveries", an earlier injection before a later one.

    The stage-1 reward for taking an injection is a tie-break (1e-6 x the smallest weight per
    m3), below the interior point's tolerance and below stage 2's slack on the first goal: a
    plan may leave room in the tank and the injection partly untaken (5.96 of 10 m3 where 7
    fit, tests/test_timeline_oracle_lp.py), or take a later injection where an earlier one
    had the room; a dual simplex vertex may too, when the reward is below its dual tolerance.
    Every flow and delivery is kept: taking ``d`` more m3 on day ``t`` raises the city's stock
    by ``d`` on every later day (a city's stock is drawn only for its own deliveries), less
    what is moved from a later injection of the city (which lowers the stock from that
    injection's day on). The injection takes the most for which every later day's stock fits
    in the tank, moving from later injections (the latest first) only what a day needs; each
    later injection then takes what is left, in turn. Every row holds and the first goal never
    falls (the reward of each m3 is the same). With no tank limit (``min_stock``) every
    injection is taken whole. Flows are not changed here: room that the plan's own later
    arrivals fill stays with them (not seen on the cases measured; stage 2 keeps what stage 1
    took, and stage 1 prefers the injection to shipping fuel in).

    :func:`read_result` applies it to a solved model (``_fill_injections``) and
    :func:`~supplychain.scenarios.timeline_mc.timeline_monte_carlo` to the column values of a
    warm re-solve, so both read the same stocks.

    Parameters
    ----------
    level : numpy.ndarray
        The plan's stock by day, ``days + 1`` values: ``level[s]`` is the stock at the end of
        day ``s - 1`` (the ``stock_<n>_<s>`` column, s >= 1); ``level[0]`` is neither read
        nor changed.
    taken : dict of int to float
        Day -> m3 of that day's injection the plan takes.
    volumes : dict of int to float
        Day -> m3 injected that day (the same days as ``taken``).
    cap : float or None
        The tank's capacity (m3); None: no limit.

    Returns
    -------
    level : numpy.ndarray
        The stocks with the injections taken (a new array).
    taken : dict of int to float
        Day -> m3 taken (a new dict).

    Examples
    --------
    A tank of 10 m3 holding 2 m3 from the end of day 0 on; the plan took 1 of the 5 m3
    injected on day 1, which has room for all 5:

    >>> level, taken = fill_injections(np.array([0.0, 2.0, 3.0, 3.0]), {1: 1.0}, {1: 5.0}, 10.0)
    >>> level.tolist(), taken
    ([0.0, 2.0, 7.0, 7.0], {1: 5.0})

    With a tank of 5 m3 only 3 m3 fit:

    >>> fill_injections(np.array([0.0, 2.0, 3.0, 3.0]), {1: 1.0}, {1: 5.0}, 5.0)[1]
    {1: 3.0}
    """
    level = np.array(level, dtype=float)
    taken = dict(taken)
    when = sorted(taken)
    days = len(level) - 1
    for i, t in enumerate(when):
        later = when[i + 1:]
        more = volumes[t] - taken[t]
        if cap is not None:
            movable, k = 0.0, 0
            for s in range(t + 1, days + 1):
                while k < len(later) and later[k] < s:
                    movable += taken[later[k]]
                    k += 1
                more = min(more, float(cap) - level[s] + movable)
        if more <= 0.0:
            continue
        taken[t] += more
        before = level.copy()
        level[t + 1:] += more
        if cap is None:
            continue
        for s in range(t + 1, days + 1):  # move from later injections what day s needs
            over = level[s] - max(float(cap), before[s])  # (a solver's round-off kept)
            for u in reversed([u for u in later if u < s]):
                if over <= 0.0:
                    break
                moved = min(over, taken[u])
                taken[u] -= moved
                level[u + 1:] -= moved
                over -= moved
    return level, {t: float(x) for t, x in taken.items()}


def backlog_shortfall(unmet: np.ndarray, backlog_share: float) -> np.ndarray:
    """The unmet demand that totals count, each m3 once, from a backlog's daily queues.

    With a backlog share a day's unmet demand is its queue, ``backlog_share`` of which comes
    back the next day: the shortfall is the share that does not come back, and on the last
    day the whole queue left, so that delivered + shortfall = demand over the horizon.
    :func:`read_result` (:meth:`TimelineResult.shortfall`) and the warm rows of
    :func:`~supplychain.scenarios.timeline_mc.timeline_monte_carlo` both use it.

    Parameters
    ----------
    unmet : numpy.ndarray
        The queue of each day (m3).
    backlog_share : float
        In [0, 1).

    Returns
    -------
    numpy.ndarray of float
        Per day (m3).

    Examples
    --------
    >>> backlog_shortfall(np.array([4.0, 2.0, 2.0]), 0.5).tolist()
    [2.0, 1.0, 2.0]
    """
    shortfall = (1.0 - backlog_share) * unmet
    shortfall[-1:] = unmet[-1:]  # still queued at the end: unmet
    return shortfall


def _fill_injections(model: Any) -> None:
    """Take each stock injection of the solved plan as :func:`fill_injections` says, city by
    city; the plan's values (``varValue``) change, nothing else."""
    days = model.days
    by_city: dict[Hashable, list[int]] = {}
    for n, t in model.injected:
        by_city.setdefault(n, []).append(t)
    for n, when in by_city.items():
        stocks = [model.stock[(n, s)] for s in range(1, days + 1)]
        level = np.array([0.0] + [float(var.varValue or 0.0) for var in stocks])  # by day
        taken = {t: float(model.injected[(n, t)].varValue or 0.0) for t in when}
        volumes = {t: model.injections[(n, t)] for t in when}
        level, taken = fill_injections(level, taken, volumes, model.stock[(n, 1)].upBound)
        for t in when:
            model.injected[(n, t)].varValue = taken[t]
        for s, var in enumerate(stocks, start=1):
            var.varValue = float(level[s])


def read_result(model: Any, status: str, solve_s: float, gap: float | None, *,
                cost_goal: str | None = None) -> TimelineResult:
    """Read a solved :class:`~supplychain.models.timeexp.TimelineModel` into a result.

    Parameters
    ----------
    model : TimelineModel
        Solved (its variables hold values) unless ``status`` says there is no plan.
    status : str
        ``optimal`` or ``feasible`` to read the plan; any other (``infeasible``,
        ``unbounded``, ``solver_error``, ``iteration_limit``, a time limit) gives a result
        with no plan and a message saying what to do.
    solve_s : float
        Seconds the solve took.
    gap : float or None
        Relative MIP gap (None for an LP).
    cost_goal : str or None, optional
        What became of the second goal (:attr:`TimelineResult.cost_goal`).

    Returns
    -------
    TimelineResult

    Examples
    --------
    A port 12 h from Kayes (30 m³/day), 20 trucks/day, 10 tankers of 1 m³
    (``supplychain.models._examples``), read as if the solve had failed:

    >>> import datetime
    >>> from supplychain.models._examples import example_params, port_city
    >>> from supplychain.models.timeexp import build_timeline_model
    >>> from supplychain.models.timeline import Timeline
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 3)
    >>> m = build_timeline_model(port_city(), example_params(), tl)
    >>> r = read_result(m, "infeasible", 0.0, None)
    >>> r.status, r.message
    ('infeasible', 'No plan satisfies every constraint; check negative or zero capacities.')
    """
    from supplychain.models.timeexp import _split
    from supplychain.models.timeexp_arcs import _occupancy

    tl, graph, days, v = model.timeline, model.graph, model.days, model.tanker_m3
    result = TimelineResult(tl.name, status, tl.start, days, model.build_s, solve_s, gap,
                            model.integer_convoys, tanker_m3=v, events=tl.events,
                            event_kinds=tl.event_kinds, cost_goal=cost_goal)  # fmt: skip
    result.min_escorts, result.escort_goal = model.min_escorts, model.escort_goal
    if model.min_escorts:
        result.escort_minimised = "max_per_day" if model.min_escorts_peak else "unit_days"
    if status not in ("optimal", "feasible"):
        result.message = {
            "infeasible": "No plan satisfies every constraint; check negative or zero capacities.",
            "unbounded": "A capacity is missing (infinite); check the network capacities.",
            "solver_error": "HiGHS stopped with a solver error and no plan (interior point, "
                            "then dual simplex); run with -vv and report the timeline file.",
            "iteration_limit": "The primal simplex from a previous basis stopped at its "
                               "iteration cap without a plan; solve from scratch (no start "
                               "basis).",
        }.get(status, f"The solver stopped at the time limit ({model.time_limit_s:g} s) "
                      "without a plan; raise --time-limit (time_limit_s from Python)"
                      # Only a MIP can drop it (an LP's message said so too). A shorter horizon
                      # is a smaller LP (3,650 days of the embedded network had no plan in 600 s
                      # and the message named only the limit; user36).
                      + (", shorten the horizon (--days) or drop --integer-convoys."
                         if model.integer_convoys else " or shorten the horizon (--days)."))
        return result
    _fill_injections(model)

    def expr(terms: list[tuple[Any, float]]) -> float:
        return sum(_value(var) * c for var, c in terms)

    for n, demand in model.demand_m3.items():
        name = graph.nodes[n].get("name") or str(n)
        delivered = np.zeros(days)
        for key, (node, _, _) in model.blocks.items():
            if node == n:
                delivered += np.array([_value(model.deliver[(key, t)]) for t in range(days)])
        init = _value(model.stock[(n, 0)]) if (n, 0) in model.stock else model.storage[n][1]
        stock = np.array([init] + [_value(model.stock[(n, t)]) for t in range(1, days + 1)])
        if model.unmet:
            unmet = np.array([_value(model.unmet[(n, t)]) for t in range(days)])
        else:
            unmet = np.maximum(demand - delivered, 0.0)
        unmet = np.where(unmet < 1e-6, 0.0, unmet)
        result.cities[name] = {"stock": stock, "demand": np.asarray(demand, float),
                               "delivered": delivered, "unmet": unmet}
        if model.unmet:  # a backlog: a day's unmet is its queue, `backlog` of it comes back
            backlog = model.timeline.storage.backlog_share if model.timeline.storage else 0.0
            result.cities[name]["shortfall"] = backlog_shortfall(unmet, backlog)
        result.storage[name] = model.storage[n]
        result.clock_offset_days[name] = float(model.phase_days.get(n, 0.0))
        if model.min_stock:
            result.min_stock[name] = init
    entries = sorted(_mali_entries(graph, model.arcs), key=lambda e: (e[1], e[0]))
    result.border_transit_days = _longest_border_transit(model.arcs, [model.arcs[i].head for i, _ in entries],
                                                         list(model.demand_m3))
    back = _arcs_back(model.arcs, [i for i, _ in entries])
    for i, bname in entries:
        arc = model.arcs[i]
        whole, frac = _split(model.arrival_days[i])
        arr = np.zeros(days)
        for t in range(days):
            for tau, share in ((t - whole, 1.0 - frac), (t - whole - 1, frac)):
                if share > 1e-12 and (i, tau) in model.passing:
                    arr[t] += share * expr(model.passing[(i, tau)])
        # Net of what turns back out of Mali through the same crossing that day, each arc out
        # once (see _arcs_back).
        for j in back.get(i, []):
            arr -= np.array([_value(model.x[(j, t)]) if (j, t) in model.x else 0.0
                             for t in range(days)])
        # Shares and the turn-back netting leave round-off (-3e-10 m3 a day on 40 days of the
        # back-test with whole convoys, printed "-0 (    -0)" in the weekly totals), and the
        # interior point's flows of ~1e-4 m3 both ways through a crossing net to -2e-5 m3 (see
        # ARRIVALS_TOLERANCE_M3): within the tolerance, 0.
        arr[np.abs(arr) < ARRIVALS_TOLERANCE_M3] = 0.0
        result.borders[bname] = result.borders.get(bname, np.zeros(days)) + arr
        label = " / ".join(arc.corridors) or OFF_CORRIDORS
        result.corridors[label] = result.corridors.get(label, np.zeros(days)) + arr
    _warn_negative_arrivals(result)
    used = np.zeros(days)
    for g, stretch in enumerate(tl.escorts):
        convoys = np.zeros(days)
        for t in range(days):
            if (g, t) not in model.convoys:
                continue
            var = model.convoys[(g, t)]
            whole = model.integer_convoys or (var.lowBound is not None and var.lowBound == var.upBound)
            if (g, t) not in model.convoy_need:
                convoys[t] = _value(var)
                continue
            # The convoys the plan's flows need: an optimum may hold more on days the escorts
            # do not bind (the column is free between the need and the escort rows' room; an
            # interior point centres it there, branch and bound leaves any whole value).
            need = _convoys_needed(model, g, t)
            # Whole convoys (or fixed to whole ones, see timeexp_mip): the whole ones the flows
            # need, never more than the plan's (a convoy that would carry nothing is not one).
            # Before 2026-12-03 the column's value was reported: a whole convoy on the last day
            # of a horizon with no fuel in it (found by an audit).
            convoys[t] = min(_value(var), float(np.ceil(need - 1e-6)) if need else 0.0) if whole else need
        result.convoys[stretch.label] = convoys
        result.escorted_days[stretch.label] = max(0, min(stretch.last, days - 1) - max(stretch.first, 0) + 1)
        result.round_trip_days[stretch.label] = model.round_trip_days[g]
        mine = np.zeros(days)
        for k, share in enumerate(_occupancy(model.round_trip_days[g]) or [1.0]):
            if k >= days:  # a round trip longer than the horizon: the rest falls after it
                break
            mine[k:] += share * convoys[: days - k]
        result.stretch_units_used[stretch.label] = mine
        used += mine
    for (n, t), var in model.waiting.items():  # whole convoys only (define_staging)
        name = model.graph.nodes[n].get("name") or str(n)
        waiting = _value(var)
        # Interior-point and branch-and-bound round-off read as 0, as the arrivals are.
        result.waiting_m3.setdefault(name, np.zeros(days))[t] = waiting if abs(waiting) >= 1e-6 else 0.0
    result.escort_units = np.array([tl.units(t) for t in range(days)], dtype=float)
    result.escort_units_used = used
    result.tankers_on_road = np.array([expr(terms) + offset
                                       for terms, offset in zip(model.on_road, model.on_road_offset, strict=True)])
    # Interior-point round-off: -2e-14 tankers printed "at most -0 on the road" (audit,
    # 2026-12-04); values under 1e-6 read as 0, as arrivals and convoys are.
    result.tankers_on_road[np.abs(result.tankers_on_road) < 1e-6] = 0.0
    result.fleet = np.array(model.fleet_tankers, dtype=float)
    result.fleet_limited = bool(model.params.fleet.enabled)
    result.tankers_lost = np.array([tl.fleet_lost(t) for t in range(days)], dtype=float)
    fleet = model.params.fleet
    if fleet.enabled:  # attacks destroy at most the tankers the fleet still has
        result.tankers_lost = np.minimum(result.tankers_lost, tl.starting_fleet(fleet.tankers))
    result.tankers_lost_before_start = float(tl.fleet_lost_before_start)
    cargo = np.zeros(days)
    matched = np.zeros(len(tl.attacks))
    attacked: set[int] = set()  # attacks with a lost variable: some of their roads open that day
    for (a, _i, _t), var in model.lost.items():
        cargo[tl.attacks[a].day] += _value(var)
        matched[a] += _value(var)
        attacked.add(a)
    result.cargo_lost_m3 = cargo
    # The cargo each attack must find: its tankers', at most those the fleet still had.
    destroyed = model.attack_tankers
    for a, attack in enumerate(tl.attacks):
        # Short by more than crumbs (_NOTHING_TANKERS); the Monte Carlo's warm draws list no
        # attack (timeline_mc reads the lost columns' sum only).
        if destroyed[a] * v - matched[a] > _NOTHING_TANKERS * v:
            is_open = a in attacked
            # Open roads: no more fuel could reach them in time, or a resource the miss penalty
            # does not count (the fleet) was worth more elsewhere. Not open: every road it names
            # was closed that day (or has no arc in the model). Printed by the timeline command;
            # a Monte Carlo draw has many such early attacks (logged only).
            when = tl.start + timedelta(days=attack.day)
            result.unmatched_attacks.append((attack.label, when, float(matched[a]), destroyed[a] * v,
                                             is_open))  # fmt: skip
            # As the text prints them: from the figures as the JSON file holds them (to a litre).
            said_there, said_all = _apart(round(float(matched[a]), QUANTITY_DECIMALS),
                                          round(destroyed[a] * v, QUANTITY_DECIMALS))  # fmt: skip
            logger.info("Attack '%s' (%s): %s of its %s m3 of cargo on its %s roads", attack.label,
                        when, said_there, said_all, "open" if is_open else "closed")  # fmt: skip
    for (n, t), var in model.injected.items():
        volume = model.injections[(n, t)]
        if _value(var) < volume - 1e-6 * max(volume, 1.0):
            name = model.graph.nodes[n].get("name") or str(n)
            result.injections_not_taken.append((name, tl.start + timedelta(days=t), _value(var), volume))
    logger.info("Timeline '%s': %s, %.0f m3 unmet of %.0f", tl.name, status,
                sum(result.shortfall(n).sum() for n in result.cities),
                sum(c["demand"].sum() for c in result.cities.values()))  # fmt: skip
    return result


_OBSERVED_COLUMNS = ("period_start", "period_end", "tankers", "litres", "source")


#: Most litres and tankers per day of a period an observed-arrivals row may give (assumption:
#: 1e9 litres a day is ~200 x Mali's demand of 4.0-4.75 ML/day, FACTS.md "National demand,
#: derived"; 1e6 tankers a day likewise): above it the row is refused as a units slip
#: (``1e308`` litres went through).
_OBSERVED_MOST_PER_DAY = {"litres": 1e9, "tankers": 1e6}


def read_observed(path: str | Path) -> pd.DataFrame:
    """Read observed arrivals: ``period_start``, ``period_end`` (inclusive), ``tankers``,
    ``litres``, ``source`` (one row per period).

    The file is UTF-8 (a byte-order mark is allowed); lines starting with ``#`` are comments.
    Fields are separated by commas, or by semicolons when the header is (and holds no comma),
    as a spreadsheet in French saves it: a comma in a number is then a decimal comma.
    ``tankers`` may be left empty (not reported); otherwise it and ``litres`` must be numbers
    >= 0. Problems name their line in the file (comment lines and the header counted).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    DataFileError
        Missing, unreadable, empty or not UTF-8 file, one with a header and no period, or one
        with a value over the CSV
        reader's 131,072 characters (an unclosed double quote).
    ParameterError
        Missing columns, bad dates, an end before a start, litres missing, not a number or
        negative, tankers not a number or negative: every problem, by line.

    Examples
    --------
    >>> from supplychain.models.timeline import DEFAULT_STORAGE_PATH
    >>> obs = read_observed(DEFAULT_STORAGE_PATH.parent / "observed-arrivals-2025-26.csv")
    >>> list(obs.columns)[:4]
    ['period_start', 'period_end', 'tankers', 'litres']
    """
    path = as_path(path)
    refuse_not_a_file(path, f"Observed arrivals file '{path}'")
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataFileError(f"Observed arrivals file '{path}' does not exist; check the path"
                            f"{windows_path_hint(path)}.") from exc
    except OSError as exc:
        raise DataFileError(f"Observed arrivals file '{path}' cannot be read: {exc.strerror or exc}; "
                            "check the path and its permissions") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if (kind := binary_kind(raw[:16])) is not None:  # `--observed t.parquet`
            raise DataFileError(f"Observed arrivals file '{path}' is {kind}, not a CSV text file; give "
                                "the CSV of observed arrivals (period_start,period_end,tankers,litres,"
                                "source)") from exc
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # "not UTF-8 (line 1: byte 0xff)" named no cause
            raise DataFileError(f"Observed arrivals file '{path}' is UTF-16 text (a spreadsheet's "
                                "'Unicode text'?); save it as CSV UTF-8 (comma-separated)") from exc
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(f"Observed arrivals file '{path}' is not UTF-8 (line {line}: byte "
                            f"0x{raw[exc.start]:02x}); save it as UTF-8") from exc
    columns = ",".join(_OBSERVED_COLUMNS)
    try:
        # Comment lines dropped here rather than by read_csv(comment="#"), which also cuts a
        # line at a "#" inside it ("Report #3"); index_col=False keeps a row with one field too
        # many from shifting every column (pandas' default takes the first as the index).
        # A spreadsheet in French (or another language writing a decimal comma) saves its CSV
        # with semicolons, whatever the save dialog says: read so when the header is (fuzz36).
        sep = _separator(text)
        body, lines, records, record_lines = _records(text, sep)
        _check_field_counts(path, records, record_lines, sep)
        _check_header(path, records, record_lines)
        # Every cell as text, checked below: pandas read a column of True/False as booleans,
        # and "True" passed as 1 tanker. Only an empty cell is missing: pandas also read "N/A",
        # "nan", "NULL" or "-" as missing, so litres "N/A" was said to be empty and tankers
        # "n/a" passed as not reported.
        frame = pd.read_csv(io.StringIO(body), sep=sep, index_col=False, dtype=str, keep_default_na=False,
                            na_values=[""])  # fmt: skip
    except pd.errors.EmptyDataError as exc:
        raise DataFileError(f"Observed arrivals file '{path}' is empty; it needs the header line "
                            f"{columns} and one line per period") from exc
    except pd.errors.ParserError as exc:
        raise DataFileError(f"Observed arrivals file '{path}' cannot be read as CSV: "
                            f"{' '.join(str(exc).split())}; put a value holding a comma in double "
                            "quotes") from exc
    except csv.Error as exc:  # was "unexpected Error: field larger than field limit (131072)"
        raise DataFileError(f"Observed arrivals file '{path}' cannot be read as CSV: {exc} (a double "
                            "quote opened there and never closed?); close the quote, or shorten the "
                            "value") from exc
    # Header names are read without the spaces around them, as the cells are: " period_start"
    # (a space after each comma) was said to lack the column period_start (fuzz30).
    frame.columns = [str(c).strip() for c in frame.columns]
    # A cell of blanks is empty, as it looks: tankers "  " was "not a number >= 0; write one, or
    # leave the cell empty" (fuzz30).
    frame = frame.apply(lambda column: column.where(column.isna() | column.str.strip().ne(""), np.nan))
    missing = [c for c in _OBSERVED_COLUMNS if c not in frame.columns]
    if missing:
        raise _lacks_columns(path, [str(c) for c in frame.columns])
    where = ([f"line {n}" for n in lines[1:]] if len(lines) == len(frame) + 1
             else [f"data row {k}" for k in range(1, len(frame) + 1)])  # fmt: skip
    # A row of empty cells (",,,,": a spreadsheet saves its formatted rows under the table so)
    # is no period: read past, as a blank line is.
    empty = frame.apply(lambda column: column.isna() | column.str.strip().eq("")).all(axis=1)
    where = [at for at, skip in zip(where, empty, strict=True) if not skip]
    frame = frame[~empty].reset_index(drop=True)
    # The figures as written, for the problems: "1,5" tankers (read as 1.5) was named "tankers
    # 1.5", which the file does not hold (review37).
    written = frame[["tankers", "litres"]].to_dict("records")
    if sep == ";":  # the decimal comma of the file's language: 1,5 is 1.5 (not 1,500: see below)
        for column in ("tankers", "litres"):
            frame[column] = frame[column].map(
                lambda v: v.replace(",", ".") if isinstance(v, str) and _DECIMAL_COMMA.fullmatch(v)
                and not _POINT_GROUPED.fullmatch(v.replace(",", ".")) else v)  # fmt: skip
    if frame.empty:  # "no observed period lies inside the horizon", as if the dates were off
        raise DataFileError(f"Observed arrivals file '{path}' holds no period, only its header"
                            f"{' and empty rows' if len(empty) else ''}; add one line per period "
                            f"({columns}), or leave the observed arrivals out")
    problems = []
    periods: dict[tuple[date, date], str] = {}
    twice: list[str] = []  # said once the rows themselves are right
    starts: list[date] = []
    ends: list[date] = []
    # `as_written`, not `cells`: the date problem below binds `cells` to its text (review37b).
    for at, row, as_written in zip(where, frame.to_dict("records"), written, strict=True):
        span = 1  # the period's days, when its dates read right
        a, b = _iso_date(row["period_start"]), _iso_date(row["period_end"])
        if a is None or b is None:
            bad = [column for column, day in (("period_start", a), ("period_end", b)) if day is None]
            # 2026-02-29 is written right and names no day: "dates must read 2025-09-01" (fuzz34).
            unreal = {column: why for column in bad if (why := _no_such_day(row[column])) is not None}
            cells = ", ".join(f"{column} {'empty' if pd.isna(row[column]) else repr(row[column])}"
                              for column in bad if column not in unreal)
            if cells:
                # A spreadsheet's own date format (01/09/2025), said without how to change it (fuzz36).
                slashed = any(_SLASHED_DATE.fullmatch(str(row[column])) for column in bad if column not in unreal)
                problems.append(f"{at}: dates must read 2025-09-01 ({cells})" + (
                    "; a spreadsheet writes its own date format: format the date cells as yyyy-mm-dd "
                    "before saving" if slashed else ""))  # fmt: skip
            problems += [f"{at}: {column} {str(row[column]).strip()} is no day of the calendar ({why}); "
                         "check its day and month" for column, why in unreal.items()]
        else:
            span = (b - a).days + 1
            starts.append(a)
            ends.append(b)
            if b < a:
                problems.append(f"{at}: period_end {b} is before period_start {a}")
            elif (a, b) in periods:  # a pasted row twice: compared twice, as two periods
                twice.append(f"{at}: the period {a} to {b} is also on {periods[a, b]}; keep one")
            periods.setdefault((a, b), at)
        tankers = pd.to_numeric(row["tankers"], errors="coerce")
        if (not pd.isna(tankers) and np.isfinite(tankers) and tankers >= 0 and not float(tankers).is_integer()
                and not _POINT_GROUPED.fullmatch(str(row["tankers"]))):  # said as ambiguous below
            problems.append(f"{at}: tankers {str(as_written['tankers']).strip()} is not a whole number; write one, or "
                            "leave the cell empty")  # fmt: skip
        for column in ("tankers", "litres"):
            value = row[column]
            if column == "tankers" and pd.isna(value):
                continue  # not reported: allowed
            number = pd.to_numeric(value, errors="coerce")
            if pd.isna(value):
                problems.append(f"{at}: litres is empty; give the litres that arrived in the period")
            elif _POINT_GROUPED.fullmatch(str(value)):
                # "1.000" was read as 1: a point between thousands (French, German spreadsheets)
                # reads as a decimal point when there is one group (fuzz31).
                problems.append(f"{at}: {_point_grouped_problem(column, str(value).strip())}")
            elif sep == ";" and _POINT_GROUPED.fullmatch(str(value).replace(",", ".")):
                # In a file of semicolons "1,500" is 1.5 with a decimal comma, or 1500 typed so.
                problems.append(f"{at}: {_point_grouped_problem(column, str(value).strip(), ',')}")
            elif pd.isna(number) or not np.isfinite(number) or number < 0:
                shown = repr(value) if pd.isna(number) else str(value).strip()  # -3 read as text too
                # "1,000,000" (a spreadsheet's number format) was refused without the fix.
                # "1 800 000,5" (French Excel's number format grouping thousands) gave no fix (csv36).
                plain = _without_separators(str(value), ("," if sep == ";" else ".") if column == "litres" else None)
                problems.append(f"{at}: {column} {shown} is not a number >= 0"
                                + (f"; write it without thousands separators, as {plain}" if plain
                                   else "; write one, or leave the cell empty" if column == "tankers"
                                   else ""))  # fmt: skip
            elif number > _OBSERVED_MOST_PER_DAY[column] * max(span, 1):
                problems.append(f"{at}: {column} {str(as_written[column]).strip()} is implausibly large (above "
                                f"{_OBSERVED_MOST_PER_DAY[column]:g} a day over the period's "
                                f"{max(span, 1)} day(s)); "
                                + ("check the units: litres, 1 m3 = 1,000 litres" if column == "litres"
                                   else "give the tankers that arrived in the period"))  # fmt: skip
    problems = problems or twice
    if problems:
        raise ParameterError(f"Observed arrivals file '{path.name}' has {len(problems)} problem(s)",
                             problems=problems)
    # The dates as checked above: pandas re-parsing them read 20250901 (an integer column) as
    # nanoseconds after 1970 and crashed on 2025-W36-1 or on formats mixed between rows.
    frame["period_start"] = starts
    frame["period_end"] = ends
    frame["tankers"] = pd.to_numeric(frame["tankers"])
    frame["litres"] = pd.to_numeric(frame["litres"])
    return frame


#: How far an observed period's litres per tanker may be from the network's tanker before a
#: warning (assumption: a factor of 2 either way; FACTS: Tankers / "Litres per tanker (official
#: weekly arrival figures)" gives 45.6-46.1 m3, and the shipped weeks read 45,152-46,122 L).
_LITRES_PER_TANKER_FACTOR = 2.0


def warn_odd_litres_per_tanker(observed: pd.DataFrame, tanker_m3: float, name: str, shown: int = 3) -> int:
    """Warn once about the observed periods whose litres and tankers disagree with the tanker
    volume by more than a factor of 2 (litres written in m³, tankers in convoys): each figure
    was compared as given, the two disagreeing without a word (fuzz34); and once about the
    periods giving litres by 0 tankers or tankers with 0 litres (not warned about before).

    Parameters
    ----------
    observed : pandas.DataFrame
        As :func:`read_observed` returns it.
    tanker_m3 : float
        The network's tanker volume (m³).
    name : str
        The file, for the warning.
    shown : int, default 3
        Periods named in each warning; the others are counted.

    Returns
    -------
    int
        The number of such periods (0: no warning).

    Examples
    --------
    >>> from datetime import date
    >>> obs = pd.DataFrame({"period_start": [date(2026, 1, 1)] * 3, "period_end": [date(2026, 1, 7)] * 3,
    ...                     "tankers": [875.0, 10.0, 0.0], "litres": [40348300.0, 500.0, 46000.0]})
    >>> warn_odd_litres_per_tanker(obs, 46.0, "o.csv")
    2
    """
    tankers = pd.to_numeric(observed["tankers"], errors="coerce")
    litres = pd.to_numeric(observed["litres"], errors="coerce")
    per = litres / tankers.where(tankers > 0)
    tanker_l = tanker_m3 * 1000.0
    odd = observed[(litres > 0) & ((per > tanker_l * _LITRES_PER_TANKER_FACTOR)
                                   | (per < tanker_l / _LITRES_PER_TANKER_FACTOR))]  # fmt: skip
    # Tankers not reported (empty) are allowed; 0 of one and some of the other is not a load.
    alone = observed[((tankers == 0) & (litres > 0)) | ((tankers > 0) & (litres == 0))]

    def periods(rows: pd.DataFrame, per_tanker: bool) -> str:
        head = rows.head(shown)
        listed = "; ".join(
            f"{a} to {b}: {_as_given(v)} litres by {_as_given(n)} tankers"
            + (f" ({float(v) / float(n):,.0f} L a tanker)" if per_tanker else "")
            for a, b, v, n in zip(head["period_start"], head["period_end"], head["litres"], head["tankers"],
                                  strict=True))  # fmt: skip
        return listed + (f" and {len(rows) - shown} more" if len(rows) > shown else "")

    if not odd.empty:
        logger.warning("Observed arrivals file '%s': %d period(s) give litres and tankers that disagree with "
                       "the network's tanker of %s L (more than %g times more or less a tanker): %s; each "
                       "is compared as given: check the litres' unit (1 m3 = 1,000 litres) and the tankers",
                       name, len(odd), f"{tanker_l:,.0f}", _LITRES_PER_TANKER_FACTOR, periods(odd, True))  # fmt: skip
    if not alone.empty:
        logger.warning("Observed arrivals file '%s': %d period(s) give litres by 0 tankers or tankers with 0 "
                       "litres: %s; each is compared by its litres as given: check both (a period without "
                       "arrivals has 0 of each; leave tankers empty when not reported)",
                       name, len(alone), periods(alone, False))  # fmt: skip
    return len(odd) + len(alone)


def _as_given(value: Any) -> str:
    """An observed figure with thousands separators and its decimals, if any (0.4 tankers
    printed "0 tankers" with ``,.0f``).

    Examples
    --------
    >>> _as_given(40348300.0), _as_given(0.4), _as_given(1234.5)
    ('40,348,300', '0.4', '1,234.5')
    """
    f = float(value)
    return f"{f:,.0f}" if f.is_integer() else f"{f:,}"


#: One group of three digits after a point, the first group not 0: "1.000" (one, or a thousand?).
_POINT_GROUPED = re.compile(r"\s*[1-9]\d{0,2}\.\d{3}\s*")


def _point_grouped_problem(column: str, text: str, mark: str = ".") -> str:
    """What is ambiguous in an observed figure of one group of three digits after a point
    (:data:`_POINT_GROUPED`), or after a comma (``mark``) in a file separated by semicolons,
    and the two ways to write it.

    "12.345" was said to read as "12 with three decimals" and to be written "12345 or 12", and
    tankers "1.500" to be written "1500 or 1": neither 12 nor 1 is what they read as (review32).

    Examples
    --------
    >>> _point_grouped_problem("litres", "34.000")
    'litres 34.000 reads as 34 with three decimals or as 34000 with a point between thousands; write 34000 or 34'
    >>> _point_grouped_problem("litres", "12.340")
    'litres 12.340 reads as 12.34 or as 12340 with a point between thousands; write 12340 or 12.34'
    >>> _point_grouped_problem("litres", "12.345")
    'litres 12.345 reads as 12.345 or as 12345 with a point between thousands; write 12345 or 12.3450'
    >>> _point_grouped_problem("tankers", "1.500")
    'tankers 1.500 is 1.5, not a whole number, or 1500 with a point between thousands; write 1500'
    >>> _point_grouped_problem("litres", "34,000", ",")
    'litres 34,000 reads as 34 with three decimals or as 34000 with a comma between thousands; write 34000 or 34'
    """
    whole, decimals = text.split(mark)
    between = "a point between" if mark == "." else "a comma between"
    grouped = whole + decimals
    if decimals == "000":
        return (f"{column} {text} reads as {whole} with three decimals or as {grouped} with {between} "
                f"thousands; write {grouped} or {whole}")
    short = decimals.rstrip("0")
    if column == "tankers":  # a fraction of a tanker is refused: one reading is left
        return (f"{column} {text} is {whole}.{short}, not a whole number, or {grouped} with {between} "
                f"thousands; write {grouped}")
    # Three decimals read as a point between thousands however written: a fourth, a 0, is not.
    decimal = f"{whole}.{short}" if len(short) < 3 else f"{whole}.{decimals}0"
    return (f"{column} {text} reads as {whole}.{short} or as {grouped} with {between} "
            f"thousands; write {grouped} or {decimal}")


#: A number written with a decimal comma (read as such in a file separated by semicolons).
_DECIMAL_COMMA = re.compile(r"\s*\d+,\d+\s*")


def _separator(text: str) -> str:
    """The observed-arrivals file's field separator: ``;`` when its header (the first line
    that is no comment and not blank) holds semicolons and no comma, else ``,``.

    >>> _separator("# c\\n\\nperiod_start;period_end;tankers;litres;source\\n"), _separator("a,b;c\\n")
    (';', ',')
    """
    # Lines as the CSV reader ends them (str.splitlines also ends one at U+2028 in a comment).
    lines = io.StringIO(text, newline="")
    return separator_of(next((line for line in lines if line.strip() and not line.startswith("#")), ""))


#: A whole number written with thousands separators: commas, points, apostrophes or spaces
#: (ordinary, no-break and narrow no-break), each group of three digits.
_GROUPED = re.compile(r"\s*\d{1,3}(?:([,.' \u00a0\u202f])\d{3})(?:\1\d{3})*\s*")


#: A number written with thousands separators and decimals: its whole part (as
#: :data:`_GROUPED`), its separator, and its decimal mark with the decimals.
_GROUPED_DECIMALS = re.compile(r"\s*(\d{1,3}(?:([,.' \u00a0\u202f])\d{3})(?:\2\d{3})*)([,.]\d+)\s*")


def _without_separators(value: str, mark: str | None = None) -> str | None:
    """``value`` without its thousands separators ("1,000,000" -> "1000000"), or None when it
    is not a whole number written with them nor, given the file's decimal ``mark`` (``","`` in
    a file of semicolons, ``"."`` else), one with decimals after that mark and other separators.

    >>> _without_separators("1 800 000,5", ","), _without_separators("1,800,000.5", ".")
    ('1800000,5', '1800000.5')
    >>> _without_separators("1 800 000,5", "."), _without_separators("1.800.000.5", ".") is None
    (None, True)
    """
    match = _GROUPED.fullmatch(value)
    if match is not None:
        return re.sub(r"\D", "", value)
    match = _GROUPED_DECIMALS.fullmatch(value)
    if mark is None or match is None or match.group(3)[0] != mark or match.group(2) == mark:
        return None
    return re.sub(r"\D", "", match.group(1)) + match.group(3)


#: A date as spreadsheets write it by default: day and month (either order) and year,
#: between slashes or points (01/09/2025, 9/1/25, 01.09.2025).
_SLASHED_DATE = re.compile(r"\s*[0-9]{1,2}([/.])[0-9]{1,2}\1[0-9]{2,4}\s*")


#: An observed period's date: YYYY-MM-DD, spaces around it allowed. ASCII digits: ``\d`` takes
#: full-width ones too, which ``date.fromisoformat`` refuses, and 2025-09-01 so written was said
#: to be "no day of the calendar" (review35).
_ISO_DATE = re.compile(r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*")


def _iso_date(value: object) -> date | None:
    """A cell read as YYYY-MM-DD, or None. ``date.fromisoformat`` alone also takes 20250901
    (which pandas had read as an integer) and ISO week dates (2025-W36-1)."""
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:  # 2025-02-30
        return None


def _no_such_day(value: object) -> str | None:
    """Why a cell written as YYYY-MM-DD names no day (``"day is out of range for month"`` for
    2026-02-29), or None when it is not written so or is a day.

    >>> _no_such_day("2026-02-29"), _no_such_day("2028-02-29"), _no_such_day("1/3/2026")
    ('day is out of range for month', None, None)
    """
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        date.fromisoformat(match.group(1))
    except ValueError as exc:
        return str(exc)
    return None


def _lacks_columns(path: Path, header: list[str]) -> ParameterError:
    """The error for a header without every column of :data:`_OBSERVED_COLUMNS`, saying the
    separator when the header is one field holding semicolons or tabs (a spreadsheet saved with
    them: one column named "period_start;period_end;...")."""
    missing = [c for c in _OBSERVED_COLUMNS if c not in header]
    sep = next((name for c, name in ((";", "semicolons"), ("\t", "tabs")) if c in header[0]),
               None) if len(header) == 1 else None  # fmt: skip
    hint = f"; its header is separated by {sep}: save the file with commas" if sep else ""
    # "Period_Start" was said to lack period_start, the case unsaid (fuzz30).
    cased = [name for name in header if name.lower() in missing and name not in _OBSERVED_COLUMNS]
    if cased and not sep:
        hint += f"; the names are lower case (the header has {', '.join(map(repr, cased))})"
    return ParameterError(f"Observed arrivals file '{path.name}' lacks the column(s) "
                          f"{', '.join(missing)}; expected {', '.join(_OBSERVED_COLUMNS)}{hint}")


def _check_header(path: Path, records: list[list[str]], lines: list[int]) -> None:
    """No column named twice in the header: pandas renames the second ``litres.1`` and the
    file's second value was silently ignored."""
    if not records:
        return
    names = [name.strip() for name in records[0]]
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise ParameterError(f"Observed arrivals file '{path.name}' line {lines[0]}: the header names "
                             f"{', '.join(map(repr, twice))} more than once; keep one column of each "
                             f"name ({', '.join(_OBSERVED_COLUMNS)})")  # fmt: skip


def _check_field_counts(path: Path, records: list[list[str]], lines: list[int], sep: str = ",") -> None:
    """Every record has the header's number of fields (pandas would drop or shift the rest).

    ``records``: the CSV records that hold a value (see :func:`_records`); ``lines``: the line
    on which each of them starts.
    """
    if not records:
        return
    if is_separator_line(sep.join(records[0])):
        # A spreadsheet's separator line (Excel's "sep=," before the header) was taken as the
        # header: each row was "5 fields where the header has 2; put a value holding a comma in
        # double quotes", a fix that fixed nothing (fuzz30).
        raise ParameterError(f"Observed arrivals file '{path.name}' line {lines[0]}: "
                             f"{sep.join(records[0])!r} is a spreadsheet's separator line, "
                             f"not the header; delete it (the header {','.join(_OBSERVED_COLUMNS)} "
                             "comes first)")  # fmt: skip
    width = len(records[0])
    if width == 1 and any(c in records[0][0] for c in ";\t"):
        # Separated by semicolons (a spreadsheet in French, whose decimal comma then splits a
        # row in two): say the separator, not the field count.
        raise _lacks_columns(path, records[0])
    mark = "a semicolon" if sep == ";" else "a comma"
    problems = [f"line {lines[k]}: {len(r)} fields where "
                f"the header has {width}; put a value holding {mark} in double quotes"
                for k, r in enumerate(records) if k and len(r) != width]  # fmt: skip
    if problems:
        raise ParameterError(f"Observed arrivals file '{path.name}' has {len(problems)} problem(s)",
                             problems=problems)


def _records(text: str, sep: str = ",") -> tuple[str, list[int], list[list[str]], list[int]]:
    """One pass of the CSV reader over a file's text, its comment lines dropped (fields
    separated by ``sep``).

    Returns the text without its comment lines (lines starting with ``#``; a ``#`` inside a
    line is kept), the line in the file (1-based) on which each record starts, the header
    first, skipping what ``pandas.read_csv`` skips (blank and whitespace-only lines; a record
    with a quoted line break spans several lines and starts on the first), the records that
    hold a value (not blank, not only spaces), for the field counts, and the line on which
    each of those starts (a row of blank cells is in the first lines, not in these).

    Examples
    --------
    >>> body, lines, records, record_lines = _records('# c\\na,b\\n\\n1,"x\\ny"\\n , \\n2,z\\n')
    >>> lines, records, record_lines
    ([2, 4, 6, 7], [['a', 'b'], ['1', 'x\\ny'], ['2', 'z']], [2, 4, 7])
    """
    # Lines end at \\n, \\r\\n or \\r, as pandas ends them.
    numbered = [(n, line) for n, line in enumerate(io.StringIO(text, newline=""), start=1)
                if not line.startswith("#")]  # fmt: skip
    used = 0

    def feed() -> Iterator[str]:
        nonlocal used
        for _, line in numbered:
            used += 1
            yield line

    starts, records, record_lines = [], [], []
    first = 0
    try:
        for record in csv.reader(feed(), delimiter=sep):
            if any(f.strip() for f in record):
                records.append(record)
                record_lines.append(numbered[first][0])
            if len(record) > 1 or (record and record[0].strip(" \t\r\n")):  # not a blank line
                starts.append(numbered[first][0])
            first = used
    except csv.Error as exc:  # a field over the reader's 131,072 characters: an unclosed quote
        raise csv.Error(f"line {numbered[first][0]}: {exc}") from exc
    return "".join(line for _, line in numbered), starts, records, record_lines
