"""``supplychain timeline`` (days of cover) and its Parquet/JSON writer shared with ``run``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from supplychain._json import dumps as strict_json
from supplychain._status import status_bar
from supplychain.cli._common import (
    _FORESIGHTS,
    _PATH,
    _check_outputs,
    _command_line,
    _day_0,
    _echo,
    _graph,
    _network_and_params,
    _network_recorded,
    _parquet_out,
    _progress,
    _refuse_lone_json,
    _refuse_other_kind,
    _refuse_overwrite,
    _user_errors,
    _wrote,
    main,
)

__all__ = ["timeline_command"]

logger = logging.getLogger(__name__)




@main.command("timeline")
@_network_and_params
@click.option("--scenario", "scenario_path", type=_PATH, default=None,
              help="Timeline or threat file (models/timeline-*.toml); a plain scenario file "
                   "applies every day; none: the undisturbed network.")
@click.option("--days", type=int, default=None,
              help="Horizon in days, 1 to 3,660 (default: from day 0 to the file's [timeline] "
                   "end, else its days, else 180).")
@click.option("--start", "start", default=None, metavar="YYYY-MM-DD",
              help="Day 0 (default: the file's [timeline] start, else today). The file's "
                   "attacks before it take their tankers off the starting fleet.")
@click.option("--storage", "storage_path", type=_PATH, default=None,
              help="Storage parameter file (default: the file's, else models/storage.toml).")
@click.option("--integer-convoys", is_flag=True,
              help="Whole convoys (a MIP, HiGHS); prints the optimality gap. Runs up to "
                   "--time-limit, branch and bound improving the plan meanwhile (the back-test: "
                   "about 37 CPU s and a 32 % gap with --time-limit 60, the rounded plan; branch "
                   "and bound needs a longer limit). Loaded tankers may wait for a convoy where "
                   "an escorted stretch starts.")
@click.option("--min-stock", is_flag=True,
              help="Find the smallest total initial stock that serves every demand all days, "
                   "split per city (one split of several with that total; tank limits lifted).")
@click.option("--min-escorts", type=click.Choice(["unit-days", "peak"]), is_flag=False,
              flag_value="unit-days", default=None,
              help="How many escort units keep the cities supplied: units unlimited (the file's "
                   "escort_units ignored; its escorted stretches, convoy sizes and round trips "
                   "kept), delivery maximised, then the fewest escort unit-days of the plans "
                   "delivering as much (then the least transit among them); prints the "
                   "units needed a day and by stretch (the back-test: about 30 s more). "
                   "'--min-escorts peak': first the fewest units on the busiest day (the units "
                   "to commit), then the fewest unit-days at that peak (the back-test: about 65 s "
                   "more; West Africa's about 4 min). With arc pricing the escort goals "
                   "are priced (the least transit after them: on the arcs they brought in).")
@click.option("--observed", "observed_path", type=_PATH, default=None,
              help="CSV of observed arrivals (period_start, period_end, tankers, litres, source).")
@click.option("--time-limit", "time_limit_s", type=click.FloatRange(min=1), default=None,
              help="Seconds HiGHS may spend on the first goal (delivery; default 600, or the "
                   "parameter file's [solver] time_limit_s if longer); the second (cost), "
                   "run only on LPs of at most 2,500 rows (up to 24 days of the embedded "
                   "network, 22 of the back-test), gets half as long as the first took, at least 5 s. With "
                   "--integer-convoys the limit covers the whole solve. The 181-day back-test "
                   "takes 7-15 s (interior point, 2 cores).")
@click.option("--detour", type=click.FloatRange(min=0), default=None,
              help="Approximation for large imported networks: keep only the routes of each "
                   "port/border/city leg within (1 + DETOUR) x the shortest transit time, in every "
                   "closure state of the timeline (e.g. 0.25). Default: exact reductions only.")
@click.option("--arc-pricing/--no-arc-pricing", default=None,
              help="Exact: solve on the roads the steady-state plan uses, price every arc left "
                   "out with the plan's duals and bring in those that would improve delivery "
                   "(with --min-escorts, then the escort unit-days), until none does (a proof "
                   "that the plan is optimal for every arc). Default: on "
                   "from 400 arcs after the exact reductions (imported networks), off below (the "
                   "embedded network) and with --detour or --integer-convoys.")
@click.option("--pricing-start", type=click.Choice(["steady", "corridors"]), default="steady",
              show_default=True,
              help="With arc pricing, the arcs of the first round: the steady-state plan's, or "
                   "the corridors within 1.5 x the shortest transit time (--detour 0.5's). The "
                   "delivery is the same; the time differs (README, \"Large networks\"). With "
                   "--foresight myopic, where plans tie, an attack may find other cargo, and the "
                   "figures then differ (README, \"Foresight\").")
@click.option("--foresight", type=click.Choice(_FORESIGHTS), default="perfect", show_default=True,
              help="perfect: the plan knows every attack's day in advance (one solve). myopic: "
                   "each attack is learnt on its day; it destroys the cargo the plan without "
                   "knowledge of it had on its roads (at most its tankers'), and the rest of the "
                   "horizon is planned again with the days before fixed (one more solve per "
                   "attack day that finds cargo; each priced as --arc-pricing says, the first from "
                   "--pricing-start's arcs, each later one from the plan before's). Not with "
                   "--min-stock, --min-escorts or --integer-convoys (README, \"Foresight\").")
@click.option("--out", type=_PATH, required=True, callback=_parquet_out,
              help="Parquet output, one row per day and place, e.g. reports/blockade.parquet; a "
                   "JSON summary is written beside it.")
@_user_errors
def timeline_command(network_file: str, params_path: Path | None, scenario_path: Path | None,
                     days: int | None, start: str | None, storage_path: Path | None,
                     integer_convoys: bool, min_stock: bool, min_escorts: str | None, observed_path: Path | None,
                     time_limit_s: float | None, detour: float | None, arc_pricing: bool | None,
                     pricing_start: str, foresight: str, out: Path) -> None:
    """Days of cover: stocks, transit days, escorted convoys and tanker losses, day by day."""
    from supplychain.errors import ParameterError, SolverError
    from supplychain.models import load_model_parameters
    from supplychain.models.params import tanker_volume
    from supplychain.models.timeline import load_storage_parameters
    from supplychain.models.timeline_result import read_observed, warn_odd_litres_per_tanker
    from supplychain.scenarios.timeline_stress import load_timeline

    day0 = _day_0(start)
    # "unit-days" (the flag alone) keeps the meaning --min-escorts had before it took a value.
    escort_goal: bool | str = {None: False, "unit-days": True}.get(min_escorts, min_escorts or False)
    if (wrong := _days_problem(days)) is not None:
        raise ParameterError(wrong)
    if time_limit_s != time_limit_s:  # click's FloatRange(min=1) lets nan through
        raise ParameterError("--time-limit nan is not a number of seconds; give 1 or more (inf: no limit)")
    if detour is not None and detour != detour:  # FloatRange(min=0) lets nan through: "detour = nan"
        raise ParameterError("--detour nan is not a number; give a share of 0 or more (0.5 keeps routes "
                             "up to 1.5 x the shortest), or leave --detour out for the exact model")  # fmt: skip
    if detour is not None and detour == float("inf"):  # FloatRange(min=0) lets inf through
        raise ParameterError("--detour inf keeps every route: give a finite share (0.5 keeps routes up "
                             "to 1.5 x the shortest), or leave --detour out for the exact model")  # fmt: skip
    if min_escorts and (min_stock or integer_convoys):
        other = "--min-stock" if min_stock else "--integer-convoys"
        raise ParameterError(f"--min-escorts cannot be combined with {other}: it minimises escort "
                             "unit-days after the delivery goal of an LP; drop one of them")
    if arc_pricing and (detour is not None or integer_convoys):
        # It named both, --detour also when only --integer-convoys was given.
        given = [o for o, on in (("--detour (an approximation)", detour is not None),
                                 ("--integer-convoys (a MIP)", integer_convoys)) if on]  # fmt: skip
        raise ParameterError(f"--arc-pricing is exact and prices an LP: drop {' and '.join(given)}, "
                             "or --arc-pricing")
    if foresight == "myopic" and (clash := [o for o, on in (
            ("--min-stock", min_stock), ("--min-escorts", min_escorts), ("--integer-convoys", integer_convoys))
            if on]):  # fmt: skip
        raise ParameterError(f"--foresight myopic re-plans the delivery LP after each attack: drop "
                             f"{' and '.join(clash)}, or --foresight myopic")  # fmt: skip
    from supplychain.cli.solve import (
        _command_record,
        _scenario_inputs,
        _storage_input,
        _threat_look_ahead,
    )

    # A threat or timeline file is read once: for the files it names and for the timeline.
    definition = _threat_look_ahead(scenario_path, quiet=False) if scenario_path else None
    _refuse_overwrite([out, out.with_suffix(".json")],
                      [network_file, params_path, scenario_path, storage_path, observed_path,
                       *_scenario_inputs(scenario_path, definition)])  # fmt: skip
    _refuse_other_kind(out, "timeline")
    _refuse_lone_json(out, "timeline")
    _check_outputs([out, out.with_suffix(".json")])
    observed = read_observed(observed_path) if observed_path else None
    storage = load_storage_parameters(storage_path) if storage_path else None
    graph = _graph(network_file)
    if observed is not None and observed_path is not None:
        warn_odd_litres_per_tanker(observed, tanker_volume(graph), observed_path.name)
    params = load_model_parameters(params_path)
    timeline = load_timeline(scenario_path, graph, start=day0, days=days, storage=storage,
                             definition=definition)  # fmt: skip
    if min_escorts and not timeline.escorts:
        raise ParameterError(_no_escorts_problem(timeline, definition))
    # The files hashed as read, before the solve (a file edited meanwhile is not recorded).
    command = _command_record({"scenario": str(scenario_path or ""), "network": _network_recorded(network_file),
                               "min_stock": min_stock, "min_escorts": escort_goal, "foresight": foresight},
                              network_file=network_file, params_path=params_path,
                              scenario_path=scenario_path, definition=definition,
                              extra=(_storage_input(timeline), ("observed arrivals", observed_path)),
                              line=_command_line(), graph=graph)  # fmt: skip
    # On a terminal, a line with the time elapsed: the LPs report no progress, and the whole-
    # Africa back-test ran 118 s, `--days 3660` built its model for 24 s, without a word
    # (fuzz30). Whole convoys show their own bar.
    with status_bar(f"timeline '{timeline.name}', {timeline.days} days: building and solving",
                    progress=_progress() and not integer_convoys):  # fmt: skip
        if foresight == "myopic":
            result, arc_pricing = _solve_myopic(graph, params, timeline, detour=detour, arc_pricing=arc_pricing,
                                                pricing_start=pricing_start, time_limit_s=time_limit_s)  # fmt: skip
        else:
            result, arc_pricing = _solve_perfect(graph, params, timeline, integer_convoys=integer_convoys,
                                                 min_stock=min_stock, min_escorts=escort_goal, detour=detour,
                                                 arc_pricing=arc_pricing, pricing_start=pricing_start,
                                                 time_limit_s=time_limit_s)  # fmt: skip
    _echo(result.summary(observed))
    if result.status not in ("optimal", "feasible"):
        raise SolverError(f"Timeline '{timeline.name}' has no plan ({result.status}): "
                          f"{result.message} Nothing was written to {out}.")
    _write_timeline(result, observed, out, {**command, "arc_pricing": bool(arc_pricing)})
    _echo(_wrote(out))


def _warn_pricing_start(pricing_start: str, why: str) -> None:
    """Warn that ``--pricing-start``, given on the command line, has no effect (``why``)."""
    if click.get_current_context().get_parameter_source("pricing_start") == ParameterSource.COMMANDLINE:
        logger.warning("--pricing-start %s has no effect: arc pricing is off (%s)", pricing_start, why)


def _pricing(graph: Any, params: Any, timeline: Any, *, arc_pricing: bool | None, exact: bool, pricing_start: str,
             off_by: str) -> tuple[Any, bool]:  # fmt: skip
    """Whether the timeline's arcs are priced in (``arc_pricing`` None: from
    :data:`~supplychain.models.timeexp_price.PRICING_MIN_ARCS` arcs after the exact reductions
    on, when the model is ``exact``), and the exact arcs when they were reduced here (else
    None); a ``--pricing-start`` given without pricing is warned about, ``off_by`` naming the
    options that turn it off."""
    from supplychain.models.timeexp_price import PRICING_MIN_ARCS, exact_arcs

    arcs = None
    if arc_pricing is not False and exact:
        arcs = exact_arcs(graph, params, timeline)
        arc_pricing = arc_pricing or len(arcs) >= PRICING_MIN_ARCS
    if not arc_pricing:
        _warn_pricing_start(pricing_start, off_by if arcs is None
                            else f"{len(arcs)} arcs, below the {PRICING_MIN_ARCS} where it starts; "
                            "--arc-pricing turns it on")  # fmt: skip
    return arcs, bool(arc_pricing)


def _solve_myopic(graph: Any, params: Any, timeline: Any, *, detour: float | None, arc_pricing: bool | None,
                  pricing_start: str, time_limit_s: float | None) -> tuple[Any, bool]:  # fmt: skip
    """The plan without foresight of the attacks, every solve's arcs priced in or not, decided as
    for perfect foresight (:func:`_pricing`): the result and whether arcs were priced."""
    from supplychain.models.timeexp_myopic import solve_myopic

    arcs, priced = _pricing(graph, params, timeline, arc_pricing=arc_pricing, exact=detour is None,
                            pricing_start=pricing_start, off_by="--no-arc-pricing or --detour")  # fmt: skip
    result = solve_myopic(graph, params, timeline, detour=detour, arcs=arcs, time_limit_s=time_limit_s,
                          arc_pricing=priced, pricing_start=pricing_start)  # fmt: skip
    return result, priced


def _solve_perfect(graph: Any, params: Any, timeline: Any, *, integer_convoys: bool, min_stock: bool,
                   min_escorts: bool | str, detour: float | None, arc_pricing: bool | None, pricing_start: str,
                   time_limit_s: float | None) -> tuple[Any, bool]:  # fmt: skip
    """The plan with perfect foresight, arcs priced in or not (:func:`_pricing`): the result
    and whether arcs were priced."""
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.models.timeexp_price import solve_priced
    from supplychain.models.timeexp_solve import warn_large_model

    arcs, priced = _pricing(graph, params, timeline, arc_pricing=arc_pricing,
                            exact=detour is None and not integer_convoys, pricing_start=pricing_start,
                            off_by="--no-arc-pricing, --detour or --integer-convoys")  # fmt: skip
    if priced:
        _, result = solve_priced(graph, params, timeline, time_limit_s=time_limit_s, min_stock=min_stock,
                                 min_escorts=min_escorts, arcs=arcs, start=pricing_start)  # fmt: skip
        return result, True
    model = build_timeline_model(graph, params, timeline, integer_convoys=integer_convoys, min_stock=min_stock,
                                 min_escorts=min_escorts, detour=detour, arcs=arcs)  # fmt: skip
    # 3,650 days said "no plan" after 11 minutes and 4 GB, the first word on the size (user36).
    warn_large_model(model, time_limit_s)
    return solve_timeline(model, time_limit_s=time_limit_s, progress=_progress()), False


def _no_escorts_problem(timeline: Any, definition: Any) -> str:
    """The error of ``--min-escorts`` on a timeline without an escorted stretch: a file whose
    ``escort_required`` rules all act outside the horizon (``--days 1`` of the back-test, whose
    escorts start on day 2) was told to add such a rule.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> from datetime import date
    >>> tl = NS(name="t", start=date(2025, 9, 1), days=1)
    >>> rule = NS(escort_required=True, key="rule[4]", start=date(2025, 9, 3), end=None, source="t.toml")
    >>> _no_escorts_problem(tl, NS(rules=(rule,))).split(" (outside")[0]
    "--min-escorts: timeline 't' escorts no road from 2025-09-01 to 2025-09-01: 't.toml' rule[4] escorts from 2025-09-03"
    """
    from datetime import timedelta

    rules = [r for r in (definition.rules if definition is not None else ()) if r.escort_required]
    if not rules:
        return (f"--min-escorts: timeline '{timeline.name}' has no escorted stretch; give a timeline "
                "file with a [[rule]] that has escort_required = true, or drop --min-escorts")
    last = timeline.start + timedelta(days=timeline.days - 1)
    listed = "; ".join(
        f"'{Path(r.source).name}' {r.key} escorts {'from ' + str(r.start) if r.start else 'from the start'}"
        f"{' to ' + str(r.end) if r.end else ''}" for r in rules[:3]
    ) + (f"; and {len(rules) - 3} more" if len(rules) > 3 else "")
    return (f"--min-escorts: timeline '{timeline.name}' escorts no road from {timeline.start} to {last}: "
            f"{listed} (outside the horizon, or on no road of this network); give a --start and --days "
            "that its escorts act in, or drop --min-escorts")


def _days_problem(days: int | None) -> str | None:
    """What is wrong with a ``--days`` value, or None; checked before any work by ``timeline``,
    ``stress closure-days`` and ``stress timeline-mc`` (``--days 100000`` built a model until
    the machine ran out of memory).

    Parameters
    ----------
    days : int or None
        The option's value (None: not given).

    Returns
    -------
    str or None
        One message naming ``--days`` and the range it may take, or None.

    Examples
    --------
    >>> _days_problem(181) is None
    True
    >>> _days_problem(0)
    '--days 0: give 1 or more'
    >>> _days_problem(4_000)[-57:]
    'the model holds every road on every day); give fewer days'
    """
    if days is None:
        return None
    if days < 1:  # was "Timeline 'baseline' is not valid: days = 0"
        return f"--days {days}: give 1 or more"
    # Imported here: the module is light (no pulp), but the CLI's start-up loads no model code.
    from supplychain.models.timeline import horizon_problem

    too_many = horizon_problem(None, days, named=f"--days {days:,}")
    return None if too_many is None else f"{too_many}; give fewer days"


def _write_timeline(result: Any, observed: Any, out: Path, command: dict[str, Any]) -> None:
    """A timeline result as Parquet (one row per day and place) and its JSON summary beside.

    ``command``: how it was run (:func:`~supplychain.cli.solve._command_record`: options, the
    command line and ``inputs``, the files read with their SHA-256), recorded in the summary
    as ``command``; the report lists it in its provenance.
    """
    from supplychain._atomic import atomic_path

    summary = result.to_dict(observed)
    # Its files last, a list also when a caller recorded none.
    summary["command"] = {**{k: v for k, v in command.items() if k != "inputs"},
                          "inputs": list(command.get("inputs") or [])}
    # Both written before either is moved into place: a Ctrl-C or a full disk while writing
    # the second left the new table beside the old summary, which the report read as one run.
    with atomic_path(out) as tmp, atomic_path(out.with_suffix(".json")) as tmp_json:
        result.to_frame().to_parquet(tmp, index=False)
        tmp_json.write_text(strict_json(summary), encoding="utf-8")
