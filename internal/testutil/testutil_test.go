package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// ReadJSON decodes a fixture; TruncateHalf leaves 5 of a 10-byte file.
func TestReadJSONAndTruncateHalf(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.json")
	if err := os.WriteFile(p, []byte(`{"a": [1, 2]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var v struct{ A []int }
	ReadJSON(t, p, &v)
	if len(v.A) != 2 || v.A[1] != 2 {
		t.Fatalf("decoded %+v, want A = [1 2]", v)
	}
	if err := os.WriteFile(p, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	TruncateHalf(t, p)
	if st, err := os.Stat(p); err != nil || st.Size() != 5 {
		t.Fatalf("after TruncateHalf: %v, %v; want 5 bytes", st, err)
	}
}

// The largest difference of [1 2 3] and [1 2.5 2] is |3 − 2| = 1.
func TestMaxAbsDiff(t *testing.T) {
	if got := MaxAbsDiff(t, "values", []float32{1, 2, 3}, []float32{1, 2.5, 2}); got != 1 {
		t.Fatalf("MaxAbsDiff = %g, want 1", got)
	}
	CloseToPyTorch(t, "values", []float32{1, 2}, []float32{1, 2.00001}, 1e-4)
}
