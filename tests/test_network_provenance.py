"""A network file records how it was built (graph attribute ``build``, README "Network schema").

Builds run in a temporary folder from copies of tests/data, with relative paths: the recorded
command is what was typed there, so no path of the test machine enters an assertion.
tests/data/tiny_roads.geojson is a synthetic GIS road layer over the tiny places (Tambacounda -
border - Kayes - Diéma - Bamako) whose ``distance`` column (metres) is 1.25 times each line's
geodesic length (an assumption standing for a road longer than its simplified line): built with
``--map length_m=distance`` it is 935 km of road, without 748 km.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import supplychain
from supplychain.cli import main
from supplychain.networks import (
    EMBEDDED_NETWORK_PATH,
    NETWORK_FORMATS,
    BuildOptions,
    build_network,
    load_network,
    save_network,
)
from supplychain.networks.provenance import describe_build, rebuild_command
from supplychain.networks.schema import BUILD_REVISION

from .conftest import DATA

TINY = ["--places", "tiny_places.toml", "--corridors", "tiny_corridors.toml"]
GIS = ["--source", "tiny_roads.geojson", *TINY, "--map", "length_m=distance", "--snap-m", "20"]
#: What ``network build`` records for GIS, as it re-types it (``--snap-m 20`` as a float).
GIS_COMMAND = ["supplychain", "network", "build", "--source", "tiny_roads.geojson", *TINY,
               "--map", "length_m=distance", "--snap-m", "20.0"]  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding copies of the tiny inputs, made the current directory."""
    for name in ("tiny.osm", "tiny_roads.geojson", "tiny_places.toml", "tiny_corridors.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    for var in ("SUPPLYCHAIN_MAX_EXPANSION_RATIO", "SUPPLYCHAIN_MAX_BYTES_WITHOUT_ELEMENT",
                "SUPPLYCHAIN_MAX_TAG_LENGTH"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def _build(*args: str) -> None:
    result = CliRunner().invoke(main, ["-q", "network", "build", *args])
    assert result.exit_code == 0, result.output


def _km(graph: nx.MultiDiGraph) -> dict[str, float]:
    return {d["segment_id"]: d["length_km"] for _, _, d in graph.edges(data=True)}


def test_a_command_line_build_records_its_source_options_and_version(folder: Path) -> None:
    _build(*GIS, "--out", "net.parquet")
    graph = load_network("net.parquet")
    layer = (folder / "tiny_roads.geojson").read_bytes()
    assert graph.graph["build"] == {
        "supplychain_version": supplychain.__version__,
        "built_with": "command line",
        "source": "tiny_roads.geojson",
        "source_sha256": hashlib.sha256(layer).hexdigest(),
        "source_bytes": len(layer),
        "options": GIS_COMMAND[5:],
        "command": GIS_COMMAND,
    }
    assert graph.graph["build_revision"] == BUILD_REVISION
    assert graph.graph["created"].endswith("+00:00")  # the build's UTC time


@pytest.mark.parametrize("suffix", NETWORK_FORMATS)
def test_every_format_keeps_the_record(folder: Path, suffix: str) -> None:
    _build(*GIS, "--out", f"net{suffix}")
    assert rebuild_command(load_network(f"net{suffix}").graph["build"]) == GIS_COMMAND


def test_the_recorded_command_rebuilds_the_same_network(folder: Path) -> None:
    # The point of recording it: without its --map the layer rebuilds 20 % shorter.
    _build(*GIS, "--out", "net.parquet")
    command = load_network("net.parquet").graph["build"]["command"]
    _build(*command[3:], "--out", "again.parquet")
    _build("--source", "tiny_roads.geojson", *TINY, "--out", "plain.parquet")
    built, again, plain = (_km(load_network(f"{n}.parquet")) for n in ("net", "again", "plain"))
    assert again == built
    assert sum(plain.values()) == pytest.approx(sum(built.values()) / 1.25, rel=1e-3)


def test_options_the_source_does_not_read_or_left_at_default_are_not_recorded(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --where and --snap-m are GIS options (an OSM file warns and ignores them), --snap-m 50 and
    # --buffer-km 50 are the defaults; an input limit raised by the environment counts (the file
    # may need it) and is re-typed as its option.
    monkeypatch.setenv("SUPPLYCHAIN_MAX_TAG_LENGTH", "300")
    _build("--source", "tiny.osm", *TINY, "--classes", "trunk,primary", "--where", "x = 1",
           "--snap-m", "20", "--buffer-km", "50", "--out", "net.parquet")  # fmt: skip
    assert load_network("net.parquet").graph["build"]["command"] == [
        "supplychain", "network", "build", "--source", "tiny.osm", "--classes", "trunk,primary",
        *TINY, "--max-tag-length", "300",
    ]  # fmt: skip


def _older(path: str, *, revision: int | None = 0, keep_record: bool = True) -> str:
    """``path`` re-saved as ``old net.parquet`` as an earlier build would have written it."""
    graph = load_network(path)
    if revision is None:
        del graph.graph["build_revision"]
    else:
        graph.graph["build_revision"] = revision
    if not keep_record:
        del graph.graph["build"]
    return str(save_network(graph, "old net.parquet"))


def _warnings(path: str, caplog: pytest.LogCaptureFixture) -> list[str]:
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.networks.io"):
        load_network(path)
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_the_rebuild_warning_gives_the_recorded_command(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _build(*GIS, "--out", "net.parquet")
    old = _older("net.parquet")
    (warning,) = _warnings(old, caplog)
    expected = shlex.join([*GIS_COMMAND, "--out", old])
    assert f"rebuild it with `{expected}`" in warning
    assert "'old net.parquet'" in expected  # the file name's space is quoted
    assert "the options it was built with (--map" not in warning
    # And the command runs as printed.
    _build(*shlex.split(expected)[3:])
    assert load_network(old).graph["build_revision"] == BUILD_REVISION


@pytest.mark.parametrize("revision", [None, 0])
def test_an_older_file_without_a_record_keeps_the_generic_warning(
    folder: Path, caplog: pytest.LogCaptureFixture, revision: int | None
) -> None:
    _build(*GIS, "--out", "net.parquet")
    (warning,) = _warnings(_older("net.parquet", revision=revision, keep_record=False), caplog)
    # The source's name, not its label "tiny_roads.geojson (<modification time>)": the time
    # inside the command made it one that fails (before 2026-12-05).
    assert "`supplychain network build --source tiny_roads.geojson --out NEW_FILE`" in warning
    assert "--out NEW_FILE` and the options it was built with (--map, " in warning


def test_a_python_build_records_what_it_can_and_no_command(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    options = BuildOptions.default(places_path="tiny_places.toml", corridors_path="tiny_corridors.toml")
    graph = build_network("tiny_roads.geojson", options=options, column_map={"length_m": "distance"})
    record = graph.graph["build"]
    assert (record["built_with"], record["command"], record["source"]) == (
        "Python", None, "tiny_roads.geojson")  # fmt: skip
    assert record["options"] == [*TINY, "--map", "length_m=distance"]
    assert record["source_bytes"] == (folder / "tiny_roads.geojson").stat().st_size
    save_network(graph, "py.gpkg")
    assert load_network("py.gpkg").graph["build"] == record
    (warning,) = _warnings(_older("py.gpkg"), caplog)
    assert ("rebuild it as it was built, in Python (build_network from source "
            "'tiny_roads.geojson', options as `network build` takes them: --places "
            "tiny_places.toml --corridors tiny_corridors.toml --map length_m=distance; no "
            "command recorded)") in warning  # fmt: skip
    assert "supplychain network build --source" not in warning


def test_the_embedded_network_records_its_skeleton(embedded_network: nx.MultiDiGraph) -> None:
    record = embedded_network.graph["build"]
    skeleton = EMBEDDED_NETWORK_PATH.read_bytes()
    assert (record["source"], record["options"], record["command"]) == ("embedded", [], None)
    assert record["source_sha256"] == hashlib.sha256(skeleton).hexdigest()
    assert record["source_bytes"] == len(skeleton)


def test_network_info_shows_how_it_was_built(folder: Path) -> None:
    _build(*GIS, "--out", "net.parquet")
    text = CliRunner().invoke(main, ["-q", "network", "info", "net.parquet"]).output
    record = load_network("net.parquet").graph["build"]
    assert f"  built by: {shlex.join(GIS_COMMAND)}\n" in text
    assert f"source file: {record['source_bytes']:,} bytes, sha256 {record['source_sha256']}" in text
    assert f"supplychain {supplychain.__version__}, build revision {BUILD_REVISION}, built " in text
    as_json = json.loads(CliRunner().invoke(main, ["-q", "network", "info", "net.parquet", "--json"]).output)
    assert as_json["build"]["build"]["command"] == GIS_COMMAND
    assert as_json["build"]["build_revision"] == BUILD_REVISION
    old = _older("net.parquet", revision=None, keep_record=False)
    text = CliRunner().invoke(main, ["-q", "network", "info", old]).output
    assert "built by: not recorded" in text and "no build revision" in text


@pytest.mark.parametrize("record", ["text", {"command": "supplychain network build"},
                                    {"built_with": "command line", "command": ["rm", "-rf", "x"]}])
def test_a_damaged_record_reads_as_not_recorded(record: object) -> None:
    # A hand-edited file: never a command that is not `supplychain network build`.
    assert rebuild_command(record) is None
    assert describe_build(record)[0].startswith("built by: not recorded")


def test_the_reports_provenance_says_how_its_network_was_built(folder: Path) -> None:
    from supplychain.reports.sections import provenance_data

    _build(*GIS, "--out", "net.parquet")
    graph = load_network("net.parquet")
    record = graph.graph["build"]
    items = {i["key"]: i["value"] for i in provenance_data(graph, [], [], {}, "now", 0.0)["items"]}
    # The time beside the source's name is the file's, not the build's (the report's header
    # shows this label, where a bare time read as when the network was built).
    modified = datetime.fromtimestamp((folder / "tiny_roads.geojson").stat().st_mtime, UTC)
    assert items["Network source"] == f"tiny_roads.geojson (file modified {modified.isoformat(timespec='seconds')})"
    assert items["Network built by"] == (
        f"{shlex.join(GIS_COMMAND)}; source file: {record['source_bytes']:,} bytes, sha256 "
        f"{record['source_sha256']}; supplychain {supplychain.__version__}, build revision "
        f"{BUILD_REVISION}")  # fmt: skip


def test_the_limits_are_read_once_and_those_recorded_are_those_applied(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The record re-types the limits as options: they must be the limits the read used, taken
    # from the environment once (an OSM file and a GIS layer read it again before 2026-12-05).
    from supplychain.networks.limits import InputLimits

    reads: list[int] = []
    real = InputLimits.from_env.__func__  # type: ignore[attr-defined]

    def counted(cls: type[InputLimits], **kwargs: object) -> InputLimits:
        reads.append(1)
        return real(cls, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(InputLimits, "from_env", classmethod(counted))
    options = BuildOptions.default(places_path="tiny_places.toml", corridors_path="tiny_corridors.toml")
    for source in ("tiny.osm", "tiny_roads.geojson", "embedded"):
        reads.clear()
        build_network(source, options=options if source != "embedded" else None)
        assert len(reads) == 1, source
    # The embedded skeleton is an OSM file: a limit given in code (or as --max-tag-length)
    # applies to it as the environment variable does, not only in the record.
    from supplychain.errors import DataFileError

    with pytest.raises(DataFileError, match="tag"):
        build_network("embedded", limits=InputLimits(max_tag_length=3))


@pytest.mark.parametrize(("source", "expected"), [
    ("roads.geojson", ["--max-tag-length", "300"]),
    ("roads.osm", ["--max-tag-length", "300"]),
    ("embedded", ["--max-tag-length", "300"]),
    ("roads.osm.bz2", ["--max-expansion-ratio", "200.0", "--max-tag-length", "300"]),
    ("roads.osm.pbf", ["--buffer-km", "30.0", "--max-tag-length", "300"]),
    ("overpass", ["--buffer-km", "30.0"]),
])  # fmt: skip
def test_only_the_options_the_source_reads_are_recorded(source: str, expected: list[str]) -> None:
    # --buffer-km clips a PBF file and the Overpass query only; the decompression limits act
    # on compressed OSM files only, the tag length on files read (Overpass reads none).
    from supplychain.networks.build import _build_options
    from supplychain.networks.limits import InputLimits

    options = BuildOptions.default(buffer_km=30.0)
    limits = InputLimits(max_expansion_ratio=200.0, max_tag_length=300)
    assert _build_options(source, options, column_map=None, where=None, layer=None,
                          snap_tolerance_m=50.0, overpass_url=None, cache_dir=None,
                          limits=limits) == expected  # fmt: skip


def test_a_password_in_the_overpass_url_is_not_recorded() -> None:
    # A file and its report are shared: a private server's password stays out of the record
    # (the rebuild command names where it goes; the host, path and user are kept).
    from supplychain.networks.build import _build_options
    from supplychain.networks.limits import InputLimits

    def recorded(url: str) -> list[str]:
        return _build_options("overpass", BuildOptions.default(), column_map=None, where=None,
                              layer=None, snap_tolerance_m=50.0, overpass_url=url, cache_dir=None,
                              limits=InputLimits())  # fmt: skip

    assert recorded("https://ana:s3cret@overpass.example.org:8443/api") == [
        "--overpass-url", "https://ana:PASSWORD@overpass.example.org:8443/api"]
    assert recorded("https://overpass.example.org/api") == [
        "--overpass-url", "https://overpass.example.org/api"]


def test_a_shapefiles_columns_are_hashed_with_it(folder: Path) -> None:
    # A shapefile's .shp holds only the shapes: its columns (class, the distance --map reads)
    # are in the .dbf beside it, so a copy with other lengths matched the recorded SHA-256.
    import geopandas as gpd

    layer = gpd.read_file("tiny_roads.geojson")
    layer.to_file("roads.shp")
    _build("--source", "roads.shp", *TINY, "--map", "length_m=distance", "--out", "net.parquet")
    record = load_network("net.parquet").graph["build"]
    dbf = (folder / "roads.dbf").read_bytes()
    assert record["source_sidecars"]["roads.dbf"] == {"sha256": hashlib.sha256(dbf).hexdigest(),
                                                      "bytes": len(dbf)}
    assert set(record["source_sidecars"]) >= {"roads.dbf", "roads.shx"}
    text = CliRunner().invoke(main, ["-q", "network", "info", "net.parquet"]).output
    assert f"roads.dbf: {len(dbf):,} bytes, sha256 {hashlib.sha256(dbf).hexdigest()}" in text
    # Twice the lengths in the columns only: the same .shp, another .dbf hash.
    layer["distance"] = layer["distance"] * 2
    layer.to_file("roads.shp")
    _build("--source", "roads.shp", *TINY, "--map", "length_m=distance", "--out", "twice.parquet")
    again = load_network("twice.parquet").graph["build"]
    assert again["source_sha256"] == record["source_sha256"]
    assert again["source_sidecars"]["roads.dbf"] != record["source_sidecars"]["roads.dbf"]


def test_recording_a_command_needs_a_built_network() -> None:
    from supplychain.errors import ArgumentError
    from supplychain.networks.provenance import record_command_line

    with pytest.raises(ArgumentError, match="no build record"):
        record_command_line(nx.MultiDiGraph())
