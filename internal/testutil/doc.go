// Package testutil holds the helpers the repository's tests share: the
// backend the environment picks, fixtures read from JSON, files truncated to
// fake a torn write, and the comparison of outputs with PyTorch's. It
// depends on no package of the repository but vision/backend, so that any
// package's tests may use it.
package testutil
