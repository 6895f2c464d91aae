package notebook

import "testing"

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
