package experiment

import (
	"path/filepath"
	"strings"
	"testing"
)

// Two runs into one folder at once (two executions of the same notebook):
// the second is refused before it writes anything, naming the holder; after
// the first releases the folder, it is free again.
func TestRunRefusesBusyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ch02")
	release, err := LockRunDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(nil, RunConfig{OutDir: dir})
	if err == nil || !strings.Contains(err.Error(), "is in use by process") {
		t.Fatalf("Run into a locked folder: %v, want a refusal naming the process", err)
	}
	if _, err := LockRunDir(dir); err == nil {
		t.Fatal("a second LockRunDir succeeded")
	}
	release()
	release2, err := LockRunDir(dir)
	if err != nil {
		t.Fatalf("LockRunDir after release: %v", err)
	}
	release2()
}
