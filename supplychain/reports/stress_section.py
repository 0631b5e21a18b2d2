"""Plain data for the stress section template (``templates/stress.html.j2``).

One block per stress result: the N-1 / N-k ranking (bars and the top of the table, single
points of failure marked), the worst case next to greedy, the Monte Carlo distribution with
the segments most often closed in the worst draws, the days until the first city runs dry
with each corridor closed (closure-days), or a timeline Monte Carlo's chance per city of
running dry and its unmet demand (timeline-mc), with the figures their commands print. Nothing
here writes HTML; the template escapes every value.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from supplychain._records import EMBEDDED_NETWORK, resolved_path
from supplychain.reports.figures import (
    closure_days_figure,
    monte_carlo_figure,
    ranking_figure,
    timeline_mc_figure,
    worst_case_figure,
)
from supplychain.reports.figures.stress import closure_order
from supplychain.reports.markup import Column, fmt_number, table_data
from supplychain.reports.sections import _plot, _records
from supplychain.reports.stress import (
    TIMELINE_KINDS,
    WARM_METHODS,
    StressData,
    _mc_methods,
    mc_stats,
    recorded_inputs,
    timeline_mc_stats,
)
from supplychain.scenarios.timeline_stress import (
    CITY_COLUMN,
    city_days_to_dry,
    closures_below_unclosed,
    largest_demand_city,
)

__all__ = ["stress_data"]

logger = logging.getLogger(__name__)

_N1_TOP = 20
_N1_BARS = 15
_WORST_ROWS = 10  # rows of the "most often closed in the worst draws" table


def _ranking_block(data: StressData, index: int) -> dict[str, Any]:
    t = data.table.sort_values("rank")
    # Segments and border posts flagged, one row each (what the JSON summary lists), counted
    # before the rows are grouped into chains: a chain's row counts its segments, a border
    # post's none (``chain_members`` 0), so summing them left the posts out.
    flagged_rows = int(t["single_point_of_failure"].astype(bool).sum())
    failed_rows = int((t["status"] == "failed").sum()) if "status" in t.columns else 0
    chained = ""
    if "chain_id" in t.columns:  # N-1: one row per chain of serial segments (they fail together)
        from supplychain.scenarios.chains import chain_ranking

        n_rows = len(t)
        t = chain_ranking(t)
        data = dataclasses.replace(data, table=t)
        chained = (f"{n_rows} closures grouped into {len(t)} chains of serial segments and border "
                   "posts (segments with no junction between them fail together). ")  # fmt: skip
    spofs = [str(i) for i, s in zip(t["id"], t["single_point_of_failure"], strict=True) if bool(s)]
    n_spof = f"{len(spofs)} single point{'' if len(spofs) == 1 else 's'} of failure for Bamako"
    if chained and flagged_rows != len(spofs):  # the JSON lists their segments: say how many
        n_spof += f" ({flagged_rows} segments and border posts in all)"
    intro = (
        # Chained, the ranking's rows are chains and posts, not closures (259 closures in 110).
        chained + (f"The {len(t)} are" if chained else f"{len(t)} closures")
        + " ranked by throughput lost, then served demand lost. "
        + n_spof
        + (": " + ", ".join(spofs[:10]) + (" …" if len(spofs) > 10 else "") if spofs else "")
        # The rule that flagged them, as the text prints it: with no demand at Bamako it is any
        # loss of the fuel able to reach Bamako, so a flag beside no served demand lost is right.
        + (f" ({rule.replace('m3/day', 'm³/day')})"
           if (rule := str(data.summary.get("single_point_of_failure") or "")) else "")
        + f". The chart shows the closures that lose something (at most {_N1_BARS})."
    )
    cols = [Column("rank", "Rank", "number"), Column("id", "Closed element")]
    if "kind" in t.columns:
        cols.append(Column("kind", "Kind"))
    if "chain_members" in t.columns:
        cols += [Column("chain_members", "Segments", "number"),
                 Column("chain_length_km", "km", "number")]  # fmt: skip
    cols += [
        Column("throughput_lost_m3_per_day", "Throughput lost (m³/day)", "number"),
        # Each header names its measure: "(tankers/day)" and "(%)" twice each did not say
        # which loss they were, in a table sorted on them or read on a phone, scrolled. A soft
        # hyphen lets "Through-put" break: whole, it widened the ranking 73 px at 1366 px.
        Column("throughput_lost_tankers_per_day", "Throughput lost (tankers/day)", "number", 1),
        Column("throughput_lost_pct", "Through\u00adput lost (%)", "number", 1),
        Column("served_lost_m3_per_day", "Served demand lost (m³/day)", "number"),
        Column("served_lost_tankers_per_day", "Served demand lost (tankers/day)", "number", 1),
        Column("served_lost_pct", "Served demand lost (%)", "number", 1),
    ]
    if "hub_flow_lost_m3_per_day" in t.columns:
        cols.append(
            Column("hub_flow_lost_m3_per_day",
                   "Fuel able to reach Bamako lost (m³/day; max flow capped by throughput)", "number")
        )
    if "sum_of_single_losses_m3_per_day" in t.columns:
        cols.append(
            # The N-1 throughput losses of the combination's parts, summed (n_minus_k).
            Column("sum_of_single_losses_m3_per_day", "Sum of single throughput losses (m³/day)",
                   "number")
        )
    cols += [
        Column("single_point_of_failure", "Single point of failure", "bool"),
        Column("status", "Status"),
    ]
    from supplychain.scenarios.chains import ranking_head

    head, more, nothing = ranking_head(t, limit=_N1_TOP)
    top = _records(head)
    # The same rows as the text output: to the last closure that loses something (past it,
    # zero losses in id order read as a ranking); the Parquet table keeps every row.
    caption = f"Top {len(top)} of {len(t)}" if len(top) else f"None of {len(t)} loses anything"
    if more:
        caption += f"; {more:,} more lose something (the Parquet table lists them)"
    if nothing and len(top):
        caption += f"; the other {nothing:,} lose nothing" if not more else f", {nothing:,} lose nothing"
    if failed := int((t["status"] == "failed").sum()) if "status" in t.columns else 0:
        # Their loss is unknown (NaN): not among those that lose nothing. Chains, as the rows
        # are; the segments and posts (the JSON's failed_closures) when they are more.
        also = f"{failed_rows:,} segments and border posts in all; " if failed_rows != failed else ""
        caption += f"; {failed:,} failed to solve ({also}loss unknown)"
    return {
        "intro": intro,
        "figure": _plot(f"fig-stress-{index}", ranking_figure(data, top=_N1_BARS)),
        "table": table_data(
            top,
            cols,
            table_id=f"table-stress-{index}",
            caption=caption,
            row_classes=["spof" if bool(r["single_point_of_failure"]) else "" for r in top],
        ),
    }


def _worst_block(data: StressData, index: int) -> dict[str, Any]:
    t = data.table.sort_values(["k", "method"])
    rows = []
    for r in _records(t):
        closes = [
            x
            for x in [
                *str(r.get("segments") or "").split(";"),
                *str(r.get("nodes") or "").split(";"),
            ]
            if x
        ]
        rows.append({**r, "closes": ", ".join(closes) or "-"})
    cols = [
        Column("k", "k", "number"),
        Column("method", "Method"),
        Column("closes", "Closes"),
        Column("remaining_m3_per_day", "Max flow to Bamako left (m³/day; no fleet limit)", "number"),
        Column("lost_m3_per_day", "Lost (m³/day)", "number"),
        Column("lost_tankers_per_day", "Lost (tankers/day)", "number", 1),
        Column("lost_pct", "Lost (%)", "number", 1),
    ]
    if "greedy_gap_m3_per_day" in t.columns:
        cols.append(Column("greedy_gap_m3_per_day", "Greedy leaves more by (m³/day)", "number"))
    if "throughput_after_m3_per_day" in t.columns:
        cols.append(Column("throughput_after_m3_per_day",
                           "Throughput left into any city, fleet limit applied (m³/day)", "number"))  # fmt: skip
    cols.append(Column("status", "Status"))
    return {
        "figure": _plot(f"fig-stress-{index}", worst_case_figure(data)),
        "table": table_data(rows, cols, table_id=f"table-stress-{index}"),
    }


def _mc_no_loss(data: StressData, draws: int) -> str:
    """The sentence saying that no draw lowers either measure below the scenario's own figures
    (``base_throughput_m3_per_day``, ``base_served_m3_per_day``, within the printed 0.5 m3/day),
    or ``""`` when one does or the summary lacks them: a table of identical percentiles, a
    flat chart and an empty "most often closed" table said nothing (the illustrative threat on
    the embedded network, 10,000 draws, before 2026-12-05).

    Examples
    --------
    >>> t = pd.DataFrame({"draw": range(2), "throughput_m3_per_day": [10.0, 10.0],
    ...                   "served_m3_per_day": [4.0, 4.0]})
    >>> s = {"base_throughput_m3_per_day": 10.0, "base_served_m3_per_day": 4.0}
    >>> _mc_no_loss(StressData("monte-carlo", "", t, s), 2).startswith("None of the 2 draws lowers")
    True
    >>> _mc_no_loss(StressData("monte-carlo", "", t.assign(served_m3_per_day=[4.0, 3.0]), s), 2)
    ''
    """
    bases = _sweep_base(data)  # None when a summary's value is no finite number
    if bases is None or bases[1] is None or data.table.empty:
        return ""
    lows = []
    for measure, base in zip(("throughput_m3_per_day", "served_m3_per_day"), bases, strict=True):
        values = pd.to_numeric(data.table[measure], errors="coerce") if measure in data.table else None
        if values is None or values.isna().any() or float(values.min()) < float(base or 0.0) - _BASE_TOLERANCE_M3:
            return ""
        lows.append(fmt_number(base))
    return (f"None of the {fmt_number(draws)} draws lowers throughput ({lows[0]} m³/day) or served "
            f"demand ({lows[1]} m³/day) below the scenario's own: the roads and posts they close "
            "carry nothing the scenario's plan cannot send another way.")


#: Under a Monte Carlo table: the mean's interval is Student's t (distribution_stats), of the
#: mean; on 20 skewed draws it read "4,933 (1,796 to 8,069)" with the lowest draw 3,180, which a
#: planner took for a bug (found by walk19).
_MEAN_CI_CAPTION = ("Mean (CI): the 95 % interval of the mean (Student's t), not of the draws: with "
                    "few or skewed draws it can reach below the lowest draw. The P5, P50 and P95 "
                    "intervals are distribution-free ones of each percentile.")


def _mc_block(data: StressData, index: int) -> dict[str, Any]:
    s = data.summary

    def ci(stats: Mapping[str, Any], key: str) -> str:
        lo_hi = stats.get(f"{key}_ci95") or [None, None]
        return f"{fmt_number(stats.get(key))} ({fmt_number(lo_hi[0])} to {fmt_number(lo_hi[1])})"

    rows = []
    # An interval end is null when too few draws bound it with 95 % confidence (the P5's
    # lower end below 72 draws, see quantile_ci): its '-' is explained under the heading.
    open_end = False
    # Throughput first, as the text, the JSON summary's description and every other table do.
    for col, label in (
        ("throughput_m3_per_day", "Throughput"),
        ("served_m3_per_day", "Served demand"),
    ):
        st = mc_stats(data, col)
        open_end = open_end or any(
            v is None or not math.isfinite(float(v))
            for key in ("p5", "p50", "p95") for v in (st.get(f"{key}_ci95") or [None, None]))  # fmt: skip
        rows.append(
            {
                "measure": label,
                "mean": ci(st, "mean"),
                "p5": ci(st, "p5"),
                "p50": ci(st, "p50"),
                "p95": ci(st, "p95"),
            }
        )
    # A null, as an absent key, is the table's count ("unexpected TypeError" in int(None); fuzz29).
    draws = s["draws"] if s.get("draws") is not None else len(data.table)
    facts = [f"{fmt_number(draws)} draw{'s' if draws != 1 else ''}", f"seed {s.get('seed', '-')}"]
    if s.get("chunk_size") is not None:  # the draws depend on it too (each chunk its generator)
        facts.append(f"chunk size {s['chunk_size']}")
    if "mean_segments_closed" in s:
        posts = float(s.get("mean_border_posts_closed") or 0.0)
        also = f" and {fmt_number(posts, 2)} border posts" if posts > 0 else ""
        facts.append(
            f"{fmt_number(s['mean_segments_closed'], 2)} segments{also} closed per draw on average"
        )
    if failed := int(s.get("failed_draws") or 0):  # left out of the figures, as the text says
        facts.append(f"{failed:,} draw{'s' if failed != 1 else ''} failed to solve (left out of the figures)")
    from supplychain.scenarios.montecarlo import WORST_DRAWS_ORDER, worst_draws_phrase

    rows_worst = s.get("worst_5pct_share") or []
    # Over how many draws the shares are, as the text output says it: with fewer draws worse
    # than the median than the worst 5 %, a share of 100 % may be of one draw.
    which = worst_draws_phrase(rows_worst[0].get("worst_draws") if rows_worst else None,
                               int(draws))
    worst = [
        {
            "segment_id": w.get("segment_id"),
            "kind": w.get("kind") or "segment",
            "share": 100 * float(w.get("share_of_worst_draws") or 0.0),
            "p": 100 * float(w.get("attack_probability") or 0.0),
            "lift": w.get("lift"),
        }
        for w in rows_worst[:_WORST_ROWS]
    ]
    # The JSON lists every segment closed in those draws: say the table is cut, and how many
    # left out share the last shown row's share (their order among it is only by id).
    worst_caption = ""
    if len(rows_worst) > _WORST_ROWS:
        worst_caption = (f"The {_WORST_ROWS} most often closed of {len(rows_worst)} (the JSON summary's "
                         "worst_5pct_share lists them all)")
        last = float(rows_worst[_WORST_ROWS - 1].get("share_of_worst_draws") or 0.0)
        tied = sum(1 for w in rows_worst[_WORST_ROWS:]
                   if abs(float(w.get("share_of_worst_draws") or 0.0) - last) <= 1e-9)
        if tied:
            worst_caption += (f"; {tied} more {'is' if tied == 1 else 'are'} closed as often as the "
                              f"last shown ({fmt_number(100 * last, 1)} %)")
        worst_caption += "."
    return {
        "facts": ", ".join(facts),
        "no_loss": _mc_no_loss(data, int(draws)),
        "ci_note": " (an end shown as -: too few draws to bound it with 95 % confidence)" if open_end else "",
        "table": table_data(
            rows,
            [
                Column("measure", "Measure"),
                Column("mean", "Mean (CI)"),
                Column("p5", "P5 (CI)"),
                Column("p50", "P50 (CI)"),
                Column("p95", "P95 (CI)"),
            ],
            table_id=f"table-stress-{index}",
            caption=_MEAN_CI_CAPTION,
            sortable=False,
        ),
        "figure": _plot(f"fig-stress-{index}", monte_carlo_figure(data)),
        "worst_heading": f"Segments and border posts most often closed in {which}",
        "worst_note": (WORST_DRAWS_ORDER[0].upper() + WORST_DRAWS_ORDER[1:] + ".") if rows_worst else "",
        "worst": table_data(
            worst,
            [
                Column("segment_id", "Segment or border post"),
                Column("kind", "Kind"),
                Column("share", "Share of worst draws (%)", "number", 1),
                Column("p", "Attack probability (%)", "number", 1),
                Column("lift", "Lift", "number", 2),
            ],
            table_id=f"table-stress-{index}-worst",
            caption=worst_caption,
            empty="No draw is worse than the median draw: no segment singled out.",
        ),
    }


def _set_cells(table: dict[str, Any], column: int, cells: Sequence[tuple[str, float] | None]) -> None:
    """Replace the text and sort value of a column's cells (None: keep), e.g. a day shown as
    "never within 20 days" that sorts after every day."""
    for row, cell in zip(table["rows"], cells, strict=True):
        if cell is not None:
            row["cells"][column].update(text=cell[0], sort=repr(float(cell[1])))


def _count(value: Any) -> int | None:
    """A summary's count as an int, None when absent."""
    return None if value is None else int(value)


def _closure_block(data: StressData, index: int) -> dict[str, Any]:
    """Closure-days: the bar chart and the table of every corridor closed from day 0, with the
    figures ``supplychain stress closure-days`` prints (day, date and city of the first city
    dry, or "never within N days"; unmet m³ and %; a closure without a plan said so)."""
    s = data.summary
    days = _count(s.get("days"))
    # The table as the text and the Parquet table: the unclosed timeline first, the reference
    # each closure is read against, then the closures shortest first (the chart places it by
    # its day). It sat by its day among the closures (walkthrough, 2026-12-07).
    rows = sorted(closure_order(data.table), key=lambda r: r["corridor"] != "(none)")  # stable
    never = f"never within {days} days" if days else "never within the horizon"
    shown = []
    for r in rows:
        solved = r["status"] in ("optimal", "feasible")
        date = r.get("first_dry_date")
        shown.append({
            **r,
            "corridor": "(none: no corridor closed)" if r["corridor"] == "(none)" else r["corridor"],
            "first_dry_date": "" if date is None or date != date else str(date)[:10],
            "first_dry_city": str(r.get("first_dry_city") or ""),
            "unmet_m3": r.get("unmet_m3") if solved else None,
            "unmet_pct": r.get("unmet_pct") if solved else None,
        })  # fmt: skip
    cols = [Column("corridor", "Corridor closed from day 0")]
    if "segments" in data.table.columns:
        cols.append(Column("segments", "Segments", "number"))
    cols += [
        Column("days_to_dry", "First city dry on day", "number"),
        Column("first_dry_date", "Date"),
        Column("first_dry_city", "City (first dry)"),
        Column("unmet_m3", "Unmet demand over the horizon (m³)", "number"),
        Column("unmet_pct", "Unmet (% of the demand over the horizon)", "number", 1),
        Column("status", "Status"),
    ]
    if "method" in data.table.columns:
        cols.append(Column("method", "Method"))
    table = table_data(shown, cols, table_id=f"table-stress-{index}")
    date_col = [c.key for c in cols].index("first_dry_date")
    for row in table["rows"]:  # a date in one piece ("2026-01-" above "08" in a narrow column)
        row["cells"][date_col]["cls"] = "nowrap"
    day_col = [c.key for c in cols].index("days_to_dry")
    horizon = float(days) if days else 1e6
    _set_cells(table, day_col, [
        None if r["days_to_dry"] is not None else
        ((never, horizon + 0.5) if r["status"] in ("optimal", "feasible")
         else (f"no plan (status {r['status']}): unknown", horizon + 1.0))
        for r in rows])  # fmt: skip
    n_closed = sum(1 for r in rows if r["corridor"] != "(none)")
    dry = sum(1 for r in rows if r["corridor"] != "(none)" and r["days_to_dry"] is not None)
    no_plan = [r for r in rows if r["status"] not in ("optimal", "feasible")]
    start = s.get("start")
    scenario = s.get("timeline") or s.get("scenario")
    caption = (f"Horizon {days} days" if days else "Horizon not recorded (no JSON summary)") \
        + (f" from {start}" if start else "") + (f" on scenario “{scenario}”" if scenario else "") \
        + f"; {n_closed} corridor{'s' if n_closed != 1 else ''} each closed from day 0 to the end " \
        + f"of the horizon, {dry} of them dr{'ies' if dry == 1 else 'y'} a city within it; the " \
        + "unclosed timeline first, then the closures, the shortest first"  # fmt: skip
    if no_plan:
        caption += (f"; {len(no_plan)} closure{'s' if len(no_plan) != 1 else ''} without a plan (its "
                    "day and unmet demand unknown: the solver's time limit or status in the table)")
    intro = ("In plain words: closure-days closes each corridor from day 0 to the end of the horizon, "
             "on top of the timeline, and follows the fuel day by day: how many days until the first "
             "city runs dry, which city, and the demand left unmet over the horizon. The shortest "
             "come first; a light bar to the dashed line is a closure after which no city runs dry "
             "within the horizon.")
    below = closures_below_unclosed(rows)
    note = ""
    if below:
        note = (f"{', '.join(below)} leave{'s' if len(below) == 1 else ''} less demand unmet than "
                "no closure: a recorded attack on a closed road finds no cargo, which frees the fuel "
                "and escorts the plan had to send into it; read it as “those attacks would not have "
                "happened”, not as a closure that helps.")
    return {
        "intro": intro,
        "note": note,
        "figure": _plot(f"fig-stress-{index}", closure_days_figure(data, days=days)),
        "table": {**table, "caption": caption},
        "cities": _closure_city_table(data, rows, index, days),
    }


def _closure_city_table(data: StressData, rows: list[dict[str, Any]], index: int,
                        days: int | None) -> dict[str, Any] | None:  # fmt: skip
    """Closure-days: corridors x cities, each city's first dry day (the unclosed row first, then
    the table's order); the columns the city with the largest demand, then every city dry in
    some row by demand. None for a table written before the per-city days."""
    if CITY_COLUMN not in data.table.columns:
        return None
    ordered = sorted(rows, key=lambda r: r["corridor"] != "(none)")  # stable
    cities = [city_days_to_dry(r.get(CITY_COLUMN)) for r in ordered]
    main = largest_demand_city(ordered)
    if main is None:
        return None
    demand = next(c for c in cities if c)
    dried = {n for c in cities for n, v in c.items() if v.get("days_to_dry") is not None}
    names = [main, *sorted(dried - {main}, key=lambda n: (-float(demand.get(n, {}).get("demand_m3") or 0.0), n))]
    cols = [Column("corridor", "Corridor closed from day 0")]
    cols += [Column(f"c{i}", n, "number") for i, n in enumerate(names)]
    shown = []
    for r, c in zip(ordered, cities, strict=True):
        row: dict[str, Any] = {"corridor": "(none: no corridor closed)" if r["corridor"] == "(none)" else r["corridor"]}
        row.update({f"c{i}": (c.get(n) or {}).get("days_to_dry") for i, n in enumerate(names)})
        shown.append(row)
    table = table_data(shown, cols, table_id=f"table-stress-{index}-cities")
    horizon = float(days) if days else 1e6
    for i, n in enumerate(names, start=1):
        _set_cells(table, i, [
            None if (c.get(n) or {}).get("days_to_dry") is not None else
            (("never", horizon + 0.5) if c else ("unknown", horizon + 1.0))
            for c in cities])  # fmt: skip
    others = len(demand) - len(names)
    caption = (f"First day each city runs dry (day 0 = the horizon's start; “never”: not within "
               f"{days} days; “unknown”: no plan), the unclosed timeline first; {main} has the "
               "largest demand" + (f"; the other {others} cit{'ies are' if others != 1 else 'y is'} "
                                   "never dry in any row" if others > 0 else ""))  # fmt: skip
    return {**table, "caption": caption}


#: Fewer draws than this leave the P5's lower and the P95's upper 95 % bound unbounded: the
#: smallest n with 0.95^n <= 0.025 (:func:`~supplychain.scenarios.montecarlo.quantile_ci`).
_FEW_DRAWS = math.ceil(math.log(0.025) / math.log(0.95))


def _day_text(value: Any) -> str:
    """A first dry day's percentile as the text prints it: whole days as such, else to 0.1
    day (``_day`` of ``supplychain stress timeline-mc``)."""
    f = float(value)
    return f"{f:.0f}" if f.is_integer() else f"{f:.1f}"


def _timeline_mc_block(data: StressData, index: int) -> dict[str, Any]:
    """Timeline Monte Carlo: per city the chance of running dry and the first dry day's P5,
    P50 and P95 (as ``supplychain stress timeline-mc`` prints them), the unmet m³ and tankers
    lost (mean, P5, P50, P95 with their 95 % intervals) and the histogram of unmet m³."""
    s = data.summary
    st = timeline_mc_stats(data)
    draws = st["draws"]
    facts = [f"{fmt_number(draws)} draw{'s' if draws != 1 else ''}"]
    if s.get("days") is not None:
        facts[0] += f" of {s['days']} days" + (f" from {s['start']}" if s.get("start") else "")
    facts.append(f"seed {s.get('seed', '-')}")
    if s.get("tankers_per_attack") is not None:
        facts.append(f"{fmt_number(s['tankers_per_attack'])} tankers destroyed per drawn attack")
    # A table without its summary says how its draws were planned in its method column: its
    # myopic draws were reported without a word of it (fuzz27).
    methods = _mc_methods(data.table) if not s else set()
    myopic = s.get("foresight") == "myopic" or any(m.startswith("myopic") for m in methods)
    if myopic:  # as the command prints it: each draw's plan learns its attacks
        facts.append("myopic plans: each attack learnt on its day, destroying the cargo the plan had "
                     "on its roads, at most its tankers'")  # fmt: skip
    why = ""
    if s.get("warm") is True:
        # Imported here: the Monte Carlo module doubles the report's import time (0.8 -> 1.65 s).
        from supplychain.scenarios.timeline_mc import planned_cold

        why = planned_cold(s)
    if why:
        # --warm, but no template basis (its base solve failed, review26b) or a template too
        # large to solve: every draw was built and solved on its own, as without --warm
        facts.append(f"--warm given, but {why}: every draw planned cold, as without --warm")
    elif myopic and (s.get("warm") is True or methods & WARM_METHODS):
        # vertex plans: may differ from cold (fuzz26)
        facts.append("re-solved warm (--warm): each plan a vertex, so where several plans deliver "
                     "as much an attack may find other cargo than in a run without --warm")  # fmt: skip
    elif s.get("warm") is True or methods & WARM_METHODS:
        # As the text says "warm" (and the README: a table without its summary is said warm from
        # its method column): on its own arcs a cold draw may differ by a few per cent.
        facts.append("re-solved warm (--warm) from the base run's basis, on one model for every draw")
    said = s.get("methods")
    if s.get("arc_pricing") is True and isinstance(said, Mapping) and "priced" in said:  # as the command prints it
        facts.append("draws built and solved on their own had their arcs priced in (--arc-pricing, as "
                     "supplychain timeline on the imported networks: the whole model's delivery, proved)")  # fmt: skip
    elif s.get("arc_pricing") is True and isinstance(said, Mapping) and myopic and "myopic" in said:
        facts.append("myopic draws built and solved on their own had every plan's arcs priced in (--arc-pricing, "
                     "as supplychain timeline on the imported networks: each solve's delivery the whole "
                     "model's, proved; where plans tie, an attack may find other cargo than on the whole model)")  # fmt: skip
    base: Mapping[str, Any] = s["base"] if isinstance(s.get("base"), Mapping) else {}
    if base.get("note"):
        facts.append("base run: " + str(base["note"]).removeprefix("the base run (no drawn attack) has "))
    elif base and s.get("demand_m3") is not None:
        facts.append(f"base run (no drawn attack): unmet {fmt_number(base.get('unmet_m3'))} m³ of "
                     f"{fmt_number(s['demand_m3'])}")
    if st["failed_draws"]:
        facts.append(f"{st['failed_draws']} draw{'s' if st['failed_draws'] != 1 else ''} without a plan")
    few = ""
    if draws < _FEW_DRAWS:
        few = (f"Only {fmt_number(draws)} draw{'s' if draws != 1 else ''}: too few to bound the P5 and "
               f"P95 with 95 % confidence (it takes {_FEW_DRAWS}); read them as rough. "
               "'supplychain stress timeline-mc' draws 200 by default.")
    all_failed = st["failed_draws"] >= draws

    def ci(stats: Mapping[str, Any], key: str) -> str:
        lo_hi = stats.get(f"{key}_ci95") or [None, None]
        return f"{fmt_number(stats.get(key))} ({fmt_number(lo_hi[0])} to {fmt_number(lo_hi[1])})"

    dist = [{"measure": label, **{k: ci(st[key], k) for k in ("mean", "p5", "p50", "p95")}}
            for key, label in (("unmet_m3", "Unmet demand over the horizon (m³)"),
                               ("tankers_lost", "Tankers lost"))]  # fmt: skip
    cities = sorted(st["cities"].items(), key=lambda kv: (-float(kv[1]["p_dry"] or 0.0), kv[0]))
    city_rows = []
    for name, c in cities:
        when = c["first_dry_day_when_dry"] or {}
        b = c["base_first_dry_day"]
        city_rows.append({"city": name, "p_dry": 100 * float(c["p_dry"] or 0.0),
                          "p5": when.get("p5"), "p50": when.get("p50"), "p95": when.get("p95"),
                          # Unknown without a summary (the table has no base run): "never"
                          # there contradicted the text's "base run: day 7".
                          "base": (("unknown (base run without a plan)" if st["base_unplanned"]
                                    else "unknown (no JSON summary)") if not c.get("base_known", True) else
                                   "never" if b is None else f"day {int(b)}"),
                          "p_short": None if c.get("p_short") is None else 100 * float(c["p_short"]),
                          "short_p50": (c.get("short_days") or {}).get("p50"),
                          "base_short": c.get("base_short_days"), "base_known": c.get("base_known", True)})  # fmt: skip
    # Runs written since 2026-12-06 say how often each city goes short (demand unmet, stock or
    # not): a city keeping stock for a higher-priority block is short without running dry.
    with_short = bool(city_rows) and all(r["p_short"] is not None for r in city_rows)
    short_columns = [Column("p_short", "Chance of going short within the horizon (%)", "number"),
                     Column("short_p50", "Short days, P50", "number"),
                     Column("base_short", "Base run: short days", "number")] if with_short else []  # fmt: skip
    horizon = float(s.get("days") or 1e6)
    city_table = table_data(city_rows, [
        Column("city", "City"),
        Column("p_dry", "Chance of running dry within the horizon (%)", "number"),
        Column("p5", "First dry day, P5", "number"),
        Column("p50", "First dry day, P50", "number"),
        Column("p95", "First dry day, P95", "number"),
        Column("base", "Base run (no drawn attack): first dry day"),
        *short_columns,
    ], table_id=f"table-stress-{index}-cities",
        caption="The first dry day's percentiles are over the draws in which the city runs dry."
                + (" A city runs dry when it starts a day with an empty stock and leaves demand unmet; "
                   "it goes short when it leaves demand unmet, stock or not (a city keeping stock for a "
                   "higher-priority block later is short without running dry). The P50 of short days is over "
                   "every draw with a plan, those without a short day counting 0." if with_short else ""),
        empty="No draw has a plan: no city figure.")  # fmt: skip
    for col, key in ((2, "p5"), (3, "p50"), (4, "p95")):
        _set_cells(city_table, col, [(_day_text(r[key]), float(r[key])) if r[key] is not None
                                     else ("never dry", horizon + 0.5) for r in city_rows])  # fmt: skip
    if with_short:  # the P50 of short days as the text prints it (73.5, not 74)
        _set_cells(city_table, 7, [(_day_text(r["short_p50"]), float(r["short_p50"])) if r["short_p50"] is not None
                                   else None for r in city_rows])  # fmt: skip
        # Unknown without a summary, as the first dry day's base (it showed "-"; review24).
        _set_cells(city_table, 8, [("unknown", -1.0) if not r["base_known"] else None for r in city_rows])
    return {
        "cities_heading": "Chance of running dry or going short, per city" if with_short
        else "Chance of running dry, per city",
        "facts": ", ".join(facts),
        "few": few,
        "all_failed": all_failed,
        "table": table_data(dist, [
            Column("measure", "Measure"), Column("mean", "Mean (CI)"), Column("p5", "P5 (CI)"),
            Column("p50", "P50 (CI)"), Column("p95", "P95 (CI)"),
        ], table_id=f"table-stress-{index}", caption=_MEAN_CI_CAPTION, sortable=False),
        "figure": _plot(f"fig-stress-{index}", timeline_mc_figure(st["per_draw_unmet_m3"], st["unmet_m3"])),
        "cities": city_table,
    }


#: How far a sweep's undisturbed figures may lie from the report's own solve of the same
#: scenario (m³/day): half of the page's last digit; solver noise is far below it.
_BASE_TOLERANCE_M3 = 0.5


def _sweep_base(data: StressData) -> tuple[float, float | None] | None:
    """Throughput and served demand (m³/day) of the scenario a sweep closed things in, before
    any closure: an N-1 / N-k row's figure plus its loss (the same on every solved row), a
    Monte Carlo summary's ``base_``, a worst case's ``throughput_base_m3_per_day`` (its
    served demand None: it measures pure max flows, beside the throughput its closures leave);
    None when unknown (a hand-made table may have no loss columns)."""
    through: Any
    served: Any
    if data.kind == "monte-carlo":
        through, served = (data.summary.get("base_throughput_m3_per_day"),
                           data.summary.get("base_served_m3_per_day"))  # fmt: skip
    elif data.kind in ("n-1", "n-k"):
        cols = ("throughput_m3_per_day", "throughput_lost_m3_per_day", "served_m3_per_day",
                "served_lost_m3_per_day")  # fmt: skip
        t = data.table
        if not all(c in t.columns for c in cols):
            return None
        solved = t[t["status"] == "optimal"] if "status" in t.columns else t
        if solved.empty:
            return None
        row = solved.iloc[0]
        through, served = float(row[cols[0]]) + float(row[cols[1]]), float(row[cols[2]]) + float(row[cols[3]])
    elif data.kind == "worst-case" and "throughput_base_m3_per_day" in data.table.columns:
        # Its "throughput left" column is of the sweep's model (a 500-tanker fleet's, of 2,693
        # m³/day before any closure, went unflagged under a headline of 10,626).
        known = pd.to_numeric(data.table["throughput_base_m3_per_day"], errors="coerce").dropna()
        if known.empty:
            return None
        through, served = known.iloc[0], None
    else:
        return None
    try:
        base = float(through), None if data.kind == "worst-case" else float(served)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer past any float (fuzz29)
        return None
    if not all(math.isfinite(v) for v in base if v is not None):
        return None
    return base


def _other_inputs(data: StressData, scenario: str,
                  figures: Mapping[str, Sequence[tuple[float, float]]]) -> str:
    """The notice for a sweep run on the report's scenario (by name) with other inputs.

    A sweep run with another parameter file (a 500-tanker fleet), an edited scenario file of
    the same name or another network with the same ids starts from other undisturbed figures
    than the report's solve of that scenario: the page showed its losses (percentages of a
    2,693 m³/day throughput and 2,162 of served demand, a 500-tanker fleet's) under a headline
    of 10,626 and 4,690 with nothing saying they were of another model. ``""`` when they agree
    with one of the report's solves of that name (a report may hold two scenario files of one
    name) or are unknown.
    """
    base = _sweep_base(data)
    own = [pair for pair in figures.get(scenario, ()) if all(math.isfinite(v) for v in pair)]
    if base is None or not own:
        return ""
    through, served = base
    if any(abs(through - o[0]) <= _BASE_TOLERANCE_M3
           and (served is None or abs(served - o[1]) <= _BASE_TOLERANCE_M3) for o in own):  # fmt: skip
        return ""
    if served is None:  # a worst case: throughput only
        sweep = f"throughput {fmt_number(through)} m³/day"
        here = " or ".join(fmt_number(o[0]) for o in own)
    else:
        sweep = f"throughput {fmt_number(through)} m³/day and served demand {fmt_number(served)}"
        here = " or ".join(f"{fmt_number(o[0])} and {fmt_number(o[1])}" for o in own)
    logger.warning(
        "Stress result %s was run on scenario %r with other inputs than the report's (%s before "
        "any closure, against %s here): another parameter file, scenario file or network",
        data.source or data.label, scenario, sweep.replace("m³", "m3"), here)  # fmt: skip
    return f"{sweep} before any closure, where this report's “{scenario}” has {here}"


#: How the notice names a recorded file by its role (``polygon`` -> "polygon file"; a role not
#: listed: "<role> file").
_FILE_NAMES = {"parameters": "parameter file", "network": "network file", "scenario": "scenario file",
               "inherited scenario": "inherited scenario file", "incidents": "incidents file",
               "polygon": "polygon file", "storage": "storage file"}  # fmt: skip

#: Roles of the files a sweep reads whatever its scenario (the others are its scenario's).
_COMMAND_ROLES = ("network", "parameters")


def _same_file(theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> bool:
    """Whether two :func:`file_record` records are of one file: the same bytes, or, for a
    parameter or storage file both recorded by value (``values_sha256``), the same values (a
    comment, blank line or key order changes the bytes only), for a network file the same
    network (``values_sha256``:
    :func:`~supplychain.models.results.network_fingerprint`; a rebuild holds another build
    time). The embedded network (a record marked ``embedded``, on either side: its ``sha256``
    is the shipped OSM file's, never a saved copy's) only by that digest.

    Examples
    --------
    >>> _same_file({"sha256": "a", "values_sha256": "v"}, {"sha256": "b", "values_sha256": "v"})
    True
    >>> _same_file({"sha256": "a", "values_sha256": "v"}, {"sha256": "b"})
    False
    >>> _same_file({"sha256": "a"}, {"sha256": "a", "values_sha256": "v", "embedded": True})
    False
    >>> _same_file({"sha256": "a", "values_sha256": "v", "embedded": True}, {"sha256": "a"})
    False
    """
    embedded = bool(theirs.get("embedded") or mine.get("embedded"))
    if str(theirs.get("sha256")) == str(mine.get("sha256")) and not embedded:
        return True
    values = theirs.get("values_sha256"), mine.get("values_sha256")
    return bool(values[0] and values[1]) and str(values[0]) == str(values[1])


def _other_files(summary: Mapping[str, Any], name: str, own: Mapping[str, Sequence[Mapping[str, Any]]],
                 *, what: str = "Stress result") -> str:  # fmt: skip
    """The notice for a result whose recorded input files (its ``summary``'s) are not the
    report's own (``own``: role -> :func:`file_record` records), with a warning naming the
    result (``what`` ``name``): a sweep's, and the timeline's (its network and parameter files
    only: its scenario files are its own). For each role both record (network, parameters,
    scenario, inherited scenario, incidents, polygon, storage), each of the result's files that
    is none of the report's files of that role (:func:`_same_file`), named beside the report's
    file at the same path (edited since) or else every report file of that role. ``""`` when
    each agrees, or a role is recorded on one side only (a summary before 2026-12-05, which
    recorded no embedded network, a storage file the report's scenario does not name). A file
    of the same content at another path is the same file, a network file of the same network
    (another build from the same source, a saved copy of the embedded network) too. The
    embedded network (``embedded``, either side) is named so, not by its ``path``.

    The undisturbed figures (:func:`_other_inputs`) miss a parameter file that changes no
    figure before a closure (another fleet cost, solver setting or losses that bind only
    under closures), which changes the losses (before 2026-12-05 nothing said so), and an
    incidents or polygon file edited after the sweep (other Monte Carlo draws, other closures;
    compared since the afternoon of 2026-12-05).
    """
    parts = []
    for theirs in recorded_inputs(summary):
        role = str(theirs["role"])
        # The embedded network (its record the shipped OSM file's bytes), on either side, is
        # compared only by digest, both sides having one: the one place this rule lives.
        mine = [m for m in own.get(role) or ()
                if not (m.get("embedded") or theirs.get("embedded"))
                or (m.get("values_sha256") and theirs.get("values_sha256"))]  # fmt: skip
        if not mine or any(_same_file(theirs, m) for m in mine):
            continue
        if not theirs.get("embedded"):  # the embedded network's "path" names no file
            here = resolved_path(str(theirs["path"]))
            mine = [m for m in mine
                    if not m.get("embedded") and resolved_path(str(m.get("path"))) == here] or mine
        file = _FILE_NAMES.get(role, f"{role} file")
        sha = str(theirs["sha256"])[:12]
        # The embedded network by that name (its path names no file), a file by its path.
        embedded = bool(theirs.get("embedded"))
        its = EMBEDDED_NETWORK if embedded else f"{file} {theirs['path']}"
        logged = EMBEDDED_NETWORK if embedded else f"{file} '{theirs['path']}'"
        ours_logged = " or ".join((str(m.get("path")) if m.get("embedded") else f"'{m.get('path')}'")
                                  + f" (SHA-256 {str(m.get('sha256'))[:12]})" for m in mine)  # fmt: skip
        logger.warning("%s %s was run with the %s (SHA-256 %s), not this report's %s: its "
                       "figures are of that %s", what, name, logged, sha, ours_logged,
                       "network" if embedded else "file")  # fmt: skip
        ours = " or ".join(f"{m.get('path')} ({str(m.get('sha256'))[:12]}…)" for m in mine)
        parts.append(f"its {its} (SHA-256 {sha}…) is not this report's {ours}")
    return "; ".join(parts)


def stress_data(stress: Sequence[StressData], scenarios: Sequence[str] = (), *,
                figures: Mapping[str, Sequence[tuple[float, float]]] | None = None,
                inputs: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]] | None = None) -> dict[str, Any]:
    """Data of ``stress.html.j2``: one block per stress result, by kind.

    ``scenarios``: the report's own scenario names; a result run on another scenario gets a
    notice (and a logged warning), so its figures are not read as the report's scenario's.
    ``figures``: the report's throughput and served demand per scenario; a result run on one
    of them from other figures (another parameter file, an edited scenario file) gets a
    notice and a warning too (a worst case: its throughput only). ``inputs``: the report's own
    input files; a result whose summary records another file of a role the report has too
    (network, parameters, scenario, inherited scenario, incidents, polygon, storage: by
    SHA-256, parameter and storage files by their values) gets a notice and a warning naming
    both.

    Parameters
    ----------
    stress : sequence of StressData
        From :func:`~supplychain.reports.stress.load_stress`.
    scenarios : sequence of str, optional
        The report's scenario names; empty: no result gets the notice.
    figures : mapping of str to sequence of (float, float), optional
        Keyword-only. Scenario name -> (throughput, served demand) in m³/day of each of the
        report's solves of that name (two scenario files may share one); a result agreeing
        with any of them is not flagged. None: not checked.
    inputs : mapping of str to mapping, optional
        Keyword-only. Scenario name -> role (``network``, ``parameters``, ``scenario``,
        ``incidents``, ``polygon``...) -> the report's
        :func:`~supplychain.reports.stress.file_record` of each file of that role for that
        name (two scenario files may share one); a result whose recorded file is one of them
        is not flagged. None: not compared.

    Returns
    -------
    dict
        ``blocks``: per result ``index``, ``kind``, ``label``, ``sweep`` (the sweep as its
        summary names it: ``n-2`` for an N-2 result), ``scenario`` (its summary's),
        ``other_scenario`` (the report's scenarios, quoted, when the result's is none of
        them; else ``""``), ``other_inputs`` (its undisturbed figures against the report's,
        when they differ; else ``""``), ``other_files`` (its input files against the
        report's, when one differs; else ``""``), ``source``,
        ``ranking``, ``worst_case`` and the
        tables, figures and facts of its kind.

    Examples
    --------
    A Monte Carlo sweep of 3 draws run on scenario "threat", in a report on the baseline:

    >>> import pandas as pd
    >>> from supplychain.reports.stress import StressData, load_stress
    >>> t = pd.DataFrame({"draw": [0, 1, 2], "throughput_m3_per_day": [10.0, 8.0, 10.0],
    ...                   "served_m3_per_day": [5.0, 4.0, 5.0]})
    >>> mc = load_stress(StressData("monte-carlo", "", t, {"sweep": "monte-carlo",
    ...                                                      "scenario": "threat"}))
    >>> block = stress_data([mc], ["baseline"])["blocks"][0]
    >>> block["label"], block["scenario"], block["other_scenario"], block["facts"]
    ('Monte Carlo', 'threat', '“baseline”', '3 draws, seed -')
    """
    blocks = []
    for i, data in enumerate(stress):
        scenario = str(data.summary.get("scenario") or data.summary.get("timeline") or "")
        # A closure-days or timeline-mc result is run on its own timeline (days of cover), not
        # on the report's steady-state scenarios: like the timeline section, only its network
        # and parameter files are compared with the report's.
        timeline_kind = data.kind in TIMELINE_KINDS
        other = bool(scenario and scenarios and scenario not in scenarios) and not timeline_kind
        if other:
            logger.warning("Stress result %s was run on scenario %r, which is none of the "
                           "report's (%s)", data.source or data.label, scenario,
                           ", ".join(map(repr, scenarios)))  # fmt: skip
        block: dict[str, Any] = {
            "index": i,
            "kind": data.kind,
            "label": data.label,
            # The sweep as its JSON summary and the text output name it: "n-2", not "n-k".
            "sweep": data.label.lower() if data.kind == "n-k" else data.kind,
            "scenario": scenario,
            "other_scenario": ", ".join(f"“{s}”" for s in scenarios) if other else "",
            "other_inputs": "" if other or not scenario or timeline_kind else
            _other_inputs(data, scenario, figures or {}),
            "other_files": _other_files(data.summary, data.source or data.label,
                                        _command_files(inputs or {}) if timeline_kind else
                                        _own_files(scenario, inputs or {})),
            "source": data.source or "",
            "ranking": data.kind in ("n-1", "n-k"),
            "worst_case": data.kind == "worst-case",
        }
        if data.kind in ("n-1", "n-k"):
            block.update(_ranking_block(data, i))
        elif data.kind == "worst-case":
            block.update(_worst_block(data, i))
        elif data.kind == "closure-days":
            block.update(_closure_block(data, i))
        elif data.kind == "timeline-mc":
            block.update(_timeline_mc_block(data, i))
        else:
            block.update(_mc_block(data, i))
        blocks.append(block)
    return {"blocks": blocks}


def _own_files(scenario: str, inputs: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]]
               ) -> dict[str, Sequence[Mapping[str, Any]]]:  # fmt: skip
    """The report's files to compare with a sweep run on ``scenario``: those of the report's
    scenario of that name; only the network and parameter files when it is none of them (its
    scenario's files are another scenario's, said by ``other_scenario``).

    Examples
    --------
    >>> own = {"baseline": {"parameters": [{"sha256": "a"}]},
    ...        "threat": {"parameters": [{"sha256": "a"}], "scenario": [{"sha256": "b"}],
    ...                   "polygon": [{"sha256": "c"}]}}
    >>> sorted(_own_files("threat", own)), sorted(_own_files("other", own))
    (['parameters', 'polygon', 'scenario'], ['parameters'])
    """
    if scenario in inputs:
        return dict(inputs[scenario])
    return _command_files(inputs)


def _command_files(inputs: Mapping[str, Mapping[str, Sequence[Mapping[str, Any]]]]
                   ) -> dict[str, Sequence[Mapping[str, Any]]]:  # fmt: skip
    """The report's files that every result is compared with whatever its scenario: its
    network and parameter files (:data:`_COMMAND_ROLES`; ``inputs`` as :func:`stress_data`
    takes them). The timeline's are compared with these only (its scenario files are its own).

    Examples
    --------
    >>> _command_files({"threat": {"parameters": [{"sha256": "a"}], "scenario": [{"sha256": "b"}]}})
    {'parameters': [{'sha256': 'a'}]}
    """
    first = next(iter(inputs.values()), {})
    return {role: record for role, record in first.items() if role in _COMMAND_ROLES}
