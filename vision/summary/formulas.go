package summary

// ConvParams is the parameter count of a Conv2d with cin input and cout output
// channels, k×k kernels and a bias: k²·cin·cout + cout. It does not depend on
// the image size: every position shares the same weights.
func ConvParams(cin, cout, k int) int64 {
	return int64(k)*int64(k)*int64(cin)*int64(cout) + int64(cout)
}

// LinearParams is the parameter count of a Linear layer from n to m features
// with a bias: n·m + m.
func LinearParams(n, m int) int64 { return int64(n)*int64(m) + int64(m) }

// BatchNormParams is the trainable parameter count of a BatchNorm over c
// channels: a scale and a shift per channel, 2c (the running mean and
// variance are buffers, not trained).
func BatchNormParams(c int) int64 { return 2 * int64(c) }
