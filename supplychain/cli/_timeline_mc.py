"""``supplychain stress timeline-mc``: Monte Carlo over timelines (attack dates drawn)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from supplychain.cli._common import (
    _echo,
    _graph,
    _progress,
    _rough_percentiles,
    _sweep_outputs,
    _sweep_wrote,
)

__all__: list[str] = []

logger = logging.getLogger(__name__)


def _timeline_mc(network_file: str, params_path: Path | None, scenario_path: Path | None,
                 days: int | None, draws: int, seed: int, workers: int, scheduler: str | None,
                 chunk_size: int | None, tankers_per_attack: float | None,
                 drop_recorded_attacks: bool, warm: bool, csv: bool, out: Path, *,
                 start: date | None = None, options: dict[str, Any] | None = None,
                 line: str = "", foresight: str = "perfect", arc_pricing: bool | None = None) -> None:  # fmt: skip
    """Check the inputs, load the timeline and its attack risks, run the draws, print, write.
    ``options`` and ``line``: what the summary's ``command`` records besides the files read
    (:func:`~supplychain.cli.stress._sweep_options`)."""
    from supplychain._logs import per_item
    from supplychain._toml import LARGEST
    from supplychain.cli.solve import (
        _command_record,
        _scenario_inputs,
        _storage_input,
        _threat_look_ahead,
    )
    from supplychain.cli.timeline import _days_problem
    from supplychain.errors import ParameterError
    from supplychain.models import load_model_parameters
    from supplychain.models.timeexp_solve import timeline_time_limit
    from supplychain.scenarios.sweep_common import draws_problem
    from supplychain.scenarios.threats import load_threat
    from supplychain.scenarios.timeline_mc import (
        DEFAULT_TANKERS_PER_ATTACK,
        MAX_DRAWS,
        TimelineMCContext,
        attack_risks,
        recorded_within_risks,
        timeline_monte_carlo,
    )
    from supplychain.scenarios.timeline_stress import load_timeline

    problems = []
    if scenario_path is None:
        problems.append("--scenario is required: give a threat or timeline file with "
                        "attack_probability rules or an [incidents] table")  # fmt: skip
    if (wrong := _days_problem(days)) is not None:
        problems.append(wrong)
    if (too_many := draws_problem(draws, MAX_DRAWS, "a timeline Monte Carlo", named=f"--draws {draws:,}")):
        problems.append(too_many)
    if tankers_per_attack is not None and not 0 <= tankers_per_attack < float("inf"):
        problems.append(f"--tankers-per-attack {tankers_per_attack:g}: give a number of 0 or more")
    elif tankers_per_attack is not None and tankers_per_attack > LARGEST:  # 1e308: PulpError
        problems.append(f"--tankers-per-attack {tankers_per_attack:g} is implausibly large (above "
                        f"{LARGEST:g}); give the loaded tankers one attack destroys, e.g. 40")  # fmt: skip
    elif tankers_per_attack is not None and not float(tankers_per_attack).is_integer():
        # As a timeline file's tankers_destroyed (whole tankers burn).
        problems.append(f"--tankers-per-attack {tankers_per_attack:g} is not a whole number of tankers; "
                        "give one, e.g. 40")  # fmt: skip
    if problems:
        raise ParameterError("stress timeline-mc cannot run", problems=problems)
    assert scenario_path is not None
    # Read once, for the files it names, the timeline and the attack rules. None: a plain
    # scenario file, or one that does not load (load_timeline reports that in its own words).
    definition = _threat_look_ahead(scenario_path, quiet=False)
    if definition is None and (plain := _plain_scenario(scenario_path)) is not None:
        raise ParameterError(plain)
    # Every file the threat reads (not resolving it as a steady-state scenario, which also
    # warned that a steady-state command ignores the timeline's dates).
    inputs = [network_file, params_path, scenario_path, *_scenario_inputs(scenario_path, definition)]
    _sweep_outputs(out, csv, inputs, "timeline-mc")
    graph = _graph(network_file)
    params = load_model_parameters(params_path)
    # The horizon: --days, else the file's, else 180.
    timeline = load_timeline(scenario_path, graph, start=start, days=days, definition=definition)
    if definition is None:  # a plain scenario file: read as a threat file, which says what is wrong
        with per_item("supplychain.scenarios"):
            definition = load_threat(scenario_path)
    risks = attack_risks(definition, graph, timeline)
    if not any(r.probability_per_day > 0 for r in risks):
        raise ParameterError(_no_risk(scenario_path, definition, graph, timeline))
    if not any(r.expected_attacks > 0 for r in risks):  # every drawable day is idle
        labels = ", ".join(repr(r.label) for r in risks if r.probability_per_day > 0)
        raise ParameterError(
            f"'{scenario_path.name}' gives no attack to draw on this network from {timeline.start} to "
            f"{timeline.date(timeline.days - 1)}: the roads of its attack risks ({labels}) carry no fuel on "
            "any day of their windows (closed, at no capacity, or escorted with no escort unit), and an "
            "attack destroys tankers on a road; give attack_probability to roads that carry fuel")  # fmt: skip
    if not drop_recorded_attacks and (twice := recorded_within_risks(timeline, risks)):
        # A risk estimated from the recorded attacks, drawn on top of them, counts each twice.
        # The labels as Python writes them: one holding a new line started a line of its own
        # (a label "x\nerror: ..." printed an "error:" line of a run that succeeded; fuzz24).
        logger.warning("%s of the file's recorded attacks fall%s where and when an attack risk draws "
                       "attacks (%s): kept, %s count%s beside the draws; pass --drop-recorded-attacks "
                       "to draw attacks in place of the recorded ones", len(twice),
                       "s" if len(twice) == 1 else "", "; ".join(f"{a!r} on {r!r}" for a, r in twice),
                       "it" if len(twice) == 1 else "they", "s" if len(twice) == 1 else "")  # fmt: skip
    ctx = TimelineMCContext.create(
        graph, params, timeline, risks, seed=seed,
        tankers_per_attack=DEFAULT_TANKERS_PER_ATTACK if tankers_per_attack is None else tankers_per_attack,
        time_limit_s=timeline_time_limit(params), drop_recorded_attacks=drop_recorded_attacks, warm=warm,
        foresight=foresight, arc_pricing=arc_pricing,
    )  # fmt: skip
    command = _command_record(options or {}, network_file=network_file, params_path=params_path,
                              scenario_path=scenario_path, definition=definition,
                              extra=(_storage_input(timeline),), line=line, graph=graph)  # fmt: skip
    result = timeline_monte_carlo(ctx, draws=draws, out=out, workers=workers, scheduler=scheduler,
                                  chunk_size=chunk_size, progress=_progress(), csv=csv,
                                  command=command)  # fmt: skip
    _echo(_text(result.summary))
    _echo(_sweep_wrote(out, csv, inputs))


def _plain_scenario(path: Path) -> str | None:
    """The error for a plain scenario file (``[[segment]]`` and ``[[node]]`` effects, no attack
    probability), else None. It was read as a threat file, whose message named its
    ``segment`` key as unknown (after a warning that day 0 is today)."""
    from supplychain._toml import THREAT_KEYS, toml_keys

    keys = toml_keys(path)
    if keys is None or keys & THREAT_KEYS or not keys & {"segment", "node"}:
        return None
    return (f"'{path.name}' is a plain scenario file ([[segment]] and [[node]] effects on every "
            "day): it gives no attack probability to draw from; give a threat or timeline file "
            "whose [[rule]] tables have attack_probability (read as a chance per day) or an "
            "[incidents] table (see models/threat-blockade-2025.toml)")  # fmt: skip


def _no_risk(path: Path, definition: Any, graph: Any, timeline: Any) -> str:
    """Why a threat file gives no attack risk on this network and horizon: no rule with an
    attack probability, or those it has select no road segment or are dated outside the
    horizon (each named). Before 2026-12-05 the message asked to add attack_probability to a
    file that had it on days the horizon (``--start``/``--days``) left out."""
    from supplychain.errors import SupplyChainError

    rules = [r for r in definition.rules if r.attack_probability > 0]
    incidents = ("" if definition.incidents is None else
                 " (its [incidents] table gives no road segment a probability: no incident of its "
                 "dates and event types within buffer_km of a road)")  # fmt: skip
    if not rules:
        return (f"'{path.name}' gives no attack probability on a road segment{incidents}: add "
                "attack_probability (read as a chance per day) to a [[rule]] or an [incidents] table")  # fmt: skip
    end = timeline.date(timeline.days - 1)
    reasons = []
    for rule in rules:
        where = "" if not rule.source or Path(rule.source).name == path.name else f"'{Path(rule.source).name}' "
        name = f"{where}{rule.key} ({rule.label or rule.where})"
        try:
            segments, _ = rule.select(graph)
        except SupplyChainError:  # attack_risks reported those
            segments = set()
        if not segments:
            reasons.append(f"{name} selects no road segment (an attack destroys tankers on a road)")
        else:
            reasons.append(f"{name} is dated {rule.start or 'from day 0'} to {rule.end or 'the end'}")
    dated = any(r.start is not None or r.end is not None for r in rules)
    fix = ("give --start and --days that cover a rule's dates, or select road segments"
           if dated else "select road segments")  # fmt: skip
    more = f" (and {len(reasons) - 3} more)" if len(reasons) > 3 else ""
    return (f"'{path.name}' gives no attack to draw on this network from {timeline.start} to {end}"
            f"{incidents}: {'; '.join(reasons[:3])}{more}; {fix}")  # fmt: skip


def _text(s: dict[str, Any]) -> str:
    """Key results of a timeline Monte Carlo as text, each figure as the JSON file holds it
    (which the report reads): formatted from the unrounded summary, a first dry day's P95 of
    10.749999999999998 printed "10.7" where the file's 10.75 reads "10.8" in the report
    (audit21, 2026-12-06)."""
    from supplychain._json import rounded
    from supplychain.models.timeline_result import plural_text
    from supplychain.scenarios.timeline_mc import planned_cold

    s = rounded(s)
    rate = f", {s['draws_per_s']:.2f} draws/s" if s.get("draws_per_s") else ""
    how = "warm" if s["warm"] else "each built and solved"
    if why := planned_cold(s):  # as the report says
        how = f"--warm, but {why}: each built and solved"
    if s.get("arc_pricing") is True and how != "warm":
        how += " with its arcs priced in"
    lines = [
        f"timeline-mc on '{s['scenario']}': {plural_text(s['draws'], 'draw')} of "
        f"{plural_text(s['days'], 'day')} from {s['start']} "
        f"(seed {s['seed']}, {how}, "
        + ("myopic: each attack learnt on its day, " if s.get("foresight") == "myopic" else "")
        + f"{s['elapsed_s']:.1f} s{rate})",
        f"  {plural_text(len(s['risks']), 'attack risk')}, "
        f"{sum(r['expected_attacks'] for r in s['risks']):.1f} "
        f"attacks expected per draw, {s['tankers_per_attack']:g} tankers each; "
        f"{plural_text(s['recorded_attacks'], 'recorded attack')} kept"
        + (f" ({s['tankers_lost_before_start']:,.0f} tankers destroyed before day 0 by the file's "
           "earlier attacks: off the fleet of every draw)" if s.get("tankers_lost_before_start") else ""),
    ]
    if "note" in s["base"]:  # no plan: its figures are NaN
        lines.append(f"  base run: {s['base']['note'].removeprefix('the base run (no drawn attack) has ')}")
    else:
        lines.append(f"  base run: unmet {s['base']['unmet_m3']:,.0f} m3 of {s['demand_m3']:,.0f}")
    if s["failed_draws"] >= s["draws"]:  # no distribution to print (it was "mean nan")
        lines.append(f"  unmet m3: no draw has a plan ({s['failed_draws']} draws without a plan, "
                     "status in the table)")  # fmt: skip
        return "\n".join(lines)
    u = s["unmet_m3"]
    lines.append(f"  unmet m3: mean {u['mean']:,.0f}  P5 {u['p5']:,.0f}  P50 {u['p50']:,.0f}  "
                 f"P95 {u['p95']:,.0f}")  # fmt: skip
    t = s["tankers_lost"]
    lines.append(f"  tankers lost: mean {t['mean']:,.0f}  P5 {t['p5']:,.0f}  P50 {t['p50']:,.0f}  "
                 f"P95 {t['p95']:,.0f}")  # fmt: skip
    # The report said so under 72 draws, the text did not (user36: --draws 20).
    lines += _rough_percentiles(int(s["draws"]) - int(s["failed_draws"]), u, t)
    if s["failed_draws"]:
        lines.append(f"  {s['failed_draws']} draws without a plan (status in the table)")
    lines.append("  per city: chance of running dry within the horizon; first dry day when it does"
                 + ("; chance of going short (demand unmet on some day, stock or not) and the P50 of "
                    "short days over every draw with a plan"
                    if any(c.get("p_short") is not None for c in s["cities"].values()) else ""))  # fmt: skip
    cities = sorted(s["cities"].items(), key=lambda kv: (-kv[1]["p_dry"], kv[0]))
    # A base run without a plan has NaN figures, which read as "never" dry (review24).
    unplanned = "note" in s["base"]
    for name, c in cities:
        when = c["first_dry_day_when_dry"]
        dry = (f"first dry day P5 {_day(when['p5'])}  P50 {_day(when['p50'])}  P95 {_day(when['p95'])}"
               if when else "never dry")  # fmt: skip
        base = ("unknown" if unplanned else "never" if c["base_first_dry_day"] is None
                else f"day {c['base_first_dry_day']}")  # fmt: skip
        short = ""
        if c.get("p_short") is not None and c.get("short_days"):  # summaries since 2026-12-06
            # Dry is short with an empty stock; a city keeping stock for a higher-priority
            # block is short without running dry (README "Days of cover").
            b = c.get("base_short_days")
            short = (f"; short of demand in {100 * c['p_short']:.0f} %, P50 {_day(c['short_days']['p50'])} "
                     f"days (base run: {'?' if b is None else b})")  # fmt: skip
        lines.append(f"    {name}: {100 * c['p_dry']:.0f} %; {dry} (base run: {base}){short}")
    return "\n".join(lines)


def _day(value: float) -> str:
    """A day percentile as the JSON holds it: whole days as such, else to 0.1 day (a
    percentile interpolates between draws; printed to whole days, 2.5 read "2" and 3.5 "4")."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
