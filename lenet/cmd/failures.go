package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/gocnn/gocnn/internal/cli"
	"github.com/gocnn/gocnn/internal/runlock"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/train"
)

// exitInterrupted is the exit status of a run stopped by SIGINT after a
// step, its checkpoint written. The others are 0 (success or -h),
// cli.ExitUsage (a bad flag or argument) and 1 (the run failed).
const exitInterrupted = 130

// runError is a failure of the run in dir, after its folder was locked.
type runError struct {
	dir string
	err error
}

func (e runError) Error() string { return e.err.Error() }
func (e runError) Unwrap() error { return e.err }

// exitStatus prints err as one line on stderr, with what to do where that is
// known, and returns the process's exit status.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	msg, status := oneLine(err.Error()), 1
	var ue cli.UsageError
	var re runError
	dir := ""
	if errors.As(err, &re) {
		dir = re.dir
	}
	switch {
	case errors.As(err, &ue):
		status = cli.ExitUsage
	case errors.Is(err, train.ErrInterrupted):
		status = exitInterrupted
		msg = fmt.Sprintf("interrupted: %s; %s", msg, continueHint(dir))
	case errors.Is(err, syscall.ENOSPC):
		msg = fmt.Sprintf("disk full: %s; the files already in %s are the last complete ones: free space and %s", msg, dir, continueHint(dir))
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		msg = fmt.Sprintf("%s; choose a writable -out", msg)
	}
	fmt.Fprintln(stderr, "lenet:", msg)
	return status
}

// continueHint says how to go on with the run in dir.
func continueHint(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, runFile)); err != nil {
		return "start the run again"
	}
	return "continue with -resume " + dir
}

// oneLine joins a multi-line message (the datasets package lists every place
// it looked on its own line) into one.
func oneLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[i]), "- "))
	}
	return strings.Join(lines, "; ")
}

// lockRunFolder makes outDir (if needed) and takes its lock: one process at a
// time writes a run folder. A new run refuses a folder that already holds a
// run.
func lockRunFolder(o *options, outDir string) (*runlock.Lock, error) {
	flagName := "-out"
	if o.resume != "" {
		flagName = "-resume"
	}
	lock, err := runlock.Acquire(outDir)
	var busy *runlock.BusyError
	switch {
	case errors.As(err, &busy):
		return nil, fmt.Errorf("%s %q: %w", flagName, outDir, err)
	case err != nil:
		return nil, fmt.Errorf("%s %q: cannot write there (%w); choose a writable folder", flagName, outDir, err)
	}
	if _, err := os.Stat(filepath.Join(outDir, runFile)); err == nil && o.resume == "" {
		_ = lock.Release()
		return nil, cli.Usagef("-out %q already holds a run (%s): continue it with -resume %s, or choose another -out", outDir, runFile, outDir)
	}
	return lock, nil
}

// stopOnInterrupt turns the first SIGINT into a request to stop after the
// current training step (with a checkpoint); a second one quits at once.
func stopOnInterrupt(out io.Writer) (stop func() bool, done func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt)
	var asked atomic.Bool
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
				if asked.Swap(true) {
					fmt.Fprintln(os.Stderr, "lenet: second interrupt: quitting at once (the last checkpoint is intact)")
					os.Exit(exitInterrupted)
				}
				fmt.Fprintln(out, "\ninterrupt: stopping after the current step and writing a checkpoint (interrupt again to quit at once)")
			case <-quit:
				return
			}
		}
	}()
	return asked.Load, func() { signal.Stop(ch); close(quit) }
}

// scaledValidation is the validation hold-out of a recipe (v images of the
// 60,000) under -limit: in proportion to the images kept, at least one
// (experiment.ScaleValidation), with a note saying so.
func scaledValidation(o *options, v int) int {
	n := experiment.ScaleValidation(v, o.Limit)
	if n != v {
		o.notes = append(o.notes, fmt.Sprintf("-limit %d: the validation hold-out shrinks in proportion, from %d of %d to %d of %d training images",
			o.Limit, v, experiment.TrainImages, n, o.Limit))
	}
	return n
}
