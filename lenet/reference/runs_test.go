package reference

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadOptional: a missing file is (nil, nil) ("not run"); a written file
// reads back; a file without runs is an error, as for ReadRunFile.
func TestReadOptional(t *testing.T) {
	dir := t.TempDir()
	f, err := ReadOptional(filepath.Join(dir, "missing.json"))
	if f != nil || err != nil {
		t.Errorf("missing file: %v, %v; want nil, nil", f, err)
	}
	path := filepath.Join(dir, "torch.json")
	want := &RunFile{Framework: "pytorch", Model: "mlp", Runs: []SeedRun{{Seed: 42, TestAcc: 86.99}}}
	if err := WriteRunFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadOptional(path)
	if err != nil || got.Model != "mlp" || got.Runs[0].TestAcc != 86.99 {
		t.Errorf("written file: %+v, %v", got, err)
	}
	empty := filepath.Join(dir, "empty.json")
	if err := os.WriteFile(empty, []byte(`{"runs": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadOptional(empty); err == nil {
		t.Error("a file without runs: no error")
	}
}
