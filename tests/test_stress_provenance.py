"""A stress result says what it was run on: its summary's ``command`` and the report's provenance.

Every ``supplychain stress`` sweep (and ``run``) records in its JSON summary the command line,
its options and each file it read with its SHA-256 (``command.inputs``), as ``supplychain
timeline`` does. The report lists them per result, and says when a sweep's parameter or
scenario file, incidents CSV, polygon or storage file is not the report's own (by content: an
identical copy elsewhere is the same file; a parameter file by its values, so an edited comment
is not another file). Before 2026-12-05 a sweep's summary named none of its files, so a sweep
run with another parameter file that gives the same undisturbed figures went unseen, and until
that afternoon an incidents CSV or polygon file edited after the sweep too. Embedded network, a
few draws and days: offline and quick.
"""

from __future__ import annotations

import html
import json
import logging
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from supplychain.networks import EMBEDDED_NETWORK_PATH, save_network

from .conftest import REPO, invoke_quiet, sha256_hex

MODELS = REPO / "models"
THREAT = MODELS / "threat-blockade-2025.toml"  # names its incidents CSV
PLAIN = MODELS / "scenario-blockade-2025.toml"

#: The sweeps, each tiny, with a threat file (and so its incidents CSV) as the scenario.
SWEEPS: dict[str, list[str]] = {
    "n-1": ["n-1", "--workers", "2"],  # the summary is written by the driver
    "n-k": ["n-k", "--k", "1", "--top", "2"],
    "worst-case": ["worst-case", "--k", "1"],
    "monte-carlo": ["monte-carlo", "--draws", "4", "--chunk-size", "2"],
    "closure-days": ["closure-days", "--days", "2", "--start", "2026-01-01"],
    "timeline-mc": ["timeline-mc", "--days", "2", "--draws", "2", "--start", "2026-01-01"],
}


def _summary(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """Each sweep run once with a copy of the parameter file: (that copy, sweep -> output)."""
    folder = tmp_path_factory.mktemp("swept")
    params = folder / "p.toml"
    shutil.copy(MODELS / "model.toml", params)
    outs = {}
    for kind, args in SWEEPS.items():
        outs[kind] = folder / f"{kind}.parquet"
        invoke_quiet("stress", *args, "--params", str(params), "--scenario", str(THREAT), "--out", str(outs[kind]))
    return params, outs


@pytest.mark.parametrize("kind", list(SWEEPS))
def test_each_sweep_records_its_command_and_the_files_it_read(
    swept: tuple[Path, dict[str, Path]], kind: str, embedded_network: nx.MultiDiGraph
) -> None:
    from supplychain.models.results import network_fingerprint

    params, outs = swept
    command = _summary(outs[kind])["command"]
    inputs = {r["role"]: r for r in command["inputs"]}
    # The threat file names its incidents CSV; a timeline sweep reads the default storage file
    # (not recorded before 2026-12-05).
    timeline = kind in ("closure-days", "timeline-mc")
    assert set(inputs) == {"network", "parameters", "scenario", "incidents", *(["storage"] if timeline else [])}
    # The embedded network as the report records its own (none before 2026-12-05): the shipped
    # file's hash, named "embedded network", and the digest of the graph built from it.
    assert inputs["network"] == {"role": "network", "path": "embedded network",
                                 "bytes": EMBEDDED_NETWORK_PATH.stat().st_size,
                                 "sha256": sha256_hex(EMBEDDED_NETWORK_PATH),
                                 "values_sha256": network_fingerprint(embedded_network), "embedded": True}
    if timeline:
        assert inputs["storage"]["sha256"] == sha256_hex(MODELS / "storage.toml")
    assert (inputs["parameters"]["path"], inputs["parameters"]["sha256"]) == (str(params), sha256_hex(params))
    assert inputs["scenario"]["sha256"] == sha256_hex(THREAT)
    assert inputs["incidents"]["sha256"] == sha256_hex(MODELS / "incidents-synthetic.csv")
    assert inputs["parameters"]["bytes"] == params.stat().st_size
    # TOML parameter files also by value (what the report compares them by).
    assert all(len(inputs[role]["values_sha256"]) == 64 for role in ("parameters", *(["storage"] if timeline else [])))
    assert not any("values_sha256" in inputs[role] for role in ("scenario", "incidents"))
    assert command["line"].startswith(f"supplychain stress {kind} ")
    assert f"--params {params}" in command["line"] and command["line"].endswith(f"--out {outs[kind]}")
    assert (command["sweep"], command["scenario"], command["network"]) == (kind, str(THREAT), "embedded")


def test_the_default_parameter_file_is_recorded_and_a_saved_network_is(
    tmp_path: Path, embedded_network: nx.MultiDiGraph
) -> None:
    saved_network = tmp_path / "net.parquet"
    save_network(embedded_network, saved_network)
    out = tmp_path / "n1.parquet"
    invoke_quiet("stress", "n-1", "--network", str(saved_network), "--out", str(out))
    command = _summary(out)["command"]
    inputs = {r["role"]: r["sha256"] for r in command["inputs"]}
    assert inputs == {"network": sha256_hex(saved_network), "parameters": sha256_hex(MODELS / "model.toml")}
    assert command["network"] == str(saved_network.resolve()) and command["scenario"] == ""

    def notice(*network: str) -> str:
        page = tmp_path / "r.html"
        invoke_quiet("report", *network, "--stress", str(out), "--out", str(page))
        text = html.unescape(page.read_text(encoding="utf-8"))
        at = text.find("Run with other input files")
        return "" if at < 0 else text[at:text.index("</p>", at)]

    # A report on the embedded network: the sweep's saved copy of it is compared by the graph's
    # digest (a saved copy's bytes are never the shipped OSM file's), the same network; before,
    # this sweep on a copy of the very same network was said to be run with another network file.
    assert notice() == ""
    # A report on a network file is compared with the sweep's: another file (here another
    # capacity on one segment) is said.
    edited = embedded_network.copy()
    u, v, k = next(iter(edited.edges(keys=True)))
    edited.edges[u, v, k]["capacity_trucks_per_day"] = 7.0
    other = tmp_path / "other.parquet"
    save_network(edited, other)
    said = notice("--network", str(other))
    assert f"its network file {saved_network} (SHA-256 {sha256_hex(saved_network)[:12]}…) is not this report's" in said


def _network_notice(folder: Path, stress: Path, *network: str) -> str:
    """The stress section's "Run with other input files" notice of a report on ``network``
    (none: the embedded one) with the sweep ``stress`` ("" when there is none)."""
    page = folder / "r.html"
    invoke_quiet("report", *network, "--stress", str(stress), "--out", str(page))
    text = html.unescape(page.read_text(encoding="utf-8"))
    at = text.find("Run with other input files")
    return "" if at < 0 else text[at:text.index("</p>", at)]


def test_a_network_rebuilt_from_the_same_source_is_the_same_network(
    tmp_path: Path, network_builds: dict[str, Path], embedded_network: nx.MultiDiGraph
) -> None:
    first, rebuilt, edited = (network_builds[n] for n in ("first", "rebuilt", "edited"))
    assert sha256_hex(first) != sha256_hex(rebuilt)  # the bytes hold the build time
    out = tmp_path / "n1.parquet"
    invoke_quiet("stress", "n-1", "--network", str(first), "--out", str(out))
    # Another build of the same network was always said to be another network file.
    assert _network_notice(tmp_path, out, "--network", str(rebuilt)) == ""
    # By content as the run keys: the digest of the graph the sweep loaded.
    from supplychain.models.results import network_fingerprint

    network = next(r for r in _summary(out)["command"]["inputs"] if r["role"] == "network")
    assert network["values_sha256"] == network_fingerprint(embedded_network)
    said = _network_notice(tmp_path, out, "--network", str(edited))
    assert f"its network file {first} (SHA-256 {sha256_hex(first)[:12]}…) is not this report's {edited}" in said
    # The embedded network, compared by the same digest: the same network.
    assert _network_notice(tmp_path, out) == ""


def test_a_sweep_on_an_edited_network_is_said_in_a_report_on_the_embedded_one(
    tmp_path: Path, network_builds: dict[str, Path]
) -> None:
    # The embedded network was never compared: a sweep on an edited copy of it went unsaid.
    edited = network_builds["edited"]
    out = tmp_path / "n1.parquet"
    invoke_quiet("stress", "n-1", "--network", str(edited), "--out", str(out))
    assert f"its network file {edited} (SHA-256 {sha256_hex(edited)[:12]}…) is not this report's " in \
        _network_notice(tmp_path, out)


@pytest.fixture(scope="module")
def embedded_n1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N-1 on the embedded network (no --network), the default parameter file."""
    out = tmp_path_factory.mktemp("embedded-n1") / "n1.parquet"
    invoke_quiet("stress", "n-1", "--out", str(out))
    return out


def test_a_sweep_on_the_embedded_network_is_said_in_a_report_on_an_edited_copy(
    tmp_path: Path, embedded_n1: Path, network_builds: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    # A sweep on the embedded network recorded no network file: a report on a copy of it with
    # one capacity doubled (the same undisturbed figures, so no figure tells them apart) said
    # nothing, its losses read as the copy's.
    widened = network_builds["widened"]
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        said = _network_notice(tmp_path, embedded_n1, "--network", str(widened))
    shipped = sha256_hex(EMBEDDED_NETWORK_PATH)[:12]
    assert said.startswith("Run with other input files")
    assert (f"its embedded network (SHA-256 {shipped}…) is not this report's {widened} "
            f"({sha256_hex(widened)[:12]}…)") in said  # fmt: skip
    assert "other inputs than the report's" not in caplog.text  # the figures agree
    assert (f"Stress result n1.parquet was run with the embedded network (SHA-256 {shipped}), "
            f"not this report's '{widened}'") in caplog.text  # fmt: skip
    assert "site-packages" not in said and str(EMBEDDED_NETWORK_PATH) not in said


def test_a_sweep_on_the_embedded_network_is_the_same_network_as_a_saved_copy(
    tmp_path: Path, embedded_n1: Path, network_builds: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    # By the graph's digest whichever side is embedded: the embedded network itself, a saved
    # copy of it, another build of it. The provenance lists it by that name.
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        assert _network_notice(tmp_path, embedded_n1) == ""
        for name in ("first", "rebuilt"):
            assert _network_notice(tmp_path, embedded_n1, "--network", str(network_builds[name])) == ""
    assert "was run with" not in caplog.text
    page = html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    files = page[page.index('id="table-files"'):]
    assert "network of N-1</td><td>embedded network</td>" in files


def test_a_sweep_summary_without_the_embedded_network_is_compared_as_before(
    tmp_path: Path, embedded_n1: Path, network_builds: dict[str, Path]
) -> None:
    # A summary written before 2026-12-05 records no network on the embedded network: it keeps
    # loading, and no network is compared (nothing to compare it by).
    old = tmp_path / "old.parquet"
    shutil.copy(embedded_n1, old)
    summary = _summary(embedded_n1)
    summary["command"]["inputs"] = [r for r in summary["command"]["inputs"] if r["role"] != "network"]
    old.with_suffix(".json").write_text(json.dumps(summary), encoding="utf-8")
    assert _network_notice(tmp_path, old, "--network", str(network_builds["widened"])) == ""
    assert _network_notice(tmp_path, old) == ""


def test_the_command_is_no_part_of_the_run(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A Monte Carlo run extended by another command line takes its draws back (the run's
    # fingerprint ignores the command), and its summary records the new command.
    out = tmp_path / "mc.parquet"
    args = ["stress", "monte-carlo", "--scenario", str(THREAT), "--chunk-size", "2", "--out", str(out)]
    invoke_quiet(*args, "--draws", "4")
    with caplog.at_level(logging.INFO, logger="supplychain.scenarios"):
        invoke_quiet("-v", *args, "--draws", "6", "--csv")
    assert "Taking 2 chunk(s) of the 4 finished draws of monte-carlo back" in caplog.text
    assert "Ran 1 monte-carlo" in caplog.text
    summary = _summary(out)
    assert summary["draws"] == 6 and summary["command"]["draws"] == 6
    # In the command's order of options, whatever the order typed.
    assert summary["command"]["line"].endswith(f"--draws 6 --chunk-size 2 --csv --out {out}")


@pytest.fixture(scope="module")
def plain_n1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N-1 on a plain scenario file, with a parameter file, both copies in the sweep's folder."""
    folder = tmp_path_factory.mktemp("plain")
    shutil.copy(MODELS / "model.toml", folder / "p.toml")
    shutil.copy(PLAIN, folder / "s.toml")
    out = folder / "n1.parquet"
    invoke_quiet("stress", "n-1", "--params", str(folder / "p.toml"), "--scenario", str(folder / "s.toml"),
            "--out", str(out))
    return out


def _report(folder: Path, stress: Path, edits: Mapping[str, Callable[[str], str]] | None = None) -> str:
    """The report on copies of the sweep's parameter and scenario files in ``folder`` (each
    file named in ``edits`` edited by its function), with the sweep."""
    folder.mkdir()
    for name in ("p.toml", "s.toml"):
        text = (stress.parent / name).read_text(encoding="utf-8")
        (folder / name).write_text((edits or {}).get(name, lambda t: t)(text), encoding="utf-8")
    out = folder / "r.html"
    invoke_quiet("report", "--params", str(folder / "p.toml"), "--scenario", str(folder / "s.toml"),
            "--stress", str(stress), "--out", str(out))
    return html.unescape(out.read_text(encoding="utf-8"))


def test_the_report_lists_the_command_and_files_and_no_notice_for_copies(
    plain_n1: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        page = _report(tmp_path / "same", plain_n1)
    # Identical copies at another path: the same files.
    assert "Run with other input files" not in page and "was run with the" not in caplog.text
    provenance = page[page.index('<section id="provenance">'):]
    assert "Command of N-1 (n1.parquet)" in provenance
    assert f"supplychain stress n-1 --params {plain_n1.parent / 'p.toml'}" in provenance
    for role, name in (("parameters", "p.toml"), ("scenario", "s.toml")):
        assert f"{role} of N-1" in provenance
        assert sha256_hex(plain_n1.parent / name) in provenance


def test_another_parameter_value_or_an_edited_scenario_file_is_said(
    plain_n1: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Another transport cost (the undisturbed figures do not move: only this notice says it);
    # a scenario file is compared by its bytes, a comment too.
    edits = {"p.toml": lambda t: t.replace("per_truck_km = 1500.0", "per_truck_km = 1600.0"),
             "s.toml": lambda t: t + "# edited\n"}  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        page = _report(tmp_path / "edited", plain_n1, edits)
    mine = tmp_path / "edited"
    for name, what in (("p.toml", "parameter file"), ("s.toml", "scenario file")):
        theirs, ours = sha256_hex(plain_n1.parent / name)[:12], sha256_hex(mine / name)[:12]
        assert theirs != ours
        said = f"its {what} {plain_n1.parent / name} (SHA-256 {theirs}…) is not this report's {mine / name} ({ours}…)"
        assert said in page
        assert (f"with the {what} '{plain_n1.parent / name}' (SHA-256 {theirs}), not this report's "
                f"'{mine / name}' (SHA-256 {ours})") in caplog.text
    assert "throughput" not in caplog.text  # the figures before any closure agree


def test_a_parameter_file_edited_in_comments_blanks_and_key_order_only_is_the_same(
    plain_n1: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def reword(text: str) -> str:
        text = text.replace("loading_hours = 12.0\nunloading_hours = 12.0\n",
                            "unloading_hours = 12.0   # moved\n\nloading_hours = 12.0\n")  # fmt: skip
        return "# a planner's note\n\n" + text.replace("[solver]", "[solver]  # HiGHS")

    with caplog.at_level(logging.WARNING):
        page = _report(tmp_path / "reworded", plain_n1, {"p.toml": reword})
    theirs, ours = sha256_hex(plain_n1.parent / "p.toml"), sha256_hex(tmp_path / "reworded" / "p.toml")
    assert theirs != ours
    assert "Run with other input files" not in page and "was run with the" not in caplog.text
    # Both files are still listed by the SHA-256 of their bytes.
    provenance = page[page.index('<section id="provenance">'):]
    assert theirs in provenance and ours in provenance


def _shifted(geojson: str) -> str:
    """The polygons of a GeoJSON file moved 10 m east (another area, a few metres off)."""

    def move(c: Any) -> Any:
        return [c[0] + 1e-4, *c[1:]] if isinstance(c[0], int | float) else [move(x) for x in c]

    data = json.loads(geojson)
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = move(feature["geometry"]["coordinates"])
    return json.dumps(data)


def test_an_incidents_or_polygon_file_edited_after_the_sweep_is_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A threat file naming its incidents CSV and a polygon file, copied; Monte Carlo run on it;
    # then one incident's fatalities and the polygon edited, and the report made on the same
    # files. Before, only the parameter and scenario files were compared: nothing was said.
    folder = tmp_path / "threat"
    folder.mkdir()
    shutil.copy(MODELS / "incidents-synthetic.csv", folder / "incidents-synthetic.csv")
    shutil.copy(MODELS / "areas" / "nioro.geojson", folder / "area.geojson")
    threat = folder / "t.toml"
    threat.write_text(THREAT.read_text(encoding="utf-8") + '\n[[rule]]\nlabel = "Nioro area"\n'
                      'polygon = "area.geojson"\ncapacity_factor = 0.5\n', encoding="utf-8")  # fmt: skip
    out = folder / "mc.parquet"
    invoke_quiet("stress", "monte-carlo", "--scenario", str(threat), "--draws", "4", "--chunk-size", "2",
            "--out", str(out))
    recorded = {r["role"]: r for r in _summary(out)["command"]["inputs"]}
    assert set(recorded) == {"network", "parameters", "scenario", "incidents", "polygon"}

    def report(name: str) -> str:
        page = folder / f"{name}.html"
        invoke_quiet("report", "--scenario", str(threat), "--stress", str(out), "--out", str(page))
        return html.unescape(page.read_text(encoding="utf-8"))

    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        assert "Run with other input files" not in report("same")  # the same files: nothing said
    assert "was run with the" not in caplog.text
    csv = folder / "incidents-synthetic.csv"
    text = csv.read_text(encoding="utf-8")
    assert ",Diboli,14.455,-11.830,2," in text
    csv.write_text(text.replace(",Diboli,14.455,-11.830,2,", ",Diboli,14.455,-11.830,3,"), encoding="utf-8")
    area = folder / "area.geojson"
    area.write_text(_shifted(area.read_text(encoding="utf-8")), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="supplychain.reports"):
        page = report("edited")
    notice = page[page.index("Run with other input files"):]
    notice = notice[:notice.index("</p>")]
    for role, what, path in (("incidents", "incidents file", csv), ("polygon", "polygon file", area)):
        theirs, ours = recorded[role]["sha256"][:12], sha256_hex(path)[:12]
        assert theirs != ours and Path(recorded[role]["path"]).resolve() == path.resolve()
        said = f"its {what} {recorded[role]['path']} (SHA-256 {theirs}…) is not this report's "
        assert said in notice and f" ({ours}…)" in notice
        assert f"with the {what} '{recorded[role]['path']}' (SHA-256 {theirs}), not this report's" in caplog.text
    assert "parameter file" not in notice and "scenario file" not in notice


def test_a_summary_written_before_the_command_was_recorded_still_loads(plain_n1: Path, tmp_path: Path) -> None:
    from supplychain.models import load_model_parameters, run_scenario
    from supplychain.networks import build_network
    from supplychain.reports import build_report, load_stress

    old = tmp_path / "old.parquet"
    shutil.copy(plain_n1, old)
    summary = _summary(plain_n1)
    del summary["command"]
    old.with_suffix(".json").write_text(json.dumps(summary), encoding="utf-8")
    data = load_stress(old)
    assert [f["role"] for f in data.files] == ["stress result", "stress summary"]
    graph = build_network()
    page = build_report(graph, [run_scenario(graph, load_model_parameters())], stress=[old],
                        provenance={"files": [{"role": "LP parameters", "path": "p.toml", "bytes": 1,
                                               "sha256": "0" * 64}]})  # fmt: skip
    assert "<dt>Command of N-1 (old.parquet)</dt><dd>not recorded</dd>" in page
    assert "Run with other input files" not in page  # nothing recorded to compare


def test_run_records_the_command_in_each_summary(tmp_path: Path) -> None:
    scenario = tmp_path / "tl.toml"
    scenario.write_text('name = "short"\n[timeline]\nstart = 2026-01-01\ndays = 3\n'
                        '[[rule]]\nref = "RN7"\nattack_probability = 0.2\n', encoding="utf-8")  # fmt: skip
    out_dir = tmp_path / "out"
    invoke_quiet("run", "--scenario", str(scenario), "--draws", "4", "--out-dir", str(out_dir))
    for name in ("n-1", "monte-carlo", "timeline"):
        command = _summary(out_dir / f"{name}.parquet")["command"]
        assert command["line"].startswith(f"supplychain run --scenario {scenario} --draws 4")
        # The timeline's summary also has the (default) storage file it read.
        storage = {"storage": sha256_hex(MODELS / "storage.toml")} if name == "timeline" else {}
        assert {r["role"]: r["sha256"] for r in command["inputs"]} == {
            "network": sha256_hex(EMBEDDED_NETWORK_PATH), "parameters": sha256_hex(MODELS / "model.toml"),
            "scenario": sha256_hex(scenario), **storage}
    page = (out_dir / "embedded.html").read_text(encoding="utf-8")
    assert "Command of Monte Carlo (monte-carlo.parquet)" in page and "Command of the timeline" in page


def test_run_hashes_each_file_once_before_the_work_and_lists_a_polygon_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `run` hashed the parameter and scenario files again for each result's summary (Monte
    # Carlo's after N-1 had run, the timeline's after Monte Carlo) and for the report, and the
    # report listed a polygon file named by two rules twice, as an "inherited scenario".
    import supplychain._records as records
    import supplychain.reports as reports

    count: Counter[Path] = Counter()
    real = records.file_record

    def counting(path: Any, **kw: Any) -> Any:
        count[Path(path).resolve()] += 1
        return real(path, **kw)

    monkeypatch.setattr(records, "file_record", counting)
    monkeypatch.setattr(reports, "file_record", counting)
    shutil.copy(MODELS / "areas" / "nioro.geojson", tmp_path / "area.geojson")
    scenario = tmp_path / "tl.toml"
    scenario.write_text('name = "short"\n[timeline]\nstart = 2026-01-01\ndays = 3\n'
                        '[[rule]]\npolygon = "area.geojson"\nattack_probability = 0.2\n'
                        '[[rule]]\npolygon = "area.geojson"\ncapacity_factor = 0.5\n', encoding="utf-8")  # fmt: skip
    out_dir = tmp_path / "out"
    invoke_quiet("run", "--scenario", str(scenario), "--draws", "4", "--out-dir", str(out_dir))
    assert count[(MODELS / "model.toml").resolve()] == 1 and count[scenario.resolve()] == 1
    assert count[(tmp_path / "area.geojson").resolve()] == 1
    # The embedded network's shipped file too: recorded in the three summaries and the report.
    assert count[EMBEDDED_NETWORK_PATH.resolve()] == 1
    assert max(count.values()) == 1, count
    for name in ("n-1", "monte-carlo", "timeline"):
        roles = [r["role"] for r in _summary(out_dir / f"{name}.parquet")["command"]["inputs"]]
        assert roles == ["network", "parameters", "scenario", "polygon", *(["storage"] if name == "timeline" else [])]
    page = html.unescape((out_dir / "embedded.html").read_text(encoding="utf-8"))
    files = page[page.index('id="table-files"'):]
    assert "inherited scenario" not in files
    # The report of `run` compares its own results' files (parameters, scenario, polygon) with
    # its own: never a notice.
    assert "Run with other input files" not in page
    assert files.count(str(tmp_path / "area.geojson")) == 4  # the report's, and each result's
