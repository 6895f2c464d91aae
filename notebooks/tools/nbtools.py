#!/usr/bin/env python3
"""nbtools: shared helpers for gocnn's GoNB notebooks (standard library only).

The standard first cell of every notebook is tools/setup_cell.txt; run_notebooks.py and
notebooks_test.go check that each notebook starts with exactly that text. The notebooks are built from
their sources in notebooks/src by tools/nbsource.py.
"""

import json
import os
import tempfile

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS_DIR = os.path.dirname(TOOLS_DIR)
SETUP_CELL_FILE = os.path.join(TOOLS_DIR, "setup_cell.txt")

KERNELSPEC = {"name": "gonb", "display_name": "Go (gonb)", "language": "go"}


def setup_cell_text():
    """Returns the standard setup cell's source (no trailing newline, as Jupyter stores it)."""
    with open(SETUP_CELL_FILE, encoding="utf-8") as f:
        return f.read().rstrip("\n")


def cell_source(cell):
    """Returns a cell's source as one string (notebook files store it as a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def read_notebook(path):
    """Reads a notebook file as plain JSON, with errors that name the file."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"nbtools: reading notebook {path}: {e}")
    if not isinstance(nb, dict) or "cells" not in nb:
        raise SystemExit(f"nbtools: {path}: not a Jupyter notebook (no 'cells' list)")
    return nb


def write_atomic(path, text):
    """Writes text to path through a temporary file in the same folder and a rename."""
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _split_lines(text):
    lines = text.splitlines(keepends=True)
    return lines


def notebook_json(nb):
    """Serialises a notebook dict the way nbformat and JupyterLab do (indent 1, sorted keys,
    sources as lists of lines), so that saving from JupyterLab gives no spurious diff."""
    nb = json.loads(json.dumps(nb))  # deep copy
    for cell in nb.get("cells", []):
        cell["source"] = _split_lines(cell_source(cell))
        for out in cell.get("outputs", []):
            if "text" in out and isinstance(out["text"], str):
                out["text"] = _split_lines(out["text"])
            for mime, v in out.get("data", {}).items():
                if isinstance(v, str) and (mime.startswith("text/") or mime == "image/svg+xml"):
                    out["data"][mime] = _split_lines(v)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def new_notebook(title):
    """Returns a new notebook dict: a title cell, then the standard setup cell."""
    return {
        "cells": [
            {"cell_type": "markdown", "id": "title", "metadata": {}, "source": f"# {title}"},
            {"cell_type": "code", "execution_count": None, "id": "setup", "metadata": {}, "outputs": [],
             "source": setup_cell_text()},
        ],
        "metadata": {
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "go"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
