// Package atomicfile writes files so that readers never see a partial one:
// the data goes to a temporary file in the destination's folder, which is
// synced, given the final permissions and renamed over the destination.
// ReadJSON reads back what WriteJSON writes.
package atomicfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically with permissions 0644. On error
// the temporary file is removed and path is left as it was.
func WriteFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Chmod(0o644) // CreateTemp makes 0600 files; outputs are meant to be shared
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// WriteJSON writes v to path as JSON indented with indent, ending in a
// newline, with WriteFile.
func WriteJSON(path string, v any, indent string) error {
	data, err := json.MarshalIndent(v, "", indent)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", filepath.Base(path), err)
	}
	return WriteFile(path, append(data, '\n'))
}

// ReadJSON decodes the JSON file at path (as WriteJSON writes it) into v.
// Its errors name the file: os.ReadFile's (an *fs.PathError, so that
// errors.Is(err, fs.ErrNotExist) tells a missing file), or "decoding PATH:
// …" for a file that is not v's JSON.
func ReadJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decoding %s: %w", path, err)
	}
	return nil
}
