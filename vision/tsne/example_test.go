package tsne_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gocnn/gocnn/vision/tsne"
)

// Two well-separated clusters of 100 points in 5-D stay separated in 2-D:
// every point's nearest embedded neighbour is from its own cluster.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	for i := 0; i < 200; i++ {
		row := make([]float64, 5)
		for j := range row {
			row[j] = rng.NormFloat64() + float64(10*(i%2))
		}
		x = append(x, row)
	}
	opts := tsne.DefaultOptions() // scikit-learn's defaults: perplexity 30, 1000 iterations
	res, err := tsne.Embed(x, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	same := 0
	for i, yi := range res.Y {
		best, bestD := -1, math.Inf(1)
		for j, yj := range res.Y {
			if d := math.Hypot(yi[0]-yj[0], yi[1]-yj[1]); j != i && d < bestD {
				best, bestD = j, d
			}
		}
		if best%2 == i%2 {
			same++
		}
	}
	fmt.Printf("%d points in %d-D; nearest neighbour in the same cluster: %d\n", len(res.Y), len(res.Y[0]), same)
	// Output: 200 points in 2-D; nearest neighbour in the same cluster: 200
}
