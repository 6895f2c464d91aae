package serve

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gocnn/gocnn/vision/nn"
)

//go:embed static
var staticFiles embed.FS

// Server timeouts (see NewHTTPServer).
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 60 * time.Second
	// ShutdownTimeout bounds the graceful shutdown: requests in flight get this
	// long to finish.
	ShutdownTimeout = 10 * time.Second
)

// Server is the HTTP handler of the page and the JSON API.
type Server struct {
	p      *Predictor
	info   ModelInfo
	static fs.FS
}

// New returns the handler for a predictor. weights says where its weights
// came from; backend names the backend (for GET /api/model).
func New(p *Predictor, weights WeightsInfo, backend string) (*Server, error) {
	m := p.Model()
	info := ModelInfo{Model: m.Name, Title: m.Title, Input: append([]int(nil), m.Input...),
		Parameters: m.NumParams(), FeatureLayers: p.FeatureLayers(), Weights: weights, Backend: backend,
		MaxBodyBytes: MaxBodyBytes, Preprocessing: describe(p.prep)}
	err := nn.Walk(m.Net, m.Input, func(path string, l nn.Layer, _, out []int) error {
		if _, seq := l.(*nn.Sequential); !seq && path != "" {
			info.Layers = append(info.Layers, Layer{Name: path, Type: l.Type(), Output: append([]int(nil), out...)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("serve: model %s: %w", m.Name, err)
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, err
	}
	return &Server{p: p, info: info, static: static}, nil
}

func describe(p Preprocess) string {
	s := "PNG drawings: grey, inverted if the paper is light, ink bounding box scaled into 20×20 keeping its aspect ratio, " +
		"centre of mass moved to (14, 14) of a 28×28 field (MNIST's own normalisation)"
	if p.Resize > 0 {
		s += fmt.Sprintf("; resized to %d×%d", p.Resize, p.Resize)
	}
	switch p.Transform.Geometry.String() {
	case "Resize32":
		s += "; resized to 32×32 (bilinear, as torchvision's Resize(32))"
	case "Pad32":
		s += "; padded to 32×32"
	}
	s += "; scaled to [0, 1]"
	if p.Transform.Normalize {
		s += fmt.Sprintf("; normalised (x − %g) / %g", p.Transform.Mean, p.Transform.Std)
	}
	return s
}

// Info is what GET /api/model answers.
func (s *Server) Info() ModelInfo { return s.info }

// ServeHTTP routes: GET / (the page and its assets), POST /api/predict, GET
// /api/model. API errors are JSON (see the package documentation).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/api/predict":
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s: /api/predict takes POST", r.Method), expected)
			return
		}
		s.predict(w, r)
	case r.URL.Path == "/api/model":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s: /api/model takes GET", r.Method), "")
			return
		}
		writeJSON(w, http.StatusOK, s.info)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		writeError(w, http.StatusNotFound, fmt.Errorf("no API path %s", r.URL.Path), "POST /api/predict or GET /api/model")
	default:
		s.page(w, r)
	}
}

var pages = map[string]string{"/": "index.html", "/app.js": "app.js", "/style.css": "style.css", "/favicon.svg": "favicon.svg"}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	name, ok := pages[r.URL.Path]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("no page %s", r.URL.Path), "the page / or the API: POST /api/predict, GET /api/model")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s: %s takes GET", r.Method, r.URL.Path), "")
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, s.static, name)
}

func (s *Server) predict(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > MaxBodyBytes {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("request body of %d bytes: the limit is %d (1 MiB)", r.ContentLength, MaxBodyBytes), expected)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("request body over the limit of %d bytes (1 MiB)", MaxBodyBytes), expected)
			return
		}
		writeError(w, http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err), expected)
		return
	}
	img, err := DecodeInput(r.Header.Get("Content-Type"), body)
	if err != nil {
		status := http.StatusBadRequest
		var ie *InputError
		if errors.As(err, &ie) {
			status = ie.Status
		}
		writeError(w, status, err, expected)
		return
	}
	pred, err := s.p.Predict(r.Context(), img)
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away
		}
		writeError(w, http.StatusInternalServerError, err, "")
		return
	}
	writeJSON(w, http.StatusOK, pred)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data, _ = json.Marshal(apiError{Error: err.Error(), Status: status})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

func writeError(w http.ResponseWriter, status int, err error, want string) {
	writeJSON(w, status, apiError{Error: err.Error(), Expected: want, Status: status})
}

// NewHTTPServer returns an http.Server for h on addr with the package's
// timeouts and a 16 KiB header limit.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr: addr, Handler: h,
		ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout,
		MaxHeaderBytes: 16 << 10,
		ErrorLog:       log.New(io.Discard, "", 0),
	}
}

// ListenAddr completes an address for -serve: an empty host means
// 127.0.0.1 (loopback only), and a bare port number is accepted ("8080").
func ListenAddr(addr string) (string, error) {
	if !strings.Contains(addr, ":") {
		addr = ":" + addr
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("address %q: %w (want HOST:PORT, e.g. 127.0.0.1:8080)", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// IsLoopback reports whether a listening address only accepts connections
// from this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ListenAndServe serves h on addr until ctx is done, then shuts down
// gracefully (requests in flight get ShutdownTimeout to finish). ready, when
// not nil, is called with the bound address once the server listens. It
// returns nil after a graceful shutdown.
func ListenAndServe(ctx context.Context, addr string, h http.Handler, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := NewHTTPServer(addr, h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
