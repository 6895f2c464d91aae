package demos

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// TestChapterOps checks GoMLX (Pool, Convolve) and the tracer against the
// chapter's PyTorch outputs on the counting matrix 1..16 (4×4):
//   - 2×2/stride-2 pooling: max [[6 8] [14 16]] (the largest of each
//     quadrant), mean [[3.5 5.5] [11.5 13.5]] ((1+2+5+6)/4 = 3.5 ...);
//   - convolution with the all-ones kernel: each output is its window's sum,
//     1+2+3+5+6+7+9+10+11 = 54, then +9 per column and +36 per row →
//     [[54 63] [90 99]];
//   - a non-symmetric kernel checks that both compute PyTorch's
//     cross-correlation (no kernel flip): [[1 0 0] [0 0 0] [0 0 -1]] gives
//     x[i][j] − x[i+2][j+2] = −10 everywhere, and [[0 1 0] …] picks x[i][j+1].
func TestChapterOps(t *testing.T) {
	b := testutil.Backend(t)
	x := Counting(4, 4)
	for _, c := range []struct {
		op     Op
		kernel Matrix // Conv's; pooling windows are 2×2
		stride int
		want   string
	}{
		{MaxPool, nil, 2, "[[6 8] [14 16]]"},
		{AvgPool, nil, 2, "[[3.5 5.5] [11.5 13.5]]"},
		{Conv, ChapterKernel(), 1, "[[54 63] [90 99]]"},
		{Conv, Matrix{{1, 0, 0}, {0, 0, 0}, {0, 0, -1}}, 1, "[[-10 -10] [-10 -10]]"},
		{Conv, Matrix{{0, 1, 0}, {0, 0, 0}, {0, 0, 0}}, 1, "[[2 3] [6 7]]"},
	} {
		var got Matrix
		var err error
		if c.op == Conv {
			got, err = Convolve(b, x, c.kernel, c.stride, 0)
		} else {
			got, err = Pool(b, x, c.op, 2, c.stride)
		}
		if err != nil {
			t.Fatal(err)
		}
		tr, err := NewTrace(c.op, x, c.kernel, 2, c.stride)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != c.want || tr.Output.String() != c.want {
			t.Errorf("%s, kernel %s: GoMLX %s, trace %s, want %s", c.op, c.kernel, got, tr.Output, c.want)
		}
	}
}

// TestConvolvePadding: padding 1 keeps 4×4 and a 5×5 kernel does not fit.
func TestConvolvePadding(t *testing.T) {
	b := testutil.Backend(t)
	x := Counting(4, 4)
	// Padding 1 keeps 4×4; the corner sum is 1+2+5+6 = 14.
	got, err := Convolve(b, x, ChapterKernel(), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[0][0] != 14 {
		t.Errorf("padded conv = %s, want 4×4 with corner 14", got)
	}
	if _, err := Convolve(b, x, Counting(5, 5), 1, 0); err == nil || !strings.Contains(err.Error(), "kernel_size=5") {
		t.Errorf("5×5 kernel on 4×4: err = %v, want one naming kernel_size=5", err)
	}
}

// TestChain checks the chapter's chained shapes and filter shapes as PyTorch printed them.
func TestChain(t *testing.T) {
	steps, err := Chain()
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(steps[0].In, steps[0].Out, steps[0].FilterShape, steps[1].Out, steps[1].FilterShape)
	if want := "[3 19 19] [7 15 15] [7 3 5 5] [2 13 13] [2 7 3 3]"; got != want {
		t.Errorf("chain %s, want %s", got, want)
	}
	if steps[1].Explain.Text != "H_out = ⌊(15 + 2·0 − 1·(3 − 1) − 1)/1⌋ + 1 = 13" {
		t.Errorf("explain: %s", steps[1].Explain.Text)
	}
}

func TestTraceText(t *testing.T) {
	tr, err := NewTrace(MaxPool, Counting(4, 4), nil, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	text := tr.Text()
	for _, want := range []string{
		"out(0,0) reads rows 0–1, cols 0–1 (0,0) (0,1) (1,0) (1,1): max(1, 2, 5, 6) = 6",
		"out(1,1) reads rows 2–3, cols 2–3 (2,2) (2,3) (3,2) (3,3): max(11, 12, 15, 16) = 16",
		"output [[6 8] [14 16]]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("trace text lacks %q:\n%s", want, text)
		}
	}
	avg, _ := NewTrace(AvgPool, Counting(4, 4), nil, 2, 2)
	if a := avg.Steps[0].Arith; a != "(1 + 2 + 5 + 6)/4 = 14/4 = 3.5" {
		t.Errorf("avg arithmetic %q", a)
	}
	h := tr.HTML()
	// 4 steps, each with a 4×4 input grid: 4 highlighted cells per step = 16.
	if n := strings.Count(h, "background:#ffe066"); n != 16 {
		t.Errorf("HTML highlights %d input cells, want 16 (4 steps × 4 cells)", n)
	}
	if _, err := NewTrace(MaxPool, Counting(2, 2), nil, 3, 1); err == nil {
		t.Error("3×3 window on 2×2: no error")
	}
}
