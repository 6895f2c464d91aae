// app.js: the drawing pad of `go run ./lenet/cmd -serve`. It sends the canvas as a PNG to
// POST /api/predict while the student draws (at most one request in flight, the latest
// drawing always answered) and shows the probabilities, the 28×28 input and the feature maps.
// State for tests: body[data-state] is "empty", "busy", "idle" or "error"; body[data-drawn] counts
// drawing changes and body[data-answered] the change the shown answer belongs to.
"use strict";

const pad = document.getElementById("pad");
const ctx = pad.getContext("2d");
const body = document.body;
const INK = "#111111", WIDTH = 18, STEP = 8;

let drawn = 0, answered = 0, inFlight = false, timer = null, empty = true;
let last = null; // last point of the stroke being drawn
let cursor = { x: 140, y: 140, down: false };

function clearPad() {
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, pad.width, pad.height);
  empty = true;
  drawn++;
  answered = drawn;
  body.dataset.drawn = drawn;
  body.dataset.answered = drawn;
  setState("empty");
  showAnswer(null);
}

function setState(s) { body.dataset.state = s; }

function point(e) {
  const r = pad.getBoundingClientRect();
  return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
}

function stroke(a, b) {
  ctx.strokeStyle = INK; ctx.fillStyle = INK; ctx.lineWidth = WIDTH; ctx.lineCap = "round"; ctx.lineJoin = "round";
  ctx.beginPath();
  if (a.x === b.x && a.y === b.y) { ctx.arc(a.x, a.y, WIDTH / 2, 0, 2 * Math.PI); ctx.fill(); }
  else { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke(); }
  empty = false;
  drawn++;
  body.dataset.drawn = drawn;
  schedule(120);
}

pad.addEventListener("pointerdown", (e) => {
  if (e.button !== 0 && e.pointerType === "mouse") return;
  pad.setPointerCapture(e.pointerId);
  last = point(e);
  stroke(last, last);
  e.preventDefault();
});
pad.addEventListener("pointermove", (e) => {
  if (!last) return;
  const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
  for (const ev of (events.length ? events : [e])) {
    const p = point(ev);
    stroke(last, p);
    last = p;
  }
  e.preventDefault();
});
function endStroke() { if (last) { last = null; schedule(0); } }
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);

// Keyboard drawing: arrows move a pen, Space lowers or lifts it, Delete/Backspace/Escape clear.
const cursorEl = document.getElementById("cursor");
function placeCursor() {
  const r = pad.getBoundingClientRect(), pr = pad.parentElement.getBoundingClientRect();
  cursorEl.style.left = `${r.left - pr.left + cursor.x * r.width / pad.width}px`;
  cursorEl.style.top = `${r.top - pr.top + cursor.y * r.height / pad.height}px`;
  cursorEl.classList.toggle("down", cursor.down);
}
pad.addEventListener("focus", placeCursor);
pad.addEventListener("keydown", (e) => {
  const d = e.shiftKey ? 2 : STEP;
  const moves = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] };
  if (moves[e.key]) {
    const from = { x: cursor.x, y: cursor.y };
    cursor.x = Math.min(pad.width - 1, Math.max(0, cursor.x + moves[e.key][0]));
    cursor.y = Math.min(pad.height - 1, Math.max(0, cursor.y + moves[e.key][1]));
    if (cursor.down) stroke(from, cursor);
  } else if (e.key === " " || e.key === "Enter") {
    cursor.down = !cursor.down;
    if (cursor.down) stroke(cursor, cursor); else schedule(0);
  } else if (e.key === "Delete" || e.key === "Backspace" || e.key === "Escape") {
    clearPad();
  } else return;
  placeCursor();
  e.preventDefault();
});
document.addEventListener("keydown", (e) => {
  if (e.target === pad || e.target.tagName === "BUTTON" && (e.key === " " || e.key === "Enter")) return;
  if (e.key === "Delete") { clearPad(); e.preventDefault(); }
});
document.getElementById("clear").addEventListener("click", () => { clearPad(); pad.focus(); });

// schedule sends the drawing after ms, unless a request is already on its way (then its answer
// triggers the next one).
function schedule(ms) {
  if (empty) return;
  setState("busy");
  if (timer !== null) { if (ms > 0) return; clearTimeout(timer); }
  timer = setTimeout(() => { timer = null; predict(); }, ms);
}

async function predict() {
  if (inFlight || empty) return;
  inFlight = true;
  const version = drawn;
  try {
    const blob = await new Promise((r) => pad.toBlob(r, "image/png"));
    const res = await fetch("api/predict", { method: "POST", headers: { "Content-Type": "image/png" }, body: blob });
    const data = await res.json();
    if (version < answered || empty) return; // cleared meanwhile
    if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
    answered = version;
    showAnswer(data);
    body.dataset.answered = version;
  } catch (err) {
    showError(err.message);
  } finally {
    inFlight = false;
    if (!empty && drawn !== answered && !last) schedule(0);
    else if (!empty && drawn !== answered) schedule(120);
    else if (!empty && body.dataset.state !== "error") setState("idle");
  }
}

function showError(msg) {
  const el = document.getElementById("error");
  el.textContent = msg;
  el.hidden = false;
  setState("error");
}

// ---- the answer ----
const barsEl = document.getElementById("bars");
const bars = [];
for (let d = 0; d < 10; d++) {
  const li = document.createElement("li");
  li.innerHTML = `<span class="digit">${d}</span><span class="track"><span class="fill"></span></span><span class="pct">–</span>`;
  barsEl.appendChild(li);
  bars.push(li);
}

function showAnswer(data) {
  const answer = document.getElementById("answer");
  document.getElementById("error").hidden = true;
  if (!data) {
    answer.textContent = "–";
    answer.dataset.label = "";
    document.getElementById("confidence").textContent = "draw a digit to start";
    for (const li of bars) {
      li.classList.remove("win");
      li.querySelector(".fill").style.width = "0%";
      li.querySelector(".pct").textContent = "–";
      li.removeAttribute("aria-label");
    }
    paintGrey(document.getElementById("input28"), 28, 28, null);
    paintGrey(document.getElementById("netinput"), 32, 32, null);
    document.getElementById("maps").innerHTML = '<p class="sub">The outputs of the first two convolution layers appear here.</p>';
    return;
  }
  const p = data.probabilities;
  answer.textContent = String(data.label);
  answer.dataset.label = String(data.label);
  document.getElementById("confidence").textContent = `${(100 * p[data.label]).toFixed(1)}% sure`;
  bars.forEach((li, d) => {
    const pct = 100 * (p[d] || 0);
    li.classList.toggle("win", d === data.label);
    li.querySelector(".fill").style.width = `${pct.toFixed(2)}%`;
    li.querySelector(".pct").textContent = pct >= 0.1 ? `${pct.toFixed(1)}%` : "<0.1%";
    li.setAttribute("aria-label", `${d}: ${pct.toFixed(1)} percent`);
  });
  paintGrey(document.getElementById("input28"), data.input.width, data.input.height, data.input.pixels);
  const ni = data.network_input;
  let lo = Infinity, hi = -Infinity;
  for (const v of ni.values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const scaled = ni.values.map((v) => (hi > lo ? Math.round(255 * (v - lo) / (hi - lo)) : 0));
  paintGrey(document.getElementById("netinput"), ni.width, ni.height, scaled);
  document.getElementById("netcaption").textContent =
    `network input, ${ni.width}×${ni.height}: values ${lo.toFixed(2)} … ${hi.toFixed(2)} after resize and normalisation`;
  showMaps(data.feature_maps);
}

function paintGrey(canvas, w, h, pixels) {
  canvas.width = w; canvas.height = h;
  const c = canvas.getContext("2d");
  const img = c.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const v = pixels ? pixels[i] : 0;
    img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  c.putImageData(img, 0, 0);
}

// A viridis-like colour map for the feature maps (low: dark blue, high: yellow).
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const LUT = Array.from({ length: 256 }, (_, v) => {
  const t = v / 255 * (STOPS.length - 1), i = Math.min(STOPS.length - 2, Math.floor(t)), f = t - i;
  return STOPS[i].map((a, k) => Math.round(a + f * (STOPS[i + 1][k] - a)));
});

function showMaps(maps) {
  const root = document.getElementById("maps");
  root.innerHTML = "";
  for (const m of maps || []) {
    const div = document.createElement("div");
    div.className = "layer";
    div.innerHTML = `<h3>${m.layer} <span>· ${m.channels} maps of ${m.height}×${m.width}, ${m.min.toFixed(2)} … ${m.max.toFixed(2)}</span></h3>`;
    const tiles = document.createElement("div");
    tiles.className = `tiles c${m.channels <= 6 ? 6 : 16}`;
    m.maps.forEach((px, k) => {
      const cv = document.createElement("canvas");
      cv.width = m.width; cv.height = m.height;
      cv.setAttribute("role", "img");
      cv.setAttribute("aria-label", `${m.layer} map ${k + 1}`);
      const c = cv.getContext("2d");
      const img = c.createImageData(m.width, m.height);
      for (let i = 0; i < px.length; i++) {
        const [r, g, b] = LUT[px[i]];
        img.data[4 * i] = r; img.data[4 * i + 1] = g; img.data[4 * i + 2] = b; img.data[4 * i + 3] = 255;
      }
      c.putImageData(img, 0, 0);
      tiles.appendChild(cv);
    });
    div.appendChild(tiles);
    root.appendChild(div);
  }
}

// ---- theme and model line ----
const themeBtn = document.getElementById("theme");
function applyTheme(t) {
  if (t) document.documentElement.dataset.theme = t;
  const dark = (document.documentElement.dataset.theme || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark";
  themeBtn.querySelector("span").textContent = dark ? "Light" : "Dark";
  themeBtn.setAttribute("aria-pressed", String(dark));
}
themeBtn.addEventListener("click", () => {
  const dark = themeBtn.getAttribute("aria-pressed") === "true";
  const t = dark ? "light" : "dark";
  try { localStorage.setItem("gocnn-theme", t); } catch { /* private mode */ }
  applyTheme(t);
});
try { applyTheme(localStorage.getItem("gocnn-theme")); } catch { applyTheme(null); }

fetch("api/model").then((r) => r.json()).then((m) => {
  const acc = m.weights.test_accuracy ? ` · ${(100 * m.weights.test_accuracy).toFixed(2)}% on MNIST's test set` : "";
  document.getElementById("model").textContent =
    `${m.title} · ${m.parameters.toLocaleString("en")} parameters${acc} · backend ${m.backend}`;
  document.getElementById("h-answer").textContent = `${m.title.replace(/ \(.*\)$/, "")} says`;
  body.dataset.model = m.model;
}).catch((e) => showError(`GET /api/model: ${e.message}`));

clearPad();
