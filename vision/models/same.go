package models

import (
	"fmt"
	"slices"

	"github.com/gocnn/gocnn/vision/nn"
)

// SameArchitecture returns nil when net is the same network as ref for
// inputs of shape in (PyTorch order, no batch axis), and otherwise an error
// naming the first difference. Same means: the same layers at the same dotted
// paths, each with the same PyTorch repr (type and hyperparameters, e.g.
// "Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))" or
// "Dropout(p=0.2, inplace=False)") and output shape, the same state_dict keys
// with the same shapes, and the same number of trainable parameters. The
// initialisers are not compared (they are functions).
//
// It is how a notebook checks that a network it writes out layer by layer is
// the one the library registers.
func SameArchitecture(ref, net nn.Layer, in []int) error {
	type row struct {
		path, repr string
		out        []int
	}
	rows := func(l nn.Layer) ([]row, error) {
		var rs []row
		err := nn.Walk(l, in, func(path string, l nn.Layer, _, out []int) error {
			repr := l.Type()
			if _, container := l.(nn.Container); !container {
				repr = fmt.Sprint(l) // a leaf's PyTorch repr; a container's repr is its children's
			}
			rs = append(rs, row{path, repr, out})
			return nil
		})
		return rs, err
	}
	want, err := rows(ref)
	if err != nil {
		return fmt.Errorf("models: reference network: %w", err)
	}
	got, err := rows(net)
	if err != nil {
		return fmt.Errorf("models: network: %w", err)
	}
	// The layers first, then their shapes: a layer's different argument is named
	// rather than the container whose output it changes.
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(got):
			return fmt.Errorf("models: network lacks layer %q %s", want[i].path, want[i].repr)
		case i >= len(want):
			return fmt.Errorf("models: network has an extra layer %q %s", got[i].path, got[i].repr)
		case got[i].path != want[i].path || got[i].repr != want[i].repr:
			return fmt.Errorf("models: layer %d is %q %s, want %q %s", i, got[i].path, got[i].repr, want[i].path, want[i].repr)
		}
	}
	for i := range got {
		if !slices.Equal(got[i].out, want[i].out) {
			return fmt.Errorf("models: layer %q outputs %v, want %v", got[i].path, got[i].out, want[i].out)
		}
	}
	wantKeys, err := nn.StateKeys("", ref, in)
	if err != nil {
		return fmt.Errorf("models: reference network: %w", err)
	}
	gotKeys, err := nn.StateKeys("", net, in)
	if err != nil {
		return fmt.Errorf("models: network: %w", err)
	}
	key := func(k nn.StateKey) string { return fmt.Sprintf("%s %v", k.Key, k.Entry.Shape) }
	if !slices.EqualFunc(gotKeys, wantKeys, func(a, b nn.StateKey) bool { return key(a) == key(b) }) {
		return fmt.Errorf("models: state keys differ: %d keys, want %d (first: %v, want %v)",
			len(gotKeys), len(wantKeys), firstKeys(gotKeys, key), firstKeys(wantKeys, key))
	}
	wantN, err := nn.TotalParams(ref, in)
	if err != nil {
		return fmt.Errorf("models: reference network: %w", err)
	}
	gotN, err := nn.TotalParams(net, in)
	if err != nil {
		return fmt.Errorf("models: network: %w", err)
	}
	if gotN != wantN {
		return fmt.Errorf("models: %d trainable parameters, want %d", gotN, wantN)
	}
	return nil
}

// firstKeys is the first few keys of a state, for error messages.
func firstKeys(keys []nn.StateKey, key func(nn.StateKey) string) []string {
	var s []string
	for _, k := range keys[:min(len(keys), 3)] {
		s = append(s, key(k))
	}
	return s
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
