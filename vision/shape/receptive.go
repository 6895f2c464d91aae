package shape

import "fmt"

// ReceptiveField returns the receptive field r of one output unit of a stack
// of layers (convolutions and pools along one axis, in order) and the jump j,
// the distance in input pixels between neighbouring output units. From r = 1,
// j = 1 each layer adds (k − 1)·d·j to r and multiplies j by its stride:
// conv 3 → conv 3 → pool 2 → conv 3 → conv 3 → pool 2 gives r = 16, j = 4.
// Transposed convolutions are an error (they do not fit the recurrence).
func ReceptiveField(layers ...Spec) (r, j int, err error) {
	r, j = 1, 1
	for i, s := range layers {
		if s.Op == ConvTranspose {
			return 0, 0, fmt.Errorf("shape: ReceptiveField: layer %d is a transposed convolution", i)
		}
		if err := s.validate(); err != nil {
			return 0, 0, fmt.Errorf("shape: ReceptiveField: layer %d: %w", i, err)
		}
		r += (s.Kernel - 1) * s.Dilation * j
		j *= s.Stride
	}
	return r, j, nil
}
