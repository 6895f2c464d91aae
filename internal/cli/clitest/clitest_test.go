package clitest

import (
	"flag"
	"io"
	"testing"

	"github.com/gocnn/gocnn/internal/cli"
)

// A command with one flag, -n, that must be positive.
func runN(args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("n", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1, "a positive number")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if *n <= 0 {
		return cli.Usagef("-n %d: want a positive number", *n)
	}
	return nil
}

// -n 0, an unknown flag and an argument are usage errors.
func TestUsageErrors(t *testing.T) {
	UsageErrors(t, runN, []Case{
		{[]string{"-n", "0"}, "-n 0"},
		{[]string{"-m"}, "-m"},
		{[]string{"extra"}, ""},
	})
}
