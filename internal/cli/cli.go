package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gocnn/gocnn/vision/train"
	"github.com/gomlx/compute"
)

// ExitUsage is the exit status of a bad flag or argument.
const ExitUsage = 2

// UsageError is a bad flag or argument: one line on stderr and exit status
// ExitUsage.
type UsageError struct{ Msg string }

// Error returns the message.
func (e UsageError) Error() string { return e.Msg }

// Parse parses args with fs and refuses positional arguments. It returns
// flag.ErrHelp for -h and a UsageError for anything else that is wrong.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return UsageError{fmt.Sprintf("unexpected argument %q (flags only; see -h)", fs.Arg(0))}
	}
	return nil
}

// ExitStatus returns the exit status of a command named name that ended
// with err: 0 for nil; ExitUsage for -h (flag.ErrHelp, the usage already
// printed) and for a UsageError; 1 otherwise. Except for -h it prints err as
// "name: err" on stderr.
func ExitStatus(name string, err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitUsage
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	var ue UsageError
	if errors.As(err, &ue) {
		return ExitUsage
	}
	return 1
}

// Usagef returns a UsageError with the message fmt.Sprintf(format, a...).
func Usagef(format string, a ...any) error {
	return UsageError{fmt.Sprintf(format, a...)}
}

// Backend selects the GoMLX backend named by the -backend flag (config ""
// lets vision/backend choose); a bad name is a UsageError.
func Backend(config string) (compute.Backend, backend.Choice, error) {
	b, choice, err := backend.Select(config)
	if err != nil {
		return nil, choice, Usagef("-backend %q: %v", config, err)
	}
	return b, choice, nil
}

// Progress parses the -progress flag; a bad value is a UsageError.
func Progress(s string) (train.ProgressMode, error) {
	mode, err := train.ParseProgress(s)
	if err != nil {
		return mode, UsageError{"-progress: " + err.Error()}
	}
	return mode, nil
}

// Run is what a training command sets up from its -progress and -backend
// flags.
type Run struct {
	Progress train.ProgressMode // how training progress is shown
	Backend  compute.Backend    // the selected backend
	Choice   backend.Choice     // which backend it is and why (printed)
}

// StartRun parses the -progress value, selects the -backend one (config)
// and prints the choice on stdout; a bad value is a UsageError.
func StartRun(progress, config string, stdout io.Writer) (Run, error) {
	mode, err := Progress(progress)
	if err != nil {
		return Run{}, err
	}
	b, choice, err := Backend(config)
	if err != nil {
		return Run{}, err
	}
	fmt.Fprintln(stdout, choice)
	return Run{Progress: mode, Backend: b, Choice: choice}, nil
}

// RunFlags are the flags every training command shares: where the dataset's
// files are (-data), which backend (-backend), how much of the data (-limit)
// and how progress is shown (-progress). Embed it in a command's options and
// call Register.
type RunFlags struct {
	Data, Backend, Progress string
	Limit                   int
}

// Register defines -data, -backend, -limit and -progress on fs; dataset names
// the dataset in -data's help ("the IDX files", "the Fashion-MNIST IDX
// files") and progress is -progress's default ("auto" or "off").
func (r *RunFlags) Register(fs *flag.FlagSet, dataset, progress string) {
	fs.StringVar(&r.Data, "data", "", "directory with "+dataset+" (default: $GOCNN_DATA, the user cache, system locations)")
	fs.StringVar(&r.Backend, "backend", "", "GoMLX backend, e.g. go, xla:cpu, xla:cuda (default: $GOMLX_BACKEND, else XLA if a PJRT plugin is installed, else go)")
	fs.IntVar(&r.Limit, "limit", 0, "use only this many training (and test) images, for quick runs (0: all)")
	fs.StringVar(&r.Progress, "progress", progress, "progress display: auto (a bar on terminals), bar, lines or off")
}
