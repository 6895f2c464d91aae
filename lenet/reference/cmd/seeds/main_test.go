package main

import (
	"testing"

	"github.com/gocnn/gocnn/internal/cli/clitest"
)

// Bad flags are usage errors that name the flag; a metric the recipe does
// not allow says so.
func TestUsageErrors(t *testing.T) {
	clitest.UsageErrors(t, run, []clitest.Case{
		{Args: []string{"-seeds", "3-1"}, Want: "-seeds"},
		{Args: []string{"-model", "lenet7"}, Want: "-model"},
		{Args: []string{"-metric", "median"}, Want: `-metric "median"`},
		{Args: []string{"-model", "modern", "-metric", "best_valid"}, Want: "-metric best_valid: modern's recipe has no"},
		{Args: []string{"-model", "mlp", "-metric", "final"}, Want: "-metric final: mlp's recipe holds out"},
		{Args: []string{"extra"}, Want: "unexpected argument"},
	})
}
