package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gocnn/gocnn/internal/testutil"
)

// buildLenet builds the command as users run it, into a temporary folder.
func buildLenet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "lenet")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build lenet/cmd: %v", err)
	}
	cmd := exec.Command(goCmd, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is one run of the binary.
type proc struct {
	status         int // exit status; -9 when killed by SIGKILL
	stdout, stderr string
}

// start starts the binary with the crash hook crash ("" for none), on the
// backend $GOMLX_BACKEND names (docker/test.sh's second pass: xla:cpu), else
// on the Go backend: the same backend for every run of a comparison, which is
// bit for bit.
func start(bin, crash string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	be := os.Getenv("GOMLX_BACKEND")
	if be == "" {
		be = "go"
	}
	cmd.Env = append(os.Environ(), "GOMLX_BACKEND="+be, "GOCNN_TEST_CRASH="+crash)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	return cmd, &so, &se
}

func wait(cmd *exec.Cmd, so, se *bytes.Buffer) proc {
	err := cmd.Wait()
	p := proc{stdout: so.String(), stderr: se.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		p.status = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			p.status = -int(ws.Signal())
		}
	default:
		p.status = -1000
		p.stderr += err.Error()
	}
	return p
}

func runBin(t *testing.T, bin, crash string, args ...string) proc {
	t.Helper()
	cmd, so, se := start(bin, crash, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return wait(cmd, so, se)
}

// continueRun resumes dir, or starts the run again when it was killed before
// it recorded run.json (nothing had started).
func continueRun(t *testing.T, bin, crash, dir string, args []string) proc {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, runFile)); err != nil {
		return runBin(t, bin, crash, append(args, "-out", dir)...)
	}
	return runBin(t, bin, crash, "-resume", dir, "-progress", "off")
}

// timeless decodes a JSON file and drops the wall-time fields, which differ
// between any two runs.
func timeless(t *testing.T, path string) any {
	t.Helper()
	var v any
	testutil.ReadJSON(t, path, &v)
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if strings.Contains(k, "second") || k == "images_per_sec" || k == "time" {
					delete(x, k)
					continue
				}
				strip(c)
			}
		case []any:
			for _, c := range x {
				strip(c)
			}
		}
	}
	strip(v)
	return v
}

// sameRun compares a resumed run folder with a straight one: histories
// (history.json, checkpoint/history.json) and test.json equal but for wall
// times, model.safetensors byte for byte; and the folder has no debris.
func sameRun(straight, dir string) error {
	var diffs []string
	tt := &testing.T{}
	for _, f := range []string{"history.json", "checkpoint/history.json", "test.json"} {
		a, b := timeless(tt, filepath.Join(straight, f)), timeless(tt, filepath.Join(dir, f))
		if !reflect.DeepEqual(a, b) {
			diffs = append(diffs, f+" differs")
		}
	}
	for _, f := range []string{"model.safetensors", "classification_report.txt"} {
		a, err1 := os.ReadFile(filepath.Join(straight, f))
		b, err2 := os.ReadFile(filepath.Join(dir, f))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			diffs = append(diffs, fmt.Sprintf("%s differs (%v %v)", f, err1, err2))
		}
	}
	for _, pat := range []string{".*.tmp*", "checkpoint/.*.tmp*", ".lock"} {
		if left, _ := filepath.Glob(filepath.Join(dir, pat)); len(left) > 0 {
			diffs = append(diffs, fmt.Sprintf("debris left: %v", left))
		}
	}
	if len(diffs) > 0 {
		return errors.New(strings.Join(diffs, "; "))
	}
	return nil
}

// TestKillResumeMatrix: runs of the built binary killed (SIGKILL) during a
// training step, while a checkpoint is written, during evaluation and at
// random times, or stopped by SIGINT, then resumed with -resume DIR alone,
// end with the same history and weights as a straight run, bit for bit, for
// LeNet-5 (SGD + StepLR), LeNet-1 (Adam + plateau, validation split) and the
// modern LeNet (AdamW, BatchNorm).
func TestKillResumeMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("kill/resume matrix: about a minute of subprocess runs; runs without -short")
	}
	needMNIST(t)
	bin := buildLenet(t)
	models := []struct {
		name     string
		perEpoch int // training steps per epoch with -limit 512
	}{{"lenet5", 4}, {"lenet1", 2}, {"modern", 16}}
	var matrix []string
	for _, m := range models {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			args := []string{"-model", m.name, "-limit", "512", "-epochs", "3", "-tsne", "0", "-progress", "off"}
			straight := filepath.Join(root, "straight")
			if p := runBin(t, bin, "", append(args, "-out", straight)...); p.status != 0 {
				t.Fatalf("straight run: exit %d\n%s%s", p.status, p.stdout, p.stderr)
			}
			mid2 := m.perEpoch + (m.perEpoch+1)/2 // a step in the middle of epoch 2
			points := []struct{ name, crash string }{
				{"step", fmt.Sprintf("step:%d", mid2)},
				{"sigint", fmt.Sprintf("step:%d:int", mid2)},
				{"checkpoint-write", "checkpoint-write:2"},
				{"eval", "eval:2"},
				{"random", ""},
			}
			if be := os.Getenv("GOMLX_BACKEND"); be != "" && be != "go" {
				// XLA compiles every graph again in every process (a minute
				// per model here): the second backend gets the two
				// mid-epoch points only. The Go backend runs them all.
				points = points[:2]
			}
			for _, kp := range points {
				dir := filepath.Join(root, kp.name)
				var p proc
				if kp.name == "random" {
					// Up to three SIGKILLs at random times, each run
					// continuing the previous one.
					for k := 0; k < 3; k++ {
						var cmd *exec.Cmd
						var so, se *bytes.Buffer
						if _, err := os.Stat(filepath.Join(dir, runFile)); err != nil {
							cmd, so, se = start(bin, "", append(args, "-out", dir)...)
						} else {
							cmd, so, se = start(bin, "", "-resume", dir, "-progress", "off")
						}
						if err := cmd.Start(); err != nil {
							t.Fatal(err)
						}
						delay := time.Duration(100+rand.IntN(700)) * time.Millisecond
						timer := time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
						p = wait(cmd, so, se)
						timer.Stop()
						t.Logf("random kill %d after %v: exit %d", k+1, delay, p.status)
						if p.status == 0 {
							break
						}
					}
				} else {
					p = runBin(t, bin, kp.crash, append(args, "-out", dir)...)
					want := -9
					if kp.name == "sigint" {
						want = exitInterrupted
						if !strings.Contains(p.stderr, "-resume "+dir) || strings.Count(strings.TrimSpace(p.stderr), "\n") > 0 {
							t.Errorf("SIGINT: stderr %q, want one line saying to continue with -resume %s", p.stderr, dir)
						}
					}
					if p.status != want {
						t.Fatalf("%s: exit %d, want %d\n%s%s", kp.crash, p.status, want, p.stdout, p.stderr)
					}
				}
				if p.status != 0 {
					if p = continueRun(t, bin, "", dir, args); p.status != 0 {
						t.Fatalf("%s: resume: exit %d\n%s%s", kp.name, p.status, p.stdout, p.stderr)
					}
				}
				verdict := "equal"
				if err := sameRun(straight, dir); err != nil {
					verdict = "NOT equal: " + err.Error()
					t.Errorf("%s × %s: %v", m.name, kp.name, err)
				}
				matrix = append(matrix, fmt.Sprintf("%-7s × %-16s → %s", m.name, kp.name, verdict))
			}
		})
	}
	t.Logf("kill/resume matrix:\n%s", strings.Join(matrix, "\n"))
}
