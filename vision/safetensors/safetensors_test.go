package safetensors

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadPythonFixture reads testdata/fixture.safetensors, written by
// Python's safetensors (testdata/gen_fixture.py), whose values are exact in
// each dtype.
func TestReadPythonFixture(t *testing.T) {
	ts, h, err := ReadWithHeader("testdata/fixture.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"conv.weight": "[2 1 2 2] [-1 -0.75 -0.5 -0.25 0 0.25 0.5 0.75]", // arange(8)/4 − 1
		"half":        "[3] [1.5 -2 65504]",                              // 65504 is F16's largest finite value
		"brain":       "[2 2] [1 -0.5 256 3]",
		"double":      "[2] [0.1 -3]", // float32(0.1) prints as 0.1
		"steps":       "[] [7]",
	}
	if len(ts) != len(want) {
		t.Errorf("got %d tensors, want %d", len(ts), len(want))
	}
	for k, w := range want {
		got := fmt.Sprint(ts[k].Shape, ts[k].Data)
		if got != w {
			t.Errorf("%s = %s, want %s", k, got, w)
		}
	}
	if h.Metadata["format"] != "pt" {
		t.Errorf("metadata %v, want format=pt", h.Metadata)
	}
	dtypes := map[string]string{}
	for _, e := range h.Entries {
		dtypes[e.Name] = e.DType
	}
	if fmt.Sprint(dtypes) != "map[brain:BF16 conv.weight:F32 double:F64 half:F16 steps:I64]" {
		t.Errorf("dtypes %v", dtypes)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.safetensors")
	in := map[string]Tensor{
		"fc.weight": {Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}},
		"fc.bias":   {Shape: []int{2}, Data: []float32{-1, 0.5}},
		"scalar":    {Shape: []int{}, Data: []float32{3}},
	}
	if err := Write(path, in, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if n := binary.LittleEndian.Uint64(raw); n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	// 9 floats of data after the header.
	if n := binary.LittleEndian.Uint64(raw); int(n)+8+9*4 != len(raw) {
		t.Errorf("file is %d bytes, want 8 + %d + 36", len(raw), n)
	}
	out, h, err := ReadWithHeader(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(in) || h.Metadata["format"] != "pt" {
		t.Errorf("round trip:\n got %v %v\nwant %v", out, h.Metadata, in)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := Write(path, map[string]Tensor{"x": {Shape: []int{2, 2}, Data: []float32{1}}}, nil); err == nil ||
		!strings.Contains(err.Error(), `"x"`) || !strings.Contains(err.Error(), path) {
		t.Errorf("shape/data mismatch: err = %v, want one naming the tensor and the file", err)
	}
}

// file builds a file from a header string and n data bytes.
func file(header string, n int) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	b = append(b, header...)
	return append(b, make([]byte, n)...)
}

func TestValidation(t *testing.T) {
	cases := []struct {
		buf  []byte
		want string
	}{
		{[]byte{1, 2}, "too short"},
		{file(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, 4), "outside the data section"},
		{file(`{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, 8), "needs 12 bytes"},
		{file(`{"a":{"dtype":"Q8","shape":[2],"data_offsets":[0,2]}}`, 2), `dtype "Q8"`},
		{file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8), "starts at byte 4"},
		{file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 8), "cover 4 bytes of a 8-byte"},
		{file(`[1,2]`, 0), "does not start with '{'"},
		{file(`{"a":`, 0), "header JSON"},
		{append(binary.LittleEndian.AppendUint64(nil, 1<<40), '{'), "header length"},
	}
	for i, c := range cases {
		_, _, err := Decode("bad.safetensors", c.buf)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "bad.safetensors") {
			t.Errorf("case %d: err = %v, want one naming the file and containing %q", i, err, c.want)
		}
	}
	if _, err := Read("testdata/missing.safetensors"); err == nil || !strings.Contains(err.Error(), "missing.safetensors") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestHalf(t *testing.T) {
	// IEEE binary16: 0x3c00 = 1, 0xc000 = −2, 0x0001 = 2^−24 (smallest subnormal), 0x7c00 = +Inf.
	for bits, want := range map[uint16]string{0x3c00: "1", 0xc000: "-2", 0x0001: "5.9604645e-08", 0x7c00: "+Inf", 0x8000: "-0"} {
		if got := fmt.Sprint(halfToFloat32(bits)); got != want {
			t.Errorf("half %#04x = %s, want %s", bits, got, want)
		}
	}
}
