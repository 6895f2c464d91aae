package serve

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// The shipped LeNet-5 (see weights/README.md for how it was made).
var (
	//go:embed weights/lenet5-best.safetensors
	shippedWeights []byte
	//go:embed weights/lenet5-best.json
	shippedRecord []byte
)

// ShippedModel is the model the shipped weights are for.
const ShippedModel = "lenet5"

// ShippedWeights returns the LeNet-5 weights that ship with the repository
// (trained with `go run ./lenet/cmd -recipe best`) and where they came from.
func ShippedWeights() ([]byte, WeightsInfo, error) {
	var rec struct {
		Command      string  `json:"command"`
		Backend      string  `json:"backend"`
		CPU          string  `json:"cpu"`
		Seed         int     `json:"seed"`
		TestAccuracy float64 `json:"test_accuracy"`
		SHA256       string  `json:"sha256"`
	}
	if err := json.Unmarshal(shippedRecord, &rec); err != nil {
		return nil, WeightsInfo{}, fmt.Errorf("serve: weights/lenet5-best.json: %w", err)
	}
	info := WeightsInfo{Source: "embedded lenet/serve/weights/lenet5-best.safetensors", SHA256: sha(shippedWeights),
		TestAccuracy: rec.TestAccuracy,
		Made:         fmt.Sprintf("%s (seed %d, %s, %s)", rec.Command, rec.Seed, rec.Backend, rec.CPU)}
	if info.SHA256 != rec.SHA256 {
		return nil, WeightsInfo{}, fmt.Errorf("serve: the embedded weights have SHA-256 %s, their record says %s", info.SHA256, rec.SHA256)
	}
	return shippedWeights, info, nil
}

// LoadWeights reads a model.safetensors file (path), or the one in a run's
// output directory (runDir, as -resume takes), with the run's test accuracy
// from the test.json next to it when there is one.
func LoadWeights(path, runDir string) ([]byte, WeightsInfo, error) {
	if path == "" {
		path = filepath.Join(runDir, "model.safetensors")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if runDir != "" && os.IsNotExist(err) {
			return nil, WeightsInfo{}, fmt.Errorf("serve: %s has no model.safetensors (a run writes it when it finishes): %w", runDir, err)
		}
		return nil, WeightsInfo{}, fmt.Errorf("serve: %w", err)
	}
	info := WeightsInfo{Source: path, SHA256: sha(data)}
	if runDir != "" {
		info.Source = runDir
	}
	if t, err := os.ReadFile(filepath.Join(filepath.Dir(path), "test.json")); err == nil {
		var rep struct {
			TestAcc float64 `json:"test_acc"`
		}
		if json.Unmarshal(t, &rep) == nil {
			info.TestAccuracy = rep.TestAcc
			info.Made = "the run in " + filepath.Dir(path)
		}
	}
	return data, info, nil
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
