package models

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/nn"
)

// SameArchitecture returns nil when net is the same network as ref for
// inputs of shape in (PyTorch order, no batch axis), and otherwise an error
// that counts the differences Diff finds and names the first: the same layers
// at the same dotted paths with the same types, shapes, parameter counts and
// configuration (initialisers included), and the same state_dict keys.
//
// It is how a notebook checks that a network it writes out layer by layer is
// the one the library registers.
func SameArchitecture(ref, net nn.Layer, in []int) error {
	diffs, err := Diff(ref, net, in)
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		return fmt.Errorf("models: %d difference(s) from the reference network, the first: %s", len(diffs), diffs[0])
	}
	return nil
}

// WithNet returns the registered model name, built with o, with its network
// replaced by net, once SameArchitecture has checked that net is the same
// network: the model keeps the registry's name, title, input shape and
// embedding layer. A notebook uses it to train a network it defines itself.
func WithNet(name string, o Options, net *nn.Sequential) (*Model, error) {
	m, err := New(name, o)
	if err != nil {
		return nil, err
	}
	if net == nil {
		return nil, fmt.Errorf("models: WithNet(%q): nil network", name)
	}
	if err := SameArchitecture(m.Net, net, m.Input); err != nil {
		return nil, fmt.Errorf("models: WithNet(%q): not the registered network: %w", name, err)
	}
	m.Net = net
	return m, nil
}
