package notebook

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A table renders as escaped HTML in a notebook and as aligned text outside.
func TestTable(t *testing.T) {
	tb := Table{Header: []string{"layer", "params"}, Rows: [][]string{{"C1", "156"}, {"<F6>", "10,164"}}}
	wantHTML := `<table style="font-family:monospace"><tr><th>layer</th><th>params</th></tr>` +
		`<tr><td>C1</td><td>156</td></tr><tr><td>&lt;F6&gt;</td><td>10,164</td></tr></table>`
	if got := tb.HTML(); got != wantHTML {
		t.Errorf("HTML:\n%s\nwant\n%s", got, wantHTML)
	}
	// Columns as wide as their widest cell ("layer" 5, "10,164" 6), two spaces apart.
	wantText := "layer  params\nC1     156\n<F6>   10,164\n"
	if got := tb.Text(); got != wantText {
		t.Errorf("Text:\n%q\nwant\n%q", got, wantText)
	}
	if got := (Table{Rows: [][]string{{"a", "b"}}}).Text(); got != "a  b\n" {
		t.Errorf("Text without header: %q, want %q", got, "a  b\n")
	}
}

// A drawing pad saves to the absolute path of its file, has its own element
// id, and refuses a canvas smaller than MNIST's 28×28.
func TestDrawingPad(t *testing.T) {
	a, err := DrawingPad("runs/drawing.png", 280)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DrawingPad("runs/drawing.png", 280)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("runs/drawing.png")
	for _, want := range []string{`<canvas width="280" height="280"`, strconv.Quote(filepath.ToSlash(abs)), "api/contents/", "lineWidth = 20"} {
		if !strings.Contains(a, want) {
			t.Errorf("the pad's HTML lacks %q", want)
		}
	}
	if a == b {
		t.Error("two pads with the same element id")
	}
	if _, err := DrawingPad("x.png", 27); err == nil {
		t.Error("a 27-pixel pad: no error")
	}
}
