/* supplychain report: draw the embedded figures, sort tables, size plots for printing.
   Reads only data embedded in this file; makes no network request. */
(function () {
  "use strict";

  /* Not plotly's own resizing (responsive): on a window resize it dropped the height
     fitHeight set, and the plot's box, as tall as the drawn figure, fell to 0 px, the chart
     drawn over what follows. refitOnResize draws each plot again at its new width. */
  var CONFIG = {
    responsive: false,
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  /* Plots narrower than this (px) use their figure's layout.meta.narrow. */
  var NARROW_WIDTH = 600;

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Set obj's value at a plotly attribute path ("legend.y", "updatemenus[0].type"). */
  function setPath(obj, path, value) {
    var keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    var o = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (o[keys[i]] === null || typeof o[keys[i]] !== "object") {
        o[keys[i]] = /^\d+$/.test(keys[i + 1]) ? [] : {};
      }
      o = o[keys[i]];
    }
    o[keys[keys.length - 1]] = value;
  }

  /* Date axes that tick the weeks' starts (layout.meta.weeks: the axes, the weeks they span,
     the allowed steps in weeks, a week in ms, the px a label takes): label every k-th week,
     the smallest step that leaves each label its room in the plot's drawn width. */
  function weekTicks(div, layout) {
    var w = (layout.meta || {}).weeks;
    if (!w) { return; }
    var m = layout.margin || {};
    var plot = div.clientWidth - (m.l || 0) - (m.r || 0);
    var room = Math.max(1, Math.floor(plot / w.label_px));
    var k = Math.ceil(w.weeks / room);
    for (var i = 0; i < w.steps.length; i++) {
      if (Math.ceil(w.weeks / w.steps[i]) <= room) { k = w.steps[i]; break; }
    }
    w.axes.forEach(function (a) { setPath(layout, a + ".dtick", k * w.week_ms); });
  }

  /* The figure's variant for this plot's width: "narrow" below NARROW_WIDTH, "medium" (the
     map on a tablet) below layout.meta.medium_below, else none (the laptop's). */
  function variant(div, meta) {
    if (div.clientWidth < NARROW_WIDTH) { return "narrow"; }
    if (meta.medium && div.clientWidth < (meta.medium_below || 0)) { return "medium"; }
    return null;
  }

  /* The height (px) to add to a drawn plot, or take off (negative): a map (layout.meta.fit_map,
     the map's width over height) loses the blank above and below its map when the map is bound
     by its width; a chart (layout.meta.min_plot_px) grows until its plot area keeps that
     height above its legend (the legend, at legend.y of the plot's height below it, moves
     down with it). From the plot area's size, set as soon as Plotly.relayout is called (the
     map itself is drawn later: measured while printing, it was still the screen's). */
  function extraHeight(div) {
    var full = div._fullLayout;
    var meta = (div.layout && div.layout.meta) || {};
    if (!full || !full._size) { return 0; }
    if (meta.fit_map) {
      var blank = full._size.h - Math.min(full._size.h, full._size.w / meta.fit_map);
      return blank >= 2 ? -Math.floor(blank) : 0;
    }
    if (meta.min_plot_px && full._size.h < meta.min_plot_px) {
      var y = (div.layout.legend || {}).y || 0;
      return Math.ceil((meta.min_plot_px - full._size.h) * (1 + Math.max(0, -y)));
    }
    return 0;
  }

  /* Passes of fitHeight: a legend held to part of a short figure's height takes more of it
     once the figure grows (the arrivals' ten corridors at 700 px: 189 px after one pass). */
  var FIT_PASSES = 4;

  /* Set the plot's height by extraHeight, again until it needs no change (passes at most). */
  function fitHeight(div, passes) {
    var extra = passes > 0 ? extraHeight(div) : 0;
    if (!extra) { return null; }
    return Plotly.relayout(div, { height: div._fullLayout.height + extra }).then(function () {
      return fitHeight(div, passes - 1);
    });
  }

  function plots() {
    return Array.prototype.slice.call(document.querySelectorAll("div.plot[data-figure]"));
  }

  /* The figure as first drawn at this plot's width: the variant's layout and traces
     (layout.meta.narrow, .medium; trace.meta.narrow, .medium) and the week ticks. */
  function prepared(div) {
    var fig = readJSON(div.getAttribute("data-figure"));
    if (!fig) { return null; }
    var layout = fig.layout || {};
    /* A phone-wide plot is drawn with the figure's narrow layout (layout.meta.narrow), set
       before drawing: a relayout after it left the map's scenario buttons drawn under the
       dropdown that replaced them. */
    var meta = layout.meta || {};
    var v = variant(div, meta);
    var own = v && meta[v];
    if (own) {
      Object.keys(own).forEach(function (k) { setPath(layout, k, own[k]); });
    }
    weekTicks(div, layout);
    /* A trace's own attributes for that width (trace.meta.narrow, trace.meta.medium): the
       map's place names placed at a phone's or a tablet's scale. */
    var data = fig.data || [];
    data.forEach(function (trace) {
      var mine = v && trace.meta && trace.meta[v];
      if (mine) {
        Object.keys(mine).forEach(function (k) { setPath(trace, k, mine[k]); });
      }
    });
    return { data: data, layout: layout };
  }

  /* Draw (or draw again) a plot for its width and fit its height; data-drawn-width says the
     width it was last drawn and fitted for. */
  function render(div, fig) {
    var width = div.clientWidth;
    div._drawnWidth = width;
    return Plotly.newPlot(div, fig.data, fig.layout, CONFIG).then(function () {
      return fitHeight(div, FIT_PASSES);
    }).then(function () {
      div.setAttribute("data-drawn-width", String(width));
    });
  }

  function draw() {
    if (typeof Plotly === "undefined") {
      document.body.classList.add("no-plotly");
      return;
    }
    plots().forEach(function (div) {
      var fig = prepared(div);
      if (!fig) { return; }
      render(div, fig).then(function () {
        div.setAttribute("data-rendered", "true");
      });
    });
  }

  /* A drawn plot whose width changed (window resized, phone turned) is drawn again as it is
     first drawn at that width, keeping which traces show (the map's scenario, legend clicks)
     and the menus' choice. Once the resizing has paused RESIZE_WAIT_MS; not while printing
     (beforePrint sizes the plots for the page). */
  var RESIZE_WAIT_MS = 200;
  var resizeTimer = null;
  function refit(div) {
    var fig = prepared(div);
    if (!fig) { return; }
    var shown = (div.data || []).map(function (t) { return t.visible; });
    if (shown.length === fig.data.length) {
      fig.data.forEach(function (t, i) {
        if (shown[i] !== undefined) { t.visible = shown[i]; }
      });
    }
    var menus = (div.layout && div.layout.updatemenus) || [];
    menus.forEach(function (m, i) {
      var mine = (fig.layout.updatemenus || [])[i];
      if (mine && m.active !== undefined) { mine.active = m.active; }
    });
    render(div, fig);
  }
  function refitOnResize() {
    if (typeof Plotly === "undefined") { return; }
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      plots().forEach(function (div) {
        if (div.getAttribute("data-rendered") !== "true" || div._printSaved) { return; }
        if (!div.clientWidth || div.clientWidth === div._drawnWidth) { return; }
        refit(div);
      });
    }, RESIZE_WAIT_MS);
  }

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.getAttribute("data-sort");
    if (numeric) {
      var v = raw === null || raw === "" ? NaN : parseFloat(raw);
      return isNaN(v) ? -Infinity : v;
    }
    return (raw !== null ? raw : cell.textContent).trim().toLowerCase();
  }

  function sortTable(table, index, th) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var kind = th.getAttribute("data-kind");
    var numeric = kind === "number" || kind === "bool";
    var current = th.getAttribute("aria-sort");
    /* numbers sort largest first on the first click, text alphabetically */
    var descending = current ? current === "ascending" : numeric;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row._pos = i; });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var c = numeric ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y);
      if (descending) { c = -c; }
      return c !== 0 ? c : a._pos - b._pos;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function sortable() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = th.querySelector("button");
        if (!button) { return; }
        button.addEventListener("click", function () { sortTable(table, index, th); });
      });
    });
  }

  /* Printing: draw each plot at the printed page width (plus the figure's own print layout,
     layout.meta.print), then restore the screen layout. */
  var PRINT_WIDTH = 680;
  function getPath(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
  }
  /* The printed map names the scenario it shows (its buttons are not printed): the one the
     scenario switch has active, from the names the page lists in the buttons' order. */
  function nameThePrintedMap() {
    var out = document.getElementById("map-printed");
    var gd = document.getElementById("fig-map");
    if (!out || !gd || !gd.layout) { return; }
    var menu = (gd.layout.updatemenus || [])[0];
    var names = JSON.parse(out.getAttribute("data-names") || "[]");
    var name = menu ? names[menu.active || 0] : undefined;
    out.textContent = name === undefined ? "" : "Printed map: scenario \u201c" + name +
      "\u201d (the one chosen with the switch above the map on screen).";
  }
  function beforePrint() {
    if (typeof Plotly === "undefined") { return; }
    nameThePrintedMap();
    plots().forEach(function (div) {
      if (div.getAttribute("data-rendered") !== "true" || div._printSaved) { return; }
      var meta = (div.layout && div.layout.meta) || {};
      var update = Object.assign({ width: PRINT_WIDTH, autosize: false }, meta.print || {});
      var saved = {};
      Object.keys(update).concat(["height"]).forEach(function (k) {
        var v = getPath(div.layout, k);
        saved[k] = v === undefined ? null : v;
      });
      /* The width drawn on screen, not "autosize" again: plotly did not redo it, and every
         plot stayed 680 px wide after printing. A later resize draws the plot afresh. */
      saved.autosize = true;
      saved.width = div._fullLayout.width;
      div._printSaved = saved;
      Plotly.relayout(div, update);
      /* The map's names as placed for a tablet (trace.meta.medium), the drawn ones kept. */
      div._printTraces = [];
      (div.data || []).forEach(function (trace, i) {
        var medium = trace.meta && trace.meta.medium;
        if (!medium) { return; }
        var before = {}, after = {};
        Object.keys(medium).forEach(function (k) {
          before[k] = [getPath(trace, k)];
          after[k] = [medium[k]];
        });
        div._printTraces.push([i, before]);
        Plotly.restyle(div, after, [i]);
      });
      /* Synchronous (the print is laid out when this returns): the plot area's size is set as
         soon as Plotly.relayout is called. */
      for (var pass = 0, extra = extraHeight(div); extra && pass < FIT_PASSES;
           pass++, extra = extraHeight(div)) {
        Plotly.relayout(div, { height: div._fullLayout.height + extra });
      }
    });
  }
  function afterPrint() {
    if (typeof Plotly === "undefined") { return; }
    plots().forEach(function (div) {
      if (!div._printSaved) { return; }
      var saved = div._printSaved;
      delete div._printSaved;
      (div._printTraces || []).forEach(function (t) { Plotly.restyle(div, t[1], [t[0]]); });
      delete div._printTraces;
      Plotly.relayout(div, saved);
    });
  }

  sortable();
  draw();
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.addEventListener("resize", refitOnResize);
})();
