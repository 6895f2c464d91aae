package notebook

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Table is a small table of text cells for Show: HTML in a notebook, aligned
// columns outside one.
//
//	notebook.Show(notebook.Table{Header: []string{"layer", "params"}, Rows: rows})
type Table struct {
	Header []string
	Rows   [][]string
}

// HTML renders the table with its cells escaped.
func (t Table) HTML() string {
	var b strings.Builder
	b.WriteString(`<table style="font-family:monospace">`)
	row := func(tag string, cells []string) {
		b.WriteString("<tr>")
		for _, c := range cells {
			b.WriteString("<" + tag + ">" + html.EscapeString(c) + "</" + tag + ">")
		}
		b.WriteString("</tr>")
	}
	if len(t.Header) > 0 {
		row("th", t.Header)
	}
	for _, r := range t.Rows {
		row("td", r)
	}
	b.WriteString("</table>")
	return b.String()
}

// Text renders the table as left-aligned columns separated by two spaces,
// one line per row, the header first.
func (t Table) Text() string {
	all := append([][]string{t.Header}, t.Rows...)
	if len(t.Header) == 0 {
		all = t.Rows
	}
	var widths []int
	for _, r := range all {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}
