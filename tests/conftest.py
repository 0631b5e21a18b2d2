"""Shared fixtures: tiny hand-made networks, the embedded network, trimmed real data.

Every file a required test reads is in this repository (``tests/data``, each real-data file with
its origin, licence and attribution in ``tests/data/real/SOURCE.md``). ``../shared/data``, when
present beside the checkout, only adds optional larger checks (``@pytest.mark.shared``), which
skip without it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from supplychain.models.params import FleetParameters, ModelParameters, load_model_parameters
from supplychain.models.timeline import EscortStretch, StorageParameters, StorageSpec, Timeline
from supplychain.networks import BuildOptions, build_network

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
SHARED = Path(os.environ.get("SUPPLYCHAIN_SHARED", REPO.parent / "shared"))


REAL = DATA / "real"


@pytest.fixture(scope="session")
def real_data() -> Path:
    """``tests/data/real``: trimmed copies of real third-party data (see its SOURCE.md)."""
    return REAL


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` for optional larger checks; they skip when it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"{data} is absent: optional check against the full shared data skipped")
    return data


# --- guard: no required test reads ../shared -------------------------------------------------
# An audit hook (PEP 578) sees every file the test process opens. While a test that is not
# marked ``shared`` runs, opening anything under the shared folder is recorded and fails that
# test, so a test that quietly depends on ../shared fails here too, not only in a clean clone.
_SHARED_PREFIX = os.path.realpath(SHARED) + os.sep
_GUARD: dict[str, object] = {"active": False, "opened": []}


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _GUARD["active"] or not args:
        return
    path = args[0]
    if isinstance(path, int):
        return
    try:
        full = os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return
    if full.startswith(_SHARED_PREFIX):
        opened = _GUARD["opened"]
        assert isinstance(opened, list)
        opened.append(full)


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _cli_logging_level_restored() -> Iterator[None]:
    """Restore the ``supplychain`` logger's level after each test.

    The CLI sets it from ``-v/-q`` (``-q``: errors only), as a command's process should; run
    in-process by a test, the level outlived the command and a later test's
    ``caplog.at_level("WARNING")`` (which sets the root logger) saw no warning from the
    library: tests/test_threats.py's "selects nothing" check failed after
    tests/test_bad_inputs.py (found 2026-12-04; alphabetical order hid it).
    """
    logger = logging.getLogger("supplychain")
    level = logger.level
    try:
        yield
    finally:
        logger.setLevel(level)


@pytest.fixture(autouse=True)
def _no_shared_reads(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Fail a test not marked ``shared`` that opens a file under ``../shared``."""
    opened: list[str] = []
    guarded = request.node.get_closest_marker("shared") is None
    _GUARD["opened"], _GUARD["active"] = opened, guarded
    try:
        yield opened
    finally:
        _GUARD["active"] = False
    if guarded and opened and not request.node.get_closest_marker("reads_shared_on_purpose"):
        pytest.fail(
            f"test read {opened[0]} under the shared folder without @pytest.mark.shared; "
            "required tests must use trimmed copies in tests/data (see tests/data/real/SOURCE.md)",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def tiny_options() -> BuildOptions:
    """Default parameters with the tiny places and corridors."""
    return BuildOptions.default(
        places_path=DATA / "tiny_places.toml", corridors_path=DATA / "tiny_corridors.toml"
    )


@pytest.fixture(scope="session")
def tiny_osm() -> Path:
    return DATA / "tiny.osm"


@pytest.fixture(scope="session")
def tiny_network(tiny_osm: Path, tiny_options: BuildOptions) -> nx.MultiDiGraph:
    return build_network(tiny_osm, options=tiny_options)


@pytest.fixture(scope="session")
def embedded_network() -> nx.MultiDiGraph:
    return build_network("embedded")


@pytest.fixture(scope="session")
def network_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The embedded network saved to files: ``first`` and ``rebuilt`` (two builds from the same
    source, the second stamped a year later: other bytes, the same network), ``edited`` (the
    first with one segment's capacity changed: another network) and ``widened`` (the first
    with the Dakar-Rufisque edge's capacity doubled: another network whose undisturbed
    figures are the embedded network's, 10,626 m³/day of throughput and 4,750 served, so
    only the recorded files can tell them apart)."""
    from supplychain.networks import save_network

    folder = tmp_path_factory.mktemp("builds")
    first, rebuilt = build_network("embedded"), build_network("embedded")
    rebuilt.graph["created"] = "2027-12-05T00:00:00+00:00"  # a later build
    edited, widened = first.copy(), first.copy()
    u, v, k = next(iter(edited.edges(keys=True)))
    edited.edges[u, v, k]["capacity_trucks_per_day"] = 7.0
    widened.edges[u, v, k]["capacity_trucks_per_day"] *= 2
    builds = {"first": first, "rebuilt": rebuilt, "edited": edited, "widened": widened}
    files = {name: folder / f"{name}.parquet" for name in builds}
    for name, g in builds.items():
        save_network(g, files[name])
    return files


@pytest.fixture(scope="session")
def graph(embedded_network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The embedded network, as the invariant audits (test_invariants, test_stress_invariants)
    name it; read only."""
    return embedded_network


@pytest.fixture(scope="session")
def params() -> ModelParameters:
    """The default model parameters (models/model.toml)."""
    return load_model_parameters()


def segment(graph: nx.MultiDiGraph, segment_id: str) -> dict:
    """Attributes of one direction of a segment."""
    for _, _, data in graph.edges(data=True):
        if data["segment_id"] == segment_id:
            return data
    raise KeyError(segment_id)


def error_lines(stderr: str) -> list[str]:
    """The ``error:`` lines of a command's stderr."""
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def alive(processes: list[Any]) -> list[Any]:
    """The processes still running (a zombie, ended but not yet reaped, is not)."""
    import psutil

    alive = []
    for proc in processes:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.fixture
def leftovers() -> Iterator[list[Any]]:
    """Processes a test started, killed at its end if a failure left them running."""
    processes: list[Any] = []
    yield processes
    for proc in processes:
        with suppress(Exception):  # gone already (psutil checks the pid names the same process)
            proc.kill()


#: Lines a test wants shown in the terminal summary (e.g. the fidelity deviations).
REPORT_LINES: list[str] = []


def params_at_driving_hours(folder: Path, hours: float) -> Path:
    """A copy of models/model.toml in ``folder`` with ``driving_hours_per_day = hours``, for a
    command's ``--params``: the cases written at 10 h (the default until 2026-12-07) keep them."""
    shipped = (REPO / "models" / "model.toml").read_text(encoding="utf-8")
    line = re.compile(r"^driving_hours_per_day = .*$", re.M)
    assert len(line.findall(shipped)) == 1
    path = folder / "model.toml"
    path.write_text(line.sub(f"driving_hours_per_day = {hours!r}", shipped), encoding="utf-8")
    return path


def sha256_hex(path: Path) -> str:
    """A file's SHA-256, as the results' ``command.inputs`` record it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke_quiet(*args: str) -> None:
    """Run the command line with ``-q`` in-process and assert it succeeded; the package
    logger's level is put back (a module's fixtures run before the autouse fixture that
    records it, and ``-q`` left later tests' caplog without a warning)."""
    from click.testing import CliRunner

    from supplychain.cli import main

    logger = logging.getLogger("supplychain")
    level = logger.level
    try:
        result = CliRunner().invoke(main, ["-q", *args])
    finally:
        logger.setLevel(level)
    assert result.exit_code == 0, result.output


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist (the README's ``-n 2``), hand this worker's measurement lines to the
    controller, which prints them (:func:`pytest_terminal_summary`)."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["supplychain_report_lines"] = list(REPORT_LINES)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown without the plugin
def pytest_testnodedown(node: Any, error: Any) -> None:
    """The controller keeps each worker's measurement lines, a test's block whole."""
    REPORT_LINES.extend(getattr(node, "workeroutput", {}).get("supplychain_report_lines", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if REPORT_LINES:
        terminalreporter.section("supplychain measurements")
        for line in REPORT_LINES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def real_network(real_data: Path) -> nx.MultiDiGraph:
    """The flownet West-African layer of tests/data/real built with its OSRM km and speeds."""
    return build_network(
        real_data / "flownet_west_africa.geojson",
        column_map={"length_m": "distance", "speed_kph": "speed_kmh"},
    )


def six_place_escort_case() -> tuple[nx.MultiDiGraph, ModelParameters, Timeline]:
    """A 6-place escorted network (found by review, 2026-12-05, on random escorted networks) and
    its parameters and 9-day timeline: port P, cities C (10 m3 of storage) and D (2 m3/day each); A - D escorted 7 of 9 days
    (convoys of 2 tankers of 1 m3); 8 two-way roads of 1 to 1000 trucks/day, 12 to 72 h."""
    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n in "PACJKD":
        g.add_node(n, name=n, role="junction", x=0.0, y=0.0, country="MLI")
    g.nodes["P"].update(role="port", supply_m3_per_day=17.0, capacity_trucks_per_day=100.0)
    g.nodes["C"].update(role="city", demand_m3_per_day=2.0)
    g.nodes["D"].update(role="city", demand_m3_per_day=2.0)
    for a, b, hours, trucks in (("P", "A", 12.0, 3.0), ("A", "C", 72.0, 1.0), ("P", "J", 36.0, 1000.0),
                                ("J", "C", 36.0, 1.0), ("A", "D", 24.0, 2.0), ("J", "K", 72.0, 1.0),
                                ("K", "D", 24.0, 3.0), ("C", "D", 12.0, 2.0)):  # fmt: skip
        for u, v in ((a, b), (b, a)):
            g.add_edge(u, v, segment_id=f"R:{a}-{b}", capacity_trucks_per_day=trucks, length_km=hours * 20.0,
                       travel_time_h=hours, corridors=[f"{a}-{b}"])  # fmt: skip
    storage = StorageParameters(0.0, 0.0, 0.0, {"C": StorageSpec(10.0, 0.0, 0.0)}, earliness=1e-3)
    tl = Timeline("t", "", date(2026, 1, 1), 9, storage=storage,
                  escorts=(EscortStretch("g0", frozenset({"R:A-D"}), 0, 6, 2.0, 0.0),),
                  escort_units=(0.0,) * 9)  # fmt: skip
    prm = ModelParameters(1.0, {}, (), 1.0, 100.0, "X", FleetParameters(False, 0.0, 24.0, 0.0, 0.0, 0.0))
    return g, prm, tl
