package nn

import (
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// Layer is one step of a model, with PyTorch's vocabulary.
//
// Inside GoMLX, tensors are channels-last: images are [B, H, W, C] and features
// [B, F]. Everything shown to a student (summaries, shapes) uses PyTorch's
// order without the batch axis: [C, H, W] for images and [F] for features.
type Layer interface {
	// Type is the PyTorch class name shown in summaries, e.g. "Conv2d".
	Type() string

	// Forward builds the layer's graph. The scope is already the layer's own
	// (the container enters a sub-scope named after the layer), so variables
	// created here live at <model>/<layer name>/... .
	Forward(scope *model.Scope, x *graph.Node) *graph.Node

	// OutputShape returns the output shape for an input shape, both in
	// PyTorch order without the batch axis ([C,H,W] or [F]). An input the
	// layer cannot take is an error that names the layer type and the shape.
	OutputShape(in []int) ([]int, error)

	// Params lists the layer's own parameter tensors (not its children's) for
	// an input shape, with PyTorch's names ("weight", "bias") and shapes
	// (Conv2d weight is [Cout, Cin/groups, kH, kW]; Linear weight is [out, in]).
	Params(in []int) []Param

	// MultAdds is the number of multiply-adds of one forward pass of one sample,
	// counted as torchinfo counts them (a conv's count includes its bias).
	MultAdds(in, out []int) int64
}

// Param describes one parameter tensor of a layer.
type Param struct {
	Name      string // PyTorch name within the layer: "weight", "bias"
	Shape     []int  // PyTorch shape
	Trainable bool   // false for frozen tensors
}

// Container is a Layer made of named children, such as Sequential. Summaries
// walk containers to print the tree of rows.
type Container interface {
	Layer
	// Children returns the direct children, in forward order.
	Children() []Named
}

// Named is a child layer with the name it has in its container, which is also
// the name of its GoMLX sub-scope and of its PyTorch state_dict prefix
// ("features", "0", "C1" ...).
type Named struct {
	Name  string
	Layer Layer
}
