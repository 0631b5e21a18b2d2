"""Monte Carlo over timelines: attack dates drawn from the threat's probabilities, seeded.

The draw rule (also in the README): every *attack risk* (a threat rule with
``attack_probability``, and with an ``[incidents]`` table one risk per segment at risk) is
attacked on each day of its window independently with probability ``p``, the rule's
``attack_probability`` read as a daily chance: a steady-state Monte Carlo draw is the state of
one day, so ``p`` is the share of days the selection is under attack in both commands. The
window is the rule's ``from``/``to`` dates within the horizon (the whole horizon without
dates). Each attack destroys ``tankers_per_attack`` loaded tankers and their cargo on the
risk's segments that day (default 40, the median of the single-attack counts of ../shared
FACTS.md "Attacks on tankers": about 40, about 50, at least 37, about 40) and takes them out of
the fleet, exactly as a recorded ``[[event]] type = "attack"`` does (see
:mod:`supplychain.models.timeexp`). The file's recorded attacks stay (``drop_recorded_attacks``
removes them).

Seeding: draw ``i`` uses ``numpy.random.default_rng(SeedSequence(seed, spawn_key=(i,)))`` (the
``i``-th child of ``SeedSequence(seed).spawn``) and draws one uniform per risk and day
(``rng.random((risks, days)) < p``), so a draw does not depend on the worker count, the chunk
size, the executor or a resume.

Solving: by default each draw's timeline (the base one plus the drawn attacks) is built and
solved on its own, as ``supplychain timeline`` would (goal 1). With ``warm=True`` (``--warm``)
the time-expanded model is built with a zero-tanker attack on every risk's every day (rows
``attack_<a>`` with right-hand side 0); the driver solves its goal 1 (delivery) once through
:func:`~supplychain.models.timeexp.solve_timeline` (interior point and crossover) and sends the
optimal basis to the workers with the context. Each worker builds the same model once, hands it
to HiGHS and starts it from that basis (no base solve per worker: on the 180-day embedded
template the base costs about 11 s, a warm draw about 0.3 s), and for each draw only changes
row bounds (the drawn attacks' cargo and the fleet of each day) and re-solves with the dual
simplex from the *base* basis (restored before every draw, so the figures do not depend on
which draws a worker solved before, nor on which process solves them: the driver's own draws
run on such a worker model too). A draw far
from the base (many attacks) may need more dual iterations than a fresh solve: past 0.3
iterations per row, or 0.8 for a draw of at most 10 attacks (counts, not times, so the path
never depends on the machine's load) it goes on with the interior point from scratch on the same instance (no rebuild), then the primal
simplex if that stops on a solver error; the table's ``method`` column says which. Only goal 1
is solved, as in ``stress closure-days``: delivery, unmet demand and dry days are goal 1's;
goal 2 only re-routes at equal delivery.

With ``foresight="myopic"`` (``--foresight myopic``) each draw is planned by the rule of
:func:`~supplychain.models.timeexp_myopic.solve_myopic`: its attacks are learnt on their days
and find the cargo the plan had on their roads. Cold, every process solves the first plan,
which knows no attack from day 0 on, once per run, on arcs that keep every risk's roads, and
shares it with every draw it solves (the base run's too); each attack day that finds cargo is
one more interior-point solve of the model built again. Warm, the template above holds the
file's attacks inside the horizon at 0 tankers too (they are learnt on their days, as drawn
ones), so its base is the first plan, and
:class:`~supplychain.models.timeexp_myopic.WarmMyopic` learns each attack by changing bounds
and re-solving with the dual simplex from the plan in force (each draw from the first plan's
basis again); its plans are vertices, so where several plans deliver as much an attack may find
other cargo than a cold draw's (the interior point's plan spreads fuel over every road that
serves as well). The ``method`` column says ``myopic`` (cold), ``myopic warm``, or ``myopic
primal simplex`` / ``myopic interior point`` when a re-solve needed them.

A template of more than :data:`WARM_MAX_ROWS` rows (West Africa's 180 days) is built but not
solved: its crossover, which the warm starts need, did not end within the time limit there, so
each draw is built and solved on its own, as without ``warm``, and the summary's ``template``
(``rows``, ``columns``, ``max_rows``, ``tried``) says so (a row count, not a time, so that the path does not depend on the machine).
"""

from __future__ import annotations

import logging
import math
import numbers
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from supplychain._highs import run_interruptible
from supplychain._logs import per_item
from supplychain._problems import raise_summarised
from supplychain.errors import ArgumentTypeError, ParameterError
from supplychain.models.lp import check_model_arguments
from supplychain.models.params import ModelParameters
from supplychain.models.timeexp_myopic import FORESIGHTS, WarmMyopic
from supplychain.models.timeexp_solve import (
    IPM_GAP,
    basis_codes,
    rerun_from,
    timeline_time_limit,
    warm_instance,
)
from supplychain.models.timeline import Attack, Timeline
from supplychain.models.timeline_result import (
    TimelineResult,
    backlog_shortfall,
    dry_days,
    fill_injections,
    short_days,
)
from supplychain.scenarios.montecarlo import distribution_stats
from supplychain.scenarios.sweep_common import (
    SweepResult,
    _canonical,
    _check_run_options,
    _check_whole,
    _done,
    _extended_chunk_size,
    _run_stored,
    _timeline_hash,
    draws_problem,
)

if TYPE_CHECKING:
    from supplychain.models.timeexp import TimelineModel

__all__ = [
    "DEFAULT_TANKERS_PER_ATTACK",
    "MAX_DRAWS",
    "WARM_MAX_ROWS",
    "AttackRisk",
    "TimelineMCContext",
    "attack_risks",
    "draw_attacks",
    "draw_statistics",
    "idle_days",
    "planned_cold",
    "recorded_within_risks",
    "timeline_monte_carlo",
]

logger = logging.getLogger(__name__)

#: Tankers destroyed per drawn attack: the median of the single-attack counts in ../shared
#: FACTS.md "Attacks on tankers" (14 Sep about 40, 17 Oct about 50, 22 Oct at least 37,
#: 28 Oct about 40).
DEFAULT_TANKERS_PER_ATTACK = 40.0
#: Most draws of one run (assumption: each draw is a whole timeline, 0.1-3 s, so 10^6 draws
#: are 1 to 35 days of one core, and its table holds a row per draw and city; 10^11 listed
#: 10^10 tasks before the first draw and ran out of memory).
MAX_DRAWS = 1_000_000
#: Rows of a ``--warm`` template past which it is not solved and every draw is planned cold
#: (assumption, from the myopic templates of models/threat-attacks-2025-26.toml solved with
#: the crossover on 2026-12-06, quiet 2-core machine: embedded network 180 days 24,689 rows in
#: 8.4 s, 365 days 45,297 rows in 26.8 s; West Africa 60 days 21,837 rows in 17.0 s, 120 days
#: 43,978 rows in 64.1 s, 180 days 65,573 rows not ended at the 600 s limit (the interior point
#: alone 87 s: the crossover is what does not end); whole Africa 180 days 240,425 rows. Below
#: the cap every template tried solved; at West Africa's 180 days the attempt cost 600 s before
#: the draws were planned cold anyway. A row count, not a time, so that the path does not
#: depend on the machine.)
WARM_MAX_ROWS = 50_000
#: Dual simplex iterations allowed to a warm start, per row of the model (see _DrawSolver).
_CAP_PER_ROW = 0.3
#: A draw of at most this many attacks is near the base: its warm start may take
#: :data:`_NEAR_CAP_FACTOR` times the iterations. Assumption, measured 2026-12-07 on the
#: embedded back-test's template (24,683 rows): at the observed attack rate
#: (``threat-attacks-2025-26.toml``, 2-8 attacks a draw) 5 draws in 20 needed 0.33-0.61
#: iterations per row, 4.4-10 s, and past the cap of 0.3 the interior point took 12.5-18.5 s
#: more; draws far from the base (``threat-blockade-2025.toml``, 127-173 attacks) finish in
#: the interior point whatever the cap, and a cap of 0.8 made them 1.75 times slower.
_NEAR_ATTACKS = 10
_NEAR_CAP_FACTOR = 8 / 3
_NO_LIMIT = 2**31 - 1


@dataclass(frozen=True)
class AttackRisk:
    """Segments one attack hits, its chance per day and the days it can happen.

    Parameters
    ----------
    label : str
    probability_per_day : float
        In [0, 1].
    segments : frozenset of str
    first, last : int
        Day indices (inclusive) of the window.
    idle_days : frozenset of int, default empty
        Days of the window on which no fuel can be on any of its segments (each closed, at
        no capacity, or escorted with no escort unit that day: :func:`idle_days`): no attack
        is drawn there, as no tanker is there to destroy.

    Examples
    --------
    >>> AttackRisk("RN1", 0.1, frozenset({"RN1:a"}), 0, 9).expected_attacks
    1.0
    >>> AttackRisk("RN1", 0.1, frozenset({"RN1:a"}), 0, 9, frozenset({0, 1})).expected_attacks
    0.8
    """

    label: str
    probability_per_day: float
    segments: frozenset[str]
    first: int
    last: int
    idle_days: frozenset[int] = frozenset()

    @property
    def drawn_days(self) -> tuple[int, ...]:
        """The window's days on which an attack may be drawn (its idle days left out; none
        at probability 0).

        Returns
        -------
        tuple of int
            Day indices, in order.

        Examples
        --------
        >>> AttackRisk("RN1", 0.1, frozenset({"RN1:a"}), 2, 5, frozenset({3})).drawn_days
        (2, 4, 5)
        """
        if self.probability_per_day <= 0:
            return ()
        return tuple(d for d in range(self.first, self.last + 1) if d not in self.idle_days)

    @property
    def expected_attacks(self) -> float:
        """Mean number of attacks over the window's days with traffic."""
        return self.probability_per_day * len(self.drawn_days)


def idle_days(timeline: Timeline, segments: Iterable[str], first: int, last: int, *,
              closed_by_day: Sequence[frozenset[str]] | None = None) -> frozenset[int]:
    """Days from ``first`` to ``last`` on which no fuel can be on any of ``segments``.

    A segment carries nothing on a day it is closed or at no capacity, or on a day it lies on
    an escorted stretch and the timeline has no escort unit
    (:func:`~supplychain.models.timeexp_arcs.closed_segments`, the rule the arc reduction's
    closure states use). A drawn attack there destroyed tankers that were not there (they
    left the fleet and no cargo was lost: a threat rule with both ``closed = true`` and
    ``attack_probability`` lost 160-240 tankers a draw to empty roads; fuzz24), so such days
    are not drawn.

    Parameters
    ----------
    timeline : Timeline
    segments : iterable of str
        A risk's segment ids.
    first, last : int
        The risk's window (day indices, inclusive).
    closed_by_day : sequence of frozenset of str, optional
        Keyword-only. ``closed_segments(timeline, day)`` for every day of the horizon,
        computed once for many risks (default: computed here).

    Returns
    -------
    frozenset of int

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.models.scenario import Effect
    >>> from supplychain.models.timeline import DatedEffects
    >>> shut = DatedEffects(2, 3, {"a": Effect(closed=True)}, {})
    >>> tl = Timeline("t", "", date(2026, 1, 1), 6, effects=(shut,))
    >>> sorted(idle_days(tl, {"a"}, 0, 5)), sorted(idle_days(tl, {"a", "b"}, 0, 5))
    ([2, 3], [])
    """
    from supplychain.models.timeexp_arcs import closed_segments

    wanted = frozenset(segments)

    def closed(day: int) -> frozenset[str]:
        return closed_by_day[day] if closed_by_day is not None else closed_segments(timeline, day)

    return frozenset(d for d in range(first, last + 1) if wanted <= closed(d))


def attack_risks(definition: Any, graph: nx.MultiDiGraph, timeline: Timeline) -> list[AttackRisk]:
    """The attack risks of a threat file on a network, with their windows on a timeline.

    Parameters
    ----------
    definition : ThreatDefinition
        From :func:`~supplychain.scenarios.threats.load_threat`.
    graph : networkx.MultiDiGraph
    timeline : Timeline
        The resolved timeline (its start and horizon give the windows).

    Returns
    -------
    list of AttackRisk
        One per rule with ``attack_probability > 0`` that selects road segments (rules that
        select only border posts are skipped with a warning: an attack destroys tankers on a
        road), then one per segment at risk from the ``[incidents]`` table.

    Raises
    ------
    ParameterError
        A selector that does not match the network (file, rule and fix named), or no risk.

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.networks import build_network
    >>> from supplychain.scenarios.threats import load_threat
    >>> from supplychain.models.timeline import DEFAULT_STORAGE_PATH
    >>> from supplychain.scenarios.timeline_stress import load_timeline
    >>> path = DEFAULT_STORAGE_PATH.parent / "threat-blockade-2025.toml"
    >>> g = build_network()
    >>> tl = load_timeline(path, g, start=date(2025, 9, 1), days=10)
    >>> [r.label for r in attack_risks(load_threat(path), g, tl)][:2]
    ['Kayes axis', 'Ambushes near Bougouni']
    """
    from supplychain.models.timeexp_arcs import closed_segments
    from supplychain.scenarios.incidents import incident_threat

    risks: list[AttackRisk] = []
    where: list[str] = []  # each rule risk's file and rule, for repeated labels
    problems: list[str] = []
    last_day = timeline.days - 1
    closed = [closed_segments(timeline, d) for d in range(timeline.days)]  # once for every risk
    for rule in definition.rules:
        if rule.attack_probability <= 0:
            continue
        try:
            segs, _posts = rule.select(graph)
        except ParameterError as err:
            problems.append(f"'{Path(rule.source).name}' {rule.key} ({rule.label}): {err}")
            continue
        if not segs:
            rule.log_empty(logger, "'%s' %s (%s) selects no road segment: no attack drawn on it",
                           Path(rule.source).name, rule.key, rule.where)  # fmt: skip
            continue
        first = 0 if rule.start is None else max((rule.start - timeline.start).days, 0)
        last = last_day if rule.end is None else min((rule.end - timeline.start).days, last_day)
        if first <= last:
            risks.append(AttackRisk(rule.label or rule.key, float(rule.attack_probability),
                                    frozenset(segs), first, last,
                                    idle_days(timeline, segs, first, last, closed_by_day=closed)))  # fmt: skip
            where.append(f"{Path(rule.source).name} {rule.key}")
    # Labels name the draws' attacks (the table's attack_days): two rules of one label (a child
    # file reusing its parent's) gave attacks no one could tell apart (fuzz24), so each such
    # label says its file and rule.
    repeated = {label for label, n in Counter(r.label for r in risks).items() if n > 1}
    risks = [replace(r, label=f"{r.label} ({w})") if r.label in repeated else r
             for r, w in zip(risks, where, strict=True)]  # fmt: skip
    if problems:
        raise_summarised(f"Threat '{definition.name}' does not match the network", problems, items="rules")
    inc = definition.incidents
    if inc is not None:
        threat = incident_threat(graph, inc.incidents, buffer_km=inc.buffer_km,
                                 half_life_days=inc.half_life_days,
                                 base_probability=inc.base_probability,
                                 reference_date=inc.reference_date)  # fmt: skip
        for sid, p in sorted(threat.probability.items()):
            if p > 0:
                risks.append(AttackRisk(f"incidents near {sid}", float(p), frozenset({sid}), 0, last_day,
                                        idle_days(timeline, {sid}, 0, last_day, closed_by_day=closed)))  # fmt: skip
    return risks


def recorded_within_risks(timeline: Timeline, risks: Sequence[AttackRisk]) -> list[tuple[str, str]]:
    """The timeline's recorded attacks that fall on a risk's segments on a day it is drawn
    (within its window, not an idle day).

    Such an attack is most likely one the risk's probability was estimated from (as in
    ``models/threat-attacks-2025-26.toml``): kept beside the draws, it is counted twice
    (``--drop-recorded-attacks`` draws attacks in place of the recorded ones).

    Parameters
    ----------
    timeline : Timeline
        The base timeline, its recorded attacks kept.
    risks : sequence of AttackRisk
        From :func:`attack_risks`.

    Returns
    -------
    list of (str, str)
        ``(attack label, risk label)``, each recorded attack once (its first risk), in the
        timeline's order.

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.models.timeline import Attack
    >>> a = Attack("ambush", 3, 40.0, frozenset({"RN1:a"}))
    >>> b = Attack("elsewhere", 3, 40.0, frozenset({"RN7:b"}))
    >>> tl = Timeline("t", "", date(2025, 9, 1), 10, attacks=(a, b))
    >>> recorded_within_risks(tl, [AttackRisk("Kayes axis", 0.1, frozenset({"RN1:a", "RN1:c"}), 0, 9)])
    [('ambush', 'Kayes axis')]
    >>> recorded_within_risks(tl, [AttackRisk("Kayes axis", 0.1, frozenset({"RN1:a"}), 5, 9)])
    []
    """
    risks = tuple(risks)  # an iterator was used up by the first attack found (fuzz24)
    found = []
    for attack in timeline.attacks:
        risk = next((r for r in risks if attack.day in r.drawn_days and attack.segments & r.segments), None)
        if risk is not None:
            found.append((attack.label, risk.label))
    return found


def draw_attacks(risks: Sequence[AttackRisk], days: int, seed: int, draw: int) -> np.ndarray:
    """The attacks of one draw: a boolean array (risks x days), True where an attack happens.

    Parameters
    ----------
    risks : sequence of AttackRisk
    days : int
        Horizon.
    seed : int
    draw : int
        Draw index (its own generator: ``SeedSequence(seed, spawn_key=(draw,))``).

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> r = AttackRisk("a", 1.0, frozenset({"s"}), 1, 2)
    >>> draw_attacks([r], 4, seed=0, draw=0).astype(int).tolist()
    [[0, 1, 1, 0]]
    >>> draw_attacks([AttackRisk("a", 1.0, frozenset({"s"}), 1, 2, frozenset({2}))], 4, seed=0, draw=0).astype(int).tolist()
    [[0, 1, 0, 0]]
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(draw,)))
    # One uniform per risk and day whatever the idle days, so that a risk's idle days change
    # no other day's draw.
    u = rng.random((len(risks), days))
    p = np.zeros((len(risks), days))
    for k, risk in enumerate(risks):
        p[k, [d for d in risk.drawn_days if 0 <= d < days]] = risk.probability_per_day
    return u < p


@dataclass(frozen=True)
class TimelineMCContext:
    """What every worker needs, sent once per worker.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
    params : ModelParameters
    timeline : Timeline
        The base timeline (its recorded attacks kept).
    risks : tuple of AttackRisk
    seed : int
    tankers_per_attack : float
    time_limit_s : float
        Per solve.
    warm : bool
        Re-solve each draw on one template model per worker (see the module docstring);
        default: each draw built and solved on its own, as ``supplychain timeline`` would.
    foresight : str
        ``"perfect"`` (each draw's plan knows its attacks in advance) or ``"myopic"`` (each
        attack learnt on its day: :func:`~supplychain.models.timeexp_myopic.solve_myopic`,
        with ``warm`` :class:`~supplychain.models.timeexp_myopic.WarmMyopic`).
    arc_pricing : bool
        Whether each draw built and solved on its own (and the base run) has its arcs priced in
        (:func:`~supplychain.models.timeexp_price.solve_priced`; ``method`` ``priced``; with a
        myopic ``foresight`` every plan of such a draw, method ``myopic``).
    key : str
        Fingerprint of all the above (also the worker cache key and the resume check).
    base_basis : tuple, optional
        Set by :func:`timeline_monte_carlo` (see the module docstring).

    Examples
    --------
    Built with :meth:`create`, which checks every risk against the horizon:

    >>> import datetime
    >>> import networkx as nx
    >>> from supplychain.models import load_model_parameters
    >>> from supplychain.models.timeline import Timeline
    >>> g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    >>> g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
    >>> g.add_node("C", name="Kayes", role="city", demand_m3_per_day=30.0)
    >>> _ = g.add_edge("P", "C", segment_id="R", capacity_trucks_per_day=20.0, length_km=1.0,
    ...                travel_time_h=12.0, corridors=[])
    >>> tl = Timeline("calm", "", datetime.date(2026, 1, 1), 5)
    >>> risk = AttackRisk("R", 0.1, frozenset({"R"}), 0, 4)
    >>> ctx = TimelineMCContext.create(g, load_model_parameters(), tl, [risk], seed=3)
    >>> ctx.risks, ctx.seed, len(ctx.key)
    ((AttackRisk(label='R', probability_per_day=0.1, segments=frozenset({'R'}), first=0, last=4, idle_days=frozenset()),), 3, 16)
    >>> TimelineMCContext.create(g, load_model_parameters(), tl, [AttackRisk("R", 0.1, frozenset({"R"}), 0, 9)])
    Traceback (most recent call last):
    ...
    supplychain.errors.ParameterError: Timeline Monte Carlo inputs are not valid: attack risk 'R': days 0-9 are outside the horizon 0-4
    """

    graph: nx.MultiDiGraph
    params: ModelParameters
    timeline: Timeline
    risks: tuple[AttackRisk, ...]
    seed: int = 0
    tankers_per_attack: float = DEFAULT_TANKERS_PER_ATTACK
    time_limit_s: float = 600.0
    warm: bool = False
    key: str = ""
    foresight: str = "perfect"
    #: Whether the draws built and solved on their own (and the base run) have their arcs priced
    #: in (:func:`~supplychain.models.timeexp_price.solve_priced`), as ``supplychain timeline``
    #: solves a timeline on the imported networks (myopic: every plan of the draw).
    arc_pricing: bool = False
    #: With ``warm``: the base's optimal basis (column and row status codes), solved once by
    #: the driver and sent to every worker (not part of ``key``: it follows from the rest);
    #: None before the base is solved, or when it has no optimal basis.
    base_basis: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    @classmethod
    def create(
        cls,
        graph: nx.MultiDiGraph,
        params: ModelParameters,
        timeline: Timeline,
        risks: Sequence[AttackRisk],
        *,
        seed: int = 0,
        tankers_per_attack: float = DEFAULT_TANKERS_PER_ATTACK,
        time_limit_s: float | None = None,
        drop_recorded_attacks: bool = False,
        warm: bool = False,
        foresight: str = "perfect",
        arc_pricing: bool | None = None,
    ) -> TimelineMCContext:
        """Check the inputs (every problem at once) and fingerprint the run.

        Parameters
        ----------
        graph : networkx.MultiDiGraph
            A corridor network.
        params : ModelParameters
        timeline : Timeline
            The base timeline.
        risks : sequence of AttackRisk
            The attack risks each draw samples (see the module docstring).
        seed : int, default 0
            Monte Carlo seed (0 or more).
        tankers_per_attack : float, default 40
            Loaded tankers (and their cargo) one drawn attack destroys.
        time_limit_s : float, optional
            Per solve (s); default
            :func:`~supplychain.models.timeexp_solve.timeline_time_limit` (600 s, or the
            parameter file's ``[solver] time_limit_s`` if longer, as ``stress timeline-mc``
            gives; it was 600 s whatever the file).
        drop_recorded_attacks : bool, default False
            Remove the timeline's recorded attacks, those before day 0 included (the fleet
            then starts whole).
        warm : bool, default False
            Re-solve the draws on one template model per worker.
        foresight : {"perfect", "myopic"}, default "perfect"
            How each draw (and the base run) is planned: knowing its attacks in advance, or
            learning each on its day (see :mod:`supplychain.models.timeexp_myopic`).
        arc_pricing : bool, optional
            Price the arcs of each draw built and solved on its own (and of the base run) in,
            as ``supplychain timeline`` does (myopic: the shared first plan from the steady
            state's arcs, each re-plan from the plan before's). Default (None): as
            ``supplychain timeline`` decides, on from
            :data:`~supplychain.models.timeexp_price.PRICING_MIN_ARCS` arcs after the exact
            reductions (the imported networks), off below (the embedded network).

        Returns
        -------
        TimelineMCContext
            With ``key``: a fingerprint of the network, parameters, timeline (after dropping
            its attacks), risks, seed, tankers per attack, ``warm``, a myopic ``foresight``
            and arc pricing (not ``time_limit_s``).

        Raises
        ------
        ParameterError
            A probability outside [0, 1], a negative tanker count, a seed below 0, a risk
            window outside the horizon or an unknown ``foresight`` (an
            :class:`~supplychain.errors.ArgumentTypeError`
            when the seed is not a whole number or the tanker count not a number).

        Examples
        --------
        >>> import datetime
        >>> import networkx as nx
        >>> from supplychain.models import load_model_parameters
        >>> from supplychain.models.timeline import Attack, Timeline
        >>> g = nx.MultiDiGraph(tanker_volume_m3=1.0)
        >>> g.add_node("P", name="Port", role="port", supply_m3_per_day=100.0)
        >>> g.add_node("C", name="Kayes", role="city", demand_m3_per_day=30.0)
        >>> _ = g.add_edge("P", "C", segment_id="R", capacity_trucks_per_day=20.0, length_km=1.0,
        ...                travel_time_h=12.0, corridors=[])
        >>> ambush = Attack("ambush", 1, 5.0, frozenset({"R"}))
        >>> tl = Timeline("t", "", datetime.date(2026, 1, 1), 5, attacks=(ambush,))
        >>> risk = AttackRisk("R", 0.1, frozenset({"R"}), 0, 4)
        >>> ctx = TimelineMCContext.create(g, load_model_parameters(), tl, [risk],
        ...                                tankers_per_attack=10, drop_recorded_attacks=True)
        >>> ctx.timeline.attacks, ctx.tankers_per_attack, ctx.time_limit_s
        ((), 10.0, 600.0)
        """
        check_model_arguments(graph, params, timeline=timeline)  # None met an AttributeError (fuzz33)
        problems: list[str] = []
        for r in risks:
            if not 0.0 <= r.probability_per_day <= 1.0 or math.isnan(r.probability_per_day):
                problems.append(f"attack risk '{r.label}': probability {r.probability_per_day:g} per day "
                                "is outside [0, 1]")  # fmt: skip
            if not 0 <= r.first <= r.last < timeline.days:
                problems.append(f"attack risk '{r.label}': days {r.first}-{r.last} are outside the "
                                f"horizon 0-{timeline.days - 1}")  # fmt: skip
        # A wrong type (seed 1.5 failed in numpy at the first draw, after the base solve; True
        # ran as seed 1 under another fingerprint; "7" was a bare TypeError) is refused too.
        bad_type = isinstance(tankers_per_attack, bool) or not isinstance(tankers_per_attack, numbers.Real)
        if bad_type or not tankers_per_attack >= 0 or math.isinf(tankers_per_attack):
            problems.append(f"tankers per attack {tankers_per_attack!r}: give a number, 0 or more")
        if foresight not in FORESIGHTS:
            problems.append(f"foresight {foresight!r}: give one of {', '.join(FORESIGHTS)}")
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            problems.append(f"seed {seed!r}: give a whole number, 0 or more")
            bad_type = True
        elif seed < 0:
            problems.append(f"seed {seed}: give 0 or more")
        if problems:
            raise (ArgumentTypeError if bad_type else ParameterError)(
                "Timeline Monte Carlo inputs are not valid", problems=problems)
        if drop_recorded_attacks:  # all of the file's attacks, those before day 0 too
            timeline = replace(timeline, attacks=(), fleet_lost_before_start=0.0)
        h = _timeline_hash(graph, params, timeline)
        h.update(_canonical((tuple(risks), seed, tankers_per_attack, warm)).encode())
        if foresight != "perfect":  # the fingerprint of a perfect-foresight run as before it existed
            h.update(_canonical(("foresight", foresight)).encode())
        if arc_pricing is None:
            from supplychain.scenarios.timeline_stress import _prices_arcs

            arc_pricing = _prices_arcs(graph, params, timeline, sweep="timeline-mc", items="draws")
        if arc_pricing:  # likewise for an unpriced run
            h.update(_canonical(("arc_pricing", True)).encode())
        return cls(graph, params, timeline, tuple(risks), seed, float(tankers_per_attack),
                   timeline_time_limit(params, time_limit_s), warm, h.hexdigest()[:16], foresight,
                   bool(arc_pricing))  # fmt: skip


# --- worker side -----------------------------------------------------------------------------


class _DrawSolver:
    """The template model of one context; re-solves a draw by changing row bounds.

    The template timeline holds the recorded attacks, then one zero-tanker attack per risk and
    day of its window (index ``offset + k``); a draw sets those rows' right-hand side to the
    drawn cargo and each day's fleet row to the fleet left after the attacks. With a myopic
    foresight the recorded attacks inside the horizon are at 0 tankers too, and a draw is
    planned by :attr:`myopic` (:class:`~supplychain.models.timeexp_myopic.WarmMyopic`).

    With ``base=True`` (the driver, once per run) the template is solved from scratch (interior
    point with crossover: a vertex, whose basis the warm starts need) and :attr:`base` holds
    the result; a template of more than :data:`WARM_MAX_ROWS` rows is only built
    (:attr:`too_large`: no basis, every draw built and solved on its own). Otherwise (every draw solver, in any process) the template is handed to HiGHS
    and solved once from ``ctx.base_basis`` (the driver's basis: the dual simplex finds it
    optimal at once), so every worker starts from the same basis without paying the base
    solve, and a draw's figures are the same whatever process solves it.
    """

    def __init__(self, ctx: TimelineMCContext, *, base: bool = False) -> None:
        from supplychain.models.timeexp import build_timeline_model, solve_timeline
        from supplychain.models.timeexp_myopic import add_fleet_slack

        tl = ctx.timeline
        self.ctx = ctx
        self.days = tl.days
        self.offset = len(tl.attacks)
        self.slots: dict[tuple[int, int], int] = {}
        myopic = ctx.foresight == "myopic"
        # Myopic: the file's attacks inside the horizon are learnt on their days, as the drawn
        # ones are: at 0 tankers in the template, whose base is then the first plan.
        self.recorded: dict[int, float] = {}
        template = []
        for a, attack in enumerate(tl.attacks):
            if myopic and 0 <= attack.day < tl.days:
                self.recorded[a] = attack.tankers
                attack = replace(attack, tankers=0.0)
            template.append(attack)
        for k, risk in enumerate(ctx.risks):
            for t in risk.drawn_days:
                self.slots[(k, t)] = len(template)
                template.append(Attack(f"{risk.label} (drawn)", t, 0.0, risk.segments))
        self.template = replace(tl, attacks=tuple(template))
        start = time.perf_counter()
        # Myopic re-solves keep every trip's column (as solve_myopic's later solves do: trips
        # under way may need flows that a fleet destroyed would leave out) and the fleet slack.
        model = build_timeline_model(ctx.graph, ctx.params, self.template, drop_fleetless_trips=not myopic)
        slack = add_fleet_slack(model) if myopic else []
        self.model = model
        #: Per attack a myopic plan learnt (template index): the tankers it destroyed.
        self.given: dict[int, float] = {}
        self.base: TimelineResult | None = None
        self.basis: Any = None
        #: The template's size, and whether it is too large to solve (:data:`WARM_MAX_ROWS`).
        self.size = (len(model.problem.constraints), len(model.problem.variables()))
        self.too_large = self.size[0] > WARM_MAX_ROWS
        self.highs: Any = None
        self.myopic: WarmMyopic | None = None
        if base and self.too_large:
            logger.warning("Timeline Monte Carlo: the warm template has %s rows, more than the %s a warm "
                           "start is tried on (its crossover is too slow): every draw is built and solved "
                           "on its own, as without --warm", f"{self.size[0]:,}", f"{WARM_MAX_ROWS:,}")  # fmt: skip
            # Not handed to HiGHS: the driver reads only its size and that it has no basis.
            self.base_s = time.perf_counter() - start
            return
        if base:
            # The warm re-solves start from the base's basis: the base needs a vertex, so its
            # interior point runs with the crossover (solve_timeline's default leaves it off).
            self.base = solve_timeline(model, time_limit_s=ctx.time_limit_s, lexicographic=False,
                                       crossover=True)  # fmt: skip
            self.highs = getattr(model.problem, "solverModel", None)
            if self.base.status == "solver_error" and self.highs is not None:
                self._primal_base(start)
            if self.base.status == "optimal" and self.highs is not None:
                self.basis = self.highs.getBasis()
        else:  # start this instance from the driver's basis (optimal: no pivot)
            self.highs, self.basis = warm_instance(model, ctx.base_basis, time_limit_s=ctx.time_limit_s)
        self.base_s = time.perf_counter() - start
        self.v = model.tanker_m3
        self.backlog = self.template.storage.backlog_share if self.template.storage else 0.0
        self.method = "base"
        # Assumption, measured on the embedded network (2026-12-02): the interior point costs
        # about as much as 0.3 x rows dual simplex iterations (60 days: 2,200 of 7,400 rows;
        # 180 days: 7,000 of 22,300), so a warm start that needs more is given up.
        rows = self.highs.getNumRow() if self.highs else 0
        self.iteration_cap = max(int(_CAP_PER_ROW * rows), 1)
        #: The cap of a draw near the base (at most _NEAR_ATTACKS attacks).
        self.near_cap = max(int(_CAP_PER_ROW * _NEAR_CAP_FACTOR * rows), 1)
        if myopic and self.basis is not None and self.highs is not None:
            learnable = {**self.recorded, **dict.fromkeys(self.slots.values(), 0.0)}
            engine = WarmMyopic(model, self.highs, self.basis, slack, learnable,
                                time_limit_s=ctx.time_limit_s, iteration_cap=self.iteration_cap)  # fmt: skip
            self.myopic = engine if engine.usable else None
        cons = model.problem.constraints
        self.attack_rows = {a: cons[f"attack_{a}"].index for a in range(len(template))
                            if f"attack_{a}" in cons}  # fmt: skip
        # The fleet of the template model, computed once (see _fleet).
        self.fleet_base = np.asarray(model.fleet_tankers, dtype=float)
        # The rows' constant (day 0: the initial stocks' unloading, timeexp.define_fleet).
        self.fleet_offset = np.asarray(model.on_road_offset, dtype=float)
        self.fleet_rows = np.array([cons[f"fleet_{t}"].index for t in range(self.days)
                                    if f"fleet_{t}" in cons], dtype=np.int32)  # fmt: skip
        self.lost_cols: dict[int, list[int]] = {}
        for (a, _i, _t), var in model.lost.items():
            self.lost_cols.setdefault(a, []).append(var.index)
        # Flow columns a draw bounds at 0 (trips after its attacks destroyed the fleet, see
        # timeexp.fleetless_entries) and their upper bounds, to put back for the next draw.
        self.x_cols = {key: (var.index, var.upBound) for key, var in model.x.items()}
        self.zeroed: list[tuple[int, float | None]] = []
        self._city_columns()

    def basis_codes(self) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        """The base's optimal basis as column and row status codes (picklable), or None."""
        return None if self.basis is None else basis_codes(self.basis)

    def _primal_base(self, start: float) -> None:
        """The base again with the primal simplex from scratch, when the interior point and the
        dual simplex of :func:`solve_timeline` both stopped on a solver error: seen on the
        180-day template of ``threat-blockade-2025.toml`` (17 risks, 3,060 zero-tanker attacks)
        with HiGHS 1.16, where the primal simplex solved it (measured 2026-12-02)."""
        import highspy

        from supplychain.models.timeline_result import read_result

        h = self.highs
        assert h is not None
        logger.warning("Timeline Monte Carlo: the base solve stopped on a solver error; solving it "
                       "again with the primal simplex")  # fmt: skip
        h.setOptionValue("solver", "simplex")
        h.setOptionValue("simplex_strategy", 4)
        h.setOptionValue("time_limit", float(h.getRunTime()) + self.ctx.time_limit_s)
        h.clearSolver()
        run_interruptible(h)
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            cols = h.getSolution().col_value
            for var in self.model.problem.variables():
                var.varValue = cols[var.index]
            self.base = read_result(self.model, "optimal", time.perf_counter() - start, None)

    def _city_columns(self) -> None:
        model, days = self.model, self.days
        self.cities: list[tuple[str, np.ndarray, np.ndarray, np.ndarray, float, np.ndarray | None]] = []
        #: Per city with stock injections: (its index in ``cities``, day -> injected column,
        #: day -> m3 injected, the tank's capacity or None), read as read_result reads them.
        self.injections: list[tuple[int, dict[int, int], dict[int, float], float | None]] = []
        for name, (n, demand) in zip(_city_names(model), model.demand_m3.items(), strict=True):
            keys = [k for k, b in model.blocks.items() if b[0] == n]
            deliver = np.array([[model.deliver[(k, t)].index for t in range(days)] for k in keys])
            stock = np.array([model.stock[(n, t)].index for t in range(1, days + 1)])
            unmet = np.array([model.unmet[(n, t)].index for t in range(days)]) if model.unmet else None
            injected = {t: var.index for (m, t), var in model.injected.items() if m == n}
            if injected:
                self.injections.append((len(self.cities), injected,
                                        {t: model.injections[(n, t)] for t in injected},
                                        model.stock[(n, 1)].upBound))  # fmt: skip
            self.cities.append((name, np.asarray(demand, float), deliver, stock,
                                float(model.storage[n][1]), unmet))  # fmt: skip

    def _stocks(self, cols: np.ndarray) -> list[np.ndarray]:
        """Each city's stock at the end of each day (its ``stock`` columns), with its stock
        injections taken up to the tank's room as
        :func:`~supplychain.models.timeline_result.read_result` takes them: a warm re-solve's
        columns come straight from HiGHS, and a vertex may leave an injection partly untaken
        (its reward is a tie-break). Columns that read_result has filled already (the base,
        a cold draw) stay as they are: a second fill takes nothing more (round-off only, at
        most 2e-15 m3 on 50,000 random plans)."""
        stocks = [cols[stock_cols] for _, _, _, stock_cols, _, _ in self.cities]
        for i, injected, volumes, cap in self.injections:
            level = np.concatenate([[0.0], stocks[i]])
            taken = {t: float(cols[j]) for t, j in injected.items()}
            stocks[i] = fill_injections(level, taken, volumes, cap)[0][1:]
        return stocks

    def solve(self, hits: np.ndarray) -> tuple[str, dict[int, float], np.ndarray | None]:
        """Status, drawn attacks {template index: tankers} and the column values of one draw."""
        import highspy

        drawn = {self.slots[(int(k), int(t))]: self.ctx.tankers_per_attack
                 for k, t in zip(*np.nonzero(hits), strict=True) if (int(k), int(t)) in self.slots}  # fmt: skip
        if self.myopic is not None:
            plan = self.myopic.plan(drawn)
            self.given = plan.tankers
            self.method = "myopic warm" if plan.method == "dual simplex" else f"myopic {plan.method}"
            return plan.status, drawn, plan.columns
        # A context without a basis has its draws built and solved on their own (_draws_cold).
        assert self.basis is not None and self.highs is not None, "a draw solver without a basis"
        h = self.highs
        # Every attack's cargo, the file's too: an attack finds at most the tankers the fleet
        # still has (timeexp.define_flow), which the draw's earlier attacks lower.
        destroyed = self._destroyed_by_attack(drawn)
        if self.attack_rows:
            cargo = sorted((row, destroyed[a] * self.v) for a, row in self.attack_rows.items())
            rows = np.array([row for row, _ in cargo], dtype=np.int32)
            rhs = np.array([m3 for _, m3 in cargo])
            h.changeRowsBounds(len(rows), rows, rhs, rhs)
        if len(self.fleet_rows):
            fleet = self._fleet(drawn)
            h.changeRowsBounds(len(self.fleet_rows), self.fleet_rows,
                               np.full(len(self.fleet_rows), -highspy.kHighsInf), fleet)  # fmt: skip
            self._bound_fleetless(fleet + self.fleet_offset, destroyed)
        # Warm: the dual simplex from the base basis, within an iteration cap; a draw far from
        # the base (many attacks) goes on with the interior point from scratch on the same
        # instance, and the primal simplex if that stops on a solver error. The cap is a count,
        # not a time, so the path (and the figures) of a draw never depend on the machine's load.
        self.method = "warm"
        near = len(drawn) <= _NEAR_ATTACKS
        h.setOptionValue("simplex_iteration_limit", self.near_cap if near else self.iteration_cap)
        rerun_from(h, self.basis, time_limit_s=self.ctx.time_limit_s)
        h.setOptionValue("simplex_iteration_limit", _NO_LIMIT)
        if h.getModelStatus() == highspy.HighsModelStatus.kIterationLimit:
            # The interior point without the crossover, to the gap a cold draw stops at: the
            # next draw starts from the base basis anyway, so the crossover's vertex was thrown
            # away (on the back-test's template, a draw of 6 attacks past the cap: 14.1 s with
            # it, 11.1 s without, the same figures; measured 2026-12-06).
            # The options go back whatever happens (a finally): a Ctrl-C in the interior point
            # left this cached instance on it, so the next run in the process (a notebook's
            # resume) solved every draw by the interior point, written "warm" (2026-12-06).
            before = {key: h.getOptionValue(key)[1] for key in ("run_crossover", "ipm_optimality_tolerance")}
            try:
                for method, options in (("interior point", {"solver": "ipm", "run_crossover": "off",
                                                            "ipm_optimality_tolerance": IPM_GAP}),
                                        ("primal simplex", {"solver": "simplex", "simplex_strategy": 4})):
                    self.method = method
                    for key, value in options.items():
                        h.setOptionValue(key, value)
                    h.setOptionValue("time_limit", float(h.getRunTime()) + self.ctx.time_limit_s)
                    h.clearSolver()
                    run_interruptible(h)
                    if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                        break
            finally:
                h.setOptionValue("solver", "simplex")
                h.setOptionValue("simplex_strategy", 1)
                for key, value in before.items():
                    h.setOptionValue(key, value)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return h.modelStatusToString(h.getModelStatus()).lower().replace(" ", "_"), drawn, None
        return "optimal", drawn, np.asarray(h.getSolution().col_value)

    def _bound_fleetless(self, fleet: np.ndarray, destroyed: dict[int, float]) -> None:
        """Bound at 0 the flow columns whose trips reach the day the draw's attacks leave no
        tanker, as a draw built on its own leaves them out (an exact reduction: the fleet row
        holds them at 0; with them free, the interior point a draw far from the base falls
        back to solved the whole template: a draw of the illustrative threat took about 24 s
        instead of 12); the previous draw's are put back first."""
        import highspy

        from supplychain.models.timeexp import fleetless_entries

        h = self.highs
        assert h is not None
        if self.zeroed:
            back = np.array([c for c, _ in self.zeroed], dtype=np.int32)
            upper = np.array([highspy.kHighsInf if u is None else u for _, u in self.zeroed])
            h.changeColsBounds(len(back), back, np.zeros(len(back)), upper)
        active = [a for a, n in destroyed.items() if n > 0]
        self.zeroed = [self.x_cols[key] for key in fleetless_entries(self.model, fleet.tolist(), active)]
        if self.zeroed:
            cols = np.array([c for c, _ in self.zeroed], dtype=np.int32)
            h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.zeros(len(cols)))

    def _tankers_lost(self, drawn: dict[int, float]) -> float:
        """Tankers the draw's and the file's attacks destroy up to the horizon's last day: at
        most the fleet it starts with (as :func:`~supplychain.models.timeline_result.read_result`
        counts them: a timeline built in code may hold attacks after the horizon, which a cold
        draw does not count; before 2026-12-06 a warm one did, 4 tankers more on a 12-day line)."""
        attacks = self.template.attacks
        return float(sum(n for a, n in self._destroyed_by_attack(drawn).items() if attacks[a].day < self.days))

    def _destroyed_by_attack(self, drawn: dict[int, float]) -> dict[int, float]:
        """Template attack index -> tankers it destroys in the draw
        (:func:`~supplychain.models.timeline.destroyed_tankers` over every attack of the
        template: the file's with their tankers, the drawn ones with ``drawn``'s, 0 if not drawn)."""
        from supplychain.models.timeline import destroyed_tankers

        attacks = self.template.attacks
        fleet = self.ctx.params.fleet
        # A myopic plan's attacks destroy the tankers whose cargo they found (self.given).
        tankers = [(attack.day, self.given[a] if a in self.given else drawn.get(a, 0.0) if a >= self.offset
                    else attack.tankers) for a, attack in enumerate(attacks)]  # fmt: skip
        destroyed = destroyed_tankers(tankers, self.ctx.timeline.starting_fleet(fleet.tankers) if fleet.enabled else None)
        return dict(enumerate(destroyed))

    def _fleet(self, drawn: dict[int, float]) -> np.ndarray:
        """Each day's fleet row bound: the template's fleet (the starting fleet less the file's
        attacks; its drawn attacks carry 0 tankers) less the draw's attacks so far, less the
        row's constant."""
        lost = np.zeros(self.days)
        for a in drawn:
            lost[self.template.attacks[a].day] += drawn[a]
        return np.maximum(self.fleet_base - np.cumsum(lost), 0.0) - self.fleet_offset

    def rows(self, draw: int, status: str, drawn: dict[int, float], cols: np.ndarray | None) -> list[dict[str, Any]]:
        """One row per city of one draw's solution."""
        tl = self.template
        attacks = sorted((tl.attacks[a].day, tl.attacks[a].label.removesuffix(" (drawn)")) for a in drawn)
        common: dict[str, Any] = {
            "draw": draw, "status": status, "attacks": len(drawn),
            "attack_days": ";".join(f"{label}@{day}" for day, label in attacks),
            "method": self.method,
            "tankers_lost": self._tankers_lost(drawn),
            "cargo_lost_m3": math.nan,
        }  # fmt: skip
        if cols is None:
            return _no_plan_rows(common, [name for name, *_ in self.cities])
        lost = [c for a in (*range(self.offset), *drawn) for c in self.lost_cols.get(a, ())]
        common["cargo_lost_m3"] = float(cols[lost].sum()) if lost else 0.0
        out = []
        for (name, demand, deliver, _, init, unmet_cols), level in zip(self.cities, self._stocks(cols), strict=True):
            delivered = _clean(cols[deliver].sum(axis=0))
            stock = _clean(np.concatenate([[init], level]))
            unmet = _clean(cols[unmet_cols]) if unmet_cols is not None else np.maximum(demand - delivered, 0.0)
            unmet = np.where(unmet < 1e-6, 0.0, unmet)
            # With a backlog a day's unmet is its queue: count each m3 once, as the cold rows
            # do (TimelineResult.shortfall); before 2026-12-03 the queues were summed.
            shortfall = backlog_shortfall(unmet, self.backlog) if unmet_cols is not None else unmet
            out.append({**common, "city": name, "delivered_m3": float(delivered.sum()),
                        "unmet_m3": float(shortfall.sum()), **_dry_and_short(demand, unmet, stock)})
        return out


def _clean(x: np.ndarray) -> np.ndarray:
    return np.where(np.abs(x) < 1e-9, 0.0, x)


#: Per process: the base solver (``("base", key, time limit)``, the driver's) and the draw
#: solver (``("draw", key, time limit)``) of the current run. The time limit is not part of
#: ``key`` (a run resumes under another one) but is of the cache: a base that stopped at a time
#: limit of 1e-9 s was reused, without a plan, by the next run in the process with 600 s.
_WORKER_CACHE: dict[tuple[str, str, float], _DrawSolver] = {}
#: Per process, the shared start of the myopic draws of one context (:func:`_myopic_start`).
_MYOPIC_CACHE: dict[tuple[str, float], _MyopicStart] = {}


def _solver(ctx: TimelineMCContext, *, base: bool = False) -> _DrawSolver:
    cache = ("base" if base else "draw", ctx.key, ctx.time_limit_s)
    if cache not in _WORKER_CACHE:
        for k in [k for k in _WORKER_CACHE if k[1:] != cache[1:]]:
            del _WORKER_CACHE[k]
        solved = _WORKER_CACHE.get(("base", ctx.key, ctx.time_limit_s))
        if not base and solved is not None and solved.myopic is not None:
            # The driver's myopic draws (and base run) on the base's own instance: every plan
            # sets its solver options and starts from the template's bounds and basis alone
            # (WarmMyopic), as on a worker's, so building a second one (1.2 s on the
            # back-test's template) buys nothing. A perfect-foresight draw runs with the
            # options warm_instance sets, which the base's instance has not.
            _WORKER_CACHE[cache] = solved
        else:
            _WORKER_CACHE[cache] = _DrawSolver(ctx, base=base)
    return _WORKER_CACHE[cache]


def _default_chunk_size(draws: int, workers: int, scheduler: str | None) -> int:
    """Draws per task when none is given: 10 (assumption: a task of 10 cold draws of 180 days
    takes about 30 s, long enough that the pool's cost per task is small), or fewer so that
    each local worker has a chunk; with a Dask scheduler (workers unknown here) 10. With 10
    draws on 2 workers every draw went to one chunk, so one worker solved them all.

    Examples
    --------
    >>> _default_chunk_size(10, 2, None), _default_chunk_size(200, 2, None), _default_chunk_size(3, 8, None)
    (5, 10, 1)
    >>> _default_chunk_size(10, 1, None), _default_chunk_size(10, 2, "tcp://host:8786")
    (10, 10)
    """
    if scheduler is not None or not isinstance(workers, int) or workers <= 1 or draws < 1:
        return 10
    return max(1, min(10, -(-draws // workers)))


def _draw_chunk(task: tuple[int, int], ctx: TimelineMCContext) -> pd.DataFrame:
    """Draws ``start .. start + count`` (each with its own seeded generator)."""
    start, count = task
    rows: list[dict[str, Any]] = []
    for draw in range(start, start + count):
        hits = draw_attacks(ctx.risks, ctx.timeline.days, ctx.seed, draw)
        with per_item():  # the run logs one line; each draw's solve logs at -vv
            if ctx.warm and not _draws_cold(ctx):
                solver = _solver(ctx)  # one per process: a Dask worker runs one task at a time
                rows += solver.rows(draw, *solver.solve(hits))
            else:
                rows += _cold_draw(ctx, draw, hits)
    return pd.DataFrame(rows)


def _draws_cold(ctx: TimelineMCContext) -> bool:
    """Whether ``ctx``'s ``--warm`` draws are each built and solved on their own (by
    :func:`_cold_draw`, as without ``--warm``): its template has no basis to start from (more
    rows than :data:`WARM_MAX_ROWS`, or its base solve failed) or, myopic, the first plan's
    basis did not re-run optimal. Before 2026-12-06 a perfect-foresight draw without a basis
    was built with every zero-tanker attack of the template, in each worker beside the
    template itself, and a myopic one only after the template's base solve had been tried."""
    return ctx.warm and (ctx.base_basis is None or (ctx.foresight == "myopic" and _solver(ctx).myopic is None))


def _drawn(ctx: TimelineMCContext, hits: np.ndarray) -> list[Attack]:
    return [Attack(ctx.risks[int(k)].label, int(t), ctx.tankers_per_attack, ctx.risks[int(k)].segments)
            for k, t in zip(*np.nonzero(hits), strict=True)]  # fmt: skip


def _cold_draw(ctx: TimelineMCContext, draw: int, hits: np.ndarray) -> list[dict[str, Any]]:
    """One draw built and solved on its own: the timeline with its attacks, goal 1 (myopic:
    :func:`_myopic_draw`)."""
    attacks = _drawn(ctx, hits)
    if ctx.foresight == "myopic":
        return _result_rows(draw, _myopic_draw(ctx, attacks), attacks, "myopic", _myopic_start(ctx).cities)
    model, result = _solve_alone(ctx, attacks)
    return _result_rows(draw, result, attacks, _cold_method(ctx), _city_names(model))


def _solve_alone(ctx: TimelineMCContext, attacks: Sequence[Attack]) -> tuple[TimelineModel, TimelineResult]:
    """Goal 1 of the base timeline with ``attacks`` added, perfect foresight, built and solved
    on its own (:func:`_goal1`). The (last) model built and its result."""
    return _goal1(ctx, replace(ctx.timeline, attacks=(*ctx.timeline.attacks, *attacks)))


def _goal1(ctx: TimelineMCContext, timeline: Timeline, arcs: list[Any] | None = None
           ) -> tuple[TimelineModel, TimelineResult]:  # fmt: skip
    """Goal 1 of ``timeline`` (on ``arcs`` when given): with ``ctx.arc_pricing`` its arcs priced
    in from the steady state's (as ``supplychain timeline`` starts; not from another draw's
    arcs, so that a draw's figures do not depend on which draws its process solved before),
    else the whole model. The (last) model built and its result."""
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.models.timeexp_price import solve_priced

    if ctx.arc_pricing:
        return solve_priced(ctx.graph, ctx.params, timeline, arcs=arcs, time_limit_s=ctx.time_limit_s,
                            lexicographic=False)  # fmt: skip
    model = build_timeline_model(ctx.graph, ctx.params, timeline, arcs=arcs)
    return model, solve_timeline(model, time_limit_s=ctx.time_limit_s, lexicographic=False)


@dataclass
class _MyopicStart:
    """What every myopic draw of a context shares, solved once per process: the arcs (the
    exact reduction keeping every risk's roads, so that every draw's models have the same
    columns) and the first plan, which knows none of the attacks from day 0 on."""

    arcs: list[Any]
    model: TimelineModel
    result: TimelineResult
    cities: list[str]
    #: Seconds to reduce the arcs, build and solve the first plan.
    seconds: float = 0.0


def _myopic_start(ctx: TimelineMCContext) -> _MyopicStart:
    """The shared start of ``ctx``'s myopic draws, solved on first use in this process and kept
    (one context at a time)."""
    cache = (ctx.key, ctx.time_limit_s)
    if cache not in _MYOPIC_CACHE:
        from supplychain.models.timeexp_myopic import first_plan_timeline
        from supplychain.models.timeexp_price import exact_arcs

        _MYOPIC_CACHE.clear()
        began = time.perf_counter()
        tl = ctx.timeline
        every = replace(tl, attacks=(*tl.attacks, *(Attack(r.label, r.first, 0.0, r.segments) for r in ctx.risks)))
        arcs = exact_arcs(ctx.graph, ctx.params, every)
        model, result = _goal1(ctx, first_plan_timeline(tl), arcs)
        _MYOPIC_CACHE[cache] = _MyopicStart(arcs, model, result, _city_names(model), time.perf_counter() - began)
    return _MYOPIC_CACHE[cache]


def _myopic_draw(ctx: TimelineMCContext, attacks: Sequence[Attack]) -> TimelineResult:
    """The base timeline with ``attacks`` added, planned without foresight, goal 1."""
    from supplychain.models.timeexp_myopic import solve_myopic

    start = _myopic_start(ctx)
    timeline = replace(ctx.timeline, attacks=(*ctx.timeline.attacks, *attacks))
    return solve_myopic(ctx.graph, ctx.params, timeline, arcs=start.arcs, first=(start.model, start.result),
                        time_limit_s=ctx.time_limit_s, lexicographic=False, arc_pricing=ctx.arc_pricing)  # fmt: skip


#: Statuses of a draw with a plan (its figures known), as in the rest of the timeline code
#: (:mod:`~supplychain.models.timeline_result`, the closure sweeps): "feasible" is a whole-convoy
#: solve stopped at its limit with a plan. Before 2026-12-05 :func:`draw_statistics` counted
#: only "optimal", so a "feasible" draw, whose rows have figures, was a draw without a plan.
_WITH_PLAN = ("optimal", "feasible")


def _no_plan_rows(common: dict[str, Any], cities: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of a draw (or base) without a plan, warm or cold: one per city, every figure
    NaN (the tankers lost too, as ``supplychain timeline`` reports none without a plan).
    Before 2026-12-03 a cold draw wrote one row with city "" and a warm one the tankers lost."""
    common = {**common, "tankers_lost": math.nan, "cargo_lost_m3": math.nan}
    return [{**common, "city": name, "delivered_m3": math.nan, "unmet_m3": math.nan,
             "first_dry_day": math.nan, "dry_days": math.nan, "first_short_day": math.nan,
             "short_days": math.nan} for name in cities]  # fmt: skip


def _city_names(model: TimelineModel) -> list[str]:
    """The cities of ``model`` (its demand nodes, named as the rows name them), in its order."""
    return [str(model.graph.nodes[n].get("name") or n) for n in model.demand_m3]


def _result_rows(draw: int, result: TimelineResult, attacks: Sequence[Attack], method: str,
                 cities: Sequence[str]) -> list[dict[str, Any]]:  # fmt: skip
    """One row per city of a solved timeline (``attacks``: the drawn ones; ``cities``: the
    model's, for the rows of a timeline without a plan)."""
    ok = result.status in _WITH_PLAN
    common: dict[str, Any] = {
        "draw": draw, "status": result.status, "attacks": len(attacks),
        "attack_days": ";".join(f"{a.label}@{a.day}" for a in sorted(attacks, key=lambda a: (a.day, a.label))),
        "method": method,
        "tankers_lost": float(result.tankers_lost[-1]) if ok and len(result.tankers_lost) else math.nan,
        "cargo_lost_m3": float(result.cargo_lost_m3.sum()) if ok else math.nan,
    }  # fmt: skip
    if not ok:
        return _no_plan_rows(common, cities)
    out = []
    for name, c in result.cities.items():
        out.append({**common, "city": name, "delivered_m3": float(c["delivered"].sum()),
                    "unmet_m3": float(result.shortfall(name).sum()),
                    **_dry_and_short(c["demand"], c["unmet"], c["stock"])})  # fmt: skip
    return out


def _dry_and_short(demand: np.ndarray, unmet: np.ndarray, stock: np.ndarray) -> dict[str, Any]:
    """A city's ``first_dry_day`` and ``dry_days`` (it starts the day with an empty stock and
    leaves demand unmet) and ``first_short_day`` and ``short_days`` (it leaves demand unmet,
    stock or not: a city keeping stock for a higher-priority block later is short, not dry), by
    the rules of ``supplychain timeline``'s text (:func:`dry_days`, :func:`short_days`); NaN
    first days when never.

    >>> _dry_and_short(np.array([10.0, 10, 10]), np.array([4.0, 0, 10]), np.array([3.0, 0, 0]))
    {'first_dry_day': 2.0, 'dry_days': 1, 'first_short_day': 0.0, 'short_days': 2}
    """
    dry = dry_days(demand, unmet, stock)
    short = short_days(demand, unmet)
    first_dry, first_short = np.nonzero(dry)[0], np.nonzero(short)[0]
    return {"first_dry_day": float(first_dry[0]) if len(first_dry) else math.nan, "dry_days": int(dry.sum()),
            "first_short_day": float(first_short[0]) if len(first_short) else math.nan,
            "short_days": int(short.sum())}  # fmt: skip


# --- driver side -----------------------------------------------------------------------------


def timeline_monte_carlo(
    ctx: TimelineMCContext,
    *,
    draws: int = 100,
    out: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    csv: bool = False,
    command: Mapping[str, Any] | None = None,
) -> SweepResult:
    """Solve ``draws`` timelines, each with attacks drawn on the base timeline (module docstring).

    Parameters
    ----------
    ctx : TimelineMCContext
    draws : int, default 100
    out : str or Path, optional
        Parquet output; finished chunks are kept in ``<out>.parts/`` (locked while running) and
        a re-run with the same inputs resumes; a JSON summary is written beside it.
    workers : int, default 1
        Local processes.
    scheduler : str, optional
        Dask scheduler address; overrides ``workers``.
    chunk_size : int, optional
        Draws per task (the draws do not depend on it). Default: the chunk size of this run
        (same seed, timeline, risks and network) when ``out`` holds it, unfinished or
        finished, else 10, or fewer so that each local worker has a chunk (10 draws on 2
        workers: 5).
    progress : bool, optional
        A progress bar (tqdm's). Default: when standard error is a terminal or in a Jupyter
        notebook (not into a file or a pipe).
    csv : bool, default False
        Also write a CSV.
    command : mapping, optional
        How the caller ran the sweep and the files it read
        (:func:`~supplychain.reports.command_record`): the summary's ``command``, for the
        report's provenance. Not part of the run: a resume or an extension ignores it.

    Returns
    -------
    SweepResult
        ``kind = "timeline-mc"``; one row per draw and city: ``draw``, ``city``,
        ``delivered_m3``, ``unmet_m3``, ``first_dry_day`` (NaN: never dry), ``dry_days``,
        and per draw ``attacks``, ``attack_days`` (``label@day;...``), ``tankers_lost``,
        ``cargo_lost_m3``, ``status`` and ``method`` (``cold``: built and solved on its own,
        ``priced`` with its arcs priced in (``ctx.arc_pricing``);
        with ``warm``: ``warm``, or ``interior point`` / ``primal simplex`` when the warm start
        needed more than 0.3 dual iterations per row (0.8 with at most 10 attacks); with a myopic ``foresight``: ``myopic``,
        its attacks learnt on their days, or with ``warm`` ``myopic warm``, ``myopic primal
        simplex`` or ``myopic interior point``: see the module's text). The summary holds the base run, the distribution
        (mean, P5, P50, P95 with 95 % intervals) of unmet demand and of tankers lost, and per
        city the probability of running dry within the horizon and the distribution of the
        first dry day over the draws where it runs dry.

    Raises
    ------
    ParameterError
        ``draws`` or ``chunk_size`` below 1, ``draws`` above :data:`MAX_DRAWS`, or no risk
        with a probability above 0 (and no risk at all).
    ArgumentTypeError
        If ``draws`` is not a whole number.

    Examples
    --------
    >>> from datetime import date
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters
    >>> from supplychain.scenarios.timeline_stress import load_timeline
    >>> g = build_network()
    >>> tl = load_timeline(None, g, start=date(2026, 1, 1), days=5)
    >>> seg = sorted({d["segment_id"] for *_, d in g.edges(data=True)})[0]
    >>> ctx = TimelineMCContext.create(g, load_model_parameters(), tl,
    ...                                [AttackRisk("x", 0.2, frozenset({seg}), 0, 4)], seed=1)
    >>> r = timeline_monte_carlo(ctx, draws=4, chunk_size=2, progress=False)
    >>> r.summary["draws"]
    4
    """
    if not isinstance(ctx, TimelineMCContext):  # None met an AttributeError (fuzz33)
        raise ArgumentTypeError(f"ctx is a {type(ctx).__name__}; give TimelineMCContext.create(graph, "
                                "params, timeline, risks)")  # fmt: skip
    _check_run_options(workers=workers, out=out, command=command)
    _check_whole("draws", draws)
    problems = []
    if chunk_size is None:  # the run's in --out, so that it can be extended; else a default
        chunk_size = (_extended_chunk_size(out, "timeline-mc", ctx.key, {"seed": ctx.seed}, chunk_free=True)
                      or _default_chunk_size(draws, workers, scheduler))  # fmt: skip
    if draws < 1:
        problems.append(f"draws {draws}: give 1 or more")
    elif (too_many := draws_problem(draws, MAX_DRAWS, "a timeline Monte Carlo", named=f"draws {draws:,}")):
        problems.append(too_many)
    if chunk_size < 1:
        problems.append(f"chunk size {chunk_size}: give 1 or more")
    if not ctx.risks:
        problems.append("no attack risk: give a threat file with attack_probability rules or an "
                        "[incidents] table (see models/threat-*.toml)")  # fmt: skip
    if problems:
        raise ParameterError("Timeline Monte Carlo cannot run", problems=problems)
    begin = time.perf_counter()
    tasks = [(i, (start, min(chunk_size, draws - start)))
             for i, start in enumerate(range(0, draws, chunk_size))]  # fmt: skip
    # Each draw has its own generator, so the chunk size is not part of the run (chunk_free): a
    # run resumed or extended with another --chunk-size keeps its draws, cut into new chunks.
    settings = {"chunk_size": chunk_size, "draws": draws, "seed": ctx.seed}
    template: dict[str, Any] | None = None
    if ctx.warm:  # the base once, here; every worker starts from its basis
        driver = _solver(ctx, base=True)
        ctx = replace(ctx, base_basis=driver.basis_codes())
        template = {"rows": driver.size[0], "columns": driver.size[1], "max_rows": WARM_MAX_ROWS,
                    "tried": not driver.too_large}  # fmt: skip
        if driver.too_large:  # no draw uses it: its memory back (whole Africa: 810,264 columns)
            _WORKER_CACHE.clear()
    spans = {i: (start, start + count) for i, (start, count) in tasks}
    table, store, n_done = _run_stored(_draw_chunk, tasks, ctx, kind="timeline-mc", key=ctx.key,
                                       name=ctx.timeline.name, settings=settings, out=out,
                                       workers=workers, scheduler=scheduler, progress=progress,
                                       draw_spans=spans, about=_about(ctx),
                                       chunk_free=True, needed=("short_days",),
                                       # Before 2026-12-06 no run priced its draws' arcs.
                                       since={"arc_pricing": ("whose draws were solved without arc pricing",
                                                              "--no-arc-pricing")})  # fmt: skip
    table = table.sort_values(["draw", "city"], kind="stable").reset_index(drop=True)
    table = table.drop(columns=["chunk"], errors="ignore")
    elapsed = time.perf_counter() - begin
    if ctx.warm and ctx.foresight == "myopic" and not _draws_cold(ctx):
        # The recorded attacks learnt on their days, as a draw's (none drawn), on a draw solver.
        began = time.perf_counter()
        solver = _solver(ctx)
        base_status, _, cols = solver.solve(np.zeros((len(ctx.risks), ctx.timeline.days), dtype=bool))
        base_rows = solver.rows(-1, base_status, {}, cols)
        base_s = time.perf_counter() - began + _solver(ctx, base=True).base_s
        demand = _demand(solver.model)
    elif ctx.warm and ctx.foresight != "myopic" and ctx.base_basis is not None:
        # The template's base, as the draws re-solved from its basis. Without a basis (the
        # template past the cap, or its solve failed) the draws are built on their own and so
        # is the base, below: the priced draws beside a template's failed base said "no plan"
        # (review28).
        solver = _solver(ctx, base=True)
        assert solver.base is not None
        base_rows = solver.rows(-1, solver.base.status, {}, _base_columns(solver))
        base_status, base_s = solver.base.status, solver.base_s
        demand = _demand(solver.model)
    elif ctx.foresight == "myopic":  # the recorded attacks learnt on their days, as a draw's
        began = time.perf_counter()
        # The first plan counts in the base's time whether this process solved it for its own
        # draws (1 worker) or solves it now (the draws on other processes): it depended on the
        # worker count (0.0002 s on whole Africa on 1 worker, the first plan's 600 s left out).
        shared = (ctx.key, ctx.time_limit_s) in _MYOPIC_CACHE
        base_result = _myopic_draw(ctx, ())
        first = _myopic_start(ctx)
        base_rows = _result_rows(-1, base_result, (), "myopic", first.cities)
        base_status = base_result.status
        base_s = time.perf_counter() - began + (first.seconds if shared else 0.0)
        demand = _demand(first.model)
    else:
        began = time.perf_counter()
        model, base_result = _solve_alone(ctx, ())
        base_rows = _result_rows(-1, base_result, (), _cold_method(ctx), _city_names(model))
        base_status = base_result.status
        base_s = time.perf_counter() - began
        demand = _demand(model)
    summary = _summary(ctx, table, base_rows, base_status, base_s, demand, draws, elapsed, n_done)
    if template is not None:
        summary["template"] = template
    rate = (f"{n_done} chunk(s) resumed" if n_done else
            f"{draws / elapsed if elapsed else math.nan:.2f} draws/s")  # fmt: skip
    logger.info("timeline-mc: %d draws of %d days in %.1f s (%s), unmet mean %.0f m3",
                draws, ctx.timeline.days, elapsed, rate, summary["unmet_m3"]["mean"])  # fmt: skip
    return _done("timeline-mc", table, summary, store, csv, command)


def planned_cold(summary: Mapping[str, Any]) -> str:
    """Why a ``--warm`` timeline-mc run planned every draw cold (built and solved on its own,
    method ``myopic``, ``cold`` or ``priced``), which the command's text and the report say in place of
    "warm"; "" when it did not (or the summary does not say it was ``--warm``).

    Parameters
    ----------
    summary : Mapping
        The run's JSON summary (``warm``, ``methods``, ``template``).

    Returns
    -------
    str
        "its template (N rows) is larger than the M rows a warm start is tried on" when the
        summary's ``template`` says its solve was not tried (:data:`WARM_MAX_ROWS`), else "its
        template had no basis" (its base solve failed); "" when some draw was warm.

    Examples
    --------
    >>> planned_cold({"warm": True, "foresight": "myopic", "methods": {"myopic": 4}})
    'its template had no basis'
    >>> planned_cold({"warm": True, "methods": {"cold": 4},
    ...               "template": {"rows": 65573, "max_rows": 50000, "tried": False}})
    'its template (65,573 rows) is larger than the 50,000 rows a warm start is tried on'
    >>> planned_cold({"warm": True, "foresight": "myopic", "methods": {"myopic warm": 4}})
    ''
    """
    methods = summary.get("methods")
    if not (summary.get("warm") is True and isinstance(methods, Mapping) and bool(methods)
            and set(map(str, methods)) <= {"myopic", "cold", "priced"}):  # fmt: skip
        return ""
    template = summary.get("template")
    if isinstance(template, Mapping) and template.get("tried") is False:
        try:
            return (f"its template ({int(template['rows']):,} rows) is larger than the "
                    f"{int(template['max_rows']):,} rows a warm start is tried on")  # fmt: skip
        except (KeyError, TypeError, ValueError, OverflowError):  # an edited summary: the reason alone
            return "its template is larger than a warm start is tried on"
    return "its template had no basis"


def _about(ctx: TimelineMCContext) -> dict[str, Any]:
    """What the run record names beside its settings (not in the fingerprint: ``ctx.key``
    covers them), so that a folder of another run is refused naming what differs: day 0, the
    horizon, the tankers per attack, ``--warm``, the recorded attacks kept and the tankers
    they destroyed before day 0 (both 0 with ``--drop-recorded-attacks``). Before 2026-12-05
    only day 0 was recorded, and a run with other tankers per attack or ``--warm`` was told
    its chunk size differed; before 2026-12-06 a run with a ``--start`` after the file's
    attacks, resumed with the other ``--drop-recorded-attacks`` (0 recorded attacks kept
    either way), was told its network, parameters, scenario or horizon differed (fuzz24)."""
    tl = ctx.timeline
    return {"start": str(tl.start), "days": tl.days, "tankers_per_attack": ctx.tankers_per_attack,
            "warm": ctx.warm, "recorded_attacks": len(tl.attacks),
            "tankers_lost_before_start": float(tl.fleet_lost_before_start), "foresight": ctx.foresight,
            "arc_pricing": ctx.arc_pricing}


def _demand(model: TimelineModel) -> float:
    """Total demand over the horizon (m³, after rationing): the model's own daily figures
    (:attr:`~supplychain.models.timeexp.TimelineModel.demand_m3`, from
    :func:`~supplychain.models.timeexp.define_demand`), so the rule is in one place. The
    template of ``--warm`` holds the same demand: its added attacks carry no tanker.
    """
    return sum(float(d.sum()) for d in model.demand_m3.values())


def draw_statistics(table: pd.DataFrame) -> dict[str, Any]:
    """What the summary says of the draws, computed from a :func:`timeline_monte_carlo` table
    alone (the report uses it for a table without its summary; the summary, with it).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per draw and city (``draw``, ``city``, ``status``, ``unmet_m3``,
        ``first_dry_day``, ``tankers_lost``; ``dry_days`` and ``short_days`` when present).

    Returns
    -------
    dict
        ``unmet_m3`` and ``tankers_lost`` (:func:`distribution_stats` over the draws with a
        plan; unmet summed over the cities), ``per_draw_unmet_m3`` (those sums, by draw),
        ``failed_draws`` and ``cities``: per city ``p_dry`` (share of its draws with a plan
        where it runs dry), ``first_dry_day_when_dry`` (None when never), ``dry_days`` and
        ``unmet_m3``; with a ``short_days`` column (tables written since 2026-12-06) also
        ``p_short`` (share of its draws with a plan where it leaves demand unmet on some day,
        stock or not) and ``short_days``.

    Examples
    --------
    >>> t = pd.DataFrame({"draw": [0, 0, 1, 1], "city": ["A", "B"] * 2, "status": ["optimal"] * 4,
    ...                   "unmet_m3": [5.0, 0.0, 0.0, 0.0], "first_dry_day": [3.0, None, None, None],
    ...                   "tankers_lost": [40.0, 40.0, 0.0, 0.0], "dry_days": [2, 0, 0, 0]})
    >>> s = draw_statistics(t)
    >>> s["per_draw_unmet_m3"], s["cities"]["A"]["p_dry"], s["cities"]["B"]["first_dry_day_when_dry"]
    ([5.0, 0.0], 0.5, None)
    """
    per_draw = table.groupby("draw").agg(unmet_m3=("unmet_m3", "sum"), tankers_lost=("tankers_lost", "first"),
                                         status=("status", "first"))  # fmt: skip
    ok = per_draw[per_draw["status"].isin(_WITH_PLAN)]
    cities: dict[str, Any] = {}
    for name, group in table[table["status"].isin(_WITH_PLAN)].groupby("city", sort=True):
        dry = pd.to_numeric(group["first_dry_day"], errors="coerce").dropna().to_numpy(float)
        days = group["dry_days"] if "dry_days" in group.columns else pd.Series(math.nan, index=group.index)
        cities[str(name)] = {
            "p_dry": float(len(dry) / len(group)) if len(group) else math.nan,
            "first_dry_day_when_dry": distribution_stats(dry) if len(dry) else None,
            "dry_days": distribution_stats(days.to_numpy(float)),
            "unmet_m3": distribution_stats(group["unmet_m3"].to_numpy(float)),
        }  # fmt: skip
        if "short_days" in group.columns:  # tables written before 2026-12-06 have none
            short = pd.to_numeric(group["short_days"], errors="coerce").to_numpy(float)
            cities[str(name)]["p_short"] = float((short > 0).mean()) if len(short) else math.nan
            cities[str(name)]["short_days"] = distribution_stats(short)
    return {"unmet_m3": distribution_stats(ok["unmet_m3"].to_numpy(float)),
            "tankers_lost": distribution_stats(ok["tankers_lost"].to_numpy(float)),
            "per_draw_unmet_m3": [float(v) for v in ok["unmet_m3"]],
            "failed_draws": int((~per_draw["status"].isin(_WITH_PLAN)).sum()), "cities": cities}  # fmt: skip


def _summary(ctx: TimelineMCContext, table: pd.DataFrame, base_rows: list[dict[str, Any]],
             base_status: str, base_s: float, demand: float, draws: int, elapsed: float,
             resumed_chunks: int) -> dict[str, Any]:  # fmt: skip
    tl = ctx.timeline
    stats = draw_statistics(table)
    per_draw = table.groupby("draw").agg(attacks=("attacks", "first"))
    cities: dict[str, Any] = {}
    for name, city in stats["cities"].items():
        base_row = next((r for r in base_rows if r["city"] == name), None) or {
            "first_dry_day": math.nan, "unmet_m3": math.nan}
        base_short = base_row.get("short_days", math.nan)
        cities[name] = {
            **city,
            "base_first_dry_day": None if math.isnan(base_row["first_dry_day"]) else int(base_row["first_dry_day"]),
            "base_unmet_m3": base_row["unmet_m3"],
            "base_short_days": None if math.isnan(base_short) else int(base_short),
        }  # fmt: skip
    ok_unmet = np.asarray(stats["per_draw_unmet_m3"], dtype=float)
    return {
        "sweep": "timeline-mc", "scenario": tl.name, "source": tl.source,
        "network": ctx.graph.graph.get("source", ""), "start": str(tl.start), "days": tl.days,
        "draws": int(draws), "seed": ctx.seed, "tankers_per_attack": ctx.tankers_per_attack,
        "draw_rule": "per risk and day of its window, an attack with probability attack_probability "
                     "(read as a daily chance); each destroys tankers_per_attack loaded tankers "
                     "and their cargo on the risk's segments; seed: SeedSequence(seed, spawn_key=(draw,))",
        "risks": [{"label": r.label, "probability_per_day": r.probability_per_day,
                   "first_day": r.first, "last_day": r.last, "segments": sorted(r.segments),
                   "idle_days": sorted(r.idle_days), "expected_attacks": r.expected_attacks}
                  for r in ctx.risks],
        "recorded_attacks": len(tl.attacks),
        # Tankers the file's attacks destroyed before day 0 (off the fleet of every draw).
        "tankers_lost_before_start": float(tl.fleet_lost_before_start),
        "demand_m3": demand,
        "warm": ctx.warm, "foresight": ctx.foresight, "arc_pricing": ctx.arc_pricing,
        "base": _base_summary(ctx, base_rows, base_status, base_s),
        "unmet_m3": stats["unmet_m3"],
        "unmet_pct": distribution_stats(100.0 * ok_unmet / demand) if demand else None,
        "tankers_lost": stats["tankers_lost"],
        "attacks": distribution_stats(per_draw["attacks"].to_numpy(float)),
        "failed_draws": stats["failed_draws"],
        "methods": {str(k): int(v) for k, v in table.groupby("draw")["method"].first().value_counts().items()},
        "cities": cities,
        "elapsed_s": elapsed, "resumed_chunks": resumed_chunks,
        "draws_per_s": draws / elapsed if elapsed > 0 and not resumed_chunks else None,
    }  # fmt: skip


def _base_summary(ctx: TimelineMCContext, base_rows: list[dict[str, Any]], status: str,
                  seconds: float) -> dict[str, Any]:  # fmt: skip
    """The summary's ``base``: status, unmet and delivered m³, time; and, when the base run has
    no plan (its figures NaN), a ``note`` saying so and what it means for the draws (the text
    printed "base run: unmet nan m3" before 2026-12-03)."""
    out: dict[str, Any] = {"status": status, "unmet_m3": float(sum(r["unmet_m3"] for r in base_rows)),
                           "delivered_m3": float(sum(r["delivered_m3"] for r in base_rows)),
                           "build_and_solve_s": seconds}  # fmt: skip
    if any(math.isnan(r["unmet_m3"]) for r in base_rows) or not base_rows:
        out["note"] = (f"the base run (no drawn attack) has no plan (status {status}): its unmet "
                       "demand and dry days are unknown, so no draw can be compared with it"
                       + ("; with no base basis to start from, each draw is built and solved on "
                          f"its own (method {_cold_method(ctx)})" if ctx.warm else ""))  # fmt: skip
    return out


def _cold_method(ctx: TimelineMCContext) -> str:
    """The ``method`` of ``ctx``'s draws built and solved on their own (:func:`_cold_draw`)."""
    return "myopic" if ctx.foresight == "myopic" else "priced" if ctx.arc_pricing else "cold"


def _base_columns(solver: _DrawSolver) -> np.ndarray | None:
    """Column values of the base solve (no drawn attack)."""
    if solver.base is None or solver.base.status != "optimal":
        return None
    variables = solver.model.problem.variables()
    cols = np.zeros(len(variables))
    for var in variables:
        cols[var.index] = var.varValue or 0.0
    return cols
