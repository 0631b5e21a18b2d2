"""Threat scenarios: rules (selector + effects + attack probability) and incidents, in TOML.

A threat file in ``models/`` names segments by *selectors* instead of ids, so one file works
on every network built with the project's places and corridors::

    name = "Kayes axis under attack"
    description = "optional"
    inherits = "threat-base.toml"       # optional; a path (or a list) relative to this file

    [[rule]]
    label = "Kayes axis"                # optional, used in explanations
    ref = "RN1"                         # ONE selector: segments | ref (+ between) | corridor |
    between = ["Kayes", "Diéma"]        #   border_posts | bbox | polygon | near (+ radius_km) | unposted
    capacity_factor = 0.5               # effects (any of them):
    loss_probability = 0.02             #   closed, capacity_factor, loss_probability (0..1)
    attack_probability = 0.2            #   chance per Monte Carlo draw that ALL selected close
    optional = false                    # true: selecting nothing on a network is no warning

    [incidents]                         # optional: attack probabilities from ACLED/UCDP data
    file = "incidents-synthetic.csv"    # relative to this file
    buffer_km = 10.0                    # default 10
    half_life_days = 30.0               # default 30
    base_probability = 0.05             # default 0.05 (assumption)
    start = 2025-01-01                  # optional date range (TOML dates or "YYYY-MM-DD")
    end = 2026-12-31
    reference_date = 2026-02-15         # optional; default the latest incident kept (not after today)
    event_types = ["Battles"]           # optional
    format = "acled"                    # optional; default detected from the columns

Selectors: ``segments = [ids]``; ``ref = "RN7"`` with optional ``between = [place, place]``;
``corridor = "Abidjan-Bamako"``; ``border_posts = [names]`` (effects go to those nodes);
``bbox = [min_lon, min_lat, max_lon, max_lat]``; ``polygon = "area.geojson"``;
``near = "Bougouni"`` with ``radius_km = 25``; ``unposted = true`` (the roads into Mali that
pass no border post, :func:`~supplychain.networks.borders.unposted_entries`). A rule that
selects nothing on a network is warned about (a typo in an area or a name), unless it says
``optional = true``: a road that only some networks have, as the back-test's roads from Niger.

Inheritance: the parents' rules come first, then this file's; effects on the same segment
combine with :meth:`Effect.combine`; this file's ``name``/``description`` win, its
``[incidents]`` table replaces a parent's, and its ``[timeline]`` keys override a parent's one
by one (``end`` and ``days`` together). Cycles are an error.

Attack probabilities: each rule with ``attack_probability`` is one independent *attack group*
(one draw closes all its segments and border posts together); the incident model adds one group
per segment (see :mod:`supplychain.scenarios.incidents`). A segment's marginal probability is
``1 - prod(1 - p_group)`` over the groups holding it. An attack on something ``closed = true``
closes (by its own rule or another) changes nothing, since every draw has that closure:
resolving the file warns, naming the rule.

The rule and incident-settings types are in :mod:`supplychain.scenarios.threat_rules`, the
definition's resolution on a network and its result in :mod:`supplychain.scenarios.threat_resolve`;
this module holds the file format, its reading and checks (:func:`load_threat`), and re-exports
every name it held before the split.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

from supplychain._paths import as_path
from supplychain._records import resolved_path
from supplychain._toml import Checker, file_problem, one_line_problem, read_toml, toml_text
from supplychain.errors import ParameterError
from supplychain.models.scenario import Effect
from supplychain.models.timeline import MAX_DAYS
from supplychain.scenarios.incidents import (
    DEFAULT_BASE_PROBABILITY,
    DEFAULT_BUFFER_KM,
    DEFAULT_HALF_LIFE_DAYS,
    read_incidents,
)
from supplychain.scenarios.selectors import _check_bbox
from supplychain.scenarios.threat_resolve import (
    AttackGroup,
    ThreatDefinition,
    ThreatScenario,
    _marginals,  # noqa: F401  (re-exported: it lived here before the split)
)
from supplychain.scenarios.threat_rules import SELECTOR_KEYS, IncidentSettings, ThreatRule

__all__ = [
    "SELECTOR_KEYS",
    "AttackGroup",
    "IncidentSettings",
    "ThreatDefinition",
    "ThreatRule",
    "ThreatScenario",
    "load_threat",
]

if TYPE_CHECKING:
    from supplychain.scenarios.timelines import TimelineSettings


class _HasKey(Protocol):
    """A rule or an event: the file and the key it was read from."""

    @property
    def source(self) -> str: ...

    @property
    def key(self) -> str: ...


_Keyed = TypeVar("_Keyed", bound=_HasKey)

logger = logging.getLogger(__name__)

_EFFECT_KEYS = ("closed", "capacity_factor", "loss_probability", "attack_probability",
                "escort_required")
#: Keys of a rule that only the time-expanded model reads (see supplychain.scenarios.timelines).
_TIME_KEYS = ("from", "to", "convoy_tankers", "escort_rest_days")
_RULE_KEYS = {"label", "between", "radius_km", "optional", *SELECTOR_KEYS, *_EFFECT_KEYS, *_TIME_KEYS}
_TOP_KEYS = {"name", "description", "inherits", "rule", "incidents", "timeline", "event"}
_INCIDENT_KEYS = {
    "file", "format", "buffer_km", "half_life_days", "base_probability",
    "start", "end", "reference_date", "event_types",
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _date(chk: Checker, table: dict[str, Any], key: str, prefix: str) -> date | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, datetime):
        # Was cut to its date without a word: a time or a time zone here means nothing (a
        # rule acts from day t of the place it names), and with an offset the day is ambiguous.
        chk.add(f"{prefix}{key}", f"{value} is a date and time; write the day alone, as "
                f"{value.date()}")  # fmt: skip
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        # As a string, YYYY-MM-DD alone: fromisoformat also read "20250914" and the ISO week
        # date "2025-W37-7" (a Sunday), which the message does not offer.
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:  # "'2027-02-29' is not a date; write it as 2025-09-14" (fuzz36)
            chk.add(f"{prefix}{key}", f"{value.strip()} is no day of the calendar ({exc}); check its day "
                    "and month")  # fmt: skip
            return None
    chk.add(f"{prefix}{key}", f"{toml_text(value)} is not a date; write it as 2025-09-14")
    return None


def _strings(chk: Checker, table: dict[str, Any], key: str, prefix: str, n: int | None) -> Any:
    value = chk.string_list(table, key, prefix)
    if value is None:
        return None
    if (n is None and not value) or (n is not None and len(value) != n) or not all(
        v.strip() for v in value
    ):
        want = f"exactly {n} names" if n else "one or more names"
        chk.add(f"{prefix}{key}", f"{value!r}; expected a list of {want}")
        return None
    return value


def _selector(chk: Checker, entry: dict[str, Any], prefix: str, base: Path) -> Any:
    kinds = [k for k in SELECTOR_KEYS if k in entry]
    if len(kinds) != 1:
        got = f"got {', '.join(kinds)}" if kinds else "got none"
        chk.add(prefix.rstrip("."), f"needs exactly one selector of {', '.join(SELECTOR_KEYS)}; {got}")
        return None, None
    kind = kinds[0]
    if "between" in entry and kind != "ref":
        chk.add(f"{prefix}between", "only works with ref = \"<road>\"")
    if "radius_km" in entry and kind != "near":
        chk.add(f"{prefix}radius_km", "only works with near = \"<place>\"")
    value: Any
    if kind in ("segments", "border_posts"):
        value = _strings(chk, entry, kind, prefix, None)
    elif kind == "bbox":
        raw = entry[kind]
        value = None
        if not isinstance(raw, list) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in raw
        ):
            chk.add(f"{prefix}bbox", f"{raw!r}; expected [min_lon, min_lat, max_lon, max_lat]")
        else:
            try:
                value = list(_check_bbox(raw))
            except ParameterError as err:
                chk.add(f"{prefix}bbox", str(err))
    elif kind == "unposted":
        value = entry[kind]
        if value is not True:  # false would select everything else: not a selection anyone means
            chk.add(f"{prefix}unposted", f"{value!r}; the only value is true (the roads across the "
                    "border that pass no border post)")  # fmt: skip
            value = None
    else:
        value = chk.string(entry, kind, prefix)
        if kind == "polygon" and value is not None:
            path = base / value
            if (wrong := file_problem(path, "the threat file")) is not None:
                chk.add(f"{prefix}polygon", wrong)
            value = path
    return kind, value


def _rule(chk: Checker, entry: Any, i: int, path: Path) -> ThreatRule | None:
    key = f"rule[{i}]"
    prefix = f"{key}."
    if not isinstance(entry, dict):
        chk.add(key, "expected a [[rule]] table")
        return None
    chk.unknown_keys(entry, _RULE_KEYS, prefix)
    before = len(chk.problems)
    kind, value = _selector(chk, entry, prefix, path.parent)
    between = _strings(chk, entry, "between", prefix, 2)
    radius = chk.number(entry, "radius_km", prefix, minimum=0.0)
    if kind == "near" and radius is None and "radius_km" not in entry:
        chk.add(f"{prefix}radius_km", "missing; near = \"<place>\" needs radius_km = <km>")
    closed = chk.flag(entry, "closed", prefix, default=False)
    factor = chk.number(entry, "capacity_factor", prefix, minimum=0.0, maximum=1.0)
    loss = chk.number(entry, "loss_probability", prefix, minimum=0.0, maximum=1.0)
    attack = chk.number(entry, "attack_probability", prefix, minimum=0.0, maximum=1.0)
    if not any(k in entry for k in _EFFECT_KEYS):
        chk.add(key, f"no effect; give one or more of {', '.join(_EFFECT_KEYS)}")
    label = entry.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        chk.add(f"{prefix}label", f"{toml_text(label)} is not a non-empty string")
    elif (broken := one_line_problem(label)) is not None:
        chk.add(f"{prefix}label", broken)
    escort = chk.flag(entry, "escort_required", prefix, default=False)
    optional = chk.flag(entry, "optional", prefix, default=False)
    if escort is True and kind == "border_posts":  # its stretch had no road: nothing escorted
        chk.add(f"{prefix}escort_required", "escorts act on road segments, and border_posts selects "
                "none; select the roads through the post (near = \"<post>\" with radius_km, or "
                "segments)")  # fmt: skip
    convoy = chk.number(entry, "convoy_tankers", prefix, positive=True, whole=True)
    # At most the longest horizon: 1e9 days built a list of that many days (a hang).
    rest = chk.number(entry, "escort_rest_days", prefix, minimum=0.0, maximum=MAX_DAYS)
    if escort is not True:  # was read and ignored: a rule without escorts has no convoys
        for escort_key in ("convoy_tankers", "escort_rest_days"):
            if escort_key in entry:
                chk.add(f"{prefix}{escort_key}", "acts only on an escorted stretch: add escort_required = "
                        "true to the rule, or remove the key")  # fmt: skip
    start = _date(chk, entry, "from", prefix)
    end = _date(chk, entry, "to", prefix)
    if start is not None and end is not None and start > end:
        chk.add(f"{prefix}from", f"{start} is after to = {end}; swap them")
    if len(chk.problems) > before or kind is None or value is None:
        return None
    effect = None
    if closed or factor is not None or loss is not None:
        effect = Effect(bool(closed), 1.0 if factor is None else factor, loss or 0.0)
    pair = (str(between[0]), str(between[1])) if between else None
    rule = ThreatRule(kind, value, effect, attack or 0.0, "", pair, radius, str(path), key, start,
                      end, bool(escort), convoy, rest, bool(optional))  # fmt: skip
    return replace(rule, label=label.strip() if isinstance(label, str) else rule.where)


def _incidents(chk: Checker, data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    if "incidents" not in data:
        return None
    table = chk.table(data, "incidents")
    prefix = "incidents."
    chk.unknown_keys(table, _INCIDENT_KEYS, prefix)
    before = len(chk.problems)
    file = chk.string(table, "file", prefix)
    csv_path = None
    if file is not None:
        csv_path = path.parent / file
        if (wrong := file_problem(csv_path, "the threat file")) is not None:
            chk.add(f"{prefix}file", wrong)
    fmt = chk.string(table, "format", prefix, required=False)
    if fmt is not None and fmt not in ("acled", "ucdp"):
        chk.add(f"{prefix}format", f"{fmt!r}; expected 'acled' or 'ucdp' (or leave it out)")
    buffer = chk.number(table, "buffer_km", prefix, minimum=0.0)
    half_life = chk.number(table, "half_life_days", prefix, positive=True)
    base_p = chk.number(table, "base_probability", prefix, minimum=0.0, maximum=1.0)
    start = _date(chk, table, "start", prefix)
    end = _date(chk, table, "end", prefix)
    ref = _date(chk, table, "reference_date", prefix)
    if start is not None and end is not None and start > end:
        chk.add(f"{prefix}start", f"{start} is after end {end}; swap them")
    types = _strings(chk, table, "event_types", prefix, None) if "event_types" in table else None
    if len(chk.problems) > before:
        return None
    return {
        "file": csv_path, "format": fmt, "buffer_km": buffer, "half_life_days": half_life,
        "base_probability": base_p, "start": start, "end": end, "reference_date": ref,
        "event_types": types, "source": str(path),
    }  # fmt: skip


def _no_incident_kept(path: Path, inc: dict[str, Any]) -> NoReturn:
    """Refuse an ``[incidents]`` table that keeps no incident of its file: it gave no segment an
    attack probability without a word (``stress monte-carlo`` then asked for an ``[incidents]``
    table, the file having one)."""
    name = Path(inc["file"]).name
    every = read_incidents(inc["file"], format=inc["format"])
    if not every:
        raise ParameterError(f"Threat file '{path}' [incidents]: '{name}' holds no incident; give an "
                             "ACLED or UCDP GED export with its rows, or drop the [incidents] table")  # fmt: skip
    keys = [k for k in ("start", "end", "event_types") if inc[k] is not None]
    first, last = min(i.date for i in every), max(i.date for i in every)
    raise ParameterError(
        f"Threat file '{path}' [incidents]: {', '.join(keys)} keep(s) none of the {len(every)} "
        f"incident(s) of '{name}' (dated {first} to {last}); widen {' or '.join(keys)}"
    )


def _load(path: Path, stack: tuple[Path, ...]) -> ThreatDefinition:
    # A symbolic link to itself (or a loop of links) made Path.resolve() raise RuntimeError:
    # "unexpected RuntimeError: Symlink loop from ..." (fuzz30). Taken as given, the read
    # below says it cannot be read ("Too many levels of symbolic links").
    real = resolved_path(path)
    if real in stack:
        cycle = " -> ".join(p.name for p in (*stack[stack.index(real):], real))
        raise ParameterError(
            f"Threat file '{stack[-1]}' key 'inherits': inheritance cycle {cycle}; remove one of "
            "these inherits"
        )
    data = read_toml(path)
    chk = Checker(path)
    chk.unknown_keys(data, _TOP_KEYS, "")
    name = chk.string(data, "name", "", required=False)
    if (broken := one_line_problem(name)) is not None:
        chk.add("name", broken)
    description = chk.string(data, "description", "", required=False)
    inherits = data.get("inherits", [])
    if isinstance(inherits, str):
        inherits = [inherits]
    if not isinstance(inherits, list) or not all(isinstance(p, str) and p for p in inherits):
        chk.add("inherits", f"{inherits!r}; expected a file name or a list of file names")
        inherits = []
    parent_paths = []
    for rel in inherits:
        parent = path.parent / rel
        if (wrong := file_problem(parent, "this file")) is not None:
            chk.add("inherits", wrong)
        else:
            parent_paths.append(parent)
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        chk.add("rule", "expected [[rule]] tables")
        raw_rules = []
    rules = [_rule(chk, entry, i, path) for i, entry in enumerate(raw_rules)]
    inc = _incidents(chk, data, path)
    # Deferred import: the timeline format reads rules' selectors with this module's helpers.
    from supplychain.scenarios.timelines import (
        _check_inherited_events,
        _check_rule_dates,
        _read_timeline,
    )

    _check_rule_dates(chk, [r for r in rules if r is not None])
    timeline, events = _read_timeline(chk, data, path)
    if (not raw_rules and inc is None and not parent_paths and not chk.problems
            and timeline is None and not events):
        chk.add("rule", "no [[rule]], [incidents] or inherits; the threat does nothing")
    if chk.problems:
        # A file with dates is a timeline to whoever wrote it from "The timeline format".
        kind = "Timeline" if "timeline" in data or "event" in data else "Threat"
        raise ParameterError(
            f"{kind} file '{path}' has {len(chk.problems)} problem(s)", problems=chk.problems
        )
    parents = [_load(p, (*stack, real)) for p in parent_paths]
    # Once each: a file inherited along two paths (both parents inherit one base) gave its
    # rules twice (x0.5 combined to x0.25, its escorted stretch "named twice").
    all_rules = _once([*(r for p in parents for r in p.rules), *(r for r in rules if r)])
    incidents = next((p.incidents for p in reversed(parents) if p.incidents), None)
    if inc is not None:
        found = read_incidents(
            inc["file"], format=inc["format"], start=inc["start"], end=inc["end"],
            event_types=inc["event_types"],
        )  # fmt: skip
        if not found:
            _no_incident_kept(path, inc)
        latest = max(found, key=lambda i: i.date, default=None)
        if inc["reference_date"] is None and latest is not None and latest.date > date.today():
            # The latest incident is the reference date: one typed 2099 made every other one
            # decades old, their attack risk 0, unsaid (fuzz29).
            raise ParameterError(
                f"Threat file '{path}' [incidents]: incident {latest.id} (row {latest.row} of "
                f"'{Path(inc['file']).name}') is dated {latest.date}, after today ({date.today()}); as "
                "the latest it would be the reference date the others' ages are counted to (a typo "
                "in its year?): fix its date, or give reference_date in [incidents]"
            )
        earliest = min(found, key=lambda i: i.date, default=None)
        if inc["reference_date"] is not None and earliest is not None and earliest.date > inc["reference_date"]:
            # Incidents after the reference date had not happened yet: every one was left out
            # (said at INFO), the table giving no segment a probability.
            raise ParameterError(
                f"Threat file '{path}' [incidents]: reference_date {inc['reference_date']} is before "
                f"every incident kept from '{Path(inc['file']).name}' (the earliest, {earliest.id}, is "
                f"dated {earliest.date}), so none would count; give a later reference_date, or leave "
                "it out (the latest incident's date)"
            )
        incidents = IncidentSettings(
            inc["file"],
            tuple(found),
            DEFAULT_BUFFER_KM if inc["buffer_km"] is None else inc["buffer_km"],
            DEFAULT_HALF_LIFE_DAYS if inc["half_life_days"] is None else inc["half_life_days"],
            DEFAULT_BASE_PROBABILITY if inc["base_probability"] is None else inc["base_probability"],
            inc["reference_date"],
            inc["source"],
        )
    parent_description = next((p.description for p in reversed(parents) if p.description), "")
    chain = (*dict.fromkeys(c for p in parents for c in p.chain), str(path))
    parent_timeline = next((p.timeline for p in reversed(parents) if p.timeline), None)
    if timeline is None:
        timeline = parent_timeline
    elif parent_timeline is not None:
        own_keys = set(chk.table(data, "timeline"))
        timeline = _merged_timeline(parent_timeline, timeline, own_keys)
        if timeline.start is not None and timeline.end is not None and timeline.start > timeline.end:
            # Merged, a child's later start met the parent's end: "Horizon of -31 days".
            parent_name = Path(parent_timeline.source).name
            if "start" in own_keys:
                problem = (f"'timeline.start': {timeline.start} is after the end {timeline.end} "
                           f"inherited from '{parent_name}'; give end or days too")  # fmt: skip
            else:
                problem = (f"'timeline.end': {timeline.end} is before the start {timeline.start} "
                           f"inherited from '{parent_name}'; give a later end, or start too")  # fmt: skip
            raise ParameterError(f"Threat file '{path}' key {problem}")
    all_events = _once([*(e for p in parents for e in p.events), *events])
    if parents:
        _check_inherited_events(all_events, path)
    return ThreatDefinition(
        name or path.stem, description or parent_description, all_rules, incidents, str(path),
        chain, timeline, all_events,
    )  # fmt: skip


def _once(items: list[_Keyed]) -> tuple[_Keyed, ...]:
    """Rules or events without repeats of one ``(source, key)``, first kept, in order."""
    first: dict[tuple[str, str], _Keyed] = {}
    for item in items:
        first.setdefault((item.source, item.key), item)
    return tuple(first.values())


def _merged_timeline(parent: TimelineSettings, child: TimelineSettings, keys: set[str]) -> TimelineSettings:
    """A child's ``[timeline]`` over its parent's, key by key (the child's table replaced the
    parent's whole: ``days = 3`` to shorten the horizon lost the parent's start, so day 0 became
    today). ``end`` and ``days`` go together: the child's one replaces the parent's either."""
    from supplychain.scenarios.timelines import TimelineSettings

    own = bool(keys & {"end", "days"})
    return TimelineSettings(
        child.start if "start" in keys else parent.start,
        child.end if own else parent.end,
        child.days if own else parent.days,
        child.escort_units if "escort_units" in keys else parent.escort_units,
        child.storage if "storage" in keys else parent.storage,
        child.source,
    )


def load_threat(path: str | Path) -> ThreatDefinition:
    """Read and check a threat file and the files it inherits from.

    Parameters
    ----------
    path : str or Path
        TOML threat file (schema in the module docstring).

    Returns
    -------
    ThreatDefinition
        Call :meth:`ThreatDefinition.resolve` with a network to get a :class:`ThreatScenario`.

    Raises
    ------
    DataFileError
        If a file is missing or not TOML, or the incidents CSV is malformed.
    ParameterError
        Naming file, key and expected value for every unknown key, bad type, out-of-range
        value, missing inherited file and inheritance cycle.

    Examples
    --------
    >>> from supplychain.networks.places import DEFAULT_PLACES_PATH
    >>> threat = load_threat(DEFAULT_PLACES_PATH.parent / "threat-blockade-2025.toml")
    >>> threat.rules[0].selector
    'ref'
    """
    path = as_path(path)
    definition = _load(path, ())
    logger.info(
        "Threat file '%s': %d rules%s", path.name, len(definition.rules),
        ", with incidents" if definition.incidents else "",
    )  # fmt: skip
    return definition
