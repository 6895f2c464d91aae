// Package shape computes the output sizes of convolutions, transposed
// convolutions and pooling windows with PyTorch's exact formulas, and explains
// them by substituting the numbers, so that a student can check a layer's
// output shape by hand:
//
//	H_out = ⌊(19 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 15
//
// The formulas, per spatial axis (in = input size, k = kernel, s = stride,
// p = padding on each side, d = dilation, op = output padding):
//
//	Conv2d:          out = ⌊(in + 2p − d(k − 1) − 1)/s⌋ + 1
//	ConvTranspose2d: out = (in − 1)s − 2p + d(k − 1) + op + 1
//	MaxPool2d/AvgPool2d: as Conv2d, with ⌈·⌉ instead of ⌊·⌋ when ceil_mode is
//	                 set, minus one when that last window would start at or
//	                 after in + p (outside the input and its left padding).
//
// Configurations PyTorch rejects are errors that name the offending value:
// a non-positive kernel, stride or dilation, negative padding, a kernel larger
// than the padded input, pooling padding larger than half the kernel, and an
// output padding not smaller than the stride or the dilation.
package shape
