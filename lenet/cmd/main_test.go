package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/testutil/datatest"

	"github.com/gocnn/gocnn/datasets"
	"github.com/gocnn/gocnn/internal/testutil"
	"github.com/gocnn/gocnn/lenet"
	"github.com/gocnn/gocnn/lenet/recipes"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/train"
)

// TestMain lets the tests run this binary's main() as a child process, to
// check exit statuses.
func TestMain(m *testing.M) {
	if os.Getenv("LENET_CMD_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func needMNIST(t *testing.T) {
	t.Helper()
	datatest.Need(t, datasets.MNIST)
}

// A quick end-to-end run: every file written, accuracy above chance (10%),
// and -resume continues the history from the checkpoint.
func TestQuickRunAndResume(t *testing.T) {
	needMNIST(t)
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"-limit", "2048", "-epochs", "1", "-lr", "0.05", "-out", dir, "-progress", "off", "-tsne", "200"}
	var out bytes.Buffer
	if err := run(args, &out, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"backend: ", "Total params: 61,706", "==> lenet5-mnist | epoch 1/1", "train  | loss", "test   | loss", "macro_f1", "wrote " + dir} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for _, f := range []string{"history.json", "history.csv", "curves.png", "curves.svg", "confusion.png", "confusion.svg",
		"predictions.png", "predictions.svg", "tsne.png", "tsne.svg", "checkpoint", "model.safetensors", "test.json", "classification_report.txt"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || (!st.IsDir() && st.Size() == 0) {
			t.Errorf("%s: %v", f, err)
		}
	}
	h1, err := train.ReadHistory(filepath.Join(dir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(h1.Epochs) != 1 || h1.Epochs[0].ValAcc <= 0.2 {
		t.Fatalf("after 16 steps of SGD: history %+v, want 1 epoch with test accuracy well above chance (0.1)", h1.Epochs)
	}

	// The saved weights reproduce the reported test accuracy.
	rep, err := experiment.ReadReport(filepath.Join(dir, "test.json"))
	if err != nil {
		t.Fatal(err)
	}
	b := testutil.Backend(t)
	m := lenet.LeNet5(10)
	r := recipes.LeNet5
	clf, err := experiment.LoadClassifier(b, m.Net, m.Input, filepath.Join(dir, "model.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := experiment.Load(r.DataConfig("mnist", "", 2048))
	if err != nil {
		t.Fatal(err)
	}
	preds, err := clf.Predict(data.Test.Images(), data.Test.Len())
	if err != nil {
		t.Fatal(err)
	}
	correct := 0
	for i, p := range preds {
		if int32(p) == data.Test.Labels()[i] {
			correct++
		}
	}
	if acc := float64(correct) / float64(len(preds)); acc != rep.TestAcc {
		t.Errorf("model.safetensors gives test accuracy %.4f, test.json says %.4f", acc, rep.TestAcc)
	}

	out.Reset()
	if err := run([]string{"-resume", dir, "-limit", "2048", "-epochs", "2", "-lr", "0.05", "-progress", "off", "-tsne", "0"}, &out, &out); err != nil {
		t.Fatalf("resume: %v\n%s", err, out.String())
	}
	h2, err := train.ReadHistory(filepath.Join(dir, "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(h2.Epochs) != 2 || h2.Epochs[0].TrainLoss != h1.Epochs[0].TrainLoss || h2.Epochs[0].ValAcc != h1.Epochs[0].ValAcc {
		t.Fatalf("resumed history %+v: want epoch 1 unchanged (%+v) and epoch 2 added", h2.Epochs, h1.Epochs[0])
	}
	if !strings.Contains(out.String(), "epoch 2/2") || strings.Contains(out.String(), "epoch 1/2") {
		t.Errorf("resumed run should train epoch 2 only:\n%s", out.String())
	}
}

// Bad flags: one line on stderr naming the flag, exit status 2.
func TestFlagErrorsExit2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-model", "lenet7"}, "-model"},
		{[]string{"-batch", "0"}, "-batch 0"},
		{[]string{"-epochs", "-3"}, "-epochs -3"},
		{[]string{"-data", "/no/such/dir"}, `-data "/no/such/dir"`},
		{[]string{"-dataset", "cifar"}, "-dataset"},
		{[]string{"-schedule", "cosine"}, "-schedule"},
		{[]string{"-optimizer", "lion"}, "lion"},
		{[]string{"-resume", "/no/such/run"}, "-resume"},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"-weights", "model.safetensors"}, "-weights is for -serve"},
		{[]string{"-serve", ":0", "-model", "lenet1"}, "no weights ship"},
		{[]string{"-serve", "a:b:c"}, "-serve"},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "LENET_CMD_RUN_MAIN=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 {
			t.Errorf("%v: err %v, want exit status 2", tc.args, err)
			continue
		}
		msg := strings.TrimSpace(stderr.String())
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%v: stderr %q, want it to name %q", tc.args, msg, tc.want)
		}
		if tc.args[0] != "-nosuchflag" && strings.Count(msg, "\n") > 0 {
			t.Errorf("%v: stderr has several lines, want one: %q", tc.args, msg)
		}
	}
}

func TestHelpListsRecipes(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-h"}, &out, &out)
	if err == nil {
		t.Fatal("-h: want flag.ErrHelp")
	}
	for _, want := range []string{"-model", "-resume", "-limit", "lenet5-1998", "chapter 2 (seed 001)", "lenet5 best"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h output lacks %q", want)
		}
	}
}
