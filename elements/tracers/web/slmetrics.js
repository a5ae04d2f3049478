// gst-streamlab: the slmetrics tracer's live view.
// Reads snapshots from the tracer (WebSocket /ws, else /api/snapshot every
// second) and draws them; the only thing it sends is which element the
// scope watches. Plain DOM, SVG and canvas: nothing is loaded from outside.
"use strict";

const COLORS = ["#2b5fad", "#c62828", "#2e8b57", "#d08a00", "#7b4fb5",
                "#00838f", "#8d6e63", "#ad1457"];
const NODE_W = 170, NODE_H = 126, COL_W = 280, ROW_H = 146;

const view = {
  snap: null,
  pipeline: null,        // name of the pipeline shown
  watched: null,         // element name the scope watches
  ws: null,
  seenEvents: new Set(),
  drops: new Map(),      // edge key -> last dropped count
  tapSamples: 0,
  layoutKey: "",
};

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
}

function fmt(v, digits) {
  if (v === undefined || v === null) return "–";
  if (Math.abs(v) >= 1e6) return (v / 1e6).toFixed(2) + "M";
  if (Math.abs(v) >= 1e4) return (v / 1e3).toFixed(1) + "k";
  return Number(v).toFixed(digits === undefined ? 0 : digits);
}

// --- connection -------------------------------------------------------

function send(text) {
  if (view.ws && view.ws.readyState === WebSocket.OPEN) view.ws.send(text);
}

function connect() {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  let ws;
  try {
    ws = new WebSocket(proto + "//" + location.host + "/ws");
  } catch (e) {
    poll();
    return;
  }
  view.ws = ws;
  ws.onopen = () => {
    $("status").textContent = "live";
    $("status").classList.add("live");
    if (view.watched) send("watch " + view.watched);
  };
  ws.onmessage = (m) => update(JSON.parse(m.data));
  ws.onclose = () => {
    $("status").textContent = "disconnected, retrying…";
    $("status").classList.remove("live");
    view.ws = null;
    setTimeout(connect, 1000);
  };
}

function poll() {
  fetch("api/snapshot").then((r) => r.json()).then(update)
    .finally(() => setTimeout(poll, 1000));
}

// --- model --------------------------------------------------------------

function elementsOf(snap, pipeline) {
  return snap.elements.filter((e) => e.pipeline === pipeline && e.live);
}

// The element of a description's node: the one named like it (the
// outermost when a wrapper and its child share the name's prefix).
function elementForNode(els, id) {
  let best = null;
  for (const e of els)
    if (e.name === id && (!best || e.path.length < best.path.length)) best = e;
  return best;
}

// Elements and links between running elements, as the graph to draw when
// the application gave no description: leaf elements only.
function genericGraph(snap, els) {
  const paths = new Set(els.map((e) => e.path));
  const isBin = (p) => els.some((e) => e.path.startsWith(p + "/"));
  const nodes = els.filter((e) => !isBin(e.path)).map((e) => ({
    id: e.name, key: e.path, type: e.factory, element: e,
  }));
  const byPath = new Map(nodes.map((n) => [n.key, n]));
  const edges = [];
  for (const l of snap.links) {
    if (!paths.has(l.from) || !byPath.has(l.from) || !byPath.has(l.to)) continue;
    edges.push({ from: l.from, to: l.to, fromPad: l.from_pad, key: l.from + "." + l.from_pad });
  }
  return { nodes, edges, described: false };
}

function describedGraph(snap, p, els) {
  const g = p.graph;
  const nodes = g.nodes.map((n) => ({
    id: n.id, key: n.id, type: n.type || n.factory, factory: n.factory,
    resilient: !!n.resilient, fanout: !!n.fanout,
    element: elementForNode(els, n.id),
  }));
  const edges = (g.connections || []).map((c, i) => ({
    from: c.from, to: c.to, capacity: c.capacity, policy: c.policy,
    key: "c" + i + ":" + c.from + ">" + c.to,
  }));
  return { nodes, edges, described: true };
}

// What sits between two elements of a described connection: the queue or
// the fanout branch that holds its frames (level, capacity, dropped).
function channelOf(snap, els, fromEl, toEl) {
  if (!fromEl || !toEl) return null;
  const byPath = new Map(els.map((e) => [e.path, e]));
  const out = new Map();
  for (const l of snap.links) {
    if (!out.has(l.from)) out.set(l.from, []);
    out.get(l.from).push(l);
  }
  // breadth first from the source element's pads to the target element
  const queue = [[fromEl.path, []]];
  const seen = new Set([fromEl.path]);
  while (queue.length) {
    const [path, hops] = queue.shift();
    for (const l of out.get(path) || []) {
      const h = hops.concat([l]);
      if (l.to === toEl.path || l.to.startsWith(toEl.path + "/")) return measure(byPath, h);
      if (!seen.has(l.to)) { seen.add(l.to); queue.push([l.to, h]); }
    }
  }
  return null;
}

function measure(byPath, hops) {
  for (const l of hops) {
    const from = byPath.get(l.from);
    const pad = from && from.pads.find((p) => p.name === l.from_pad && p.capacity !== undefined);
    if (pad) return { level: pad.level || 0, capacity: pad.capacity, dropped: pad.dropped || 0 };
    const to = byPath.get(l.to);
    if (to && to.capacity !== undefined)
      return { level: to.level || 0, capacity: to.capacity, dropped: to.dropped || 0 };
  }
  return null;
}

// --- drawing ------------------------------------------------------------

function layout(graph) {
  const depth = new Map(graph.nodes.map((n) => [n.key, 0]));
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const e of graph.edges) {
      const d = (depth.get(e.from) || 0) + 1;
      if (depth.has(e.to) && d > depth.get(e.to)) { depth.set(e.to, d); changed = true; }
    }
    if (!changed) break;
  }
  const rows = new Map();
  const pos = new Map();
  for (const n of graph.nodes) {
    const c = depth.get(n.key);
    const r = rows.get(c) || 0;
    rows.set(c, r + 1);
    pos.set(n.key, { x: 10 + c * COL_W, y: 10 + r * ROW_H });
  }
  return pos;
}

function nodeBox(n) {
  const box = el("div", { class: "node", "data-id": n.id },
    el("div", { class: "id", title: n.id }, n.id),
    el("div", { class: "type" }, n.type + (n.resilient ? " · resilient" : "")),
    el("div", { class: "nums" },
      el("span", {}, "frames/s"), el("span", { class: "v fps" }, "–"),
      el("span", {}, "frames"), el("span", { class: "v frames" }, "–"),
      el("span", {}, "drops"), el("span", { class: "v drops" }, "–"),
      el("span", {}, "errors"), el("span", { class: "v errors" }, "–"),
      el("span", {}, "p50/p99 µs"), el("span", { class: "v lat" }, "–"),
      el("span", { class: "fill-label" }, ""), el("span", { class: "v fill" }, "")));
  if (n.resilient) box.classList.add("resilient");
  if (n.fanout || n.type === "slfanout" || n.type === "tee") box.classList.add("fanout");
  box.onclick = () => watch(n.element ? n.element.name : n.id);
  return box;
}

function drawGraph(snap, p) {
  const els = elementsOf(snap, p.name);
  const graph = p.graph && p.graph.nodes ? describedGraph(snap, p, els) : genericGraph(snap, els);
  const host = $("graph");
  const key = p.name + "|" + graph.nodes.map((n) => n.key).join(",") + "|" +
    graph.edges.map((e) => e.key).join(",");
  const pos = layout(graph);
  if (key !== view.layoutKey) {
    view.layoutKey = key;
    host.querySelectorAll(".node").forEach((n) => n.remove());
    for (const n of graph.nodes) {
      const b = nodeBox(n);
      const xy = pos.get(n.key);
      b.style.left = xy.x + "px";
      b.style.top = xy.y + "px";
      b.dataset.key = n.key;
      host.append(b);
    }
    let w = 0, h = 0;
    for (const xy of pos.values()) { w = Math.max(w, xy.x + NODE_W + 20); h = Math.max(h, xy.y + NODE_H + 20); }
    host.style.height = (h + 30) + "px";
    const svg = $("edges");
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
  }
  $("graph-title").textContent = p.name + (graph.described ? " (description)" : " (elements and links)");

  // numbers
  for (const n of graph.nodes) {
    const box = host.querySelector('.node[data-key="' + CSS.escape(n.key) + '"]');
    const e = n.element;
    if (!box || !e) continue;
    box.querySelector(".fps").textContent = fmt(e.fps, 1);
    box.querySelector(".frames").textContent = e.frames;
    box.querySelector(".drops").textContent = e.dropped !== undefined ? fmt(e.dropped) : "0";
    const err = box.querySelector(".errors");
    err.textContent = e.errors;
    err.classList.toggle("bad", e.errors > 0);
    box.classList.toggle("errors", e.errors > 0);
    const lat = (v) => fmt(v, v >= 100 ? 0 : 1);
    box.querySelector(".lat").textContent = lat(e.p50_us) + " / " + lat(e.p99_us);
    if (e.capacity !== undefined) {
      box.querySelector(".fill-label").textContent = "fill";
      box.querySelector(".fill").textContent = fmt(e.level) + " / " + fmt(e.capacity);
    }
    box.classList.toggle("watched", view.watched === e.name);
  }

  // connections
  const svg = $("edges");
  svg.replaceChildren();
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  for (const e of graph.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2;
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    const mx = (x1 + x2) / 2;
    path.setAttribute("d", `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`);
    let fill = null;
    if (graph.described) {
      fill = channelOf(snap, els, byKey.get(e.from).element, byKey.get(e.to).element);
    } else {
      const from = byKey.get(e.from).element;
      const pad = from && from.pads.find((q) => q.name === e.fromPad && q.capacity !== undefined);
      if (pad) fill = { level: pad.level || 0, capacity: pad.capacity, dropped: pad.dropped || 0 };
    }
    let cls = "", label = e.capacity !== undefined ? "cap " + e.capacity : "";
    if (fill) {
      const prev = view.drops.get(e.key);
      const dropping = prev !== undefined && fill.dropped > prev;
      view.drops.set(e.key, fill.dropped);
      const ratio = fill.capacity > 0 ? fill.level / fill.capacity : 0;
      if (dropping || (fill.capacity > 0 && fill.level >= fill.capacity)) cls = "full";
      else if (ratio >= 0.8) cls = "warn";
      label = fmt(fill.level) + "/" + fmt(fill.capacity) + (fill.dropped ? " · " + fmt(fill.dropped) + " lost" : "");
    }
    if (e.policy) label += " · " + e.policy;
    if (cls) path.setAttribute("class", cls);
    path.dataset.edge = e.key;
    svg.append(path);
    if (label) {
      const t = document.createElementNS("http://www.w3.org/2000/svg", "text");
      t.setAttribute("x", mx);
      t.setAttribute("y", (y1 + y2) / 2 - 6);
      t.setAttribute("text-anchor", "middle");
      if (cls) t.setAttribute("class", cls);
      t.textContent = label;
      svg.append(t);
    }
  }
}

function drawPipelines(snap) {
  const body = $("pipelines").tBodies[0];
  body.replaceChildren();
  for (const p of snap.pipelines) {
    const tr = el("tr", { class: "pipeline" + (p.name === view.pipeline ? " selected" : ""), "data-name": p.name },
      el("td", {}, p.name), el("td", {}, p.instance),
      el("td", { class: "state-" + p.state + (p.failed ? " failed" : "") }, p.state + (p.failed ? " (failed)" : "")),
      el("td", {}, fmt(p.for_s, 1) + " s"));
    tr.onclick = () => { view.pipeline = p.name; view.layoutKey = ""; update(view.snap); };
    body.append(tr);
  }
}

function drawEvents(snap) {
  const list = $("events");
  for (const e of snap.events) {
    if (view.seenEvents.has(e.id)) continue;
    view.seenEvents.add(e.id);
    const t = new Date(e.time_us / 1000);
    list.prepend(el("li", { class: "event", "data-kind": e.kind },
      el("span", {}, t.toLocaleTimeString() + " "),
      el("span", { class: "kind" }, e.kind), " ",
      el("span", {}, e.pipeline + " / " + e.element + " "),
      el("span", { class: "detail" }, e.detail)));
  }
  while (list.children.length > 200) list.lastChild.remove();
}

function watch(name) {
  view.watched = name;
  $("scope-title").textContent = name;
  send("watch " + name);
}

// radix-2 FFT magnitude (dB) of a Hann-windowed block
function spectrum(x) {
  let n = 1;
  while (n * 2 <= x.length) n *= 2;
  const re = new Float64Array(n), im = new Float64Array(n);
  const off = x.length - n;
  for (let i = 0; i < n; i++) re[i] = x[off + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j], re[i]]; }
  }
  for (let len = 2; len <= n; len *= 2) {
    const ang = -2 * Math.PI / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
        const ar = re[i + k + len / 2], ai = im[i + k + len / 2];
        const tr = ar * wr - ai * wi, ti = ar * wi + ai * wr;
        re[i + k + len / 2] = re[i + k] - tr; im[i + k + len / 2] = im[i + k] - ti;
        re[i + k] += tr; im[i + k] += ti;
      }
    }
  }
  const out = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) out[i] = 20 * Math.log10(Math.hypot(re[i], im[i]) * 2 / n + 1e-12);
  return out;
}

// the tap's channels: each the base64 of its scale (float32) and its
// samples (int16), little-endian (absent when the snapshot brings no new
// samples)
function decodeChannels(tap) {
  return (tap.channels_q16 || []).map((b64) => {
    const bin = atob(b64);
    const view = new DataView(new ArrayBuffer(bin.length));
    for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
    const scale = bin.length >= 4 ? view.getFloat32(0, true) : 0;
    const out = new Float64Array(Math.max(0, (bin.length - 4) >> 1));
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(4 + 2 * i, true) * scale;
    return out;
  });
}

function drawTap(tap) {
  const scope = $("scope"), spec = $("spectrum");
  if (!tap) return;
  tap.channels = decodeChannels(tap);
  if (tap.channels.length === 0) return;
  if (String(tap.serial) === scope.dataset.serial) return;
  scope.dataset.serial = tap.serial;
  view.tapChannels = tap.channels;
  view.tapSamples += tap.channels[0].length;
  scope.dataset.samples = view.tapSamples;
  $("scope-title").textContent = tap.element + " · " + tap.rate + " Hz · " +
    tap.channels.length + " ch";

  let ctx = scope.getContext("2d");
  const W = scope.width, H = scope.height;
  ctx.clearRect(0, 0, W, H);
  let peak = 1e-9;
  for (const ch of tap.channels) for (const v of ch) peak = Math.max(peak, Math.abs(v));
  ctx.strokeStyle = "#dde2e8";
  ctx.beginPath(); ctx.moveTo(0, H / 2); ctx.lineTo(W, H / 2); ctx.stroke();
  tap.channels.forEach((ch, c) => {
    ctx.strokeStyle = COLORS[c % COLORS.length];
    ctx.beginPath();
    ch.forEach((v, i) => {
      const x = i * W / (ch.length - 1 || 1), y = H / 2 - v / peak * (H / 2 - 4);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  });
  ctx.fillStyle = "#6b7382";
  ctx.fillText("±" + peak.toPrecision(3), 4, 12);

  ctx = spec.getContext("2d");
  ctx.clearRect(0, 0, W, H);
  const lo = -120, hi = 0;
  tap.channels.forEach((ch, c) => {
    const s = spectrum(ch);
    ctx.strokeStyle = COLORS[c % COLORS.length];
    ctx.beginPath();
    s.forEach((db, i) => {
      const x = i * W / (s.length - 1 || 1);
      const y = H - (Math.min(hi, Math.max(lo, db)) - lo) / (hi - lo) * H;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  });
  ctx.fillStyle = "#6b7382";
  ctx.fillText("0 dB", 4, 12);
  ctx.fillText("-120 dB", 4, H - 4);
  ctx.fillText((tap.rate / 2) + " Hz", W - 60, H - 4);
}

// the description an application gave (a JSON string), or null when it
// gave none or a broken one: then the running elements are drawn
function parseGraphs(snap) {
  for (const p of snap.pipelines) {
    if (typeof p.graph !== "string") continue;
    try {
      const g = JSON.parse(p.graph);
      p.graph = g && Array.isArray(g.nodes) ? g : null;
    } catch (e) {
      p.graph = null;
    }
  }
}

function update(snap) {
  if (!snap) return;
  if (snap !== view.snap) parseGraphs(snap);
  view.snap = snap;
  $("host").textContent = snap.host + " · pid " + snap.pid;
  if (!snap.pipelines.some((p) => p.name === view.pipeline)) {
    const running = snap.pipelines.filter((p) => p.state === "playing" || p.state === "paused");
    const pick = running.length ? running[running.length - 1] : snap.pipelines[snap.pipelines.length - 1];
    view.pipeline = pick ? pick.name : null;
    view.layoutKey = "";
  }
  drawPipelines(snap);
  const p = snap.pipelines.find((q) => q.name === view.pipeline);
  if (p) drawGraph(snap, p);
  else $("graph-title").textContent = "";
  drawEvents(snap);
  drawTap(snap.tap);
}

connect();
