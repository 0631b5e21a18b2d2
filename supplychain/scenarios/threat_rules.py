"""Threat rules: one selector and its effects, and the ``[incidents]`` settings, as read.

Holds :data:`SELECTOR_KEYS`, :class:`ThreatRule` (a ``[[rule]]`` table checked: selector,
effects, attack probability, dates for the time-expanded model; :meth:`ThreatRule.select`
applies its selector to a network) and :class:`IncidentSettings` (the ``[incidents]`` table).
The file format and :func:`~supplychain.scenarios.threats.load_threat` are in
:mod:`supplychain.scenarios.threats`, which re-exports these names.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from supplychain.errors import ParameterError
from supplychain.models.scenario import Effect
from supplychain.scenarios.incidents import (
    DEFAULT_BASE_PROBABILITY,
    DEFAULT_BUFFER_KM,
    DEFAULT_HALF_LIFE_DAYS,
    Incident,
)
from supplychain.scenarios.selectors import (
    select_bbox,
    select_border_posts,
    select_corridor,
    select_near,
    select_polygon_file,
    select_ref,
    select_segments,
    select_unposted,
)

__all__ = ["SELECTOR_KEYS", "IncidentSettings", "ThreatRule"]


#: Keys that select what a rule applies to; a rule has exactly one.
SELECTOR_KEYS: tuple[str, ...] = (
    "segments", "ref", "corridor", "border_posts", "bbox", "polygon", "near", "unposted",
)  # fmt: skip


@dataclass(frozen=True)
class ThreatRule:
    """One rule: a selector and what happens to the selected segments (or border posts).

    Parameters
    ----------
    selector : str
        One of :data:`SELECTOR_KEYS`.
    value : Any
        The selector's value (list of ids or names, road number, corridor, bbox, path, place;
        ``True`` for ``unposted``).
    effect : Effect or None
        Deterministic effect, or ``None`` when the rule only has an attack probability.
    attack_probability : float
        Chance per draw that everything selected is closed (0 for none).
    label : str
        Name used in explanations.
    between : (str, str) or None
        For ``ref``: the two places.
    radius_km : float or None
        For ``near``.
    source : str
        File the rule comes from.
    key : str
        ``rule[i]`` in that file.
    start, end : datetime.date or None
        ``from`` / ``to`` dates (inclusive) for the time-expanded model; steady-state
        commands apply every rule whatever its dates.
    escort_required : bool
        Time-expanded model: fuel crosses the selection only in escorted convoys.
    convoy_tankers, escort_rest_days : float or None
        Convoy size limit and escort rest time (default: the storage parameter file's).
    optional : bool
        The selection may be empty on some networks (a road that only imported layers have):
        a rule that selects nothing is then logged at INFO, not warned about.

    Examples
    --------
    >>> ThreatRule("ref", "RN7", Effect(closed=True), 0.0, "x").where
    'road RN7'
    """

    selector: str
    value: Any
    effect: Effect | None
    attack_probability: float
    label: str
    between: tuple[str, str] | None = None
    radius_km: float | None = None
    source: str = ""
    key: str = "rule"
    start: date | None = None
    end: date | None = None
    escort_required: bool = False
    convoy_tankers: float | None = None
    escort_rest_days: float | None = None
    optional: bool = False

    @property
    def where(self) -> str:
        """The selector in words."""
        if self.selector == "ref":
            span = f" between {self.between[0]} and {self.between[1]}" if self.between else ""
            return f"road {self.value}{span}"
        if self.selector == "near":
            return f"within {self.radius_km:g} km of {self.value}"
        if self.selector in ("segments", "border_posts"):
            return f"{self.selector.replace('_', ' ')} {', '.join(self.value)}"
        if self.selector == "unposted":
            return "roads across the border that pass no border post"
        return f"{self.selector} {self.value}"

    @property
    def what(self) -> str:
        """The effects in words."""
        parts = []
        if self.effect is not None:
            if self.effect.closed:
                parts.append("closed")
            if self.effect.capacity_factor != 1.0:
                parts.append(f"capacity x{self.effect.capacity_factor:g}")
            if self.effect.loss_probability:
                parts.append(f"loss {self.effect.loss_probability:g}")
        if self.escort_required:
            parts.append("escort required")
        if self.attack_probability:
            parts.append(f"attack p {self.attack_probability:g}")
        return ", ".join(parts) or "no effect"

    def log_empty(self, log: logging.Logger, message: str, *args: object) -> None:
        """Log that the rule selects nothing on a network: a warning unless it is ``optional``.

        Parameters
        ----------
        log : logging.Logger
            The caller's logger.
        message, *args
            The %-style message and its arguments.

        Examples
        --------
        >>> ThreatRule("bbox", (0, 0, 1, 1), None, 0.5, "x", optional=True).log_empty(
        ...     logging.getLogger("doc"), "%s selects nothing", "x")
        """
        log.log(logging.INFO if self.optional else logging.WARNING, message, *args, stacklevel=2)

    def select(self, graph: nx.MultiDiGraph) -> tuple[dict[str, str], dict[str, str]]:
        """Segments and border posts selected on ``graph``, each with an explanation.

        Parameters
        ----------
        graph : networkx.MultiDiGraph

        Returns
        -------
        (dict of str to str, dict of str to str)
            Segment id to explanation; node name to explanation.

        Raises
        ------
        ParameterError, DataFileError
            From the selector (unknown segment, place, road, corridor; bad polygon file).
        """
        if self.selector == "segments":
            return select_segments(graph, self.value), {}
        if self.selector == "ref":
            return select_ref(graph, self.value, between=self.between), {}
        if self.selector == "corridor":
            return select_corridor(graph, self.value), {}
        if self.selector == "border_posts":
            return {}, select_border_posts(graph, self.value)
        if self.selector == "bbox":
            return select_bbox(graph, self.value), {}
        if self.selector == "polygon":
            return select_polygon_file(graph, self.value), {}
        if self.selector == "near":
            return select_near(graph, self.value, float(self.radius_km or 0.0)), {}
        if self.selector == "unposted":
            return select_unposted(graph), {}
        raise ParameterError(f"selector {self.selector!r}; expected one of {SELECTOR_KEYS}")


@dataclass(frozen=True)
class IncidentSettings:
    """The ``[incidents]`` table: which incidents and how they turn into attack probabilities.

    Parameters
    ----------
    file : Path
        The ACLED or UCDP GED CSV.
    incidents : tuple of Incident
        The incidents read (already filtered by date range and event types).
    buffer_km, half_life_days, base_probability : float
        See :func:`~supplychain.scenarios.incidents.incident_threat`.
    reference_date : datetime.date or None
        Default: the latest incident.
    source : str
        The threat file holding the table.

    Examples
    --------
    >>> IncidentSettings(Path("x.csv"), ()).buffer_km
    10.0
    """

    file: Path
    incidents: tuple[Incident, ...]
    buffer_km: float = DEFAULT_BUFFER_KM
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    base_probability: float = DEFAULT_BASE_PROBABILITY
    reference_date: date | None = None
    source: str = ""
