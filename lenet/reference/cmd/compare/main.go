// Command compare reads two seed-run files (reference.RunFile: from
// lenet/reference/cmd/seeds or lenet/reference/train_torch.py --json) and
// prints each one's mean ± sample standard deviation and Welch's t-test of
// the difference of their means, as text and, with -md, as a Markdown table
// row.
//
//	go run ./lenet/reference/cmd/compare lenet/reference/results/modern/go.json lenet/reference/results/modern/torch.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gocnn/gocnn/lenet/reference"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "compare:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.Bool("md", false, "also print a Markdown table row: model | A mean ± sd (n) | B mean ± sd (n) | difference | t | df | p")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./lenet/reference/cmd/compare [-md] A.json B.json\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("want two run files, got %d arguments", fs.NArg())
	}
	var files [2]*reference.RunFile
	for i := range files {
		f, err := reference.ReadRunFile(fs.Arg(i))
		if err != nil {
			return err
		}
		files[i] = f
	}
	c, err := reference.Compare(files[0], files[1])
	if err != nil {
		return err
	}
	for i, m := range [2][2]float64{{c.MeanA, c.SDA}, {c.MeanB, c.SDB}} {
		f := files[i]
		fmt.Fprintf(stdout, "%s: %s %s, %s, %d runs: %.2f ± %.2f%% (%s)\n", fs.Arg(i), f.Framework, f.Model, f.Dataset,
			len(f.Runs), m[0], m[1], f.Metric)
	}
	w := c.Welch
	fmt.Fprintf(stdout, "difference %+.3f pp; Welch's t = %.3f, df = %.1f, two-sided p = %.3g\n", c.Diff(), w.T, w.DF, w.P)
	if *md {
		fmt.Fprintf(stdout, "| %s | %.2f ± %.2f (%d) | %.2f ± %.2f (%d) | %+.2f | %.2f | %.1f | %.3g |\n", files[0].Model,
			c.MeanA, c.SDA, len(files[0].Runs), c.MeanB, c.SDB, len(files[1].Runs), c.Diff(), w.T, w.DF, w.P)
	}
	return nil
}
