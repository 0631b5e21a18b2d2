"""``supplychain stress``: N-1, N-k, worst case, Monte Carlo, closure-days and timeline-mc,
and the result text shared with ``run``."""

from __future__ import annotations

import logging
import math
import re
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from supplychain._json import as_written as _w
from supplychain._json import rounded
from supplychain.cli._common import (
    _FORESIGHTS,
    _PATH,
    _command_line,
    _day_0,
    _echo,
    _graph,
    _network_and_params,
    _network_recorded,
    _parquet_out,
    _progress,
    _refuse_lone_json,
    _refuse_overwrite,
    _rough_percentiles,
    _start_up,
    _sweep_outputs,
    _sweep_wrote,
    _user_errors,
    main,
)
from supplychain.cli.solve import (
    _command_record,
    _storage_input,
    _stress_scenario,
    _threat_look_ahead,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["stress_command"]

logger = logging.getLogger(__name__)

_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:(\d+)/?$")



def _loss_text(lost: float, pct: float, tankers: float | None = None) -> str:
    """A loss for the ranking lines, as ``solve`` prints its losses: ``lost 4,600 m3/day (100.0
    tankers/day, 43.3 %)``, or ``unknown (failed)`` when the re-solve failed (NaN; it printed
    ``+nan``).

    The lines printed the loss as a signed change without the word (``throughput -4,600 m3/day
    (43.3 %), served 0 (0.0 %)``): a closure that loses nothing read "throughput 0 m3/day", the
    network carrying nothing, and the served demand had no unit.

    Parameters
    ----------
    lost : float
        The loss in m3/day (0 or more, NaN when unknown).
    pct : float
        The loss in % of the base.
    tankers : float, optional
        The loss in tankers/day (left out when not given, or NaN).

    Returns
    -------
    str

    Examples
    --------
    >>> _loss_text(4600.0, 43.29, 100.0), _loss_text(0.3, 0.0), _loss_text(float("nan"), float("nan"))
    ('lost 4,600 m3/day (100.0 tankers/day, 43.3 %)', 'lost 0 m3/day (0.0 %)', 'unknown (failed)')
    """
    if math.isnan(lost):
        return "unknown (failed)"
    amount = f"{_w(lost):,.0f}"
    per_tanker = (f"{_w(tankers):,.1f} tankers/day, "
                  if tankers is not None and not math.isnan(tankers) else "")  # fmt: skip
    return f"lost {'0' if amount == '-0' else amount} m3/day ({per_tanker}{_w(pct):.1f} %)"


def _loss_basis(table: pd.DataFrame) -> str | None:
    """The line saying what the ranking's losses are against: the scenario the closures are
    applied on, its throughput and served demand (m3/day), of which the % are; None when the
    table has no solved row to read them from.

    The base is each solved row's figure plus its loss (as the report reads it).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"throughput_m3_per_day": [6026.0], "throughput_lost_m3_per_day": [4600.0],
    ...                   "served_m3_per_day": [4690.0], "served_lost_m3_per_day": [0.0]})
    >>> _loss_basis(t)
    '  (lost: against the scenario with nothing more closed, throughput 10,626 m3/day and served demand 4,690 m3/day; the % are of these)'
    """
    columns = ["throughput_m3_per_day", "throughput_lost_m3_per_day", "served_m3_per_day",
               "served_lost_m3_per_day"]  # fmt: skip
    if not set(columns) <= set(table.columns):
        return None
    solved = table[columns].dropna()
    if solved.empty:
        return None
    row = solved.iloc[0]
    through = row["throughput_m3_per_day"] + row["throughput_lost_m3_per_day"]
    served = row["served_m3_per_day"] + row["served_lost_m3_per_day"]
    return (f"  (lost: against the scenario with nothing more closed, throughput {_w(through):,.0f} m3/day "
            f"and served demand {_w(served):,.0f} m3/day; the % are of these)")


def _check_scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A Dask scheduler address must look like tcp://HOST:PORT (checked before any work)."""
    match = _SCHEDULER.match(value.strip()) if value is not None else None
    if value is not None and (match is None or not 1 <= int(match.group(1)) <= 65535):
        # A port of 0 or above 65535 waited 10 s for a connection that could not be made.
        raise click.BadParameter(
            f"{value!r} is not a Dask scheduler address; give tcp://HOST:PORT with a port "
            "from 1 to 65535 (the address `dask scheduler` prints), or drop --scheduler to run locally."
        )
    return value.strip() if value is not None else None


#: What the workers of a sweep import (the module of its chunk function and what it needs).
_WORKER_MODULES = {"timeline-mc": "supplychain.scenarios.timeline_mc",
                   "closure-days": "supplychain.scenarios.timeline_stress"}

#: Default draws of ``stress monte-carlo`` (a steady-state draw takes about 0.1-0.5 ms).
_MC_DRAWS = 10_000
#: Default draws of ``stress timeline-mc`` (assumption: each draw is a whole timeline, 0.1-3 s,
#: so 10,000 would take hours; 200 leave 10 draws in each 5 % tail for P5/P95).
_TIMELINE_MC_DRAWS = 200

#: Seconds of a cold closure-days sweep above which its output suggests --warm (assumption).
#: Not after a priced sweep: on West Africa (30 days, 2026-12-05) it took 25 s undisturbed
#: against 32 s with --warm, and 67 s against 65 s on the back-test (BENCHMARKS.md).
_WARM_HINT_S = 20.0

#: The sweeps each option acts on (the others ignore it: a warning says so).
_OPTION_SWEEPS = {
    "k": {"n-k", "worst-case"}, "top": {"n-k"}, "draws": {"monte-carlo", "timeline-mc"},
    # The worst case keeps one checkpoint per k, not chunks.
    "seed": {"monte-carlo", "timeline-mc"}, "chunk_size": {"n-1", "n-k", "monte-carlo", "timeline-mc"},
    "days": {"closure-days", "timeline-mc"}, "start": {"closure-days", "timeline-mc"},
    "tankers_per_attack": {"timeline-mc"},
    "drop_recorded_attacks": {"timeline-mc"}, "warm": {"closure-days", "timeline-mc"},
    "arc_pricing": {"closure-days", "timeline-mc"}, "city": {"closure-days"}, "foresight": {"timeline-mc"},
    # The worst case solves its few MIPs in the command's process.
    "workers": {"n-1", "n-k", "monte-carlo", "closure-days", "timeline-mc"},
    "scheduler": {"n-1", "n-k", "monte-carlo", "closure-days", "timeline-mc"},
}  # fmt: skip


def _warn_unused_options(click_ctx: click.Context, sweep: str) -> None:
    """One warning naming the options given on the command line that ``sweep`` ignores."""
    from click.core import ParameterSource

    unused = [f"--{name.replace('_', '-')}" for name, sweeps in _OPTION_SWEEPS.items()
              if sweep not in sweeps and click_ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE]  # fmt: skip
    if unused:
        logger.warning("%s %s no effect on stress %s", ", ".join(unused), "has" if len(unused) == 1 else "have",
                       sweep)  # fmt: skip
    if (sweep == "closure-days" and click_ctx.params.get("warm") and click_ctx.params.get("arc_pricing")
            and click_ctx.get_parameter_source("arc_pricing") == ParameterSource.COMMANDLINE):  # fmt: skip
        # It was silent (fuzz23): the user asked for pricing and got the whole model's re-solves.
        logger.warning("--arc-pricing with --warm prices arcs in only for closures whose warm re-solve "
                       "does not end optimal (built on their own); the others are re-solved on the whole "
                       "model from the unclosed timeline's basis. Leave out --warm to price every closure")


@main.command("stress")
@click.argument("sweep", type=click.Choice(["n-1", "n-k", "worst-case", "monte-carlo",
                                            "closure-days", "timeline-mc"]))
@_network_and_params
@click.option("--scenario", "scenario_path", type=_PATH, default=None,
              help="Scenario or threat file the closures are applied on (threat files also give "
                   "the Monte Carlo attack probabilities).")
@click.option("--k", "k", type=click.IntRange(min=1), default=2, show_default=True,
              help="n-k and worst-case: number of closures.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="n-k: combine the first TOP chains (and border posts) of the N-1 ranking.")
@click.option("--draws", type=click.IntRange(min=1), default=None,
              help=f"monte-carlo, timeline-mc: draws (default {_MC_DRAWS:,} for monte-carlo, "
                   f"{_TIMELINE_MC_DRAWS} for timeline-mc, whose draws are whole timelines of --days).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="monte-carlo, timeline-mc: random seed.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", default=None, metavar="ADDR", callback=_check_scheduler,
              help="Dask scheduler address (tcp://HOST:PORT); overrides --workers.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Closures (or draws) per task (default: at least 16, about 16 chunks "
                   "per worker; Monte Carlo 250; timeline-mc 10, fewer when there are fewer draws "
                   "than 10 per worker; a resumed or extended run keeps "
                   "its own). Monte Carlo draws depend on it: keep it (and --seed) to "
                   "reproduce a run; timeline-mc's do not (another size keeps the finished "
                   "draws).")
@click.option("--csv", "csv", is_flag=True, help="Also write a CSV next to the Parquet file.")
@click.option("--days", type=int, default=None,
              help="closure-days, timeline-mc: horizon in days, 1 to 3,660 (default: from day 0 "
                   "to the scenario's [timeline] end, else its days, else 60 for closure-days "
                   "and 180 for timeline-mc).")
@click.option("--start", "start", default=None, metavar="YYYY-MM-DD",
              help="closure-days, timeline-mc: day 0 (default: the scenario's [timeline] start, "
                   "else today; a run resumed or extended on another day needs the day 0 it "
                   "started with).")
@click.option("--tankers-per-attack", type=float, default=None,
              help="timeline-mc: loaded tankers each drawn attack destroys, a whole number, 0 "
                   "or more (default 40, the median single attack of FACTS.md 'Attacks on "
                   "tankers').")
@click.option("--drop-recorded-attacks", is_flag=True,
              help="timeline-mc: draw attacks instead of (not on top of) the file's [[event]] "
                   "attacks.")
@click.option("--warm", is_flag=True,
              help="timeline-mc, closure-days: re-solve every draw (closure) on one model per "
                   "worker from the base basis (pays when draws are near the base: few attacks; "
                   "closure-days: about 4x faster on the undisturbed embedded network, not on the "
                   "back-test; with --foresight myopic every draw, each attack learnt by the dual "
                   "simplex from the plan in force: 3.4-3.6 draws/s on 2 workers at the observed "
                   "attack rate; BENCHMARKS.md); default: each built and solved on its own.")
@click.option("--arc-pricing/--no-arc-pricing", default=None,
              help="closure-days, timeline-mc: solve each closure (draw) built on its own (not "
                   "--warm's re-solves) with arcs priced in, as `supplychain timeline` does: the "
                   "same days to dry, proved optimal for every arc. Default: on from 400 arcs after "
                   "the exact reductions (imported networks), off below (the embedded network). "
                   "With --foresight myopic every plan of a draw made on its own is priced (the "
                   "first plan, shared, from the steady state's arcs; each re-plan from the plan "
                   "before's).")
@click.option("--foresight", type=click.Choice(_FORESIGHTS), default="perfect", show_default=True,
              help="timeline-mc: perfect: each draw's plan knows its attacks in advance; myopic: "
                   "each attack is learnt on its day and destroys the cargo the plan had on its "
                   "roads (one more solve per attack day that finds cargo; README, \"Foresight\").")
@click.option("--city", default=None, metavar="NAME",
              help="closure-days: the city whose day to dry the output follows closure by closure "
                   "(default: the city with the largest demand, Bamako on the embedded network).")
@click.option("--out", type=_PATH, required=True, callback=_parquet_out,
              help="Parquet output, e.g. reports/n-1.parquet; a JSON summary is written beside it. "
                   "Re-running with the same --out resumes an interrupted sweep; a Monte Carlo "
                   "run (finished or not) re-run with other --draws keeps its draws and computes "
                   "only the missing ones.")
@click.pass_context
@_user_errors
def stress_command(click_ctx: click.Context, sweep: str, network_file: str, params_path: Path | None,
                   scenario_path: Path | None, k: int, top: int, draws: int | None, seed: int,
                   workers: int, scheduler: str | None, chunk_size: int | None, csv: bool,
                   days: int | None, start: str | None, tankers_per_attack: float | None,
                   drop_recorded_attacks: bool, warm: bool, arc_pricing: bool | None, foresight: str,
                   city: str | None, out: Path) -> None:
    """Stress-test corridor closures: N-1, N-k, exact worst case, Monte Carlo,
    closure-days (each corridor closed from day 0: days until the first city runs dry) and
    timeline-mc (attack dates drawn from the threat's probabilities, each timeline solved)."""
    _warn_unused_options(click_ctx, sweep)
    if workers > 1 and scheduler is None and sweep in _OPTION_SWEEPS["workers"]:
        # the pool's fork server imports while this reads
        from supplychain.scenarios.executors import start_worker_server

        start_worker_server([_WORKER_MODULES.get(sweep, "supplychain.scenarios.sweeps")])
    if draws is None:
        draws = _TIMELINE_MC_DRAWS if sweep == "timeline-mc" else _MC_DRAWS
    # What the summary records of this command (its files are hashed once read).
    options = _sweep_options(click_ctx, sweep, network_file, scenario_path, draws=draws)
    line = _command_line(click_ctx)
    if sweep == "closure-days":
        _closure_days(network_file, params_path, scenario_path, days, csv, out,
                      workers=workers, scheduler=scheduler, warm=warm, start=_day_0(start),
                      arc_pricing=arc_pricing, options=options, line=line, city=city)  # fmt: skip
        return
    if sweep == "timeline-mc":
        from supplychain.cli._timeline_mc import _timeline_mc

        _timeline_mc(network_file, params_path, scenario_path, days, draws, seed, workers,
                     scheduler, chunk_size, tankers_per_attack, drop_recorded_attacks, warm, csv, out,
                     start=_day_0(start), options=options, line=line, foresight=foresight,
                     arc_pricing=arc_pricing)  # fmt: skip
        return
    if sweep == "monte-carlo":  # before any work: 10^11 draws took the machine's memory
        from supplychain.errors import ParameterError
        from supplychain.scenarios.montecarlo import MAX_DRAWS
        from supplychain.scenarios.sweep_common import draws_problem

        if (too_many := draws_problem(draws, MAX_DRAWS, "a Monte Carlo run", named=f"--draws {draws:,}")):
            raise ParameterError(too_many)
    progress = _progress()
    outputs = _sweep_outputs(out, csv, [network_file, params_path, scenario_path], sweep, inputs_complete=False)
    with _start_up():
        from supplychain.models import load_model_parameters
        from supplychain.scenarios.sweeps import (
            SweepContext,
            monte_carlo,
            n_minus_1,
            n_minus_k,
            worst_case_sweep,
        )

        graph = _graph(network_file)
        params = load_model_parameters(params_path)
        # Read once: for the scenario and for the files it names (the summary's inputs).
        definition = _threat_look_ahead(scenario_path, quiet=False) if scenario_path else None
        scenario, probs, lines, scenario_inputs, groups = _stress_scenario(scenario_path, graph, definition)
    _refuse_overwrite(outputs, scenario_inputs)
    _refuse_lone_json(out, f"stress:{sweep}")  # after the inputs: an area's polygon there is one
    command = _command_record(options, network_file=network_file, params_path=params_path,
                              scenario_path=scenario_path, definition=definition, line=line, graph=graph)  # fmt: skip
    for line in lines:
        logger.debug(line)
    ctx = SweepContext.create(graph, params, scenario, attack_probability=probs,
                              attack_groups=groups, seed=seed)  # fmt: skip
    run: dict[str, Any] = {"workers": workers, "scheduler": scheduler, "progress": progress,
                           "out": out, "csv": csv, "command": command}  # fmt: skip
    if sweep == "n-1":
        result = n_minus_1(ctx, chunk_size=chunk_size, **run)
    elif sweep == "n-k":
        result = n_minus_k(ctx, k=k, top=top, chunk_size=chunk_size, **run)
    elif sweep == "monte-carlo":
        result = monte_carlo(ctx, draws=draws, chunk_size=chunk_size, **run)
    else:
        result = worst_case_sweep(ctx, k=k, out=out, csv=csv, progress=progress, command=command)
    _echo(_stress_text(result))
    _echo(_sweep_wrote(out, csv, [network_file, params_path, scenario_path, *scenario_inputs]))


def _sweep_options(click_ctx: click.Context, sweep: str, network_file: str, scenario_path: Path | None,
                   **resolved: Any) -> dict[str, Any]:  # fmt: skip
    """The options a sweep's summary records under ``command``: the sweep, the scenario file,
    the network (a file absolutely: the report that reads the summary may run in another
    folder) and the options that act on this sweep (:data:`_OPTION_SWEEPS`; not ``--workers``,
    ``--scheduler`` and ``--city``, which change no figure), as given or as ``resolved`` (the draws'
    default)."""
    options: dict[str, Any] = {"sweep": sweep, "scenario": str(scenario_path or ""),
                               "network": _network_recorded(network_file)}
    for name, sweeps in _OPTION_SWEEPS.items():
        if sweep in sweeps and name not in ("workers", "scheduler", "city"):
            options[name] = resolved.get(name, click_ctx.params.get(name))
    return options


def _stress_text(result: Any) -> str:
    t = result.table
    s = result.summary
    # The sweep as the JSON summary and the report name it: "n-2", not the command's "n-k".
    lines = [f"{s.get('sweep') or result.kind} on scenario '{s.get('scenario')}': {len(t):,} rows"]
    if s.get("hub_flow") or s.get("measure"):
        lines.append(f"  ({s.get('hub_flow') or s.get('measure')})")
    if s.get("single_point_of_failure"):
        lines.append(f"  ({s['single_point_of_failure']})")
    if result.kind in ("n-1", "n-k"):
        from supplychain.scenarios.chains import chain_ranking, ranking_head

        if "chain_id" in t.columns:  # N-1: one line per chain of serial segments
            t = chain_ranking(t)
            lines.append(f"  {len(t)} chains and border posts (serial segments with no junction "
                         "between them fail together):")  # fmt: skip
        # Only closures that lose something are ranked: on a real network most lose nothing,
        # and a top 10 of zero-loss border posts reads as a ranking (the report shows the same).
        shown, more, nothing = ranking_head(t, limit=10)
        if len(shown) and (basis := _loss_basis(result.table)):
            lines.append(basis)
        row: Any
        for row in shown.itertuples():
            flag = "  SINGLE POINT OF FAILURE for Bamako" if row.single_point_of_failure else ""
            members = int(getattr(row, "chain_members", 1) or 1)
            chain = f" ({members} segments, {_w(row.chain_length_km):,.0f} km)" if members > 1 else ""
            lines.append(
                f"  {row.rank:>3}. {row.id}{chain}: throughput "
                f"{_loss_text(row.throughput_lost_m3_per_day, row.throughput_lost_pct, getattr(row, 'throughput_lost_tankers_per_day', None))}, "
                f"served demand {_loss_text(row.served_lost_m3_per_day, row.served_lost_pct, getattr(row, 'served_lost_tankers_per_day', None))}{flag}"
            )
        if more:
            lines.append(f"  {more:,} more closure{'s' if more != 1 else ''} "
                         f"lose{'s' if more == 1 else ''} something "
                         "(see the table)")  # fmt: skip
        if nothing:
            other = "the other " if not more and len(shown) and not s.get("failed_closures") else ""
            lines.append(f"  {other}{nothing:,} closure{'s' if nothing != 1 else ''} "
                         f"lose{'s' if nothing == 1 else ''} nothing")  # fmt: skip
        if failed := int((t["status"] == "failed").sum()) if "status" in t.columns else 0:
            # Not among those that lose nothing: their re-solve did not end optimal. Counted as
            # the lines above are, per chain (the report's caption too); the JSON's
            # failed_closures lists the segments and border posts.
            rows = int((result.table["status"] == "failed").sum())  # t's rows before chaining
            also = f"{rows:,} segments and border posts in all; " if rows != failed else ""
            lines.append(f"  {failed:,} closure{'s' if failed != 1 else ''} failed to solve ({also}status "
                         "'failed': the loss is unknown, NaN in the table)")  # fmt: skip
    elif result.kind == "worst-case":
        for row in t.itertuples():
            # Nothing to close when no fuel reaches Bamako before any closure (the scenario
            # cuts it off): "closes nothing", and a loss of 0 is not printed "-0.0 %".
            items = ", ".join(filter(None, [row.segments.replace(";", ", "), row.nodes.replace(";", ", ")]))
            after = getattr(row, "throughput_after_m3_per_day", None)
            fleet = f"; throughput into any city (fleet limit applied) {_w(after):,.0f} m3/day" if after is not None else ""
            pct = f"{_w(row.lost_pct):.1f}"
            pct = f"-{pct}" if pct != "0.0" else pct
            lines.append(f"  k={row.k} {row.method:<6} closes {items or 'nothing'}: max flow to Bamako "
                         f"{_w(row.remaining_m3_per_day):,.0f} m3/day ({pct} %){fleet}")
    elif (failed := int(s.get("failed_draws") or 0)) >= int(s.get("draws") or len(t)) > 0:
        # No figure to print ("mean nan  P5 nan ... lowest nan", where the report gives "-"),
        # and "no draw is worse than the median draw" would say nothing was lost.
        lines.append(f"  no draw has a figure: all {failed:,} failed to solve (NaN in the table)")
    else:
        from supplychain.scenarios.montecarlo import WORST_DRAWS_ORDER, worst_draws_phrase

        for key in ("throughput_m3_per_day", "served_m3_per_day"):
            # As the JSON summary holds it, which the report reads: a mean of 10,624.5004 is
            # written 10624.5, "10,624" there, where the unrounded mean printed "10,625".
            st = rounded({key: s[key]})[key]
            # The lowest draw, the worst the sample saw (summaries written before 2026-12-05 lack it).
            lowest = f"  lowest {_w(st['min']):,.0f}" if st.get("min") is not None else ""
            lines.append(f"  {key}: mean {_w(st['mean']):,.0f}  P5 {_w(st['p5']):,.0f}  P50 {_w(st['p50']):,.0f}  "
                         f"P95 {_w(st['p95']):,.0f}{lowest}")
        # Under 72 draws (user36: --draws 20 printed its P5 and P95 as any others).
        lines += _rough_percentiles(int(s["draws"]) - failed, s["throughput_m3_per_day"], s["served_m3_per_day"])
        if s["worst_5pct_share"]:
            lines.append(f"  ({WORST_DRAWS_ORDER})")
        for row in s["worst_5pct_share"][:5]:
            # Fewer draws than the worst 5 % may be worse than the median: say how many count.
            which = worst_draws_phrase(row.get("worst_draws"), s["draws"])
            lines.append(f"  in {100 * row['share_of_worst_draws']:.0f} % of {which}: {row['segment_id']}")
        if (more := len(s["worst_5pct_share"]) - 5) > 0:  # cut, as the report says of its 10
            lines.append(f"  ({more:,} more closed in those draws: the JSON summary's worst_5pct_share "
                         "lists them all)")  # fmt: skip
        if not s["worst_5pct_share"]:
            lines.append("  no draw is worse than the median draw: no segment singled out")
        if failed:
            # Left out of the figures above (NaN in the table): unsaid, they read as all draws.
            lines.append(f"  {failed:,} draw{'s' if failed != 1 else ''} failed to solve (NaN in the "
                         "table; left out of the figures above)")  # fmt: skip
    return "\n".join(lines)


def _closure_days(network_file: str, params_path: Path | None, scenario_path: Path | None,
                  days: int | None, csv: bool, out: Path, *, workers: int = 1,
                  scheduler: str | None = None, warm: bool = False, start: date | None = None,
                  arc_pricing: bool | None = None, options: dict[str, Any] | None = None,
                  line: str = "", city: str | None = None) -> None:
    """``stress closure-days``: close each corridor from day 0 on a timeline (one task per
    corridor on ``workers`` local processes or a Dask cluster). ``options`` and ``line``: what
    the summary's ``command`` records besides the files read (:func:`_sweep_options`); ``city``
    (default: the largest demand) the city whose day to dry the text follows."""
    from dataclasses import replace

    from supplychain.cli.solve import _scenario_inputs
    from supplychain.cli.timeline import _days_problem
    from supplychain.errors import ParameterError
    from supplychain.models import load_model_parameters
    from supplychain.models.timeexp_solve import timeline_time_limit
    from supplychain.scenarios.timeline_stress import (
        closure_days,
        closures_below_unclosed,
        largest_demand_city,
        load_timeline,
    )

    if (wrong := _days_problem(days)) is not None:
        raise ParameterError(wrong)
    # A threat or timeline file is read once: for the files it names and for the timeline.
    definition = _threat_look_ahead(scenario_path, quiet=False) if scenario_path else None
    inputs = [network_file, params_path, scenario_path, *_scenario_inputs(scenario_path, definition)]
    _sweep_outputs(out, csv, inputs, "closure-days")
    graph = _graph(network_file)
    if city is not None:  # before any work: nothing is written for a misspelt city
        _check_city(city, graph)
    params = load_model_parameters(params_path)
    # Each closure is a timeline: the 600 s that timeline and timeline-mc give one (60 s, the
    # steady-state default, cut closures of imported networks short), or the file's if longer.
    params = replace(params, time_limit_s=timeline_time_limit(params))
    timeline = load_timeline(scenario_path, graph, start=start, days=days, default_days=60, definition=definition)
    command = _command_record(options or {}, network_file=network_file, params_path=params_path,
                              scenario_path=scenario_path, definition=definition,
                              extra=(_storage_input(timeline),), line=line, graph=graph)  # fmt: skip
    began = time.perf_counter()
    table = closure_days(graph, params, timeline, progress=_progress(), workers=workers,
                         scheduler=scheduler, warm=warm, out=out, csv=csv, arc_pricing=arc_pricing,
                         command=command)  # fmt: skip
    took = time.perf_counter() - began
    # "unmet 5,300 m3 (1.9 %)" said neither over what time nor of what (stress37).
    _echo(f"closure-days on '{timeline.name}': {timeline.days} days from {timeline.start}; "
          f"each corridor closed from day 0 (unmet: m3 over the {timeline.days} days, and % of the "
          "demand over them)")
    if not warm and took > _WARM_HINT_S and (table["method"] == "cold").any():
        _echo(f"  (the sweep took {took:.0f} s; --warm re-solves every closure on one model from its "
              "basis: about 4x faster on the undisturbed embedded network, not on every timeline, "
              "and not equal where a closure changes a place's clock: README \"Days of cover\")")
    no_plan = [str(row["status"]) for row in table.to_dict("records")
               if row.get("status", "optimal") not in ("optimal", "feasible")]  # fmt: skip
    for text in _closure_lines(table, timeline.days):
        _echo(text)
    followed = city or largest_demand_city(table.to_dict("records"))
    for text in _city_lines(table, timeline, followed, chosen=city is not None):
        _echo(text)
    if no_plan:
        # A file value at or below the timeline's 600 s changes nothing (timeline_time_limit),
        # so the hint names the value to exceed.
        fix = (f" within the solver's time limit ({params.time_limit_s:g} s each): set [solver] "
               f"time_limit_s above {params.time_limit_s:g} in a parameter file (--params) and run again"
               if "time_limit" in no_plan else " (status in the table)")  # fmt: skip
        _echo(f"  {len(no_plan)} closure{'s' if len(no_plan) != 1 else ''} without a plan{fix}")
    if below := closures_below_unclosed(table.to_dict("records")):
        # A planner read "closing the corridor helps" (acceptance audit, 2026-12-03).
        _echo(f"  note: {', '.join(below)} leave{'s' if len(below) == 1 else ''} less demand unmet "
              "than (none): a recorded attack on a closed road finds no cargo, which frees the fuel "
              "and escorts the plan had to send into it; read it as \"those attacks would not have "
              "happened\", not as a closure that helps (README \"Days of cover\")")
    _echo(_sweep_wrote(out, csv, inputs))


def _closure_lines(table: Any, days: int) -> list[str]:
    """One line per row of a closure-days table (``days``: the horizon), as the command prints
    them; the report's closure-days table gives the same figures (tested)."""
    from supplychain.models.timeline_result import plural_text

    lines = []
    for row in table.to_dict("records"):
        if row.get("status", "optimal") not in ("optimal", "feasible"):
            # Not "no city dry ... unmet nan m3": nothing is known of this closure.
            lines.append(f"  {row['corridor']}: no plan (status {row['status']}): days to dry and "
                         "unmet demand unknown")  # fmt: skip
            continue
        when = (f"first city dry on day {row['days_to_dry']:.0f} ({row['first_dry_date']}): "
                f"{row['first_dry_city']}") if _notna(row.get("days_to_dry")) else \
            f"no city dry within {plural_text(days, 'day')}"
        lines.append(f"  {row['corridor']}: {when}; unmet {_w(row.get('unmet_m3', 0)):,.0f} m3 "
                     f"({_w(row.get('unmet_pct', 0)):.1f} %)")
    return lines


def _check_city(city: str, graph: Any) -> None:
    """Refuse ``--city`` naming no city with demand on the network (close names suggested)."""
    from supplychain._names import suggest
    from supplychain.errors import ParameterError

    known = sorted({str(d.get("name") or n) for n, d in graph.nodes(data=True)
                    if float(d.get("demand_m3_per_day") or 0.0) > 0})  # fmt: skip
    if city not in known:
        raise ParameterError(f"--city {city!r} is not a city with demand on the network; "
                             f"{suggest(city, known, 'cities')}")  # fmt: skip


def _day_text(day: Any, timeline: Any) -> str:
    """``day 12 (2026-01-13)`` for a day index of ``timeline``."""
    from datetime import timedelta

    return f"day {int(day)} ({timeline.start + timedelta(days=int(day))})"


def _city_lines(table: Any, timeline: Any, city: str | None, *, chosen: bool = False) -> list[str]:
    """The lines after the table's: ``city``'s day to dry with no corridor closed and with each
    closure that dries it (the soonest first, against the unclosed row's day), the closures
    that do not in one line; then each closure's cities dry sooner than with no corridor
    closed. None without per-city days (``city`` None: no row has a plan or the column)."""
    from supplychain.models.timeline_result import plural_text
    from supplychain.scenarios.timeline_stress import CITY_COLUMN, city_days_to_dry

    rows = table.to_dict("records")
    if city is None or CITY_COLUMN not in table.columns or not rows:
        return []
    cities = [city_days_to_dry(r.get(CITY_COLUMN)) for r in rows]
    days = timeline.days
    base = cities[0] if rows[0]["corridor"] == "(none)" else {}
    why = "" if chosen else ", the city with the largest demand (--city NAME for another)"
    lines = [f"  {city}{why}, days to dry:"]

    def when(here: dict[str, Any]) -> str:
        d, n = here["days_to_dry"], here["dry_days"]
        if d is None:
            return f"never dry within {plural_text(days, 'day')}"
        return f"dry from {_day_text(d, timeline)}, {n} dry day{'s' if n != 1 else ''}"

    base_day = base[city]["days_to_dry"] if city in base else None
    if rows[0]["corridor"] == "(none)":
        lines.append(f"    no corridor closed: {when(base[city]) if city in base else 'no plan: unknown'}")
    dry, unknown, never = [], [], []
    for row, c in zip(rows, cities, strict=True):
        if row["corridor"] == "(none)":
            continue
        if city not in c:
            unknown.append(f"    {row['corridor']} closed: no plan: unknown")
        elif (d := c[city]["days_to_dry"]) is None:
            never.append(row["corridor"])
        else:
            text = f"    {row['corridor']} closed: {when(c[city])}"
            if city in base:
                gap = abs(int(base_day) - int(d)) if base_day is not None else 0
                text += ("; never with no corridor closed" if base_day is None else "; as with none"
                         if d == base_day else f"; {gap} day{'s' if gap != 1 else ''} "
                         f"{'sooner' if d < base_day else 'later'} than with none")  # fmt: skip
            dry.append((int(d), text))
    lines += [text for _, text in sorted(dry, key=lambda x: x[0])] + unknown  # stable: ties in table order
    if never:
        lines.append(f"    never dry within {plural_text(days, 'day')} with any {'other ' if dry or unknown else ''}corridor "
                     f"closed ({len(never)} closure{'s' if len(never) != 1 else ''})")  # fmt: skip
    if not base:
        return lines
    sooner = []
    for row, c in zip(rows[1:], cities[1:], strict=True):
        worse = [(d, n) for n, v in c.items() if (d := v["days_to_dry"]) is not None
                 and (base.get(n, {}).get("days_to_dry") is None or d < base[n]["days_to_dry"])]  # fmt: skip
        if worse:
            parts = []
            for d, n in sorted(worse):
                b = base.get(n, {}).get("days_to_dry")
                parts.append(f"{n} day {d} ({'never' if b is None else f'day {b}'})")
            sooner.append(f"    {row['corridor']}: {', '.join(parts)}")
    lines.append("  cities dry sooner than with no corridor closed (in brackets: with none):"
                 if sooner else "  no closure dries a city sooner than with no corridor closed")
    return lines + sooner


def _notna(value: Any) -> bool:
    """True for a number that is not NaN/None."""
    return value is not None and value == value
