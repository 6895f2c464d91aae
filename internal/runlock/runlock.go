// Package runlock gives one process at a time the right to write into a run
// folder. The lock is a file, <dir>/.lock, created with O_EXCL and holding the
// owner's PID, host, start time and command line. A lock whose process no
// longer runs (on this host) is stale and taken over, so a crashed run never
// blocks its folder.
package runlock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// FileName is the lock file's name inside the run folder.
const FileName = ".lock"

// Owner is what the lock file records.
type Owner struct {
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
	Command string    `json:"command"`
}

func (o Owner) String() string {
	return fmt.Sprintf("process %d on %s (started %s: %s)", o.PID, o.Host, o.Started.Format(time.RFC3339), o.Command)
}

// BusyError is returned by Acquire when another live process holds the lock.
type BusyError struct {
	Dir   string
	Owner Owner
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("run folder %s is in use by %s; wait for it to finish, stop it, or choose another folder",
		e.Dir, e.Owner)
}

// Lock is a held lock; Release gives it back.
type Lock struct {
	path  string
	owner Owner
}

// Acquire creates dir if needed and takes its lock. It fails with a
// *BusyError when a live process holds it, and takes over a stale one.
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating run folder: %w", err)
	}
	host, _ := os.Hostname()
	me := Owner{PID: os.Getpid(), Host: host, Started: time.Now().UTC().Truncate(time.Second), Command: strings.Join(os.Args, " ")}
	data, err := json.Marshal(me)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	for attempt := 0; attempt < 3; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.Write(append(data, '\n'))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				_ = os.Remove(path)
				return nil, fmt.Errorf("writing lock file %s: %w", path, err)
			}
			return &Lock{path: path, owner: me}, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("creating lock file %s: %w", path, err)
		}
		other, ok := readOwner(path)
		if ok && !stale(other, host) {
			return nil, &BusyError{Dir: dir, Owner: other}
		}
		if !ok {
			// Unreadable: a lock being written right now, or the debris of a
			// crash during its write. Give a writer a moment.
			if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) < 2*time.Second {
				time.Sleep(200 * time.Millisecond)
				continue
			}
		}
		// Stale: take it over. Renaming it away first means that of two
		// processes doing this at once, only one removes it.
		aside := fmt.Sprintf("%s.stale.%d", path, me.PID)
		if err := os.Rename(path, aside); err == nil {
			_ = os.Remove(aside)
		}
	}
	return nil, fmt.Errorf("lock file %s: could not take it over from a crashed process; remove it if no run uses %s", path, dir)
}

func readOwner(path string) (Owner, bool) {
	var o Owner
	data, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(data, &o) != nil || o.PID <= 0 {
		return o, false
	}
	return o, true
}

// stale reports whether the owner's process is gone. A lock of another host
// is never stale (its processes cannot be checked from here).
func stale(o Owner, host string) bool {
	if o.Host != host {
		return false
	}
	err := syscall.Kill(o.PID, 0)
	return errors.Is(err, syscall.ESRCH)
}

// Release removes the lock file if this process still owns it.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	if o, ok := readOwner(l.path); ok && (o.PID != l.owner.PID || o.Host != l.owner.Host) {
		return nil
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
