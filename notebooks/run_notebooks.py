#!/usr/bin/env python3
"""run_notebooks.py executes gocnn's GoNB notebooks headless and checks their outputs.

Modes (one at a time):

  --quick (default)   runs every notebook with GOCNN_QUICK=1 (small subsets, one epoch) and writes the
                      executed copies to --out (default: $TMPDIR/gocnn-notebooks), never into git.
  --full              runs them in full mode (GOCNN_QUICK unset) and, when a notebook passes, writes its
                      outputs back into the committed notebook (atomically). Slow: training at full size.
  --check-committed   runs nothing: checks that every code cell of the notebooks in this folder was
                      executed (execution_count set, in order), has no error output, and that the
                      outputs pass the "full" checks of expectations.py. Needs only the standard library.

Checks in every mode: the first code cell is exactly tools/setup_cell.txt, the kernel is GoNB, no cell
failed (an error output, or "exit status N" on stderr from a shell command or a Go program), and the
expected outputs of expectations.py (a table per notebook file) are found.

Positional arguments restrict the run to some notebooks (file names or paths). Exit status: 0 when
all pass, 1 when a check fails, 2 for usage errors.

Needs (except for --check-committed) nbclient and nbformat (docker/setup.sh installs them), the GoNB
kernel (`gonb --install`) and gonb, goimports and go on PATH.
"""

import argparse
import glob
import html
import json
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tools"))

import nbtools  # noqa: E402
from expectations import EXPECTATIONS  # noqa: E402

QUICK_BUDGET_S = 600  # the whole quick suite should run in under 10 minutes
EXIT_STATUS_RE = re.compile(r"^exit status \d+\s*$", re.MULTILINE)


def log(msg):
    print(msg, flush=True)


def output_text(nb):
    """Concatenates the text of every output of every code cell."""
    parts = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(nbtools.cell_source({"source": out["text"]}))
            data = out.get("data", {})
            for mime in ("text/plain", "text/markdown", "text/html"):
                if mime in data:
                    parts.append(nbtools.cell_source({"source": data[mime]}))
            if out.get("output_type") == "error":
                parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return "\n".join(parts)


def cell_failures(nb, require_executed):
    """Returns messages for failed cells: error outputs, 'exit status N' on stderr, and (when
    require_executed) code cells never executed or executed out of order."""
    problems = []
    last = 0
    n = 0
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        n += 1
        where = f"code cell {n} (cell {i + 1}, starting {first_line(cell)!r})"
        src = nbtools.cell_source(cell).strip()
        count = cell.get("execution_count")
        if require_executed and src:
            if count is None:
                problems.append(f"{where}: not executed (execution_count is null)")
            elif count <= last:
                problems.append(f"{where}: execution_count {count} after {last}: cells were not run in order")
            else:
                last = count
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                detail = gonb_error_text(cell)
                problems.append(f"{where}: error output {out.get('ename', '')}: {out.get('evalue', '')}"
                                + (f"\n         GoNB says: {detail}" if detail else ""))
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = nbtools.cell_source({"source": out.get("text", "")})
                m = EXIT_STATUS_RE.search(text)
                if m:
                    problems.append(f"{where}: a command failed: stderr says {m.group(0).strip()!r}")
    return problems


def gonb_error_text(cell):
    """Returns the text of GoNB's HTML error reports in a cell (compiler and go get errors), without
    the style sheet and the hover-only code context, joined on one line."""
    texts = []
    for out in cell.get("outputs", []):
        h = nbtools.cell_source({"source": out.get("data", {}).get("text/html", "")})
        if "gonb-err" not in h:
            continue
        h = re.sub(r"(?s)<style>.*?</style>", "", h)
        h = re.sub(r'(?s)<div class="gonb-err-context">.*?</div></div>', "</div>", h)
        h = html.unescape(re.sub(r"<[^>]+>", " ", h))
        texts.append(" ".join(h.split()))
    return " | ".join(texts)[:800]


def first_line(cell):
    lines = nbtools.cell_source(cell).strip().splitlines()
    return lines[0][:60] if lines else ""


def structure_failures(nb):
    """Checks the kernel and the standard first code cell."""
    problems = []
    ks = nb.get("metadata", {}).get("kernelspec", {})
    if ks.get("name") != "gonb":
        problems.append(f"kernelspec name is {ks.get('name')!r}, want 'gonb' (the Go (gonb) kernel)")
    code = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    want = nbtools.setup_cell_text()
    if not code:
        problems.append("no code cells")
    elif nbtools.cell_source(code[0]).rstrip("\n") != want:
        problems.append("the first code cell is not the standard setup cell: copy tools/setup_cell.txt "
                        "into it verbatim")
    return problems


def expectation_failures(name, nb, mode):
    checks = EXPECTATIONS.get(name)
    if checks is None:
        return [f"no entry in expectations.py for {name}: add the outputs it must print"]
    text = output_text(nb)
    problems = []
    for chk in checks:
        if mode in chk.modes:
            msg = chk.check(text)
            if msg:
                problems.append(f"{chk!r}: {msg}")
    return problems


def notebook_paths(selected):
    """Returns the notebooks to process: the selected ones or every *.ipynb in this folder, plus
    the names listed in expectations.py that do not exist (reported as skipped)."""
    if selected:
        paths = []
        for s in selected:
            p = s if os.path.exists(s) else os.path.join(HERE, os.path.basename(s))
            if not os.path.exists(p):
                raise SystemExit(f"run_notebooks: notebook {s!r} not found (looked in . and {HERE})")
            if os.path.dirname(os.path.abspath(p)) != HERE:
                raise SystemExit(f"run_notebooks: {s}: only the notebooks in {HERE} can be run "
                                 "(the setup cell finds the module from the notebook's folder)")
            paths.append(os.path.abspath(p))
        return sorted(paths), []
    paths = sorted(glob.glob(os.path.join(HERE, "*.ipynb")))
    names = {os.path.basename(p) for p in paths}
    missing = sorted(n for n in EXPECTATIONS if n not in names)
    return paths, missing


def execute(path, mode, out_dir, timeout):
    """Executes one notebook with nbclient in the notebook's folder. Returns (nb, error or None)."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ)
    env["GOEXPERIMENT"] = "simd"
    env.setdefault("GOTOOLCHAIN", "go1.27.3")
    if mode == "quick":
        env["GOCNN_QUICK"] = "1"
    else:
        env.pop("GOCNN_QUICK", None)
    client = nbclient.NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="gonb",
        allow_errors=False,
        record_timing=False,
        coalesce_streams=True,
        resources={"metadata": {"path": HERE}},
    )
    base = os.path.splitext(os.path.basename(path))[0]
    kernel_log = os.path.join(out_dir, base + ".kernel.log")
    err = None
    with open(kernel_log, "w", encoding="utf-8") as klog:
        try:
            client.execute(env=env, cwd=HERE, stderr=klog)
        except nbclient.exceptions.CellExecutionError as e:
            err = f"a cell failed: {first_error_line(str(e))}"
        except nbclient.exceptions.CellTimeoutError as e:
            err = f"a cell ran past the {timeout}s timeout: {first_error_line(str(e))}"
        except nbclient.exceptions.DeadKernelError as e:
            err = f"the GoNB kernel died (log: {kernel_log}): {e}"
        except Exception as e:  # kernel not installed, jupyter_client errors
            err = f"could not run the notebook with the gonb kernel (log: {kernel_log}): {type(e).__name__}: {e}"
    return nb, err


def first_error_line(s):
    lines = [ln for ln in s.splitlines() if ln.strip() and not set(ln.strip()) <= set("-")]
    return " | ".join(lines[-3:])[:500]


def run(args):
    mode = "full" if args.full else "check" if args.check_committed else "quick"
    paths, missing = notebook_paths(args.notebooks)
    if not paths:
        log(f"run_notebooks: no notebooks in {HERE}")
        return 1
    out_dir = os.path.abspath(args.out)
    if mode != "check":
        if os.path.commonpath([out_dir, HERE]) == HERE:
            raise SystemExit(f"run_notebooks: --out {out_dir} is inside the repository folder {HERE}; "
                             "executed copies go outside git")
        os.makedirs(out_dir, exist_ok=True)
        try:
            import nbclient  # noqa: F401
            import nbformat  # noqa: F401
        except ImportError as e:
            raise SystemExit(f"run_notebooks: {e}: install the notebook tools with "
                             "`SETUP_STEPS=jupyter bash docker/setup.sh`")
    for name in missing:
        log(f"SKIP {name}: listed in expectations.py, not written yet")

    failed = []
    total = time.time()
    for path in paths:
        name = os.path.basename(path)
        start = time.time()
        if mode == "check":
            nb = nbtools.read_notebook(path)
            problems = structure_failures(nb) + cell_failures(nb, require_executed=True)
            problems += expectation_failures(name, nb, "full")
        else:
            nb0 = nbtools.read_notebook(path)
            problems = structure_failures(nb0)
            if name not in EXPECTATIONS:
                problems.append(f"no entry in expectations.py for {name}: add the outputs it must print")
            if problems:
                nb, err = None, None
            else:
                log(f"RUN  {name} ({mode} mode)")
                nb, err = execute(path, mode, out_dir, args.timeout)
                if err:
                    problems.append(err)
                problems += cell_failures(nb, require_executed=False)
                if not err:
                    problems += expectation_failures(name, nb, mode)
                copy = os.path.join(out_dir, name)
                nbtools.write_atomic(copy, nbtools.notebook_json(nb))
                log(f"     executed copy: {copy}")
                if mode == "full" and not problems:
                    nbtools.write_atomic(path, nbtools.notebook_json(nb))
                    log(f"     outputs written back to {path}")
        secs = time.time() - start
        if problems:
            failed.append(name)
            log(f"FAIL {name} ({secs:.1f}s)")
            for p in problems:
                log(f"     - {p}")
        else:
            log(f"ok   {name} ({secs:.1f}s)")
    secs = time.time() - total
    log(f"run_notebooks: {len(paths) - len(failed)}/{len(paths)} notebooks passed ({mode} mode, {secs:.1f}s)")
    if mode == "quick" and secs > QUICK_BUDGET_S:
        log(f"WARNING: the quick suite took {secs:.0f}s, over its {QUICK_BUDGET_S}s budget: "
            "make GOCNN_QUICK=1 runs smaller")
    if mode == "full" and failed:
        log("run_notebooks: failed notebooks were not written back; see the executed copies in " + out_dir)
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_true", help="GOCNN_QUICK=1 run, copies to --out (default)")
    g.add_argument("--full", action="store_true", help="full run, outputs written back to the notebooks")
    g.add_argument("--check-committed", action="store_true", help="check the saved outputs; runs nothing")
    p.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "gocnn-notebooks"),
                   help="folder for executed copies and kernel logs (default: %(default)s)")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds per cell (default: 600 in quick mode, none in full mode)")
    p.add_argument("notebooks", nargs="*", help="notebook files (default: every *.ipynb here)")
    args = p.parse_args()
    if args.timeout is None:
        args.timeout = -1 if args.full else 600
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
