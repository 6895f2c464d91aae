// Package fashion holds chapter 3's networks for Fashion-MNIST (seed 002):
// MLPBaseline, the non-convolutional baseline, and FashionCNN, two blocks of
// [conv → ReLU → BatchNorm]×2 → max pool with k×k kernels. They are not
// LeNets; they sit under lenet/ because the course's MNIST-sized chapters do.
//
// Importing the package registers them with vision/models as "mlp",
// "fashion-cnn" (k = 3), "fashion-cnn5" and "fashion-cnn7". The package
// depends on the layers (vision/nn) alone; the chapter's recipe is in
// lenet/recipes.
package fashion
