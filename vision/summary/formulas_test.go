package summary

import (
	"testing"

	"github.com/gocnn/gocnn/vision/nn"
)

// TestParamFormulas checks the formulas against the layers' own counts
// (nn.TotalParams), on chapter 3's layers: Conv2d(32, 64, 5) has
// 25·32·64 + 64 = 51,264, Linear(3136, 128) 401,536, BatchNorm2d(64) 128.
func TestParamFormulas(t *testing.T) {
	for _, tc := range []struct {
		name    string
		formula int64
		layer   nn.Layer
		in      []int
		want    int64
	}{
		{"conv 5×5 32→64", ConvParams(32, 64, 5), nn.NewConv2d(32, 64, 5), []int{32, 14, 14}, 51264},
		{"conv 3×3 1→32", ConvParams(1, 32, 3), nn.NewConv2d(1, 32, 3), []int{1, 28, 28}, 320},
		{"linear 3136→128", LinearParams(3136, 128), nn.NewLinear(3136, 128), []int{3136}, 401536},
		{"batch norm 64", BatchNormParams(64), nn.NewBatchNorm2d(64), []int{64, 7, 7}, 128},
	} {
		got, err := nn.TotalParams(tc.layer, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if tc.formula != tc.want || got != tc.want {
			t.Errorf("%s: formula %d, layer %d, want %d", tc.name, tc.formula, got, tc.want)
		}
	}
}
