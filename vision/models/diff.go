package models

import (
	"fmt"
	"reflect"

	"github.com/gocnn/gocnn/vision/nn"
)

// Describe lists what makes a network the network it is, one line per
// layer, then one line per state_dict entry, for inputs of shape in
// (PyTorch order, no batch axis):
//
//	layer C1 Conv2d in [1 32 32] out [6 28 28] params 156 {in:1 out:6 kernel:[5 5] ...}
//	state C1.weight [6 1 5 5] trainable
//
// A layer line has the layer's dotted path, type, input and output shapes,
// number of parameters and, for a layer that is not a container, its
// configuration (its fields, the initialisers included: an nn.Init prints
// its Name, with its arguments, and its function's address). Two networks
// with the same lines build the same graph from the same variables, drawn
// from the same distributions.
func Describe(net nn.Layer, in []int) ([]string, error) {
	var lines []string
	err := nn.Walk(net, in, func(path string, l nn.Layer, lin, lout []int) error {
		var params int64
		for _, p := range l.Params(lin) {
			n := int64(1)
			for _, d := range p.Shape {
				n *= int64(d)
			}
			params += n
		}
		line := fmt.Sprintf("layer %s %s in %v out %v params %d", path, l.Type(), lin, lout, params)
		if _, ok := l.(nn.Container); !ok {
			line += " " + config(l)
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("models: describing a %s: %w", net.Type(), err)
	}
	keys, err := nn.StateKeys("/", net, in)
	if err != nil {
		return nil, fmt.Errorf("models: state of a %s: %w", net.Type(), err)
	}
	for _, k := range keys {
		kind := "buffer"
		if k.Entry.Trainable {
			kind = "trainable"
		}
		lines = append(lines, fmt.Sprintf("state %s %v %s", k.Key, k.Entry.TorchShape, kind))
	}
	return lines, nil
}

// config prints a layer's fields; an initialiser prints its Name and its
// function's code address (the same function prints the same in one
// program).
func config(l nn.Layer) string {
	v := reflect.ValueOf(l)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return fmt.Sprintf("%+v", v)
}

// Diff compares two networks on inputs of shape in with Describe and returns
// the differences, one line each ("want …, got …"); none when the two build
// the same layers (names, types, shapes, parameter counts, configuration)
// and the same state_dict keys. A network that does not accept in is an
// error.
func Diff(want, got nn.Layer, in []int) ([]string, error) {
	a, err := Describe(want, in)
	if err != nil {
		return nil, err
	}
	b, err := Describe(got, in)
	if err != nil {
		return nil, err
	}
	var diffs []string
	for i := range max(len(a), len(b)) {
		switch {
		case i >= len(a):
			diffs = append(diffs, fmt.Sprintf("want nothing, got %s", b[i]))
		case i >= len(b):
			diffs = append(diffs, fmt.Sprintf("want %s, got nothing", a[i]))
		case a[i] != b[i]:
			diffs = append(diffs, fmt.Sprintf("want %s, got %s", a[i], b[i]))
		}
	}
	return diffs, nil
}
