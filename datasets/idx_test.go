package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// idxBytes builds an IDX file of unsigned bytes: header for dims, then data.
func idxBytes(dims []uint32, data []byte) []byte {
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, data...)
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

func TestReadIDXRoundTrip(t *testing.T) {
	// 2 images of 3×4: header 4 + 3×4 bytes, then 24 values.
	raw := idxBytes([]uint32{2, 3, 4}, seq(24))
	if len(raw) != 16+24 {
		t.Fatalf("fixture length %d, want 40", len(raw))
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		b    []byte
	}{{"x-idx3-ubyte", raw}, {"x-idx3-ubyte.gz", gz(t, raw)}} {
		p := writeFile(t, dir, tc.name, tc.b)
		idx, err := ReadIDXFile(p)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(idx.Dims) != 3 || idx.Dims[0] != 2 || idx.Dims[1] != 3 || idx.Dims[2] != 4 {
			t.Errorf("%s: dims %v, want [2 3 4]", tc.name, idx.Dims)
		}
		if !bytes.Equal(idx.Data, seq(24)) {
			t.Errorf("%s: data %v, want %v", tc.name, idx.Data, seq(24))
		}
		var out bytes.Buffer
		if err := EncodeIDX(&out, idx); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), raw) {
			t.Errorf("%s: EncodeIDX gave %x, want %x", tc.name, out.Bytes(), raw)
		}
	}
}

// TestReadIDXErrors checks that every malformed file gives an error naming the
// file and the problem.
func TestReadIDXErrors(t *testing.T) {
	good := idxBytes([]uint32{2, 3, 4}, seq(24))
	gzGood := gz(t, good)
	corruptGz := bytes.Clone(gzGood)
	corruptGz[len(corruptGz)-8] ^= 0xff // CRC-32 of the trailer
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "empty file"},
		{"one byte", []byte{0}, "truncated IDX header"},
		{"three bytes", []byte{0, 0, 8}, "truncated IDX header: 3 bytes, want 4"},
		{"bad magic", append([]byte{1, 2}, good[2:]...), "bad IDX magic number"},
		{"float type", append([]byte{0, 0, 0x0d}, good[3:]...), "data type 0x0d not supported"},
		{"rank 0", []byte{0, 0, 8, 0}, "rank 0"},
		{"short dims", good[:9], "truncated IDX header: 5 of 12 dimension bytes"},
		{"zero dim", idxBytes([]uint32{2, 0, 4}, nil), "dimension 1 is 0"},
		{"huge dims", idxBytes([]uint32{1 << 20, 1 << 20, 1 << 20}, nil), "announce more than"},
		{"truncated data", good[:len(good)-1], "file is 39 bytes, want 40"},
		{"trailing data", append(bytes.Clone(good), 9), "file is 41 bytes, want 40"},
		{"truncated gzip", gzGood[:len(gzGood)-10], "gzip stream truncated"},
		{"corrupt gzip", corruptGz, "corrupt gzip data"},
		{"bad gzip header", []byte{0x1f, 0x8b, 0, 0}, "corrupt gzip header"},
		{"gzip short data", gz(t, good[:len(good)-2]), "truncated: 22 of 24 data values"},
		{"gzip trailing", gz(t, append(bytes.Clone(good), 1)), "trailing bytes after the 24 data values"},
		{"bytes after gzip", append(bytes.Clone(gzGood), 0), "trailing bytes after the gzip stream"},
	}
	dir := t.TempDir()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, dir, strings.ReplaceAll(tc.name, " ", "_")+string(rune('a'+i)), tc.b)
			idx, err := ReadIDXFile(p)
			if err == nil {
				t.Fatalf("ReadIDXFile(%s) = dims %v, want an error containing %q", tc.name, idx.Dims, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("error %q: want it to contain %q and the path %s", err, tc.want, p)
			}
			// Streams (no known size) must detect the same problems.
			if _, err := ReadIDX(bytes.NewReader(tc.b), "stream"); err == nil {
				t.Errorf("ReadIDX(stream %s) gave no error", tc.name)
			}
		})
	}
	if _, err := ReadIDXFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing file: error %v, want one naming the file", err)
	}
}

func TestNewDatasetFromIDXErrors(t *testing.T) {
	img := func(dims ...int) *IDX {
		n := 1
		for _, d := range dims {
			n *= d
		}
		return &IDX{Dims: dims, Data: make([]byte, n)}
	}
	lab := func(vals ...byte) *IDX { return &IDX{Dims: []int{len(vals)}, Data: vals} }
	cases := []struct {
		name   string
		images *IDX
		labels *IDX
		want   string
	}{
		{"images rank 2", img(2, 9), lab(0, 1), "images.idx: images file has rank 2"},
		{"labels rank 2", img(2, 3, 3), img(2, 1), "labels.idx: labels file has rank 2"},
		{"count mismatch", img(3, 2, 2), lab(0, 1), "images.idx has 3 images but labels.idx has 2 labels"},
		{"label out of range", img(2, 2, 2), lab(0, 10), "labels.idx: label 10 of sample 1 out of range: want 0..9"},
	}
	for _, tc := range cases {
		d, err := NewDatasetFromIDX("x", tc.images, "images.idx", tc.labels, "labels.idx", MNISTClasses)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got (%v, %v), want an error containing %q", tc.name, d, err, tc.want)
		}
	}
	d, err := NewDatasetFromIDX("x", img(2, 3, 4), "i", lab(9, 0), "l", MNISTClasses)
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 2 || d.H != 3 || d.W != 4 || d.Labels[0] != 9 {
		t.Errorf("dataset N=%d H=%d W=%d label0=%d, want 2 3 4 9", d.N, d.H, d.W, d.Labels[0])
	}
}

// FuzzReadIDX checks that no input makes the reader panic, and that what it
// accepts is consistent: the data length is the product of the dimensions and
// encoding it again gives back the decompressed input.
func FuzzReadIDX(f *testing.F) {
	good := idxBytes([]uint32{2, 3, 4}, seq(24))
	f.Add(good)
	f.Add(gz(f, good))
	f.Add(idxBytes([]uint32{5}, []byte{0, 1, 2, 3, 9}))
	f.Add(good[:10])
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, err := ReadIDX(bytes.NewReader(b), "fuzz")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		n := 1
		for _, d := range idx.Dims {
			if d <= 0 {
				t.Fatalf("accepted dimension %d", d)
			}
			n *= d
		}
		if n != len(idx.Data) {
			t.Fatalf("dims %v but %d values", idx.Dims, len(idx.Data))
		}
		var out bytes.Buffer
		if err := EncodeIDX(&out, idx); err != nil {
			t.Fatal(err)
		}
		if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
			return // compressed input: the content was checked above
		}
		if !bytes.Equal(out.Bytes(), b) {
			t.Fatalf("re-encoding gave %x, want %x", out.Bytes(), b)
		}
		// A raw file is also accepted from disk with its exact size.
		if idx2, _, err := readIDX(bytes.NewReader(b), "fuzz", int64(len(b)), false); err != nil || !bytes.Equal(idx2.Data, idx.Data) {
			t.Fatalf("sized read disagrees: %v", err)
		}
	})
}
