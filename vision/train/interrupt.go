package train

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrInterrupted is returned (wrapped) by Fit when Config.Stop asked it to
// stop. With Config.Dir, a checkpoint of the epoch so far was written first.
var ErrInterrupted = errors.New("training interrupted")

// interrupt writes the mid-epoch checkpoint and history and returns the
// wrapped ErrInterrupted.
func (t *Trainer) interrupt(epoch, step int, lossSum, correct float64, seen int) error {
	if t.cfg.Dir == "" {
		return fmt.Errorf("train: epoch %d, after step %d (no Config.Dir, nothing saved): %w", epoch, step, ErrInterrupted)
	}
	part := &partialEpoch{Step: step, LossSum: lossSum, Correct: correct, Seen: seen}
	if err := t.saveCheckpoint(t.cfg.Dir, part); err != nil {
		return fmt.Errorf("train: interrupted at epoch %d, step %d, and the checkpoint failed: %w", epoch, step, err)
	}
	if err := t.history.Save(t.cfg.Dir); err != nil {
		return err
	}
	return fmt.Errorf("train: epoch %d, after step %d (checkpoint written to %s): %w", epoch, step, t.cfg.Dir, ErrInterrupted)
}

// CrashEnv names the test hook that stops the process at a named point:
// "step:N" before global step N, "eval:N" during the evaluation after epoch N
// (a few milliseconds into it), "checkpoint-write:N" after the variables of
// the checkpoint of epoch N are written and before it is committed. The
// process kills itself with SIGKILL there; with a third field, "int" sends
// itself SIGINT instead and "pause" sleeps for a minute (a live run for lock
// tests). Several points are separated by commas. For the crash tests only.
const CrashEnv = "GOCNN_TEST_CRASH"

type crashAction struct {
	n      int
	action string // "kill", "int" or "pause"
}

var crashPoints = parseCrashPoints(os.Getenv(CrashEnv))

func parseCrashPoints(s string) map[string]crashAction {
	m := map[string]crashAction{}
	for _, p := range strings.Split(s, ",") {
		f := strings.Split(strings.TrimSpace(p), ":")
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		a := crashAction{n: n, action: "kill"}
		if len(f) > 2 {
			a.action = f[2]
		}
		m[f[0]] = a
	}
	return m
}

// crashPoint acts when CrashEnv names this point.
func crashPoint(name string, n int) {
	a, ok := crashPoints[name]
	if !ok || a.n != n {
		return
	}
	switch a.action {
	case "int":
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
		return
	case "pause":
		time.Sleep(time.Minute)
		return
	}
	kill := func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	if name == "eval" {
		go func() { time.Sleep(20 * time.Millisecond); kill() }()
		return
	}
	kill()
}
