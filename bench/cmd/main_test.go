package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestStats: median of an odd count is the middle value, of an even count
// the mean of the two middle values; p10/p90 are nearest-rank on the sorted
// times (index round(q·(n−1))). Inputs are seconds, outputs milliseconds.
func TestStats(t *testing.T) {
	med, p10, p90 := stats([]float64{0.003, 0.001, 0.002})
	if med != 2 || p10 != 1 || p90 != 3 {
		t.Errorf("stats(3,1,2 ms) = %g, %g, %g; want median 2, p10 1, p90 3", med, p10, p90)
	}
	secs := make([]float64, 10) // 1..10 ms
	for i := range secs {
		secs[i] = float64(10-i) / 1000
	}
	med, p10, p90 = stats(secs)
	// median (5+6)/2; p10 index round(0.9) = 1 → 2 ms; p90 index round(8.1) = 8 → 9 ms.
	if med != 5.5 || p10 != 2 || p90 != 9 {
		t.Errorf("stats(1..10 ms) = %g, %g, %g; want 5.5, 2, 9", med, p10, p90)
	}
	r := summarise(Result{Batch: 100}, append([]float64{1}, secs...), 1)
	// the 1 s first step is the warm-up: 10 timed steps, 100 images / 5.5 ms.
	if r.Steps != 10 || r.FirstMS != 1000 || r.MedianMS != 5.5 || int(r.ImagesPS) != 18181 {
		t.Errorf("summarise: %+v; want 10 steps, first 1000 ms, median 5.5 ms, 18181 images/s", r)
	}
}

// TestAddRatios: × PyTorch is the Go median over PyTorch's, and differing
// parameter counts are noted.
func TestAddRatios(t *testing.T) {
	rep := Report{Results: []Result{
		{Model: "lenet5", Runtime: "go", MedianMS: 12, P10MS: 10, Params: 61706},
		{Model: "lenet5", Runtime: "torch", MedianMS: 4, P10MS: 2, Params: 61706},
		{Model: "modern", Runtime: "go", MedianMS: 3, Params: 8922},
		{Model: "modern", Runtime: "torch", MedianMS: 2, Params: 8000},
	}}
	addRatios(&rep)
	if rep.Results[0].VsTorchP10 != 5 {
		t.Errorf("p10 ratio %v, want 10/2 = 5", rep.Results[0].VsTorchP10)
	}
	if rep.Results[0].VsTorch != 3 || rep.Results[2].VsTorch != 1.5 || rep.Results[1].VsTorch != 0 {
		t.Errorf("ratios %v, %v, %v; want 3, 1.5 and none for PyTorch itself", rep.Results[0].VsTorch, rep.Results[2].VsTorch, rep.Results[1].VsTorch)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "8922 parameters in Go, 8000 in PyTorch") {
		t.Errorf("notes %q; want one parameter-count mismatch for modern", rep.Notes)
	}
	if md := markdown(rep); !strings.Contains(md, "| lenet5 | 0 | 61706 | go | 12.00 |") || !strings.Contains(md, "| 3.00× | 5.00× |") {
		t.Errorf("markdown table lacks the lenet5 go row or its ratio:\n%s", md)
	}
}

// TestTorchTwinsHaveSameParams runs bench/torch_models.py --params (skipped
// without Debian's python3 and torch) and compares each twin's parameter
// count with the Go model's.
func TestTorchTwinsHaveSameParams(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skipf("no /usr/bin/python3 with torch: %v", err)
	}
	out, err := exec.Command("/usr/bin/python3", "../torch_models.py", "--params").Output()
	if err != nil {
		t.Fatalf("torch_models.py --params: %v", err)
	}
	var torch map[string]int64
	if err := json.Unmarshal(out, &torch); err != nil {
		t.Fatalf("decoding %q: %v", out, err)
	}
	for _, m := range benchModels {
		built, err := m.build()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := torch[m.name], built.NumParams(); got != want {
			t.Errorf("%s: PyTorch twin has %d parameters, Go model %d", m.name, got, want)
		}
	}
}

// TestPeakRSS: the peak RSS of a finished child process comes from its
// rusage (KiB on Linux) and is shown in the table; a shell's is above zero
// and far below a gigabyte.
func TestPeakRSS(t *testing.T) {
	cmd := exec.Command("/bin/sh", "-c", "true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no /bin/sh: %v", err)
	}
	res := withPeakRSS([]Result{{Model: "m", Runtime: "go"}}, cmd)
	if mb := res[0].PeakRSSMB; mb <= 0 || mb > 1000 {
		t.Fatalf("peak RSS of sh -c true = %g MB, want (0, 1000)", mb)
	}
	res[0].PeakRSSMB = 1234.4
	if md := markdown(Report{Results: res}); !strings.Contains(md, "| 1234 |\n") {
		t.Errorf("markdown lacks the peak RSS 1234:\n%s", md)
	}
}
