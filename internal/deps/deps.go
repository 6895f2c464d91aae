// Package deps pins the project's dependencies while the packages that use them
// are being written, so that concurrent edits do not race on go.mod.
package deps

import (
	_ "github.com/gomlx/gomlx/core/graph"
	_ "github.com/gomlx/gomlx/ml/model"
	_ "github.com/gomlx/gomlx/ml/train"
	_ "github.com/janpfeifer/gonb/gonbui"
	_ "golang.org/x/image/draw"
	_ "gonum.org/v1/plot"
	_ "gonum.org/v1/plot/vg/vgimg"
	_ "gonum.org/v1/plot/vg/vgsvg"
)
