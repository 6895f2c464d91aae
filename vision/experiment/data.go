package experiment

import (
	"fmt"
	"math/rand/v2"

	"github.com/gocnn/gocnn/datasets"
)

// DataConfig says which data a run uses and how it is prepared.
type DataConfig struct {
	Dataset   string             // "mnist" or "fashion-mnist" ("fashion" is accepted)
	Dir       string             // explicit data directory (searched first); "" for the default places
	Transform datasets.Transform // geometry and normalisation
	// Resize, when > 0, first resizes the images to Resize×Resize (bilinear,
	// as torchvision's Resize); Transform's geometry then applies to them.
	Resize    int
	Batch     int // training batch size
	EvalBatch int // evaluation batch size (default 1000, at most the set's size)
	// Validation holds out that many training images (torch's random_split
	// with Seed) and evaluates on them every epoch; 0 evaluates on the test set.
	Validation int
	// Limit keeps only that many training images (a seeded random subset,
	// before the validation split) and at most Limit test images; 0 keeps all.
	Limit int
	Seed  int64
}

// Data is a prepared dataset.
type Data struct {
	Name    string
	Classes []string
	Train   *datasets.Loader // shuffled every epoch
	Valid   *datasets.Loader // nil without a validation split
	Test    *datasets.Loader
	// TestRaw is the test set as loaded (uint8, 28×28), for image grids.
	TestRaw *datasets.Dataset
}

// Title is the dataset's name as people write it: "MNIST", "Fashion-MNIST".
func (d *Data) Title() string {
	switch d.Name {
	case datasets.MNIST:
		return "MNIST"
	case datasets.FashionMNIST:
		return "Fashion-MNIST"
	}
	return d.Name
}

// EvalName is the name of the per-epoch evaluation set: "valid" with a
// validation split, else "test".
func (d *Data) EvalName() string {
	if d.Valid != nil {
		return "valid"
	}
	return "test"
}

// Eval is the per-epoch evaluation set: Valid, or Test without a split.
func (d *Data) Eval() *datasets.Loader {
	if d.Valid != nil {
		return d.Valid
	}
	return d.Test
}

// DatasetName maps the names users type to the datasets package's names.
func DatasetName(s string) (string, error) {
	switch s {
	case "mnist", "MNIST":
		return datasets.MNIST, nil
	case "fashion", "fashion-mnist", "fashion_mnist", "FashionMNIST":
		return datasets.FashionMNIST, nil
	}
	return "", fmt.Errorf("unknown dataset %q: want mnist or fashion", s)
}

// Load finds, verifies, loads and prepares the data of cfg.
func Load(cfg DataConfig) (*Data, error) {
	name, err := DatasetName(cfg.Dataset)
	if err != nil {
		return nil, err
	}
	if cfg.Batch <= 0 {
		return nil, fmt.Errorf("batch size %d: want a positive number", cfg.Batch)
	}
	if cfg.Limit < 0 || cfg.Validation < 0 {
		return nil, fmt.Errorf("limit %d, validation %d: want non-negative numbers", cfg.Limit, cfg.Validation)
	}
	trainSet, testSet, err := datasets.Load(name, datasets.Options{Dir: cfg.Dir})
	if err != nil {
		return nil, err
	}
	if cfg.Limit > 0 {
		if trainSet, err = randomSubset(trainSet, cfg.Limit, cfg.Seed); err != nil {
			return nil, err
		}
		if testSet.N > cfg.Limit {
			if testSet, err = testSet.Subset(testSet.Name, seq(cfg.Limit)); err != nil {
				return nil, err
			}
		}
	}
	d := &Data{Name: name, Classes: trainSet.Classes, TestRaw: testSet}
	var validSet *datasets.Dataset
	if cfg.Validation > 0 {
		if cfg.Validation >= trainSet.N {
			return nil, fmt.Errorf("validation split of %d images from %d training images: want fewer", cfg.Validation, trainSet.N)
		}
		if trainSet, validSet, err = datasets.Split(trainSet, trainSet.N-cfg.Validation, uint64(cfg.Seed)); err != nil {
			return nil, err
		}
	}
	if cfg.Resize > 0 {
		if trainSet, err = datasets.Resize(trainSet, cfg.Resize, cfg.Resize); err != nil {
			return nil, err
		}
		if testSet, err = datasets.Resize(testSet, cfg.Resize, cfg.Resize); err != nil {
			return nil, err
		}
		if validSet != nil {
			if validSet, err = datasets.Resize(validSet, cfg.Resize, cfg.Resize); err != nil {
				return nil, err
			}
		}
	}
	evalBatch := cfg.EvalBatch
	if evalBatch <= 0 {
		// Not larger: on the Go backend a convolution's intermediates grow with
		// the batch (a 7×7 CNN evaluated 1,000 images at a time needs > 20 GB).
		evalBatch = min(max(2*cfg.Batch, 64), 1000)
	}
	if d.Train, err = datasets.NewDatasetLoader(trainSet, cfg.Transform, datasets.LoaderOptions{
		BatchSize: cfg.Batch, Shuffle: true, Seed: cfg.Seed}); err != nil {
		return nil, err
	}
	if validSet != nil {
		if d.Valid, err = datasets.NewDatasetLoader(validSet, cfg.Transform, datasets.LoaderOptions{BatchSize: min(evalBatch, validSet.N)}); err != nil {
			return nil, err
		}
	}
	if d.Test, err = datasets.NewDatasetLoader(testSet, cfg.Transform, datasets.LoaderOptions{BatchSize: min(evalBatch, testSet.N)}); err != nil {
		return nil, err
	}
	return d, nil
}

func randomSubset(ds *datasets.Dataset, n int, seed int64) (*datasets.Dataset, error) {
	if n >= ds.N {
		return ds, nil
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	idx := r.Perm(ds.N)[:n]
	return ds.Subset(fmt.Sprintf("%s[%d]", ds.Name, n), idx)
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
