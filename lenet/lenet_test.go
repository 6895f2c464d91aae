package lenet

import (
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/modeltest"
	"github.com/gocnn/gocnn/vision/models"
)

// New builds a registered model for 10 classes.
func New(name string) (*models.Model, error) { return models.New(name, models.Options{Classes: 10}) }

// Parameter counts: LeNet-1 and the modern LeNet as the issue and the seeds'
// torchinfo summaries give them; LeNet-5 classic 61,706 (seed 001);
// LeNet-5 1998 60,000 (LeCun et al. 1998, section II.B).
func TestParameterCounts(t *testing.T) {
	modeltest.CheckCounts(t, models.Options{Classes: 10}, []modeltest.Count{
		{Name: "lenet1", Want: 3246, Why: "4·(25+1) + 12·(4·25+1) + 192·10+10"},
		{Name: "lenet5", Want: 61706, Why: "156 + 2,416 + 48,120 + 10,164 + 850"},
		{Name: "lenet5-1998", Want: 60000, Why: "156 + 12 + 1,516 + 32 + 48,120 + 10,164, fixed RBF codes"},
		{Name: "modern", Want: 8922, Why: "16·(16+1) + 32 + 32·(16·16+1) + 64 + 32·10+10"},
	})
}

func TestNewUnknownModel(t *testing.T) {
	_, err := New("lenet7")
	if err == nil || !strings.Contains(err.Error(), `"lenet7"`) || !strings.Contains(err.Error(), "lenet5-1998") {
		t.Fatalf("err = %v, want one naming the model and listing the known ones", err)
	}
}

// C3's table has 60 connections (LeCun et al. 1998, Table I): 6×3 + 9×4 + 6.
func TestC3Table(t *testing.T) {
	n := 0
	for j, row := range C3Table {
		seen := map[int]bool{}
		for _, i := range row {
			if i < 0 || i > 5 || seen[i] {
				t.Errorf("map %d: bad input %d in %v", j, i, row)
			}
			seen[i] = true
		}
		n += len(row)
	}
	if n != 60 {
		t.Fatalf("%d connections, want 60", n)
	}
}

// The RBF codes are 7×12 ±1 bitmaps, all different, with the 1 a thin glyph
// (fewer ink pixels than the 8).
func TestDigitCodes(t *testing.T) {
	codes := DigitCodes(10)
	ink := make([]int, 10)
	seen := map[string]int{}
	for i, c := range codes {
		if len(c) != 84 {
			t.Fatalf("code %d has %d values, want 84", i, len(c))
		}
		var key strings.Builder
		for _, v := range c {
			if v != 1 && v != -1 {
				t.Fatalf("code %d has value %v, want ±1", i, v)
			}
			if v == 1 {
				ink[i]++
				key.WriteByte('#')
			} else {
				key.WriteByte('.')
			}
		}
		if j, dup := seen[key.String()]; dup {
			t.Errorf("codes %d and %d are equal", i, j)
		}
		seen[key.String()] = i
	}
	if ink[1] >= ink[8] || ink[1] < 5 {
		t.Errorf("ink pixels %v: want a thin 1 (≥ 5 pixels) and a fuller 8", ink)
	}
}
