package notebooks

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// networkLine is the first line of a notebook cell that defines a network:
//
//	// network: <registry-name> <FuncName>
//
// The cell holds Go declarations only (imports, the exported func FuncName
// and what it needs): FuncName(classes int) returns an *nn.Sequential (any
// nn.Layer) or a *models.Model, which must build the same network as
// models.New(<registry-name>, models.Options{Classes: 10}).
var networkLine = regexp.MustCompile(`^// network: (\S+) ([A-Z]\w*)\s*$`)

// networkCell is one such cell of a chapter source.
type networkCell struct {
	where, registry, fn, src string
}

// networkCells returns the network cells of every chapter source in src/.
func networkCells(t *testing.T) []networkCell {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("src", "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("want the chapter sources in notebooks/src, found %d (err %v)", len(paths), err)
	}
	var cells []networkCell
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs, lines := goCells(string(text))
		for i, src := range srcs {
			first, _, _ := strings.Cut(src, "\n")
			if !strings.HasPrefix(first, "// network:") {
				continue
			}
			where := fmt.Sprintf("%s:%d", p, lines[i])
			m := networkLine.FindStringSubmatch(first)
			if m == nil {
				t.Errorf("%s: %q: want \"// network: <registry-name> <ExportedFuncName>\"", where, first)
				continue
			}
			for _, l := range strings.Split(src, "\n") {
				if strings.HasPrefix(l, "%") || strings.HasPrefix(l, "!") {
					t.Errorf("%s: a network cell holds Go declarations only, not %q", where, l)
				}
			}
			cells = append(cells, networkCell{where: where, registry: m[1], fn: m[2], src: src})
		}
	}
	return cells
}

// mutate returns src with one change that makes a different network: the
// first layer name renamed, else an activation swapped; "" when it finds
// none of them.
func mutate(src string) string {
	for _, r := range [][2]string{{`Name: "`, `Name: "mutated_`}, {"nn.NewTanh()", "nn.NewReLU()"}, {"nn.NewReLU()", "nn.NewTanh()"}} {
		if strings.Contains(src, r[0]) {
			return strings.Replace(src, r[0], r[1], 1)
		}
	}
	return ""
}

// networkResult is what the generated program reports for one cell.
type networkResult struct {
	Label   string
	Mutated bool
	Diffs   []string
	Err     string
}

const networksMain = `package main

import (
	"encoding/json"
	"fmt"
	"os"

	_ "github.com/gocnn/gocnn/alexnet"
	_ "github.com/gocnn/gocnn/lenet"
	_ "github.com/gocnn/gocnn/lenet/fashion"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
%s)

type result struct {
	Label   string
	Mutated bool
	Diffs   []string
	Err     string
}

// check compares a notebook's network with the registry's.
func check(label, name string, mutated bool, got any) result {
	r := result{Label: label, Mutated: mutated}
	m, err := models.New(name, models.Options{Classes: 10})
	if err != nil {
		r.Err = err.Error()
		return r
	}
	var l nn.Layer
	switch x := got.(type) {
	case *models.Model:
		l = x.Net
	case nn.Layer:
		l = x
	default:
		r.Err = fmt.Sprintf("the function returns a %%T: want an nn.Layer or a *models.Model", got)
		return r
	}
	if r.Diffs, err = models.Diff(m.Net, l, m.Input); err != nil {
		r.Err = err.Error()
	}
	return r
}

func main() {
	rs := []result{
%s	}
	if err := json.NewEncoder(os.Stdout).Encode(rs); err != nil {
		panic(err)
	}
}
`

// TestNotebookNetworksMatchRegistry compiles every network cell of the
// chapter sources (see networkLine) into a package of a generated program,
// with a mutated copy of each, and checks with models.Diff that the cell
// builds the same layers (names, types, output shapes, parameter counts,
// configuration) and state_dict keys as the registry's builder, and that the
// mutated copy does not: the comparison can fail.
func TestNotebookNetworksMatchRegistry(t *testing.T) {
	cells := networkCells(t)
	// Chapters 1, 2 and 4 define the modern LeNet, LeNet-5 and LeNet-1.
	if len(cells) < 3 {
		t.Fatalf("found %d network cells in notebooks/src; want at least 3 (chapters 1, 2 and 4)", len(cells))
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("testdata", "networks-") // inside the module, ignored by ./... and by git
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pkg := "github.com/gocnn/gocnn/notebooks/" + filepath.ToSlash(dir)
	var imports, calls strings.Builder
	write := func(name, src string) {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "cell.go"), []byte("package "+name+"\n\n"+src+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&imports, "\t%s %q\n", name, pkg+"/"+name)
	}
	mutated := 0
	for i, c := range cells {
		label := c.where + " " + c.fn
		write(fmt.Sprintf("c%d", i), c.src)
		fmt.Fprintf(&calls, "\t\tcheck(%q, %q, false, c%d.%s(10)),\n", label, c.registry, i, c.fn)
		if m := mutate(c.src); m != "" {
			write(fmt.Sprintf("m%d", i), m)
			fmt.Fprintf(&calls, "\t\tcheck(%q, %q, true, m%d.%s(10)),\n", label, c.registry, i, c.fn)
			mutated++
		}
	}
	if mutated == 0 {
		t.Fatal("no network cell could be mutated: the test would not show that the comparison can fail")
	}
	main := fmt.Sprintf(networksMain, imports.String(), calls.String())
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("building or running the network cells: %v\n%s", err, stderr.String())
	}
	var rs []networkResult
	if err := json.Unmarshal(out, &rs); err != nil {
		t.Fatalf("reading the program's results: %v\n%s", err, out)
	}
	if len(rs) != len(cells)+mutated {
		t.Fatalf("%d results, want %d (%d cells, %d mutated copies)", len(rs), len(cells)+mutated, len(cells), mutated)
	}
	for _, r := range rs {
		switch {
		case r.Mutated && r.Err == "" && len(r.Diffs) == 0:
			t.Errorf("%s, mutated copy: no difference found: the comparison cannot tell networks apart", r.Label)
		case r.Mutated:
		case r.Err != "":
			t.Errorf("%s: %s", r.Label, r.Err)
		case len(r.Diffs) > 0:
			t.Errorf("%s differs from the registry's network:\n%s", r.Label, strings.Join(r.Diffs, "\n"))
		default:
			t.Logf("%s: same network as the registry's", r.Label)
		}
	}
}
