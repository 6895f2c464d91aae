package modeltest

import (
	"testing"

	"github.com/gocnn/gocnn/vision/models"
)

// Count is a registered model's expected number of trainable parameters.
type Count struct {
	Name string // the registry name
	Want int64  // trainable parameters
	Why  string // where the number comes from (a sum by layer, a reference)
}

// CheckCounts builds each model with opts and checks its trainable
// parameters against Want, that its output is a vector of opts.Classes
// logits (when opts.Classes is set) and that its embedding layer resolves.
func CheckCounts(t *testing.T, opts models.Options, counts []Count) {
	t.Helper()
	for _, c := range counts {
		m, err := models.New(c.Name, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.NumParams(); got != c.Want {
			t.Errorf("%s: %d trainable parameters, want %d (%s)", c.Name, got, c.Want, c.Why)
		}
		if opts.Classes > 0 {
			out, err := m.Net.OutputShape(m.Input)
			if err != nil || len(out) != 1 || out[0] != opts.Classes {
				t.Errorf("%s: output shape %v, %v; want [%d]", c.Name, out, err, opts.Classes)
			}
		}
		if _, err := m.Net.Resolve(m.Embedding); err != nil {
			t.Errorf("%s: embedding layer %q: %v", c.Name, m.Embedding, err)
		}
	}
}
