package fashion

import (
	"testing"

	"github.com/gocnn/gocnn/vision/models"
)

// Parameter counts of chapter 3's networks for 10 classes.
func TestParameterCounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int64
		why  string
	}{
		{"mlp", 109386, "784·128+128 + 128·64+64 + 64·10+10"},
		{"fashion-cnn", 468202, "320+64 + 9,248+64 + 18,496+128 + 36,928+128 + 401,536 + 1,290"},
		{"fashion-cnn5", 583402, "832+64 + 25,632+64 + 51,264+128 + 102,464+128 + 401,536 + 1,290"},
	} {
		m, err := models.New(tc.name, models.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.NumParams(); got != tc.want {
			t.Errorf("%s: %d trainable parameters, want %d (%s)", tc.name, got, tc.want, tc.why)
		}
		if _, err := m.Net.Resolve(m.Embedding); err != nil {
			t.Errorf("%s: embedding layer %q: %v", tc.name, m.Embedding, err)
		}
	}
	if _, err := models.New("mlp", models.Options{Channels: 3}); err == nil {
		t.Error("mlp with 3 channels: no error")
	}
}
