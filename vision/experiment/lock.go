package experiment

import "github.com/gocnn/gocnn/internal/runlock"

// LockRunDir takes the lock of a run folder (creating the folder), so that
// no other process or notebook writes into it until release is called. Run
// takes it by itself; code that writes a folder with train.Fit and
// WriteReport directly (chapter 4) calls this first. A second holder is
// refused with an error naming the process that holds the folder; the lock
// of a process that died is taken over.
func LockRunDir(dir string) (release func(), err error) {
	l, err := runlock.Acquire(dir)
	if err != nil {
		return nil, err
	}
	return func() { _ = l.Release() }, nil
}
