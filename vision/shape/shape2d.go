package shape

import "fmt"

// Conv2d returns the PyTorch output shape [Cout, H_out, W_out] of a square
// Conv2d (same kernel, stride, padding and dilation on both axes) applied to
// an input [Cin, H, W].
func Conv2d(in []int, outChannels, kernel, stride, padding, dilation int) ([]int, error) {
	s := Spec{Op: Conv, Kernel: kernel, Stride: stride, Padding: padding, Dilation: dilation}
	return apply2d(in, outChannels, s)
}

func apply2d(in []int, outChannels int, s Spec) ([]int, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("shape: %s needs an input [C, H, W], got %v", s.Op, in)
	}
	if outChannels <= 0 {
		return nil, fmt.Errorf("shape: %s out_channels=%d, want > 0", s.Op, outChannels)
	}
	h, err := s.Out(in[1])
	if err != nil {
		return nil, fmt.Errorf("input %v, height: %w", in, err)
	}
	w, err := s.Out(in[2])
	if err != nil {
		return nil, fmt.Errorf("input %v, width: %w", in, err)
	}
	return []int{outChannels, h, w}, nil
}
