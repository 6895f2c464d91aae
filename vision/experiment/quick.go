package experiment

import "os"

// QuickEnv is the environment variable that turns on quick mode: set to
// anything but "" or "0", the notebooks and tests use small subsets and
// single epochs, so that every chapter runs in a few minutes.
const QuickEnv = "GOCNN_QUICK"

// Quick reports whether quick mode is on.
func Quick() bool {
	v := os.Getenv(QuickEnv)
	return v != "" && v != "0"
}

// Mode returns full, or quick in quick mode: epochs := experiment.Mode(5, 1).
func Mode[T any](full, quick T) T {
	if Quick() {
		return quick
	}
	return full
}
