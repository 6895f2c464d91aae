package testutil

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/gocnn/gocnn/vision/backend"
	"github.com/gomlx/compute"
)

// Backend returns the backend the environment picks (vision/backend.New),
// failing the test if there is none.
func Backend(t testing.TB) compute.Backend {
	t.Helper()
	b, _, err := backend.New()
	if err != nil {
		t.Fatalf("backend: %v", err)
	}
	return b
}

// ReadJSON decodes the JSON file at path into v, failing the test if it
// cannot be read or decoded.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decoding fixture %s: %v", path, err)
	}
}

// TruncateHalf cuts the file at path to half its size, as a write torn by a
// crash would leave it.
func TruncateHalf(t testing.TB, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// MaxAbsDiff returns max |got[i] − want[i]|, failing the test if the lengths
// differ (what names the values in the message).
func MaxAbsDiff(t testing.TB, what string, got, want []float32) float64 {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d %s, PyTorch has %d", len(got), what, len(want))
	}
	maxDiff := 0.0
	for i := range got {
		maxDiff = math.Max(maxDiff, math.Abs(float64(got[i]-want[i])))
	}
	return maxDiff
}

// CloseToPyTorch fails the test unless got and PyTorch's want have the same
// length and differ by at most tol anywhere; it logs the largest difference.
func CloseToPyTorch(t testing.TB, what string, got, want []float32, tol float64) {
	t.Helper()
	maxDiff := MaxAbsDiff(t, what, got, want)
	if maxDiff > tol {
		t.Fatalf("max |%s − PyTorch| = %.3g, want ≤ %g", what, maxDiff, tol)
	}
	t.Logf("max |%s − PyTorch| = %.2g", what, maxDiff)
}
