"""Command-line interface: thin; parses, configures logging, calls the stages, prints.

User errors (the :class:`~supplychain.errors.SupplyChainError` family) end with a one-line
message on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from supplychain import __version__
from supplychain.errors import SupplyChainError
from supplychain.networks.gis import GIS_ATTRIBUTES

__all__ = ["main"]

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _user_errors(func: F) -> F:
    """Print every failure as one ``error:`` line and exit 1.

    The library raises :class:`SupplyChainError` for what it can foresee; the others are
    translated here as a last resort, so the command line never shows a traceback (``-vv``
    logs it): file system errors name the file, encoding errors say to save as UTF-8.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SupplyChainError as exc:
            message = str(exc)
        except OSError as exc:
            logger.debug("Traceback", exc_info=True)
            name = f" '{exc.filename}'" if exc.filename else ""
            message = (f"cannot read or write{name}: {exc.strerror or exc}; check the path and its "
                       "permissions")  # fmt: skip
        except UnicodeDecodeError as exc:
            logger.debug("Traceback", exc_info=True)
            message = f"an input file is not UTF-8 text ({exc}); save it as UTF-8"
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            logger.debug("Traceback", exc_info=True)
            message = (f"unexpected {type(exc).__name__}: {exc}. This is a bug or an input the "
                       "checks missed; run with -vv for the traceback and report it")  # fmt: skip
        click.echo(f"error: {_one_line(message)}", err=True)
        sys.exit(1)

    return cast(F, wrapper)


class _ErrorLineGroup(click.Group):
    """A click group whose usage errors are one ``error:`` line with exit code 1."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"error: {_one_line(exc.format_message())}{hint}", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"error: {_one_line(exc.format_message())}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _same_file(a: Path, b: Path) -> bool:
    """The same file: one resolved path, or one inode (hard link, bind mount)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError, ValueError):
        return False


def _refuse_overwrite(outputs: Iterable[Path], inputs: Iterable[str | Path | None]) -> None:
    """Refuse to write onto a file the command reads (compared resolved and by inode).

    Raises
    ------
    ParameterError
        Naming the output and the input it would overwrite.
    """
    from supplychain.errors import ParameterError

    sources = [Path(p) for p in inputs if p is not None and str(p) not in ("embedded", "overpass")]
    for out in outputs:
        for src in sources:
            if _same_file(out, src):
                raise ParameterError(
                    f"Output '{out}' is the input '{src}' of this command; writing it would destroy "
                    "the input. Give another --out."
                )


def _graph(network_file: str) -> Any:
    """The embedded network, or a saved network file."""
    from supplychain.networks import build_network, load_network

    return build_network("embedded") if network_file == "embedded" else load_network(network_file)


def _network_and_params(func: F) -> F:
    """The --network and --params options shared by solve, stress and report."""
    func = click.option("--params", "params_path", type=click.Path(path_type=Path), default=None,
                        help="LP parameter file (default models/model.toml).")(func)
    return cast(F, click.option("--network", "network_file", default="embedded",
                                show_default=True,
                                help="A saved network file, or 'embedded'.")(func))  # fmt: skip


_VERBOSITY = "supplychain.verbosity"


def _verbosity() -> dict[str, Any]:
    """-v count and -q flag, wherever they were given (before or after the subcommand)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {"verbose": 0, "quiet": False}
    return ctx.find_root().meta.setdefault(_VERBOSITY, {"verbose": 0, "quiet": False})


def _configure_logging() -> None:
    # Default: warnings only, so results are readable; -v: one summary line per stage; -vv: debug.
    v = _verbosity()
    if v["quiet"]:
        level = logging.ERROR
    else:
        level = {0: logging.WARNING, 1: logging.INFO}.get(v["verbose"], logging.DEBUG)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("supplychain").setLevel(level)


def _verbosity_callback(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    v = _verbosity()
    if param.name == "quiet":
        v["quiet"] = v["quiet"] or bool(value)
    else:
        v["verbose"] += int(value or 0)
    _configure_logging()


def _verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_verbosity_callback,
                     help="More log output (-v: a line per stage, -vv: debug)."),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_verbosity_callback,
                     help="Only errors: no results, warnings or progress bars."),
    ]  # fmt: skip


class _Group(_ErrorLineGroup):
    """A group whose every subcommand also accepts -v/-vv/-q (``supplychain stress n-1 -q``);
    usage errors are one ``error:`` line (:class:`_ErrorLineGroup`)."""

    group_class = type  # subgroups are _Group too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        names = {o for p in cmd.params for o in getattr(p, "opts", [])}
        if not names & {"-v", "-q"}:
            cmd.params.extend(_verbosity_options())
        super().add_command(cmd, name)


def _progress() -> bool:
    """Progress bars show unless -q was given."""
    return not _verbosity()["quiet"]


def _echo(text: str = "") -> None:
    """A result line: printed unless -q (which prints only errors)."""
    if not _verbosity()["quiet"]:
        click.echo(text)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="supplychain")
def main() -> None:
    """supplychain: fuel corridors into Mali as a capacitated road graph."""
    _configure_logging()


main.params.extend(_verbosity_options())


@main.group()
def network() -> None:
    """Build and inspect corridor networks."""


@network.command("build")
@click.option("--source", default="embedded", show_default=True,
              help="'embedded', 'overpass', an OSM file (.osm, .osm.bz2, .osm.pbf) or a GIS road "
                   "layer (.gpkg, .geojson, .shp).")
@click.option("--classes", default=None,
              help="Comma-separated OSM highway classes to keep (default: from the parameter file).")
@click.option("--buffer-km", type=float, default=None,
              help="Corridor buffer for PBF and Overpass clipping (default: parameter file, 50 km).")
@click.option("--params", "params_path", type=click.Path(path_type=Path), default=None,
              help="Network parameter file (default models/network.toml).")
@click.option("--places", "places_path", type=click.Path(path_type=Path), default=None,
              help="Places file (default models/places.toml).")
@click.option("--corridors", "corridors_path", type=click.Path(path_type=Path), default=None,
              help="Corridor skeleton file (default models/corridors.toml).")
@click.option("--map", "mapping", multiple=True, metavar="ATTR=COLUMN",
              help="GIS layers: schema attribute = column name (repeatable), e.g. length_km=len; "
                   "ATTR= (empty) ignores a column. Attributes: "
                   + ", ".join(sorted(GIS_ATTRIBUTES)) + ".")
@click.option("--where", default=None, metavar="EXPR",
              help="GIS layers: OGR SQL row filter applied while reading, e.g. \"add = 0\".")
@click.option("--layer", default=None, help="GIS layers: layer name in a multi-layer file.")
@click.option("--snap-m", type=float, default=50.0, show_default=True,
              help="GIS layers: line ends closer than this many metres become one node.")
@click.option("--overpass-url", default=None,
              help="Overpass: API base URL without /interpreter (default: osmnx's).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Overpass: folder for cached answers (default ./cache).")
@click.option("--max-expansion-ratio", type=click.FloatRange(min=1.0), default=None,
              help="Compressed OSM files: stop when they expand more than this many times "
                   "(default 100, or SUPPLYCHAIN_MAX_EXPANSION_RATIO).")
@click.option("--max-bytes-without-element", type=click.IntRange(min=1), default=None,
              help="Compressed OSM files: stop after this many bytes without an OSM element "
                   "(default 16 MiB, or SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT).")
@click.option("--max-tag-length", type=click.IntRange(min=1), default=None,
              help="Longest OSM tag value or GIS text cell accepted, in characters (default 255, "
                   "or SUPPLYCHAIN_MAX_TAG_LENGTH).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file: .graphml, .gpkg, .geojson or .parquet (fast cache).")
@_user_errors
def network_build(source: str, classes: str | None, buffer_km: float | None,
                  params_path: Path | None, places_path: Path | None,
                  corridors_path: Path | None, mapping: tuple[str, ...], where: str | None,
                  layer: str | None, snap_m: float, overpass_url: str | None,
                  cache_dir: Path | None, max_expansion_ratio: float | None,
                  max_bytes_without_element: int | None, max_tag_length: int | None,
                  out: Path) -> None:
    """Build a corridor network from a source and write it to --out."""
    from supplychain.errors import ParameterError
    from supplychain.networks import BuildOptions, build_network, save_network, summarize_network
    from supplychain.networks.limits import InputLimits

    _refuse_overwrite([out], [source, params_path, places_path, corridors_path])
    column_map: dict[str, str] = {}
    for item in mapping:
        attr, sep, column = item.partition("=")
        if not sep or not attr.strip():
            raise ParameterError(f"--map {item!r} is not ATTR=COLUMN, e.g. --map length_km=len_km.")
        column_map[attr.strip()] = column.strip()
    opts = BuildOptions.default(
        params_path=params_path, places_path=places_path, corridors_path=corridors_path,
        classes=[c.strip() for c in classes.split(",") if c.strip()] if classes else None,
        buffer_km=buffer_km,
    )
    limits = InputLimits.from_env(max_expansion_ratio=max_expansion_ratio,
                                  max_bytes_without_element=max_bytes_without_element,
                                  max_tag_length=max_tag_length)  # fmt: skip
    graph = build_network(source, options=opts, column_map=column_map or None, where=where,
                          layer=layer, snap_tolerance_m=snap_m, overpass_url=overpass_url,
                          cache_dir=cache_dir,
                          progress=_progress(), limits=limits)
    save_network(graph, out)
    _echo(summarize_network(graph).to_text())
    _echo(f"Wrote {out}")


@network.command("info")
@click.argument("network_file", default="embedded")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--segments", is_flag=True, help="Also list every segment id.")
@_user_errors
def network_info(network_file: str, as_json: bool, segments: bool) -> None:
    """Summarise NETWORK_FILE (a saved network, or 'embedded' for the built-in skeleton)."""
    from supplychain.networks import summarize_network

    graph = _graph(network_file)
    summary = summarize_network(graph)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(summary.to_text())
    if segments:
        seen: dict[str, Any] = {}
        for _, _, d in graph.edges(data=True):
            seen.setdefault(d["segment_id"], d)
        for seg_id, d in sorted(seen.items()):
            click.echo(f"{seg_id}\t{d['length_km']:.1f} km\t{d['highway']}\t{d['country']}\t"
                       f"{d['capacity_trucks_per_day']:.0f} trucks/day")


@main.command("solve")
@_network_and_params
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path), default=None,
              help="Scenario or threat file (models/*.toml); the baseline is printed first.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default=None,
              help="LP solver (default: the parameter file's, highs).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Write the result (the scenario's, or the baseline's) as JSON here.")
@_user_errors
def solve_command(network_file: str, params_path: Path | None, scenario_path: Path | None,
                  solver: str | None, json_out: Path | None) -> None:
    """Route fuel deliveries and report routes, bottlenecks and the capacity lost."""
    from supplychain._atomic import _atomic_path
    from supplychain.models import Scenario, load_model_parameters, run_scenario
    from supplychain.networks import summarize_network

    outputs = [json_out] if json_out is not None else []
    _refuse_overwrite(outputs, [network_file, params_path, scenario_path])
    graph = _graph(network_file)
    summary = summarize_network(graph)
    _echo(f"Network: {summary.source}: {summary.segments} segments, {summary.road_km:,.0f} km, "
               f"{len(summary.ports) + len(summary.depots)} loading points, "
               f"{len(summary.border_posts)} border posts, {len(summary.cities)} demand cities")
    params = load_model_parameters(params_path)
    scenario = None
    if scenario_path:
        scenario, _, _, scenario_inputs, _ = _stress_scenario(scenario_path, graph)
        _refuse_overwrite(outputs, scenario_inputs)
    result = run_scenario(graph, params, Scenario.baseline(), solver=solver)
    _echo(result.summary())
    if scenario is not None:
        result = run_scenario(graph, params, scenario, solver=solver)
        _echo("")
        _echo(result.summary())
    if json_out is not None:
        with _atomic_path(json_out) as tmp:
            tmp.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        _echo(f"Wrote {json_out}")


def _stress_scenario(
    path: Path | None, graph: Any
) -> tuple[Any, dict[str, float], list[str], list[Path], list[Any]]:
    """A plain scenario file or a threat file -> (Scenario, attack probabilities, report lines,
    every input file read (the file, the files it inherits from, its incidents CSV), attack
    groups (probability, segments, border posts) for Monte Carlo)."""
    import tomllib

    from supplychain.models import Scenario, load_scenario
    from supplychain.scenarios import load_threat

    if path is None:
        return Scenario.baseline(), {}, [], [], []
    try:
        keys = set(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        keys = set()  # let the loader report the problem with its own message
    if keys & {"rule", "incidents", "inherits"}:
        definition = load_threat(path)
        threat = definition.resolve(graph)
        inputs = [Path(p) for p in definition.chain] or [path]
        if definition.incidents is not None:
            inputs.append(Path(definition.incidents.file))
        groups = [(g.probability, sorted(g.segments), sorted(g.nodes)) for g in threat.groups]
        return (threat.scenario, dict(threat.attack_probability), threat.report_lines(), inputs,
                groups)  # fmt: skip
    scenario = load_scenario(path)
    scenario.check_against(graph)
    return scenario, {}, [], [path], []


_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss|inproc)://)?[A-Za-z0-9_.\-\[\]:]+:\d+/?$")


def _check_scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A Dask scheduler address must look like tcp://HOST:PORT (checked before any work)."""
    if value is not None and not _SCHEDULER.match(value.strip()):
        raise click.BadParameter(
            f"{value!r} is not a Dask scheduler address; give tcp://HOST:PORT (the address "
            "`dask scheduler` prints), or drop --scheduler to run locally."
        )
    return value.strip() if value is not None else None


@main.command("stress")
@click.argument("sweep", type=click.Choice(["n-1", "n-k", "worst-case", "monte-carlo",
                                            "closure-days"]))
@_network_and_params
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path), default=None,
              help="Scenario or threat file the closures are applied on (threat files also give "
                   "the Monte Carlo attack probabilities).")
@click.option("--k", "k", type=click.IntRange(min=1), default=2, show_default=True,
              help="n-k and worst-case: number of closures.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="n-k: combine the first TOP elements of the N-1 ranking.")
@click.option("--draws", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="monte-carlo: draws.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="monte-carlo: random seed.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", default=None, metavar="ADDR", callback=_check_scheduler,
              help="Dask scheduler address (tcp://HOST:PORT); overrides --workers.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None,
              help="Closures (or draws) per task (default: at least 16, about 16 chunks "
                   "per worker; Monte Carlo 250).")
@click.option("--csv", "csv", is_flag=True, help="Also write a CSV next to the Parquet file.")
@click.option("--days", type=int, default=None,
              help="closure-days: horizon in days (default: the scenario's timeline, else 60).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Parquet output, e.g. reports/n-1.parquet; a JSON summary is written beside it. "
                   "Re-running with the same --out resumes an interrupted sweep.")
@click.pass_context
@_user_errors
def stress_command(click_ctx: click.Context, sweep: str, network_file: str, params_path: Path | None,
                   scenario_path: Path | None, k: int, top: int, draws: int, seed: int,
                   workers: int, scheduler: str | None, chunk_size: int | None, csv: bool,
                   days: int | None, out: Path) -> None:
    """Stress-test corridor closures: N-1, N-k, exact worst case, Monte Carlo, and
    closure-days (each corridor closed from day 0: days until the first city runs dry)."""
    if sweep == "closure-days":
        _closure_days(network_file, params_path, scenario_path, days, csv, out)
        return
    from supplychain.models import load_model_parameters
    from supplychain.scenarios.sweeps import (
        SweepContext,
        monte_carlo,
        n_minus_1,
        n_minus_k,
        worst_case_sweep,
    )

    progress = _progress()
    outputs = [out, out.with_suffix(".json"), out.with_name(out.name + ".parts"),
               *([out.with_suffix(".csv")] if csv else [])]
    _refuse_overwrite(outputs, [network_file, params_path, scenario_path])
    graph = _graph(network_file)
    params = load_model_parameters(params_path)
    scenario, probs, lines, scenario_inputs, groups = _stress_scenario(scenario_path, graph)
    _refuse_overwrite(outputs, scenario_inputs)
    for line in lines:
        logger.debug(line)
    ctx = SweepContext.create(graph, params, scenario, attack_probability=probs,
                              attack_groups=groups, seed=seed)  # fmt: skip
    run: dict[str, Any] = {"workers": workers, "scheduler": scheduler, "progress": progress,
                           "out": out, "csv": csv}  # fmt: skip
    if sweep == "n-1":
        result = n_minus_1(ctx, chunk_size=chunk_size, **run)
    elif sweep == "n-k":
        result = n_minus_k(ctx, k=k, top=top, chunk_size=chunk_size, **run)
    elif sweep == "monte-carlo":
        result = monte_carlo(ctx, draws=draws, chunk_size=chunk_size or 250, **run)
    else:
        result = worst_case_sweep(ctx, k=k, out=out, csv=csv)
    _echo(_stress_text(result))
    _echo(f"Wrote {out} and {out.with_suffix('.json')}")


def _stress_text(result: Any) -> str:
    t = result.table
    s = result.summary
    lines = [f"{result.kind} on scenario '{s.get('scenario')}': {len(t)} rows"]
    if s.get("hub_flow") or s.get("measure"):
        lines.append(f"  ({s.get('hub_flow') or s.get('measure')})")
    if result.kind in ("n-1", "n-k"):
        if "chain_id" in t.columns:  # N-1: one line per chain of serial segments
            from supplychain.scenarios.chains import chain_ranking

            t = chain_ranking(t)
            lines.append(f"  {len(t)} chains and border posts (serial segments with no junction "
                         "between them fail together):")  # fmt: skip
        for row in t.head(10).itertuples():
            flag = "  SINGLE POINT OF FAILURE for Bamako" if row.single_point_of_failure else ""
            members = int(getattr(row, "chain_members", 1) or 1)
            chain = f" ({members} segments, {row.chain_length_km:,.0f} km)" if members > 1 else ""
            lines.append(
                f"  {row.rank:>3}. {row.id}{chain}: throughput -{row.throughput_lost_m3_per_day:,.0f} m3/day "
                f"({row.throughput_lost_pct:.1f} %), served -{row.served_lost_m3_per_day:,.0f} "
                f"({row.served_lost_pct:.1f} %){flag}"
            )
    elif result.kind == "worst-case":
        for row in t.itertuples():
            items = ", ".join(filter(None, [row.segments.replace(";", ", "), row.nodes.replace(";", ", ")]))
            after = getattr(row, "throughput_after_m3_per_day", None)
            fleet = f"; throughput with the fleet limit {after:,.0f} m3/day" if after is not None else ""
            lines.append(f"  k={row.k} {row.method:<6} closes {items}: max flow to Bamako "
                         f"{row.remaining_m3_per_day:,.0f} m3/day (-{row.lost_pct:.1f} %){fleet}")
    else:
        for key in ("throughput_m3_per_day", "served_m3_per_day"):
            st = s[key]
            lines.append(f"  {key}: mean {st['mean']:,.0f}  P5 {st['p5']:,.0f}  P50 {st['p50']:,.0f}  "
                         f"P95 {st['p95']:,.0f}")
        for row in s["worst_5pct_share"][:5]:
            lines.append(f"  in {100 * row['share_of_worst_draws']:.0f} % of the worst 5 % of draws: "
                         f"{row['segment_id']}")
    return "\n".join(lines)


def _closure_days(network_file: str, params_path: Path | None, scenario_path: Path | None,
                  days: int | None, csv: bool, out: Path) -> None:
    """``stress closure-days``: close each corridor from day 0 on a timeline."""
    from supplychain._atomic import _atomic_path
    from supplychain.models import load_model_parameters
    from supplychain.scenarios.store import csv_safe
    from supplychain.scenarios.timeline_stress import closure_days, load_timeline

    outputs = [out, out.with_suffix(".json")] + ([out.with_suffix(".csv")] if csv else [])
    _refuse_overwrite(outputs, [network_file, params_path, scenario_path])
    graph = _graph(network_file)
    params = load_model_parameters(params_path)
    timeline = load_timeline(scenario_path, graph, days=days or (None if scenario_path else 60))
    table = closure_days(graph, params, timeline, progress=_progress())
    _echo(f"closure-days on '{timeline.name}': {timeline.days} days from {timeline.start}; "
               "each corridor closed from day 0")
    for row in table.to_dict("records"):
        when = (f"first city dry on day {row['days_to_dry']:.0f} ({row['first_dry_date']}): "
                f"{row['first_dry_city']}") if pd_notna(row.get("days_to_dry")) else \
            f"no city dry within {timeline.days} days"
        _echo(f"  {row['corridor']}: {when}; unmet {row.get('unmet_m3', 0):,.0f} m3 "
                   f"({row.get('unmet_pct', 0):.1f} %)")
    with _atomic_path(out) as tmp:
        table.to_parquet(tmp, index=False)
    if csv:
        with _atomic_path(out.with_suffix(".csv")) as tmp:
            csv_safe(table).to_csv(tmp, index=False)
    summary = {"kind": "closure-days", "timeline": timeline.name, "start": str(timeline.start),
               "days": timeline.days, "rows": json.loads(table.to_json(orient="records",
                                                                         date_format="iso"))}
    with _atomic_path(out.with_suffix(".json")) as tmp:
        tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    _echo(f"Wrote {out} and {out.with_suffix('.json')}")


def pd_notna(value: Any) -> bool:
    """True for a number that is not NaN/None."""
    return value is not None and value == value


# Assumption: a 181-day plan is an LP of about 10^5 rows; the back-test takes 40-100 s with the
# dual simplex on 2 cores (measured 2026-12-01), above the 60 s solver.time_limit_s of the
# steady-state model, so timelines get their own default.
_TIMELINE_TIME_LIMIT_S = 600.0


@main.command("timeline")
@_network_and_params
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path), default=None,
              help="Timeline or threat file (models/timeline-*.toml); a plain scenario file "
                   "applies every day; none: the undisturbed network.")
@click.option("--days", type=int, default=None,
              help="Horizon in days (default: the file's [timeline], else 180).")
@click.option("--start", "start", default=None, metavar="YYYY-MM-DD",
              help="Day 0 (default: the file's [timeline] start, else today).")
@click.option("--storage", "storage_path", type=click.Path(path_type=Path), default=None,
              help="Storage parameter file (default: the file's, else models/storage.toml).")
@click.option("--integer-convoys", is_flag=True,
              help="Whole convoys (a MIP, HiGHS); prints the optimality gap.")
@click.option("--min-stock", is_flag=True,
              help="Find the smallest initial stock per city that serves every demand all days.")
@click.option("--observed", "observed_path", type=click.Path(path_type=Path), default=None,
              help="CSV of observed arrivals (period_start, period_end, tankers, litres, source).")
@click.option("--time-limit", "time_limit_s", type=click.FloatRange(min=1), default=_TIMELINE_TIME_LIMIT_S,
              show_default=True,
              help="Seconds HiGHS may spend on each goal (a 181-day plan is a large LP: the "
                   "back-test takes 40-100 s with the dual simplex on 2 cores).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Parquet output, one row per day and place, e.g. reports/blockade.parquet; a "
                   "JSON summary is written beside it.")
@_user_errors
def timeline_command(network_file: str, params_path: Path | None, scenario_path: Path | None,
                     days: int | None, start: str | None, storage_path: Path | None,
                     integer_convoys: bool, min_stock: bool, observed_path: Path | None,
                     time_limit_s: float, out: Path) -> None:
    """Days of cover: stocks, transit days, escorted convoys and tanker losses, day by day."""
    from datetime import date

    from supplychain.errors import ParameterError, SolverError
    from supplychain.models import load_model_parameters
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.models.timeline import load_storage_parameters
    from supplychain.models.timeline_result import read_observed
    from supplychain.scenarios.timeline_stress import load_timeline

    day0 = None
    if start is not None:
        try:
            day0 = date.fromisoformat(start)
        except ValueError as exc:
            raise ParameterError(f"--start {start!r} is not a date; write it as 2025-09-01") from exc
    if days is not None and days < 1:
        raise ParameterError(f"--days {days}: give 1 or more")
    _refuse_overwrite([out, out.with_suffix(".json")],
                      [network_file, params_path, scenario_path, storage_path, observed_path])
    observed = read_observed(observed_path) if observed_path else None
    storage = load_storage_parameters(storage_path) if storage_path else None
    graph = _graph(network_file)
    params = load_model_parameters(params_path)
    timeline = load_timeline(scenario_path, graph, start=day0, days=days, storage=storage)
    model = build_timeline_model(graph, params, timeline, integer_convoys=integer_convoys,
                                 min_stock=min_stock)  # fmt: skip
    result = solve_timeline(model, time_limit_s=time_limit_s)
    _echo(result.summary(observed))
    if result.status not in ("optimal", "feasible"):
        raise SolverError(f"Timeline '{timeline.name}' has no plan ({result.status}): "
                          f"{result.message} Nothing was written to {out}.")
    _write_timeline(result, observed, out, {"scenario": str(scenario_path or ""),
                                            "network": network_file, "min_stock": min_stock})
    _echo(f"Wrote {out} and {out.with_suffix('.json')}")


def _write_timeline(result: Any, observed: Any, out: Path, command: dict[str, Any]) -> None:
    """A timeline result as Parquet (one row per day and place) and its JSON summary beside."""
    from supplychain._atomic import _atomic_path

    summary = result.to_dict(observed)
    summary["command"] = command
    with _atomic_path(out) as tmp:
        result.to_frame().to_parquet(tmp, index=False)
    with _atomic_path(out.with_suffix(".json")) as tmp:
        tmp.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str),
                       encoding="utf-8")  # fmt: skip


@main.command("threat")
@click.argument("threat_file", type=click.Path(path_type=Path))
@click.option("--network", "network_file", default="embedded", show_default=True,
              help="A saved network file, or 'embedded'.")
@_user_errors
def threat_command(threat_file: Path, network_file: str) -> None:
    """Explain a threat file on a network: each segment's effect, attack probability and why
    (which rules; which incidents, how far, how old)."""
    from supplychain.scenarios import load_threat

    graph = _graph(network_file)
    for line in load_threat(threat_file).resolve(graph).report_lines():
        click.echo(line)


@main.command("schema")
def schema() -> None:
    """Print the network attribute schema as a Markdown table."""
    from supplychain.networks.schema import schema_markdown

    click.echo(schema_markdown())


def _make_report(graph: Any, params: Any, *, network_file: str, params_path: Path | None,
                 scenario_paths: tuple[Path, ...], stress: list[Any], solver: str | None,
                 title: str | None, out: Path, command: list[str],
                 timeline: Any = None) -> str:
    """Solve the baseline and each scenario, build the HTML report and write it atomically."""
    import shlex

    from supplychain.models import Scenario, run_scenario
    from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
    from supplychain.networks import EMBEDDED_NETWORK_PATH
    from supplychain.reports import ScenarioRun, build_report, file_record, write_report

    files = [file_record(EMBEDDED_NETWORK_PATH if network_file == "embedded" else network_file,
                         "network")]
    if graph.graph.get("params_source") and Path(graph.graph["params_source"]).is_file():
        files.append(file_record(graph.graph["params_source"], "network parameters"))
    files.append(file_record(params_path or DEFAULT_MODEL_PARAMS_PATH, "LP parameters"))
    baseline = Scenario.baseline()
    runs = [ScenarioRun(run_scenario(graph, params, baseline, solver=solver), baseline)]
    for path in scenario_paths:
        scenario, probs, _, inputs, _ = _stress_scenario(path, graph)
        _refuse_overwrite([out], inputs)
        runs.append(ScenarioRun(run_scenario(graph, params, scenario, solver=solver), scenario, probs))
        files.append(file_record(path, "scenario"))
        for extra in inputs:
            if extra.resolve() != path.resolve():
                role = "incidents" if extra.suffix.lower() == ".csv" else "inherited scenario"
                files.append(file_record(extra, role))
    html = build_report(graph, runs, stress=stress, timeline=timeline, title=title,
                        provenance={"files": files, "command": shlex.join(command)})
    write_report(out, html)
    return html


@main.command("report")
@_network_and_params
@click.option("--scenario", "scenario_paths", type=click.Path(path_type=Path), multiple=True,
              help="Scenario or threat file (repeatable); the baseline always comes first.")
@click.option("--stress", "stress_paths", type=click.Path(path_type=Path), multiple=True,
              help="A 'supplychain stress' Parquet file (repeatable); its JSON summary is read "
                   "from beside it.")
@click.option("--timeline", "timeline_path", type=click.Path(path_type=Path), default=None,
              help="A 'supplychain timeline' Parquet file (its JSON summary is read from beside "
                   "it): adds days of cover, arrivals, escorts and events over time.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default=None,
              help="LP solver (default: the parameter file's, highs).")
@click.option("--title", default=None, help="Report title (default: from the last scenario).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="HTML output, e.g. reports/blockade.html (one self-contained file).")
@_user_errors
def report_command(network_file: str, params_path: Path | None, scenario_paths: tuple[Path, ...],
                   stress_paths: tuple[Path, ...], timeline_path: Path | None,
                   solver: str | None, title: str | None, out: Path) -> None:
    """Write a self-contained HTML report: headline, map, routes, stress results, comparison.

    It opens offline from file:// (plotly.js and the country shapes are inside the file).
    """
    from supplychain.models import load_model_parameters
    from supplychain.reports import load_stress, load_timeline_result

    _refuse_overwrite([out], [network_file, params_path, *scenario_paths, *stress_paths,
                              *(p.with_suffix(".json") for p in stress_paths)])  # fmt: skip
    stress = [load_stress(p) for p in stress_paths]  # check the files before solving
    timeline = load_timeline_result(timeline_path) if timeline_path else None
    graph = _graph(network_file)
    params = load_model_parameters(params_path)
    parts = ["supplychain", "report", "--network", network_file]
    parts += ["--params", str(params_path)] if params_path else []
    for path in scenario_paths:
        parts += ["--scenario", str(path)]
    for path in stress_paths:
        parts += ["--stress", str(path)]
    parts += ["--timeline", str(timeline_path)] if timeline_path else []
    parts += ["--solver", solver] if solver else []
    parts += ["--title", title] if title else []
    html = _make_report(graph, params, network_file=network_file, params_path=params_path,
                        scenario_paths=scenario_paths, stress=stress, solver=solver, title=title,
                        out=out, command=[*parts, "--out", str(out)], timeline=timeline)
    _echo(f"Wrote {out} ({len(html.encode('utf-8')) / 1e6:.1f} MB)")


def _run_timeline(scenario_path: Path, graph: Any, params: Any, out_dir: Path) -> Any:
    """``run`` with a timeline file (a ``[timeline]`` or ``[[event]]`` table): solve it day by
    day, write ``timeline.parquet`` and its summary in ``out_dir``, and return it for the
    report; None for a file without dates or a timeline without a plan."""
    import tomllib

    try:
        keys = set(tomllib.loads(scenario_path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # the scenario loader has already reported an unreadable file
    if not keys & {"timeline", "event"}:
        return None
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.reports import load_timeline_result
    from supplychain.scenarios.timeline_stress import load_timeline

    result = solve_timeline(build_timeline_model(graph, params, load_timeline(scenario_path, graph)),
                            time_limit_s=_TIMELINE_TIME_LIMIT_S)
    _echo(result.summary())
    if result.status not in ("optimal", "feasible"):  # no daily plan to show
        _echo("The report has no days-of-cover section: the timeline was not solved.")
        return None
    out = out_dir / "timeline.parquet"
    _write_timeline(result, None, out, {"scenario": str(scenario_path), "network": "embedded",
                                        "min_stock": False})  # fmt: skip
    return load_timeline_result(out)


@main.command("run")
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path),
              default=Path("models/threat-blockade-2025.toml"), show_default=True,
              help="Scenario or threat file compared with the baseline.")
@click.option("--draws", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Monte Carlo draws.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Monte Carlo seed.")
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("reports"),
              show_default=True, help="Folder for the stress tables and the report.")
@_user_errors
def run_command(scenario_path: Path, draws: int, seed: int, out_dir: Path) -> None:
    """The main job on the embedded network: solve the baseline and the scenario, run N-1 and
    Monte Carlo on the scenario, and write the HTML report (with the days-of-cover section
    when the scenario file is a timeline)."""
    from supplychain.models import Scenario, load_model_parameters, run_scenario
    from supplychain.networks import build_network, summarize_network
    from supplychain.reports import load_stress
    from supplychain.scenarios.sweeps import SweepContext, monte_carlo, n_minus_1

    progress = _progress()
    outputs = [out_dir / name for name in ("n-1.parquet", "n-1.json", "monte-carlo.parquet",
                                           "monte-carlo.json", "embedded.html")]  # fmt: skip
    _refuse_overwrite(outputs, [scenario_path])
    graph = build_network("embedded")
    summary = summarize_network(graph)
    _echo(f"Network: {summary.source}: {summary.segments} segments, {summary.road_km:,.0f} km")
    params = load_model_parameters()
    scenario, probs, _, scenario_inputs, groups = _stress_scenario(scenario_path, graph)
    _refuse_overwrite(outputs, scenario_inputs)
    for sc in (Scenario.baseline(), scenario):
        _echo(run_scenario(graph, params, sc).summary())
        _echo("")
    ctx = SweepContext.create(graph, params, scenario, attack_probability=probs,
                              attack_groups=groups, seed=seed)  # fmt: skip
    n1 = n_minus_1(ctx, out=out_dir / "n-1.parquet", progress=progress)
    _echo(_stress_text(n1))
    paths = [out_dir / "n-1.parquet"]
    if probs:
        mc = monte_carlo(ctx, draws=draws, out=out_dir / "monte-carlo.parquet", progress=progress)
        _echo(_stress_text(mc))
        paths.append(out_dir / "monte-carlo.parquet")
    timeline = _run_timeline(scenario_path, graph, params, out_dir)
    out = out_dir / "embedded.html"
    html = _make_report(graph, params, network_file="embedded", params_path=None,
                        scenario_paths=(scenario_path,), stress=[load_stress(p) for p in paths],
                        solver=None, title=None, out=out,
                        command=["supplychain", "run", "--scenario", str(scenario_path),
                                 "--draws", str(draws), "--seed", str(seed),
                                 "--out-dir", str(out_dir)], timeline=timeline)  # fmt: skip
    _echo(f"Report: {out.resolve()} ({len(html.encode('utf-8')) / 1e6:.1f} MB)")


if __name__ == "__main__":  # pragma: no cover
    main()
