#!/usr/bin/env node
// browser_test.mjs runs the course's notebooks in JupyterLab, in headless Chromium, the way a student would:
// it serves this folder with `jupyter lab` on 127.0.0.1 (a free port, a random token), and for each notebook
// opens it, clears its outputs, clicks Run ▸ Run All Cells, waits until every code cell has run, fails on an
// error output (or "exit status N" on stderr), a cell that never finishes, a dialog or a missing expected
// output, saves screenshots of the whole notebook (one per screen) and shuts its kernel down.
//
//   cd notebooks && npm ci && node browser_test.mjs [notebook.ipynb]... [--expect TEXT]... [--full]
//       [--out DIR] [--timeout SECONDS] [--chromium PATH] [--no-expectations]
//
// Defaults: every NN-*.ipynb of this folder, in order; quick mode (GOCNN_QUICK=1 for the kernels);
// screenshots in /tmp/gocnn-screens (<notebook>-NN.png); a limit of 600 s per notebook for Run All;
// /usr/bin/chromium. The expected outputs are expectations.py's checks for the mode (Contains, Matches,
// AtLeast, AtMost, read with python3), checked on the text the page shows; --expect adds a text every
// notebook must show. JupyterLab's autosave is off, and every notebook file is checked to be unchanged at
// the end: the run never writes outputs into the repository. Needs: JupyterLab and the GoNB kernel
// (docker/setup.sh), Chromium (apt-get install chromium), playwright-core (npm ci in this folder).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  console.error(`browser_test: ${msg}\nusage: node browser_test.mjs [notebook.ipynb]... [--expect TEXT]... [--full] [--out DIR] [--timeout SECONDS] [--chromium PATH] [--no-expectations]`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { notebooks: [], expect: [], quick: true, out: "/tmp/gocnn-screens", timeout: 600,
    chromium: process.env.CHROMIUM || "/usr/bin/chromium", expectations: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--expect") o.expect.push(value());
    else if (a === "--full") o.quick = false;
    else if (a === "--no-expectations") o.expectations = false;
    else if (a === "--out") o.out = path.resolve(value());
    else if (a === "--timeout") {
      o.timeout = Number(value());
      if (!(o.timeout > 0)) usage(`--timeout ${argv[i]}: want a number of seconds > 0`);
    } else if (a === "--chromium") o.chromium = value();
    else if (a.startsWith("-")) usage(`unknown flag ${a}`);
    else o.notebooks.push(path.basename(a));
  }
  if (o.notebooks.length === 0) {
    o.notebooks = fs.readdirSync(here).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
  }
  return o;
}

// expectationsFor reads expectations.py's checks of the notebooks for the mode, as
// {notebook: [{kind, arg, bound}]}.
function expectationsFor(o) {
  const script = `
import json, sys
sys.path.insert(0, ".")
import expectations as e
mode = sys.argv[1]
out = {}
for nb, checks in e.EXPECTATIONS.items():
    rows = []
    for c in checks:
        if mode not in c.modes:
            continue
        kind = type(c).__name__
        if kind == "Contains":
            rows.append({"kind": kind, "arg": c.substring})
        elif kind in ("Matches", "AtLeast", "AtMost"):
            rows.append({"kind": kind, "arg": c.pattern, "bound": getattr(c, "bound", None)})
    out[nb] = rows
print(json.dumps(out))
`;
  const r = spawnSync(process.env.PYTHON || "python3", ["-c", script, o.quick ? "quick" : "full"], { cwd: here, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`reading expectations.py: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

// checkExpectation returns a problem, or null when text passes the check.
function checkExpectation(c, text) {
  if (c.kind === "Contains") return text.includes(c.arg) ? null : `the page does not show ${JSON.stringify(c.arg)}`;
  const re = new RegExp(c.arg, "gm");
  if (c.kind === "Matches") return re.test(text) ? null : `no output on the page matches /${c.arg}/`;
  const found = [...text.matchAll(re)].map((m) => Number(m[1].replaceAll(",", "")));
  if (found.length === 0) return `no output on the page matches /${c.arg}/ (${c.kind} ${c.bound})`;
  const bad = found.filter((v) => (c.kind === "AtLeast" ? !(v >= c.bound) : !(v <= c.bound)));
  return bad.length ? `/${c.arg}/: ${bad.join(", ")} not ${c.kind === "AtLeast" ? ">=" : "<="} ${c.bound}` : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

function writeJSON(file, obj) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(obj, null, 2));
}

// startJupyter serves this folder; settings turn off autosave and the news/update pop-ups.
async function startJupyter(o, scratch) {
  const settings = path.join(scratch, "settings");
  writeJSON(path.join(settings, "@jupyterlab", "docmanager-extension", "plugin.jupyterlab-settings"),
    { autosave: false });
  // Every cell in the DOM and rendered (the default, contentVisibility, skips the cells out of view).
  writeJSON(path.join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"),
    { windowingMode: "none" });
  writeJSON(path.join(settings, "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"),
    { fetchNews: "false", checkForUpdates: false });
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const python = process.env.PYTHON || "python3";
  const env = { ...process.env, GOEXPERIMENT: "simd", GOTOOLCHAIN: process.env.GOTOOLCHAIN || "go1.27.3",
    JUPYTER_RUNTIME_DIR: path.join(scratch, "runtime") };
  if (o.quick) env.GOCNN_QUICK = "1"; else delete env.GOCNN_QUICK;
  const args = ["-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${here}`,
    `--LabApp.user_settings_dir=${settings}`, `--LabApp.workspaces_dir=${path.join(scratch, "workspaces")}`];
  if (process.getuid && process.getuid() === 0) args.push("--allow-root"); // containers and CI run as root
  const log = fs.openSync(path.join(o.out, "jupyter.log"), "w");
  const proc = spawn(python, args, { cwd: here, env, stdio: ["ignore", log, log] });
  let exited = null;
  proc.on("exit", (code, sig) => { exited = `exit ${code ?? sig}`; });
  proc.on("error", (e) => { exited = `could not start ${python} -m jupyter lab: ${e.message}`; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`jupyter lab stopped (${exited}); see ${path.join(o.out, "jupyter.log")}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return { proc, base, token };
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  proc.kill("SIGTERM");
  throw new Error(`jupyter lab did not answer on ${base} within 60s; see ${path.join(o.out, "jupyter.log")}`);
}

async function stopJupyter(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM"); // jupyter_server shuts its kernels down on SIGTERM
  if (await Promise.race([done.then(() => true), sleep(20_000).then(() => false)])) return;
  proc.kill("SIGKILL");
  await done;
}

// cellStates returns the prompt of every code cell ("[3]:", "[*]:", "[ ]:"). textContent, not innerText:
// JupyterLab skips the rendering of cells out of view (CSS content-visibility), and innerText reads "" for
// them, so a wait on innerText never sees the cells scrolled past finish.
async function cellStates(page) {
  return page.locator(".jp-CodeCell .jp-InputPrompt").allTextContents();
}

// menu clicks a top menu, then one of its items, by their labels.
async function menu(page, top, item) {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).click();
}

async function runNotebook(page, o, nb, base, token) {
  // ?reset: a fresh workspace, so JupyterLab does not reopen the previous notebook (and start its kernel).
  await page.goto(`${base}/lab/tree/${encodeURIComponent(nb)}?reset&token=${token}`);
  await page.locator(".jp-NotebookPanel .jp-Notebook").first().waitFor({ timeout: 60_000 });
  // Wait until the session has the GoNB kernel and is connected. GoNB v0.11.5 does not answer
  // history_request, so JupyterLab shows "Go (gonb) | Unknown" until the first cell runs.
  await page.locator(".jp-NotebookPanel-toolbar .jp-Toolbar-kernelName", { hasText: "Go (gonb)" })
    .first().waitFor({ timeout: 120_000 });
  const indicator = page.locator(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator").first();
  const t0 = Date.now();
  while (["connecting", "starting", "initializing"].includes(await indicator.getAttribute("data-status"))) {
    if (Date.now() - t0 > 120_000) throw new Error("the GoNB kernel did not connect within 120s");
    await sleep(250);
  }
  await page.keyboard.press("Escape"); // command mode
  if (await page.locator(".jp-SideBar .lm-TabBar-tab.lm-mod-current").count() > 0) {
    await menu(page, "View", "File Browser"); // hide the left sidebar: more room for the notebook
  }
  await menu(page, "Edit", "Clear Outputs of All Cells"); // prompts go back to [ ]: and show progress
  await menu(page, "Run", "Run All Cells");
  const start = Date.now();
  let states = [];
  while (Date.now() - start < o.timeout * 1000) {
    await sleep(1000);
    if (await page.locator(".jp-Dialog").count() > 0) {
      const text = (await page.locator(".jp-Dialog").first().innerText()).replace(/\s+/g, " ");
      throw new Error(`JupyterLab opened a dialog during Run All: ${text}`);
    }
    states = (await cellStates(page)).map((s) => s.trim());
    const done = states.filter((s) => /^\[\d+\]:$/.test(s)).length;
    const running = states.filter((s) => s === "[*]:").length;
    if (states.length > 0 && running === 0 && done === states.length) return (Date.now() - start) / 1000;
    if (running === 0 && done > 0 && await page.locator(errorSelector).count() > 0) {
      return (Date.now() - start) / 1000; // stopped at an error: Run All does not go on after one
    }
  }
  const waiting = states.map((s, i) => (/^\[\d+\]:$/.test(s) ? null : `code cell ${i + 1} ${s}`)).filter(Boolean);
  throw new Error(`Run All did not finish within ${o.timeout}s: ${waiting.join(", ")} (prompts: ${states.join(" ")})`);
}

const errorSelector = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]';
const stderrSelector = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';

// outputText joins the text of every output on the page, one output per line: textContent, which does not
// depend on what the browser has laid out.
async function outputText(page) {
  return (await page.locator(".jp-NotebookPanel .jp-OutputArea-output").evaluateAll(
    (els) => els.map((e) => e.textContent))).join("\n");
}

// shutdownKernels deletes every session of the server: their kernels stop.
async function shutdownKernels(base, token) {
  const headers = { Authorization: `token ${token}` };
  const r = await fetch(`${base}/api/sessions`, { headers });
  for (const sess of r.ok ? await r.json() : []) {
    await fetch(`${base}/api/sessions/${sess.id}`, { method: "DELETE", headers });
  }
}

// screenshots scrolls the notebook one screen at a time and saves each screen.
async function screenshots(page, o, nb) {
  const stem = path.join(o.out, nb.replace(/\.ipynb$/, ""));
  for (const f of fs.readdirSync(o.out)) {
    if (f.startsWith(path.basename(stem) + "-") && f.endsWith(".png")) fs.unlinkSync(path.join(o.out, f));
  }
  const scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first();
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  const files = [];
  for (let i = 1; i <= 60; i++) {
    await sleep(300);
    const file = `${stem}-${String(i).padStart(2, "0")}.png`;
    await page.screenshot({ path: file });
    files.push(file);
    const more = await scroller.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollBy(0, el.clientHeight * 0.9);
      return el.scrollTop > before;
    });
    if (!more) break;
  }
  return files;
}

// testNotebook runs one notebook on a new page and returns its problems.
async function testNotebook(browser, o, nb, checks, base, token) {
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("crash", () => pageErrors.push("the page crashed (Chromium's renderer died)"));
  try {
    const runS = await runNotebook(page, o, nb, base, token);
    console.log(`browser_test: ${nb}: Run All took ${runS.toFixed(1)}s (${o.quick ? "quick" : "full"} mode)`);
  } catch (e) {
    problems.push(e.message.split("\n")[0]);
  }
  try {
    for (const e of await page.locator(errorSelector).allTextContents()) {
      problems.push(`error output: ${e.trim().split("\n").slice(0, 3).join(" | ")}`);
    }
    for (const e of await page.locator(stderrSelector).allTextContents()) {
      if (/^exit status \d+\s*$/m.test(e)) problems.push(`stderr: ${e.trim().split("\n").slice(-2).join(" | ")}`);
    }
    const text = await outputText(page);
    for (const c of checks) {
      const p = checkExpectation(c, text);
      if (p) problems.push(p);
    }
    for (const want of o.expect) {
      if (!text.includes(want)) problems.push(`the page does not show ${JSON.stringify(want)}`);
    }
    const files = await screenshots(page, o, nb);
    console.log(`browser_test: ${nb}: ${files.length} screenshots, ${files[0]} …`);
  } catch (e) {
    problems.push(`after the run: ${e.message.split("\n")[0]}`);
  }
  for (const e of pageErrors) problems.push(`page error: ${e}`);
  await page.close().catch(() => {});
  await shutdownKernels(base, token).catch((e) => problems.push(`shutting the kernel down: ${e.message}`));
  return problems;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  for (const nb of o.notebooks) {
    if (!fs.existsSync(path.join(here, nb))) usage(`notebook ${path.join(here, nb)} not found`);
  }
  if (!fs.existsSync(o.chromium)) usage(`Chromium not found at ${o.chromium} (apt-get install chromium, or --chromium PATH)`);
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    usage(`playwright-core is missing (${e.message}): run \`npm ci\` in ${here}`);
  }
  const allChecks = o.expectations ? expectationsFor(o) : {};
  fs.mkdirSync(o.out, { recursive: true });
  const before = Object.fromEntries(o.notebooks.map((nb) => [nb, sha256(path.join(here, nb))]));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gocnn-browser-test-"));
  const t0 = Date.now();
  const { proc, base, token } = await startJupyter(o, scratch);
  const launch = () => chromium.launch({ executablePath: o.chromium, headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  let browser;
  const failed = [];
  try {
    for (const nb of o.notebooks) {
      if (!browser || !browser.isConnected()) browser = await launch();
      const t = Date.now();
      const checks = allChecks[nb] || [];
      if (o.expectations && !allChecks[nb]) console.log(`browser_test: ${nb}: no entry in expectations.py`);
      const problems = await testNotebook(browser, o, nb, checks, base, token);
      if (sha256(path.join(here, nb)) !== before[nb]) problems.push(`${nb} changed during the run: JupyterLab saved it`);
      const secs = ((Date.now() - t) / 1000).toFixed(1);
      if (problems.length) {
        failed.push(nb);
        for (const p of problems) console.error(`browser_test: FAIL ${nb}: ${p}`);
      } else {
        console.log(`browser_test: ok ${nb} (${secs}s, ${checks.length + o.expect.length} expected outputs found)`);
      }
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    await stopJupyter(proc);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const total = (Date.now() - t0) / 1000;
  console.log(`browser_test: ${o.notebooks.length - failed.length}/${o.notebooks.length} notebooks passed in ${total.toFixed(1)}s`);
  if (o.quick && total > 600) console.log("browser_test: warning: the quick pass took more than 10 minutes");
  if (failed.length) process.exit(1);
}

main().catch((e) => {
  console.error(`browser_test: ${e.stack || e}`);
  process.exit(1);
});
