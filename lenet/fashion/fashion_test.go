package fashion

import (
	"testing"

	"github.com/gocnn/gocnn/internal/modeltest"
	"github.com/gocnn/gocnn/vision/models"
)

// Parameter counts of chapter 3's networks for 10 classes.
func TestParameterCounts(t *testing.T) {
	modeltest.CheckCounts(t, models.Options{}, []modeltest.Count{
		{Name: "mlp", Want: 109386, Why: "784·128+128 + 128·64+64 + 64·10+10"},
		{Name: "fashion-cnn", Want: 468202, Why: "320+64 + 9,248+64 + 18,496+128 + 36,928+128 + 401,536 + 1,290"},
		{Name: "fashion-cnn5", Want: 583402, Why: "832+64 + 25,632+64 + 51,264+128 + 102,464+128 + 401,536 + 1,290"},
	})
	if _, err := models.New("mlp", models.Options{Channels: 3}); err == nil {
		t.Error("mlp with 3 channels: no error")
	}
}
