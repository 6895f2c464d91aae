package notebooks

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goCells returns the ```go blocks of a chapter source (notebooks/src/NN-name.md), each with the line it
// starts on: the code cells tools/nbsource.py builds into the notebook.
func goCells(text string) (cells []string, lines []int) {
	var buf []string
	in := false
	for i, l := range strings.Split(text, "\n") {
		switch {
		case !in && l == "```go":
			in, buf = true, nil
			lines = append(lines, i+2)
		case in && l == "```":
			in = false
			cells = append(cells, strings.Join(buf, "\n"))
		case in:
			buf = append(buf, l)
		}
	}
	return cells, lines
}

// gofmtCell returns cell as gofmt would write it. A GoNB cell holds declarations, then optionally a line
// "%%" followed by the statements of main; lines starting with '%' or '!' are GoNB's magics and shell
// commands, which gofmt never sees and which stay where they are.
func gofmtCell(cell string) (string, error) {
	var decls, body, out []string
	inMain := false
	for _, l := range strings.Split(cell, "\n") {
		switch {
		case strings.HasPrefix(l, "%%"):
			inMain = true
			out = append(out, l)
		case strings.HasPrefix(l, "%") || strings.HasPrefix(l, "!"):
			out = append(out, l)
		case inMain:
			body = append(body, l)
		default:
			decls = append(decls, l)
		}
	}
	fd := ""
	if d := strings.TrimSpace(strings.Join(decls, "\n")); d != "" {
		var err error
		if fd, err = formatGo("package main\n\n"+d, "package main\n\n", ""); err != nil {
			return "", fmt.Errorf("declarations: %w", err)
		}
	}
	fb := ""
	if inMain {
		var err error
		src := "package main\n\nfunc main() {\n" + strings.Join(body, "\n") + "\n}\n"
		if fb, err = formatGo(src, "package main\n\nfunc main() {\n", "}\n"); err != nil {
			return "", fmt.Errorf("statements after %%%%: %w", err)
		}
		lines := strings.Split(fb, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimPrefix(l, "\t")
		}
		fb = strings.Join(lines, "\n")
	}
	// Reassemble in the cell's order: magics first where they were, declarations, "%%", statements.
	var b strings.Builder
	magics := 0
	for _, l := range strings.Split(cell, "\n") {
		if (strings.HasPrefix(l, "%") || strings.HasPrefix(l, "!")) && !strings.HasPrefix(l, "%%") {
			b.WriteString(l + "\n")
			magics++
			continue
		}
		break
	}
	if fd = strings.Trim(fd, "\n"); fd != "" {
		b.WriteString(fd + "\n")
		if strings.Contains(cell, "\n\n%%") { // a blank line before "%%" is the author's choice
			b.WriteString("\n")
		}
	}
	for _, l := range out[magics:] {
		if strings.HasPrefix(l, "%%") {
			b.WriteString(l + "\n")
			if fb = strings.Trim(fb, "\n"); fb != "" {
				b.WriteString(fb + "\n")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n"), nil
}

// formatGo runs go/format on src and returns it without prefix and suffix.
func formatGo(src, prefix, suffix string) (string, error) {
	f, err := format.Source([]byte(src))
	if err != nil {
		return "", err
	}
	s := strings.TrimPrefix(string(f), prefix)
	return strings.TrimSuffix(s, suffix), nil
}

// writeGofmt makes TestGoCellsAreGofmtClean rewrite the sources' Go cells as gofmt writes them:
//
//	go test ./notebooks -run TestGoCellsAreGofmtClean -args -gofmt-write
var writeGofmt = flag.Bool("gofmt-write", false, "rewrite notebooks/src/*.md with gofmt-clean Go cells")

// TestGoCellsAreGofmtClean: every Go cell of every chapter source is formatted as gofmt writes Go (magic and
// shell lines aside), so the course's Go reads like the library's.
func TestGoCellsAreGofmtClean(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("src", "*.md"))
	if err != nil || len(paths) < 6 {
		t.Fatalf("want the six chapter sources in notebooks/src, found %d (err %v)", len(paths), err)
	}
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cells, lines := goCells(string(text))
		if len(cells) == 0 {
			t.Errorf("%s: no ```go cell", p)
		}
		fixed := string(text)
		for i, c := range cells {
			got, err := gofmtCell(c)
			if err != nil {
				t.Errorf("%s:%d: the Go cell does not parse: %v", p, lines[i], err)
				continue
			}
			if got == strings.TrimRight(c, "\n") {
				continue
			}
			if *writeGofmt {
				fixed = strings.Replace(fixed, "```go\n"+c+"\n```", "```go\n"+got+"\n```", 1)
				continue
			}
			t.Errorf("%s:%d: the Go cell is not gofmt-clean (go test ./notebooks -run %s -args -gofmt-write); gofmt writes:\n%s",
				p, lines[i], t.Name(), got)
		}
		if fixed != string(text) {
			if err := os.WriteFile(p, []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: Go cells rewritten as gofmt writes them", p)
		}
	}
}

// TestGofmtCell checks the cell formatter on a cell with a magic, a badly spaced declaration and statements.
func TestGofmtCell(t *testing.T) {
	in := "%env A=1\nimport \"fmt\"\nfunc f( x int )int{return x}\n%%\nfmt.Println( f(1) )"
	want := "%env A=1\nimport \"fmt\"\n\nfunc f(x int) int { return x }\n%%\nfmt.Println(f(1))"
	got, err := gofmtCell(in)
	if err != nil || got != want {
		t.Errorf("gofmtCell:\n%s\nerr %v; want:\n%s", got, err, want)
	}
	if clean, _ := gofmtCell(want); clean != want {
		t.Errorf("a clean cell changed:\n%s", clean)
	}
}

// TestNotebooksBuiltFromSources: each committed .ipynb has exactly the cells tools/nbsource.py builds from
// its notebooks/src/*.md, so an edit of a source that was not built (or an edit of a notebook in JupyterLab
// that was not carried back to its source) fails here.
func TestNotebooksBuiltFromSources(t *testing.T) {
	py := python(t)
	cmd := exec.Command(py, filepath.Join("tools", "nbsource.py"), "check")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3 tools/nbsource.py check: %v\n%s", err, out.String())
	}
}
