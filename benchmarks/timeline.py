"""Timeline (issue 8, "Speed and scale") as a user runs it: ``supplychain -q timeline`` through
the CLI, start-up included, beside the path before 2026-12-02 (interior point + crossover).

Run from the repository root (the real networks need ``../shared/data`` or
``$SUPPLYCHAIN_SHARED``)::

    python benchmarks/timeline.py                  # everything (about 15 min on 2 cores)
    python benchmarks/timeline.py --skip-africa    # embedded and West Africa only
    python benchmarks/timeline.py --embedded-only  # the back-test LP, today beside one clock
    python benchmarks/timeline.py --embedded-only --compare polish   # ... beside stage 2 attempted
    python benchmarks/timeline.py --skip-embedded --skip-africa --clocks-off
                                                   # West Africa exact, today beside one clock

What it measures, in one run so the numbers share the machine's load (recorded at the start and
the end):

1. **Embedded, 181 days**: ``supplychain -q timeline --scenario
   models/timeline-blockade-2025-26.toml`` (the back-test) as an LP, today's path (interior
   point without crossover) and the old one (``SUPPLYCHAIN_TIMELINE_CROSSOVER=1``), then with
   ``--integer-convoys --time-limit 60`` (the gap from the JSON summary).
2. **West Africa (GIS import), 180 days**: ``network build --source
   tests/data/real/flownet_west_africa.geojson`` (timed apart), then ``timeline --network ...
   --days 180`` (undisturbed: the back-test's selectors name embedded roads) with
   ``--time-limit`` (``--real-limit``, per stage).
3. **Whole Africa (GIS import), 180 days**: ``network build --source
   ../shared/data/flownet-africa-network/africa_network.geojson``; the model build alone
   (PuLP, :func:`build_timeline_model`) in a fresh process with its peak memory; then the CLI
   with ``--time-limit``.

With ``--arc-pricing`` the real networks also run exact with arc pricing (the default there),
beside the same with every round by the interior point from scratch
(``SUPPLYCHAIN_PRICING_WARM=0``, the path before 2026-12-03) and beside ``--pricing-start
corridors``.

Wall time is from start to exit of each subprocess; peak memory is the child's maximum resident
set size (``resource.getrusage`` of a one-child wrapper). Build and solve seconds come from the
JSON summary the command writes (absent when it stops without a plan: exit code 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import benchmarks.* from the repository root
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

from benchmarks import data, machine

__all__ = ["main"]

_ROOT = Path(__file__).resolve().parent.parent
_BACKTEST = _ROOT / "models" / "timeline-blockade-2025-26.toml"
_WEST = _ROOT / "tests" / "data" / "real" / "flownet_west_africa.geojson"

# One child, timed, its peak memory read with resource (no /usr/bin/time needed).
_WRAPPER = """
import resource, subprocess, sys, time, json
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print(json.dumps({"wall_s": wall, "rc": rc.returncode, "peak_mib": rss,
                  "stderr": rc.stderr.decode(errors="replace")[-400:]}))
"""

_BUILD_ONLY = """
import json, resource, sys, time
from datetime import date
from supplychain.models import load_model_parameters
from supplychain.models.timeexp import build_timeline_model
from supplychain.networks import load_network
from supplychain.scenarios.timeline_stress import load_timeline
t = time.perf_counter()
g = load_network(sys.argv[1])
tl = load_timeline(None, g, start=date(2025, 9, 1), days=int(sys.argv[2]))
t1 = time.perf_counter()
detour = float(sys.argv[3]) if len(sys.argv) > 3 else None
m = build_timeline_model(g, load_model_parameters(), tl, detour=detour)
t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t, "build_s": t2 - t1, "columns": len(m.problem.variables()),
                  "rows": len(m.problem.constraints), "arcs": len(m.arcs),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
"""


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("supplychain")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "supplychain"]


def _run(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one command in a fresh wrapper process: wall time, exit code, peak memory."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True,
                          check=True, env={**os.environ, **(env or {})})  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _timeline(args: list[str], out: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``supplychain -q timeline ARGS --out OUT``; build/solve/status from the JSON summary."""
    r = _run([*_cli(), "-q", "timeline", *args, "--out", str(out)], env)
    summary = out.with_suffix(".json")
    if summary.exists():
        s = json.loads(summary.read_text(encoding="utf-8"))
        r.update({k: s.get(k) for k in ("status", "build_s", "solve_s", "mip_gap", "delivered_m3",
                                        "unmet_m3", "arc_pricing")})  # fmt: skip
        r["dry_days"] = {k: c.get("dry_days") for k, c in (s.get("cities") or {}).items()}
    else:
        r["status"] = f"no plan (exit {r['rc']})"
    return r


def _network(source: Path, out: Path) -> float:
    r = _run([*_cli(), "-q", "network", "build", "--source", str(source), "--out", str(out)])
    if r["rc"] != 0:
        raise RuntimeError(f"network build of {source} failed: {r['stderr']}")
    return float(r["wall_s"])


def _build_only(network: Path, days: int, detour: float | None = None) -> dict[str, Any]:
    extra = [] if detour is None else [f"{detour:g}"]
    done = subprocess.run([sys.executable, "-c", _BUILD_ONLY, str(network), str(days), *extra],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure(tmp: Path, *, africa: bool, real_limit_s: float, log: Any, embedded: bool = True,
            detour: float = 0.5, exact: bool = True, embedded_only: bool = False,
            rounds: int = 3, compare: str = "clocks", clocks_off: bool = False,
            arc_pricing: bool = False, africa_exact: bool = True) -> dict[str, Any]:  # fmt: skip
    """Every case of the module docstring; a dict of results (see :func:`render`).

    With ``embedded_only``: the embedded LP only, today's path and main's before 2026-12-02
    02:40 UTC (stage 2 always attempted, ``SUPPLYCHAIN_TIMELINE_POLISH=1``), alternating,
    ``rounds`` times each (see :func:`render_embedded`).
    """
    res: dict[str, Any] = {"load_start": machine.load_average(), "detour": detour,
                           "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")}
    old = {"SUPPLYCHAIN_TIMELINE_CROSSOVER": "1"}
    bt = ["--scenario", str(_BACKTEST)]
    if embedded or embedded_only:
        res["emb_lp"] = _timeline(bt, tmp / "emb-lp.parquet")
        log(f"embedded LP: {res['emb_lp']}")
        if embedded_only:
            return _embedded_rounds(res, tmp, bt, rounds, log, compare)
        res["emb_lp_old"] = _timeline(bt, tmp / "emb-lp-old.parquet", old)
        log(f"embedded LP, old path: {res['emb_lp_old']}")
        res["emb_mip"] = _timeline([*bt, "--integer-convoys", "--time-limit", "60"], tmp / "emb-mip.parquet")
        log(f"embedded MIP: {res['emb_mip']}")
    # The detour bound is an approximation: its error on the one disrupted case we have.
    res["emb_detour"] = _timeline([*bt, "--detour", f"{detour:g}"], tmp / "emb-detour.parquet")
    log(f"embedded LP, --detour {detour:g}: {res['emb_detour']}")
    if "emb_lp" not in res:
        res["emb_exact"] = _timeline(bt, tmp / "emb-exact.parquet")
        log(f"embedded LP, exact: {res['emb_exact']}")
    real = ["--days", "180", "--start", "2025-09-01", "--time-limit", f"{real_limit_s:g}"]
    nets = [("west", _WEST)]
    if africa:
        nets.append(("africa", data.shared_data_dir() / "flownet-africa-network" / "africa_network.geojson"))
    for key, source in nets:
        net = tmp / f"{key}.parquet"
        res[f"{key}_net_s"] = _network(source, net)
        res[f"{key}_build_detour"] = _build_only(net, 180, detour)
        log(f"{key} build only, --detour {detour:g}: {res[f'{key}_build_detour']}")
        res[f"{key}_detour"] = _timeline(["--network", str(net), *real, "--detour", f"{detour:g}"],
                                         tmp / f"{key}-detour.parquet")  # fmt: skip
        log(f"{key}, --detour {detour:g}: {res[f'{key}_detour']}")
        if arc_pricing:  # exact, on the arcs pricing brings in (timeexp_price)
            res[f"{key}_priced"] = _timeline(["--network", str(net), *real, "--arc-pricing"],
                                             tmp / f"{key}-priced.parquet")  # fmt: skip
            log(f"{key}, --arc-pricing: {res[f'{key}_priced']}")
            # Every round by the interior point from scratch (the path before 2026-12-03).
            res[f"{key}_priced_cold"] = _timeline(["--network", str(net), *real, "--arc-pricing"],
                                                  tmp / f"{key}-priced-cold.parquet",
                                                  {"SUPPLYCHAIN_PRICING_WARM": "0"})  # fmt: skip
            log(f"{key}, --arc-pricing, cold rounds: {res[f'{key}_priced_cold']}")
            # The first round's arcs before 2026-12-02 14:10 UTC: the corridors (same plan).
            res[f"{key}_priced_corridors"] = _timeline(
                ["--network", str(net), *real, "--arc-pricing", "--pricing-start", "corridors"],
                tmp / f"{key}-priced-corridors.parquet")  # fmt: skip
            log(f"{key}, --arc-pricing --pricing-start corridors: {res[f'{key}_priced_corridors']}")
        if exact and (africa_exact or key != "africa"):
            res[f"{key}_build"] = _build_only(net, 180)
            log(f"{key} build only: {res[f'{key}_build']}")
            # The exact model unpriced (--arc-pricing is the default on these networks since
            # 2026-12-02 07:50 UTC; its row is "_priced").
            res[key] = _timeline(["--network", str(net), *real, "--no-arc-pricing"], tmp / f"{key}-tl.parquet")
            log(f"{key}: {res[key]}")
            if clocks_off:  # the same exact model with every road's fraction split (before)
                res[f"{key}_one_clock"] = _timeline(["--network", str(net), *real, "--no-arc-pricing"],
                                                    tmp / f"{key}-one-clock.parquet",
                                                    _COMPARE["clocks"][1])  # fmt: skip
                log(f"{key}, one clock: {res[f'{key}_one_clock']}")
    res["load_end"] = machine.load_average()
    res["real_limit_s"] = real_limit_s
    return res


#: The paths ``--embedded-only`` puts beside today's: label and environment.
_COMPARE = {
    "polish": ("stage 2 attempted (main's path before 2026-12-02 02:40 UTC)",
               {"SUPPLYCHAIN_TIMELINE_POLISH": "1"}),
    "clocks": ("one clock, every road's fraction split (main's path before 2026-12-02 05:10 UTC)",
               {"SUPPLYCHAIN_TIMELINE_PLACE_CLOCKS": "off"}),
}


def _embedded_rounds(res: dict[str, Any], tmp: Path, bt: list[str], rounds: int,
                     log: Any, compare: str = "clocks") -> dict[str, Any]:
    # Alternate the two paths so both see the same (shared, changing) load.
    res["emb_rounds"], res["emb_polish_rounds"] = [res.pop("emb_lp")], []
    res["compare"] = compare
    label, env = _COMPARE[compare]
    for k in range(rounds):
        res["emb_polish_rounds"].append(_timeline(bt, tmp / f"emb-other-{k}.parquet", env))
        log(f"embedded LP, {label}: {res['emb_polish_rounds'][-1]}")
        if k + 1 < rounds:
            res["emb_rounds"].append(_timeline(bt, tmp / f"emb-lp-{k}.parquet"))
            log(f"embedded LP: {res['emb_rounds'][-1]}")
    res["load_end"] = machine.load_average()
    return res


def render_embedded(r: dict[str, Any]) -> str:
    """A ``###`` subsection for BENCHMARKS.md from an ``embedded_only`` run."""
    la, lb = machine.format_load(r["load_start"]), machine.format_load(r["load_end"])

    def med(cases: list[dict[str, Any]], key: str) -> str:
        vals = sorted(float(c[key]) for c in cases if c.get(key) is not None)
        if not vals:
            return "-"
        return f"{vals[len(vals) // 2]:.1f} ({vals[0]:.1f}-{vals[-1]:.1f})"

    lines = [
        f"Generated by `python benchmarks/timeline.py --embedded-only --compare "
        f"{r.get('compare', 'polish')}` on {r['when']}; load "
        f"average {la} at the start and {lb} at the end (2 cores). `supplychain -q timeline "
        "--scenario models/timeline-blockade-2025-26.toml` (181 days), one subprocess per run, "
        "start-up and writing included, the two paths alternating; median (min-max) of "
        f"{len(r['emb_rounds'])} runs each:", "",
        "| path | wall (s) | build (s) | solve (s) | status | delivered (m³) | unmet (m³) |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for label, cases in (("today", r["emb_rounds"]),
                         (_COMPARE[r.get("compare", "polish")][0], r["emb_polish_rounds"])):
        c = cases[0]
        lines.append(f"| {label} | {med(cases, 'wall_s')} | {med(cases, 'build_s')} | "
                     f"{med(cases, 'solve_s')} | {c.get('status')} | {_f(c.get('delivered_m3'), '{:,.0f}')} | "
                     f"{_f(c.get('unmet_m3'), '{:,.0f}')} |")  # fmt: skip
    a, o = r["emb_rounds"][0], r["emb_polish_rounds"][0]
    lines += ["", f"Dry days per city: {_dry_days(a, o, 'today')}."]
    return "\n".join(lines) + "\n"


def _delivered(a: dict[str, Any], b: dict[str, Any], what: str, digits: int) -> str:
    """``delivered A m³ against B m³ <what> (+x %), unmet U against V m³`` of two CLI runs."""
    pct = 100 * (a["delivered_m3"] / b["delivered_m3"] - 1)
    return (f"delivered {a['delivered_m3']:,.0f} m³ against {b['delivered_m3']:,.0f} m³ {what} "
            f"({pct:+.{digits}f} %), unmet {a['unmet_m3']:,.0f} against {b['unmet_m3']:,.0f} m³")


def _dry_days(a: dict[str, Any], b: dict[str, Any], first: str = "") -> str:
    """``equal``, or ``differ: {...} [first] against {...}`` for the dry days of two CLI runs."""
    if a.get("dry_days") == b.get("dry_days"):
        return "equal"
    left = json.dumps(a.get("dry_days"), ensure_ascii=False) + (f" {first}" if first else "")
    return f"differ: {left} against {json.dumps(b.get('dry_days'), ensure_ascii=False)}"


def _f(x: Any, fmt: str = "{:.1f}") -> str:
    return "-" if x is None else fmt.format(x)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def render(r: dict[str, Any]) -> str:
    """The ``## Timeline (issue 8)`` section of BENCHMARKS.md."""
    la, lb = machine.format_load(r["load_start"]), machine.format_load(r["load_end"])
    lines = [
        "## Timeline (issue 8)", "",
        f"Generated by `python benchmarks/timeline.py` on {r['when']}; load average {la} at the "
        f"start and {lb} at the end (2 cores shared with other processes: wall times are slower "
        "than on an idle machine). Each row is one `supplychain -q timeline` subprocess, start-up "
        "and writing included; build and solve seconds are the command's own (JSON summary).", "",
        "| case | wall (s) | build (s) | solve (s) | status | peak MiB | target | verdict |",
        "| --- | ---: | ---: | ---: | --- | ---: | --- | --- |",
    ]

    def row(label: str, c: dict[str, Any] | None, target: str, limit: float | None) -> None:
        if c is None:
            return
        ok = None if limit is None else (c["rc"] == 0 and c["wall_s"] <= limit)
        status = str(c.get("status"))
        if c.get("mip_gap") is not None:
            status += f", gap {100 * c['mip_gap']:.1f} %"
        lines.append(f"| {label} | {c['wall_s']:.1f} | {_f(c.get('build_s'))} | "
                     f"{_f(c.get('solve_s'))} | {status} | {c['peak_mib']:.0f} | {target} | "
                     f"{_verdict(ok)} |")  # fmt: skip

    row("embedded back-test, 181 days, LP (interior point, no crossover)", r.get("emb_lp"), "≤ 5 s", 5.0)
    row("same, old path (interior point + crossover)", r.get("emb_lp_old"), "", None)
    row("embedded back-test, `--integer-convoys --time-limit 60`", r.get("emb_mip"), "≤ 60 s", 60.0)
    row(f"West Africa, 180 days, `--time-limit {r['real_limit_s']:g}`", r.get("west"), "≤ 15 s", 15.0)
    row(f"whole Africa, 180 days, `--time-limit {r['real_limit_s']:g}`", r.get("africa"),
        "≤ 120 s, ≤ 8 GB", 120.0)
    lines += ["", "Model size and PuLP build alone (fresh process, network loaded, no solve):", "",
              "| network | `network build` (s) | arcs | columns | rows | PuLP build (s) | peak MiB |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, key in (("West Africa", "west"), ("whole Africa", "africa")):
        b = r.get(f"{key}_build")
        if b:
            lines.append(f"| {label} | {r[f'{key}_net_s']:.1f} | {b['arcs']:,} | {b['columns']:,} | "
                         f"{b['rows']:,} | {b['build_s']:.1f} | {b['peak_mib']:.0f} |")
    a, o = r.get("emb_lp") or {}, r.get("emb_lp_old") or {}
    if a.get("delivered_m3") and o.get("delivered_m3"):
        lines += ["", f"Same answers on the back-test: {_delivered(a, o, 'with the old path', 4)}; "
                  f"dry days per city {_dry_days(a, o)}."]
    return "\n".join(lines) + "\n"


def render_real(r: dict[str, Any]) -> str:
    """The ``### Timeline on the real networks`` subsection: exact reductions and ``--detour``."""
    d = f"{r['detour']:g}"
    la, lb = machine.format_load(r["load_start"]), machine.format_load(r["load_end"])
    lines = [
        "### Timeline on the real networks", "",
        f"Generated by `{' '.join(['python benchmarks/timeline.py', *r.get('argv', '').split()])}` "
        f"on {r['when']}; "
        f"load average {la} at the start and {lb} at the end (2 cores shared). 180 days from "
        f"2025-09-01, undisturbed, `--time-limit {r['real_limit_s']:g}`. \"exact\": the exact "
        f"reductions only (the default); \"detour {d}\": `--detour {d}`. Model size and PuLP "
        "build in a fresh process without a solve; the CLI row is one `supplychain -q timeline` "
        "subprocess, start-up and writing included.", "",
        "| network | path | arcs | columns | rows | PuLP build (s) | build peak MiB | CLI wall (s) "
        "| CLI build (s) | CLI solve (s) | status | delivered m³ | CLI peak MiB | target | verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for label, key, target, limit, mem in (("West Africa", "west", "≤ 15 s", 15.0, None),
                                          ("whole Africa", "africa", "≤ 120 s, ≤ 8 GB", 120.0, 8192.0)):
        for path, suffix in (("exact", ""), ("exact, one clock (before)", "_one_clock"),
                             (f"detour {d}", "_detour"), ("exact, `--arc-pricing`", "_priced"),
                             ("exact, `--arc-pricing`, every round by the interior point (before)",
                              "_priced_cold"),
                             ("exact, `--arc-pricing --pricing-start corridors`", "_priced_corridors")):
            b = r.get(f"{key}_build{'' if suffix == '_one_clock' else suffix}")
            c = r.get(f"{key}{suffix}")
            if c is None or (b is None and not suffix.startswith("_priced")):
                continue
            ok = c["rc"] == 0 and c["wall_s"] <= limit and (mem is None or c["peak_mib"] <= mem)
            size = "- | - | - | - | -"  # several models: see the pricing line below the table
            if b is not None:
                size = f"{b['arcs']:,} | {b['columns']:,} | {b['rows']:,} | {b['build_s']:.1f} | {b['peak_mib']:.0f}"
            lines.append(
                f"| {label} | {path} | {size} | {c['wall_s']:.1f} | {_f(c.get('build_s'))} | "
                f"{_f(c.get('solve_s'))} | {c.get('status')} | {_f(c.get('delivered_m3'), '{:,.0f}')} | "
                f"{c['peak_mib']:.0f} | {target} | {_verdict(ok)} |")
    runs = (("`--arc-pricing`", "_priced"), ("`--arc-pricing` with cold rounds", "_priced_cold"),
            ("`--pricing-start corridors`", "_priced_corridors"))
    for label, key in (("West Africa", "west"), ("whole Africa", "africa")):
        for flag, suffix in runs:
            p = (r.get(f"{key}{suffix}") or {}).get("arc_pricing")
            if not p:
                continue
            steps = ", ".join(f"{h['arcs']:,} arcs" + (f" (brought in {h['brought_in']})" if "brought_in" in h else "")
                              for h in p["history"])  # fmt: skip
            lines += ["", f"{flag} on {label}: {p['arcs_used']:,} of {p['arcs']:,} arcs "
                      f"after {p['rounds']} round(s) ({steps}); certified: {p['certified']} (no "
                      "arc left out improves delivery: the exact model's optimum). Build and "
                      "solve are summed over the rounds."]
    a, e = r.get("emb_detour") or {}, r.get("emb_exact") or r.get("emb_lp") or {}
    if a.get("delivered_m3") and e.get("delivered_m3"):
        lines += ["", f"The approximation on the back-test (embedded, 181 days, the blockade): "
                  f"`--detour {d}` {_delivered(a, e, 'exact', 2)}; wall {a['wall_s']:.1f} s "
                  f"against {e['wall_s']:.1f} s; dry days per city {_dry_days(a, e)}."]
    return "\n".join(lines) + "\n"


def _write_benchmarks(section: str, path: Path) -> None:
    """Put the section at the top of BENCHMARKS.md after the N-1 section (replacing an old one)."""
    text = path.read_text(encoding="utf-8")
    head = "## Timeline (issue 8)"
    if head in text:
        start = text.index(head)
        end = text.find("\n## ", start + len(head))
        text = text[:start] + text[end + 1:] if end >= 0 else text[:start]
    n1 = text.find("## N-1 through the CLI")
    after = text.find("\n## ", n1 + 1) if n1 >= 0 else text.find("\n## ")
    if after < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        text = text[: after + 1] + section + "\n" + text[after + 1:]
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the section, and with ``--write`` put it into BENCHMARKS.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-africa", action="store_true")
    ap.add_argument("--skip-embedded", action="store_true",
                    help="skip the embedded LP/old path/MIP rows (the --detour pair still runs)")
    ap.add_argument("--skip-exact", action="store_true",
                    help="real networks with --detour only (not the exact reductions beside)")
    ap.add_argument("--detour", type=float, default=0.5, help="--detour of the reduced rows")
    ap.add_argument("--real-limit", type=float, default=120.0,
                    help="--time-limit (s per stage) for the real networks")
    ap.add_argument("--embedded-only", action="store_true",
                    help="the embedded back-test only, today's path beside stage 2 attempted")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each path with --embedded-only")
    ap.add_argument("--compare", choices=sorted(_COMPARE), default="clocks",
                    help="the path put beside today's with --embedded-only")
    ap.add_argument("--clocks-off", action="store_true",
                    help="also run the exact real networks with one clock (every fraction split)")
    ap.add_argument("--arc-pricing", action="store_true",
                    help="real networks: also the exact model with --arc-pricing")
    ap.add_argument("--skip-africa-exact", action="store_true",
                    help="whole Africa without the exact model (no plan within minutes)")
    ap.add_argument("--write", action="store_true", help="write the section into BENCHMARKS.md")
    ap.add_argument("--json", type=Path, default=None, help="also save the raw results here")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        res = measure(Path(tmp), africa=not args.skip_africa, real_limit_s=args.real_limit, log=log,
                      embedded=not args.skip_embedded, detour=args.detour, exact=not args.skip_exact,
                      embedded_only=args.embedded_only, rounds=args.rounds, compare=args.compare,
                      clocks_off=args.clocks_off, arc_pricing=args.arc_pricing,
                      africa_exact=not args.skip_africa_exact)  # fmt: skip
    res["argv"] = " ".join(sys.argv[1:] if argv is None else argv)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    if args.embedded_only:  # a subsection: paste it at the top of "Timeline (issue 8)"
        print(render_embedded(res))
        return 0
    section = render(res) if "emb_lp" in res else ""
    print(section + "\n" + render_real(res))
    if args.write and section:
        _write_benchmarks(section, _ROOT / "BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
