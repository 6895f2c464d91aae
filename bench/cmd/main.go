// Command bench times training steps of the course's CNNs on every backend
// available and on PyTorch CPU, in one run on one machine, and writes the
// table to bench/results/ as JSON and Markdown:
//
//	GOEXPERIMENT=simd go run ./bench/cmd                       # go, xla:cpu (if installed), torch
//	GOEXPERIMENT=simd go run ./bench/cmd -models lenet5 -steps 100
//
// Models (batch): lenet1 (256), lenet5 (128, 32×32), modern (32),
// fashion-cnn3 (64), fashion-cnn7 (64, chapter 3's CNN with 7×7 kernels) and
// fashion-alexnet (AlexNet 64×64 width ×0.5, 128). Each model runs on each
// backend in a child process of its own (the GoMLX backend is chosen per
// process with GOMLX_BACKEND; xla:cpu needs the PJRT plugin in -pjrt, by
// default ~/.local/lib/go-xla where the project's set-up installs it), with
// GOMAXPROCS = -threads, so that the child's peak resident set size (its
// rusage) is that model's on that runtime. PyTorch runs
// bench/torch_models.py, one process per model too, with
// torch.set_num_threads(-threads) and OPENBLAS_NUM_THREADS=1. A step is forward + backward + SGD (momentum 0.9)
// on random data, with the loss and accuracy read back; the figure is the
// median of -steps steps after -warmup steps, from train.StepRecord.Seconds
// for Go and time.perf_counter around the step for PyTorch.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/gocnn/gocnn/alexnet" // registers fashion-alexnet
	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/atomicfile"
	_ "github.com/gocnn/gocnn/lenet"         // registers the LeNets
	_ "github.com/gocnn/gocnn/lenet/fashion" // registers fashion-cnn
	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/compute"
)

// benchModel is one timed architecture: a registered model (vision/models,
// default options) under the bench's name, with the batch of its recipe.
type benchModel struct {
	name     string
	registry string
	batch    int
}

// build makes the model from the registry.
func (bm *benchModel) build() (*models.Model, error) {
	return models.New(bm.registry, models.Options{})
}

var benchModels = []benchModel{
	{"lenet1", "lenet1", 256},
	{"lenet5", "lenet5", 128},
	{"modern", "modern", 32},
	{"fashion-cnn3", "fashion-cnn", 64},
	{"fashion-cnn7", "fashion-cnn7", 64},
	{"fashion-alexnet", "fashion-alexnet", 128},
}

// Result is one (model, runtime) measurement.
type Result struct {
	Model    string  `json:"model"`
	Runtime  string  `json:"runtime"` // the GoMLX backend ("go", "xla:cpu", "xla:cuda") or "torch"
	Batch    int     `json:"batch"`
	Params   int64   `json:"params"`
	Steps    int     `json:"steps"`     // timed steps (after warm-up)
	MedianMS float64 `json:"median_ms"` // median step time
	P10MS    float64 `json:"p10_ms"`
	P90MS    float64 `json:"p90_ms"`
	FirstMS  float64 `json:"first_ms"` // first step (compilation on GoMLX)
	// PeakRSSMB is the peak resident set size of the process that ran this
	// model alone (its rusage ru_maxrss), in MB (10⁶ bytes): program,
	// runtime, compilation and training together.
	PeakRSSMB float64 `json:"peak_rss_mb,omitempty"`
	ImagesPS  float64 `json:"images_per_s"`
	VsTorch   float64 `json:"vs_torch,omitempty"` // MedianMS / PyTorch's MedianMS
	// VsTorchP10 is P10MS / PyTorch's P10MS: the ratio of the faster steps,
	// less sensitive than the median to other work slowing PyTorch's threads.
	VsTorchP10 float64 `json:"vs_torch_p10,omitempty"`
	Error      string  `json:"error,omitempty"`
}

// Report is what bench/results/bench.json holds.
type Report struct {
	Date    string   `json:"date"`
	Command string   `json:"command"`
	Host    string   `json:"host"`
	Threads int      `json:"threads"`
	Warmup  int      `json:"warmup"`
	Torch   string   `json:"torch,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	Results []Result `json:"results"`
}

type options struct {
	modelNames    []string
	warmup, steps int
	threads       int
	pjrt, python  string
	torchScript   string
	out           string
	child         bool
	backend       string
	impl          string
	layerImpl     nn.Impl
	noTorch       bool
	cpuProfile    string
	timeout       time.Duration
	backends      []string // -backends; nil: go, then xla:cpu when its plugin is in pjrt
}

func main() {
	var o options
	var names string
	flag.StringVar(&names, "models", "lenet1,lenet5,modern,fashion-cnn3,fashion-cnn7,fashion-alexnet", "comma-separated models to time")
	flag.IntVar(&o.warmup, "warmup", 5, "untimed steps first (compilation, caches)")
	flag.IntVar(&o.steps, "steps", 50, "timed steps per model (median reported)")
	flag.IntVar(&o.threads, "threads", 2, "threads: GOMAXPROCS for Go, torch.set_num_threads for PyTorch")
	home, _ := os.UserHomeDir()
	flag.StringVar(&o.pjrt, "pjrt", filepath.Join(home, ".local", "lib", "go-xla"), "folder of pjrt_c_api_cpu_plugin.so (where the set-up installs it; bench/xla/install.sh DIR puts one in DIR); xla:cpu is skipped without it")
	flag.StringVar(&o.python, "python", "/usr/bin/python3", "python with torch for the PyTorch column")
	flag.StringVar(&o.torchScript, "torch-script", "bench/torch_models.py", "the PyTorch twins")
	flag.BoolVar(&o.noTorch, "no-torch", false, "skip PyTorch")
	flag.DurationVar(&o.timeout, "timeout", 15*time.Minute, "kill a runtime's child process after this long (its finished models are kept)")
	flag.StringVar(&o.out, "out", "bench/results", "folder for bench.json and bench.md (empty: don't write)")
	flag.StringVar(&o.impl, "impl", "auto", "layer formulation for the GoMLX runs: auto (per backend), native (GoMLX's conv/pool ops) or fast (matmul reformulations); see vision/nn.Impl")
	flag.BoolVar(&o.child, "child", false, "internal: time the models on -backend and print JSON results")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "with -child: write a Go CPU profile of the timed steps to this file (where a step's time goes on the host side: cgo calls into XLA, tensor copies, Go backend ops)")
	flag.StringVar(&o.backend, "backend", "", "internal: the child's backend")
	var backends string
	flag.StringVar(&backends, "backends", "", "comma-separated GoMLX backends to time, e.g. xla:cuda,xla:cpu,go (default: go, then xla:cpu when its plugin is in -pjrt)")
	flag.Parse()
	if backends != "" {
		o.backends = strings.Split(backends, ",")
	}
	o.modelNames = strings.Split(names, ",")
	for _, n := range o.modelNames {
		if findModel(n) == nil {
			fmt.Fprintf(os.Stderr, "bench: unknown model %q in -models: want some of %s\n", n, strings.Join(modelNames(), ", "))
			os.Exit(2)
		}
	}
	impls := map[string]nn.Impl{"auto": nn.ImplAuto, "native": nn.ImplNative, "fast": nn.ImplFast}
	impl, ok := impls[o.impl]
	o.layerImpl = impl
	if !ok {
		fmt.Fprintf(os.Stderr, "bench: -impl %q: want auto, native or fast\n", o.impl)
		os.Exit(2)
	}
	if o.warmup < 1 || o.steps < 1 || o.threads < 1 {
		fmt.Fprintf(os.Stderr, "bench: -warmup %d, -steps %d, -threads %d: want positive values\n", o.warmup, o.steps, o.threads)
		os.Exit(2)
	}
	var err error
	if o.child {
		if o.cpuProfile != "" {
			f, perr := os.Create(o.cpuProfile)
			if perr == nil {
				perr = pprof.StartCPUProfile(f)
			}
			if perr != nil {
				fmt.Fprintln(os.Stderr, "bench: -cpuprofile:", perr)
				os.Exit(1)
			}
			defer f.Close()
		}
		err = runChild(o, os.Stdout)
		pprof.StopCPUProfile()
	} else {
		err = runParent(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// modelNames lists the models' names in table order.
func modelNames() []string {
	var names []string
	for _, m := range benchModels {
		names = append(names, m.name)
	}
	return names
}

func findModel(name string) *benchModel {
	for i := range benchModels {
		if benchModels[i].name == name {
			return &benchModels[i]
		}
	}
	return nil
}

// runChild times every model on this process's backend and prints one JSON
// Result per line.
func runChild(o options, w io.Writer) error {
	be, choice, err := backend.New()
	if err != nil {
		return fmt.Errorf("backend %q: %w", o.backend, err)
	}
	fmt.Fprintf(os.Stderr, "bench child: %s, GOMAXPROCS=%d\n", choice, runtime.GOMAXPROCS(0))
	enc := json.NewEncoder(w)
	for _, name := range o.modelNames {
		bm := findModel(name)
		r, err := timeGo(be, bm, o)
		if err != nil {
			r = Result{Model: name, Runtime: choice.Config, Batch: bm.batch, Error: err.Error()}
		}
		r.Runtime = choice.Config
		if o.impl != "auto" {
			r.Runtime += " (" + o.impl + ")"
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// timeGo trains bm for warmup+steps steps on random data with train.Fit
// (SGD, momentum 0.9) and summarises train.StepRecord.Seconds.
func timeGo(be compute.Backend, bm *benchModel, o options) (Result, error) {
	m, err := bm.build()
	if err != nil {
		return Result{}, err
	}
	n := (o.warmup + o.steps) * bm.batch
	data, err := randomLoader(n, m.Input, bm.batch)
	if err != nil {
		return Result{}, err
	}
	_, h, err := train.Fit(be, m.Net, data, nil, train.Config{Epochs: 1, Optimizer: train.SGD{LR: 0.01, Momentum: 0.9}, Seed: 1, Quiet: true, Impl: o.layerImpl})
	if err != nil {
		return Result{}, fmt.Errorf("training %s: %w", bm.name, err)
	}
	secs := make([]float64, len(h.Steps))
	for i, s := range h.Steps {
		secs[i] = s.Seconds
	}
	if len(secs) != o.warmup+o.steps {
		return Result{}, fmt.Errorf("%s: %d steps recorded, want %d", bm.name, len(secs), o.warmup+o.steps)
	}
	return summarise(Result{Model: bm.name, Batch: bm.batch, Params: m.NumParams()}, secs, o.warmup), nil
}

// stats returns the median, 10th and 90th percentiles (nearest rank) of secs, in ms.
func stats(secs []float64) (med, p10, p90 float64) {
	s := slices.Clone(secs)
	slices.Sort(s)
	at := func(q float64) float64 { return 1000 * s[int(q*float64(len(s)-1)+0.5)] }
	n := len(s)
	if n%2 == 1 {
		med = 1000 * s[n/2]
	} else {
		med = 1000 * (s[n/2-1] + s[n/2]) / 2
	}
	return med, at(0.1), at(0.9)
}

func summarise(r Result, secs []float64, warmup int) Result {
	r.FirstMS = 1000 * secs[0]
	timed := secs[warmup:]
	r.Steps = len(timed)
	r.MedianMS, r.P10MS, r.P90MS = stats(timed)
	r.ImagesPS = float64(r.Batch) / (r.MedianMS / 1000)
	return r
}

// randomLoader returns n random images of shape [H,W,C] in [0,1) with labels 0..9.
func randomLoader(n int, chw []int, batch int) (*datasets.Loader, error) {
	r := rand.New(rand.NewPCG(1, 2))
	sample := chw[0] * chw[1] * chw[2]
	imgs := make([]float32, n*sample)
	for i := range imgs {
		imgs[i] = r.Float32()
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(r.IntN(10))
	}
	return datasets.NewLoader(imgs, labels, []int{chw[1], chw[2], chw[0]}, datasets.LoaderOptions{BatchSize: batch, DropLast: true})
}

// runParent runs one child process per model and runtime, then prints and
// writes the table.
func runParent(o options) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this program to start the per-backend children: %w", err)
	}
	rep := Report{Date: time.Now().UTC().Format(time.RFC3339), Command: strings.TrimSpace("GOEXPERIMENT=simd go run ./bench/cmd " + strings.Join(os.Args[1:], " ")),
		Host: hostInfo(), Threads: o.threads, Warmup: o.warmup}
	backends := o.backends
	if backends == nil {
		backends = []string{"go"}
		if _, err := os.Stat(filepath.Join(o.pjrt, "pjrt_c_api_cpu_plugin.so")); err == nil {
			backends = append(backends, "xla:cpu")
		} else {
			rep.Notes = append(rep.Notes, fmt.Sprintf("xla:cpu skipped: no pjrt_c_api_cpu_plugin.so in %s (run bench/xla/install.sh %s)", o.pjrt, o.pjrt))
		}
	}
	for _, be := range backends {
		for _, name := range o.modelNames {
			fmt.Fprintf(os.Stderr, "bench: timing %s on %s ...\n", name, be)
			args := []string{"-child", "-backend", be, "-models", name,
				"-warmup", fmt.Sprint(o.warmup), "-steps", fmt.Sprint(o.steps), "-threads", fmt.Sprint(o.threads), "-impl", o.impl}
			ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
			cmd := exec.CommandContext(ctx, self, args...)
			cmd.Env = append(os.Environ(), "GOMLX_BACKEND="+be, "PJRT_PLUGIN_LIBRARY_PATH="+o.pjrt, "GOMLX_NO_AUTO_INSTALL=1",
				fmt.Sprintf("GOMAXPROCS=%d", o.threads))
			res, err := runJSONLines(cmd, func(line []byte) (Result, bool, error) {
				var r Result
				err := json.Unmarshal(line, &r)
				return r, true, err
			})
			cancel()
			if err != nil {
				rep.Notes = append(rep.Notes, fmt.Sprintf("%s %s: %v", be, name, err))
			}
			rep.Results = append(rep.Results, withPeakRSS(res, cmd)...)
		}
	}
	if !o.noTorch {
		fmt.Fprintf(os.Stderr, "bench: timing PyTorch (%s %s) ...\n", o.python, o.torchScript)
		for _, name := range o.modelNames {
			res, err := runTorch(o, name, &rep)
			if err != nil {
				rep.Notes = append(rep.Notes, fmt.Sprintf("torch %s: %v", name, err))
			}
			rep.Results = append(rep.Results, res...)
		}
	}
	addRatios(&rep)
	md := markdown(rep)
	fmt.Print(md)
	if o.out == "" {
		return nil
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", o.out, err)
	}
	if err := atomicfile.WriteJSON(filepath.Join(o.out, "bench.json"), rep, "  "); err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(o.out, "bench.md"), []byte(md))
}

// runTorch times one model with bench/torch_models.py in a process of its own.
func runTorch(o options, name string, rep *Report) ([]Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, o.python, o.torchScript, "--bench", "--threads", fmt.Sprint(o.threads),
		"--warmup", fmt.Sprint(o.warmup), "--steps", fmt.Sprint(o.steps), "--models", name)
	cmd.Env = append(os.Environ(), "OPENBLAS_NUM_THREADS=1", fmt.Sprintf("OMP_NUM_THREADS=%d", o.threads))
	res, err := runJSONLines(cmd, func(line []byte) (Result, bool, error) {
		var t struct {
			Name    string    `json:"name"`
			Batch   int       `json:"batch"`
			Params  int64     `json:"params"`
			Seconds []float64 `json:"seconds"`
			Torch   string    `json:"torch"`
			Threads int       `json:"threads"`
		}
		if err := json.Unmarshal(line, &t); err != nil {
			return Result{}, false, err
		}
		if t.Torch != "" {
			rep.Torch = fmt.Sprintf("torch %s, %d threads", t.Torch, t.Threads)
			return Result{}, false, nil
		}
		if len(t.Seconds) <= o.warmup {
			return Result{}, false, fmt.Errorf("torch %s: %d step times, want more than %d", t.Name, len(t.Seconds), o.warmup)
		}
		return summarise(Result{Model: t.Name, Runtime: "torch", Batch: t.Batch, Params: t.Params}, t.Seconds, o.warmup), true, nil
	})
	return withPeakRSS(res, cmd), err
}

// withPeakRSS sets PeakRSSMB of res, the results of the child process cmd
// (which has exited), from its rusage: ru_maxrss, in KiB on Linux.
func withPeakRSS(res []Result, cmd *exec.Cmd) []Result {
	if cmd.ProcessState == nil {
		return res
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok || ru.Maxrss <= 0 {
		return res
	}
	for i := range res {
		res[i].PeakRSSMB = float64(ru.Maxrss) * 1024 / 1e6
	}
	return res
}

// runJSONLines runs cmd (stderr passed through) and parses each stdout line
// starting with '{'. It returns what parsed even when the command fails.
func runJSONLines(cmd *exec.Cmd, parse func([]byte) (Result, bool, error)) ([]Result, error) {
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", cmd.Path, err)
	}
	var res []Result
	var errs []error
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		r, ok, err := parse(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("parsing %q: %w", line, err))
			continue
		}
		if ok {
			res = append(res, r)
		}
	}
	if err := cmd.Wait(); err != nil {
		errs = append(errs, fmt.Errorf("%s %s: %w", cmd.Path, strings.Join(cmd.Args[1:], " "), err))
	}
	return res, errors.Join(errs...)
}

// addRatios sets VsTorch and notes parameter-count mismatches.
func addRatios(rep *Report) {
	torch := map[string]Result{}
	for _, r := range rep.Results {
		if r.Runtime == "torch" && r.Error == "" {
			torch[r.Model] = r
		}
	}
	for i, r := range rep.Results {
		t, ok := torch[r.Model]
		if !ok || r.Error != "" || r.Runtime == "torch" {
			continue
		}
		rep.Results[i].VsTorch = r.MedianMS / t.MedianMS
		rep.Results[i].VsTorchP10 = r.P10MS / t.P10MS
		if r.Params != t.Params {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: %d parameters in Go, %d in PyTorch", r.Model, r.Params, t.Params))
		}
	}
}

// markdown renders the report as a Markdown table, one row per model and runtime.
func markdown(rep Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Training-step benchmark\n\n%s, `%s`, %d threads, %d warm-up steps; %s.\n\n", rep.Date, rep.Command, rep.Threads, rep.Warmup, rep.Host)
	if rep.Torch != "" {
		fmt.Fprintf(&b, "PyTorch: %s (OPENBLAS_NUM_THREADS=1).\n\n", rep.Torch)
	}
	b.WriteString("| model | batch | params | runtime | median ms/step | p10–p90 ms | images/s | × PyTorch (median) | × PyTorch (p10) | first step ms | peak RSS MB |\n")
	b.WriteString("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rep.Results {
		if r.Error != "" {
			fmt.Fprintf(&b, "| %s | %d | | %s | error: %s | | | | | | |\n", r.Model, r.Batch, r.Runtime, strings.ReplaceAll(r.Error, "|", "/"))
			continue
		}
		ratio, ratio10 := "—", "—"
		if r.VsTorch > 0 {
			ratio, ratio10 = fmt.Sprintf("%.2f×", r.VsTorch), fmt.Sprintf("%.2f×", r.VsTorchP10)
		}
		rss := "—"
		if r.PeakRSSMB > 0 {
			rss = fmt.Sprintf("%.0f", r.PeakRSSMB)
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %s | %.2f | %.2f–%.2f | %.0f | %s | %s | %.0f | %s |\n",
			r.Model, r.Batch, r.Params, r.Runtime, r.MedianMS, r.P10MS, r.P90MS, r.ImagesPS, ratio, ratio10, r.FirstMS, rss)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "\n* %s", n)
	}
	if len(rep.Notes) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// hostInfo describes the CPU: model name and logical CPU count.
func hostInfo() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "model name") {
				if _, v, ok := strings.Cut(l, ":"); ok {
					cpu = strings.TrimSpace(v)
				}
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d logical CPUs", cpu, runtime.NumCPU())
}
