"""Threats resolved on a network: the definition read from a file, and what it does there.

Holds :class:`ThreatDefinition` (a threat file and its parents read and checked;
:meth:`ThreatDefinition.resolve` applies the rules and the incident model to a network),
:class:`ThreatScenario` (the result: deterministic effects, attack probabilities, reasons,
Monte Carlo draws and the report lines) and :class:`AttackGroup`. Reading the file is
:func:`~supplychain.scenarios.threats.load_threat`; :mod:`supplychain.scenarios.threats`
re-exports these names.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from supplychain._problems import raise_summarised
from supplychain.errors import ParameterError
from supplychain.models.scenario import Effect, Scenario
from supplychain.scenarios.incidents import (
    IncidentThreat,
    combine_probabilities,
    format_probability,
    incident_threat,
)
from supplychain.scenarios.threat_rules import IncidentSettings, ThreatRule

__all__ = ["AttackGroup", "ThreatDefinition", "ThreatScenario"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttackGroup:
    """Segments and border posts that one attack closes together, with its chance per draw.

    Parameters
    ----------
    label : str
    probability : float
    segments : frozenset of str
    nodes : frozenset of str

    Examples
    --------
    >>> AttackGroup("x", 0.1, frozenset({"a"})).nodes
    frozenset()
    """

    label: str
    probability: float
    segments: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ThreatScenario:
    """A threat resolved on one network.

    Parameters
    ----------
    name : str
    scenario : Scenario
        The deterministic effects (what the LP solves).
    attack_probability : dict of str to float
        Marginal chance per draw that each segment is closed by an attack.
    explanations : dict of str to list of str
        Segment id to the rules and incidents behind its effects and probability.
    node_attack_probability : dict of str to float
        The same for border posts (by node name).
    node_explanations : dict of str to list of str
    groups : tuple of AttackGroup
        Independent attacks, for Monte Carlo draws (:meth:`draw`).
    incident_threat : IncidentThreat or None
        The incident model's result when the file has ``[incidents]``.

    Examples
    --------
    >>> t = ThreatScenario("t", Scenario("t"), {"a": 0.5}, {}, groups=(
    ...     AttackGroup("g", 0.5, frozenset({"a"})),))
    >>> sorted(t.draw(0).segments) in ([], ["a"])
    True
    """

    name: str
    scenario: Scenario
    attack_probability: dict[str, float]
    explanations: dict[str, list[str]]
    node_attack_probability: dict[str, float] = field(default_factory=dict)
    node_explanations: dict[str, list[str]] = field(default_factory=dict)
    groups: tuple[AttackGroup, ...] = ()
    incident_threat: IncidentThreat | None = None

    def attack_groups(self) -> list[tuple[float, list[str], list[str]]]:
        """The groups as a sweep's context takes them (``SweepContext.create``'s
        ``attack_groups``): each group's probability, segments and border posts, sorted.

        Returns
        -------
        list of (float, list of str, list of str)

        Examples
        --------
        >>> t = ThreatScenario("t", Scenario("t"), {"b": 0.5, "a": 0.5}, {}, groups=(
        ...     AttackGroup("g", 0.5, frozenset({"b", "a"})),))
        >>> t.attack_groups()
        [(0.5, ['a', 'b'], [])]
        """
        return [(g.probability, sorted(g.segments), sorted(g.nodes)) for g in self.groups]

    def draw(self, rng: np.random.Generator | int | None = None) -> Scenario:
        """One Monte Carlo draw: the scenario plus the closures of the attacks that happen.

        Each attack group happens independently with its probability and closes all its
        segments and border posts.

        Parameters
        ----------
        rng : numpy.random.Generator or int, optional
            Random generator or seed.

        Returns
        -------
        Scenario
            Named ``"<name> (draw: k attacks)"``.
        """
        gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        segments = dict(self.scenario.segments)
        nodes = dict(self.scenario.nodes)
        closed = Effect(closed=True)
        hits = 0
        for group in self.groups:
            if gen.random() < group.probability:
                hits += 1
                for sid in group.segments:
                    segments[sid] = segments[sid].combine(closed) if sid in segments else closed
                for name in group.nodes:
                    nodes[name] = nodes[name].combine(closed) if name in nodes else closed
        return Scenario(
            f"{self.name} (draw: {hits} attacks)",
            segments,
            nodes,
            self.scenario.description,
            self.scenario.source,
        )

    def report_lines(self) -> list[str]:
        """Printable lines: each affected segment or border post, its effect, p and reasons.

        Returns
        -------
        list of str
        """
        lines = [f"Threat scenario: {self.name}"]
        for kind, effects, probs, why in (
            ("segment", self.scenario.segments, self.attack_probability, self.explanations),
            ("border post", self.scenario.nodes, self.node_attack_probability,
             self.node_explanations),
        ):  # fmt: skip
            for item in sorted(set(effects) | set(probs)):
                eff = effects.get(item)
                text = "" if eff is None else (
                    " closed" if eff.closed else
                    f" capacity x{eff.capacity_factor:.2f} loss {eff.loss_probability:.3f}"
                )  # fmt: skip
                idle = eff is not None and eff.closed and probs.get(item, 0.0) > 0
                note = " (no effect: closed in every draw)" if idle else ""
                lines.append(f"{kind} {item}:{text} attack p {format_probability(probs.get(item, 0.0))}{note}")
                lines += [f"    {w}" for w in why.get(item, [])]
        return lines


@dataclass(frozen=True)
class ThreatDefinition:
    """A threat file (with its parents) read and checked, not yet tied to a network.

    Parameters
    ----------
    name : str
    description : str
    rules : tuple of ThreatRule
        Parents' rules first.
    incidents : IncidentSettings or None
    source : str
        The file read.
    chain : tuple of str
        The file and its ancestors, in inheritance order (ancestors first).
    timeline : TimelineSettings or None
        The ``[timeline]`` table (this file's, else the nearest parent's).
    events : tuple of TimelineEvent
        The ``[[event]]`` tables, parents' first.

    Examples
    --------
    >>> from supplychain.networks.places import DEFAULT_PLACES_PATH
    >>> from supplychain.scenarios.threats import load_threat
    >>> load_threat(DEFAULT_PLACES_PATH.parent / "threat-blockade-2025.toml").name
    '2025 blockade pattern, ILLUSTRATIVE threat (not a forecast)'
    """

    name: str
    description: str
    rules: tuple[ThreatRule, ...]
    incidents: IncidentSettings | None
    source: str
    chain: tuple[str, ...] = ()
    timeline: Any = None
    events: tuple[Any, ...] = ()

    def resolve(self, graph: nx.MultiDiGraph) -> ThreatScenario:
        """Apply the rules and the incident model to a network.

        Parameters
        ----------
        graph : networkx.MultiDiGraph
            Network in the project schema.

        Returns
        -------
        ThreatScenario

        Raises
        ------
        ParameterError
            Naming file, rule key and the fix for every unknown segment, place, road or
            corridor.
        DataFileError
            If a polygon file is missing or malformed.
        """
        segments: dict[str, Effect] = {}
        nodes: dict[str, Effect] = {}
        explanations: dict[str, list[str]] = {}
        node_explanations: dict[str, list[str]] = {}
        groups: list[AttackGroup] = []
        problems: list[str] = []
        for rule in self.rules:
            try:
                segs, posts = rule.select(graph)
            except ParameterError as err:
                problems.append(f"'{Path(rule.source).name}' key '{rule.key}.{rule.selector}': {err}")
                continue
            if not segs and not posts:
                rule.log_empty(logger, "Threat '%s' %s (%s) selects nothing on this network",
                               self.name, rule.key, rule.where)  # fmt: skip
            origin = f"rule '{rule.label}' ({Path(rule.source).name} {rule.key})"
            for target, explain, selected in (
                (segments, explanations, segs), (nodes, node_explanations, posts),
            ):  # fmt: skip
                for item, why in selected.items():
                    if rule.effect is not None:
                        old = target.get(item)
                        target[item] = rule.effect if old is None else old.combine(rule.effect)
                    explain.setdefault(item, []).append(f"{origin}: {why} -> {rule.what}")
            if rule.attack_probability > 0 and (segs or posts):
                groups.append(
                    AttackGroup(origin, rule.attack_probability, frozenset(segs), frozenset(posts))
                )
        if problems:
            raise_summarised(f"Threat scenario '{self.name}' does not match the network", problems,
                             items="rules")  # fmt: skip
        # Only the file's own rules (the groups so far): the [incidents] table gives every
        # segment near an incident a probability, closed ones included (the shipped threat
        # closes the Nioro roads on purpose), and dropping closed = true there is not what the
        # user wants.
        _warn_idle_attacks(self.name, groups, segments, nodes)
        threat = None
        if self.incidents is not None:
            inc = self.incidents
            threat = incident_threat(
                graph,
                inc.incidents,
                buffer_km=inc.buffer_km,
                half_life_days=inc.half_life_days,
                base_probability=inc.base_probability,
                reference_date=inc.reference_date,
            )
            for sid, p in threat.probability.items():
                contributions = threat.contributions[sid]
                explanations.setdefault(sid, []).append(
                    f"incidents ({inc.file.name}, reference {threat.reference_date}): "
                    f"{len(contributions)} within {inc.buffer_km:g} km -> attack p {format_probability(p)}"
                )
                explanations[sid] += [f"  {c.explanation}" for c in contributions]
                if p > 0:
                    groups.append(AttackGroup(f"incidents near {sid}", p, frozenset({sid})))
        attack = _marginals(groups, "segments")
        node_attack = _marginals(groups, "nodes")
        scenario = Scenario(self.name, segments, nodes, self.description, self.source)
        scenario.check_against(graph)
        logger.info(
            "Threat '%s': %d segment and %d node effects, %d attack groups, %d segments at risk",
            self.name, len(segments), len(nodes), len(groups), len(attack),
        )  # fmt: skip
        return ThreatScenario(
            self.name, scenario, attack, explanations, node_attack, node_explanations,
            tuple(groups), threat,
        )  # fmt: skip


def _closed_in_base(
    group: AttackGroup, segments: dict[str, Effect], nodes: dict[str, Effect]
) -> list[str]:
    """The items of an attack group that the threat's deterministic effects already close."""
    return sorted([s for s in group.segments if s in segments and segments[s].closed]
                  + [n for n in group.nodes if n in nodes and nodes[n].closed])  # fmt: skip


def _warn_idle_attacks(
    name: str, groups: list[AttackGroup], segments: dict[str, Effect], nodes: dict[str, Effect]
) -> None:
    """Warn, naming the rule, when an attack probability is given to items that are closed in
    every draw anyway (``closed = true`` on the same rule or another): the probability changes
    nothing there, and a Monte Carlo run would show them closed in every draw."""
    for group in groups:
        idle = _closed_in_base(group, segments, nodes)
        if not idle:
            continue
        every = len(idle) == len(group.segments) + len(group.nodes)
        logger.warning(
            "Threat '%s': %s has attack_probability %g, but %s closed in the scenario itself "
            "(closed = true here or in another rule), so closed in every Monte Carlo draw: the "
            "probability has no effect there%s. Drop closed = true to make the closure random.",
            name, group.label, group.probability,
            "everything it selects is" if every else f"{', '.join(idle)} {'is' if len(idle) == 1 else 'are'}",
            "" if every else " (it still applies to the rest of its selection)",
        )  # fmt: skip


def _marginals(groups: list[AttackGroup], attr: str) -> dict[str, float]:
    items = sorted({i for g in groups for i in getattr(g, attr)})
    return {
        i: combine_probabilities(g.probability for g in groups if i in getattr(g, attr))
        for i in items
    }
