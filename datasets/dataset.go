package datasets

import (
	"fmt"
)

// Dataset is one split of an image-classification dataset held in memory as
// bytes, exactly as stored in the IDX files.
type Dataset struct {
	Name    string   // e.g. "mnist/train"
	N       int      // number of images
	H, W    int      // image height and width in pixels
	Images  []uint8  // N × H × W grey levels (0 = background for MNIST), row-major
	Labels  []uint8  // N labels, each < len(Classes)
	Classes []string // class names, indexed by label
}

// MNISTClasses are the class names of MNIST, the digits "0" to "9".
var MNISTClasses = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// FashionMNISTClasses are the class names of Fashion-MNIST, as in
// torchvision.datasets.FashionMNIST.classes.
var FashionMNISTClasses = []string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// Image returns the H × W pixels of image i (not a copy).
func (d *Dataset) Image(i int) []uint8 { return d.Images[i*d.H*d.W : (i+1)*d.H*d.W] }

// ClassCounts returns how many images each class has.
func (d *Dataset) ClassCounts() []int {
	counts := make([]int, len(d.Classes))
	for _, l := range d.Labels {
		if int(l) < len(counts) {
			counts[l]++
		}
	}
	return counts
}

// Validate checks that the sizes agree and every label names a class.
func (d *Dataset) Validate() error {
	if d.N < 0 || d.H <= 0 || d.W <= 0 {
		return fmt.Errorf("datasets: %s: bad size N=%d H=%d W=%d", d.Name, d.N, d.H, d.W)
	}
	if len(d.Images) != d.N*d.H*d.W {
		return fmt.Errorf("datasets: %s: %d pixels, want N×H×W = %d×%d×%d = %d",
			d.Name, len(d.Images), d.N, d.H, d.W, d.N*d.H*d.W)
	}
	if len(d.Labels) != d.N {
		return fmt.Errorf("datasets: %s: %d labels for %d images", d.Name, len(d.Labels), d.N)
	}
	if len(d.Classes) == 0 || len(d.Classes) > 256 {
		return fmt.Errorf("datasets: %s: %d classes, want 1..256", d.Name, len(d.Classes))
	}
	for i, l := range d.Labels {
		if int(l) >= len(d.Classes) {
			return fmt.Errorf("datasets: %s: label %d of sample %d out of range: want 0..%d",
				d.Name, l, i, len(d.Classes)-1)
		}
	}
	return nil
}

// Subset returns a new dataset with the samples at the given positions, in
// that order (the pixels are copied).
func (d *Dataset) Subset(name string, index []int) (*Dataset, error) {
	size := d.H * d.W
	out := &Dataset{Name: name, N: len(index), H: d.H, W: d.W, Classes: d.Classes,
		Images: make([]uint8, len(index)*size), Labels: make([]uint8, len(index))}
	for j, i := range index {
		if i < 0 || i >= d.N {
			return nil, fmt.Errorf("datasets: %s: subset index %d out of range 0..%d", d.Name, i, d.N-1)
		}
		copy(out.Images[j*size:(j+1)*size], d.Images[i*size:(i+1)*size])
		out.Labels[j] = d.Labels[i]
	}
	return out, nil
}

// NewDatasetFromIDX pairs an images IDX (rank 3: N × H × W) with a labels IDX
// (rank 1: N) and checks that the counts agree and every label is below
// len(classes). imagesName and labelsName name the files in error messages.
func NewDatasetFromIDX(name string, images *IDX, imagesName string, labels *IDX, labelsName string, classes []string) (*Dataset, error) {
	if len(images.Dims) != 3 {
		return nil, fmt.Errorf("datasets: %s: images file has rank %d (dimensions %v), want 3 (N × H × W)",
			imagesName, len(images.Dims), images.Dims)
	}
	if len(labels.Dims) != 1 {
		return nil, fmt.Errorf("datasets: %s: labels file has rank %d (dimensions %v), want 1 (N)",
			labelsName, len(labels.Dims), labels.Dims)
	}
	if images.Dims[0] != labels.Dims[0] {
		return nil, fmt.Errorf("datasets: %s has %d images but %s has %d labels: want the same count",
			imagesName, images.Dims[0], labelsName, labels.Dims[0])
	}
	for i, l := range labels.Data {
		if int(l) >= len(classes) {
			return nil, fmt.Errorf("datasets: %s: label %d of sample %d out of range: want 0..%d (%d classes)",
				labelsName, l, i, len(classes)-1, len(classes))
		}
	}
	d := &Dataset{Name: name, N: images.Dims[0], H: images.Dims[1], W: images.Dims[2],
		Images: images.Data, Labels: labels.Data, Classes: classes}
	return d, d.Validate()
}
