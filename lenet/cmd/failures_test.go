package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
)

// oneLineErr checks that a failed run printed exactly one line on stderr,
// naming every want.
func oneLineErr(t *testing.T, what string, p proc, status int, wants ...string) {
	t.Helper()
	msg := strings.TrimSpace(p.stderr)
	if p.status != status {
		t.Errorf("%s: exit %d, want %d\n%s%s", what, p.status, status, p.stdout, p.stderr)
	}
	if strings.Count(msg, "\n") > 0 || !strings.HasPrefix(msg, "lenet: ") {
		t.Errorf("%s: stderr %q, want one line starting with lenet:", what, msg)
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: stderr %q, want it to say %q", what, msg, w)
		}
	}
	t.Logf("%s → %s", what, msg)
}

// noDebris fails on temporary files left in dir or dir/checkpoint, and checks
// that any checkpoint.json there is complete.
func noDebris(t *testing.T, what, dir string) {
	t.Helper()
	for _, pat := range []string{".*.tmp*", "checkpoint/.*.tmp*"} {
		if left, _ := filepath.Glob(filepath.Join(dir, pat)); len(left) > 0 {
			t.Errorf("%s: temporary files left: %v", what, left)
		}
	}
	for _, f := range []string{"run.json", "checkpoint/checkpoint.json", "checkpoint/history.json"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Errorf("%s: %s is half-written: %v", what, f, err)
		}
	}
}

// TestLiveRunFolderRefused: while a run writes a folder, a second run with
// the same -out, or a -resume of it, is refused with a message naming the
// other process; once that process is killed, its lock does not block the
// -resume.
func TestLiveRunFolderRefused(t *testing.T) {
	needMNIST(t)
	bin := buildLenet(t)
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"-limit", "512", "-epochs", "2", "-tsne", "0", "-progress", "off", "-out", dir}
	cmd, so, se := start(bin, "step:2:pause", args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if strings.Contains(so.String(), "epoch 1/2") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first run did not start training:\n%s%s", so.String(), se.String())
		}
	}
	pid := fmt.Sprint(cmd.Process.Pid)
	oneLineErr(t, "same -out", runBin(t, bin, "", args...), 1, "-out", "in use by process "+pid)
	oneLineErr(t, "-resume of a live run", runBin(t, bin, "", "-resume", dir), 1, "-resume", "in use by process "+pid)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, ".lock")); err != nil {
		t.Fatalf("the killed run left no lock (%v): the stale-lock case is not tested", err)
	}
	if p := runBin(t, bin, "", "-resume", dir, "-progress", "off"); p.status != 0 {
		t.Fatalf("-resume after the owner was killed: exit %d\n%s%s", p.status, p.stdout, p.stderr)
	}
}

// TestTornCheckpoint: with the newest checkpoint's variables truncated, the
// resumed run falls back to the previous checkpoint, says so, and still ends
// as a straight run does; with every checkpoint torn it fails saying none is
// usable.
func TestTornCheckpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("four subprocess runs; runs without -short")
	}
	needMNIST(t)
	bin := buildLenet(t)
	root := t.TempDir()
	args := []string{"-limit", "512", "-epochs", "3", "-tsne", "0", "-progress", "off"}
	straight, dir := filepath.Join(root, "straight"), filepath.Join(root, "torn")
	if p := runBin(t, bin, "", append(args, "-out", straight)...); p.status != 0 {
		t.Fatalf("straight run: exit %d\n%s", p.status, p.stderr)
	}
	if p := runBin(t, bin, "step:10", append(args, "-out", dir)...); p.status != -9 {
		t.Fatalf("run killed in epoch 3: exit %d, want SIGKILL\n%s", p.status, p.stderr)
	}
	half := func(name string) { testutil.TruncateHalf(t, filepath.Join(dir, "checkpoint", name)) }
	half("variables-e0002.bin")
	p := runBin(t, bin, "", "-resume", dir, "-progress", "off")
	if p.status != 0 || !strings.Contains(p.stdout, "using the previous one") {
		t.Fatalf("resume with the newest checkpoint torn: exit %d, want 0 and a note on the fallback\n%s%s", p.status, p.stdout, p.stderr)
	}
	if err := sameRun(straight, dir); err != nil {
		t.Errorf("resumed from the previous checkpoint: %v", err)
	}

	dir2 := filepath.Join(root, "torn2")
	if p := runBin(t, bin, "step:10", append(args, "-out", dir2)...); p.status != -9 {
		t.Fatalf("run killed in epoch 3: exit %d", p.status)
	}
	dir = dir2
	half("variables-e0002.bin")
	half("variables-e0001.bin")
	oneLineErr(t, "every checkpoint torn", runBin(t, bin, "", "-resume", dir2), 1, "no usable checkpoint", "checksum mismatch")
}

// TestFailuresSayWhatHappened: each fault ends with one line naming the
// file or flag and what to do, and leaves no temporary or half-written files.
func TestFailuresSayWhatHappened(t *testing.T) {
	needMNIST(t)
	bin := buildLenet(t)
	root := t.TempDir()
	quick := []string{"-limit", "256", "-epochs", "1", "-tsne", "0", "-progress", "off"}

	// -h is not a failure.
	if p := runBin(t, bin, "", "-h"); p.status != 0 || !strings.Contains(p.stderr, "-resume") {
		t.Errorf("-h: exit %d, want 0 and the usage", p.status)
	}

	// -out below a regular file cannot be created.
	file := filepath.Join(root, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	oneLineErr(t, "unwritable -out", runBin(t, bin, "", append(quick, "-out", filepath.Join(file, "run"))...), 1,
		"-out", "cannot write there", "choose a writable folder")
	// An unknown -backend: refused before the run folder is made.
	oneLineErr(t, "bad -backend", runBin(t, bin, "", append(quick, "-backend", "nosuch", "-out", filepath.Join(root, "r0"))...), 2, "-backend")
	if _, err := os.Stat(filepath.Join(root, "r0")); err == nil {
		t.Errorf("a bad -backend: the run folder was made")
	}

	// -data naming a folder without the dataset: an error listing the files.
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	oneLineErr(t, "-data without the dataset", runBin(t, bin, "", append(quick, "-data", empty, "-out", filepath.Join(root, "r1"))...), 2,
		"-data", "train-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
	if _, err := os.Stat(filepath.Join(root, "r1")); err == nil {
		t.Errorf("-data without the dataset made the run folder")
	}

	// A corrupt data file: named, with what to do.
	src, err := datasets.Locate(datasets.MNIST, datasets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(root, "bad")
	if err := os.Mkdir(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := datasets.Files(datasets.MNIST)
	for _, f := range files {
		p, _ := datasets.FindFile(src, f.Name)
		if f.Name == datasets.TestLabelsFile {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(p, ".gz") {
				t.Skip("the test labels are gzipped here; corrupting them is not a content change")
			}
			data[len(data)-1] ^= 1
			if err := os.WriteFile(filepath.Join(bad, f.Name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.Symlink(p, filepath.Join(bad, filepath.Base(p))); err != nil {
			t.Fatal(err)
		}
	}
	oneLineErr(t, "corrupt data file", runBin(t, bin, "", append(quick, "-data", bad, "-out", filepath.Join(root, "r2"))...), 1,
		filepath.Join(bad, datasets.TestLabelsFile), "corrupt", "fetch it again")
	if _, err := os.Stat(filepath.Join(root, "r2")); err == nil {
		t.Errorf("a corrupt data file: the run folder was made")
	}

	// -limit works with every model; the validation split shrinks and the
	// run says so.
	if testing.Short() {
		return
	}
	for _, m := range []string{"lenet1", "mlp", "fashion-cnn"} {
		args := append([]string{"-model", m, "-limit", "1024", "-out", filepath.Join(root, "limit-"+m)}, quick[2:]...)
		if m == "fashion-cnn" {
			args = append(args, "-dataset", "fashion")
		}
		p := runBin(t, bin, "", args...)
		if p.status != 0 || !strings.Contains(p.stdout, "the validation hold-out shrinks in proportion, from 5000 of 60000 to 85 of 1024") {
			t.Errorf("-model %s -limit 1024: exit %d, want 0 and a note on the validation split\n%s%s", m, p.status, p.stdout, p.stderr)
		}
	}
}

// TestDiskFull: a run whose -out is on a full file system (a 1 MiB tmpfs)
// fails with one line saying the disk is full and how to continue, leaves
// only complete files, and continues with -resume once there is space.
func TestDiskFull(t *testing.T) {
	needMNIST(t)
	bin := buildLenet(t)
	mnt := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
		msg := fmt.Sprintf("cannot mount a small tmpfs to fill (needs root): %v %s", err, out)
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	defer exec.Command("umount", mnt).Run()
	dir := filepath.Join(mnt, "run")
	args := []string{"-limit", "512", "-epochs", "3", "-tsne", "0", "-progress", "off", "-out", dir}
	p := runBin(t, bin, "", args...)
	oneLineErr(t, "disk full", p, 1, "disk full", "no space left on device", "-resume "+dir)
	noDebris(t, "disk full", dir)
	if out, err := exec.Command("mount", "-o", "remount,size=64m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
	if p := runBin(t, bin, "", "-resume", dir, "-progress", "off"); p.status != 0 {
		t.Fatalf("-resume once there is space: exit %d\n%s%s", p.status, p.stdout, p.stderr)
	}
}
