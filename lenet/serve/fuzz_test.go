package serve

import (
	"errors"
	"testing"

	"github.com/gocnn/gocnn/datasets"
)

// FuzzDecodeInput feeds arbitrary bodies, under each Content-Type the API
// knows, to the decoding and preprocessing (DecodeInput, which runs
// datasets.MNISTify for PNGs). It must never panic; an error must be an
// *InputError with a 4xx status; a success is a 28×28 image with ink. The
// seed corpus (a drawn digit as PNG, arrays, NaN, empty and truncated bodies)
// runs with every `go test`; `go test -fuzz FuzzDecodeInput ./lenet/serve`
// explores further.
func FuzzDecodeInput(f *testing.F) {
	one := pngOf(f, bar(), 4)
	white := pngOf(f, make([]uint8, 784), 2)
	f.Add(uint8(0), one)
	f.Add(uint8(0), white)
	f.Add(uint8(0), one[:len(one)/2])
	f.Add(uint8(2), one)
	f.Add(uint8(1), jsonBody(f, bar()))
	f.Add(uint8(1), []byte(`{"pixels": [[0, 1], [2, 3]], "mnistify": true}`))
	f.Add(uint8(1), []byte(`{"pixels": [NaN]}`))
	f.Add(uint8(1), []byte(`[1e999, null, "x", -1, 300]`))
	f.Add(uint8(2), []byte(`[[`))
	f.Add(uint8(2), []byte{})
	f.Add(uint8(3), []byte("GIF89a"))
	types := []string{"image/png", "application/json", "", "text/plain; charset=utf-8"}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		ct := types[int(kind)%len(types)]
		img, err := DecodeInput(ct, body)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Status < 400 || ie.Status > 499 {
				t.Fatalf("%s: error %v (%T): want an *InputError with a 4xx status", ct, err, err)
			}
			return
		}
		if len(img) != 28*28 {
			t.Fatalf("%s: %d pixels: want 784", ct, len(img))
		}
		if _, _, _, _, ok := datasets.BoundingBox(img, 28, 28); !ok {
			t.Fatalf("%s: an image without ink was accepted", ct)
		}
	})
}
