package nn

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/vision/safetensors"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// Tensor is a dense float32 tensor in row-major order, the value type of a
// PyTorch state_dict as read from a .safetensors / .pt export. It is
// safetensors.Tensor, so that a state_dict read with vision/safetensors
// loads (LoadStateDict) and one from StateDict is written as it is.
type Tensor = safetensors.Tensor

// StateKey is one tensor of a model's state: its PyTorch state_dict key, its
// GoMLX variable path and its layouts.
type StateKey struct {
	Key   string // PyTorch key, e.g. "features.0.weight"
	Path  string // GoMLX variable path, e.g. "/features/0/weight"
	Entry StateEntry
}

// StateKeys lists the state of m (parameters and buffers, in forward order)
// when m's Forward is called with the scope at scopePath ("" or "/" for the
// root scope) on inputs of shape inShape (PyTorch order, no batch axis).
func StateKeys(scopePath string, m Layer, inShape []int) ([]StateKey, error) {
	base := strings.TrimSuffix(scopePath, "/")
	if base != "" && !strings.HasPrefix(base, "/") {
		base = "/" + base
	}
	var keys []StateKey
	err := Walk(m, inShape, func(path string, l Layer, in, _ []int) error {
		st, ok := l.(Stateful)
		if !ok {
			return nil
		}
		for _, e := range st.StateEntries(in) {
			k := StateKey{Key: e.Name, Path: base + "/" + e.Name, Entry: e}
			if path != "" {
				k.Key = path + "." + e.Name
				k.Path = base + "/" + strings.ReplaceAll(path, ".", "/") + "/" + e.Name
			}
			keys = append(keys, k)
		}
		return nil
	})
	return keys, err
}

// LoadStateDict copies a PyTorch state_dict into the store's variables for
// model m (built with Forward on the scope at scopePath, see StateKeys).
// Tensors keep PyTorch's shapes and layouts in sd; they are transposed to
// GoMLX's (conv weight [Cout,Cin/g,kH,kW] -> [kH,kW,Cin/g,Cout], linear
// weight [out,in] -> [in,out]). Variables are created when the graph was not
// built yet, so load before or after building. Keys ending in
// "num_batches_tracked" are ignored. Missing keys, unexpected keys and shape
// mismatches are reported together, and nothing is written then.
func LoadStateDict(store *model.Store, scopePath string, m Layer, inShape []int, sd map[string]Tensor) error {
	keys, err := StateKeys(scopePath, m, inShape)
	if err != nil {
		return fmt.Errorf("LoadStateDict: %w", err)
	}
	var missing, problems []string
	known := map[string]bool{}
	for _, k := range keys {
		known[k.Key] = true
		t, ok := sd[k.Key]
		if !ok {
			missing = append(missing, k.Key)
			continue
		}
		if !slices.Equal(t.Shape, k.Entry.TorchShape) {
			problems = append(problems, fmt.Sprintf("%q: shape %v, model expects %v", k.Key, t.Shape, k.Entry.TorchShape))
		} else if len(t.Data) != Numel(t.Shape) {
			problems = append(problems, fmt.Sprintf("%q: %d values for shape %v", k.Key, len(t.Data), t.Shape))
		}
	}
	var extra []string
	for key := range sd {
		if !known[key] && !strings.HasSuffix(key, "num_batches_tracked") {
			extra = append(extra, key)
		}
	}
	sort.Strings(extra)
	if len(missing)+len(extra)+len(problems) > 0 {
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, "missing keys: "+strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			parts = append(parts, "unexpected keys: "+strings.Join(extra, ", "))
		}
		parts = append(parts, problems...)
		return fmt.Errorf("LoadStateDict into %s at %q: %s", m.Type(), scopePath, strings.Join(parts, "; "))
	}
	for _, k := range keys {
		t := sd[k.Key]
		data := permute(t.Data, t.Shape, k.Entry.Perm)
		value := tensors.FromFlatDataAndDimensions(data, k.Entry.Shape...)
		v := store.GetVariable(k.Path)
		if v == nil {
			if v, err = store.CreateVariable(k.Path, value); err != nil {
				return fmt.Errorf("LoadStateDict: creating %s for %q: %w", k.Path, k.Key, err)
			}
		} else {
			if !slices.Equal(v.Shape().Dimensions, k.Entry.Shape) {
				return fmt.Errorf("LoadStateDict: variable %s has shape %s, %q needs %v", k.Path, v.Shape(), k.Key, k.Entry.Shape)
			}
			if err := v.SetValue(value); err != nil {
				return fmt.Errorf("LoadStateDict: setting %s from %q: %w", k.Path, k.Key, err)
			}
		}
		v.SetTrainable(k.Entry.Trainable)
	}
	return nil
}

// StateDict reads model m's variables from the store (see StateKeys) and
// returns them with PyTorch's keys, shapes and layouts, ready to be saved for
// PyTorch's load_state_dict (num_batches_tracked is not included). A variable
// that does not exist yet (graph never built nor state loaded) is an error.
func StateDict(store *model.Store, scopePath string, m Layer, inShape []int) (map[string]Tensor, error) {
	keys, err := StateKeys(scopePath, m, inShape)
	if err != nil {
		return nil, fmt.Errorf("StateDict: %w", err)
	}
	sd := make(map[string]Tensor, len(keys))
	for _, k := range keys {
		v := store.GetVariable(k.Path)
		if v == nil {
			return nil, fmt.Errorf("StateDict: no variable %s for %q (build the model's graph or load a state first)", k.Path, k.Key)
		}
		value, err := v.Value()
		if err != nil {
			return nil, fmt.Errorf("StateDict: reading %s: %w", k.Path, err)
		}
		if !slices.Equal(value.Shape().Dimensions, k.Entry.Shape) {
			return nil, fmt.Errorf("StateDict: variable %s has shape %s, expected %v", k.Path, value.Shape(), k.Entry.Shape)
		}
		flat, err := tensors.CopyFlatData[float32](value)
		if err != nil {
			return nil, fmt.Errorf("StateDict: reading %s as float32: %w", k.Path, err)
		}
		sd[k.Key] = Tensor{Shape: slices.Clone(k.Entry.TorchShape), Data: permute(flat, k.Entry.Shape, inversePerm(k.Entry.Perm))}
	}
	return sd, nil
}

// permute returns data (row-major, shape src) with axes reordered so that
// result axis i is source axis perm[i]. A nil perm copies.
func permute(data []float32, src []int, perm []int) []float32 {
	out := make([]float32, len(data))
	if perm == nil {
		copy(out, data)
		return out
	}
	r := len(src)
	srcStride := make([]int, r)
	s := 1
	for a := r - 1; a >= 0; a-- {
		srcStride[a] = s
		s *= src[a]
	}
	dst := make([]int, r)
	step := make([]int, r) // source stride of each destination axis
	for i, p := range perm {
		dst[i] = src[p]
		step[i] = srcStride[p]
	}
	idx := make([]int, r)
	off := 0
	for n := range out {
		out[n] = data[off]
		for a := r - 1; a >= 0; a-- { // odometer increment
			idx[a]++
			off += step[a]
			if idx[a] < dst[a] {
				break
			}
			off -= step[a] * dst[a]
			idx[a] = 0
		}
	}
	return out
}

// inversePerm inverts an axis permutation (nil stays nil).
func inversePerm(perm []int) []int {
	if perm == nil {
		return nil
	}
	inv := make([]int, len(perm))
	for i, p := range perm {
		inv[p] = i
	}
	return inv
}
