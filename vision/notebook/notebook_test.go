package notebook

import (
	"os"
	"path/filepath"
	"testing"
)

type htmlText struct{}

func (htmlText) HTML() string { return "<b>x</b>" }
func (htmlText) Text() string { return "x\n" }

// Outside a notebook: figures show nothing, HTML values print their text,
// files their path, Live is nil, and a value without HTML or SVG is an error.
func TestOutsideNotebook(t *testing.T) {
	if In() {
		t.Skip("running inside GoNB")
	}
	if err := Show(htmlText{}); err != nil {
		t.Error(err)
	}
	if err := Show(42); err == nil {
		t.Error("Show(42): no error")
	}
	if Live() != nil {
		t.Error("Live outside a notebook: want nil")
	}
	p := filepath.Join(t.TempDir(), "a.png")
	if err := os.WriteFile(p, []byte("png"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := File(p); err != nil {
		t.Error(err)
	}
	if err := File(p + ".missing"); err == nil {
		t.Error("missing file: no error")
	}
}
