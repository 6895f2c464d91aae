package datasets

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil"
)

// EnvRequireData makes the tests on the real files fail, instead of skip,
// when the data cannot be found (CI sets it to 1).
const envRequireData = "GOCNN_REQUIRE_DATA"

var (
	realMu    sync.Mutex
	realCache = map[string][2]*Dataset{}
)

// realData loads a dataset from the standard locations (cache, $GOCNN_DATA,
// system) once per test binary; it skips the test when the files are absent,
// unless GOCNN_REQUIRE_DATA=1.
func realData(t testing.TB, name string) (train, test *Dataset) {
	t.Helper()
	realMu.Lock()
	defer realMu.Unlock()
	if d, ok := realCache[name]; ok {
		return d[0], d[1]
	}
	train, test, err := Load(name, Options{})
	var nf *NotFoundError
	if errors.As(err, &nf) && os.Getenv(envRequireData) != "1" {
		t.Skipf("%v\n(set %s=1 to make this a failure)", err, envRequireData)
	}
	if err != nil {
		t.Fatal(err)
	}
	realCache[name] = [2]*Dataset{train, test}
	return train, test
}

func TestRealCountsLabelsBalance(t *testing.T) {
	cases := []struct {
		name                 string
		trainFirst, testFirs []uint8
		trainCounts          []int
		testCounts           []int
	}{
		// Counts and first labels: numpy.bincount on the files
		// (and the MNIST page: 60,000 train, 10,000 test).
		{MNIST, []uint8{5, 0, 4, 1, 9}, []uint8{7, 2, 1, 0, 4},
			[]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
			[]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}},
		// Fashion-MNIST is balanced: 6,000 train and 1,000 test images per class.
		{FashionMNIST, []uint8{9, 0, 0, 3, 0}, []uint8{9, 2, 1, 1, 6},
			slices.Repeat([]int{6000}, 10), slices.Repeat([]int{1000}, 10)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			train, test := realData(t, tc.name)
			if train.N != 60000 || test.N != 10000 || train.H != 28 || train.W != 28 || test.H != 28 {
				t.Errorf("train %d×%d×%d, test %d×%d×%d: want 60000×28×28 and 10000×28×28",
					train.N, train.H, train.W, test.N, test.H, test.W)
			}
			if got := train.Labels[:5]; !slices.Equal(got, tc.trainFirst) {
				t.Errorf("first train labels %v, want %v", got, tc.trainFirst)
			}
			if got := test.Labels[:5]; !slices.Equal(got, tc.testFirs) {
				t.Errorf("first test labels %v, want %v", got, tc.testFirs)
			}
			if got := train.ClassCounts(); !slices.Equal(got, tc.trainCounts) {
				t.Errorf("train class counts %v, want %v", got, tc.trainCounts)
			}
			if got := test.ClassCounts(); !slices.Equal(got, tc.testCounts) {
				t.Errorf("test class counts %v, want %v", got, tc.testCounts)
			}
			if train.Name != tc.name+"/train" || test.Name != tc.name+"/test" {
				t.Errorf("names %q %q", train.Name, test.Name)
			}
		})
	}
	train, _ := realData(t, FashionMNIST)
	if c := train.Classes[train.Labels[0]]; c != "Ankle boot" {
		t.Errorf("first Fashion-MNIST train image is %q, want \"Ankle boot\" (label 9)", c)
	}
}

// TestNormalizationConstants recomputes the mean and std of the training
// pixels: the recorded constants must agree to their 4 decimals.
func TestNormalizationConstants(t *testing.T) {
	for _, name := range []string{MNIST, FashionMNIST} {
		train, _ := realData(t, name)
		mean, std := PixelStats(train)
		wm, ws, err := MeanStd(name)
		if err != nil {
			t.Fatal(err)
		}
		// MNIST's 0.1307 is the customary rounding of 0.130660 (difference 4e-5).
		if math.Abs(mean-float64(wm)) > 5e-5 || math.Abs(std-float64(ws)) > 5e-5 {
			t.Errorf("%s: train pixels mean %.6f std %.6f, recorded %.4f %.4f", name, mean, std, wm, ws)
		}
	}
}

// TestResize32MatchesTorchvision compares Resize with torchvision's
// transforms.Resize(32) on the PIL image of the first 20 test images
// (fixtures made by testdata/gen_fixtures.py). The requirement is at most one
// grey level per pixel; since ResizeImage reproduces PIL's fixed-point
// arithmetic, every pixel must in fact be equal.
func TestResize32MatchesTorchvision(t *testing.T) {
	for _, tc := range []struct{ name, fixture string }{
		{MNIST, "testdata/resize32_mnist_test20.u8"},
		{FashionMNIST, "testdata/resize32_fashion_test20.u8"},
	} {
		want, err := os.ReadFile(tc.fixture)
		if err != nil {
			t.Fatal(err)
		}
		_, test := realData(t, tc.name)
		first, err := test.Subset("first20", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Resize(first, 32, 32)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Images) != len(want) || len(want) != 20*32*32 {
			t.Fatalf("%s: %d resized values, fixture %d, want 20×32×32 = 20480", tc.name, len(got.Images), len(want))
		}
		maxDiff, diffs := 0, 0
		for i := range want {
			d := int(got.Images[i]) - int(want[i])
			if d != 0 {
				diffs++
				maxDiff = max(maxDiff, d, -d)
			}
		}
		if diffs != 0 {
			t.Errorf("%s: %d pixels differ from torchvision (max %d grey levels), want 0", tc.name, diffs, maxDiff)
		}
	}
}

// TestTorchRandPerm compares with torch.randperm(60000, manual_seed(42)) as
// recorded by testdata/gen_fixtures.py.
func TestTorchRandPerm(t *testing.T) {
	var ref struct {
		Head    []int  `json:"head"`
		At55000 []int  `json:"at55000"`
		SHA256  string `json:"sha256_int64le"`
	}
	testutil.ReadJSON(t, "testdata/randperm_60000_seed42.json", &ref)
	perm := TorchRandPerm(60000, 42)
	if !slices.Equal(perm[:20], ref.Head) || !slices.Equal(perm[55000:55020], ref.At55000) {
		t.Errorf("perm head %v at55000 %v, want %v %v", perm[:20], perm[55000:55020], ref.Head, ref.At55000)
	}
	raw := make([]byte, 0, 8*len(perm))
	for _, v := range perm {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
	}
	if s := sha256.Sum256(raw); hex.EncodeToString(s[:]) != ref.SHA256 {
		t.Errorf("SHA-256 of the permutation %x, want %s", s, ref.SHA256)
	}
}

func TestSplitMNIST(t *testing.T) {
	train, _ := realData(t, MNIST)
	tr, val, err := Split(train, 55000, 42)
	if err != nil {
		t.Fatal(err)
	}
	if tr.N != 55000 || val.N != 5000 {
		t.Fatalf("split %d/%d, want 55000/5000", tr.N, val.N)
	}
	perm := TorchRandPerm(60000, 42)
	// random_split's validation subset starts at perm[55000].
	if !slices.Equal(val.Image(0), train.Image(perm[55000])) || val.Labels[0] != train.Labels[perm[55000]] {
		t.Errorf("first validation sample is not training sample %d", perm[55000])
	}
	total := 0
	for c, n := range tr.ClassCounts() {
		total += n + val.ClassCounts()[c]
	}
	if total != 60000 {
		t.Errorf("split covers %d samples, want 60000", total)
	}
}

// BenchmarkLoadMNISTTrain measures loading the 60,000 MNIST training images
// and labels from the local copy into memory, with the SHA-256 check.
func BenchmarkLoadMNISTTrain(b *testing.B) {
	if _, err := Locate(MNIST, Options{}); err != nil {
		if os.Getenv(envRequireData) == "1" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	b.SetBytes(47040016 + 60008)
	for b.Loop() {
		ds, err := LoadSplit(MNIST, "train", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if ds.N != 60000 {
			b.Fatalf("N = %d", ds.N)
		}
	}
}
