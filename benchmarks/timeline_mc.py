"""Timeline Monte Carlo through the CLI: draws per second on the embedded network, 1 and 2 workers.

Runs ``supplychain -q stress timeline-mc --scenario models/threat-blockade-2025.toml`` (its
attack probabilities read as daily chances, see ``supplychain.scenarios.timeline_mc``) as a
user would, start-up and the base solve included, and reads the JSON summary it writes. Beside
it, the peer method: one draw built and solved cold (``build_timeline_model`` +
``solve_timeline``, goal 1; with ``--foresight myopic`` ``solve_myopic``, its first plan
included), which is what every draw would cost without the warm start.

    python benchmarks/timeline_mc.py --days 180 --draws 10 --out timeline-mc.md
    python benchmarks/timeline_mc.py --scenario models/threat-attacks-2025-26.toml \
        --drop-recorded-attacks --foresight myopic --warm --days 181 --draws 200 --out mc.md

Goal (issue 8): at least 5 draws of 180 days per second on the embedded network on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "models" / "threat-blockade-2025.toml"
#: ``--scenario light``: draws near the base (about 3.6 attacks per 180-day draw), where the
#: warm start pays; the selectors of threat-blockade-2025.toml, probabilities an assumption.
LIGHT = """name = "light attack risk (benchmark)"
[[rule]]
label = "Kayes axis"
ref = "RN1"
between = ["Kayes", "Diéma"]
attack_probability = 0.01
[[rule]]
label = "Ambushes near Bougouni"
ref = "RN7"
between = ["Ouéléssébougou", "Sikasso"]
attack_probability = 0.01
"""


def run_cli(scenario: Path, days: int, draws: int, workers: int, seed: int, warm: bool,
            extra: tuple[str, ...] = ()) -> dict[str, Any]:  # fmt: skip
    """Wall time of one CLI run and its summary (``extra``: more options, e.g. ``--foresight``)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "mc.parquet"
        cmd = [sys.executable, "-m", "supplychain", "-q", "stress", "timeline-mc", "--scenario",
               str(scenario), "--days", str(days), "--draws", str(draws), "--seed", str(seed),
               "--workers", str(workers), "--chunk-size", str(max(1, draws // (2 * workers))),
               "--out", str(out), *(["--warm"] if warm else []), *extra]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            return {"workers": workers, "wall_s": wall, "error": proc.stderr.strip().splitlines()[-1:]}
        summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return {"workers": workers, "wall_s": wall, "draws": draws, "draws_per_s_wall": draws / wall,
            "draws_per_s_sweep": summary.get("draws_per_s"), "base_s": summary["base"]["build_and_solve_s"],
            "base_status": summary["base"]["status"], "failed_draws": summary["failed_draws"],
            "unmet_mean_m3": summary["unmet_m3"]["mean"], "methods": summary.get("methods", {})}  # fmt: skip


def cold_draw(scenario: Path, days: int, seed: int, *, foresight: str = "perfect",
              drop_recorded: bool = False) -> dict[str, Any]:  # fmt: skip
    """One draw without warm start: the drawn timeline built and solved from scratch (myopic:
    :func:`~supplychain.models.timeexp_myopic.solve_myopic`, its first plan included), from the
    file's ``[timeline] start`` if it has one, else 2026-01-01."""
    import numpy as np

    from supplychain.models import load_model_parameters
    from supplychain.models.timeexp import build_timeline_model, solve_timeline
    from supplychain.models.timeexp_myopic import solve_myopic
    from supplychain.models.timeline import Attack
    from supplychain.networks import build_network
    from supplychain.scenarios.threats import load_threat
    from supplychain.scenarios.timeline_mc import (
        DEFAULT_TANKERS_PER_ATTACK,
        attack_risks,
        draw_attacks,
    )
    from supplychain.scenarios.timeline_stress import load_timeline

    graph, params = build_network(), load_model_parameters()
    timeline = load_timeline(scenario, graph, start=None, days=days)
    if timeline.start == date.today():  # no [timeline] start: a fixed day 0, not today
        timeline = load_timeline(scenario, graph, start=date(2026, 1, 1), days=days)
    if drop_recorded:
        timeline = replace(timeline, attacks=(), fleet_lost_before_start=0.0)
    risks = attack_risks(load_threat(scenario), graph, timeline)
    hits = draw_attacks(risks, days, seed, 0)
    attacks = tuple(Attack(risks[k].label, int(t), DEFAULT_TANKERS_PER_ATTACK, risks[k].segments)
                    for k, t in zip(*np.nonzero(hits), strict=True))  # fmt: skip
    drawn = replace(timeline, attacks=(*timeline.attacks, *attacks))
    start = time.perf_counter()
    if foresight == "myopic":
        result = solve_myopic(graph, params, drawn, lexicographic=False)
        build_s = result.build_s
    else:
        model = build_timeline_model(graph, params, drawn)
        result = solve_timeline(model, time_limit_s=600.0, lexicographic=False)
        build_s = model.build_s
    return {"cold_s": time.perf_counter() - start, "build_s": build_s, "status": result.status,
            "attacks": len(attacks)}  # fmt: skip


def main() -> None:
    """Run the benchmark and write a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=180)
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--scenario", type=Path, default=SCENARIO,
                    help="threat file with attack probabilities (default: the illustrative 2025 one; "
                         "'light': two rules at 1 %% a day)")
    ap.add_argument("--warm", action="store_true", help="pass --warm (re-solve from the base basis)")
    ap.add_argument("--foresight", choices=["perfect", "myopic"], default="perfect",
                    help="pass --foresight (myopic: each attack learnt on its day)")
    ap.add_argument("--drop-recorded-attacks", action="store_true", help="pass --drop-recorded-attacks")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    extra = ("--foresight", args.foresight, *(["--drop-recorded-attacks"] if args.drop_recorded_attacks else []))
    if str(args.scenario) == "light":
        args.scenario = Path(tempfile.mkdtemp()) / "threat-light.toml"
        args.scenario.write_text(LIGHT, encoding="utf-8")
    rows = [run_cli(args.scenario, args.days, args.draws, int(w), args.seed, args.warm, extra)
            for w in args.workers.split(",")]
    cold = cold_draw(args.scenario, args.days, args.seed, foresight=args.foresight,
                     drop_recorded=args.drop_recorded_attacks)  # fmt: skip
    lines = [f"### Timeline Monte Carlo, embedded network, {args.days} days, {args.draws} draws "
             f"(`{args.scenario.name}`{', --warm' if args.warm else ''}, --foresight {args.foresight}"
             f"{', --drop-recorded-attacks' if args.drop_recorded_attacks else ''})", "",
             "| workers | wall (s, CLI) | draws/s (wall) | draws/s (sweep only) | base build+solve (s) "
             "| base | failed draws | re-solve method |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['workers']} | {r['wall_s']:.1f} | error: {r['error']} | | | | | |")
            continue
        sweep = f"{r['draws_per_s_sweep']:.2f}" if r["draws_per_s_sweep"] else "-"
        lines.append(f"| {r['workers']} | {r['wall_s']:.1f} | {r['draws_per_s_wall']:.3f} | {sweep} | "
                     f"{r['base_s']:.1f} | {r['base_status']} | {r['failed_draws']} | "
                     f"{', '.join(f'{k} {v}' for k, v in r['methods'].items())} |")  # fmt: skip
    lines += ["", f"Peer: one draw built and solved cold ({args.foresight}): {cold['cold_s']:.1f} s (build {cold['build_s']:.1f} s, "
              f"{cold['attacks']} attacks, {cold['status']}). Goal: >= 5 draws/s on 2 cores."]  # fmt: skip
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
