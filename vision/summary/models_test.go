package summary

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// netWithFlatten is a test-only container laid out like torchvision's AlexNet
// and VGG: features, avgpool, classifier, with torch.flatten (not a module)
// before the classifier, so no Flatten row appears, as in torchinfo.
type netWithFlatten struct {
	typ      string
	children []nn.Named
}

func (n *netWithFlatten) Type() string              { return n.typ }
func (n *netWithFlatten) Children() []nn.Named      { return n.children }
func (n *netWithFlatten) Params([]int) []nn.Param   { return nil }
func (n *netWithFlatten) MultAdds(_, _ []int) int64 { return 0 }

func (n *netWithFlatten) ChildInputShapes(in []int) ([][]int, error) {
	var shapes [][]int
	cur := in
	for _, c := range n.children {
		if c.Name == "classifier" {
			cur = []int{int(prod(cur))}
		}
		shapes = append(shapes, cur)
		out, err := c.Layer.OutputShape(cur)
		if err != nil {
			return nil, fmt.Errorf("%s child %q: %w", n.typ, c.Name, err)
		}
		cur = out
	}
	return shapes, nil
}

func (n *netWithFlatten) OutputShape(in []int) ([]int, error) {
	shapes, err := n.ChildInputShapes(in)
	if err != nil {
		return nil, err
	}
	last := n.children[len(n.children)-1]
	return last.Layer.OutputShape(shapes[len(shapes)-1])
}

func (n *netWithFlatten) Forward(scope *model.Scope, x *graph.Node) *graph.Node {
	for _, c := range n.children {
		if c.Name == "classifier" {
			x = graph.Reshape(x, x.Shape().Dimensions[0], -1)
		}
		x = c.Layer.Forward(scope.In("%s", c.Name), x)
	}
	return x
}

// withKernel gives a pooling layer torchinfo's scalar Kernel Shape cell.
type withKernel struct {
	nn.Layer
	k []int
}

func (w withKernel) KernelSize() []int { return w.k }

func maxPool(k, s int) nn.Layer { return withKernel{nn.NewMaxPool2d(k).Stride(s), []int{k}} }

// torchvisionNet lays features, an adaptive average pool to pool×pool and
// classifier out as torchvision's AlexNet and VGG do.
func torchvisionNet(typ string, features nn.Layer, pool int, classifier nn.Layer) nn.Layer {
	return &netWithFlatten{typ: typ, children: []nn.Named{
		{Name: "features", Layer: features},
		{Name: "avgpool", Layer: nn.NewAdaptiveAvgPool2d(pool, pool)},
		{Name: "classifier", Layer: classifier},
	}}
}

// alexNet is torchvision.models.alexnet() built from nn layers.
func alexNet() nn.Layer {
	features := nn.Seq(
		nn.NewConv2d(3, 64, 11).Stride(4).Padding(2), nn.NewReLU(), maxPool(3, 2),
		nn.NewConv2d(64, 192, 5).Padding(2), nn.NewReLU(), maxPool(3, 2),
		nn.NewConv2d(192, 384, 3).Padding(1), nn.NewReLU(),
		nn.NewConv2d(384, 256, 3).Padding(1), nn.NewReLU(),
		nn.NewConv2d(256, 256, 3).Padding(1), nn.NewReLU(), maxPool(3, 2),
	)
	classifier := nn.Seq(
		nn.NewDropout(0.5), nn.NewLinear(256*6*6, 4096), nn.NewReLU(),
		nn.NewDropout(0.5), nn.NewLinear(4096, 4096), nn.NewReLU(),
		nn.NewLinear(4096, 1000),
	)
	return torchvisionNet("AlexNet", features, 6, classifier)
}

// vgg16 is torchvision.models.vgg16() built from nn layers.
func vgg16() nn.Layer {
	features := nn.Seq()
	in := 3
	for _, v := range []int{64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0} {
		if v == 0 {
			features.Append(maxPool(2, 2))
			continue
		}
		features.Append(nn.NewConv2d(in, v, 3).Padding(1))
		features.Append(nn.NewReLU())
		in = v
	}
	classifier := nn.Seq(
		nn.NewLinear(512*7*7, 4096), nn.NewReLU(), nn.NewDropout(0.5),
		nn.NewLinear(4096, 4096), nn.NewReLU(), nn.NewDropout(0.5),
		nn.NewLinear(4096, 1000),
	)
	return torchvisionNet("VGG", features, 7, classifier)
}

// leNet5 is chapter 2's classic LeNet-5 as a Sequential (gen_torchinfo.py builds the same).
func leNet5() nn.Layer {
	avg := func() nn.Layer { return withKernel{nn.NewAvgPool2d(2), []int{2}} }
	return nn.Seq(
		nn.NewConv2d(1, 6, 5), nn.NewTanh(), avg(),
		nn.NewConv2d(6, 16, 5), nn.NewTanh(), avg(),
		nn.NewConv2d(16, 120, 5), nn.NewTanh(), nn.NewFlatten(),
		nn.NewLinear(120, 84), nn.NewTanh(), nn.NewLinear(84, 10),
	)
}
