"""``supplychain network build`` and ``supplychain network info``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supplychain._json import dumps as strict_json
from supplychain.cli._common import (
    _PATH,
    _echo,
    _graph,
    _network_name,
    _out_path,
    _progress,
    _refuse_other_kind,
    _refuse_overwrite,
    _user_errors,
    main,
)
from supplychain.networks.gis_attributes import GIS_ATTRIBUTES

__all__ = ["network", "network_build", "network_info"]


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
@click.option("--params", "params_path", type=_PATH, default=None,
              help="Network parameter file (default models/network.toml).")
@click.option("--places", "places_path", type=_PATH, default=None,
              help="Places file (default models/places.toml).")
@click.option("--corridors", "corridors_path", type=_PATH, default=None,
              help="Corridor skeleton file (default models/corridors.toml).")
@click.option("--map", "mapping", multiple=True, metavar="ATTR=COLUMN",
              help="GIS layers: schema attribute = column name (repeatable), e.g. length_km=len; "
                   "ATTR= (empty) ignores a column. Attributes: "
                   + ", ".join(sorted(GIS_ATTRIBUTES)) + ".")
@click.option("--where", default=None, metavar="EXPR",
              help="GIS layers: OGR SQL row filter applied while reading, e.g. \"add = 0\".")
@click.option("--layer", default=None, help="GIS layers: layer name in a multi-layer file.")
@click.option("--snap-m", type=float, default=50.0, show_default=True,
              help="GIS layers: line ends closer than this many metres become one node "
                   "(0 to 1000).")
@click.option("--overpass-url", default=None,
              help="Overpass: API base URL without /interpreter (default: osmnx's).")
@click.option("--cache-dir", type=_PATH, default=None, callback=_out_path,
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
@click.option("--out", type=_PATH, required=True, callback=_out_path,
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
    from supplychain.networks.provenance import record_command_line

    _refuse_overwrite([out], [source, params_path, places_path, corridors_path])
    if out.suffix.lower() == ".parquet":
        _refuse_other_kind(out, "network")
    elif out.suffix.lower() in (".geojson", ".gpkg", ".graphml") and out.is_file():
        from supplychain.networks.io import holds_network

        if not holds_network(out):  # an area's polygon or a road layer was replaced (fuzz30)
            raise ParameterError(f"--out '{out}' is a {out.suffix.lower()} file that is not a supplychain "
                                 "network (an area's polygon, a road layer?), which this command would "
                                 f"replace with a network; give another --out, or delete '{out}' first "
                                 "to replace it.")  # fmt: skip
    column_map: dict[str, str] = {}
    for item in mapping:
        attr, sep, column = item.partition("=")
        if not sep or not attr.strip():
            raise ParameterError(f"--map {item!r} is not ATTR=COLUMN, e.g. --map length_km=len_km.")
        if attr.strip() in column_map and column_map[attr.strip()] != column.strip():
            # The last one was used, the others dropped without a word (fuzz30).
            raise ParameterError(f"--map maps {attr.strip()} twice (to '{column_map[attr.strip()]}' and "
                                 f"'{column.strip()}'); give one --map {attr.strip()}=COLUMN.")  # fmt: skip
        column_map[attr.strip()] = column.strip()
    kept = None if classes is None else [c.strip() for c in classes.split(",") if c.strip()]
    if kept == []:  # `--classes ""` (an unset variable) or ",": the parameter file's, unsaid
        raise ParameterError(f"--classes {classes!r} names no highway class; give a comma-separated "
                             "list such as trunk,primary, or leave --classes out for the parameter "
                             "file's classes.")  # fmt: skip
    opts = BuildOptions.default(
        params_path=params_path, places_path=places_path, corridors_path=corridors_path,
        classes=kept,
        buffer_km=buffer_km,
    )
    limits = InputLimits.from_env(max_expansion_ratio=max_expansion_ratio,
                                  max_bytes_without_element=max_bytes_without_element,
                                  max_tag_length=max_tag_length)  # fmt: skip
    graph = build_network(source, options=opts, column_map=column_map or None, where=where,
                          layer=layer, snap_tolerance_m=snap_m, overpass_url=overpass_url,
                          cache_dir=cache_dir,
                          progress=_progress(), limits=limits)
    record_command_line(graph)  # the options it was built with, for `network info` and a rebuild
    save_network(graph, out)
    _echo(summarize_network(graph).to_text())
    _echo(f"Wrote {out}")


@network.command("info")
@click.argument("network_file", default=None, required=False, callback=_network_name)
@click.option("--network", "network_option", default=None, callback=_network_name,
              help="The same as NETWORK_FILE, as the other commands name it (default: embedded).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--segments", is_flag=True, help="Also list every segment id.")
@_user_errors
def network_info(network_file: str | None, network_option: str | None, as_json: bool,
                 segments: bool) -> None:
    """Summarise NETWORK_FILE (a saved network, or 'embedded' for the built-in skeleton)."""
    from supplychain.networks import summarize_network

    # `solve`, `stress`, `timeline` and `report` take --network: `network info --network X`
    # ended with "No such option '--network'".
    if network_file is not None and network_option is not None and network_file != network_option:
        raise click.UsageError(f"two networks given, '{network_file}' and --network "
                               f"'{network_option}': give one")  # fmt: skip
    graph = _graph(network_option or network_file or "embedded")
    summary = summarize_network(graph)
    seen: dict[str, Any] = {}
    for _, _, d in graph.edges(data=True) if segments else ():
        seen.setdefault(d["segment_id"], d)
    if as_json:
        # The segments inside the JSON: printed after it as tab-separated lines, they made the
        # output no JSON document (`network info --json --segments | jq` failed).
        record = summary.to_dict()
        if segments:
            record["segment_list"] = [
                {"id": seg_id, "length_km": d["length_km"], "highway": d["highway"],
                 "country": d["country"], "capacity_trucks_per_day": d["capacity_trucks_per_day"]}
                for seg_id, d in sorted(seen.items())
            ]  # fmt: skip
        click.echo(strict_json(record))
        return
    click.echo(summary.to_text())
    for seg_id, d in sorted(seen.items()):
        click.echo(f"{seg_id}\t{d['length_km']:.1f} km\t{d['highway']}\t{d['country']}\t"
                   f"{d['capacity_trucks_per_day']:.0f} trucks/day")

