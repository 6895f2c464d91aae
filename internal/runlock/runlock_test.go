package runlock

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A second Acquire of a held folder is refused naming the holder; after
// Release the folder can be locked again.
func TestSecondWriterRefused(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir)
	var be *BusyError
	if !errors.As(err, &be) || be.Owner.PID != os.Getpid() || !strings.Contains(err.Error(), "in use by process") {
		t.Fatalf("second Acquire: %v, want a BusyError naming this process", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	_ = l2.Release()
}

// A lock left by a process that has exited (a crash) does not block: it is
// stale and taken over.
func TestStaleLockTakenOver(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no `true` command: %v", err)
	}
	host, _ := os.Hostname()
	data, _ := json.Marshal(Owner{PID: cmd.Process.Pid, Host: host, Command: "crashed"})
	if err := os.WriteFile(filepath.Join(dir, FileName), data, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire over a dead process's lock: %v", err)
	}
	_ = l.Release()
}
