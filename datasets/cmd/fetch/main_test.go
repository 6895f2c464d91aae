package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/datasets"
)

func TestExtractData(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, f := range []struct{ name, body string }{
		{"package/index.js", "js"},
		{"package/data/a-idx1-ubyte", "AAA"},
		{"package/data/sub/b", "nested: skipped"},
	} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(f.body))
	}
	tw.Close()
	zw.Close()
	dir := t.TempDir()
	tgz := filepath.Join(dir, "p.tgz")
	if err := os.WriteFile(tgz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "data")
	if err := extractData(tgz, out); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "a-idx1-ubyte" {
		t.Fatalf("extracted %v, want only a-idx1-ubyte", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a-idx1-ubyte")); string(b) != "AAA" {
		t.Errorf("content %q, want AAA", b)
	}
}

// TestFetchFashionFromDebian copies Fashion-MNIST from the Debian package
// location (skipped where it is not installed), then checks that a second
// run only verifies, and that a corrupt copy is replaced.
func TestFetchFashionFromDebian(t *testing.T) {
	sys, _ := datasets.SystemDirs(datasets.FashionMNIST)
	if _, err := os.Stat(filepath.Join(sys[0], datasets.TrainLabelsFile+".gz")); err != nil {
		t.Skipf("dataset-fashion-mnist not installed: %v", err)
	}
	base := t.TempDir()
	var out bytes.Buffer
	if err := run(&out, base, false, 0, datasets.FashionMNIST); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "copied from Debian package") {
		t.Fatalf("first run printed %q, want 4 lines of copies", out.String())
	}
	out.Reset()
	if err := run(&out, base, false, 0, datasets.FashionMNIST); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "already present, verified"); n != 4 {
		t.Errorf("second run printed %q, want 4 × already present, verified", out.String())
	}
	// A corrupt file is detected, removed and fetched again.
	p := filepath.Join(base, datasets.FashionMNIST, datasets.TrainLabelsFile+".gz")
	if err := os.WriteFile(p, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(&out, base, false, 0, datasets.FashionMNIST); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "train-labels-idx1-ubyte: copied from Debian package") ||
		!strings.Contains(out.String(), "existing copy rejected") {
		t.Errorf("third run printed %q, want the corrupt file replaced", out.String())
	}
	if _, _, err := datasets.LoadFashionMNIST(datasets.Options{Dir: filepath.Join(base, datasets.FashionMNIST)}); err != nil {
		t.Errorf("loading the fetched copy: %v", err)
	}
	if err := run(&out, base, false, 0, "cifar"); err == nil {
		t.Error("-only cifar gave no error")
	}
}
