package recipes

import "testing"

// Every registered LeNet and chapter-3 name has a recipe that builds, LeNet-1's
// variants share LeNet-1's, and an unknown name is an error.
func TestFor(t *testing.T) {
	for _, name := range []string{"lenet1", "lenet5", "lenet5-1998", "modern", "mlp", "fashion-cnn", "fashion-cnn7", "lenet1-relu-max"} {
		r, err := For(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.TrainConfig(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if r, _ := For("lenet1-conv3"); r != LeNet1 {
		t.Errorf("lenet1-conv3: recipe %v, want LeNet-1's", r)
	}
	if _, err := For("alexnet"); err == nil {
		t.Error("alexnet: want an error")
	}
	if got := LeNet5.String(); got != "chapter 2 (seed 001), batch 128, 5 epochs, sgd lr 0.01 momentum 0.9 wd 0.0005, step:5:0.5, resize32, normalise 0.1307/0.3081" {
		t.Errorf("LeNet5.String() = %q", got)
	}
}
