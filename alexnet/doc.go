// Package alexnet holds the deep CNNs of the AlexNet chapter, built from
// gocnn's PyTorch-style layers (vision/nn):
//
//   - AlexNet: torchvision's AlexNet (models.alexnet), whose state_dict keys
//     ("features.0.weight" … "classifier.6.bias") load unchanged, so
//     torchvision's ImageNet weights run in Go (see LoadWeights, Classify and
//     convert_weights.py);
//   - AlexNet2012: the network of Krizhevsky, Sutskever & Hinton 2012, with
//     local response normalisation and, optionally, the two-GPU grouping;
//   - VGG11 and VGG16: torchvision's VGG configurations "A" and "D"
//     (Simonyan & Zisserman 2014);
//   - FashionAlexNet: a scaled AlexNet for 1×64×64 Fashion-MNIST that trains
//     in minutes on the pure-Go backend (alexnet/cmd).
//
// Importing the package registers them with vision/models as "alexnet",
// "alexnet2012", "alexnet2012-2gpu", "vgg11", "vgg16" (defaults: 1,000
// classes, 3 channels) and "fashion-alexnet" (10 classes, 1 channel, Size 64,
// Width 0.5). The package depends on the layers (vision/nn, vision/summary)
// alone.
//
// Compare returns the LeNet-5 vs AlexNet table of chapter 2 with numbers
// computed from the models.
package alexnet
