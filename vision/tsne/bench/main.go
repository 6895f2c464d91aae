// Command bench times tsne.Embed on a CSV of points (first column the label,
// the rest the features, with a header row, as testdata/clusters1000.csv) and
// prints one JSON line: points, dimensions, preset, seconds, and the
// trustworthiness (k = 5) when -trust is set.
//
//	GOEXPERIMENT=simd go run ./vision/tsne/bench -in vision/tsne/testdata/clusters1000.csv -preset default -trust
//
// bench.py runs it next to scikit-learn on the same input and reports the
// time ratio.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/gocnn/gocnn/vision/tsne"
)

func main() {
	in := flag.String("in", "", "CSV file: label, features... with a header row")
	preset := flag.String("preset", "default", `"default" (scikit-learn's defaults) or "seed000" (300 iterations, learning rate 200, seed 42)`)
	method := flag.String("method", "barnes_hut", `"barnes_hut" or "exact"`)
	trust := flag.Bool("trust", false, "also compute the trustworthiness (k = 5); O(N² log N)")
	repeat := flag.Int("repeat", 1, "number of timed runs (the best is reported)")
	flag.Parse()
	if err := run(*in, *preset, *method, *trust, *repeat); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(in, preset, method string, trust bool, repeat int) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("opening -in: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("reading %q: %w", in, err)
	}
	if len(rows) < 3 {
		return fmt.Errorf("%q has %d rows, expected a header and at least 2 points", in, len(rows))
	}
	x := make([][]float64, 0, len(rows)-1)
	for i, r := range rows[1:] {
		v := make([]float64, len(r)-1)
		for j, s := range r[1:] {
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				return fmt.Errorf("%q row %d column %d: %w", in, i+2, j+2, err)
			}
		}
		x = append(x, v)
	}
	var opts tsne.Options
	switch preset {
	case "default":
		opts = tsne.DefaultOptions()
	case "seed000":
		opts = tsne.Seed000Options()
	default:
		return fmt.Errorf("-preset %q, expected default or seed000", preset)
	}
	switch method {
	case "barnes_hut":
		opts.Method = tsne.BarnesHut
	case "exact":
		opts.Method = tsne.Exact
	default:
		return fmt.Errorf("-method %q, expected barnes_hut or exact", method)
	}
	best := 0.0
	var res *tsne.Result
	for r := 0; r < max(1, repeat); r++ {
		start := time.Now()
		res, err = tsne.Embed(x, opts)
		if err != nil {
			return err
		}
		if s := time.Since(start).Seconds(); r == 0 || s < best {
			best = s
		}
	}
	out := map[string]any{"points": len(x), "dims": len(x[0]), "preset": preset, "method": method,
		"seconds": best, "kl": res.KL, "iterations": res.Iterations}
	if trust {
		t, err := tsne.Trustworthiness(x, res.Y, 5)
		if err != nil {
			return err
		}
		out["trustworthiness_k5"] = t
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
