// Package nn holds the layers of gocnn's models, named and parameterised as in
// PyTorch's torch.nn (Conv2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d,
// BatchNorm2d, Linear, Flatten, Dropout, ReLU, Tanh, Sigmoid,
// LocalResponseNorm) and a Sequential container with named children, so that
// a model reads like the course's nn.Sequential and a summary can walk it.
//
// # Writing a model
//
// Constructors take PyTorch's positional arguments and chained setters take
// its keyword arguments:
//
//	features := nn.Seq(
//		nn.NewConv2d(3, 64, 11).Stride(4).Padding(2), nn.NewReLU(),
//		nn.NewMaxPool2d(3).Stride(2),
//	)
//	net := nn.NewSequential(nn.Named{"features", features}, nn.Named{"flat", nn.NewFlatten()}, ...)
//	logits := net.Forward(scope, images)                     // images [B, H, W, C]
//	logits, taps := net.ForwardTaps(scope, images, "features.2") // intermediate outputs
//
// Inside GoMLX tensors are channels-last ([B,H,W,C]); shapes shown to users
// (OutputShape, Params) are PyTorch's, without the batch axis. Flatten
// transposes images to [B,C,H,W] first, so features come in PyTorch's order.
// Training mode (BatchNorm's batch statistics, Dropout) is the graph's flag
// (scope.IsTraining), which GoMLX's Trainer sets.
//
// # Parameter layout
//
// Each layer's variables live in its scope under PyTorch's names, so the
// state_dict key "features.0.weight" is the variable "/features/0/weight":
//
//	Conv2d     weight [kH, kW, Cin/groups, Cout]  (PyTorch [Cout, Cin/groups, kH, kW]), bias [Cout]
//	Linear     weight [in, out]                   (PyTorch [out, in]), bias [out]
//	BatchNorm  weight, bias [C] (trainable); running_mean, running_var [C] (not trainable)
//
// LoadStateDict and StateDict convert between these and PyTorch's layouts.
// Initialisation follows PyTorch's defaults (KaimingUniform weights,
// BiasUniform biases, BatchNorm 1/0), drawn from the Store's RNG.
//
// # Formulations
//
// Conv2d and the pools choose between GoMLX's native ops (ConvGeneral,
// ReduceWindow), best on XLA, and reformulations built on matrix products:
// im2col or row-Toeplitz convolutions with hand-written gradients
// (Conv2dIm2Col), Reshape+Reduce or strided-slice pooling. See Impl, SetImpl
// (the formulation as a value of a model's Store, which train.Config.Impl
// sets for a run) and each layer's Impl setter; ImplAuto picks the
// reformulations everywhere on the "go" backend, and on XLA's CPU plugin
// for row-Toeplitz convolutions and non-overlapping pools only (resolveImpl
// has the measurements, BenchmarkFormulationsAB repeats them). On GoMLX
// v0.28.16, training steps with the native ops take ~17× (LeNet-5) and
// ~21× (chapter 3's CNN) the CPU time of ImplAuto on "go"; on XLA CPU 1.7×
// and 1.2×. bench/ compares the runtimes with PyTorch.
//
// The native convolution pads with graph.Pad and zero-extends even kernels to
// odd sizes, because GoMLX v0.28.8's Convolve gradient w.r.t. the input is
// wrong for even kernel sizes; v0.28.16 still is (docs/upstream/001, with a
// canary test in vision/nn/upstream that fails once GoMLX is fixed).
package nn
