#!/usr/bin/env python3
"""nbsource: the chapters' sources are Markdown files, the notebooks are built from them.

Each notebooks/src/NN-name.md is one notebook: Markdown text becomes Markdown cells, every fenced block opened
by a line that is exactly ```go becomes a code cell (GoNB's Go, with its %% and ! lines), and a line that is
exactly <!-- cell --> starts a new Markdown cell. Authors edit the .md files as Go and Markdown (gofmt sees
every Go cell: notebooks_test.go checks them), then build the .ipynb files:

    python3 notebooks/tools/nbsource.py build [NN-name ...]   # write notebooks/NN-name.ipynb
    python3 notebooks/tools/nbsource.py check                 # exit 1 if a notebook differs from its source

A build keeps the outputs of every code cell whose source did not change (white space aside), so the committed outputs of a full
run survive an edit of the text; a changed code cell loses its outputs until the notebook is run again
(python3 run_notebooks.py --full NN-name.ipynb).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbtools  # noqa: E402

SRC_DIR = os.path.join(nbtools.NOTEBOOKS_DIR, "src")
CELL_BREAK = "<!-- cell -->"
GO_FENCE = "```go"


def parse(text, name="source"):
    """Returns the cells [(kind, source)] of a chapter source."""
    cells, buf, in_code = [], [], False

    def flush(kind):
        src = "\n".join(buf).strip("\n")
        if src or kind == "code":
            cells.append((kind, src))
        buf.clear()

    for n, line in enumerate(text.splitlines(), 1):
        if in_code:
            if line == "```":
                flush("code")
                in_code = False
            else:
                buf.append(line)
        elif line == GO_FENCE:
            flush("markdown")
            in_code = True
        elif line == CELL_BREAK:
            flush("markdown")
        else:
            buf.append(line)
    if in_code:
        raise SystemExit(f"nbsource: {name}: a ```go block is not closed")
    flush("markdown")
    return cells


def render(cells):
    """Returns the Markdown source of cells (the inverse of parse)."""
    parts, prev = [], None
    for kind, src in cells:
        if kind == "code":
            parts.append(GO_FENCE + "\n" + src + "\n```")
        else:
            if prev == "markdown":
                parts.append(CELL_BREAK)
            parts.append(src)
        prev = kind
    return "\n\n".join(parts) + "\n"


def sources():
    """Lists the chapter sources (file names without .md), sorted."""
    return sorted(f[:-3] for f in os.listdir(SRC_DIR) if f.endswith(".md"))


def _key(src):
    """A code cell's identity for keeping outputs: its source up to white space (gofmt's alignment)."""
    return " ".join(src.split())


def build(name):
    """Returns (path, notebook JSON text) for notebooks/src/<name>.md, keeping unchanged cells' outputs."""
    src_path = os.path.join(SRC_DIR, name + ".md")
    with open(src_path, encoding="utf-8") as f:
        cells = parse(f.read(), src_path)
    path = os.path.join(nbtools.NOTEBOOKS_DIR, name + ".ipynb")
    old, meta = {}, None
    if os.path.exists(path):
        prev_nb = nbtools.read_notebook(path)
        meta = prev_nb.get("metadata")
        for c in prev_nb["cells"]:
            if c["cell_type"] == "code":
                old.setdefault(_key(nbtools.cell_source(c)), c)
    nb = nbtools.new_notebook("x")
    if meta:
        nb["metadata"] = meta  # the kernel's language_info of the last run
    nb["cells"] = []
    prefix = "ch" + name[:2]
    for i, (kind, src) in enumerate(cells):
        cell = {"cell_type": kind, "id": f"{prefix}-{i:02d}", "metadata": {}, "source": src}
        if kind == "code":
            prev = old.get(_key(src))
            cell["execution_count"] = prev.get("execution_count") if prev else None
            cell["outputs"] = prev.get("outputs", []) if prev else []
        nb["cells"].append(cell)
    return path, nbtools.notebook_json(nb)


def main(argv):
    if len(argv) >= 2 and argv[1] in ("build", "check"):
        names = argv[2:] or sources()
        bad = []
        for name in names:
            name = os.path.basename(name).removesuffix(".md").removesuffix(".ipynb")
            if not os.path.exists(os.path.join(SRC_DIR, name + ".md")):
                raise SystemExit(f"nbsource: no source notebooks/src/{name}.md (have: {', '.join(sources())})")
            path, text = build(name)
            cur = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if argv[1] == "build":
                if cur != text:
                    nbtools.write_atomic(path, text)
                    print(f"nbsource: wrote {path}")
            elif cur != text:
                bad.append(path)
        if bad:
            print("nbsource: these notebooks differ from their sources in notebooks/src "
                  "(python3 notebooks/tools/nbsource.py build):\n  " + "\n  ".join(bad), file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
