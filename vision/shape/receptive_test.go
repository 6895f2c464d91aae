package shape

import "testing"

// TestReceptiveField checks chapter 3's stack [conv k, conv k, pool 2] ×2,
// whose field is 4 + 6(k − 1) (16, 28, 40 for k = 3, 5, 7) with jump 4, and
// AlexNet's first two layers (11×11 stride 4, then 3×3 pool stride 2:
// 11 + 2·4 = 19, jump 8).
func TestReceptiveField(t *testing.T) {
	for _, k := range []int{3, 5, 7} {
		c, p := NewSpec(Conv, k), NewSpec(MaxPool, 2)
		r, j, err := ReceptiveField(c, c, p, c, c, p)
		if err != nil || r != 4+6*(k-1) || j != 4 {
			t.Errorf("k = %d: r %d, j %d, err %v; want %d, 4", k, r, j, err, 4+6*(k-1))
		}
	}
	conv1 := Spec{Op: Conv, Kernel: 11, Stride: 4, Padding: 2, Dilation: 1}
	pool := Spec{Op: MaxPool, Kernel: 3, Stride: 2, Dilation: 1}
	if r, j, err := ReceptiveField(conv1, pool); err != nil || r != 19 || j != 8 {
		t.Errorf("AlexNet conv1 + pool: r %d, j %d, err %v; want 19, 8", r, j, err)
	}
	if _, _, err := ReceptiveField(NewSpec(ConvTranspose, 2)); err == nil {
		t.Error("transposed convolution: no error")
	}
	if r, j, err := ReceptiveField(); err != nil || r != 1 || j != 1 {
		t.Errorf("no layers: r %d, j %d, err %v; want 1, 1", r, j, err)
	}
}
