// Package models is the course's model zoo: a Model (a network with its name,
// input shape and embedding layer) and one registry of builders, in the
// manner of torchvision's get_model and list_models.
//
// The package depends on the layers (vision/nn) alone; the networks live in
// the chapters' packages, which register their builders when imported, as
// image/png registers its format with image:
//
//	import (
//		_ "github.com/gocnn/gocnn/alexnet"       // alexnet, alexnet2012, fashion-alexnet, vgg11, vgg16 …
//		_ "github.com/gocnn/gocnn/lenet"         // lenet1, lenet5, lenet5-1998, modern
//		_ "github.com/gocnn/gocnn/lenet/fashion" // mlp, fashion-cnn, fashion-cnn5, fashion-cnn7
//	)
//
//	m, err := models.New("lenet5", models.Options{Classes: 10})
//
// Names lists what is registered. A model carries no training recipe: a
// recipe is typed data (vision/experiment.Recipe) and the chapters' recipes
// live apart from the networks, in lenet/recipes.
package models
