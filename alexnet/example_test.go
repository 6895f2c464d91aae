package alexnet_test

import (
	"fmt"

	"github.com/gocnn/gocnn/alexnet"
	"github.com/gocnn/gocnn/lenet"
)

func ExampleAlexNet() {
	m := alexnet.AlexNet(1000, 3)
	fmt.Println(m.Title, m.Input, m.NumParams())
	l, _ := m.Net.Resolve("features.0")
	fmt.Println(l)
	// Output:
	// AlexNet (torchvision) [3 224 224] 61100840
	// Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))
}

func ExampleCompare() {
	c, err := alexnet.Compare(lenet.LeNet5(10), 5e-4)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, prop := range []string{"Parameters", "Activations"} {
		r, _ := c.Row(prop)
		fmt.Printf("%s: %q\n", r.Property, r.Values)
	}
	// Output:
	// Parameters: ["61,706" "62,378,344" "61,100,840"]
	// Activations: ["4× Tanh" "7× ReLU" "7× ReLU"]
}
