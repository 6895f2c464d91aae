package datasets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// EnvDataDir is the environment variable naming a data directory. It may hold
// one sub-directory per dataset ($GOCNN_DATA/mnist, $GOCNN_DATA/fashion-mnist)
// or the four files of a dataset directly.
const EnvDataDir = "GOCNN_DATA"

// DefaultHTTPTimeout bounds a whole download of one file when
// Options.HTTPTimeout is zero. Connecting is bounded separately by
// dialTimeout, so that a machine without internet fails within seconds.
const DefaultHTTPTimeout = 60 * time.Second

// dialTimeout bounds the TCP connection and the TLS handshake of a download.
const dialTimeout = 5 * time.Second

// NewHTTPClient returns the client used for downloads: the whole request is
// bounded by timeout (DefaultHTTPTimeout if zero), connecting and the TLS
// handshake by 5 s each.
func NewHTTPClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: dialTimeout}).DialContext
	tr.TLSHandshakeTimeout = dialTimeout
	tr.ResponseHeaderTimeout = 2 * dialTimeout
	return &http.Client{Timeout: orDefault(timeout, DefaultHTTPTimeout), Transport: tr}
}

// Options says where Load looks for the files.
type Options struct {
	// Dir, if set, is searched first: the files directly in Dir, then Dir/<name>.
	Dir string
	// Download allows fetching missing files from the canonical HTTPS mirrors
	// into the user cache directory when no local copy is found. Off by default,
	// so that nothing ever waits on the network unless asked.
	Download bool
	// HTTPTimeout bounds each download request (DefaultHTTPTimeout if zero).
	HTTPTimeout time.Duration
	// SkipVerify skips the SHA-256 check of the file contents (the IDX format
	// is still fully validated).
	SkipVerify bool
}

// Location is one place Locate tried, and why it was not used.
type Location struct {
	Dir    string // directory tried
	Source string // "Options.Dir", "$GOCNN_DATA", "user cache", "system", "download"
	Reason string // why it was not used ("" for the one used)
}

// NotFoundError reports that no location holds a dataset.
type NotFoundError struct {
	Name  string
	Tried []Location
	HowTo string
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "datasets: %s not found; tried:", e.Name)
	for _, l := range e.Tried {
		fmt.Fprintf(&b, "\n  - %s %s: %s", l.Source, l.Dir, l.Reason)
	}
	fmt.Fprintf(&b, "\nto get the files: %s", e.HowTo)
	return b.String()
}

// candidates lists the directories to search, in order.
func candidates(s *spec, opts Options) []Location {
	var c []Location
	if opts.Dir != "" {
		c = append(c, Location{Dir: opts.Dir, Source: "Options.Dir"},
			Location{Dir: filepath.Join(opts.Dir, s.name), Source: "Options.Dir"})
	}
	if env := os.Getenv(EnvDataDir); env != "" {
		c = append(c, Location{Dir: filepath.Join(env, s.name), Source: "$" + EnvDataDir},
			Location{Dir: env, Source: "$" + EnvDataDir})
	}
	if cache, err := CacheDir(s.name); err == nil {
		c = append(c, Location{Dir: cache, Source: "user cache"})
	}
	for _, d := range s.systemDirs {
		c = append(c, Location{Dir: d, Source: "system"})
	}
	return c
}

// Locate returns the directory holding the four files of a dataset (each raw
// or .gz), searching in order: opts.Dir (the files directly, then
// opts.Dir/<name>), $GOCNN_DATA/<name>, $GOCNN_DATA, the user cache
// (os.UserCacheDir()/gocnn/<name>), the system directories (for
// Fashion-MNIST, Debian's /usr/share/datasets/fashion-mnist) and, if
// opts.Download, a download into the user cache. When all fail the error is a
// *NotFoundError listing every place tried and how to get the files.
func Locate(name string, opts Options) (string, error) {
	return locate(context.Background(), name, opts)
}

func locate(ctx context.Context, name string, opts Options) (string, error) {
	s, err := lookup(name)
	if err != nil {
		return "", err
	}
	var tried []Location
	for _, loc := range candidates(s, opts) {
		loc.Reason = missingIn(loc.Dir, s)
		if loc.Reason == "" {
			return loc.Dir, nil
		}
		tried = append(tried, loc)
	}
	cache, cacheErr := CacheDir(name)
	switch {
	case !opts.Download:
		tried = append(tried, Location{Dir: strings.Join(s.mirrors, " "), Source: "download",
			Reason: "not attempted (set Options.Download to allow it)"})
	case cacheErr != nil:
		tried = append(tried, Location{Source: "download", Reason: cacheErr.Error()})
	default:
		client := NewHTTPClient(opts.HTTPTimeout)
		var errs []string
		for _, f := range s.files {
			if _, ok := FindFile(cache, f.Name); ok {
				continue
			}
			if _, err := DownloadFile(ctx, client, name, f, cache); err != nil {
				errs = append(errs, err.Error())
				break
			}
		}
		if len(errs) == 0 {
			return cache, nil
		}
		tried = append(tried, Location{Dir: strings.Join(s.mirrors, " "), Source: "download",
			Reason: strings.Join(errs, "; ")})
	}
	return "", &NotFoundError{Name: name, Tried: tried, HowTo: s.howTo}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// missingIn says what dir lacks ("" if it has all four files).
func missingIn(dir string, s *spec) string {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "no such directory"
		}
		return err.Error()
	}
	if !st.IsDir() {
		return "not a directory"
	}
	var missing []string
	for _, f := range s.files {
		if _, ok := FindFile(dir, f.Name); !ok {
			missing = append(missing, f.Name+"[.gz]")
		}
	}
	if len(missing) > 0 {
		return "missing " + strings.Join(missing, ", ")
	}
	return ""
}

// Load finds (see Locate), verifies and reads the train and test splits of
// a known dataset: "mnist" or "fashion-mnist".
func Load(name string, opts Options) (train, test *Dataset, err error) {
	s, err := lookup(name)
	if err != nil {
		return nil, nil, err
	}
	dir, err := Locate(name, opts)
	if err != nil {
		return nil, nil, err
	}
	return loadDir(s, dir, opts.SkipVerify)
}

// LoadMNIST loads MNIST: 60,000 training and 10,000 test images of 28×28.
func LoadMNIST(opts Options) (train, test *Dataset, err error) { return Load(MNIST, opts) }

// LoadFashionMNIST loads Fashion-MNIST: 60,000 training and 10,000 test
// images of 28×28 in 10 clothing classes (FashionMNISTClasses).
func LoadFashionMNIST(opts Options) (train, test *Dataset, err error) {
	return Load(FashionMNIST, opts)
}

// LoadSplit loads only one split ("train" or "test") of a known dataset.
func LoadSplit(name, split string, opts Options) (*Dataset, error) {
	s, err := lookup(name)
	if err != nil {
		return nil, err
	}
	var imgs, labs FileInfo
	switch split {
	case "train":
		imgs, labs = s.files[0], s.files[1]
	case "test":
		imgs, labs = s.files[2], s.files[3]
	default:
		return nil, fmt.Errorf("datasets: split %q: want \"train\" or \"test\"", split)
	}
	dir, err := Locate(name, opts)
	if err != nil {
		return nil, err
	}
	return loadPair(s, dir, split, imgs, labs, opts.SkipVerify)
}

func loadDir(s *spec, dir string, skipVerify bool) (train, test *Dataset, err error) {
	train, err = loadPair(s, dir, "train", s.files[0], s.files[1], skipVerify)
	if err != nil {
		return nil, nil, err
	}
	test, err = loadPair(s, dir, "test", s.files[2], s.files[3], skipVerify)
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func loadPair(s *spec, dir, split string, imgs, labs FileInfo, skipVerify bool) (*Dataset, error) {
	read := func(f FileInfo) (*IDX, string, error) {
		p, ok := FindFile(dir, f.Name)
		if !ok {
			return nil, "", fmt.Errorf("datasets: %s: no %s or %s.gz", dir, f.Name, f.Name)
		}
		if skipVerify {
			idx, err := ReadIDXFile(p)
			return idx, p, err
		}
		idx, err := readVerified(p, f)
		return idx, p, err
	}
	im, imPath, err := read(imgs)
	if err != nil {
		return nil, err
	}
	lb, lbPath, err := read(labs)
	if err != nil {
		return nil, err
	}
	return NewDatasetFromIDX(s.name+"/"+split, im, imPath, lb, lbPath, s.classes)
}

// DownloadFile downloads <mirror><f.Name>.gz from each HTTPS mirror of the
// dataset in turn into dir (created if needed), through a temporary file that
// is verified against the recorded SHA-256 and then renamed to
// dir/<f.Name>.gz. It returns the final path, or an error naming every URL
// tried and what went wrong.
func DownloadFile(ctx context.Context, client *http.Client, name string, f FileInfo, dir string) (string, error) {
	s, err := lookup(name)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("datasets: creating %s: %w", dir, err)
	}
	var errs []string
	for _, m := range s.mirrors {
		url := m + f.Name + ".gz"
		path, err := downloadOne(ctx, client, url, f, dir)
		if err == nil {
			return path, nil
		}
		errs = append(errs, err.Error())
	}
	return "", fmt.Errorf("datasets: downloading %s.gz failed: %s", f.Name, strings.Join(errs, "; "))
}

func downloadOne(ctx context.Context, client *http.Client, url string, f FileInfo, dir string) (string, error) {
	if !strings.HasPrefix(url, "https://") {
		return "", fmt.Errorf("%s: refusing a non-HTTPS URL", url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err // already names the URL
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: HTTP status %s", url, resp.Status)
	}
	tmp, err := os.CreateTemp(dir, f.Name+".gz.*.tmp")
	if err != nil {
		return "", fmt.Errorf("datasets: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	raw := sha256.New()
	// Cap the size: the compressed files are smaller than their content.
	n, err := io.Copy(io.MultiWriter(tmp, raw), io.LimitReader(resp.Body, f.Size+1<<20))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("%s: after %d bytes: %w", url, n, err)
	}
	if err := VerifyFile(tmp.Name(), f); err != nil {
		return "", fmt.Errorf("%s (sha256 of the download %s): %w", url, hex.EncodeToString(raw.Sum(nil)), err)
	}
	final := filepath.Join(dir, f.Name+".gz")
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", fmt.Errorf("datasets: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", fmt.Errorf("datasets: %w", err)
	}
	return final, nil
}
