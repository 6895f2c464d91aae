package enum

import "testing"

type color int32

// In range: the constant's name; out of range (7, −1): the type and value.
func TestName(t *testing.T) {
	for _, tc := range []struct {
		v    color
		want string
	}{{0, "red"}, {1, "green"}, {7, "color(7)"}, {-1, "color(-1)"}} {
		if got := Name(tc.v, "color", "red", "green"); got != tc.want {
			t.Errorf("Name(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
