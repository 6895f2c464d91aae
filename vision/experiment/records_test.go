package experiment

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/vision/summary"
)

// TestRunRecordsRoundTrip writes two records and reads them back in the
// requested order; every field must survive the JSON round trip.
func TestRunRecordsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a := RunRecord{Name: "mlp", Title: "MLP baseline", Params: 109386, TestAcc: 0.8512, TestLoss: 0.41,
		MacroF1: 0.85, TrainSeconds: 12.5, TrainImages: 11000, Epochs: 3}
	b := RunRecord{Name: "fashion-cnn3", Title: "CNN 3×3", Params: 468202, TestAcc: 0.9, TestLoss: 0.28,
		MacroF1: 0.89, TrainSeconds: 300, TrainImages: 11000, Epochs: 3}
	for _, r := range []RunRecord{a, b} {
		if err := WriteRunRecord(filepath.Join(dir, r.Name+".json"), r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadRunRecords(filepath.Join(dir, "fashion-cnn3.json"), filepath.Join(dir, "mlp.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != b || got[1] != a {
		t.Fatalf("ReadRunRecords = %+v, want [%+v %+v]", got, b, a)
	}
	if _, err := ReadRunRecords(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: error %v, want one naming missing.json", err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRunRecords(bad); err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("malformed file: error %v, want one naming bad.json", err)
	}
}

// TestRecordsTextAndBars checks the formatting (accuracy as a percentage with
// two decimals, parameters with thousands separators) and that the bar chart
// rejects a label count that does not match.
func TestRecordsTextAndBars(t *testing.T) {
	recs := []RunRecord{{Name: "mlp", Title: "MLP", Params: 109386, TestAcc: 0.8512, TestLoss: 0.41234, TrainSeconds: 12.49}}
	txt := RecordsText(recs)
	for _, want := range []string{"109,386", "85.12%", "0.4123", "12.5 s"} {
		if !strings.Contains(txt, want) {
			t.Errorf("RecordsText lacks %q:\n%s", want, txt)
		}
	}
	if h := RecordsHTML(recs); !strings.Contains(h, "<td") || !strings.Contains(h, "109,386") {
		t.Errorf("RecordsHTML = %s", h)
	}
	if _, err := RecordsBars("x", recs, []string{"a", "b"}); err == nil {
		t.Error("RecordsBars with 2 labels for 1 record: want an error")
	}
	if _, err := RecordsBars("x", nil, nil); err == nil {
		t.Error("RecordsBars with no records: want an error")
	}
	if f, err := RecordsBars("x", recs, nil); err != nil || f == nil {
		t.Errorf("RecordsBars: %v", err)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 468202: "468,202", -1234567: "-1,234,567"} {
		if got := summary.Thousands(n); got != want {
			t.Errorf("summary.Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func ExampleRecordsText() {
	fmt.Print(RecordsText([]RunRecord{
		{Title: "MLP baseline", Params: 109386, TestAcc: 0.8512, TestLoss: 0.4123, MacroF1: 0.8498, TrainSeconds: 12.3},
	}))
	// Output:
	// Model         Parameters  Test accuracy  Test loss  Macro F1  Training time
	// MLP baseline     109,386         85.12%     0.4123    0.8498         12.3 s
}
