package summary

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

func padRight(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// nameWidth is torchinfo's layer-name column width: 40, or the longest
// "depth·5 + 1 + len(name)" rounded up to a multiple of 5 when that reaches 40.
func (s *Summary) nameWidth() int {
	maxLen := 0
	for _, r := range s.Rows {
		maxLen = max(maxLen, r.Depth*5+1+utf8.RuneCountInString(rowName(r)))
	}
	if maxLen >= 40 {
		return (maxLen + 4) / 5 * 5
	}
	return 40
}

func (s *Summary) formatRow(b *strings.Builder, nw int, name string, cells []string) {
	line := padRight(name, nw) + " "
	for _, c := range cells {
		line += padRight(c, s.opts.ColWidth) + " "
	}
	b.WriteString(strings.TrimRight(line, " "))
	b.WriteByte('\n')
}

// String renders the summary as torchinfo's text table.
func (s *Summary) String() string {
	nw := s.nameWidth()
	div := strings.Repeat("=", nw+len(s.opts.Columns)*s.opts.ColWidth) + "\n"
	var b strings.Builder
	b.WriteString(div)
	titles := make([]string, len(s.opts.Columns))
	for i, c := range s.opts.Columns {
		titles[i] = c.String()
	}
	s.formatRow(&b, nw, "Layer (type:depth-idx)", titles)
	b.WriteString(div)
	for i, r := range s.Rows {
		if r.Depth > s.opts.MaxDepth {
			continue
		}
		s.formatRow(&b, nw, treePrefix(r.Depth)+rowName(r), s.cells(i))
	}
	b.WriteString(div)
	for _, l := range s.footer() {
		if l == "" {
			b.WriteString(div)
			continue
		}
		b.WriteString(l + "\n")
	}
	b.WriteString(strings.TrimSuffix(div, "\n"))
	return b.String()
}

// footer lists the footer lines; "" stands for a divider.
func (s *Summary) footer() []string {
	return []string{
		"Total params: " + Thousands(s.TotalParams),
		"Trainable params: " + Thousands(s.TrainableParams),
		"Non-trainable params: " + Thousands(s.TotalParams-s.TrainableParams),
		"Total mult-adds " + s.MultAddsString(),
		"",
		fmt.Sprintf("Input size (MB): %.2f", MB(s.InputBytes)),
		fmt.Sprintf("Forward/backward pass size (MB): %.2f", MB(s.ForwardBackwardBytes)),
		fmt.Sprintf("Params size (MB): %.2f", MB(s.ParamBytes)),
		fmt.Sprintf("Estimated Total Size (MB): %.2f", MB(s.TotalBytes())),
	}
}

// HTML renders the summary as an HTML table (tree prefixes kept, monospace
// layer names) followed by the footer, for notebooks.
func (s *Summary) HTML() string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-size:0.9em">` + "\n<thead><tr>")
	b.WriteString(`<th style="text-align:left;padding:2px 8px">Layer (type:depth-idx)</th>`)
	for _, c := range s.opts.Columns {
		fmt.Fprintf(&b, `<th style="text-align:left;padding:2px 8px">%s</th>`, html.EscapeString(c.String()))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, r := range s.Rows {
		if r.Depth > s.opts.MaxDepth {
			continue
		}
		fmt.Fprintf(&b, `<tr><td style="text-align:left;padding:2px 8px;font-family:monospace;white-space:pre">%s</td>`,
			html.EscapeString(treePrefix(r.Depth)+rowName(r)))
		for _, c := range s.cells(i) {
			fmt.Fprintf(&b, `<td style="text-align:left;padding:2px 8px;font-family:monospace">%s</td>`, html.EscapeString(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n<p style=\"font-family:monospace;white-space:pre\">")
	var lines []string
	for _, l := range s.footer() {
		if l != "" {
			lines = append(lines, html.EscapeString(l))
		}
	}
	b.WriteString(strings.Join(lines, "<br>"))
	b.WriteString("</p>\n")
	return b.String()
}
