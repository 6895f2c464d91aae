package safetensors

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/gocnn/gocnn/internal/atomicfile"
)

// Tensor is a dense row-major float32 tensor (the same fields as nn.Tensor).
type Tensor struct {
	Shape []int
	Data  []float32
}

// Entry describes one tensor in a file's header.
type Entry struct {
	Name    string
	DType   string // "F32", "F16", "BF16", "F64", "I64", ...
	Shape   []int
	Offsets [2]int64 // [begin, end) in the data section
}

// Header is a parsed and validated header.
type Header struct {
	Entries  []Entry           // sorted by begin offset
	Metadata map[string]string // the "__metadata__" map, if any
	DataSize int64             // bytes of the data section
}

var dtypeSize = map[string]int64{"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}

// maxHeader is the largest header accepted (the Rust implementation's limit).
const maxHeader = 100 << 20

type rawEntry struct {
	DType       string  `json:"dtype"`
	Shape       []int   `json:"shape"`
	DataOffsets []int64 `json:"data_offsets"`
}

// ParseHeader parses and validates the header of buf (a whole file's bytes);
// name is used in errors. It returns the header and the data section's offset.
func ParseHeader(name string, buf []byte) (Header, int64, error) {
	if len(buf) < 8 {
		return Header{}, 0, fmt.Errorf("safetensors: %s: %d bytes, too short for the 8-byte header length", name, len(buf))
	}
	n := binary.LittleEndian.Uint64(buf[:8])
	if n > maxHeader || n > uint64(len(buf)-8) {
		return Header{}, 0, fmt.Errorf("safetensors: %s: header length %d exceeds the file (%d bytes) or the 100 MB limit", name, n, len(buf))
	}
	hb := buf[8 : 8+n]
	if n == 0 || hb[0] != '{' {
		return Header{}, 0, fmt.Errorf("safetensors: %s: header does not start with '{'", name)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(hb, &raw); err != nil {
		return Header{}, 0, fmt.Errorf("safetensors: %s: header JSON: %w", name, err)
	}
	h := Header{DataSize: int64(len(buf)) - 8 - int64(n)}
	for k, v := range raw {
		if k == "__metadata__" {
			if err := json.Unmarshal(v, &h.Metadata); err != nil {
				return Header{}, 0, fmt.Errorf("safetensors: %s: __metadata__ must map strings to strings: %w", name, err)
			}
			continue
		}
		var e rawEntry
		dec := json.NewDecoder(bytesReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q: %w", name, k, err)
		}
		size, ok := dtypeSize[e.DType]
		if !ok {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q has dtype %q, want one of F32 F16 BF16 F64 I64 I32 I16 I8 U8 BOOL", name, k, e.DType)
		}
		if len(e.DataOffsets) != 2 || e.Shape == nil {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q needs \"shape\" and two \"data_offsets\"", name, k)
		}
		numel := int64(1)
		for _, d := range e.Shape {
			if d < 0 {
				return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q has negative dimension in shape %v", name, k, e.Shape)
			}
			numel *= int64(d)
		}
		b, end := e.DataOffsets[0], e.DataOffsets[1]
		if b < 0 || end < b || end > h.DataSize {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q data_offsets [%d, %d] outside the data section of %d bytes", name, k, b, end, h.DataSize)
		}
		if end-b != numel*size {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q: shape %v of %s needs %d bytes, data_offsets [%d, %d] give %d",
				name, k, e.Shape, e.DType, numel*size, b, end, end-b)
		}
		h.Entries = append(h.Entries, Entry{Name: k, DType: e.DType, Shape: e.Shape, Offsets: [2]int64{b, end}})
	}
	sort.Slice(h.Entries, func(i, j int) bool {
		if h.Entries[i].Offsets[0] != h.Entries[j].Offsets[0] {
			return h.Entries[i].Offsets[0] < h.Entries[j].Offsets[0]
		}
		return h.Entries[i].Offsets[1] < h.Entries[j].Offsets[1]
	})
	var pos int64
	for _, e := range h.Entries {
		if e.Offsets[0] != pos {
			return Header{}, 0, fmt.Errorf("safetensors: %s: tensor %q starts at byte %d, want %d (tensors must tile the data without gaps or overlaps)", name, e.Name, e.Offsets[0], pos)
		}
		pos = e.Offsets[1]
	}
	if pos != h.DataSize {
		return Header{}, 0, fmt.Errorf("safetensors: %s: tensors cover %d bytes of a %d-byte data section", name, pos, h.DataSize)
	}
	return h, 8 + int64(n), nil
}

// Decode parses a whole file's bytes; name is used in errors.
func Decode(name string, buf []byte) (map[string]Tensor, Header, error) {
	h, start, err := ParseHeader(name, buf)
	if err != nil {
		return nil, Header{}, err
	}
	out := make(map[string]Tensor, len(h.Entries))
	for _, e := range h.Entries {
		data := buf[start+e.Offsets[0] : start+e.Offsets[1]]
		out[e.Name] = Tensor{Shape: append([]int{}, e.Shape...), Data: toFloat32(e.DType, data)}
	}
	return out, h, nil
}

// Read loads every tensor of a .safetensors file as float32.
func Read(path string) (map[string]Tensor, error) {
	t, _, err := ReadWithHeader(path)
	return t, err
}

// ReadWithHeader loads every tensor and also returns the parsed header
// (dtypes as stored, offsets and metadata).
func ReadWithHeader(path string) (map[string]Tensor, Header, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, Header{}, fmt.Errorf("safetensors: %w", err)
	}
	return Decode(path, buf)
}

func toFloat32(dtype string, b []byte) []float32 {
	size := int(dtypeSize[dtype])
	out := make([]float32, len(b)/size)
	le := binary.LittleEndian
	for i := range out {
		p := b[i*size:]
		switch dtype {
		case "F32":
			out[i] = math.Float32frombits(le.Uint32(p))
		case "F64":
			out[i] = float32(math.Float64frombits(le.Uint64(p)))
		case "F16":
			out[i] = halfToFloat32(le.Uint16(p))
		case "BF16":
			out[i] = math.Float32frombits(uint32(le.Uint16(p)) << 16)
		case "I64":
			out[i] = float32(int64(le.Uint64(p)))
		case "I32":
			out[i] = float32(int32(le.Uint32(p)))
		case "I16":
			out[i] = float32(int16(le.Uint16(p)))
		case "I8":
			out[i] = float32(int8(p[0]))
		case "U8", "BOOL":
			out[i] = float32(p[0])
		}
	}
	return out
}

// halfToFloat32 converts IEEE 754 binary16 bits to float32.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: mant·2^-24
		v := float32(mant) * float32(math.Ldexp(1, -24))
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
}

// Encode serialises tensors as F32 with names sorted and the header padded
// with spaces to a multiple of 8 bytes, as the Python library writes it.
func Encode(tensors map[string]Tensor, metadata map[string]string) ([]byte, error) {
	names := make([]string, 0, len(tensors))
	for k := range tensors {
		if k == "" || k == "__metadata__" {
			return nil, fmt.Errorf("safetensors: invalid tensor name %q", k)
		}
		names = append(names, k)
	}
	sort.Strings(names)
	header := map[string]any{}
	if len(metadata) > 0 {
		header["__metadata__"] = metadata
	}
	var pos int64
	for _, k := range names {
		t := tensors[k]
		numel := int64(1)
		for _, d := range t.Shape {
			if d < 0 {
				return nil, fmt.Errorf("safetensors: tensor %q has negative dimension in shape %v", k, t.Shape)
			}
			numel *= int64(d)
		}
		if numel != int64(len(t.Data)) {
			return nil, fmt.Errorf("safetensors: tensor %q: shape %v needs %d values, Data has %d", k, t.Shape, numel, len(t.Data))
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		header[k] = rawEntry{DType: "F32", Shape: shape, DataOffsets: []int64{pos, pos + 4*numel}}
		pos += 4 * numel
	}
	hj, err := json.Marshal(header)
	if err != nil {
		return nil, fmt.Errorf("safetensors: header: %w", err)
	}
	for len(hj)%8 != 0 {
		hj = append(hj, ' ')
	}
	buf := make([]byte, 8, 8+int64(len(hj))+pos)
	binary.LittleEndian.PutUint64(buf, uint64(len(hj)))
	buf = append(buf, hj...)
	for _, k := range names {
		for _, v := range tensors[k].Data {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(v))
		}
	}
	return buf, nil
}

// Write saves tensors (as F32) and optional metadata to path atomically: the
// file is written to a temporary file in the same folder and renamed.
func Write(path string, tensors map[string]Tensor, metadata map[string]string) error {
	buf, err := Encode(tensors, metadata)
	if err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	if err := atomicfile.WriteFile(path, buf); err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}
