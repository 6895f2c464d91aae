package train

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/vision/nn"
)

// TestLeNetEpochSpeed times LeNet-5 training steps on MNIST-shaped random
// data. It is skipped unless GOCNN_SPEED=1 (it takes tens of seconds):
//
//	GOCNN_SPEED=1 GOEXPERIMENT=simd go test ./vision/train/ -run TestLeNetEpochSpeed -v
func TestLeNetEpochSpeed(t *testing.T) {
	if os.Getenv("GOCNN_SPEED") == "" {
		t.Skip("set GOCNN_SPEED=1 to time a LeNet-5 epoch")
	}
	const n, batch = 6400, 128
	r := rand.New(rand.NewPCG(1, 2))
	imgs := make([]float32, n*28*28)
	for i := range imgs {
		imgs[i] = r.Float32()
	}
	labels := make([]int32, n)
	for i := range labels {
		labels[i] = int32(r.IntN(10))
	}
	l, err := datasets.NewLoader(imgs, labels, []int{28, 28, 1}, datasets.LoaderOptions{BatchSize: batch, Shuffle: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	lenet := nn.NewSequential(
		nn.Named{Name: "0", Layer: nn.NewConv2d(1, 6, 5).Padding(2)}, nn.Named{Name: "1", Layer: nn.NewReLU()},
		nn.Named{Name: "2", Layer: nn.NewMaxPool2d(2)},
		nn.Named{Name: "3", Layer: nn.NewConv2d(6, 16, 5)}, nn.Named{Name: "4", Layer: nn.NewReLU()},
		nn.Named{Name: "5", Layer: nn.NewMaxPool2d(2)},
		nn.Named{Name: "6", Layer: nn.NewFlatten()},
		nn.Named{Name: "7", Layer: nn.NewLinear(400, 120)}, nn.Named{Name: "8", Layer: nn.NewReLU()},
		nn.Named{Name: "9", Layer: nn.NewLinear(120, 84)}, nn.Named{Name: "10", Layer: nn.NewReLU()},
		nn.Named{Name: "11", Layer: nn.NewLinear(84, 10)},
	)
	start := time.Now()
	_, h, err := Fit(testutil.Backend(t), lenet, l, nil, Config{Epochs: 2, Optimizer: SGD{LR: 0.01, Momentum: 0.9}, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	steps := n / batch
	e2 := h.Epochs[1]
	t.Logf("total %.1fs; epoch 1 (with compile) %.2fs; epoch 2 %.2fs = %.1f ms/step, %.0f img/s → 60000 images ≈ %.1fs",
		time.Since(start).Seconds(), h.Epochs[0].TrainSecs, e2.TrainSecs, 1000*e2.TrainSecs/float64(steps), e2.ImagesPerS, 60000/e2.ImagesPerS)
}
