package reference

// The networks Seeds trains by name: importing this package registers them
// with vision/models, for the seeds command and the notebooks alike.
import (
	_ "github.com/gocnn/gocnn/lenet"         // lenet1, lenet5, lenet5-1998, modern
	_ "github.com/gocnn/gocnn/lenet/fashion" // mlp, fashion-cnn, fashion-cnn5, fashion-cnn7
)
