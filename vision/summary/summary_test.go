package summary

import (
	"os"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

var allColumns = []Column{OutputShape, NumParams, KernelShape, MultAdds, Trainable}

// compareWithTorchinfo compares s.String() line by line with a table printed by
// torchinfo 1.8.0 (testdata/gen_torchinfo.py). Python ≥ 3.11 prints the
// mult-adds unit as "(Units.MEGABYTES)"; torchinfo meant "(M)".
func compareWithTorchinfo(t *testing.T, s *Summary, file string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("(Units.MEGABYTES)", "(M)", "(Units.GIGABYTES)", "(G)", "(Units.TERABYTES)", "(T)").
		Replace(strings.TrimRight(string(raw), "\n"))
	wl, gl := strings.Split(want, "\n"), strings.Split(s.String(), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Errorf("%s line %d:\n got %q\nwant %q", file, i+1, g, w)
		}
	}
}

func mustSummarize(t *testing.T, m nn.Layer, in []int, o Options) *Summary {
	t.Helper()
	s, err := Summarize(m, in, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAlexNet pins torchinfo's figures for torchvision's AlexNet at
// 1×3×224×224: 61,100,840 params, 714.68 M mult-adds, input 0.60 MB
// (150,528 floats), forward/backward 3.95 MB (2·4 bytes·494,184 outputs of
// the 5 convs and 3 linears), params 244.40 MB, total 248.96 MB.
func TestAlexNet(t *testing.T) {
	s := mustSummarize(t, alexNet(), []int{3, 224, 224}, Options{})
	if s.TotalParams != 61_100_840 || s.TrainableParams != 61_100_840 {
		t.Errorf("params = %d (trainable %d), want 61,100,840", s.TotalParams, s.TrainableParams)
	}
	if got := s.MultAddsString(); got != "(M): 714.68" {
		t.Errorf("mult-adds %s (%d), want (M): 714.68", got, s.TotalMultAdds)
	}
	if s.InputBytes != 602_112 || s.ForwardBackwardBytes != 3_953_472 || s.ParamBytes != 244_403_360 {
		t.Errorf("bytes input %d fwd/bwd %d params %d; want 602112, 3953472, 244403360",
			s.InputBytes, s.ForwardBackwardBytes, s.ParamBytes)
	}
	var shapes []string
	for _, r := range s.Rows {
		if r.Type == "Conv2d" || r.Type == "MaxPool2d" {
			shapes = append(shapes, listString(r.Output))
		}
	}
	want := "[64, 55, 55] [64, 27, 27] [192, 27, 27] [192, 13, 13] [384, 13, 13] [256, 13, 13] [256, 13, 13] [256, 6, 6]"
	if got := strings.Join(shapes, " "); got != want {
		t.Errorf("conv/pool shapes %s, want %s", got, want)
	}
	compareWithTorchinfo(t, s, "testdata/alexnet.txt")
	compareWithTorchinfo(t, mustSummarize(t, alexNet(), []int{3, 224, 224}, Options{Columns: allColumns}),
		"testdata/alexnet_all_columns.txt")
}

// TestVGG16 pins torchinfo's VGG16: 138,357,544 params, 15.48 G mult-adds,
// 553.43 MB of parameters, and the whole table.
func TestVGG16(t *testing.T) {
	s := mustSummarize(t, vgg16(), []int{3, 224, 224}, Options{})
	if s.TotalParams != 138_357_544 {
		t.Errorf("params = %d, want 138,357,544", s.TotalParams)
	}
	if got := s.MultAddsString(); got != "(G): 15.48" {
		t.Errorf("mult-adds %s, want (G): 15.48", got)
	}
	if got := MB(s.ParamBytes); got < 553.425 || got >= 553.435 {
		t.Errorf("params size %.3f MB, want 553.43", got)
	}
	compareWithTorchinfo(t, s, "testdata/vgg16.txt")
}

// TestLeNet5 pins the classic LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 params.
func TestLeNet5(t *testing.T) {
	s := mustSummarize(t, leNet5(), []int{1, 32, 32}, Options{Columns: allColumns})
	if s.TotalParams != 61_706 {
		t.Errorf("params = %d, want 61,706", s.TotalParams)
	}
	compareWithTorchinfo(t, s, "testdata/lenet5.txt")
}

func TestChannelsLastAndBatch(t *testing.T) {
	s := mustSummarize(t, alexNet(), []int{3, 224, 224}, Options{ChannelsLast: true, BatchSize: 8})
	// First conv: PyTorch [8, 64, 55, 55] becomes [8, 55, 55, 64]; features stay [8, 1000].
	if got := s.shapeCell(s.Rows[2].Output); got != "[8, 55, 55, 64]" {
		t.Errorf("channels-last conv shape %s, want [8, 55, 55, 64]", got)
	}
	if got := s.shapeCell(s.Rows[0].Output); got != "[8, 1000]" {
		t.Errorf("output %s, want [8, 1000]", got)
	}
	// Mult-adds and activations scale with the batch; parameters do not.
	if s.TotalMultAdds != 8*714_682_664 || s.ForwardBackwardBytes != 8*3_953_472 || s.TotalParams != 61_100_840 {
		t.Errorf("batch 8: mult-adds %d, fwd/bwd %d, params %d", s.TotalMultAdds, s.ForwardBackwardBytes, s.TotalParams)
	}
	if !strings.Contains(s.String(), "│    └─Conv2d: 2-1                       [8, 55, 55, 64]") {
		t.Errorf("text table lacks the channels-last conv row:\n%s", s)
	}
}

// frozen is a test layer with a frozen parameter, to check the
// non-trainable counts ("(n)" and "False" as torchinfo prints them).
type frozen struct{ n int }

func (f frozen) Type() string                                      { return "Frozen" }
func (f frozen) OutputShape(in []int) ([]int, error)               { return in, nil }
func (f frozen) Params([]int) []nn.Param                           { return []nn.Param{{Name: "weight", Shape: []int{f.n}}} }
func (f frozen) MultAdds(_, _ []int) int64                         { return 0 }
func (f frozen) Forward(_ *model.Scope, x *graph.Node) *graph.Node { return x }

func TestTrainableAndRecursive(t *testing.T) {
	lin := nn.NewLinear(4, 4) // 20 params, used twice
	m := nn.Seq(lin, frozen{7}, lin)
	s := mustSummarize(t, m, []int{4}, Options{Columns: []Column{NumParams, Trainable}})
	if s.TotalParams != 27 || s.TrainableParams != 20 {
		t.Errorf("params %d trainable %d, want 27 (20 + 7, the reused Linear once) and 20", s.TotalParams, s.TrainableParams)
	}
	text := s.String()
	for _, want := range []string{
		"Sequential                               --                        Partial",
		"├─Frozen: 1-2                            (7)                       False",
		"├─Linear: 1-3                            (recursive)               True",
		"Non-trainable params: 7",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

func TestMaxDepthAndHTML(t *testing.T) {
	s := mustSummarize(t, alexNet(), []int{3, 224, 224}, Options{MaxDepth: 1, Columns: allColumns})
	text := s.String()
	if strings.Contains(text, "Conv2d") {
		t.Errorf("MaxDepth 1 shows depth-2 rows:\n%s", text)
	}
	// At the maximum depth torchinfo shows a container's total params and its leaf children's mult-adds:
	// features has 2,469,696 params and 656,051,520 mult-adds (the five convs).
	if !strings.Contains(text, "├─Sequential: 1-1                        [1, 256, 6, 6]            2,469,696                 --                        656,051,520               True") {
		t.Errorf("features row wrong:\n%s", text)
	}
	h := s.HTML()
	for _, want := range []string{"<th", "Sequential: 1-1", "2,469,696", "Total params: 61,100,840", "Estimated Total Size (MB): 248.96"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestErrors(t *testing.T) {
	_, err := Summarize(alexNet(), []int{3, 20, 20}, Options{})
	if err == nil || !strings.Contains(err.Error(), "[3, 20, 20]") && !strings.Contains(err.Error(), "[3 20 20]") {
		t.Errorf("AlexNet on 20×20: err = %v, want one naming the input shape", err)
	}
	if _, err := Summarize(nil, []int{1}, Options{}); err == nil {
		t.Error("nil model: no error")
	}
	if _, err := Summarize(alexNet(), []int{3, 0, 224}, Options{}); err == nil {
		t.Error("zero dimension: no error")
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 61100840: "61,100,840", -1234567: "-1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := pyNumber(1234.5); got != "1,234.50" {
		t.Errorf("pyNumber(1234.5) = %q, want 1,234.50 (Python f\"{1234.5:,.2f}\")", got)
	}
}
