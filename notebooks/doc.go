// Package notebooks holds the course's GoNB notebooks (Go in JupyterLab) and
// the tests that run them; it has no Go API.
//
// Every notebook starts with the standard setup cell, tools/setup_cell.txt: it
// sets GOEXPERIMENT=simd, turns off GoNB's automatic `go get`, puts GoNB's
// scratch module in a Go workspace with this repository (found from the
// notebook's folder, so no path needs editing) and prints the backend line of
// vision/backend.
//
// run_notebooks.py executes the notebooks headless with nbclient: in quick mode
// (GOCNN_QUICK=1, small subsets and one epoch) into a folder outside git, in
// full mode back into the notebooks, or only checks the committed outputs
// (--check-committed). expectations.py lists, per notebook file, the outputs
// each run must print. The tests of this package run the harness when
// Python, nbclient and the GoNB kernel are installed (docker/setup.sh), and
// skip otherwise unless GOCNN_REQUIRE_DATA=1. networks_test.go checks that the
// networks the notebooks write out (cells starting "// network: <name> <Func>")
// build what the registry's builders build. browser_test.mjs runs every
// notebook in JupyterLab in headless Chromium and saves screenshots. See
// README.md.
package notebooks

// The notebooks' cells handle errors with one helper, must.M / must.M1 …
// (tools/setup_cell.txt imports it); importing it here keeps it a direct
// requirement of the module's go.mod.
import _ "github.com/janpfeifer/must"
