package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

// Parse: -h is flag.ErrHelp, an unknown flag and a positional argument are
// UsageErrors, and good flags parse.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // "" for no error
	}{
		{[]string{"-n", "3"}, ""},
		{[]string{"-h"}, "help requested"},
		{[]string{"-bad"}, "flag provided but not defined: -bad"},
		{[]string{"-n", "3", "extra"}, `unexpected argument "extra"`},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		n := fs.Int("n", 0, "a number")
		err := Parse(fs, tc.args)
		if tc.want == "" {
			if err != nil || *n != 3 {
				t.Errorf("%q: n=%d, err %v; want 3, nil", tc.args, *n, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want one containing %q", tc.args, err, tc.want)
		}
		var ue UsageError
		if isHelp := errors.Is(err, flag.ErrHelp); isHelp == errors.As(err, &ue) {
			t.Errorf("%q: err %v (%T): want flag.ErrHelp for -h, else a UsageError", tc.args, err, err)
		}
	}
}

// ExitStatus: 0 for success, 2 for -h and usage errors (wrapped too), 1 for
// other failures; the message is printed with the command's name, except
// for -h.
func TestExitStatus(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		stderr string
	}{
		{nil, 0, ""},
		{flag.ErrHelp, ExitUsage, ""},
		{UsageError{"-n 0: want a positive number"}, ExitUsage, "cmd: -n 0: want a positive number\n"},
		{fmt.Errorf("run: %w", UsageError{"bad"}), ExitUsage, "cmd: run: bad\n"},
		{errors.New("disk full"), 1, "cmd: disk full\n"},
	} {
		var stderr bytes.Buffer
		if got := ExitStatus("cmd", tc.err, &stderr); got != tc.status || stderr.String() != tc.stderr {
			t.Errorf("%v: status %d, stderr %q; want %d, %q", tc.err, got, stderr.String(), tc.status, tc.stderr)
		}
	}
}

// An unknown -backend or -progress value is a usage error naming the flag;
// "lines" is a progress mode.
func TestBackendAndProgressFlags(t *testing.T) {
	var ue UsageError
	if _, _, err := Backend("no-such-backend"); !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), `-backend "no-such-backend"`) {
		t.Errorf("Backend(no-such-backend): %v, want a UsageError naming -backend", err)
	}
	if _, err := Progress("loud"); !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), "-progress: ") {
		t.Errorf("Progress(loud): %v, want a UsageError naming -progress", err)
	}
	if _, err := Progress("lines"); err != nil {
		t.Errorf("Progress(lines): %v, want no error", err)
	}
}
