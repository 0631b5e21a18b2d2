"""Command-line interface: thin; parses, configures logging, calls the stages, prints.

User errors (the :class:`~supplychain.errors.SupplyChainError` family) end with a one-line
message on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
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


def _user_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SupplyChainError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return cast(F, wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v: debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.version_option(__version__, prog_name="supplychain")
def main(verbose: int, quiet: bool) -> None:
    """supplychain: fuel corridors into Mali as a capacitated road graph."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("supplychain").setLevel(level)


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
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file: .graphml, .gpkg, .geojson or .parquet (fast cache).")
@_user_errors
def network_build(source: str, classes: str | None, buffer_km: float | None,
                  params_path: Path | None, places_path: Path | None,
                  corridors_path: Path | None, mapping: tuple[str, ...], where: str | None,
                  layer: str | None, snap_m: float, overpass_url: str | None,
                  cache_dir: Path | None, out: Path) -> None:
    """Build a corridor network from a source and write it to --out."""
    from supplychain.errors import ParameterError
    from supplychain.networks import BuildOptions, build_network, save_network, summarize_network

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
    graph = build_network(source, options=opts, column_map=column_map or None, where=where,
                          layer=layer, snap_tolerance_m=snap_m, overpass_url=overpass_url,
                          cache_dir=cache_dir)
    save_network(graph, out)
    click.echo(summarize_network(graph).to_text())
    click.echo(f"Wrote {out}")


@network.command("info")
@click.argument("network_file", default="embedded")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--segments", is_flag=True, help="Also list every segment id.")
@_user_errors
def network_info(network_file: str, as_json: bool, segments: bool) -> None:
    """Summarise NETWORK_FILE (a saved network, or 'embedded' for the built-in skeleton)."""
    from supplychain.networks import build_network, load_network, summarize_network

    graph = build_network("embedded") if network_file == "embedded" else load_network(network_file)
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
@click.option("--network", "network_file", default="embedded", show_default=True,
              help="A saved network file, or 'embedded' for the built-in skeleton.")
@click.option("--params", "params_path", type=click.Path(path_type=Path), default=None,
              help="LP parameter file (default models/model.toml).")
@click.option("--scenario", "scenario_path", type=click.Path(path_type=Path), default=None,
              help="Scenario file (models/*.toml); the baseline is printed first.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default=None,
              help="LP solver (default: the parameter file's, highs).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Write the result (the scenario's, or the baseline's) as JSON here.")
@_user_errors
def solve_command(network_file: str, params_path: Path | None, scenario_path: Path | None,
                  solver: str | None, json_out: Path | None) -> None:
    """Route fuel deliveries and report routes, bottlenecks and the capacity lost."""
    from supplychain._atomic import _atomic_path
    from supplychain.models import Scenario, load_model_parameters, load_scenario, run_scenario
    from supplychain.networks import build_network, load_network, summarize_network

    graph = build_network("embedded") if network_file == "embedded" else load_network(network_file)
    summary = summarize_network(graph)
    click.echo(f"Network: {summary.source}: {summary.segments} segments, {summary.road_km:,.0f} km, "
               f"{len(summary.ports) + len(summary.depots)} loading points, "
               f"{len(summary.border_posts)} border posts, {len(summary.cities)} demand cities")
    params = load_model_parameters(params_path)
    scenario = load_scenario(scenario_path) if scenario_path else None
    if scenario is not None:
        scenario.check_against(graph)
    result = run_scenario(graph, params, Scenario.baseline(), solver=solver)
    click.echo(result.summary())
    if scenario is not None:
        result = run_scenario(graph, params, scenario, solver=solver)
        click.echo("")
        click.echo(result.summary())
    if json_out is not None:
        with _atomic_path(json_out) as tmp:
            tmp.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
        click.echo(f"Wrote {json_out}")


@main.command("schema")
def schema() -> None:
    """Print the network attribute schema as a Markdown table."""
    from supplychain.networks.schema import schema_markdown

    click.echo(schema_markdown())


if __name__ == "__main__":  # pragma: no cover
    main()
