"""Scenarios: effects on segments and nodes (closed, capacity factor, loss probability).

A scenario file in ``models/`` lists segments (by ``segment_id``) and nodes (by place or node
name) with their effects::

    name = "Kayes axis closed"
    [[segment]]
    id = "RN1:Kayes-Diéma"
    closed = true
    [[node]]
    name = "Kidira-Diboli border"
    capacity_factor = 0.5       # convoy-only
    loss_probability = 0.02     # expected share of fuel destroyed
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from supplychain._names import suggest
from supplychain._paths import as_path
from supplychain._problems import raise_summarised
from supplychain._toml import Checker, one_line_problem, read_toml
from supplychain.errors import ArgumentTypeError, ParameterError

__all__ = ["Effect", "Scenario", "load_scenario"]

logger = logging.getLogger(__name__)

_EFFECT_KEYS = {"closed", "capacity_factor", "loss_probability"}


@dataclass(frozen=True)
class Effect:
    """What a scenario does to one segment or node.

    Parameters
    ----------
    closed : bool
        No fuel passes.
    capacity_factor : float
        Share of capacity left (0..1), e.g. 0.3 for convoy-only traffic.
    loss_probability : float
        Expected share of the fuel entering that is destroyed (0..1).

    Examples
    --------
    >>> Effect(capacity_factor=0.5).combine(Effect(loss_probability=0.5))
    Effect(closed=False, capacity_factor=0.5, loss_probability=0.5)
    """

    closed: bool = False
    capacity_factor: float = 1.0
    loss_probability: float = 0.0

    def __post_init__(self) -> None:
        # Scenario files are checked by their reader (naming file and key); an effect built in
        # code was not: capacity_factor=3 gave a throughput above the baseline ("lost -83.7 %").
        problems = [
            f"{name}={value!r}: give a share between 0 and 1 ({hint})"
            for name, value, hint in (
                ("capacity_factor", self.capacity_factor, "0.3 for convoy-only traffic"),
                ("loss_probability", self.loss_probability, "0.05 for 5 % of the fuel destroyed"),
            )
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0
        ]
        if not isinstance(self.closed, bool):
            problems.append(f"closed={self.closed!r}: give True or False")
        if problems:
            raise ParameterError("Effect is not valid", problems=problems)

    @property
    def effective_capacity_factor(self) -> float:
        """Share of capacity left (0..1): 0 when closed, else the capacity factor."""
        return 0.0 if self.closed else self.capacity_factor

    def combine(self, other: Effect) -> Effect:
        """Both effects at once: closed if either is, factors multiply, losses compound.

        Parameters
        ----------
        other : Effect

        Returns
        -------
        Effect
            A new effect; the loss probability is ``1 - (1 - p1) * (1 - p2)``.

        Examples
        --------
        >>> e = Effect(capacity_factor=0.5, loss_probability=0.1)
        >>> e.combine(Effect(capacity_factor=0.5, loss_probability=0.1)).capacity_factor
        0.25
        >>> round(e.combine(Effect(loss_probability=0.1)).loss_probability, 4)
        0.19
        """
        return Effect(
            closed=self.closed or other.closed,
            capacity_factor=self.capacity_factor * other.capacity_factor,
            loss_probability=1 - (1 - self.loss_probability) * (1 - other.loss_probability),
        )


@dataclass(frozen=True)
class Scenario:
    """A named set of effects on segments (by id) and nodes (by name).

    Parameters
    ----------
    name : str
    segments : dict of str to Effect
        Effect per ``segment_id`` (both directions of the segment).
    nodes : dict of str to Effect
        Effect per node name (place or town).
    description : str
    source : str
        File it came from (or ``""`` when built in code).

    Examples
    --------
    >>> Scenario.baseline().is_baseline
    True
    """

    name: str
    segments: dict[str, Effect] = field(default_factory=dict)
    nodes: dict[str, Effect] = field(default_factory=dict)
    description: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        # Files are checked by their reader; a scenario built in code was not: a list of ids
        # for segments, or {"id": {"closed": True}}, failed in the model builder with an
        # AttributeError ('list' object has no attribute 'get').
        problems = []
        if not isinstance(self.name, str):
            problems.append(f"name = {self.name!r}: give a str")
        for what, table, example in (("segments", self.segments, "'RN1:Kayes-Diéma'"),
                                     ("nodes", self.nodes, "'Gogui border'")):  # fmt: skip
            if not isinstance(table, Mapping):
                problems.append(f"{what} is a {type(table).__name__}: give a dict of "
                                f"{what[:-1]} to Effect, e.g. {{{example}: Effect(closed=True)}}")  # fmt: skip
                continue
            problems += [f"{what}[{key!r}] = {value!r}: give an Effect, e.g. Effect(closed=True)"
                         for key, value in table.items() if not isinstance(value, Effect)]  # fmt: skip
            problems += [f"{what} key {key!r} is a {type(key).__name__}: give the "
                         f"{'segment id' if what == 'segments' else 'node name'} as a str"
                         for key in table if not isinstance(key, str)]  # fmt: skip
        if problems:
            raise ArgumentTypeError(f"Scenario {self.name!r} is not valid", problems=problems)

    @classmethod
    def baseline(cls) -> Scenario:
        """The undisturbed network: no effect on any segment or node.

        Returns
        -------
        Scenario
            Named ``baseline``.

        Examples
        --------
        >>> s = Scenario.baseline()
        >>> s.name, s.is_baseline, s.description
        ('baseline', True, 'undisturbed network')
        """
        return cls("baseline", description="undisturbed network")

    @property
    def is_baseline(self) -> bool:
        """True when the scenario changes nothing."""
        return not self.segments and not self.nodes

    def check_against(self, graph: nx.MultiDiGraph) -> None:
        """Raise if the scenario names a segment or node the network does not have.

        Parameters
        ----------
        graph : networkx.MultiDiGraph

        Raises
        ------
        ParameterError
            Listing every unknown segment id and node name.
        """
        # .get: an edge without one met a KeyError ('segment_id'); the model builders' and
        # SweepContext.create's validate_model_inputs name it (api37).
        seg_ids = {d.get("segment_id") for _, _, d in graph.edges(data=True)}
        names = {d.get("name") for _, d in graph.nodes(data=True) if d.get("name")}
        where = f"'{Path(self.source).name}'" if self.source else f"scenario '{self.name}'"
        problems = [
            f"{where} segment '{s}' is not in the network; list ids with "
            "`supplychain network info --segments`"
            for s in self.segments
            if s not in seg_ids
        ]
        problems += [
            f"{where} node '{n}' is not a named node of the network; {suggest(n, map(str, names), 'places')}"
            for n in self.nodes if n not in names
        ]
        if problems:
            raise_summarised(f"Scenario '{self.name}' does not match the network", problems,
                             items="entries")  # fmt: skip


def _effect(chk: Checker, table: dict[str, Any], prefix: str) -> Effect | None:
    closed = chk.flag(table, "closed", prefix, default=False)
    if closed is None:
        return None
    factor = chk.number(table, "capacity_factor", prefix, minimum=0.0, maximum=1.0)
    loss = chk.number(table, "loss_probability", prefix, minimum=0.0, maximum=1.0)
    if not closed and factor is None and loss is None and not (set(table) & _EFFECT_KEYS):
        chk.add(prefix.rstrip("."), "no effect; give closed, capacity_factor or loss_probability")
        return None
    return Effect(closed, 1.0 if factor is None else factor, 0.0 if loss is None else loss)


#: Named when a top-level key is unknown: the file may be meant as a threat or timeline file
#: (their keys: supplychain.scenarios.threats; a test keeps the two lists equal).
_OTHER_FORMATS = ("; a threat or timeline file has description, event, incidents, inherits, name, "
                  "rule, timeline")  # fmt: skip


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        TOML file with ``name``, optional ``description``, ``[[segment]]`` (``id``) and
        ``[[node]]`` (``name``) tables carrying ``closed``, ``capacity_factor`` (0..1),
        ``loss_probability`` (0..1).

    Returns
    -------
    Scenario

    Raises
    ------
    DataFileError
        If the file is missing or not TOML.
    ParameterError
        Naming file, key and the expected value for every problem.

    Examples
    --------
    >>> from supplychain.models.scenario import load_scenario
    >>> from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
    >>> load_scenario(DEFAULT_MODEL_PARAMS_PATH.parent / "scenario-blockade-2025.toml").name
    '2025 blockade pattern (illustrative)'
    """
    path = as_path(path)
    data = read_toml(path)
    if not data:  # empty or only comments: a slip, not a deliberate baseline (that has a name)
        raise ParameterError(f"Scenario file '{path}' is empty (or holds only comments); give at least "
                             "name = \"...\" for a scenario without closures, or drop --scenario for "
                             "the baseline")  # fmt: skip
    chk = Checker(path)
    chk.unknown_keys(data, {"name", "description", "segment", "node"}, "", _OTHER_FORMATS)
    name = chk.string(data, "name", "", required=False) or path.stem
    if (broken := one_line_problem(name)) is not None:  # printed in the text ("Scenario: ...")
        chk.add("name", broken)
    description = data.get("description", "")
    if not isinstance(description, str):
        chk.add("description", "expected a string")
        description = ""
    segments: dict[str, Effect] = {}
    nodes: dict[str, Effect] = {}
    for kind, id_key, target in (("segment", "id", segments), ("node", "name", nodes)):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            chk.add(kind, f"expected [[{kind}]] tables")
            continue
        for i, entry in enumerate(entries):
            prefix = f"{kind}[{i}]."
            if not isinstance(entry, dict):
                chk.add(f"{kind}[{i}]", "expected a table")
                continue
            chk.unknown_keys(entry, {id_key, *_EFFECT_KEYS}, prefix)
            ident = chk.string(entry, id_key, prefix)
            effect = _effect(chk, entry, prefix)
            if ident is not None and effect is not None:
                target[ident] = target[ident].combine(effect) if ident in target else effect
    if chk.problems:
        raise ParameterError(
            f"Scenario file '{path}' has {len(chk.problems)} problem(s)", problems=chk.problems
        )
    logger.info("Scenario '%s': %d segment and %d node effects", name, len(segments), len(nodes))
    return Scenario(name, segments, nodes, description, str(path))
