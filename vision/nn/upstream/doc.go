// Package upstream holds minimal reproducers of the GoMLX (v0.28.16, compute
// v0.1.14) issues that gocnn works around, one test each, using only GoMLX.
// Each is written up, with the observed and the expected output, in
// docs/upstream/ at the repository root, ready to report.
//
// The tests are canaries: by default each one passes while the issue is
// present and fails once GoMLX behaves as expected, naming the workaround in
// vision/nn that can then be dropped. With GOCNN_UPSTREAM=strict they check
// the expected behaviour instead, so they fail while the issue is present
// (the form to attach to an upstream report):
//
//	GOMLX_BACKEND=go go test ./vision/nn/upstream/ -v
//	GOCNN_UPSTREAM=strict GOMLX_BACKEND=xla:cpu go test ./vision/nn/upstream/ -v
//
// The package has no non-test code besides this comment.
package upstream
