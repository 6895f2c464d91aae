package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
)

// IDX is the content of one IDX file of unsigned bytes (data type 0x08), the
// format of the MNIST and Fashion-MNIST files: a 4-byte magic number
// (0x00 0x00 type rank), rank big-endian uint32 dimensions, then the values in
// row-major order.
type IDX struct {
	Dims []int   // dimension sizes, outermost first; each is positive
	Data []uint8 // product(Dims) values, row-major
}

// idxUnsignedByte is the IDX data-type code of unsigned bytes.
const idxUnsignedByte = 0x08

// maxIDXValues bounds the number of values an IDX header may announce (4 GiB),
// so a corrupt header cannot ask for an absurd allocation.
const maxIDXValues = 1 << 32

// gzipMagic are the first two bytes of every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// ReadIDX reads one IDX file of unsigned bytes from r, which may be raw or
// gzip-compressed (recognised by its first bytes, not by a file name). The
// stream must end exactly where the header says the data ends. name is used in
// error messages only.
func ReadIDX(r io.Reader, name string) (*IDX, error) {
	idx, _, err := readIDX(r, name, -1, false)
	return idx, err
}

// ReadIDXFile reads an IDX file of unsigned bytes, raw or gzip-compressed.
func ReadIDXFile(path string) (*IDX, error) {
	idx, _, err := readIDXFile(path, false)
	return idx, err
}

// readIDXFile reads path; with wantSum it also returns the SHA-256 of the
// decompressed content.
func readIDXFile(path string, wantSum bool) (*IDX, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	size := int64(-1)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return readIDX(f, path, size, wantSum)
}

// readIDX decodes an IDX stream. size is the byte length of r when known
// (used, for raw streams, to check the exact length before allocating), or -1.
// With wantSum it returns the SHA-256 of the (decompressed) content.
func readIDX(r io.Reader, name string, size int64, wantSum bool) (*IDX, []byte, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(2)
	if err != nil && len(head) < 2 {
		if len(head) == 0 {
			return nil, nil, fmt.Errorf("datasets: %s: empty file, want an IDX header", name)
		}
		return nil, nil, fmt.Errorf("datasets: %s: truncated IDX header: %d bytes, want at least 4", name, len(head))
	}
	var src io.Reader = br
	compressed := bytes.Equal(head, gzipMagic)
	var zr *gzip.Reader
	if compressed {
		zr, err = gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("datasets: %s: corrupt gzip header: %w", name, err)
		}
		zr.Multistream(false)
		src = zr
		size = -1
	}
	var sum hash.Hash
	if wantSum {
		sum = sha256.New()
		src = io.TeeReader(src, sum)
	}

	var magic [4]byte
	if n, err := io.ReadFull(src, magic[:]); err != nil {
		return nil, nil, readErr(name, compressed, fmt.Sprintf("truncated IDX header: %d bytes, want 4", n), err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, nil, fmt.Errorf("datasets: %s: bad IDX magic number % x: want 00 00 <type> <rank>", name, magic)
	}
	if magic[2] != idxUnsignedByte {
		return nil, nil, fmt.Errorf("datasets: %s: IDX data type 0x%02x not supported: want 0x08 (unsigned byte)", name, magic[2])
	}
	rank := int(magic[3])
	if rank == 0 {
		return nil, nil, fmt.Errorf("datasets: %s: IDX rank 0: want at least 1 dimension", name)
	}
	dimBytes := make([]byte, 4*rank)
	if n, err := io.ReadFull(src, dimBytes); err != nil {
		return nil, nil, readErr(name, compressed,
			fmt.Sprintf("truncated IDX header: %d of %d dimension bytes", n, len(dimBytes)), err)
	}
	dims := make([]int, rank)
	total := uint64(1)
	for i := range dims {
		d := binary.BigEndian.Uint32(dimBytes[4*i:])
		if d == 0 {
			return nil, nil, fmt.Errorf("datasets: %s: IDX dimension %d is 0: want a positive size", name, i)
		}
		total *= uint64(d)
		if total > maxIDXValues {
			return nil, nil, fmt.Errorf("datasets: %s: IDX dimensions %v announce more than %d values", name,
				dimsSoFar(dimBytes, i+1), uint64(maxIDXValues))
		}
		dims[i] = int(d)
	}
	headerLen := int64(4 + 4*rank)
	if size >= 0 && size != headerLen+int64(total) {
		return nil, nil, fmt.Errorf("datasets: %s: file is %d bytes, want %d (%d header + %d values for dimensions %v)",
			name, size, headerLen+int64(total), headerLen, total, dims)
	}

	// Allocate as data arrives rather than trusting the header with one big
	// allocation, unless the exact length was already checked.
	data := make([]byte, 0, min(total, 1<<20))
	if size >= 0 {
		data = make([]byte, 0, total)
	}
	for uint64(len(data)) < total {
		if len(data) == cap(data) {
			data = slices.Grow(data, int(min(uint64(cap(data)), total-uint64(len(data)))))
		}
		end := min(uint64(cap(data)), total)
		k, err := io.ReadFull(src, data[len(data):end])
		data = data[:len(data)+k]
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			if compressed {
				return nil, nil, fmt.Errorf("datasets: %s: truncated: %d of %d data values for dimensions %v (decompressed)",
					name, len(data), total, dims)
			}
			return nil, nil, fmt.Errorf("datasets: %s: truncated: %d of %d data values for dimensions %v", name, len(data), total, dims)
		}
		if err != nil {
			return nil, nil, readErr(name, compressed, fmt.Sprintf("reading data after %d of %d values", len(data), total), err)
		}
	}
	// The stream must end here; reading on also makes gzip check its CRC.
	var extra [1]byte
	if k, err := io.ReadFull(src, extra[:]); k > 0 {
		return nil, nil, fmt.Errorf("datasets: %s: trailing bytes after the %d data values for dimensions %v", name, total, dims)
	} else if err != io.EOF {
		return nil, nil, readErr(name, compressed, "reading end of data", err)
	}
	if compressed {
		// Nothing may follow the gzip member.
		if k, _ := br.Read(extra[:]); k > 0 {
			return nil, nil, fmt.Errorf("datasets: %s: trailing bytes after the gzip stream", name)
		}
	}
	var digest []byte
	if wantSum {
		digest = sum.Sum(nil)
	}
	return &IDX{Dims: dims, Data: data}, digest, nil
}

// dimsSoFar decodes the first k dimensions, for error messages.
func dimsSoFar(b []byte, k int) []uint32 {
	d := make([]uint32, k)
	for i := range d {
		d[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return d
}

// readErr words a read error: truncation and gzip corruption say so.
func readErr(name string, compressed bool, what string, err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		if compressed {
			return fmt.Errorf("datasets: %s: %s: gzip stream truncated", name, what)
		}
		return fmt.Errorf("datasets: %s: %s: file truncated", name, what)
	case errors.Is(err, gzip.ErrChecksum):
		return fmt.Errorf("datasets: %s: %s: corrupt gzip data (checksum mismatch)", name, what)
	case compressed:
		return fmt.Errorf("datasets: %s: %s: corrupt gzip data: %w", name, what, err)
	}
	return fmt.Errorf("datasets: %s: %s: %w", name, what, err)
}

// EncodeIDX writes an IDX file of unsigned bytes (the inverse of ReadIDX).
func EncodeIDX(w io.Writer, idx *IDX) error {
	if len(idx.Dims) == 0 || len(idx.Dims) > 255 {
		return fmt.Errorf("datasets: IDX rank %d: want 1..255", len(idx.Dims))
	}
	total := 1
	head := []byte{0, 0, idxUnsignedByte, byte(len(idx.Dims))}
	for i, d := range idx.Dims {
		if d <= 0 || uint64(d) > 1<<32-1 {
			return fmt.Errorf("datasets: IDX dimension %d is %d: want 1..2^32-1", i, d)
		}
		total *= d
		head = binary.BigEndian.AppendUint32(head, uint32(d))
	}
	if total != len(idx.Data) {
		return fmt.Errorf("datasets: IDX dimensions %v need %d values, have %d", idx.Dims, total, len(idx.Data))
	}
	if _, err := w.Write(head); err != nil {
		return fmt.Errorf("datasets: writing IDX header: %w", err)
	}
	if _, err := w.Write(idx.Data); err != nil {
		return fmt.Errorf("datasets: writing IDX data: %w", err)
	}
	return nil
}
