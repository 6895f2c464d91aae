package recipes_test

import (
	"fmt"

	"github.com/gocnn/gocnn/lenet/recipes"
)

// A model's recipe by its registry name, changed as a notebook's exercise
// would change it.
func ExampleFor() {
	r, err := recipes.For("lenet1")
	if err != nil {
		fmt.Println(err)
		return
	}
	r.Epochs, r.Optimizer.LR = 1, 3e-3
	fmt.Println(r)
	// Output: chapter 4 (seed 003), batch 256, 1 epochs, adam lr 0.003, plateau:0.1:10, 5000 held out for validation
}
