#!/usr/bin/env node
// browser_test.mjs runs one notebook in JupyterLab, in headless Chromium, the way a student would:
// it serves this folder with `jupyter lab` on 127.0.0.1 (a free port, a random token), opens the
// notebook, clicks Run ▸ Run All Cells, waits until every code cell has run, fails on an error
// output or a missing expected text, and saves screenshots of the whole notebook, one per screen.
//
//   cd notebooks && npm ci && node browser_test.mjs [notebook.ipynb] [--expect TEXT]... [--full]
//       [--out DIR] [--timeout SECONDS] [--chromium PATH]
//
// Defaults: 00-setup-check.ipynb, quick mode (GOCNN_QUICK=1 for the kernel), screenshots in
// /tmp/gocnn-screens (<notebook>-NN.png), a 600 s limit for Run All, /usr/bin/chromium.
// JupyterLab's autosave is off, and the notebook file is checked to be unchanged at the end:
// the run never writes outputs into the repository. Needs: JupyterLab and the GoNB kernel
// (docker/setup.sh), Chromium (apt-get install chromium), playwright-core (npm ci in this folder).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  console.error(`browser_test: ${msg}\nusage: node browser_test.mjs [notebook.ipynb] [--expect TEXT]... [--full] [--out DIR] [--timeout SECONDS] [--chromium PATH]`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { notebook: "00-setup-check.ipynb", expect: [], quick: true, out: "/tmp/gocnn-screens",
    timeout: 600, chromium: process.env.CHROMIUM || "/usr/bin/chromium" };
  let explicitExpect = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
    if (a === "--expect") { o.expect.push(value()); explicitExpect = true; }
    else if (a === "--full") o.quick = false;
    else if (a === "--out") o.out = path.resolve(value());
    else if (a === "--timeout") {
      o.timeout = Number(value());
      if (!(o.timeout > 0)) usage(`--timeout ${argv[i]}: want a number of seconds > 0`);
    } else if (a === "--chromium") o.chromium = value();
    else if (a.startsWith("-")) usage(`unknown flag ${a}`);
    else o.notebook = path.basename(a);
  }
  if (!explicitExpect && o.notebook === "00-setup-check.ipynb") {
    o.expect = ["backend: ", "max pool 2x2 of 1..16: [[6 8] [14 16]]", "GoNB HTML output works"];
  }
  return o;
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

// cellStates returns the prompt of every code cell ("[3]:", "[*]:", "[ ]:") as JupyterLab shows it.
async function cellStates(page) {
  return page.locator(".jp-CodeCell .jp-InputPrompt").allInnerTexts();
}

// menu clicks a top menu, then one of its items, by their labels.
async function menu(page, top, item) {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).click();
}

async function runNotebook(page, o, base, token) {
  await page.goto(`${base}/lab/tree/${encodeURIComponent(o.notebook)}?token=${token}`);
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
  await menu(page, "View", "File Browser"); // hide the left sidebar: more room for the notebook
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
  throw new Error(`Run All did not finish within ${o.timeout}s; cell prompts: ${states.join(" ")}`);
}

const errorSelector = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]';

// screenshots scrolls the notebook one screen at a time and saves each screen.
async function screenshots(page, o) {
  const stem = path.join(o.out, o.notebook.replace(/\.ipynb$/, ""));
  for (const f of fs.readdirSync(o.out)) {
    if (f.startsWith(path.basename(stem) + "-") && f.endsWith(".png")) fs.unlinkSync(path.join(o.out, f));
  }
  const scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first();
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  const files = [];
  for (let i = 1; i <= 30; i++) {
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

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const nbPath = path.join(here, o.notebook);
  if (!fs.existsSync(nbPath)) usage(`notebook ${nbPath} not found`);
  if (!fs.existsSync(o.chromium)) usage(`Chromium not found at ${o.chromium} (apt-get install chromium, or --chromium PATH)`);
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    usage(`playwright-core is missing (${e.message}): run \`npm ci\` in ${here}`);
  }
  fs.mkdirSync(o.out, { recursive: true });
  const before = sha256(nbPath);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "gocnn-browser-test-"));
  const t0 = Date.now();
  const { proc, base, token } = await startJupyter(o, scratch);
  let browser;
  const problems = [];
  try {
    browser = await chromium.launch({ executablePath: o.chromium, headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    const consoleErrors = [];
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    const runS = await runNotebook(page, o, base, token);
    console.log(`browser_test: ${o.notebook}: Run All took ${runS.toFixed(1)}s (${o.quick ? "quick" : "full"} mode)`);
    const errors = await page.locator(errorSelector).allInnerTexts();
    for (const e of errors) problems.push(`error output: ${e.trim().split("\n").slice(0, 3).join(" | ")}`);
    const text = await page.locator(".jp-NotebookPanel .jp-Notebook").first().innerText();
    for (const want of o.expect) {
      if (!text.includes(want)) problems.push(`the notebook page does not show ${JSON.stringify(want)}`);
    }
    for (const e of consoleErrors) problems.push(`page error: ${e}`);
    const files = await screenshots(page, o);
    console.log(`browser_test: screenshots: ${files.join(" ")}`);
  } finally {
    if (browser) await browser.close();
    await stopJupyter(proc);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (sha256(nbPath) !== before) problems.push(`${nbPath} changed during the run: JupyterLab saved it`);
  console.log(`browser_test: total ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  if (problems.length) {
    for (const p of problems) console.error(`browser_test: FAIL ${p}`);
    process.exit(1);
  }
  console.log(`browser_test: ok ${o.notebook}`);
}

main().catch((e) => {
  console.error(`browser_test: ${e.stack || e}`);
  process.exit(1);
});
