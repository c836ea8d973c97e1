/*
 * The trace page's script: decodes the data TracePage embeds in #trace-data, draws the timeline
 * and fills the tables. Plain DOM and canvas, no library, nothing loaded.
 *
 * The data (times in nanoseconds since the trace's start; sites, reasons, frames and carrier
 * names are indices into `strings`, -1 for none):
 *   runs.lanes[p]     columns start (each the difference from the one before), dur, g, m (carrier)
 *                     of the runs kept on P p, by start; runs.total of all; runs.until, when not
 *                     null, the time before which every run was kept
 *   parks             columns start (differences), dur, g, reason, site; total; until, likewise
 *   buckets           start, width and, one value per bucket: busy[p] (fraction of the bucket P p
 *                     ran), parked[{reason, values}] (average goroutines parked), pinned, and
 *                     samples.<field> (mean of the scheduler's samples, null where none fell)
 *   goroutines        started, ended, panicked; columns id (differences), site, parent
 *   blocking, pinned  [{site, count, total, max, reasons: [{reason, count, total, max}]}]
 *   leaks             [{site, count, ids, waits: [{state, site, count}]}]: waits, what the goroutines
 *                     alive at the end wait on (weft.LiveGoroutines), empty if it was not recorded
 *   deadlocks, races  {total, until, items}
 *   events            per event type: declared, enabled (null: unknown), threshold, count
 *
 * What holds: `view` (the visible times, t0 < t1) and `selected` (a goroutine id or null) are
 * the whole state of the timeline; every track draws from them alone, and drawing is coalesced
 * into one animation frame. body's data-status becomes "ok" once everything is drawn, or
 * "error: ..." on any script error, now or later (window.onerror), for the tests to read.
 */
"use strict";
(function () {
  const body = document.body;

  function fail(message) {
    body.dataset.status = "error: " + message;
    let box = document.getElementById("error");
    if (!box) {
      box = document.createElement("div");
      box.id = "error";
      body.insertBefore(box, body.firstChild);
    }
    box.textContent = "This page failed: " + message;
  }

  window.onerror = function (message, source, line, column) {
    fail(message + " (line " + line + ":" + column + ")");
  };

  // ---- formatting and DOM helpers ----

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  const NUMBER = new Intl.NumberFormat("en-US");

  function count(n) {
    return NUMBER.format(n);
  }

  /** v (below 999.5) to three significant digits; the limits are where rounding adds a digit. */
  function threeDigits(v) {
    return v >= 99.95 ? v.toFixed(0) : v >= 9.995 ? v.toFixed(1) : v.toFixed(2);
  }

  /** A count or an average of counts: whole from 10 up, else to two decimals at most. */
  function amount(v) {
    return v >= 10 ? count(Math.round(v)) : String(Number(v.toFixed(2)));
  }

  /** A duration (or a time since the start) in the unit that suits it, to three digits. */
  function duration(ns) {
    const a = Math.abs(ns);
    if (a < 999.5) return Math.round(ns) + " ns";
    if (a < 999.5e3) return threeDigits(ns / 1e3) + " \u00b5s";
    if (a < 999.5e6) return threeDigits(ns / 1e6) + " ms";
    if (a < 600e9) return threeDigits(ns / 1e9) + " s";
    const seconds = Math.round(ns / 1e9);
    if (seconds < 3600) return Math.floor(seconds / 60) + " min " + (seconds % 60) + " s";
    return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
  }

  const UNITS = [[1e9, "s"], [1e6, "ms"], [1e3, "\u00b5s"], [1, "ns"]];

  /** A tick's time, in the unit of the step between ticks, with as many decimals as the step needs. */
  function tickLabel(t, step) {
    const [size, name] = UNITS.find(([s]) => step >= s) || UNITS[3];
    const decimals = Math.max(0, Math.ceil(-Math.log10(step / size) - 1e-9));
    return (t / size).toFixed(decimals) + " " + name;
  }

  /** A time within a window `span` long, in the unit of the span, to three digits of it. */
  function windowLabel(t, span) {
    const [size, name] = UNITS.find(([s]) => span >= s) || UNITS[3];
    const decimals = Math.max(0, 2 - Math.floor(Math.log10(span / size)));
    return (t / size).toFixed(decimals) + " " + name;
  }

  function hash(s) {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  function lowerBound(sorted, t) {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function undelta(a) {
    for (let k = 1; k < a.length; k++) a[k] += a[k - 1];
    return a;
  }

  const REASON_COLORS = {
    "chan receive": "#4e79a7", "chan send": "#f28e2b", "select": "#76b7b2", "select (no cases)": "#4f8f8a",
    "sync.Mutex.Lock": "#e15759", "sync.RWMutex.Lock": "#ff9da7", "sync.RWMutex.RLock": "#d37295",
    "sync.WaitGroup.Wait": "#b07aa1", "sync.Cond.Wait": "#edc948", "sync.Once.Do": "#b6992d",
    "sleep": "#bab0ac", "semacquire": "#9c755f", "IO wait": "#59a14f",
  };
  const MORE_COLORS = ["#86bcb6", "#a0cbe8", "#ffbe7d", "#8cd17d", "#499894", "#f1ce63", "#d4a6c8", "#79706e"];
  const PINNED_COLOR = "#8b1a2b";
  const STATE_COLORS = { running: "#3fa34d", runnable: "#f0a32f", pinned: PINNED_COLOR, waiting: "#9fb3c8", goroutines: "#9fb3c8" };
  const QUEUE_COLORS = { localQueues: "#f0a32f", globalQueue: "#b5651d" };
  const SMALL_RUNS_COLOR = "#6b7a90";
  const BUSY_COLOR = "#8d9bb0";

  function swatch(color) {
    return el("span", { class: "swatch", style: "background:" + color });
  }

  function reasonColor(reason) {
    return REASON_COLORS[reason] || MORE_COLORS[hash(String(reason)) % MORE_COLORS.length];
  }

  // ---- the page ----

  function main(D) {
    const str = i => (i < 0 ? null : D.strings[i]);
    const full = D.duration > 0 ? D.duration : 1e6;
    const B = D.buckets;
    const ev = D.events;
    const RUN = "weft.GoroutineRun", START = "weft.GoroutineStart", END = "weft.GoroutineEnd",
      PARK = "weft.GoroutinePark", PINNED = "weft.GoroutinePinned", SAMPLE = "weft.SchedulerSample", DATA_RACE = "weft.DataRace",
      LIVE = "weft.LiveGoroutines";

    const lanes = D.runs.lanes.map(l => ({ start: undelta(l.start), dur: l.dur, g: l.g, m: l.m }));
    const parks = D.parks;
    undelta(parks.start);
    const goroutineIndex = new Map();
    undelta(D.goroutines.id).forEach((id, k) => goroutineIndex.set(id, k));
    const siteOf = g => (goroutineIndex.has(g) ? str(D.goroutines.site[goroutineIndex.get(g)]) : null);
    const parentOf = g => (goroutineIndex.has(g) ? D.goroutines.parent[goroutineIndex.get(g)] : 0);

    const colors = new Map();
    function goroutineColor(g) {
      const site = siteOf(g);
      if (site == null) return "#93a1b5";
      let c = colors.get(site);
      if (!c) {
        const h = hash(site);
        c = "hsl(" + (h % 360) + "," + (45 + (h >>> 9) % 25) + "%," + (52 + (h >>> 17) % 14) + "%)";
        colors.set(site, c);
      }
      return c;
    }

    // A series of buckets, averaged over any range of time in constant time (prefix sums);
    // a null (no sample in the bucket) carries the value before it forward.
    function series(values) {
      const pre = new Float64Array(values.length + 1);
      let first = -1, last = 0;
      values.forEach((v, k) => {
        if (v != null && first < 0) first = k;
        if (v != null) last = v;
        pre[k + 1] = pre[k] + (first < 0 ? 0 : last);
      });
      return {
        at(ta, tb) {
          const n = values.length;
          let ia = Math.floor((ta - B.start) / B.width), ib = Math.ceil((tb - B.start) / B.width) - 1;
          if (ib < ia) ib = ia;
          if (first < 0 || ib < first || ia >= n) return null;
          ia = Math.max(ia, first);
          ib = Math.min(ib, n - 1);
          return (pre[ib + 1] - pre[ia]) / (ib - ia + 1);
        },
      };
    }

    const busy = B.busy.map(series);
    const reasonTotals = new Map();
    for (const site of D.blocking) {
      for (const r of site.reasons) reasonTotals.set(r.reason, (reasonTotals.get(r.reason) || 0) + r.total);
    }
    const parkedSeries = B.parked
      .map(p => ({ name: str(p.reason) || "(no reason)", color: reasonColor(str(p.reason)), total: reasonTotals.get(p.reason) || 0, s: series(p.values) }))
      .sort((a, b) => b.total - a.total);
    if (ev[PINNED] && ev[PINNED].count > 0) {
      parkedSeries.push({ name: "pinned (blocking a carrier)", color: PINNED_COLOR, s: series(B.pinned) });
    }
    const SERIES_NAMES = { localQueues: "local run queues", globalQueue: "global run queue" };
    const sampled = name => (B.samples[name]
      ? { name: SERIES_NAMES[name] || name, color: STATE_COLORS[name] || QUEUE_COLORS[name], s: series(B.samples[name]) }
      : null);
    const stateSeries = ["running", "runnable", "pinned", "waiting"].map(sampled).filter(Boolean);
    const goroutineSeries = stateSeries.length > 0 ? stateSeries : [sampled("goroutines")].filter(Boolean);
    const queueSeries = [sampled("localQueues"), sampled("globalQueue")].filter(Boolean);
    const extraSamples = [["goroutines", "goroutines"], ["carriers", "carriers"], ["idleProcs", "idle Ps"], ["timers", "pending timers"]]
      .filter(([name]) => B.samples[name] && !goroutineSeries.some(g => g.name === name))
      .map(([name, label]) => ({ name: label, s: series(B.samples[name]) }));

    const recorded = name => ev[name] && ev[name].count > 0;
    function eventStatus(name) {
      const e = ev[name];
      if (!e || !e.declared) return "not in this recording: the program never used it, or its runtime does not have it";
      if (e.enabled === false) return "off in this recording's settings";
      const threshold = e.threshold && !/^0\s/.test(e.threshold) ? ", only those of " + e.threshold + " or more" : "";
      return (e.count > 0 ? "recorded" : "on, none happened") + threshold;
    }
    // On and declared, none read: the runtime had no goroutine alive at the recording's end.
    const liveKnown = recorded(LIVE) || (ev[LIVE] && ev[LIVE].declared && ev[LIVE].enabled === true);
    const parkThreshold = ev[PARK] && ev[PARK].threshold && !/^0\s/.test(ev[PARK].threshold) ? ev[PARK].threshold : null;

    header();
    const timeline = makeTimeline();
    blockingTable();
    pinnedTable();
    leaksTable();
    reportsTable();
    recordingTable();
    timeline.drawNow();

    function header() {
      const alive = D.leaks.reduce((sum, l) => sum + l.count, 0);
      const when = D.startEpochNanos > 0 ? new Date(D.startEpochNanos / 1e6).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : null;
      const parts = [
        duration(D.duration) + " recorded" + (when ? " from " + when : ""),
        count(D.procs) + (D.procs === 1 ? " P" : " Ps"),
        recorded(START) ? count(D.goroutines.started) + " goroutines started, " + count(alive) + " alive at the end" : null,
        recorded(RUN) ? count(D.runs.total) + " runs" : null,
        recorded(PARK) ? count(D.parks.total) + " parks" : null,
        D.deadlocks.total > 0 ? count(D.deadlocks.total) + " deadlock" + (D.deadlocks.total > 1 ? "s" : "") : null,
        D.races.total > 0 ? count(D.races.total) + " data race" + (D.races.total > 1 ? "s" : "") : null,
      ];
      document.getElementById("summary").textContent = parts.filter(Boolean).join(" \u00b7 ");
      const notes = document.getElementById("notes");
      const note = text => notes.append(el("li", { text }));
      if (!recorded(RUN)) note("No goroutine runs (weft.GoroutineRun: " + eventStatus(RUN) + "), so the P lanes are empty.");
      if (!recorded(START)) note("No goroutine starts (weft.GoroutineStart: " + eventStatus(START) + "), so creation sites and the goroutines alive at the end are unknown.");
      else if (!recorded(END)) note("No goroutine ends (weft.GoroutineEnd: " + eventStatus(END) + "), so every goroutine started counts as alive at the end.");
      if (!recorded(SAMPLE)) note("No scheduler samples (weft.SchedulerSample: " + eventStatus(SAMPLE) + "), so goroutine and run queue counts over time are unknown.");
      if (!recorded(PARK)) note("No parks (weft.GoroutinePark: " + eventStatus(PARK) + "), so blocking sites and parked time are unknown.");
      if (!liveKnown) note("No picture of the goroutines alive at the end (weft.LiveGoroutines: " + eventStatus(LIVE) + "), so what the goroutines that never ended wait on is unknown.");
      if (notes.childElementCount > 0) note("The agent's option jfr=PATH (-javaagent:weft-agent.jar=jfr=rec.jfr) records every weft event.");
      if (D.runs.until != null) {
        note("Runs are drawn one by one up to " + duration(D.runs.until) + " (the first " + count(lanes.reduce((n, l) => n + l.g.length, 0))
          + " of " + count(D.runs.total) + "); past that, each P's lane shows how busy it was, per bucket of " + duration(B.width) + ".");
      }
      if (D.parks.until != null) {
        note("A selected goroutine's parks are shown up to " + duration(D.parks.until) + " (the first " + count(parks.g.length) + " of "
          + count(D.parks.total) + "); the parked chart and the tables count them all.");
      }
    }

    // ---- the timeline ----

    function makeTimeline() {
      const tracksBox = document.getElementById("tracks");
      const tooltip = document.getElementById("tooltip");
      const details = document.getElementById("details");
      const view = { t0: 0, t1: full };
      let selected = null;
      let selectedRuns = [], selectedParks = [];
      const tracks = [];
      const laneHeight = lanes.length > 32 ? 16 : 26;

      function addTrack(label, sublabel, height, track, attributes) {
        const canvas = el("canvas", { height: String(height) });
        const div = el("div", Object.assign({ class: "track" }, attributes), el("div", { class: "label" }, label, sublabel ? el("small", { text: sublabel }) : null), canvas);
        div.style.height = height + "px";
        tracksBox.append(div);
        track.canvas = canvas;
        track.height = height;
        tracks.push(track);
        listen(track);
      }

      addTrack("Time", null, 24, { draw: drawAxis });
      addTrack("Goroutines", goroutineSeries.length ? "by state, as sampled" : "not recorded", 56,
        chart(goroutineSeries, "no scheduler samples", extraSamples));
      addTrack("Run queue", queueSeries.length ? "goroutines queued" : "not recorded", 44, chart(queueSeries, "no scheduler samples", []));
      addTrack("Parked", "goroutines by wait reason" + (parkThreshold ? ", \u2265 " + parkThreshold : ""), 56,
        chart(parkedSeries, "no parks recorded", []));
      lanes.forEach((lane, p) => addTrack("P" + p, null, laneHeight, laneTrack(lane, p), { "data-lane": "P" + p, class: "track lane" }));
      if (lanes.length === 0) {
        tracksBox.append(el("div", { class: "track group", text: "No Ps: the recording has no goroutine runs and no scheduler samples" }));
      }
      addTrack("Selected", null, 30, selectedTrack(), { "data-track": "selected" });
      legend();

      function legend() {
        const box = document.getElementById("legend");
        const group = (title, list) => {
          if (list.length) box.append(el("span", null, el("b", { text: title + ": " }), ...list.map(item => el("span", { class: "chip" }, swatch(item.color), item.name))));
        };
        group("Goroutines", goroutineSeries);
        group("Run queue", queueSeries);
        group("Parked", parkedSeries);
        if (recorded(RUN)) {
          box.append(el("span", { text: "P lanes: each run in the color of its goroutine's creation site; " }, swatch(SMALL_RUNS_COLOR), "runs too short to draw one by one"));
        }
      }

      // -- drawing --

      let pending = false;
      function redraw() {
        if (!pending) {
          pending = true;
          requestAnimationFrame(() => {
            pending = false;
            drawNow();
          });
        }
      }

      function drawNow() {
        for (const track of tracks) {
          const canvas = track.canvas;
          const ratio = window.devicePixelRatio || 1;
          const w = Math.max(1, canvas.clientWidth), h = track.height;
          if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
            canvas.width = Math.round(w * ratio);
            canvas.height = Math.round(h * ratio);
          }
          const ctx = canvas.getContext("2d");
          ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
          ctx.clearRect(0, 0, w, h);
          track.draw(ctx, w, h, scale(w));
        }
        const span = view.t1 - view.t0;
        document.getElementById("window").textContent = windowLabel(view.t0, span) + " \u2013 " + windowLabel(view.t1, span)
          + "  (" + duration(span) + " shown)";
      }

      /** The mapping between times and x for a canvas w pixels wide. */
      function scale(w) {
        const k = w / (view.t1 - view.t0);
        return { x: t => (t - view.t0) * k, t: x => view.t0 + x / k, k };
      }

      function drawAxis(ctx, w, h, s) {
        const span = view.t1 - view.t0;
        const target = span * 110 / w;
        const p = Math.pow(10, Math.floor(Math.log10(target)));
        const step = [1, 2, 5, 10].map(m => m * p).find(v => v >= target);
        ctx.fillStyle = "#5f6b7a";
        ctx.strokeStyle = "#c5ced9";
        ctx.font = "11px system-ui, sans-serif";
        ctx.textBaseline = "middle";
        for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
          const x = Math.round(s.x(t)) + 0.5;
          ctx.beginPath();
          ctx.moveTo(x, h - 7);
          ctx.lineTo(x, h);
          ctx.stroke();
          ctx.fillText(tickLabel(t, step), x + 3, h / 2 - 2);
        }
        if (D.runs.until != null) marker(ctx, s.x(D.runs.until), h, ["runs one by one", "busy fraction only"]);
      }

      /** A dashed line at x; `labels`, if given, are written left and right of it, each where it fits. */
      function marker(ctx, x, h, labels) {
        if (x < 0 || x > ctx.canvas.clientWidth) return;
        ctx.save();
        ctx.strokeStyle = "#8a5300";
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x) + 0.5, 0);
        ctx.lineTo(Math.round(x) + 0.5, h);
        ctx.stroke();
        if (labels) {
          ctx.font = "11px system-ui, sans-serif";
          ctx.textBaseline = "middle";
          [labels[0] + " \u2190", "\u2192 " + labels[1]].forEach((text, k) => {
            const width = ctx.measureText(text).width;
            const left = k === 0 ? x - 6 - width : x + 6;
            if (left < 0 || left + width > ctx.canvas.clientWidth) return;
            ctx.fillStyle = "rgba(255, 255, 255, 0.92)"; // over the tick labels
            ctx.fillRect(left - 2, 0, width + 4, h);
            ctx.fillStyle = "#8a5300";
            ctx.fillText(text, left, h / 2);
          });
        }
        ctx.restore();
      }

      /** A stacked area of bucketed series, averaged per pixel column; scaled to the highest visible stack. */
      function chart(list, empty, extra) {
        return {
          draw(ctx, w, h, s) {
            if (list.length === 0) {
              ctx.fillStyle = "#5f6b7a";
              ctx.font = "italic 12px system-ui, sans-serif";
              ctx.textBaseline = "middle";
              ctx.fillText(empty, 8, h / 2);
              return;
            }
            const columns = Math.ceil(w);
            const stacks = list.map(() => new Float64Array(columns));
            let max = 0;
            for (let x = 0; x < columns; x++) {
              let sum = 0;
              list.forEach((item, k) => {
                sum += item.s.at(s.t(x), s.t(x + 1)) || 0;
                stacks[k][x] = sum;
              });
              max = Math.max(max, sum);
            }
            if (max <= 0) return;
            const y = v => h - 2 - (v / max) * (h - 12);
            list.forEach((item, k) => {
              ctx.fillStyle = item.color;
              for (let x = 0; x < columns; x++) {
                const below = k === 0 ? 0 : stacks[k - 1][x];
                if (stacks[k][x] > below) ctx.fillRect(x, y(stacks[k][x]), 1, y(below) - y(stacks[k][x]));
              }
            });
            ctx.fillStyle = "#5f6b7a";
            ctx.font = "10px system-ui, sans-serif";
            ctx.textBaseline = "top";
            ctx.fillText(amount(max), 4, 1);
          },
          hover(x, s) {
            if (list.length === 0) return null;
            const lines = list.concat(extra).map(item => {
              const v = item.s.at(s.t(x), s.t(x + 1));
              return v == null ? null : el("div", null, item.color ? swatch(item.color) : null,
                item.name + ": " + amount(v));
            }).filter(Boolean);
            return lines.length ? el("div", null, el("b", { text: "at " + duration(s.t(x)) }), ...lines) : null;
          },
        };
      }

      function laneTrack(lane, p) {
        return {
          draw(ctx, w, h, s) {
            const top = 3, bh = h - 6;
            ctx.fillStyle = "#f7f8fa";
            ctx.fillRect(0, 0, w, h);
            const until = D.runs.until;
            if (until != null && until < view.t1) {
              const x0 = Math.max(0, Math.floor(s.x(until)));
              ctx.fillStyle = "#eceff4";
              ctx.fillRect(x0, 0, w - x0, h);
              ctx.fillStyle = BUSY_COLOR;
              for (let x = x0; x < w; x++) {
                const f = busy[p] ? busy[p].at(s.t(x), s.t(x + 1)) : null;
                if (f > 0) {
                  const bar = Math.max(1, Math.min(1, f) * bh);
                  ctx.fillRect(x, top + bh - bar, 1, bar);
                }
              }
            }
            const { start, dur, g } = lane;
            let smallColumn = null, smallCover = 0;
            const flushSmall = () => {
              if (smallColumn != null) {
                ctx.globalAlpha = Math.min(1, 0.3 + smallCover);
                ctx.fillStyle = SMALL_RUNS_COLOR;
                ctx.fillRect(smallColumn, top, 1, bh);
                ctx.globalAlpha = 1;
              }
              smallColumn = null;
              smallCover = 0;
            };
            ctx.font = "11px system-ui, sans-serif";
            ctx.textBaseline = "middle";
            for (let i = Math.max(0, lowerBound(start, view.t0) - 1); i < start.length && start[i] < view.t1; i++) {
              const x0 = s.x(start[i]), x1 = s.x(start[i] + dur[i]);
              if (x1 < 0) continue;
              const mine = g[i] === selected;
              if (x1 - x0 < 1 && !mine) {
                const column = Math.floor(x0);
                if (column !== smallColumn) {
                  flushSmall();
                  smallColumn = column;
                }
                smallCover += x1 - x0;
                continue;
              }
              flushSmall();
              ctx.globalAlpha = selected != null && !mine ? 0.3 : 1;
              ctx.fillStyle = goroutineColor(g[i]);
              ctx.fillRect(x0, top, Math.max(1, x1 - x0), bh);
              ctx.globalAlpha = 1;
              if (mine) {
                ctx.strokeStyle = "#111";
                ctx.lineWidth = 1.5;
                ctx.strokeRect(x0, top + 0.75, Math.max(1, x1 - x0), bh - 1.5);
              }
              if (x1 - x0 > 44 && bh >= 12) label(ctx, "G" + g[i], x0, x1, top + bh / 2);
            }
            flushSmall();
            if (until != null) marker(ctx, s.x(until), h, null);
          },
          hover(x, s) {
            const i = runAt(lane, s, x);
            if (i >= 0) return runTip(lane.g[i], p, lane.start[i], lane.dur[i], lane.m[i]);
            if (D.runs.until != null && s.t(x) >= D.runs.until && busy[p]) {
              const f = busy[p].at(s.t(x), s.t(x + 1)) || 0;
              return el("div", null, el("b", { text: "P" + p + " busy " + Math.round(f * 100) + "%" }),
                el("div", { text: "around " + duration(s.t(x)) + ": past the runs kept one by one, only how busy each P was" }));
            }
            return null;
          },
          click(x, s) {
            const i = runAt(lane, s, x);
            select(i >= 0 ? lane.g[i] : null);
          },
        };
      }

      function label(ctx, text, x0, x1, y) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(x0, 0, x1 - x0, 100);
        ctx.clip();
        ctx.fillStyle = "#10161f";
        ctx.fillText(text, Math.max(x0, 0) + 4, y);
        ctx.restore();
      }

      /** The run of `lane` under pixel x (within 3 pixels), the nearest if several; -1 if none. */
      function runAt(lane, s, x) {
        const t = s.t(x), slack = 3 / s.k;
        let best = -1, bestDistance = Infinity;
        const after = lowerBound(lane.start, t + slack);
        for (let i = after - 1; i >= 0 && i >= after - 8; i--) {
          const a = lane.start[i], b = a + lane.dur[i];
          if (b < t - slack) continue;
          const distance = t >= a && t <= b ? 0 : Math.min(Math.abs(t - a), Math.abs(t - b));
          if (distance < bestDistance) {
            best = i;
            bestDistance = distance;
          }
        }
        return best;
      }

      function runTip(g, p, start, dur, m) {
        const site = siteOf(g), parent = parentOf(g);
        return el("div", null,
          el("b", { text: "goroutine " + g }), " ran " + duration(dur) + " on P" + p + (str(m) ? " (" + str(m) + ")" : ""),
          el("div", { text: "from " + duration(start) + " to " + duration(start + dur) }),
          el("div", { class: "site", text: site ? "created at " + site + (parent ? " by goroutine " + parent : "") : "creation site not recorded" }));
      }

      function selectedTrack() {
        return {
          draw(ctx, w, h, s) {
            ctx.fillStyle = "#fbfcfd";
            ctx.fillRect(0, 0, w, h);
            if (selected == null) {
              ctx.fillStyle = "#5f6b7a";
              ctx.font = "italic 12px system-ui, sans-serif";
              ctx.textBaseline = "middle";
              ctx.fillText("click a run, or type a goroutine id above, to see that goroutine's runs and parks here", 8, h / 2);
              return;
            }
            for (const k of selectedParks) {
              const x0 = s.x(parks.start[k]), x1 = s.x(parks.start[k] + parks.dur[k]);
              if (x1 < 0 || x0 > w) continue;
              ctx.fillStyle = reasonColor(str(parks.reason[k]));
              ctx.fillRect(x0, h / 2 - 4, Math.max(1, x1 - x0), 8);
            }
            ctx.strokeStyle = "#111";
            ctx.lineWidth = 1;
            for (const r of selectedRuns) {
              const x0 = s.x(r.start), x1 = s.x(r.start + r.dur);
              if (x1 < 0 || x0 > w) continue;
              ctx.fillStyle = goroutineColor(selected);
              ctx.fillRect(x0, 3, Math.max(1, x1 - x0), h - 6);
              if (x1 - x0 >= 3) ctx.strokeRect(x0 + 0.5, 3.5, x1 - x0 - 1, h - 7);
            }
          },
          hover(x, s) {
            if (selected == null) return null;
            const t = s.t(x), slack = 3 / s.k;
            const r = selectedRuns.find(r => t >= r.start - slack && t <= r.start + r.dur + slack);
            if (r) return runTip(selected, r.p, r.start, r.dur, r.m);
            const k = selectedParks.find(k => t >= parks.start[k] - slack && t <= parks.start[k] + parks.dur[k] + slack);
            if (k == null) return null;
            return el("div", null, el("b", { text: "goroutine " + selected }), " parked " + duration(parks.dur[k]) + " [" + (str(parks.reason[k]) || "no reason") + "]",
              el("div", { text: "from " + duration(parks.start[k]) + " to " + duration(parks.start[k] + parks.dur[k]) }),
              el("div", { class: "site", text: str(parks.site[k]) ? "at " + str(parks.site[k]) : "blocking site not recorded" }));
          },
        };
      }

      // -- selection --

      function select(g) {
        selected = g;
        selectedRuns = [];
        selectedParks = [];
        if (g != null) {
          lanes.forEach((lane, p) => {
            for (let i = 0; i < lane.g.length; i++) {
              if (lane.g[i] === g) selectedRuns.push({ p, start: lane.start[i], dur: lane.dur[i], m: lane.m[i] });
            }
          });
          selectedRuns.sort((a, b) => a.start - b.start);
          for (let k = 0; k < parks.g.length; k++) if (parks.g[k] === g) selectedParks.push(k);
        }
        showDetails();
        redraw();
      }

      function showDetails() {
        details.replaceChildren();
        details.hidden = selected == null;
        if (selected == null) return;
        const g = selected, site = siteOf(g), parent = parentOf(g);
        const ran = selectedRuns.reduce((sum, r) => sum + r.dur, 0);
        const byReason = new Map();
        for (const k of selectedParks) {
          const reason = str(parks.reason[k]) || "no reason";
          const e = byReason.get(reason) || { n: 0, total: 0 };
          e.n++;
          e.total += parks.dur[k];
          byReason.set(reason, e);
        }
        const spans = selectedRuns.map(r => [r.start, r.start + r.dur]).concat(selectedParks.map(k => [parks.start[k], parks.start[k] + parks.dur[k]]));
        details.append(
          el("button", { type: "button", text: "Close", onclick: () => select(null) }),
          spans.length ? el("button", { type: "button", text: "Zoom to it", onclick: () => zoomTo(spans) }) : null,
          el("h3", { text: "Goroutine " + g }),
          el("p", { class: "mono" }, site ? "created at " + site : "creation site not recorded",
            parent ? el("span", null, " by ", goroutineLink(parent, "goroutine " + parent)) : null),
          el("p", { text: selectedRuns.length
            ? count(selectedRuns.length) + " runs kept, " + duration(ran) + " running in all, on " + [...new Set(selectedRuns.map(r => "P" + r.p))].join(", ")
            : "no runs among those kept" }),
          el("p", null, selectedParks.length ? "parks kept: " : "no parks among those kept" + (parkThreshold ? " (parks under " + parkThreshold + " are not recorded)" : ""),
            ...[...byReason].map(([reason, e]) => el("span", { class: "chip" }, swatch(reasonColor(reason)),
              reason + " \u00d7" + count(e.n) + " (" + duration(e.total) + ")"))));
      }

      function zoomTo(spans) {
        const a = spans.reduce((m, s) => Math.min(m, s[0]), Infinity), b = spans.reduce((m, s) => Math.max(m, s[1]), -Infinity);
        const margin = Math.max((b - a) * 0.05, 1000);
        setView(a - margin, b + margin);
      }

      function goroutineLink(g, text) {
        return el("a", { class: "g", href: "#timeline", text, onclick: () => select(g) });
      }

      // -- zoom and pan --

      function setView(t0, t1) {
        const span = Math.min(Math.max(t1 - t0, 1000), full * 1.2);
        const center = (t0 + t1) / 2;
        let a = center - span / 2;
        a = Math.min(Math.max(a, -full * 0.1), full * 1.1 - span);
        view.t0 = a;
        view.t1 = a + span;
        redraw();
      }

      function zoom(factor, at) {
        setView(at - (at - view.t0) * factor, at + (view.t1 - at) * factor);
      }

      function pan(fraction) {
        const shift = (view.t1 - view.t0) * fraction;
        setView(view.t0 + shift, view.t1 + shift);
      }

      let lastX = null;
      function listen(track) {
        const canvas = track.canvas;
        const xOf = e => e.clientX - canvas.getBoundingClientRect().left;
        canvas.addEventListener("wheel", e => {
          e.preventDefault();
          const w = canvas.clientWidth, s = scale(w);
          const lines = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1;
          if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan(e.deltaX * lines / w);
          else zoom(Math.pow(1.0015, e.deltaY * lines), s.t(xOf(e)));
        }, { passive: false });
        canvas.addEventListener("mousedown", e => {
          if (e.button !== 0) return;
          const startX = e.clientX, t0 = view.t0, t1 = view.t1, w = canvas.clientWidth;
          let moved = false;
          canvas.classList.add("dragging");
          tooltip.hidden = true;
          const move = m => {
            if (Math.abs(m.clientX - startX) > 3) moved = true;
            if (moved) {
              const shift = (startX - m.clientX) * (t1 - t0) / w;
              setView(t0 + shift, t1 + shift);
            }
          };
          const up = () => {
            window.removeEventListener("mousemove", move);
            window.removeEventListener("mouseup", up);
            canvas.classList.remove("dragging");
            if (!moved && track.click) track.click(xOf(e), scale(w));
          };
          window.addEventListener("mousemove", move);
          window.addEventListener("mouseup", up);
        });
        canvas.addEventListener("mousemove", e => {
          lastX = { track, x: xOf(e) };
          const tip = e.buttons === 0 && track.hover ? track.hover(lastX.x, scale(canvas.clientWidth)) : null;
          tooltip.hidden = !tip;
          if (tip) {
            tooltip.replaceChildren(tip);
            const left = Math.min(e.clientX + 14, window.innerWidth - tooltip.offsetWidth - 8);
            const top = e.clientY + 16 + tooltip.offsetHeight > window.innerHeight ? e.clientY - tooltip.offsetHeight - 10 : e.clientY + 16;
            tooltip.style.left = Math.max(4, left) + "px";
            tooltip.style.top = top + "px";
          }
        });
        canvas.addEventListener("mouseleave", () => {
          tooltip.hidden = true;
          lastX = null;
        });
      }

      const center = () => (lastX ? scale(lastX.track.canvas.clientWidth).t(lastX.x) : (view.t0 + view.t1) / 2);
      document.getElementById("zoom-in").addEventListener("click", () => zoom(0.5, (view.t0 + view.t1) / 2));
      document.getElementById("zoom-out").addEventListener("click", () => zoom(2, (view.t0 + view.t1) / 2));
      document.getElementById("zoom-fit").addEventListener("click", () => setView(0, full));
      document.addEventListener("keydown", e => {
        if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
        const key = e.key.toLowerCase();
        if (key === "w") zoom(0.7, center());
        else if (key === "s") zoom(1 / 0.7, center());
        else if (key === "a") pan(-0.2);
        else if (key === "d") pan(0.2);
        else if (key === "0") setView(0, full);
        else if (key === "escape") select(null);
      });
      const find = document.getElementById("find");
      find.addEventListener("change", () => {
        const g = Number(find.value.trim());
        select(find.value.trim() && Number.isInteger(g) ? g : null);
      });
      window.addEventListener("resize", redraw);

      return { drawNow, goroutineLink };
    }

    // ---- the tables ----

    function section(id) {
      return document.querySelector("#" + id + " .table");
    }

    function none(text) {
      return el("p", { class: "none", text });
    }

    /** A table of rows, the first `shown` of them at once, with a button for the rest. */
    function table(box, headers, rows, shown) {
      const tbody = el("tbody");
      const t = el("table", null, el("thead", null, el("tr", null, ...headers.map(h => el("th", { class: h.num ? "num" : null, text: h.text })))), tbody);
      box.append(t);
      const fill = n => tbody.replaceChildren(...rows.slice(0, n).map(row => row()));
      fill(shown);
      if (rows.length > shown) {
        const more = el("button", { type: "button", class: "more", text: "Show all " + count(rows.length) });
        more.addEventListener("click", () => {
          fill(rows.length);
          more.remove();
        });
        box.append(more);
      }
    }

    function reasonChips(reasons) {
      return reasons.map(r => el("span", { class: "chip" }, swatch(reasonColor(str(r.reason))),
        (str(r.reason) || "no reason") + " " + duration(r.total) + " \u00d7" + count(r.count)));
    }

    function profileTable(box, profile, what, unknownSite) {
      const top = profile.length ? profile[0].total : 1;
      table(box, [{ text: "#", num: true }, { text: what }, { text: "Total", num: true }, { text: "Count", num: true },
        { text: "Max", num: true }, { text: "Mean", num: true }, { text: "By wait reason" }],
      profile.map((p, k) => () => el("tr", null,
        el("td", { class: "num", text: String(k + 1) }),
        el("td", { class: "site", text: str(p.site) || unknownSite }),
        el("td", { class: "num" }, duration(p.total), el("div", { class: "bar", style: "width:" + Math.max(1, 100 * p.total / top) + "%" })),
        el("td", { class: "num", text: count(p.count) }),
        el("td", { class: "num", text: duration(p.max) }),
        el("td", { class: "num", text: duration(p.total / p.count) }),
        el("td", null, ...reasonChips(p.reasons)))), 25);
    }

    function blockingTable() {
      const box = section("blocking");
      if (parkThreshold) box.append(el("p", { class: "lead", text: "Parks shorter than " + parkThreshold + " are not in this recording (the threshold of weft.GoroutinePark)." }));
      if (!recorded(PARK)) box.append(none("No parks in this recording (weft.GoroutinePark: " + eventStatus(PARK) + ")."));
      else profileTable(box, D.blocking, "Blocking site", "(site not recorded)");
    }

    function pinnedTable() {
      const box = section("pinned");
      if (!recorded(PINNED)) box.append(none(ev[PINNED] && ev[PINNED].enabled === false
        ? "Pinned parks were not recorded (weft.GoroutinePinned: " + eventStatus(PINNED) + ")."
        : "None: no goroutine pinned its carrier thread."));
      else profileTable(box, D.pinned, "Frame to annotate", "(frame not recorded)");
    }

    function leaksTable() {
      const box = section("leaks");
      const alive = D.leaks.reduce((sum, l) => sum + l.count, 0);
      if (!recorded(START)) {
        box.append(none("Goroutine starts were not recorded (weft.GoroutineStart: " + eventStatus(START) + "), so which goroutines outlived the recording is unknown."));
        return;
      }
      if (D.leaks.length === 0) {
        box.append(none("None: every goroutine that started during the recording ended."));
        return;
      }
      box.append(el("p", { text: count(alive) + " goroutine" + (alive === 1 ? "" : "s") + " alive at the end, created at " + count(D.leaks.length)
        + " site" + (D.leaks.length === 1 ? "" : "s") + ". Click an id to see it on the timeline." }));
      const headers = [{ text: "Goroutines", num: true }, { text: "Creation site" }];
      if (liveKnown) headers.push({ text: "State at the end" });
      headers.push({ text: "Ids (the first " + D.limits.leakIds + ")" });
      table(box, headers,
        D.leaks.map(l => () => el("tr", { "data-leak-site": str(l.site) || "", "data-leak-count": String(l.count) },
          el("td", { class: "num", text: count(l.count) }),
          el("td", { class: "site", text: str(l.site) || "(site not recorded)" }),
          liveKnown ? waitsCell(l) : null,
          el("td", null, ...l.ids.flatMap((g, k) => [k ? ", " : null, timeline.goroutineLink(g, String(g))]).filter(Boolean),
            l.count > l.ids.length ? ", \u2026" : null))), 50);
    }

    /** What the goroutines of leak l wait on at the end, a line per state and blocking site, as the runtime counted them. */
    function waitsCell(l) {
      const td = el("td");
      if (l.waits.length === 0) {
        td.append(el("span", { class: "none", text: "none alive at the end, as the runtime saw it" }));
        return td;
      }
      for (const w of l.waits) {
        const state = str(w.state), site = str(w.site);
        td.append(el("div", { class: "wait", "data-wait-state": state || "", "data-wait-site": site || "", "data-wait-count": String(w.count) },
          swatch(state === "running" || state === "runnable" || state === "pinned" ? STATE_COLORS[state] : reasonColor(state)),
          count(w.count) + " \u00d7 " + (state || "(state not recorded)") + (site ? " at " + site : "")));
      }
      const counted = l.waits.reduce((sum, w) => sum + w.count, 0);
      if (counted !== l.count) {
        td.append(el("div", { class: "none", text: "the runtime counted " + count(counted) + " alive from this site at the end"
          + (counted > l.count ? ", those started before the recording too" : "") }));
      }
      return td;
    }

    function reportsTable() {
      const box = section("reports");
      box.append(el("h3", { text: "Deadlocks" }));
      if (D.deadlocks.total === 0) box.append(none("None reported."));
      for (const d of D.deadlocks.items) {
        box.append(el("p", { text: "at " + duration(d.time) + ": all goroutines are asleep - deadlock!" }), el("pre", { text: d.dump || "(no dump)" }));
      }
      if (D.deadlocks.total > D.deadlocks.items.length) box.append(none("and " + count(D.deadlocks.total - D.deadlocks.items.length) + " more"));
      box.append(el("h3", { text: "Data races" }));
      if (D.races.total === 0) {
        box.append(none("None reported" + (recorded(DATA_RACE) ? "." : " (race mode finds them: -javaagent:weft-agent.jar=race).")));
        return;
      }
      table(box, [{ text: "At", num: true }, { text: "Location" }, { text: "Goroutines" }, { text: "Report" }],
        D.races.items.map(r => () => el("tr", null,
          el("td", { class: "num", text: duration(r.time) }),
          el("td", { class: "site", text: r.location || "" }),
          el("td", null, r.g ? timeline.goroutineLink(r.g, "goroutine " + r.g) : "a thread", " and ", r.previous ? timeline.goroutineLink(r.previous, "goroutine " + r.previous) : "a thread"),
          el("td", null, el("details", null, el("summary", { text: "report" }), el("pre", { text: r.report || "" }))))), 50);
      if (D.races.total > D.races.items.length) box.append(none("and " + count(D.races.total - D.races.items.length) + " more"));
    }

    function recordingTable() {
      const box = section("recording");
      table(box, [{ text: "Event" }, { text: "Events read", num: true }, { text: "In this recording" }],
        Object.keys(ev).map(name => () => el("tr", null,
          el("td", { class: "site", text: name }),
          el("td", { class: "num", text: count(ev[name].count) }),
          el("td", { text: eventStatus(name) }))), 100);
      box.append(el("p", { class: "lead", text: "Aggregates over time are kept in " + count(B.pinned.length)
        + " buckets of " + duration(B.width) + " (at most " + count(D.limits.buckets) + "); runs and parks are kept one by one up to "
        + count(D.limits.runs) + " and " + count(D.limits.parks) + ", the earliest; deadlocks and data races up to " + count(D.limits.reports) + "." }));
    }
  }
  // last: the constants above are initialized by now
  try {
    main(JSON.parse(document.getElementById("trace-data").textContent));
    if (!body.dataset.status.startsWith("error")) {
      body.dataset.status = "ok";
    }
  } catch (e) {
    fail(e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : String(e));
  }
})();
