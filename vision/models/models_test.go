package models_test

import (
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

func tiny(o models.Options) (*models.Model, error) {
	o = o.Or(models.Options{Classes: 10, Channels: 1, Size: 4})
	net := nn.NewSequential(
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "out", Layer: nn.NewLinear(o.Channels*o.Size*o.Size, o.Classes)},
	)
	return &models.Model{Name: "test-tiny", Net: net, Input: []int{o.Channels, o.Size, o.Size}, Embedding: "flatten"}, nil
}

func TestRegistry(t *testing.T) {
	if err := models.Register("test-tiny", tiny); err != nil {
		t.Fatal(err)
	}
	if err := models.Register("test-tiny", tiny); err == nil {
		t.Error("registering a name twice: no error")
	}
	m, err := models.New("test-tiny", models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.NumParams(); got != 16*10+10 {
		t.Errorf("NumParams = %d, want 170", got)
	}
	if _, err := models.New("test-tiny", models.Options{Classes: 1}); err == nil {
		t.Error("1 class: no error")
	}
	if _, err := models.New("nope", models.Options{}); err == nil || !strings.Contains(err.Error(), "test-tiny") {
		t.Errorf("unknown model: error %v, want the list of names", err)
	}
}
