package enum

import "fmt"

// Name returns names[v], the name of the v-th constant of type typ, or
// "typ(v)" for a value outside names, e.g. Name(Geometry(1), "Geometry",
// "Keep", "Resize32", "Pad32") is "Resize32" and Name(Geometry(7), …) is
// "Geometry(7)".
func Name[T ~int | ~int32](v T, typ string, names ...string) string {
	if v >= 0 && int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}
