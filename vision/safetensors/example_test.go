package safetensors_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gocnn/gocnn/vision/safetensors"
)

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "st")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "linear.safetensors")
	err := safetensors.Write(path, map[string]safetensors.Tensor{
		"weight": {Shape: []int{1, 2}, Data: []float32{0.5, -1}},
		"bias":   {Shape: []int{1}, Data: []float32{2}},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ts, err := safetensors.Read(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ts["weight"].Shape, ts["weight"].Data, ts["bias"].Data)
	// Output: [1 2] [0.5 -1] [2]
}
