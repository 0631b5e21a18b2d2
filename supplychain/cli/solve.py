"""``supplychain solve`` and the scenario/threat file loader shared with stress and run."""

from __future__ import annotations

import functools
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from supplychain._json import dumps as strict_json
from supplychain._toml import THREAT_KEYS
from supplychain.cli._common import (
    _PATH,
    _STARTED_CLOSED,
    _STDOUT,
    _check_outputs,
    _check_suffix,
    _echo,
    _file_head,
    _first_json_keys,
    _graph,
    _network_and_params,
    _out_path,
    _refuse_overwrite,
    _user_errors,
    main,
)

__all__ = ["solve_command"]

logger = logging.getLogger(__name__)


def _json_out_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--json``: an output path (:func:`_out_path`), or ``-`` for standard output (``./-`` is
    a file of that name)."""
    if value is _STDOUT and (sys.stdout is None or "stdout" in _STARTED_CLOSED):
        # Started with stdout closed (`>&-`): the JSON went nowhere and the command said 0.
        raise click.BadParameter("'-': standard output is closed; give a file name, e.g. --json "
                                 "result.json")
    return value if value is _STDOUT else _out_path(ctx, param, value)


def _refuse_other_json(out: Path) -> None:
    """Refuse a ``--json`` that exists and is not a ``solve --json`` result.

    ``solve --json n1.json`` replaced the summary beside a stress table (``n1.parquet``, whose
    report then read the solve's figures as the sweep's), a timeline's summary, or any JSON
    file, without a word (fuzz30). An earlier ``solve --json`` result (its first keys
    ``scenario``, ``status``, ``message`` and ``solver``) is replaced as before.

    Parameters
    ----------
    out : Path
        The ``--json`` output.

    Raises
    ------
    ParameterError
        Naming the file, what it is and the fix.
    """
    from supplychain.errors import ParameterError

    if (head := _file_head(out, 4096)) is None:
        return
    table = out.with_suffix(".parquet")
    if table.is_file():
        raise ParameterError(f"--json '{out}' is the summary beside the result '{table}', which this "
                             f"command would replace with a solve's result; give another --json, or "
                             f"delete '{out}' first to replace it.")  # fmt: skip
    if _first_json_keys(head) != [b"scenario", b"status", b"message", b"solver"]:
        raise ParameterError(f"--json '{out}' is a file that `supplychain solve --json` did not write, "
                             f"which this command would replace; give another --json, or delete '{out}' "
                             "first to replace it.")  # fmt: skip


@main.command("solve")
@_network_and_params
@click.option("--scenario", "scenario_path", type=_PATH, default=None,
              help="Scenario or threat file (models/*.toml); the baseline is printed first.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), default=None,
              help="LP solver (default: the parameter file's, highs).")
@click.option("--json", "json_out", type=_PATH, default=None, callback=_json_out_path,
              help="Write the result (the scenario's, or the baseline's) as JSON here; '-' writes "
                   "it to standard output (the text then goes to standard error).")
@_user_errors
def solve_command(network_file: str, params_path: Path | None, scenario_path: Path | None,
                  solver: str | None, json_out: Path | None) -> None:
    """Route fuel deliveries and report routes, bottlenecks and the capacity lost."""
    from supplychain._atomic import atomic_path
    from supplychain.models import Scenario, load_model_parameters, run_scenario
    from supplychain.networks import summarize_network
    from supplychain.networks.places import hub_node

    to_stdout = json_out is _STDOUT
    say = functools.partial(_echo, err=to_stdout)  # stdout holds the JSON alone: `| jq .` reads it
    outputs = [json_out] if json_out is not None and not to_stdout else []
    _refuse_overwrite(outputs, [network_file, params_path, scenario_path], option="--json")
    # A folder as --json was said after the solves; a name not ending in .json wrote JSON over
    # that file (`--json places.toml`), and so did a name of another kind of data.
    _check_outputs(outputs)
    for out in outputs:
        _check_suffix(out, (".json",), "--json", "the result is written as JSON")
    graph = _graph(network_file)
    hub = hub_node(graph)  # looked up once, passed on
    summary = summarize_network(graph, hub=hub)
    say(f"Network: {summary.source}: {summary.segments} segments, {summary.road_km:,.0f} km, "
               f"{summary.loading_points} loading points, "
               f"{len(summary.border_posts)} border posts, {len(summary.cities)} demand cities")
    params = load_model_parameters(params_path)
    scenario = None
    if scenario_path:
        scenario, _, _, scenario_inputs, _ = _stress_scenario(scenario_path, graph)
        _refuse_overwrite(outputs, scenario_inputs, option="--json")
    for out in outputs:  # after the inputs: a polygon the scenario reads is named as an input
        _refuse_other_json(out)
    result = run_scenario(graph, params, Scenario.baseline(), solver=solver, hub=hub)
    say(result.summary())
    if scenario is not None:
        result = run_scenario(graph, params, scenario, solver=solver, hub=hub)
        say("")
        say(result.summary())
    if to_stdout:
        click.echo(strict_json(result.to_dict()))  # printed with -q too: it is what was asked for
    elif json_out is not None:
        with atomic_path(json_out) as tmp:
            tmp.write_text(strict_json(result.to_dict()), encoding="utf-8")
        _echo(f"Wrote {json_out}")


def _threat_inputs(definition: Any, path: Path) -> list[Path]:
    """Every file a threat file reads: itself, the files it inherits from, its incidents CSV,
    its rules' and attacks' polygon files and its ``[timeline] storage`` file (an --out onto
    any of them would destroy it; the last two were overwritten by a summary before 2026-12-05)."""
    return [p for _, p in _threat_roles(definition, path)]


def _threat_roles(definition: Any, path: Path) -> list[tuple[str, Path]]:
    """:func:`_threat_inputs` with each file's role, as a result's summary records it
    (``scenario``, ``inherited scenario``, ``incidents``, ``polygon``, ``storage``)."""
    from supplychain._records import resolved_path

    here = resolved_path(path)
    roles = [("scenario" if resolved_path(p) == here else "inherited scenario", Path(p))
             for p in definition.chain] or [("scenario", path)]  # fmt: skip
    if definition.incidents is not None:
        roles.append(("incidents", Path(definition.incidents.file)))
    rules = [*definition.rules, *(ev.rule for ev in definition.events if ev.rule is not None)]
    roles += [("polygon", Path(rule.value)) for rule in rules if rule.selector == "polygon"]
    if definition.timeline is not None and definition.timeline.storage is not None:
        roles.append(("storage", Path(definition.timeline.storage)))
    return roles


def _threat_look_ahead(path: Path, *, quiet: bool = True) -> Any:
    """The threat file ``path`` read and checked (its ``ThreatDefinition``), or None for a
    plain scenario file or one that does not load (left to the loader's own message when the
    command loads it). ``quiet``: its -v lines dropped, for a command that loads it again (which
    logs them); a command that keeps this definition logs them here."""
    from supplychain._toml import toml_keys

    if not (toml_keys(path) or set()) & THREAT_KEYS:
        return None
    from contextlib import nullcontext

    from supplychain._logs import per_item
    from supplychain.errors import SupplyChainError
    from supplychain.scenarios import load_threat

    try:
        with per_item("supplychain.scenarios") if quiet else nullcontext():
            return load_threat(path)
    except SupplyChainError:
        return None


def _scenario_inputs(path: Path | None, definition: Any = None) -> list[Path]:
    """The files a ``--scenario`` reads, without resolving it on a network (see
    :func:`_threat_inputs`); a file that does not load is left to the loader's own message.
    ``definition``: the threat file as :func:`_threat_look_ahead` read it (not read again)."""
    return [p for _, p in _scenario_roles(path, definition)]


def _scenario_roles(path: Path | None, definition: Any = None) -> list[tuple[str, Path]]:
    """:func:`_scenario_inputs` with each file's role (:func:`_threat_roles`; a plain scenario
    file is the one ``scenario``)."""
    if path is None:
        return []
    definition = definition if definition is not None else _threat_look_ahead(path)
    return [("scenario", path)] if definition is None else _threat_roles(definition, path)


def _storage_input(timeline: Any) -> tuple[str, Path | None]:
    """The storage parameter file a resolved timeline read, as a ``(role, file)`` input of
    :func:`_command_record`: ``--storage``, the file's ``[timeline] storage`` or, without
    either, ``models/storage.toml`` (which the summaries did not record before 2026-12-05)."""
    storage = getattr(timeline, "storage", None)
    source = getattr(storage, "source", "") if storage is not None else ""
    return ("storage", Path(source) if source else None)


def _parameter_text(path: Path) -> str | None:
    """An LP parameter file's values in their canonical form
    (:func:`~supplychain.models.params.canonical_parameters`, what ``model_fingerprint`` hashes
    for the run keys); None when the file does not load."""
    from supplychain.errors import SupplyChainError
    from supplychain.models.params import canonical_parameters, load_model_parameters

    try:
        return canonical_parameters(load_model_parameters(path))
    except SupplyChainError:
        return None


def _storage_text(path: Path) -> str | None:
    """A storage file's values in their canonical form
    (:func:`~supplychain.scenarios.sweep_common.canonical_storage`, what the timeline sweeps'
    run keys hash); None when the file does not load."""
    from supplychain.errors import SupplyChainError
    from supplychain.models.timeline import load_storage_parameters
    from supplychain.scenarios.sweep_common import canonical_storage

    try:
        return canonical_storage(load_storage_parameters(path))
    except SupplyChainError:
        return None


#: The TOML parameter files recorded with the SHA-256 of their values beside their bytes'
#: (``values_sha256``, :func:`~supplychain.reports.command_record`): the report compares them by
#: value, so an edited comment or a reordered table is the same file. Scenario files have no
#: such form (a threat file's values merge with its parents' and the files it names): by bytes.
_VALUE_FORMS = {"parameters": _parameter_text, "LP parameters": _parameter_text, "storage": _storage_text}


def _command_record(options: dict[str, Any], *, network_file: str, params_path: Path | None,
                    scenario_path: Path | None = None, definition: Any = None,
                    extra: tuple[tuple[str, Path | None], ...] = (), line: str = "",
                    hashed: dict[Path, dict[str, Any]] | None = None,
                    graph: Any = None, network_digest: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The ``command`` a result's JSON summary records (:func:`~supplychain.reports.command_record`):
    ``options``, the command ``line`` and every file the command read, hashed now (before the
    work, so a file edited during a long sweep is not recorded as the one read): the network
    file (the embedded network as :func:`~supplychain._records.embedded_network_record`, when
    ``graph`` is given), the parameter file (``models/model.toml`` without
    ``--params``: the report compares it with its own), the scenario and the files it names
    (:func:`_scenario_roles`; ``definition`` as :func:`_threat_look_ahead` read it) and
    ``extra`` (role, file) pairs (None: not given). ``hashed``: the files the command hashed
    already (``run``, which records three results: each file hashed once). The parameter and
    storage files also get the SHA-256 of their parsed values (:data:`_VALUE_FORMS`), the
    network file the digest of ``graph``, the network the command loaded from it
    (:func:`~supplychain.models.results.network_fingerprint`: what the run keys hash; not
    loaded again here): the report compares network files by it, so a network rebuilt from the
    same source (other bytes: its build time) is the same network. The embedded network is
    recorded too (before 2026-12-05 it was no file: a report on an edited copy of it said
    nothing of a result run on it), by the shipped file's hash and that digest.
    ``network_digest``: that digest of ``graph`` when the caller has it (``run``, which records
    three results and the report of one network: computed once, not four times).
    """
    from supplychain._records import command_record, embedded_network_record
    from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH

    digests: dict[str, str] = {}
    if graph is not None and network_file != "overpass":
        from supplychain.models.results import network_fingerprint

        digests["network"] = network_digest if network_digest is not None else network_fingerprint(graph)

    command = command_record(options, [("network", network_file),
                                       ("parameters", params_path or DEFAULT_MODEL_PARAMS_PATH),
                                       *_scenario_roles(scenario_path, definition), *extra],
                             line=line, hashed=hashed, values=_VALUE_FORMS, digests=digests)  # fmt: skip
    if network_file == "embedded" and "network" in digests:
        from supplychain.networks import EMBEDDED_NETWORK_PATH

        embedded = embedded_network_record(EMBEDDED_NETWORK_PATH, digests["network"], hashed=hashed)
        command["inputs"] = [embedded, *command["inputs"]]
    return command


def _warn_dates_ignored(definition: Any, path: Path, *, followed: bool = False) -> None:
    """Say once that a steady-state command applies a timeline file's dated rules on every day
    and leaves its events out (README "The timeline format"); ``followed``: the command also
    runs the file as a timeline (``run --scenario``), so no other command is suggested."""
    dated = sum(1 for rule in definition.rules if rule.start is not None or rule.end is not None)
    events = len(definition.events)
    if not dated and not events:
        return
    parts = ([f"{dated} dated rule{'s' if dated > 1 else ''} applied on every day"] if dated else []) + (
        [f"{events} event{'s' if events > 1 else ''} left out"] if events else [])
    if followed:  # `run` suggested `supplychain timeline ...`, then ran the timeline itself (readme33)
        logger.warning("'%s' is a timeline: the steady-state sections ignore its dates (%s); the "
                       "days-of-cover section follows it day by day.", path.name, ", ".join(parts))
        return
    # The command as it runs: --out is required (the hint without it stopped with "Missing
    # option '--out'").
    logger.warning("'%s' is a timeline: a steady-state command ignores its dates (%s); run "
                   "`supplychain timeline --scenario %s --out %s` to follow it day by day.",
                   path.name, ", ".join(parts), shlex.quote(str(path)),
                   shlex.quote(f"reports/{path.stem}.parquet"))


def _stress_scenario(
    path: Path | None, graph: Any, definition: Any = None, *, followed: bool = False
) -> tuple[Any, dict[str, float], list[str], list[Path], list[Any]]:
    """A plain scenario file or a threat file -> (Scenario, attack probabilities, report lines,
    every input file read (:func:`_threat_inputs`), attack groups (probability, segments,
    border posts) for Monte Carlo). ``definition``: the threat file as
    :func:`_threat_look_ahead` read it (not read again); ``followed``: see
    :func:`_warn_dates_ignored`."""
    from supplychain._toml import toml_keys
    from supplychain.models import Scenario, load_scenario

    if path is None:
        return Scenario.baseline(), {}, [], [], []
    # Threat files need the incident and area-selector stack (pyproj): imported only for them.
    from supplychain.scenarios import load_threat

    # An unreadable file goes to the plain scenario loader, which reports it in its own words.
    if definition is not None or (toml_keys(path) or set()) & THREAT_KEYS:
        definition = definition if definition is not None else load_threat(path)
        _warn_dates_ignored(definition, path, followed=followed)
        threat = definition.resolve(graph)
        inputs = _threat_inputs(definition, path)
        return (threat.scenario, dict(threat.attack_probability), threat.report_lines(), inputs,
                threat.attack_groups())  # fmt: skip
    scenario = load_scenario(path)
    scenario.check_against(graph)
    return scenario, {}, [], [path], []
