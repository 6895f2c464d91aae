//go:build tools

// Package tools pins the versions of the notebook tool chain that setup.sh
// builds: GoNB (the Go Jupyter kernel) and the goimports and gopls it needs.
// `go install pkg@version` cannot be used with a proxy that refuses @v/list, so
// setup.sh builds them from this module instead.
package tools

import (
	_ "github.com/janpfeifer/gonb"
	_ "golang.org/x/tools/cmd/goimports"
	_ "golang.org/x/tools/gopls"
)
