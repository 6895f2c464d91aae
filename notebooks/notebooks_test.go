package notebooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireTools is GOCNN_REQUIRE_DATA: when "1" (docker/test.sh sets it), a missing tool fails the
// tests instead of skipping them.
const requireTools = "GOCNN_REQUIRE_DATA"

// skipOrFail skips the test, or fails it when GOCNN_REQUIRE_DATA=1.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requireTools) == "1" {
		t.Fatalf("%s (%s=1; install with `SETUP_STEPS=\"go jupyter\" bash docker/setup.sh`)", msg, requireTools)
	}
	t.Skipf("%s; skipping (set %s=1 to make this a failure)", msg, requireTools)
}

// python returns the Python interpreter that has JupyterLab: $PYTHON (the Docker image's venv), else python3.
func python(t *testing.T) string {
	t.Helper()
	name := os.Getenv("PYTHON")
	if name == "" {
		name = "python3"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		skipOrFail(t, "no Python interpreter %q on PATH: %v", name, err)
	}
	return p
}

type notebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name string `json:"name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
}

// source decodes a cell source, stored as a string or a list of lines.
func source(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return "", fmt.Errorf("cell source is neither a string nor a list of strings: %w", err)
	}
	return strings.Join(lines, ""), nil
}

// TestNotebooksStartWithSetupCell needs no Jupyter: every notebook must use the GoNB kernel and
// start with tools/setup_cell.txt, byte for byte, so that all of them find the module the same way.
func TestNotebooksStartWithSetupCell(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("tools", "setup_cell.txt"))
	if err != nil {
		t.Fatalf("reading the standard setup cell: %v", err)
	}
	setup := strings.TrimRight(string(want), "\n")
	paths, err := filepath.Glob("*.ipynb")
	if err != nil || len(paths) == 0 {
		t.Fatalf("want at least one notebook (00-setup-check.ipynb) in notebooks/, found %d (err %v)", len(paths), err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("reading %s: %v", p, err)
		}
		var nb notebook
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Errorf("%s: not a notebook (JSON): %v", p, err)
			continue
		}
		if nb.Metadata.Kernelspec.Name != "gonb" {
			t.Errorf("%s: kernelspec %q, want \"gonb\" (Go (gonb))", p, nb.Metadata.Kernelspec.Name)
		}
		first := ""
		for _, c := range nb.Cells {
			if c.CellType == "code" {
				if first, err = source(c.Source); err != nil {
					t.Errorf("%s: %v", p, err)
				}
				break
			}
		}
		if strings.TrimRight(first, "\n") != setup {
			t.Errorf("%s: the first code cell is\n%s\nwant tools/setup_cell.txt:\n%s", p, first, setup)
		}
	}
}

// runHarness runs run_notebooks.py with args, stopping it with an interrupt (so that nbclient shuts
// the kernel down) a minute before the test's deadline.
func runHarness(t *testing.T, py string, args ...string) {
	t.Helper()
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-time.Minute))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, py, append([]string{"run_notebooks.py"}, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=go1.27.3", "GOEXPERIMENT=simd", "PYTHONUNBUFFERED=1")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("python3 run_notebooks.py %s (%.1fs):\n%s", strings.Join(args, " "), time.Since(start).Seconds(), out)
	if ctx.Err() != nil {
		t.Fatalf("run_notebooks.py %s stopped at the test deadline: %v", strings.Join(args, " "), ctx.Err())
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		t.Fatalf("run_notebooks.py %s failed (exit status %d): see the FAIL lines above", strings.Join(args, " "), exitErr.ExitCode())
	} else if err != nil {
		t.Fatalf("running %s run_notebooks.py: %v", py, err)
	}
}

// TestCommittedNotebooks checks the outputs saved in the notebooks (run_notebooks.py
// --check-committed): every code cell executed in order, no error, the expected full-mode figures.
// It needs only Python's standard library.
func TestCommittedNotebooks(t *testing.T) {
	runHarness(t, python(t), "--check-committed")
}

// probe is a Python snippet that prints what is missing to run notebooks headless.
const probe = `
import os, shutil, sys
try:
    import nbclient, nbformat
    from jupyter_client.kernelspec import KernelSpecManager
except ImportError as e:
    sys.exit(f"{e} (pip install nbclient nbformat)")
try:
    spec = KernelSpecManager().get_kernel_spec("gonb")
except Exception as e:
    sys.exit(f"no GoNB kernel registered ({e}; run gonb --install)")
exe = spec.argv[0]
if not (os.path.isfile(exe) and os.access(exe, os.X_OK)) and not shutil.which(exe):
    sys.exit(f"the gonb kernel runs {exe}, which is not an executable")
for tool in ("go", "goimports"):
    if not shutil.which(tool):
        sys.exit(f"{tool} is not on PATH (GoNB needs it)")
`

// TestNotebooksQuick executes every notebook in quick mode (GOCNN_QUICK=1: small subsets, one epoch)
// with the GoNB kernel and checks their outputs against expectations.py. The executed copies go to
// $TMPDIR/gocnn-notebooks. The quick suite is meant to take under ten minutes.
func TestNotebooksQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not executing the notebooks")
	}
	py := python(t)
	if out, err := exec.Command(py, "-c", probe).CombinedOutput(); err != nil {
		skipOrFail(t, "cannot run notebooks headless: %s", strings.TrimSpace(string(out)))
	}
	runHarness(t, py, "--quick")
}
