#!/usr/bin/env node
// browser_test.mjs tests the draw-a-digit page in headless Chromium, the way a student uses it:
// it builds `go run ./lenet/cmd` into a scratch folder, starts it with -serve on a free 127.0.0.1
// port (the shipped LeNet-5), opens the page, and draws MNIST test digits on the canvas as pointer
// strokes (each row's run of ink in the 28×28 image becomes one stroke, scaled to the canvas). It
// requires the page's answer to equal the label for at least --min of --digits digits, checks the
// bars, the 28×28 preview and the feature maps are drawn, saves screenshots (light, dark, a narrow
// phone-sized screen), and finally sends SIGTERM and requires exit status 0 within 15 s.
//
//   node lenet/serve/browser_test.mjs [--digits 20] [--min 18] [--out DIR] [--data DIR]
//       [--chromium PATH] [--backend go|xla:cpu]
//
// Defaults: the first 20 MNIST test digits, screenshots in /tmp/gocnn-draw-screens, MNIST from
// $GOCNN_DATA or the user cache (~/.cache/gocnn/mnist; `go run ./datasets/cmd/fetch` fills it),
// /usr/bin/chromium. playwright-core comes from notebooks/node_modules (`cd notebooks && npm ci`).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function usage(msg) {
  console.error(`browser_test: ${msg}\nusage: node lenet/serve/browser_test.mjs [--digits N] [--min N] [--out DIR] [--data DIR] [--chromium PATH] [--backend NAME]`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { digits: 20, min: 18, out: "/tmp/gocnn-draw-screens", data: "", chromium: process.env.CHROMIUM || "/usr/bin/chromium", backend: "" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--digits") o.digits = Number(value());
    else if (a === "--min") o.min = Number(value());
    else if (a === "--out") o.out = path.resolve(value());
    else if (a === "--data") o.data = value();
    else if (a === "--chromium") o.chromium = value();
    else if (a === "--backend") o.backend = value();
    else usage(`unknown argument ${a}`);
  }
  if (!(o.digits > 0 && o.digits <= 10000) || !(o.min >= 0 && o.min <= o.digits)) usage("want 0 <= --min <= --digits <= 10000");
  return o;
}

// readIDX reads an IDX file (plain or .gz) into { dims, data }.
function readIDX(file) {
  let buf = fs.readFileSync(file);
  if (file.endsWith(".gz")) buf = zlib.gunzipSync(buf);
  const ndim = buf[3];
  const dims = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: buf.subarray(4 + 4 * ndim) };
}

function findMNIST(o) {
  const dirs = [];
  if (o.data) dirs.push(o.data, path.join(o.data, "mnist"));
  if (process.env.GOCNN_DATA) dirs.push(process.env.GOCNN_DATA, path.join(process.env.GOCNN_DATA, "mnist"));
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  dirs.push(path.join(cache, "gocnn", "mnist"), "/usr/share/datasets/mnist");
  for (const d of dirs) {
    for (const ext of ["", ".gz"]) {
      const img = path.join(d, "t10k-images-idx3-ubyte" + ext), lab = path.join(d, "t10k-labels-idx1-ubyte" + ext);
      if (fs.existsSync(img) && fs.existsSync(lab)) return { images: readIDX(img), labels: readIDX(lab), dir: d };
    }
  }
  throw new Error(`MNIST test files not found in ${dirs.join(", ")}: run \`go run ./datasets/cmd/fetch\``);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function startServer(o, bin) {
  const port = await freePort();
  const args = ["-serve", `127.0.0.1:${port}`];
  if (o.backend) args.push("-backend", o.backend);
  const log = fs.openSync(path.join(o.out, "server.log"), "w");
  const proc = spawn(bin, args, { cwd: root, stdio: ["ignore", log, log] });
  let exited = null;
  proc.on("exit", (code, sig) => { exited = { code, sig }; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server stopped (${JSON.stringify(exited)}); see ${path.join(o.out, "server.log")}`);
    try { if ((await fetch(`${base}/api/model`)).ok) return { proc, base, exitedRef: () => exited }; } catch { /* not yet */ }
    await sleep(250);
  }
  proc.kill("SIGKILL");
  throw new Error(`the server did not answer on ${base} within 120 s`);
}

// strokes turns a 28×28 digit into pointer strokes: each horizontal run of ink (≥ 128) in a row.
function strokes(img) {
  const out = [];
  for (let y = 0; y < 28; y++) {
    let x = 0;
    while (x < 28) {
      if (img[y * 28 + x] < 128) { x++; continue; }
      const x0 = x;
      while (x < 28 && img[y * 28 + x] >= 128) x++;
      out.push({ y, x0, x1: x - 1 });
    }
  }
  return out;
}

async function draw(page, img) {
  const box = await page.locator("#pad").boundingBox();
  const s = box.width / 28;
  const at = (x, y) => [box.x + (x + 0.5) * s, box.y + (y + 0.5) * s];
  for (const st of strokes(img)) {
    await page.mouse.move(...at(st.x0, st.y));
    await page.mouse.down();
    await page.mouse.move(...at(st.x1, st.y), { steps: Math.max(1, st.x1 - st.x0) });
    await page.mouse.up();
  }
}

// settle waits until the page shows the answer for the current drawing.
async function settle(page) {
  await page.waitForFunction(() => document.body.dataset.state !== "busy" &&
    document.body.dataset.answered === document.body.dataset.drawn, null, { timeout: 20_000 });
  return page.evaluate(() => document.body.dataset.state);
}

// inspect reads what the page shows: the answer, the bars, the preview and the maps.
function inspect(page) {
  return page.evaluate(() => {
    const inked = (c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0, lo = 255, hi = 0;
      for (let i = 0; i < d.length; i += 4) { if (d[i] > 40) n++; lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
      return { n, varied: hi > lo, w: c.width, h: c.height };
    };
    const bars = [...document.querySelectorAll("#bars li")].map((li) => ({
      width: parseFloat(li.querySelector(".fill").style.width) || 0, win: li.classList.contains("win"),
    }));
    return {
      label: document.getElementById("answer").dataset.label,
      bars,
      preview: inked(document.getElementById("input28")),
      netinput: inked(document.getElementById("netinput")),
      maps: [...document.querySelectorAll("#maps .tiles canvas")].map(inked),
      layers: [...document.querySelectorAll("#maps .layer h3")].map((h) => h.textContent),
    };
  });
}

function check(v, want, problems, tag) {
  const sum = v.bars.reduce((a, b) => a + b.width, 0);
  const win = v.bars.findIndex((b) => b.win);
  if (v.bars.length !== 10 || Math.abs(sum - 100) > 0.5) problems.push(`${tag}: ${v.bars.length} bars summing to ${sum.toFixed(2)}%: want 10 summing to 100%`);
  if (String(win) !== v.label) problems.push(`${tag}: the highlighted bar is ${win}, the answer ${v.label}`);
  if (v.bars[win] && v.bars.some((b) => b.width > v.bars[win].width)) problems.push(`${tag}: the highlighted bar is not the longest`);
  if (v.preview.w !== 28 || v.preview.n < 20) problems.push(`${tag}: the 28×28 preview is ${v.preview.w}×${v.preview.h} with ${v.preview.n} inked pixels`);
  if (v.netinput.n < 20) problems.push(`${tag}: the network-input preview is blank`);
  if (v.maps.length !== 6 + 16 || v.layers.length !== 2) problems.push(`${tag}: ${v.maps.length} feature maps in ${v.layers.length} layers: want 6 + 16 (C1, C3)`);
  const flat = v.maps.filter((m) => !m.varied).length;
  if (flat > 4) problems.push(`${tag}: ${flat} of ${v.maps.length} feature maps are uniform`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(o.chromium)) usage(`Chromium not found at ${o.chromium} (apt-get install chromium, or --chromium PATH)`);
  let chromium;
  try {
    ({ chromium } = createRequire(path.join(root, "notebooks", "package.json"))("playwright-core"));
  } catch (e) {
    usage(`playwright-core is missing (${e.message}): run \`npm ci\` in ${path.join(root, "notebooks")}`);
  }
  fs.mkdirSync(o.out, { recursive: true });
  for (const f of fs.readdirSync(o.out)) if (f.endsWith(".png")) fs.unlinkSync(path.join(o.out, f));
  const mnist = findMNIST(o);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gocnn-draw-test-"));
  const bin = path.join(scratch, "lenet");
  const t0 = Date.now();
  execFileSync("go", ["build", "-o", bin, "./lenet/cmd"], { cwd: root, stdio: "inherit",
    env: { ...process.env, GOEXPERIMENT: "simd", GOTOOLCHAIN: process.env.GOTOOLCHAIN || "go1.27.3" } });
  console.log(`browser_test: built ${bin} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  const server = await startServer(o, bin);
  const model = await (await fetch(`${server.base}/api/model`)).json();
  console.log(`browser_test: serving ${model.title} on ${model.backend} at ${server.base}, weights ${model.weights.source}`);
  const problems = [];
  let browser, right = 0;
  try {
    browser = await chromium.launch({ executablePath: o.chromium, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1, colorScheme: "light" });
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(server.base + "/");
    await page.waitForFunction(() => document.body.dataset.model, null, { timeout: 30_000 });
    await page.screenshot({ path: path.join(o.out, "00-empty-light.png") });
    const [n] = mnist.images.dims;
    const results = [];
    for (let i = 0; i < Math.min(o.digits, n); i++) {
      const img = mnist.images.data.subarray(i * 784, (i + 1) * 784);
      const label = mnist.labels.data[i];
      await page.locator("#clear").click();
      await draw(page, img);
      const state = await settle(page);
      const v = await inspect(page);
      if (state !== "idle") problems.push(`digit ${i}: the page is in state ${state} after drawing`);
      check(v, label, problems, `digit ${i}`);
      const ok = v.label === String(label);
      if (ok) right++;
      results.push(`${label}→${v.label}${ok ? "" : " ✗"}`);
      if (i < 3 || !ok) await page.screenshot({ path: path.join(o.out, `digit-${String(i).padStart(2, "0")}-${label}-as-${v.label}.png`) });
    }
    console.log(`browser_test: ${results.join("  ")}`);
    console.log(`browser_test: ${right}/${results.length} drawn digits answered with their label (want ≥ ${o.min})`);
    if (right < o.min) problems.push(`${right}/${results.length} digits right: want at least ${o.min}`);
    await page.screenshot({ path: path.join(o.out, "01-light.png"), fullPage: true });
    await page.locator("#theme").click(); // dark
    await sleep(200);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (bg !== "rgb(15, 17, 22)") problems.push(`the theme switch left the background ${bg}: want the dark one`);
    await page.screenshot({ path: path.join(o.out, "02-dark.png"), fullPage: true });
    // Keyboard: Delete clears, arrows and Space draw a stroke that gets an answer.
    await page.locator("#pad").focus();
    await page.keyboard.press("Delete");
    await page.keyboard.press("Space");
    for (let k = 0; k < 12; k++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    await settle(page);
    const kv = await inspect(page);
    if (kv.label !== "1") problems.push(`a vertical keyboard stroke was answered ${kv.label}: want 1`);
    await page.screenshot({ path: path.join(o.out, "03-dark-keyboard.png"), fullPage: true });
    // A phone-sized screen in the system's dark scheme.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: "dark", hasTouch: true });
    const pp = await phone.newPage();
    pp.on("pageerror", (e) => problems.push(`page error (phone): ${e.message}`));
    await pp.goto(server.base + "/");
    await pp.waitForFunction(() => document.body.dataset.model, null, { timeout: 30_000 });
    await draw(pp, mnist.images.data.subarray(0, 784));
    await settle(pp);
    const pv = await inspect(pp);
    check(pv, mnist.labels.data[0], problems, "phone");
    const overflow = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`the phone layout is ${overflow}px wider than the screen`);
    await pp.screenshot({ path: path.join(o.out, "04-phone-dark.png"), fullPage: true });
    await phone.close();
  } finally {
    if (browser) await browser.close();
  }
  // Graceful shutdown of the real binary.
  const t1 = Date.now();
  server.proc.kill("SIGTERM");
  while (!server.exitedRef() && Date.now() - t1 < 15_000) await sleep(100);
  const ex = server.exitedRef();
  if (!ex) { server.proc.kill("SIGKILL"); problems.push("the server still ran 15 s after SIGTERM"); }
  else if (ex.code !== 0) problems.push(`the server exited with ${JSON.stringify(ex)} after SIGTERM: want status 0`);
  else console.log(`browser_test: SIGTERM → exit 0 in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`browser_test: screenshots in ${o.out}: ${fs.readdirSync(o.out).filter((f) => f.endsWith(".png")).join(" ")}`);
  if (problems.length) {
    for (const p of problems) console.error(`browser_test: FAIL ${p}`);
    process.exit(1);
  }
  console.log(`browser_test: ok (${right}/${Math.min(o.digits, mnist.images.dims[0])})`);
}

main().catch((e) => { console.error(`browser_test: ${e.stack || e}`); process.exit(1); });
