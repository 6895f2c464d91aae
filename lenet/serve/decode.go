package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"mime"
	"strconv"

	"github.com/gocnn/gocnn/datasets"
)

// Limits on what /api/predict accepts.
const (
	// MaxBodyBytes is the largest request body (1 MiB); a larger one gets 413.
	MaxBodyBytes = 1 << 20
	// MaxImageSide is the largest PNG width or height.
	MaxImageSide = 2048
	// MaxImagePixels is the largest PNG area, checked from the header before
	// decoding (a small PNG can claim a huge image).
	MaxImagePixels = 2048 * 2048
)

// expected is the description of a valid /api/predict body, sent with every
// input error.
const expected = `a PNG image (Content-Type: image/png, at most 2048×2048, a digit on a plain background, any polarity) ` +
	`or JSON {"pixels": 28×28 grey levels 0–255 (0 background, 255 ink; 784 numbers or 28 rows of 28), "mnistify": false}, ` +
	`at most 1 MiB`

// InputError is a request the API cannot use; Status is its HTTP status (4xx).
type InputError struct {
	Status int
	Err    error
}

// Error is the message of the wrapped error.
func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *InputError) Unwrap() error { return e.Err }

func badInput(format string, args ...any) error {
	return &InputError{Status: 400, Err: fmt.Errorf(format, args...)}
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// DecodeInput turns a request body into the 28×28 MNIST-style image the
// network classifies. contentType is the request's Content-Type header:
// image/png, application/json, or empty (then the body's first bytes decide).
// A PNG always goes through datasets.MNISTify; a JSON array only when its
// "mnistify" field is true. Every error is an *InputError saying what was
// wrong.
func DecodeInput(contentType string, body []byte) ([]uint8, error) {
	mt := ""
	if contentType != "" {
		var err error
		if mt, _, err = mime.ParseMediaType(contentType); err != nil {
			return nil, badInput("Content-Type %q: %v", contentType, err)
		}
	}
	if len(body) == 0 {
		return nil, badInput("empty request body")
	}
	switch {
	case mt == "image/png" || (mt == "" || mt == "application/octet-stream") && bytes.HasPrefix(body, pngMagic):
		grey, h, w, err := DecodePNG(body)
		if err != nil {
			return nil, err
		}
		return mnistify(grey, h, w)
	case mt == "application/json" || mt == "" && (body[0] == '{' || body[0] == '['):
		return decodeJSON(body)
	case len(mt) > 6 && mt[:6] == "image/":
		return nil, &InputError{Status: 415, Err: fmt.Errorf("Content-Type %s: only PNG images are read", mt)}
	}
	if mt == "" || mt == "application/octet-stream" {
		return nil, badInput("the body is neither a PNG image nor JSON")
	}
	return nil, &InputError{Status: 415, Err: fmt.Errorf("Content-Type %s is not accepted", mt)}
}

func mnistify(grey []uint8, h, w int) ([]uint8, error) {
	img, err := datasets.MNISTify(grey, h, w)
	if errors.Is(err, datasets.ErrEmptyImage) {
		return nil, badInput("empty drawing: %v", err)
	}
	if err != nil {
		return nil, badInput("%v", err)
	}
	return img, nil
}

// DecodePNG decodes a PNG into grey levels (ITU-R 601 luma, 0–255), with
// transparent pixels composited over white (a canvas's untouched paper).
func DecodePNG(body []byte) (grey []uint8, h, w int, err error) {
	if !bytes.HasPrefix(body, pngMagic) {
		return nil, 0, 0, badInput("not a PNG image (the body does not start with the PNG signature)")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(body))
	if err != nil {
		return nil, 0, 0, badInput("not a valid PNG image: %v", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return nil, 0, 0, badInput("PNG of %d×%d pixels: want 1 to %d pixels a side", cfg.Width, cfg.Height, MaxImageSide)
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		return nil, 0, 0, badInput("not a valid PNG image: %v", err)
	}
	return greyOf(img)
}

func greyOf(img image.Image) (grey []uint8, h, w int, err error) {
	b := img.Bounds()
	h, w = b.Dy(), b.Dx()
	grey = make([]uint8, h*w)
	for y := range h {
		for x := range w {
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // premultiplied, 0–65535
			white := 0xffff - a
			lum := 0.299*float64(r+white) + 0.587*float64(g+white) + 0.114*float64(bl+white)
			grey[y*w+x] = uint8(math.Round(min(lum, 0xffff) / 257))
		}
	}
	return grey, h, w, nil
}

// jsonRequest is the JSON body of /api/predict.
type jsonRequest struct {
	Pixels   json.RawMessage `json:"pixels"`
	Mnistify bool            `json:"mnistify"`
}

func decodeJSON(body []byte) ([]uint8, error) {
	var req jsonRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if body[0] == '[' { // a bare array is the pixels
		req.Pixels = body
	} else if err := dec.Decode(&req); err != nil {
		return nil, badInput("invalid JSON: %v%s", err, nanHint(body))
	}
	if len(req.Pixels) == 0 || string(req.Pixels) == "null" {
		return nil, badInput(`no "pixels" field`)
	}
	vals, err := parsePixels(req.Pixels)
	if err != nil {
		return nil, err
	}
	const n = datasets.MNISTSize * datasets.MNISTSize
	if len(vals) != n {
		return nil, badInput("%d pixels: want 28×28 = 784", len(vals))
	}
	img := make([]uint8, n)
	ink := false
	for i, v := range vals {
		img[i] = uint8(math.Round(v))
		ink = ink || img[i] >= datasets.InkFloor
	}
	if req.Mnistify {
		return mnistify(img, datasets.MNISTSize, datasets.MNISTSize)
	}
	if !ink {
		return nil, badInput("empty drawing: every pixel is below %d (0 is background, 255 ink)", datasets.InkFloor)
	}
	return img, nil
}

// parsePixels reads a flat array of numbers or an array of 28 rows of 28,
// rejecting NaN, infinities (including numbers too large for float64, and
// the strings "NaN", "Infinity" and the null that JavaScript's JSON.stringify
// writes for them) and values outside 0–255.
func parsePixels(raw json.RawMessage) ([]float64, error) {
	var flat []any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&flat); err != nil {
		return nil, badInput(`"pixels": %v: want an array of numbers%s`, err, nanHint(raw))
	}
	rows := false
	var vals []float64
	for i, e := range flat {
		if row, ok := e.([]any); ok {
			if i == 0 {
				rows = true
			}
			if !rows {
				return nil, badInput(`"pixels"[%d] is an array among numbers: want 784 numbers or 28 rows of 28`, i)
			}
			if len(row) != datasets.MNISTSize {
				return nil, badInput(`"pixels" row %d has %d values: want 28`, i, len(row))
			}
			for j, v := range row {
				f, err := pixel(v, fmt.Sprintf("[%d][%d]", i, j))
				if err != nil {
					return nil, err
				}
				vals = append(vals, f)
			}
			continue
		}
		if rows {
			return nil, badInput(`"pixels"[%d] is not a row of 28 numbers`, i)
		}
		f, err := pixel(e, fmt.Sprintf("[%d]", i))
		if err != nil {
			return nil, err
		}
		vals = append(vals, f)
	}
	if rows && len(flat) != datasets.MNISTSize {
		return nil, badInput(`"pixels" has %d rows: want 28 rows of 28`, len(flat))
	}
	return vals, nil
}

// nanHint explains a JSON syntax error caused by NaN or Infinity.
func nanHint(body []byte) string {
	if bytes.Contains(body, []byte("NaN")) || bytes.Contains(body, []byte("Infinity")) {
		return " (NaN and Infinity are not JSON numbers: want finite numbers 0–255)"
	}
	return ""
}

func pixel(v any, at string) (float64, error) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		var err error
		f, err = strconv.ParseFloat(string(x), 64)
		if err != nil && !math.IsInf(f, 0) {
			return 0, badInput(`"pixels"%s = %s: not a number`, at, x)
		}
	case nil:
		return 0, badInput(`"pixels"%s is null (JavaScript writes NaN and Infinity as null): want a finite number 0–255`, at)
	case string:
		return 0, badInput(`"pixels"%s is the string %q: want a finite number 0–255`, at, x)
	default:
		return 0, badInput(`"pixels"%s is %T: want a number 0–255`, at, v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, badInput(`"pixels"%s is not finite: want a finite number 0–255`, at)
	}
	if f < 0 || f > 255 {
		return 0, badInput(`"pixels"%s = %g: want 0–255`, at, f)
	}
	return f, nil
}
