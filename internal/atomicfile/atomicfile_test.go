package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	for _, content := range []string{"first", "second, longer"} {
		if err := WriteFile(p, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the folder, want only out.txt (no temporary files left)", len(entries))
	}
}

func TestWriteFileMissingFolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "no", "such", "out.txt")
	err := WriteFile(p, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v, want one naming %s", err, p)
	}
}

func TestWriteJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.json")
	if err := WriteJSON(p, map[string]int{"a": 1}, " "); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "{\n \"a\": 1\n}\n" {
		t.Errorf("wrote %q", got)
	}
	if err := WriteJSON(p, func() {}, " "); err == nil {
		t.Error("a func: want an encoding error")
	}
}

// ReadJSON reads back what WriteJSON wrote; a missing file is
// fs.ErrNotExist, and a file that is not JSON is a decoding error naming it.
func TestReadJSON(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.json")
	if err := WriteJSON(p, map[string]int{"a": 1}, " "); err != nil {
		t.Fatal(err)
	}
	var v map[string]int
	if err := ReadJSON(p, &v); err != nil || v["a"] != 1 {
		t.Fatalf("ReadJSON: %v, %v; want map[a:1]", v, err)
	}
	if err := ReadJSON(filepath.Join(dir, "missing.json"), &v); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ReadJSON(bad, &v); err == nil || !strings.Contains(err.Error(), "decoding "+bad) {
		t.Errorf("bad file: %v, want a decoding error naming %s", err, bad)
	}
}
