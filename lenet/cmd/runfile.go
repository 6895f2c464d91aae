package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/atomicfile"
	"github.com/gocnn/gocnn/internal/cli"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
)

// runFile is the record of a run's configuration in its folder, written
// atomically when the run starts; -resume rebuilds the run from it.
const runFile = "run.json"

// runRecord is the content of run.json: everything needed to rebuild the
// run exactly, and to say where it came from.
type runRecord struct {
	Version int       `json:"version"`
	Program string    `json:"program"`
	Started time.Time `json:"started"`
	Args    []string  `json:"args"` // the command line that started the run
	// Flags holds every flag's resolved value: the recipe's for those not
	// given (epochs, batch, optimizer, lr, momentum, weight-decay, schedule,
	// seed), the flag's default for the others.
	Flags map[string]string `json:"flags"`
	Set   []string          `json:"set"` // the flags given on the command line
	Model string            `json:"model"`
	// Dataset is the datasets package's name ("mnist", "fashion-mnist").
	Dataset string            `json:"dataset"`
	Recipe  experiment.Recipe `json:"recipe"` // as trained: the flags applied, the validation scaled to -limit
	Limit   int               `json:"limit"`
	Backend string            `json:"backend"` // the configuration used, e.g. "go" or "xla:cpu"
	// BackendReason is why it was chosen at the start.
	BackendReason string     `json:"backend_reason"`
	Build         buildStamp `json:"build"`
	Data          dataRecord `json:"data"`
	// Extended lists the -epochs extensions made with -resume.
	Extended []extension `json:"extended,omitempty"`
}

type extension struct {
	At     time.Time `json:"at"`
	Epochs int       `json:"epochs"` // the new total
}

type buildStamp struct {
	Module    string `json:"module"`
	Version   string `json:"version"`            // the module version, "(devel)" for a checkout
	Revision  string `json:"revision,omitempty"` // VCS commit, when the binary was stamped
	Modified  bool   `json:"modified,omitempty"` // the checkout had uncommitted changes
	GoVersion string `json:"go_version"`
	GoMLX     string `json:"gomlx"`
	GOARCH    string `json:"goarch"`
}

type dataRecord struct {
	Dir   string     `json:"dir"`
	Files []dataFile `json:"files"`
}

type dataFile struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Size   int64  `json:"size"`   // of the decompressed content
	SHA256 string `json:"sha256"` // of the decompressed content, verified before the run started
}

func build() buildStamp {
	b := buildStamp{Module: "github.com/gocnn/gocnn", Version: "unknown", GoVersion: runtime.Version(), GOARCH: runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Version = info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	for _, d := range info.Deps {
		if d.Path == "github.com/gomlx/gomlx" {
			b.GoMLX = d.Version
		}
	}
	return b
}

// recipeFlags are the flags whose default is the recipe's.
var recipeFlags = []string{"epochs", "batch", "optimizer", "lr", "momentum", "weight-decay", "schedule", "seed"}

// freeFlags may differ between a run's start and its -resume; they are not
// recorded.
var freeFlags = []string{"resume", "out", "progress", "serve", "weights"}

// outputFlags are recorded and restored, but may be changed with -resume:
// they only change what is shown, not what is trained.
var outputFlags = []string{"tsne"}

// newRecord describes a run that is about to start.
func newRecord(o *options, m *models.Model, r experiment.Recipe, backendCfg, backendReason string, data dataRecord) *runRecord {
	rec := &runRecord{Version: 1, Program: "lenet", Started: time.Now().UTC().Truncate(time.Second), Args: os.Args,
		Flags: map[string]string{}, Model: m.Name, Recipe: r, Limit: o.Limit, Backend: backendCfg,
		BackendReason: backendReason, Build: build(), Data: data}
	rec.Dataset, _ = experiment.DatasetName(o.dataset)
	o.fs.VisitAll(func(f *flag.Flag) {
		if !slices.Contains(freeFlags, f.Name) {
			rec.Flags[f.Name] = f.Value.String()
		}
	})
	fl := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	rec.Flags["epochs"], rec.Flags["batch"] = strconv.Itoa(r.Epochs), strconv.Itoa(r.Batch)
	rec.Flags["optimizer"], rec.Flags["schedule"] = r.Optimizer.Name, r.Schedule.String()
	if o.set["schedule"] {
		rec.Flags["schedule"] = o.schedule // as given, so that -resume with the same flag agrees
	}
	if o.set["optimizer"] {
		rec.Flags["optimizer"] = o.optimizer
	}
	rec.Flags["lr"], rec.Flags["momentum"], rec.Flags["weight-decay"] = fl(r.Optimizer.LR), fl(r.Optimizer.Momentum), fl(r.Optimizer.WeightDecay)
	rec.Flags["seed"] = strconv.FormatInt(r.Seed, 10)
	rec.Flags["backend"] = backendCfg
	for name := range o.set {
		if !slices.Contains(freeFlags, name) {
			rec.Set = append(rec.Set, name)
		}
	}
	slices.Sort(rec.Set)
	return rec
}

func (rec *runRecord) write(dir string) error {
	return atomicfile.WriteJSON(filepath.Join(dir, runFile), rec, "  ")
}

func readRecord(dir string) (*runRecord, error) {
	path := filepath.Join(dir, runFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if st, err2 := os.Stat(filepath.Join(dir, "checkpoint")); err2 == nil && st.IsDir() {
			return nil, cli.Usagef("-resume %q: no %s there (a run of an older gocnn): resume it with that version, or start a new run", dir, runFile)
		}
		return nil, cli.Usagef("-resume %q: no %s there (want the output directory of an earlier run)", dir, runFile)
	}
	if err != nil {
		return nil, cli.Usagef("-resume %q: %v", dir, err)
	}
	var rec runRecord
	if err := json.Unmarshal(data, &rec); err != nil || rec.Version != 1 || rec.Model == "" {
		return nil, cli.Usagef("-resume %q: %s is not a run record of this gocnn (%v)", dir, path, err)
	}
	return &rec, nil
}

// sameValue compares a flag value given now with the recorded one: numbers
// by value, dataset names by what they name, paths cleaned, others as text.
func sameValue(name, given, recorded string) bool {
	switch name {
	case "dataset":
		a, _ := experiment.DatasetName(given)
		return a == recorded || given == recorded
	case "data":
		a, _ := filepath.Abs(given)
		b, _ := filepath.Abs(recorded)
		return given == recorded || a == b
	}
	if x, err := strconv.ParseFloat(given, 64); err == nil {
		if y, err := strconv.ParseFloat(recorded, 64); err == nil {
			return x == y
		}
	}
	return given == recorded
}

// restore rebuilds the options of the run recorded in o.resume. A flag given
// now that conflicts with the recorded value is a usage error naming both;
// only -epochs may differ, to extend the run.
func restore(o *options) (*runRecord, error) {
	if _, err := os.Stat(filepath.Join(o.resume, runFile)); err != nil && o.serve != "" {
		return nil, nil // -serve only reads the weights: a folder without run.json will do
	}
	rec, err := readRecord(o.resume)
	if err != nil {
		return nil, err
	}
	var names []string
	for name := range o.set {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(freeFlags, name) || slices.Contains(outputFlags, name) {
			continue
		}
		given := o.fs.Lookup(name).Value.String()
		recorded, ok := rec.Flags[name]
		if name == "dataset" {
			recorded = rec.Dataset
		}
		if name == "epochs" {
			if o.epochs < rec.Recipe.Epochs {
				return nil, cli.Usagef("-epochs %d: the run in %s was started with -epochs %d; -epochs may only extend a run", o.epochs, o.resume, rec.Recipe.Epochs)
			}
			continue
		}
		if !ok || !sameValue(name, given, recorded) {
			return nil, cli.Usagef("-%s %s conflicts with the run in %s, recorded with -%s %s (%s): drop the flag, or start a new run with another -out",
				name, given, o.resume, name, recorded, filepath.Join(o.resume, runFile))
		}
	}
	// Rebuild the options the run was started with.
	set := func(name string) {
		if v, ok := rec.Flags[name]; ok && !(o.set[name] && slices.Contains(outputFlags, name)) {
			_ = o.fs.Set(name, v)
		}
	}
	for _, name := range []string{"model", "dataset", "recipe", "data", "limit", "tsne", "backend"} {
		set(name)
	}
	o.dataset = rec.Dataset
	o.set = map[string]bool{"resume": true}
	if o.epochs > rec.Recipe.Epochs {
		o.set["epochs"] = true
	}
	return rec, nil
}

// resumedRecipe is the recorded recipe, with the total epochs extended when
// -epochs asked for more; the extension is recorded in run.json.
func (rec *runRecord) resumedRecipe(o *options, dir string, out io.Writer) (experiment.Recipe, error) {
	r := rec.Recipe
	if o.set["epochs"] && o.epochs > r.Epochs {
		fmt.Fprintf(out, "resume: extending the run from %d to %d epochs\n", r.Epochs, o.epochs)
		r.Epochs = o.epochs
		rec.Recipe.Epochs, rec.Flags["epochs"] = o.epochs, strconv.Itoa(o.epochs)
		rec.Extended = append(rec.Extended, extension{At: time.Now().UTC().Truncate(time.Second), Epochs: o.epochs})
		if err := rec.write(dir); err != nil {
			return r, err
		}
	}
	return r, nil
}

// locateData finds and verifies the dataset's four files. With -data, they
// must be in that folder (or its <dataset>/ subfolder): nothing else is
// searched, and the error lists what was expected there.
func locateData(o *options) (dataRecord, error) {
	name, _ := experiment.DatasetName(o.dataset)
	files, err := datasets.Files(name)
	if err != nil {
		return dataRecord{}, err
	}
	var dir string
	if o.Data != "" {
		for _, d := range []string{o.Data, filepath.Join(o.Data, name)} {
			if missing := missingFiles(d, files); len(missing) == 0 {
				dir = d
				break
			}
		}
		if dir == "" {
			return dataRecord{}, cli.Usagef("-data %q: no %s there: expected %s (each raw or .gz) in it or in its %s/ subfolder; missing %s",
				o.Data, name, strings.Join(fileNames(files), ", "), name, strings.Join(missingFiles(o.Data, files), ", "))
		}
	} else if dir, err = datasets.Locate(name, datasets.Options{}); err != nil {
		return dataRecord{}, err
	}
	rec := dataRecord{Dir: dir}
	for _, f := range files {
		p, _ := datasets.FindFile(dir, f.Name)
		if err := datasets.VerifyFile(p, f); err != nil {
			return dataRecord{}, err
		}
		rec.Files = append(rec.Files, dataFile{Name: f.Name, Path: p, Size: f.Size, SHA256: f.SHA256})
	}
	return rec, nil
}

func fileNames(files []datasets.FileInfo) []string {
	var s []string
	for _, f := range files {
		s = append(s, f.Name)
	}
	return s
}

func missingFiles(dir string, files []datasets.FileInfo) []string {
	var m []string
	for _, f := range files {
		if _, ok := datasets.FindFile(dir, f.Name); !ok {
			m = append(m, f.Name)
		}
	}
	return m
}

// removeDebris deletes the temporary files that interrupted atomic writes
// left in the run folder (the caller holds its lock, so none is in use).
func removeDebris(dir string) {
	for _, d := range []string{dir, filepath.Join(dir, "checkpoint")} {
		tmps, _ := filepath.Glob(filepath.Join(d, ".*.tmp*"))
		for _, f := range tmps {
			_ = os.Remove(f)
		}
	}
}
