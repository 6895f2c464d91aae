package shape

import (
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// TestChapterChain checks the chapter's chained shapes: 3×19×19 → conv 5×5
// (7 filters) → 7×15×15 → conv 3×3 (2 filters) → 2×13×13, as PyTorch printed.
func TestChapterChain(t *testing.T) {
	h1, err := Conv2d([]int{3, 19, 19}, 7, 5, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := Conv2d(h1, 2, 3, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := [][]int{h1, h2}; !equal(got[0], []int{7, 15, 15}) || !equal(got[1], []int{2, 13, 13}) {
		t.Errorf("chain = %v, want [[7 15 15] [2 13 13]] (19−5+1 = 15, 15−3+1 = 13)", got)
	}
}

// TestAlexNetShapes follows AlexNet's first block at 224×224: conv 11/4/2 →
// 55, maxpool 3/2 → 27, conv 5/1/2 → 27, maxpool → 13, maxpool after 13 → 6
// (torchinfo's summary of torchvision's alexnet).
func TestAlexNetShapes(t *testing.T) {
	steps := []struct {
		s    Spec
		in   int
		want int
	}{
		{Spec{Op: Conv, Kernel: 11, Stride: 4, Padding: 2, Dilation: 1}, 224, 55},
		{Spec{Op: MaxPool, Kernel: 3, Stride: 2, Dilation: 1}, 55, 27},
		{Spec{Op: Conv, Kernel: 5, Stride: 1, Padding: 2, Dilation: 1}, 27, 27},
		{Spec{Op: MaxPool, Kernel: 3, Stride: 2, Dilation: 1}, 27, 13},
		{Spec{Op: Conv, Kernel: 3, Stride: 1, Padding: 1, Dilation: 1}, 13, 13},
		{Spec{Op: MaxPool, Kernel: 3, Stride: 2, Dilation: 1}, 13, 6},
	}
	for _, st := range steps {
		got, err := st.s.Out(st.in)
		if err != nil || got != st.want {
			t.Errorf("%+v on %d = %d, %v; want %d", st.s, st.in, got, err, st.want)
		}
	}
}

func TestExplain(t *testing.T) {
	cases := []struct {
		s                    Spec
		in                   int
		text, latex, htmlStr string
	}{
		{NewSpec(Conv, 5), 19,
			"H_out = ⌊(19 + 2·0 − 1·(5 − 1) − 1)/1⌋ + 1 = 15",
			`H_{out} = \left\lfloor \frac{19 + 2 \cdot 0 - 1 \cdot (5 - 1) - 1}{1} \right\rfloor + 1 = 15`,
			"H<sub>out</sub> = ⌊(19 + 2·0 − 1·(5 − 1) − 1) / 1⌋ + 1 = 15"},
		// Ceil mode where the rule drops the last window: in=5, k=2, s=2, p=1:
		// ⌈(5+2−1−1)/2⌉ + 1 = ⌈5/2⌉+1 = 4, but window 3 would start at 3·2 = 6 ≥ 5+1.
		{Spec{Op: MaxPool, Kernel: 2, Stride: 2, Padding: 1, Dilation: 1, CeilMode: true}, 5,
			"H_out = ⌈(5 + 2·1 − 1·(2 − 1) − 1)/2⌉ + 1 = 4 − 1 = 3 (ceil mode: the last window would start at 3·2 = 6 ≥ 5 + 1, outside the input and its left padding, so it is dropped)",
			"", ""},
		{Spec{Op: ConvTranspose, Kernel: 3, Stride: 2, Padding: 1, OutputPadding: 1, Dilation: 1}, 4,
			"H_out = (4 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 8", "", ""},
	}
	for _, c := range cases {
		e, err := c.s.Explain("", c.in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Text != c.text {
			t.Errorf("Text:\n got %s\nwant %s", e.Text, c.text)
		}
		if c.latex != "" && e.LaTeX != c.latex {
			t.Errorf("LaTeX:\n got %s\nwant %s", e.LaTeX, c.latex)
		}
		if c.htmlStr != "" && e.HTML != c.htmlStr {
			t.Errorf("HTML:\n got %s\nwant %s", e.HTML, c.htmlStr)
		}
	}
}

func TestErrorsNameTheValue(t *testing.T) {
	cases := []struct {
		s    Spec
		in   int
		want string
	}{
		{Spec{Op: Conv, Kernel: 7, Stride: 1, Dilation: 1}, 4, "kernel_size=7"},
		{Spec{Op: Conv, Kernel: 3, Stride: 0, Dilation: 1}, 4, "stride=0"},
		{Spec{Op: Conv, Kernel: 3, Stride: 1, Padding: -1, Dilation: 1}, 4, "padding=-1"},
		{Spec{Op: MaxPool, Kernel: 3, Stride: 2, Padding: 2, Dilation: 1}, 9, "padding=2"},
		{Spec{Op: AvgPool, Kernel: 3, Stride: 1, Padding: 2, Dilation: 1}, 9, "padding=2"},
		{Spec{Op: ConvTranspose, Kernel: 3, Stride: 2, OutputPadding: 2, Dilation: 1}, 4, "output_padding=2"},
		{Spec{Op: Conv, Kernel: 3, Stride: 1, Dilation: 0}, 4, "dilation=0"},
		{Spec{Op: Conv, Kernel: 3, Stride: 1, Dilation: 1}, 0, "input size 0"},
	}
	for _, c := range cases {
		_, err := c.s.Out(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v on %d: err = %v, want one naming %q", c.s, c.in, err, c.want)
		}
	}
}

// TestAgainstTorch compares with 600 output sizes PyTorch computed
// (testdata/gen_torch_shapes.py), including ceil mode and the errors.
func TestAgainstTorch(t *testing.T) {
	var fx struct {
		Cases []struct {
			Op                                       string
			Input, Kernel, Stride, Padding, Dilation int
			OutputPadding                            int  `json:"output_padding"`
			CeilMode                                 bool `json:"ceil_mode"`
			Out                                      any
		}
	}
	testutil.ReadJSON(t, "testdata/torch_shapes.json", &fx)
	ops := map[string]Op{"conv": Conv, "conv_transpose": ConvTranspose, "max_pool": MaxPool, "avg_pool": AvgPool}
	nErr := 0
	for i, c := range fx.Cases {
		s := Spec{Op: ops[c.Op], Kernel: c.Kernel, Stride: c.Stride, Padding: c.Padding, Dilation: c.Dilation,
			OutputPadding: c.OutputPadding, CeilMode: c.CeilMode}
		got, err := s.Out(c.Input)
		if c.Out == "error" {
			nErr++
			if err == nil {
				t.Errorf("case %d %+v in=%d: got %d, PyTorch rejects it", i, s, c.Input, got)
			}
			continue
		}
		want := int(c.Out.(float64))
		if err != nil || got != want {
			t.Errorf("case %d %+v in=%d: got %d, %v; PyTorch %d", i, s, c.Input, got, err, want)
		}
	}
	if len(fx.Cases) != 600 || nErr == 0 {
		t.Errorf("fixture has %d cases, %d errors; want 600 with some errors", len(fx.Cases), nErr)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
