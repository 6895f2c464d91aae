// Package datatest is the tests' access to the installed datasets: a test
// that needs MNIST or Fashion-MNIST skips without it, except on CI
// (GOCNN_REQUIRE_DATA=1), where it fails. It is apart from internal/testutil
// because the datasets package's own tests use testutil.
package datatest

import (
	"os"
	"testing"

	"github.com/gocnn/gocnn/datasets"
)

// Need skips the test when the dataset name (datasets.MNIST,
// datasets.FashionMNIST) is not installed, or fails it when
// GOCNN_REQUIRE_DATA=1 (CI, after set-up, where a missing dataset is a
// broken set-up, not a reason to skip).
func Need(t testing.TB, name string) {
	t.Helper()
	if _, err := datasets.Locate(name, datasets.Options{}); err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatalf("%s not found: %v", name, err)
		}
		t.Skipf("%s not found: %v", name, err)
	}
}
