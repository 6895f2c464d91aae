package models_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// smallNet is a two-layer network whose pieces the tests change one at a time.
func smallNet(name string, outC int, conv func(*nn.Conv2d) *nn.Conv2d) *nn.Sequential {
	return nn.NewSequential(
		nn.Named{Name: name, Layer: conv(nn.NewConv2d(1, outC, 3))},
		nn.Named{Name: "tanh1", Layer: nn.NewTanh()},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "Output", Layer: nn.NewLinear(outC*4*4, 10)},
	)
}

func same(c *nn.Conv2d) *nn.Conv2d { return c }

// Diff finds nothing between two builds of one network, and one difference at
// least for each change a notebook could make by mistake.
func TestDiff(t *testing.T) {
	in := []int{1, 6, 6}
	base := smallNet("C1", 4, same)
	d, err := models.Diff(base, smallNet("C1", 4, same), in)
	if err != nil || len(d) != 0 {
		t.Fatalf("two builds of one network: diffs %q, err %v; want none", d, err)
	}
	changes := map[string]struct {
		net  *nn.Sequential
		want string // a word every reported difference set must contain
	}{
		"layer renamed":   {smallNet("conv1", 4, same), "conv1"},
		"more channels":   {nn.NewSequential(append(smallNet("C1", 5, same).Children()[:3], nn.Named{Name: "Output", Layer: nn.NewLinear(80, 10)})...), "[5 4 4]"},
		"initialiser":     {smallNet("C1", 4, func(c *nn.Conv2d) *nn.Conv2d { return c.Init(nn.XavierUniform, nn.Zeros) }), "weightInit"},
		"layer left out":  {nn.NewSequential(slices.Delete(smallNet("C1", 4, same).Children(), 1, 2)...), "nothing"},
		"batchnorm added": {nn.NewSequential(append([]nn.Named{{Name: "bn", Layer: nn.NewBatchNorm2d(1)}}, smallNet("C1", 4, same).Children()...)...), "running_mean"},
	}
	for name, c := range changes {
		d, err := models.Diff(base, c.net, in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(d) == 0 || !strings.Contains(strings.Join(d, "\n"), c.want) {
			t.Errorf("%s: diffs %q; want at least one, mentioning %q", name, d, c.want)
		}
	}
	// The same initialiser with other arguments is another network too: torchvision's VGG draws its linear
	// weights from N(0, 0.01²); N(0, 0.02²) would train differently.
	normal := func(std float64) func(*nn.Conv2d) *nn.Conv2d {
		return func(c *nn.Conv2d) *nn.Conv2d { return c.Init(nn.Normal(0, std), nn.Zeros) }
	}
	if d, err := models.Diff(smallNet("C1", 4, normal(0.01)), smallNet("C1", 4, normal(0.01)), in); err != nil || len(d) != 0 {
		t.Errorf("N(0, 0.01²) twice: diffs %q, err %v; want none", d, err)
	}
	if d, _ := models.Diff(smallNet("C1", 4, normal(0.01)), smallNet("C1", 4, normal(0.02)), in); len(d) == 0 ||
		!strings.Contains(strings.Join(d, "\n"), "normal_(mean=0, std=0.02)") {
		t.Errorf("N(0, 0.01²) against N(0, 0.02²): diffs %q; want one naming normal_(mean=0, std=0.02)", d)
	}
	if _, err := models.Diff(base, smallNet("C1", 4, same), []int{1, 2, 2}); err == nil {
		t.Error("a 2×2 input through a 3×3 convolution: no error")
	}
}

// Diff tells whether a network written out by hand is the registered one.
func ExampleDiff() {
	mine := nn.NewSequential(
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "out", Layer: nn.NewLinear(4, 3)},
	)
	models.MustRegister("example-diff", tiny)
	m, err := models.New("example-diff", models.Options{Classes: 3, Size: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := models.Diff(m.Net, mine, m.Input)
	fmt.Println(len(d), err)
	// Output: 0 <nil>
}
