// Package nn holds the layers of gocnn's models, named and parameterised as in
// PyTorch's torch.nn (Conv2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d,
// BatchNorm2d, Linear, Flatten, Dropout, ReLU, Tanh, Sigmoid) and a Sequential
// container with named children, so that a model reads like the course's
// nn.Sequential and a summary can walk it.
package nn
