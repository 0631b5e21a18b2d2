"""``supplychain report`` (the HTML report) and ``supplychain run`` (the main job)."""

from __future__ import annotations

import logging
import shlex
from pathlib import Path
from typing import Any

import click

from supplychain.cli._common import (
    _PATH,
    _check_outputs,
    _check_suffix,
    _echo,
    _file_head,
    _graph,
    _network_and_params,
    _out_path,
    _progress,
    _refuse_overwrite,
    _results_through_links,
    _same_file,
    _user_errors,
    main,
)
from supplychain.cli.solve import _stress_scenario
from supplychain.cli.stress import _MC_DRAWS, _stress_text
from supplychain.cli.timeline import _write_timeline

__all__ = ["report_command", "run_command"]

logger = logging.getLogger(__name__)


def _network_params_record(graph: Any) -> dict[str, Any] | None:
    """Provenance of the network's parameter file: the SHA-256 its build recorded.

    A saved network was built from the file as it was then; hashing it today gave the hash of
    an edited file as this report's input. The build's hash is kept (``params_sha256``), and
    the role says when the file has changed since, or is gone (the row was dropped then); a
    network saved before the build recorded it says that its hash is today's. None when the
    network names no parameter file, or names one that is gone with no hash recorded.
    """
    from supplychain.reports import file_record

    source = graph.graph.get("params_source")
    built = str(graph.graph.get("params_sha256") or "")
    if not source:
        return None
    if not Path(source).is_file():
        return None if not built else {
            "role": "network parameters (no longer on disk: the SHA-256 is the build's)",
            "path": str(source), "bytes": None, "sha256": built}  # fmt: skip
    record = file_record(source, role="network parameters")
    if not built:
        return {**record, "role": "network parameters (hashed now: the network's build did not "
                                  "record the file's hash)"}
    if built != record["sha256"]:
        return {**record, "sha256": built, "bytes": None,
                "role": "network parameters (changed since the network was built: the SHA-256 "
                        f"is the build's; the file now has {record['sha256']})"}
    return record


def _make_report(graph: Any, params: Any, *, network_file: str, params_path: Path | None,
                 scenario_paths: tuple[Path, ...], stress: list[Any], solver: str | None,
                 title: str | None, out: Path, command: list[str],
                 timeline: Any = None, solved: list[Any] | None = None,
                 network_record: dict[str, Any] | None = None,
                 definitions: dict[Path, Any] | None = None,
                 resolved: dict[Path, tuple[Any, ...]] | None = None,
                 hashed: dict[Path, dict[str, Any]] | None = None) -> str:
    """Solve the baseline and each scenario, build the HTML report and write it atomically.

    ``solved``: the baseline's and each scenario's results, in that order, when the caller has
    them already (``run`` prints them first; they were solved a second time for the report).
    ``network_record``: the network file's :func:`_network_record` when the caller has it
    (else made here from ``graph``).
    ``definitions``: the threat files among ``scenario_paths`` as the caller read them
    (:func:`~supplychain.cli.solve._threat_look_ahead`; not read again).
    ``resolved``: each scenario path's :func:`~supplychain.cli.solve._stress_scenario` result
    when the caller has it (``run`` applied its scenario already: applied again here, it
    warned a second time that a timeline's dates are ignored).
    ``hashed``: the files the command hashed already, by resolved path
    (:func:`~supplychain.reports.command_record`; ``run`` hashed its inputs for its results'
    summaries): not hashed again. The files a threat file names are listed with their roles
    (``polygon``, ``storage``...), each once.
    """
    import shlex

    from supplychain.cli.solve import _VALUE_FORMS, _threat_roles
    from supplychain.models import Scenario, run_scenario
    from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
    from supplychain.networks.places import hub_node
    from supplychain.reports import ScenarioRun, build_report, command_record, write_report

    hashed = {} if hashed is None else hashed
    files = [network_record or _network_record(network_file, graph, hashed=hashed)]
    if (params_record := _network_params_record(graph)) is not None:
        files.append(params_record)
    files += command_record({}, [("LP parameters", params_path or DEFAULT_MODEL_PARAMS_PATH)],
                            hashed=hashed, values=_VALUE_FORMS)["inputs"]  # fmt: skip
    baseline = Scenario.baseline()
    hub = hub_node(graph) if solved is None else None  # looked up once for every result solved here

    def result(i: int, scenario: Any) -> Any:
        return solved[i] if solved is not None else run_scenario(graph, params, scenario, solver=solver,
                                                                 hub=hub)  # fmt: skip

    applied = [(given if (given := (resolved or {}).get(path)) is not None else
                _stress_scenario(path, graph, (definitions or {}).get(path))) for path in scenario_paths]  # fmt: skip
    _distinct_scenario_names(list(zip(scenario_paths, (a[0].name for a in applied), strict=True)))
    runs = [ScenarioRun(result(0, baseline), baseline)]
    for i, (path, (scenario, probs, _, inputs, _)) in enumerate(zip(scenario_paths, applied, strict=True), start=1):
        _refuse_overwrite([out], inputs)
        runs.append(ScenarioRun(result(i, scenario), scenario, probs))
        # By role, each file once: a polygon file was an "inherited scenario", listed (and
        # hashed) once per rule naming it, before 2026-12-05. A plain scenario reads no other file.
        read = (definitions or {}).get(path)
        roles = _threat_roles(read, path) if read is not None else [("scenario", path)]
        # Each tagged with the scenario file that read it: the stress section compares a sweep's
        # incidents, polygon and storage files with those of the report's scenario of its name.
        files += [{**record, "scenario_file": str(path)}
                  for record in command_record({}, roles, hashed=hashed, values=_VALUE_FORMS)["inputs"]]
    html = build_report(graph, runs, stress=stress, timeline=timeline, title=title,
                        provenance={"files": files, "command": shlex.join(command)})
    write_report(out, html)
    return html


def _distinct_scenario_names(named: list[tuple[Path, str]]) -> None:
    """Refuse scenarios the report's columns would not tell apart: two files of one name, or one
    named ``baseline`` as the baseline the report shows first.

    They were written side by side under one heading, the stress section matching a sweep to
    the first of them by name.
    """
    from supplychain.errors import ParameterError

    seen: dict[str, Path | None] = {"baseline": None}
    for path, name in named:
        if name not in seen:
            seen[name] = path
            continue
        first = seen[name]  # the same file twice is refused before (_refuse_repeated)
        why = "as the baseline the report shows first is" if first is None else f"as --scenario '{first}' is"
        raise ParameterError(f"--scenario '{path}' is named {name!r}, {why}: the report's columns would "
                             "not tell them apart; give it another name (its file's name = \"...\")")  # fmt: skip


def _network_record(network_file: str, graph: Any, *, hashed: dict[Path, dict[str, Any]] | None = None,
                    digest: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Provenance of the report's network file (``embedded``: the shipped one): its SHA-256,
    read once per report (``hashed``: the files the command hashed already, as
    :func:`~supplychain.reports.command_record` takes them), and as ``values_sha256`` the
    digest of ``graph``, the network loaded from it
    (:func:`~supplychain.models.results.network_fingerprint`), which the report compares with
    a result's recorded network by (a network file rebuilt from the same source holds another
    build time: other bytes, the same network).

    The embedded network's record is the one a result run on it records
    (:func:`~supplychain._records.embedded_network_record`: path ``embedded network``, marked
    ``embedded``): compared only by that digest, with a result's network file or embedded
    network that recorded one (a saved copy's bytes are never the shipped OSM file's).
    ``digest``: that digest of ``graph`` when the caller has it (``run``: computed once per run).
    """
    from supplychain._records import embedded_network_record
    from supplychain.models.results import network_fingerprint
    from supplychain.networks import EMBEDDED_NETWORK_PATH
    from supplychain.reports import file_record

    digest = digest if digest is not None else network_fingerprint(graph)
    if network_file == "embedded":
        return embedded_network_record(EMBEDDED_NETWORK_PATH, digest, hashed=hashed)
    return {**file_record(network_file, role="network"), "values_sha256": digest}


def _check_stress_network(stress: list[Any], paths: tuple[Path, ...] | list[Path], graph: Any,
                          network_file: str) -> None:  # fmt: skip
    """Refuse a stress table whose closures name segments the report's network does not have
    (a sweep run on another network: its rankings would be read as this network's); a
    closure-days table by its corridors, a timeline-mc table by its cities."""
    from supplychain.errors import ParameterError

    known = {str(d.get("segment_id")) for _, _, d in graph.edges(data=True)}
    known |= {str(d.get("name")) for _, d in graph.nodes(data=True) if d.get("name")}
    problems = []
    corridors = {str(c) for _, _, d in graph.edges(data=True) for c in d.get("corridors") or []}
    for data, path in zip(stress, paths, strict=True):
        what = "segment(s)"
        if data.kind == "closure-days":  # its "segments" is a count; its rows name corridors
            named = set(data.table["corridor"].astype(str)) - {"(none)"}
            missing, what = sorted(named - corridors), "corridor(s)"
        elif data.kind == "timeline-mc":  # one row per draw and city
            missing, what = sorted(set(data.table["city"].astype(str)) - known), "city(ies)"
        elif "segments" not in data.table.columns:
            continue
        else:
            named = {s for cell in data.table["segments"].dropna().astype(str) for s in cell.split(";") if s}
            missing = sorted(named - known)
        if missing:
            ran_on = data.summary.get("network")
            problems.append(
                f"'{path}' names {len(missing)} {what} that network '{network_file}' does not "
                f"have (e.g. '{missing[0]}')" + (f"; it was computed on network '{ran_on}'" if ran_on else "")
                + ": give that --network, or run the sweep on this one")
    if problems:
        raise ParameterError(f"{len(problems)} stress table(s) do not belong to network '{network_file}'",
                             problems=problems)


#: How a timeline result names a crossing into Mali without a border post (after its segment).
_NO_POST = " (no border post)"


def _check_timeline_network(timeline: Any, path: Path, graph: Any, network_file: str) -> None:
    """Refuse a timeline result computed on another network; warn when it names only places
    this network has but its summary names another network and records no file to compare.

    A result whose cities, border posts or crossings this network lacks cannot be this
    network's (its days of cover would be read as this network's): one error naming the
    network it was computed on. A result whose summary records its network (a file, or the
    embedded network since 2026-12-05) is compared with the report's by the timeline section,
    as a sweep's are (by content: a network rebuilt from the same source, or a saved copy of
    the embedded network, is the same network; a notice and a warning otherwise). Without that
    record (a summary before 2026-12-05), or with one that cannot be compared with the
    report's (an embedded network on either side, with no digest recorded), the network's
    name is compared here: another one is a warning naming both.

    Parameters
    ----------
    timeline : TimelineData
        The result as :func:`~supplychain.reports.load_timeline_result` reads it.
    path : pathlib.Path
        Its Parquet file, for the messages.
    graph : networkx.MultiDiGraph
        The report's network.
    network_file : str
        The report's ``--network`` (a file or ``embedded``).

    Raises
    ------
    ParameterError
        When the result names places or segments the network does not have.
    """
    from supplychain.errors import ParameterError
    from supplychain.reports.stress import recorded_inputs

    command = timeline.summary.get("command")
    command = command if isinstance(command, dict) else {}
    ran_on = command.get("network") if isinstance(command.get("network"), str) else None
    on = f"; it was computed on network '{ran_on}'" if ran_on else ""
    known = {str(d.get("segment_id")) for _, _, d in graph.edges(data=True)}
    known |= {str(d.get("name")) for _, d in graph.nodes(data=True) if d.get("name")}
    known |= {str(n) for n in graph.nodes}
    frame = timeline.frame
    named = set(frame.loc[frame["kind"].isin(["city", "border"]), "place"].astype(str))
    missing = sorted(n for n in named if n.removesuffix(_NO_POST) not in known)
    if missing:
        raise ParameterError(
            f"Timeline result '{path}' does not belong to network '{network_file}': it names "
            f"{len(missing)} place(s) or crossing(s) that network does not have (e.g. "
            f"'{missing[0]}'){on}: give that --network, or run the timeline on this one")
    if ran_on is None:
        return
    recorded = next((i for i in recorded_inputs(timeline.summary) if i["role"] == "network"), None)
    embedded = network_file == "embedded" or bool(recorded and recorded.get("embedded"))
    if recorded is not None and (not embedded or recorded.get("values_sha256")):
        return  # compared by the timeline section (its notice), as a sweep's
    if network_file == "embedded" or ran_on == "embedded":
        same = network_file == ran_on
    else:
        same = Path(ran_on).name == Path(network_file).name
    if not same:
        logger.warning("Timeline result '%s' was computed on network '%s', not '%s' (the places "
                       "it names are on both): check its days of cover are this network's, or run "
                       "the timeline on this one", path, ran_on, network_file)  # fmt: skip


def _refuse_other_html(out: Path, *, option: str = "--out") -> None:
    """Refuse an existing ``--out`` HTML page that supplychain did not write.

    ``report --out index.html`` replaced any page there (a site's own, another tool's report)
    without a word (fuzz30), as ``run --out-dir`` did its ``embedded.html``. A report
    supplychain wrote (its ``<meta name="generator" content="supplychain ...">`` near the top)
    is replaced as before.

    Parameters
    ----------
    out : Path
        The page the command writes.
    option : str, default "--out"
        The option that gave it (``run``'s ``--out-dir``), for the message.

    Raises
    ------
    ParameterError
        Naming the page and the fix.
    """
    from supplychain.errors import ParameterError

    if (head := _file_head(out, 8192)) is None:
        return
    if b'<meta name="generator" content="supplychain' not in head:
        where = f"--out '{out}' is" if option == "--out" else f"{option} holds '{out}',"
        raise ParameterError(f"{where} an HTML page that `supplychain report` did not write, "
                             f"which this command would replace; give another {option}, or delete '{out}' "
                             "first to replace it.")  # fmt: skip


@main.command("report")
@_network_and_params
@click.option("--scenario", "scenario_paths", type=_PATH, multiple=True,
              help="Scenario or threat file (repeatable); the baseline always comes first.")
@click.option("--stress", "stress_paths", type=_PATH, multiple=True, callback=_results_through_links,
              help="A 'supplychain stress' Parquet file (repeatable; n-1, n-k, worst-case, "
                   "monte-carlo, closure-days: days until the first city runs dry per corridor "
                   "closed, timeline-mc: chance per city of running dry, unmet m3 and tankers "
                   "lost); its JSON summary is read from beside it.")
@click.option("--timeline", "timeline_path", type=_PATH, default=None, callback=_results_through_links,
              help="A 'supplychain timeline' Parquet file (its JSON summary is read from beside "
                   "it): adds days of cover, arrivals, escorts and events over time.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default=None,
              help="LP solver (default: the parameter file's, highs).")
@click.option("--title", default=None, help="Report title (default: from the last scenario).")
@click.option("--out", type=_PATH, required=True, callback=_out_path,
              help="HTML output, e.g. reports/blockade.html (one self-contained file).")
@_user_errors
def report_command(network_file: str, params_path: Path | None, scenario_paths: tuple[Path, ...],
                   stress_paths: tuple[Path, ...], timeline_path: Path | None,
                   solver: str | None, title: str | None, out: Path) -> None:
    """Write a self-contained HTML report: headline, map, routes, stress results, comparison.

    It opens offline from file:// (plotly.js and the country shapes are inside the file).
    """
    from supplychain.cli.solve import _scenario_inputs, _threat_look_ahead
    from supplychain.models import load_model_parameters
    from supplychain.reports import load_stress, load_timeline_result

    _refuse_repeated(scenario_paths, "--scenario")
    _refuse_repeated(stress_paths, "--stress")

    # The timeline result and its summary too: `--timeline t.parquet --out t.parquet` wrote
    # the HTML report over the result it was reading.
    # A folder (`--stress .`: "unexpected ValueError: PosixPath('.') has an empty name" from
    # with_suffix below) is said by the loaders first.
    for path, load in [*((p, load_stress) for p in stress_paths),
                       *([(timeline_path, load_timeline_result)] if timeline_path else [])]:
        if path.is_dir():
            load(path)
    timeline_files = [timeline_path, timeline_path.with_suffix(".json")] if timeline_path else []
    # Each threat file is read once: for the files it names and for its scenario.
    definitions = {p: _threat_look_ahead(p, quiet=False) for p in scenario_paths}
    _refuse_overwrite([out], [network_file, params_path, *scenario_paths, *stress_paths,
                              *(p.with_suffix(".json") for p in stress_paths), *timeline_files,
                              *(f for p in scenario_paths for f in _scenario_inputs(p, definitions[p]))])  # fmt: skip
    # A folder or an unwritable place as --out: said before the solves and the report are made
    # (it failed after them, "cannot be written (Is a directory)").
    _check_outputs([out])
    # `--out roads.osm` (or any file not read here) was overwritten with the HTML report.
    _check_suffix(out, (".html", ".htm"), "--out", "the report is one HTML file")
    _refuse_other_html(out)
    stress = [load_stress(p) for p in stress_paths]  # check the files before solving
    timeline = load_timeline_result(timeline_path) if timeline_path else None
    graph = _graph(network_file)
    network = _network_record(network_file, graph)  # hashed once, for the report's provenance
    _check_stress_network(stress, stress_paths, graph, network_file)
    if timeline is not None and timeline_path is not None:
        _check_timeline_network(timeline, timeline_path, graph, network_file)
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
                        out=out, command=[*parts, "--out", str(out)], timeline=timeline,
                        network_record=network, definitions=definitions)  # fmt: skip
    _echo(f"Wrote {out} ({len(html.encode('utf-8')) / 1e6:.1f} MB)")


def _refuse_repeated(paths: tuple[Path, ...], option: str) -> None:
    """Refuse a file given twice to a repeatable option (by another name too: ``./s.toml``).

    ``report --scenario s.toml --scenario s.toml`` solved the scenario twice and showed it twice
    under one name, ``--stress`` a sweep's section twice (fuzz30's list).

    Raises
    ------
    ParameterError
        Naming the option and the file.
    """
    from supplychain.errors import ParameterError

    for i, path in enumerate(paths):
        if first := next((p for p in paths[:i] if _same_file(p, path)), None):
            also = "" if str(first) == str(path) else f" (as '{first}' and '{path}')"
            raise ParameterError(f"{option} '{path}' is given twice{also}; the report would show it twice. "
                                 f"Give each file once.")


def _is_timeline(path: Path) -> bool:
    """Whether a scenario or threat file is a timeline (has ``[timeline]`` or ``[[event]]``)."""
    from supplychain._toml import toml_keys

    # An unreadable file is not one: the scenario loader has already reported it.
    return bool((toml_keys(path) or set()) & {"timeline", "event"})


def _read_timeline_inputs(timeline_path: Path, observed_path: Path | None, graph: Any,
                          definition: Any = None) -> tuple[Any, Any]:  # fmt: skip
    """``run``'s timeline and observed arrivals, read before any work so that a bad file is one
    error line with nothing written (they were read after N-1 and Monte Carlo had written
    their tables). ``definition``: the timeline file as already read (the scenario itself)."""
    from supplychain.models.params import tanker_volume
    from supplychain.models.timeline_result import read_observed, warn_odd_litres_per_tanker
    from supplychain.scenarios.timeline_stress import load_timeline

    observed = read_observed(observed_path) if observed_path else None
    if observed is not None and observed_path is not None:
        warn_odd_litres_per_tanker(observed, tanker_volume(graph), observed_path.name)
    return load_timeline(timeline_path, graph, definition=definition), observed


def _run_timeline(timeline: Any, timeline_path: Path, observed: Any, observed_path: Path | None,
                  graph: Any, params: Any, out_dir: Path, command: dict[str, Any]) -> Any:
    """``run``'s days-of-cover step: solve a timeline (read by :func:`_read_timeline_inputs`)
    day by day, write ``timeline.parquet`` and its summary in ``out_dir`` (with the observed
    arrivals when given, and ``command``: :func:`~supplychain.cli.solve._command_record`),
    and return it for the report; None for a timeline without a plan."""
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.models.timeexp_solve import warn_large_model
    from supplychain.reports import load_timeline_result

    model = build_timeline_model(graph, params, timeline)
    warn_large_model(model, advice=f"solve it with `supplychain timeline --scenario "
                     f"{shlex.quote(str(timeline_path))} --days N` (a shorter horizon) or `--time-limit SECONDS`")
    # The timeline's default limit (timeline_time_limit: 600 s, or the file's if longer).
    result = solve_timeline(model)
    _echo(result.summary(observed))
    if result.status not in ("optimal", "feasible"):  # no daily plan to show
        # `run` has neither --time-limit nor --days, which the solver's message names: both are
        # the timeline command's (the line said only "takes no time limit", so "shorten the
        # horizon (--days)" led nowhere; walkthrough, 2026-12-07).
        longer = (" `run` has neither --time-limit nor --days: solve it with `supplychain timeline "
                  f"--scenario {shlex.quote(str(timeline_path))} --time-limit SECONDS --out FILE` "
                  "(or with `--days N`, a shorter horizon), then `supplychain report --timeline "
                  "FILE`." if result.status == "time_limit" else "")  # fmt: skip
        _echo(f"The report has no days-of-cover section: the timeline was not solved.{longer}")
        return None
    out = out_dir / "timeline.parquet"
    _write_timeline(result, observed, out, command)
    return load_timeline_result(out)


def _left_from_before(out_dir: Path, stem: str) -> str:
    """A clause naming the earlier run's ``<stem>.parquet``/``.json`` that a step not run this
    time leaves in ``out_dir`` (not this run's results; not removed: they are the user's
    files), or "" when there are none."""
    left = [name for name in (f"{stem}.parquet", f"{stem}.json") if (out_dir / name).exists()]
    if not left:
        return ""
    return (f"; {' and '.join(left)} in '{out_dir}' {'are' if len(left) > 1 else 'is'} an earlier "
            "run's, left as found (not this run's results, nor in its report)")


@main.command("run")
@click.option("--scenario", "scenario_path", type=_PATH, default=None,
              show_default="models/threat-blockade-2025.toml shipped with the package",
              help="Scenario or threat file compared with the baseline.")
# The default in the help, with its thousands separator, as `stress --help` gives it (click's
# show_default printed "10000" beside stress's "10,000": walkthrough, 2026-12-07).
@click.option("--draws", type=click.IntRange(min=1), default=_MC_DRAWS,
              help=f"Monte Carlo draws (default {_MC_DRAWS:,}).")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Monte Carlo seed.")
@click.option("--out-dir", type=_PATH, default=Path("reports"), callback=_out_path,
              show_default=True, help="Folder for the stress tables and the report.")
@click.option("--timeline", "timeline_path", type=_PATH, default=None,
              show_default="models/timeline-blockade-2025-26.toml shipped with the package",
              help="Timeline file for the days-of-cover section (used when --scenario is not "
                   "itself a timeline).")
@click.option("--observed", "observed_path", type=_PATH, default=None,
              show_default="models/observed-arrivals-2025-26.csv with the default timeline",
              help="Observed arrivals (CSV) to compare the timeline's with.")
@click.option("--no-timeline", is_flag=True, help="Leave the days-of-cover section out.")
@_user_errors
def run_command(scenario_path: Path | None, draws: int, seed: int, out_dir: Path,
                timeline_path: Path | None, observed_path: Path | None, no_timeline: bool) -> None:
    """The main job on the embedded network: solve the baseline and the scenario, run N-1 and
    Monte Carlo on the scenario, solve a timeline day by day (the scenario when it is one, else
    the 2025-26 back-test) and write the HTML report with its days-of-cover section."""
    from supplychain._paths import MODELS_DIR

    # The default files are found from the package (the checkout's models/, or the copy installed
    # with the package), not from the working directory, so `run` works from any folder.
    from supplychain.errors import ParameterError

    scenario_path = scenario_path or MODELS_DIR / "threat-blockade-2025.toml"
    # The days-of-cover section: the scenario itself when it is a timeline, else the 2025-26
    # back-test (with its observed arrivals) unless another timeline or none is asked for.
    if no_timeline and (timeline_path is not None or observed_path is not None):
        given = " and ".join(o for o, v in (("--timeline", timeline_path), ("--observed", observed_path))
                             if v is not None)  # fmt: skip
        raise ParameterError(f"--no-timeline leaves the days-of-cover section out, so {given} would "
                             f"be ignored; drop --no-timeline or {given}")  # fmt: skip
    if out_dir.exists() and not out_dir.is_dir():
        raise ParameterError(f"--out-dir '{out_dir}' is a file; give a folder (it is made if missing)")
    # Under a file (`--out-dir notes.txt/out`): said after the baseline's solves as "Chunk folder
    # '.../n-1.parquet.parts' cannot be created (Not a directory); choose an --out ...".
    above = next((p for p in out_dir.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        raise ParameterError(f"--out-dir '{out_dir}' cannot be made: '{above}' is a file; give a folder "
                             "(it is made if missing)")  # fmt: skip
    from supplychain.scenarios.montecarlo import MAX_DRAWS
    from supplychain.scenarios.sweep_common import draws_problem

    # Before N-1 is written: its table stayed behind the Monte Carlo run's error.
    if (too_many := draws_problem(draws, MAX_DRAWS, "a Monte Carlo run", named=f"--draws {draws:,}")):
        raise ParameterError(too_many)
    if no_timeline:
        timeline_path = observed_path = None
    elif _is_timeline(scenario_path):
        # By the file, not its spelling: "t.toml" and its absolute path are one file.
        # A link loop as --timeline: "unexpected RuntimeError: Symlink loop" (fuzz30).
        if timeline_path is not None and not _same_file(timeline_path, scenario_path):
            # It was ignored without a word before 2026-12-05.
            raise ParameterError(f"--scenario '{scenario_path}' is itself a timeline and is the "
                                 f"days-of-cover section, so --timeline '{timeline_path}' would be "
                                 "ignored; drop --timeline, or give a threat file as --scenario")  # fmt: skip
        timeline_path = scenario_path
    elif timeline_path is None:
        timeline_path = MODELS_DIR / "timeline-blockade-2025-26.toml"
        observed_path = observed_path or MODELS_DIR / "observed-arrivals-2025-26.csv"
    from supplychain.models import Scenario, load_model_parameters, run_scenario
    from supplychain.networks import build_network, summarize_network
    from supplychain.networks.places import hub_node
    from supplychain.reports import load_stress
    from supplychain.scenarios.montecarlo import DEFAULT_CHUNK_SIZE
    from supplychain.scenarios.sweeps import SweepContext, monte_carlo, n_minus_1

    progress = _progress()
    outputs = [out_dir / name for name in ("n-1.parquet", "n-1.json", "monte-carlo.parquet",
                                           "monte-carlo.json", "timeline.parquet",
                                           "timeline.json", "embedded.html")]  # fmt: skip
    _refuse_overwrite(outputs, [scenario_path, timeline_path, observed_path], option="--out-dir")
    _refuse_other_html(out_dir / "embedded.html", option="--out-dir")  # as `report --out` (fuzz30's list)
    graph = build_network("embedded")
    hub = hub_node(graph)  # looked up once, passed on
    summary = summarize_network(graph, hub=hub)
    _echo(f"Network: {summary.source}: {summary.segments} segments, {summary.road_km:,.0f} km")
    params = load_model_parameters()
    from supplychain.cli.solve import (
        _command_record,
        _scenario_inputs,
        _storage_input,
        _threat_look_ahead,
    )

    definition = _threat_look_ahead(scenario_path, quiet=False)  # read once: here and for the report
    applied = _stress_scenario(scenario_path, graph, definition,  # applied once: here and for the report
                               followed=scenario_path is not None and timeline_path is scenario_path)
    scenario, probs, _, scenario_inputs, groups = applied
    _distinct_scenario_names([(scenario_path, scenario.name)])  # before the sweeps, not at the report
    _refuse_overwrite(outputs, scenario_inputs, option="--out-dir")
    # The timeline file read once too: for the files it names and for the timeline.
    timeline_definition = (definition if timeline_path == scenario_path else
                           _threat_look_ahead(timeline_path, quiet=False) if timeline_path is not None
                           else None)  # fmt: skip
    if timeline_path is not None and timeline_path != scenario_path:  # its storage, polygons, parents
        _refuse_overwrite(outputs, _scenario_inputs(timeline_path, timeline_definition), option="--out-dir")
    timeline_inputs = (_read_timeline_inputs(timeline_path, observed_path, graph, timeline_definition)
                       if timeline_path is not None else None)  # fmt: skip
    # The command line, for the report's provenance and each result's summary (with the files
    # each read, hashed now).
    run_line = ["supplychain", "run", "--scenario", str(scenario_path), "--draws", str(draws),
                "--seed", str(seed), "--out-dir", str(out_dir),
                *(["--timeline", str(timeline_path)] if timeline_path else ["--no-timeline"]),
                *(["--observed", str(observed_path)] if observed_path else [])]  # fmt: skip

    # Each file hashed once, now (before the work: a file edited during N-1 was recorded as
    # Monte Carlo's input before 2026-12-05), for the three summaries and the report.
    hashed: dict[Path, dict[str, Any]] = {}
    from supplychain.models.results import network_fingerprint

    # The network's digest, once for the summaries and the report (computed 4 times before
    # 2026-12-05: once per summary and again for the report).
    digest = network_fingerprint(graph)

    def command(options: dict[str, Any], path: Path, read: Any, *extra: tuple[str, Path | None]) -> dict[str, Any]:
        return _command_record({**options, "scenario": str(path), "network": "embedded"},
                               network_file="embedded", params_path=None, scenario_path=path,
                               definition=read, extra=extra, line=shlex.join(run_line),
                               hashed=hashed, graph=graph, network_digest=digest)  # fmt: skip

    commands = {"n-1": command({"sweep": "n-1"}, scenario_path, definition),
                "monte-carlo": command({"sweep": "monte-carlo", "draws": draws, "seed": seed,
                                        "chunk_size": DEFAULT_CHUNK_SIZE}, scenario_path, definition)}
    if timeline_path is not None:
        commands["timeline"] = command({"min_stock": False}, timeline_path, timeline_definition,
                                       ("observed arrivals", observed_path),
                                       *((_storage_input(timeline_inputs[0]),) if timeline_inputs else ()))  # fmt: skip

    solved = []  # printed now, and given to the report (it solved them again)
    for sc in (Scenario.baseline(), scenario):
        solved.append(run_scenario(graph, params, sc, hub=hub))
        _echo(solved[-1].summary())
        _echo("")
    ctx = SweepContext.create(graph, params, scenario, attack_probability=probs,
                              attack_groups=groups, seed=seed, hub=hub)  # fmt: skip
    n1 = n_minus_1(ctx, out=out_dir / "n-1.parquet", progress=progress, command=commands["n-1"])
    _echo(_stress_text(n1))
    paths = [out_dir / "n-1.parquet"]
    if probs:
        # The default chunk size, never the one of a run found in the file: `run` has no
        # --chunk-size, and its draws (which follow it) must not depend on what the folder held.
        mc = monte_carlo(ctx, draws=draws, out=out_dir / "monte-carlo.parquet", progress=progress,
                         chunk_size=DEFAULT_CHUNK_SIZE, command=commands["monte-carlo"])  # fmt: skip
        _echo(_stress_text(mc))
        paths.append(out_dir / "monte-carlo.parquet")
    else:  # said, not left out unseen (a plain scenario file has nothing to draw)
        _echo(f"monte-carlo: not run: '{scenario_path.name}' gives no attack probability to draw "
              "from (a threat file's attack_probability or [incidents])"
              + _left_from_before(out_dir, "monte-carlo"))
    timeline = None
    if timeline_inputs is not None and timeline_path is not None:
        timeline = _run_timeline(timeline_inputs[0], timeline_path, timeline_inputs[1], observed_path,
                                 graph, params, out_dir, commands["timeline"])  # fmt: skip
    elif (left := _left_from_before(out_dir, "timeline")):
        _echo("timeline: not run (--no-timeline)" + left)
    out = out_dir / "embedded.html"
    html = _make_report(graph, params, network_file="embedded", params_path=None,
                        scenario_paths=(scenario_path,), stress=[load_stress(p) for p in paths],
                        solver=None, title=None, out=out,
                        command=run_line,
                        timeline=timeline, solved=solved,
                        network_record=_network_record("embedded", graph, hashed=hashed, digest=digest),
                        definitions={scenario_path: definition},
                        resolved={scenario_path: applied}, hashed=hashed)  # fmt: skip
    _echo(f"Report: {out.resolve()} ({len(html.encode('utf-8')) / 1e6:.1f} MB)")
