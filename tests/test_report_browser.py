"""The HTML report in a real browser: offline rendering, no request, sorting, no injected script.

Drives Debian's chromium (``/usr/bin/chromium``) with Playwright from pip; no browser is
downloaded. Without chromium or Playwright the tests are skipped with the reason, except in CI
(``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from supplychain.reports import write_report

from .conftest import REPORT_LINES
from .test_report import HOSTILE, hostile_report, make_report, make_runs, make_stress

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

_ALL_PLOTS_DRAWN = (
    "document.querySelectorAll('div.plot[data-figure]').length > 0 && "
    "document.querySelectorAll('div.plot[data-rendered=\"true\"]').length === "
    "document.querySelectorAll('div.plot[data-figure]').length"
)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must provide it (see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = shutil.which("chromium")
    if exe is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(
            "Playwright is not installed (pip install playwright; no browser download needed)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Opened:
    """A report open in a page, with everything the page tried to do."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _open(browser: Any, path: Path, *, width: int = 1366) -> Opened:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    page = context.new_page()
    opened = Opened(page, path.resolve().as_uri())
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on(
        "console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Anything not file:// is aborted (and still recorded by the request listener).
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    page.goto(opened.url, wait_until="load")
    page.wait_for_function(_ALL_PLOTS_DRAWN, timeout=60_000)
    page.wait_for_timeout(300)
    return opened


@pytest.fixture(scope="module")
def report_file(
    embedded_network: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("browser-report")
    stress = make_stress(embedded_network, folder)
    html = make_report(embedded_network, make_runs(embedded_network), stress)
    return write_report(folder / "report.html", html)


@pytest.fixture(scope="module")
def opened(browser: Any, report_file: Path) -> Iterator[Opened]:
    o = _open(browser, report_file)
    yield o
    o.page.context.close()


def test_no_request_and_no_error(opened: Opened) -> None:
    assert opened.requests == [opened.url]
    assert opened.console_errors == []
    assert opened.page_errors == []
    assert opened.dialogs == []


def test_map_draws_traces_and_country_shapes(opened: Opened, tmp_path: Path) -> None:
    info = opened.page.evaluate("""() => {
        const gd = document.getElementById('fig-map');
        const path = (sel) => Array.from(gd.querySelectorAll(sel))
            .map(p => (p.getAttribute('d') || '').length);
        return {
            visible: gd.data.filter(t => t.visible !== false).length,
            drawn: gd.querySelectorAll('g.trace.scattergeo').length,
            lines: gd.querySelectorAll('g.trace.scattergeo path.js-line').length,
            points: gd.querySelectorAll('g.trace.scattergeo path.point').length,
            countries: path('.geo .layer.countries path'),
            land: path('.geo .layer.land path'),
            coast: path('.geo .layer.coastlines path'),
            labels: Array.from(gd.querySelectorAll('g.trace.scattergeo text'))
                .map(t => t.textContent),
        };
    }""")
    assert info["drawn"] == info["visible"] > 20
    assert info["lines"] > 20 and info["points"] > 100
    # Country borders, land and coasts drawn from the embedded topojson (many vertices each).
    assert info["countries"] and max(info["countries"]) > 5_000
    assert info["land"] and max(info["land"]) > 5_000
    assert info["coast"] and max(info["coast"]) > 1_000
    assert {"MALI", "SENEGAL", "Bamako", "Dakar", "Moussala border"} <= set(info["labels"])
    shot = tmp_path / "report.png"
    opened.page.locator("#map").scroll_into_view_if_needed()
    opened.page.screenshot(path=str(shot))
    opened.page.locator("#fig-map").screenshot(path=str(tmp_path / "map.png"))
    assert shot.stat().st_size > 50_000
    REPORT_LINES.append(f"report screenshots: {shot} and {tmp_path / 'map.png'}")


def test_map_names_do_not_overlap(opened: Opened) -> None:
    """Names of places and countries as drawn (their boxes in the page) never overlap; before,
    seven pairs did on the embedded map (Bamako and Kati, border posts around Sikasso)."""
    boxes = opened.page.evaluate("""() => Array.from(
        document.querySelectorAll('#fig-map g.trace.scattergeo text'))
        .filter(t => t.textContent)
        .map(t => { const r = t.getBoundingClientRect();
                    return [t.textContent, r.left, r.top, r.right, r.bottom]; })
        .filter(b => b[3] > b[1])""")
    assert len(boxes) > 20
    clashes = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert clashes == []


def test_all_figures_render(opened: Opened) -> None:
    counts = opened.page.evaluate("""() =>
        Array.from(document.querySelectorAll('div.plot[data-figure]'))
        .map(d => [d.id, d.querySelectorAll('.main-svg').length, (d.data || []).length])""")
    assert len(counts) >= 8
    for fig_id, svgs, n in counts:
        assert svgs >= 1 and n >= 1, fig_id


def _column(page: Any, table: str, index: int) -> list[str]:
    return page.evaluate(
        "([t, i]) => Array.from(document.querySelectorAll(`#${t} tbody tr`)).map(r => "
        "r.cells[i].getAttribute('data-sort') ?? r.cells[i].textContent)",
        [table, index],
    )


def test_tables_sort_on_click(opened: Opened) -> None:
    page = opened.page
    demand = page.locator("#table-by-city thead th").nth(1)
    demand.locator("button").click()
    values = [float(v) for v in _column(page, "table-by-city", 1)]
    assert (
        values == sorted(values, reverse=True) and demand.get_attribute("aria-sort") == "descending"
    )
    assert _column(page, "table-by-city", 0)[0] == "Bamako"
    demand.locator("button").click()
    values = [float(v) for v in _column(page, "table-by-city", 1)]
    assert values == sorted(values) and demand.get_attribute("aria-sort") == "ascending"
    city = page.locator("#table-by-city thead th").nth(0)
    city.locator("button").click()
    names = _column(page, "table-by-city", 0)
    assert names[0] == "Bamako" and names[-1] in ("Sikasso", "Ségou")
    assert (
        city.get_attribute("aria-sort") == "ascending" and demand.get_attribute("aria-sort") is None
    )
    # A stress table too (N-1 ranking by served demand lost).
    served = page.locator("#table-stress-0 thead th").nth(6)
    served.locator("button").click()
    col = [float(v) for v in _column(page, "table-stress-0", 6)]
    assert col == sorted(col, reverse=True)


def test_scenario_buttons_switch_the_map(opened: Opened) -> None:
    page = opened.page
    before = page.evaluate(
        "() => document.getElementById('fig-map').data"
        ".filter(t => t.visible === true && t.meta && t.meta.run === 0).length"
    )
    assert before == 0
    page.locator("#fig-map .updatemenu-button").first.click()
    page.wait_for_timeout(300)
    state = page.evaluate("""() => {
        const d = document.getElementById('fig-map').data;
        return [d.filter(t => t.visible === true && t.meta && t.meta.run === 0).length,
                d.filter(t => t.visible === true && t.meta && t.meta.run === 1).length];
    }""")
    assert state[0] > 0 and state[1] == 0
    assert opened.console_errors == [] and opened.page_errors == []


def test_prints_to_pdf(opened: Opened, tmp_path: Path) -> None:
    page = opened.page
    page.emulate_media(media="print")
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('nav.toc')).display") == "none"
    )
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="screen")
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 5


def test_hostile_names_run_nothing(browser: Any, tmp_path: Path) -> None:
    path = write_report(tmp_path / "hostile.html", hostile_report())
    o = _open(browser, path)
    try:
        page = o.page
        assert o.dialogs == []
        assert o.requests == [o.url]  # an injected <img src=x> would request file:///.../x
        assert o.console_errors == [] and o.page_errors == []
        assert (
            page.evaluate(
                "() => document.querySelectorAll('img, iframe, svg script, object, embed').length"
            )
            == 0
        )
        assert (
            page.evaluate("() => document.querySelectorAll('script').length")
            == page.evaluate(
                "() => document.querySelectorAll('script[type=\"application/json\"]').length"
            )
            + 3
        )
        # The names are shown as text, in tables and in plotly's SVG.
        assert HOSTILE["city"] in page.locator("#table-by-city").inner_text()
        assert page.title() == HOSTILE["scenario"]
        svg_text = page.evaluate(
            "() => Array.from(document.querySelectorAll('#fig-map text')).map(t => t.textContent)"
        )
        assert HOSTILE["city"] in svg_text and HOSTILE["border"] in svg_text
        # Hover the hostile segment: its hover label shows the raw strings as text.
        page.locator("#fig-map").scroll_into_view_if_needed()
        # Hover the hostile segment's point programmatically (Plotly.Fx.hover): its midpoint
        # sits on the crowded Dakar peninsula, where a mouse position is ambiguous.
        found = page.evaluate(
            """(seg) => {
            const gd = document.getElementById('fig-map');
            for (let c = 0; c < gd.data.length; c++) {
                const t = gd.data[c];
                if (!t.meta || t.meta.kind !== 'segment-hover' || t.visible !== true) continue;
                const j = t.meta.segments.indexOf(seg);
                if (j < 0) return false;
                Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: j}], 'geo');
                return true;
            }
            return false;
        }""",
            HOSTILE["segment"],
        )
        assert found, "the hostile segment has no hover point on the map"
        page.wait_for_selector("#fig-map .hoverlayer .hovertext", timeout=5_000)
        hover = page.locator("#fig-map .hoverlayer").text_content() or ""
        assert HOSTILE["segment"] in hover or HOSTILE["port"] in hover, hover
        assert (
            page.evaluate(
                "() => document.querySelectorAll('.hoverlayer img, .hoverlayer svg svg').length"
            )
            == 0
        )
        page.wait_for_timeout(200)
        assert o.dialogs == [] and o.requests == [o.url]
        page.screenshot(path=str(tmp_path / "hostile.png"))
    finally:
        o.page.context.close()


def test_narrow_screen_does_not_widen_the_page(browser: Any, report_file: Path) -> None:
    """On a phone-sized window (420 px) wide tables scroll in their own box and provenance
    stacks each term above its value; before, the page was 784 px wide and the provenance
    values a 14 px column."""
    o = _open(browser, report_file, width=420)
    try:
        assert o.page.evaluate("document.documentElement.scrollWidth") <= 421
        widths = o.page.evaluate(
            "Array.from(document.querySelectorAll('dl.prov dd')).map(d => d.getBoundingClientRect().width)"
        )
        assert widths and min(widths) > 300
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


_BOX = "(e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def test_tables_fit_a_laptop_screen(opened: Opened) -> None:
    """At 1366 px every table of at most 10 columns fits its column, its last columns in view
    (9 tables of this report scrolled, headers kept on one line: the routes table was 1,620 px
    in 1,161, its expected losses out of view). The N-1 and N-k rankings (12-14 columns) still
    scroll (1,422 and 1,264 px in 1,180: unbreakable ids and '(tankers/day)' headers; 1,368
    and 1,201 at 10 driving hours a day, before 2026-12-07: the rankings' rows differ at 4.3 h),
    2,221 px before."""
    tables = opened.page.evaluate("""() => Array.from(document.querySelectorAll('table.data'))
        .map(t => [t.id, t.tHead.rows[0].cells.length, t.scrollWidth, t.parentElement.clientWidth])""")
    assert len(tables) > 10
    assert [t for t in tables if t[1] <= 10 and t[2] > t[3] + 1] == []
    assert all(t[2] < 1.25 * t[3] for t in tables), tables  # 1.2 at 10 h


def test_phone_map_legend_is_below_the_map(browser: Any, report_file: Path) -> None:
    """On a phone (390 px) the map's legend sits below the map, inside the figure, and the map
    starts near the top of its box; before, the 680 px figure held the width-bound map in its
    middle (255 px empty above on the West-African layer) and the legend covered its south."""
    o = _open(browser, report_file, width=390)
    try:
        box = o.page.evaluate(f"""() => {{ const b = {_BOX}; const gd = document.getElementById('fig-map');
            return {{div: b(gd), legend: b(gd.querySelector('g.legend')),
                     geo: b(gd.querySelector('.geo .bg rect'))}}; }}""")
        div, legend, geo = box["div"], box["legend"], box["geo"]
        assert not _overlap(legend, geo), box
        assert legend[1] >= geo[3] - 0.5 and legend[3] <= div[3] + 0.5, box
        assert div[0] - 0.5 <= legend[0] and legend[2] <= div[2] + 0.5, box
        assert geo[1] - div[1] < 120, box
        # The scenario switch fits too (as buttons, the threat's long name ran past the map).
        menu = o.page.evaluate(f"""() => Array.from(document.querySelectorAll(
            '#fig-map g.updatemenu-header-group, #fig-map g.updatemenu-button')).map({_BOX})""")
        assert menu and all(div[0] - 0.5 <= m[0] and m[2] <= div[2] + 0.5 for m in menu), menu
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_phone_map_names_do_not_overlap(browser: Any, report_file: Path) -> None:
    """On a phone (390 px) the map's names, placed again at the phone's scale, neither overlap
    each other nor leave the map, and the capital and the ports keep theirs; before, the
    laptop's placement was drawn at a third of its scale (Bamako, Kati, Nioro du Sahel, Ségou
    and the border posts around Sikasso on top of each other, "Kidira-Diboli border" over
    SENEGAL)."""
    o = _open(browser, report_file, width=390)
    try:
        drawn = o.page.evaluate(f"""() => {{ const b = {_BOX};
            const gd = document.getElementById('fig-map');
            return {{geo: b(gd.querySelector('.geo .bg rect')),
                     names: Array.from(gd.querySelectorAll('g.trace.scattergeo text'))
                         .filter(t => t.textContent && t.getBoundingClientRect().height > 0)
                         .map(t => [t.textContent, ...b(t)])}}; }}""")
        geo, names = drawn["geo"], drawn["names"]
        texts = {n[0] for n in names}
        assert {"Bamako", "Dakar", "Abidjan", "Conakry", "MALI"} <= texts, texts
        clashes = [(a[0], b[0]) for i, a in enumerate(names) for b in names[i + 1 :]
                   if _overlap(a[1:], b[1:])]  # fmt: skip
        assert clashes == []
        outside = [n[0] for n in names if not (geo[0] - 0.5 <= n[1] and n[3] <= geo[2] + 0.5
                                                and geo[1] - 0.5 <= n[2] and n[4] <= geo[3] + 0.5)]
        assert outside == []
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_phone_monte_carlo_panels_stack(browser: Any, report_file: Path) -> None:
    """On a phone (390 px) the four Monte Carlo panels stack in one column, so their titles
    neither overlap nor leave the figure; side by side at 360 px, both rows' titles did."""
    o = _open(browser, report_file, width=390)
    try:
        titles = o.page.evaluate(f"""() => {{ const b = {_BOX};
            const gd = Array.from(document.querySelectorAll('div.plot'))
                .find(d => (d.data || []).some(t => (t.meta || {{}}).kind === 'mc-cdf'));
            return [b(gd), Array.from(gd.querySelectorAll('g.annotation'))
                .filter(a => /histogram|cumulative/.test(a.textContent)).map(b)]; }}""")
        div, boxes = titles
        assert len(boxes) == 4
        assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]), boxes
        assert all(div[0] - 0.5 <= b[0] and b[2] <= div[2] + 0.5 for b in boxes), (div, boxes)
        assert sorted(b[1] for b in boxes) == [b[1] for b in boxes]  # one column, in order
    finally:
        o.page.context.close()


def test_monte_carlo_cdf_lines_are_drawn(opened: Opened) -> None:
    """Every CDF panel draws a line, also for a measure no draw changes (throughput on the
    skeleton): a one-point CDF drew nothing."""
    lengths = opened.page.evaluate("""() => Array.from(document.querySelectorAll('div.plot'))
        .filter(gd => (gd.data || []).some(t => (t.meta || {}).kind === 'mc-cdf'))
        .flatMap(gd => Array.from(gd.querySelectorAll('g.trace.scatter path.js-line'))
            .map(p => p.getTotalLength()))""")
    assert len(lengths) == 2 and min(lengths) > 10, lengths


def test_without_javascript_charts_say_why_they_are_missing(
    browser: Any, report_file: Path
) -> None:
    """With JavaScript off the tables read as they are, but every chart was an empty box
    (680 px for the map) with no word of why: the CSS note 'Charts need JavaScript.' is set
    by the script itself. Now each chart's box is hidden and a note says why."""
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  java_script_enabled=False, service_workers="block")  # fmt: skip
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(report_file.resolve().as_uri(), wait_until="load")
        info = page.evaluate("""() => ({
            plots: Array.from(document.querySelectorAll('div.plot[data-figure]'))
                .map(d => d.getBoundingClientRect().height),
            notes: Array.from(document.querySelectorAll('p.no-js'))
                .filter(p => p.getBoundingClientRect().height > 0).map(p => p.textContent),
            tables: document.querySelectorAll('table.data tbody tr').length,
        })""")
        assert len(info["plots"]) >= 8 and max(info["plots"]) == 0
        assert len(info["notes"]) == len(info["plots"])
        assert all("JavaScript" in n for n in info["notes"])
        assert info["tables"] > 50
        assert requests == [report_file.resolve().as_uri()]
    finally:
        context.close()


def _map_boxes(page: Any) -> dict[str, Any]:
    """The map's box, its geo frame, legend, menu and drawn names (page px)."""
    return page.evaluate(f"""() => {{ const b = {_BOX};
        const gd = document.getElementById('fig-map');
        return {{div: b(gd), geo: b(gd.querySelector('.geo .bg rect')),
                 legend: b(gd.querySelector('g.legend')),
                 menu: Array.from(gd.querySelectorAll('g.updatemenu-header-group, '
                     + 'g.updatemenu-button')).filter(m => m.getBoundingClientRect().width > 0)
                     .map(b),
                 names: Array.from(gd.querySelectorAll('g.trace.scattergeo text'))
                     .filter(t => t.textContent && t.getBoundingClientRect().height > 0)
                     .map(t => [t.textContent, ...b(t)])}}; }}""")


def _clashes(names: list[list[Any]]) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(names) for b in names[i + 1 :]
            if _overlap(a[1:], b[1:])]  # fmt: skip


def test_printed_map_fills_the_page_and_its_names_do_not_overlap(opened: Opened) -> None:
    """Printed (report.js draws plots 680 px wide), the map spans the page's width with its
    legend in rows below it and names placed for a tablet that neither overlap nor leave the
    map; after printing the laptop's map is back. Before, the print legend (anchored at its
    right, at x = 0) stood in a column left of the map, which shrank to 461 px, and the
    laptop's names, drawn at that scale, covered each other (Bamako, Kita and Bougouni; Ségou
    and San; SENEGAL and "Kidira-Diboli border")."""
    page = opened.page
    laptop = _map_boxes(page)
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)
    try:
        m = _map_boxes(page)
        div, geo, legend = m["div"], m["geo"], m["legend"]
        assert geo[2] - geo[0] > 670 and div[2] - div[0] == pytest.approx(680, abs=1), m
        assert legend[1] >= geo[3] - 0.5 and legend[3] <= div[3] + 0.5, m
        assert geo[1] - div[1] < 10 and div[3] - legend[3] < 10, m  # no blank above or below
        names = m["names"]
        assert {"Bamako", "Dakar", "Abidjan", "Conakry", "MALI"} <= {n[0] for n in names}
        assert _clashes(names) == []
        outside = [n[0] for n in names if not (geo[0] - 0.5 <= n[1] and n[3] <= geo[2] + 0.5
                                                and geo[1] - 0.5 <= n[2] and n[4] <= geo[3] + 0.5)]
        assert outside == []
        # The names' white outline prints: a stroke under the letters (the screen's CSS
        # text-shadow is left out of a PDF, names printed on the thick corridor lines).
        halo = page.evaluate("""() => Array.from(document.querySelectorAll(
            '#fig-map g.trace.scattergeo text')).filter(t => t.textContent === 'Bamako')
            .map(t => { const c = getComputedStyle(t);
                        return [c.stroke, parseFloat(c.strokeWidth), c.paintOrder]; })""")
        assert halo and all(h[0] == "rgb(255, 255, 255)" and h[1] >= 2 and h[2].startswith("stroke")
                            for h in halo), halo
    finally:
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")
        page.wait_for_timeout(300)
    back = _map_boxes(page)
    assert sorted(n[0] for n in back["names"]) == sorted(n[0] for n in laptop["names"])
    assert back["div"] == pytest.approx(laptop["div"], abs=1)
    assert opened.console_errors == [] and opened.page_errors == []


def test_tablet_map_has_its_legend_below_and_names_apart(browser: Any, report_file: Path) -> None:
    """On a tablet (700 px) the map keeps its scenario buttons, has its legend in rows below it
    and names placed for 600 px, none over another; the figure is as tall as the map and
    legend. Before, the laptop's layout left 115 px blank between the buttons and the
    width-bound map, its legend covered Abidjan and Yamoussoukro, and the laptop's names at
    0.64 of their scale covered each other."""
    o = _open(browser, report_file, width=700)
    try:
        m = _map_boxes(o.page)
        div, geo, legend = m["div"], m["geo"], m["legend"]
        assert not _overlap(legend, geo) and legend[1] >= geo[3] - 0.5, m
        assert div[3] - legend[3] < 10, m
        assert m["menu"] and all(div[1] - 0.5 <= b[1] and b[3] <= geo[1] + 0.5
                                 for b in m["menu"]), m  # fmt: skip
        assert geo[1] - max(b[3] for b in m["menu"]) < 12, m  # the map right under the buttons
        assert _clashes(m["names"]) == []
        assert {"Bamako", "Dakar", "Abidjan", "Conakry", "MALI"} <= {n[0] for n in m["names"]}
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_one_run_phone_map_has_no_blank_above(
    browser: Any, embedded_network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """A report of one run has no scenario menu: on a phone (390 px) its map starts at the top
    of its box and the legend right below it. Before, the phone's figure height, fixed for a
    map under a menu, held the width-bound map in the middle of its plot area, 36 px blank
    above it (38 px on the West-African layer)."""
    runs = make_runs(embedded_network)[:1]
    path = write_report(tmp_path / "one.html", make_report(embedded_network, runs, []))
    o = _open(browser, path, width=390)
    try:
        m = _map_boxes(o.page)
        div, geo, legend = m["div"], m["geo"], m["legend"]
        assert m["menu"] == []
        assert geo[1] - div[1] < 10, m
        assert 0 <= legend[1] - geo[3] < 10 and div[3] - legend[3] < 10, m
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_map_narrowed_to_a_phone_is_drawn_as_a_phone_draws_it(
    browser: Any, report_file: Path
) -> None:
    """A laptop window (1366 px) narrowed to a phone's (390 px) redraws the map as a phone
    draws it at first (legend below the map, the box as tall as the figure), keeping the
    scenario chosen on the laptop. Before, plotly's own resizing kept the laptop's legend
    over the south of a 360 px map and the box fell to 2 px high, the map drawn over the
    tables below it."""
    phone = _open(browser, report_file, width=390)
    try:
        first = _map_boxes(phone.page)
    finally:
        phone.page.context.close()
    o = _open(browser, report_file, width=1366)
    try:
        page = o.page
        page.locator("#fig-map .updatemenu-button").first.click()
        page.wait_for_timeout(300)
        shown = "() => document.getElementById('fig-map').data.filter(t => t.visible === true && t.meta && t.meta.run === 0).length"
        chosen = page.evaluate(shown)
        assert chosen > 0
        page.set_viewport_size({"width": 390, "height": 900})
        page.wait_for_timeout(400)  # past the resize's debounce
        page.wait_for_function("() => { const gd = document.getElementById('fig-map'); return "
                               "gd.getAttribute('data-drawn-width') === String(gd.clientWidth); }",
                               timeout=30_000)  # fmt: skip
        page.wait_for_timeout(300)
        m = _map_boxes(page)
        div, geo, legend = m["div"], m["geo"], m["legend"]
        assert div[3] - div[1] == pytest.approx(first["div"][3] - first["div"][1], abs=1), (first, m)
        assert not _overlap(legend, geo) and legend[1] >= geo[3] - 0.5, m
        assert legend[3] <= div[3] + 0.5, m
        assert geo[2] - geo[0] == pytest.approx(first["geo"][2] - first["geo"][0], abs=1), (first, m)
        assert page.evaluate(shown) == chosen  # the laptop's choice of scenario is kept
        assert page.evaluate("() => document.getElementById('fig-map').layout.updatemenus[0].active") == 0
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_after_printing_plots_are_as_wide_as_before(browser: Any, report_file: Path) -> None:
    """After printing (report.js draws plots 680 px wide for the page) every plot is drawn as
    wide and tall as before, whichever comes first, the print's end or the screen's styles.
    Before, every plot stayed 680 px wide in its 1,180 px box on a laptop (the laptop's
    width was restored as "autosize", which plotly did not redo)."""
    o = _open(browser, report_file, width=1366)
    sizes = ("() => Array.from(document.querySelectorAll('div.plot[data-figure]'))"
             ".map(d => [d.id, d._fullLayout.width, d._fullLayout.height])")  # fmt: skip
    try:
        page = o.page
        before = page.evaluate(sizes)
        assert all(w > 1000 for _, w, _ in before), before
        for screen_first in (False, True):
            page.emulate_media(media="print")
            page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
            assert all(w == 680 for _, w, _ in page.evaluate(sizes))
            if screen_first:
                page.emulate_media(media="screen")
            page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
            page.emulate_media(media="screen")
            page.wait_for_timeout(300)
            assert page.evaluate(sizes) == before, screen_first
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_phone_page_is_no_wider_than_the_screen(browser: Any, report_file: Path) -> None:
    """At 390 px nothing but a wide table (in its own scrolling box) reaches past the screen:
    the comparison chart's legend ran to 453 px, the threat's name cut after "(not"; and the
    headline's figures stand two a row (one a row, they took two screens)."""
    o = _open(browser, report_file, width=390)
    try:
        wide = o.page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
            .filter(e => !e.closest('.table-wrap'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => (e.closest('[id]') || {}).id + ' ' + e.tagName + ' '
                      + Math.round(e.getBoundingClientRect().right))""")
        assert wide == []
        tops = o.page.evaluate(
            "() => Array.from(document.querySelectorAll('#headline .kpi'))"
            ".map(k => Math.round(k.getBoundingClientRect().top))"
        )
        assert len(tops) >= 4 and tops[0] == tops[1] and tops[2] == tops[3] > tops[1]
        # The header's "generated 2026-12-05T11:24:46+00:00" on one line (it broke at "12-").
        lines = o.page.evaluate("() => document.querySelector('header.top .nowrap').getClientRects().length")
        assert lines == 1
        assert o.console_errors == [] and o.page_errors == []
    finally:
        o.page.context.close()


def test_value_axes_separate_thousands_as_the_tables_do(opened: Opened) -> None:
    """The N-1 chart ticked "4500" beside the table's "4,600"; the draws' log axis "10k" above
    "1000"."""
    ticks = opened.page.evaluate("""() => Object.fromEntries(['fig-stress-0', 'fig-stress-2']
        .map(id => [id, Array.from(document.querySelectorAll(`#${id} g.xtick text, #${id} g.ytick text`))
        .map(t => t.textContent)]))""")
    drawn = [t for values in ticks.values() for t in values]
    assert any("," in t for t in ticks["fig-stress-0"]) and any("," in t for t in ticks["fig-stress-2"])
    assert [t for t in drawn if re.fullmatch(r"\d{4,}(\.\d+)?|\d+(\.\d+)?k", t)] == []


def test_printed_map_names_the_scenario_it_shows(browser: Any, report_file: Path) -> None:
    """On paper the scenario switch is not printed: a line under the map names the scenario
    the switch has active (before, nothing said which of the report's scenarios was drawn)."""
    o = _open(browser, report_file, width=1366)
    page = o.page
    said = ("() => { const p = document.getElementById('map-printed');"
            " return [p.textContent, getComputedStyle(p).display]; }")  # fmt: skip
    try:
        assert page.evaluate(said) == ["", "none"]  # on screen: nothing
        for active, name in ((1, "2025 blockade pattern, ILLUSTRATIVE threat (not a forecast)"),
                             (0, "baseline")):  # fmt: skip
            page.locator("#fig-map g.updatemenu-button").nth(active).click()
            page.emulate_media(media="print")
            page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
            text, display = page.evaluate(said)
            assert display == "block" and f"Printed map: scenario \u201c{name}\u201d" in text
            page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
            page.emulate_media(media="screen")
        assert o.console_errors == [] and o.page_errors == []
    finally:
        page.context.close()


def test_printed_page_is_about_as_wide_as_a4(browser: Any, report_file: Path) -> None:
    """Laid out for paper (A4 less 12 mm margins: 703 px), the page is at most 5 % wider than
    the paper, so it prints at 95 % or more; before, the N-1 ranking (1,103 px), the input files'
    hashes (854) and the routes (805) overflowed it, and Chromium shrank every page to 64 %
    (10.5 pt text printed at 6.7 pt)."""
    o = _open(browser, report_file, width=703)
    page = o.page
    try:
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_timeout(300)
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('table.data'))
            .map(t => [t.id, t.scrollWidth]).filter(t => t[1] > 703)""")
        # Only the rankings, whose headers keep their words (14 columns), may pass the paper.
        assert [t for t in wide if not t[0].startswith("table-stress")] == [], wide
        assert page.evaluate("document.documentElement.scrollWidth") <= 1.05 * 703, wide
        assert o.console_errors == [] and o.page_errors == []
    finally:
        page.context.close()
