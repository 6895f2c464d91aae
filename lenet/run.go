package lenet

import "github.com/gocnn/gocnn/vision/experiment"

// RunConfig configures Run (see experiment.RunConfig).
type RunConfig = experiment.RunConfig

// RunResult is what Run produced (see experiment.RunResult).
type RunResult = experiment.RunResult

// Run trains a model with its recipe and writes the report: experiment.Run,
// the call `go run ./lenet/cmd` and the notebooks make.
var Run = experiment.Run
