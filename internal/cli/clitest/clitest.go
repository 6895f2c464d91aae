package clitest

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/cli"
)

// Case is a bad command line and a part of the message its usage error must
// hold ("" for any message).
type Case struct {
	Args []string
	Want string
}

// Run is a command's entry point: it parses args and runs, writing to stdout
// and stderr.
type Run func(args []string, stdout, stderr io.Writer) error

// UsageErrors runs each case through run, its output discarded, and checks
// that it fails with a cli.UsageError whose message holds Want.
func UsageErrors(t *testing.T, run Run, cases []Case) {
	t.Helper()
	for _, c := range cases {
		err := run(c.Args, io.Discard, io.Discard)
		var ue cli.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.Want) {
			t.Errorf("%q: err = %v, want a usage error containing %q", c.Args, err, c.Want)
		}
	}
}
