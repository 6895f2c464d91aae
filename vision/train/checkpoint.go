package train

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gocnn/gocnn/internal/atomicfile"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
)

// Checkpoint files in Config.Dir. checkpoint.json is the commit point: it is
// renamed into place last and names the .bin files holding the variables and
// the best weights, so an interrupted save leaves the previous checkpoint
// intact. The checkpoint it replaces is kept as checkpoint.prev.json (with its
// .bin files), the fallback when the newest one is torn or corrupt.
const (
	checkpointFile = "checkpoint.json"
	prevCheckpoint = "checkpoint.prev.json"
	bestFile       = "best.bin" // the best weights of version-1 checkpoints without best_file
	tensorsMagic   = "GOCNNTNS1"
)

type varEntry struct {
	Path      string `json:"path"`
	DType     string `json:"dtype"`
	Dims      []int  `json:"dims"`
	Trainable bool   `json:"trainable"`
}

type checkpointState struct {
	Version       int             `json:"version"`
	Epoch         int             `json:"epoch"` // epochs completed
	GlobalStep    int64           `json:"global_step"`
	NextLR        float64         `json:"next_lr"`
	Optimizer     string          `json:"optimizer"`
	SchedulerName string          `json:"scheduler_name,omitempty"`
	Scheduler     json.RawMessage `json:"scheduler,omitempty"`
	VariablesFile string          `json:"variables_file"`
	HasBest       bool            `json:"has_best"`
	BestFile      string          `json:"best_file,omitempty"` // best weights ("" and HasBest: best.bin)
	// Partial, when set, is a checkpoint written in the middle of epoch
	// Epoch+1 (Config.Stop): the steps done and the epoch's running sums.
	Partial        *partialEpoch `json:"partial,omitempty"`
	History        History       `json:"history"`
	VariableLayout []varEntry    `json:"variables"`
}

// writeTensors writes named tensors to path atomically: a header (magic,
// JSON index length, JSON index of path/dtype/dims) then the raw bytes in
// index order and a CRC-32 of everything before it.
func writeTensors(path string, vals map[string]*tensors.Tensor, trainable map[string]bool) error {
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	index := make([]varEntry, len(names))
	for i, n := range names {
		s := vals[n].Shape()
		index[i] = varEntry{Path: n, DType: s.DType.String(), Dims: s.Dimensions, Trainable: trainable[n]}
	}
	head, err := json.Marshal(index)
	if err != nil {
		return fmt.Errorf("train: encoding tensor index of %s: %w", path, err)
	}
	buf := []byte(tensorsMagic)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(len(head)))
	buf = append(buf, head...)
	for _, n := range names {
		if err := vals[n].ConstBytes(func(b []byte) { buf = append(buf, b...) }); err != nil {
			return fmt.Errorf("train: reading %s for %s: %w", n, path, err)
		}
	}
	buf = binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
	return atomicfile.WriteFile(path, buf)
}

// readTensors reads a file written by writeTensors.
func readTensors(path string) ([]varEntry, map[string]*tensors.Tensor, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("train: reading checkpoint tensors: %w", err)
	}
	bad := func(why string) error { return fmt.Errorf("train: checkpoint tensors %s: %s", path, why) }
	if len(data) < len(tensorsMagic)+12 || string(data[:len(tensorsMagic)]) != tensorsMagic {
		return nil, nil, bad("not a gocnn tensor file (bad magic)")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, nil, bad("checksum mismatch (truncated or corrupted)")
	}
	pos := len(tensorsMagic)
	hl := int(binary.LittleEndian.Uint64(body[pos:]))
	pos += 8
	if hl < 0 || pos+hl > len(body) {
		return nil, nil, bad("index length out of range")
	}
	var index []varEntry
	if err := json.Unmarshal(body[pos:pos+hl], &index); err != nil {
		return nil, nil, bad("index: " + err.Error())
	}
	pos += hl
	vals := make(map[string]*tensors.Tensor, len(index))
	for _, e := range index {
		dt, err := dtypes.DTypeString(e.DType)
		if err != nil {
			return nil, nil, bad(fmt.Sprintf("variable %s has unknown dtype %q", e.Path, e.DType))
		}
		shape := shapes.Make(dt, e.Dims...)
		n := int(shape.ByteSize())
		if pos+n > len(body) {
			return nil, nil, bad(fmt.Sprintf("variable %s runs past the end of the file", e.Path))
		}
		tt := tensors.FromShape(shape)
		if err := tt.MutableBytes(func(b []byte) { copy(b, body[pos:pos+n]) }); err != nil {
			return nil, nil, bad(fmt.Sprintf("variable %s: %v", e.Path, err))
		}
		vals[e.Path] = tt
		pos += n
	}
	if pos != len(body) {
		return nil, nil, bad(fmt.Sprintf("%d unexpected bytes after the variables", len(body)-pos))
	}
	return index, vals, nil
}

// partialEpoch is the state of an epoch stopped after Step of its batches.
type partialEpoch struct {
	Step    int     `json:"step"` // batches of the epoch done
	LossSum float64 `json:"loss_sum"`
	Correct float64 `json:"correct"`
	Seen    int     `json:"seen"`
}

// saveCheckpoint writes every variable of the store (weights, optimizer state,
// learning rate, step, RNG) and the training state to dir. part is nil at the
// end of an epoch, else the state of the interrupted epoch.
func (t *Trainer) saveCheckpoint(dir string, part *partialEpoch) error {
	vals := map[string]*tensors.Tensor{}
	trainable := map[string]bool{}
	for v := range t.store.IterVariables() {
		if !v.HasValue() {
			continue
		}
		val, err := v.Value()
		if err != nil {
			return fmt.Errorf("train: checkpoint: reading %s: %w", v.Path(), err)
		}
		vals[v.Path()] = val
		trainable[v.Path()] = v.Trainable
	}
	varsFile := fmt.Sprintf("variables-e%04d.bin", t.epoch)
	if part != nil {
		varsFile = fmt.Sprintf("variables-e%04d-s%06d.bin", t.epoch, part.Step)
	}
	if err := writeTensors(filepath.Join(dir, varsFile), vals, trainable); err != nil {
		return err
	}
	st := checkpointState{Version: 1, Epoch: t.epoch, GlobalStep: t.GlobalStep(), NextLR: t.lr,
		Optimizer: t.cfg.Optimizer.Name(), VariablesFile: varsFile, HasBest: t.best != nil, BestFile: t.bestFile,
		History: t.history, Partial: part}
	if s := t.cfg.Schedule; s != nil {
		raw, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("train: checkpoint: encoding %s state: %w", s.Name(), err)
		}
		st.SchedulerName, st.Scheduler = s.Name(), raw
	}
	data, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return fmt.Errorf("train: checkpoint: encoding state: %w", err)
	}
	crashPoint("checkpoint-write", t.epoch)
	// Keep the checkpoint being replaced as the fallback, if it is usable.
	cur := filepath.Join(dir, checkpointFile)
	if old, err := os.ReadFile(cur); err == nil {
		var st checkpointState
		if json.Unmarshal(old, &st) == nil && st.VariablesFile != "" {
			if err := atomicfile.WriteFile(filepath.Join(dir, prevCheckpoint), old); err != nil {
				return fmt.Errorf("train: checkpoint: %w", err)
			}
		}
	}
	if err := atomicfile.WriteFile(cur, data); err != nil {
		return fmt.Errorf("train: checkpoint: %w", err)
	}
	t.removeUnreferenced(dir)
	return nil
}

// removeUnreferenced deletes the .bin files of dir that neither
// checkpoint.json nor checkpoint.prev.json names, and temporary files left by
// interrupted writes.
func (t *Trainer) removeUnreferenced(dir string) {
	keep := map[string]bool{}
	for _, name := range []string{checkpointFile, prevCheckpoint} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		var st checkpointState
		if json.Unmarshal(data, &st) != nil {
			continue
		}
		keep[st.VariablesFile] = true
		if st.HasBest {
			keep[cmpOr(st.BestFile, bestFile)] = true
		}
	}
	if t.bestFile != "" {
		keep[t.bestFile] = true
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	for _, f := range append(files, tmps...) {
		if !keep[filepath.Base(f)] {
			_ = os.Remove(f)
		}
	}
}

func cmpOr(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// loadedState is a checkpoint read and checked, not yet applied.
type loadedState struct {
	st    checkpointState
	index []varEntry
	vals  map[string]*tensors.Tensor
	best  map[string]*tensors.Tensor
}

// checkState decodes a checkpoint state and reads its .bin files.
func (t *Trainer) checkState(dir, path string, data []byte) (*loadedState, error) {
	var st checkpointState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	if st.Version != 1 {
		return nil, fmt.Errorf("%s has version %d: want 1", path, st.Version)
	}
	if st.VariablesFile == "" || strings.ContainsAny(st.VariablesFile, `/\`) || strings.ContainsAny(st.BestFile, `/\`) {
		return nil, fmt.Errorf("%s names variables file %q, best file %q: want plain file names", path, st.VariablesFile, st.BestFile)
	}
	ls := &loadedState{st: st}
	var err error
	if ls.index, ls.vals, err = readTensors(filepath.Join(dir, st.VariablesFile)); err != nil {
		return nil, err
	}
	if st.HasBest {
		if _, ls.best, err = readTensors(filepath.Join(dir, cmpOr(st.BestFile, bestFile))); err != nil {
			return nil, err
		}
	}
	return ls, nil
}

// loadCheckpoint loads dir's checkpoint into the (still empty) store: the
// newest one, or the previous one when the newest is torn or corrupt. It
// returns false, nil when dir has no checkpoint.
func (t *Trainer) loadCheckpoint(dir string) (bool, error) {
	var ls *loadedState
	var problems []string
	found := false
	for _, name := range []string{checkpointFile, prevCheckpoint} {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		found = true
		if err == nil {
			ls, err = t.checkState(dir, path, data)
		}
		if err == nil {
			if len(problems) > 0 && !t.cfg.Quiet {
				fmt.Fprintf(t.cfg.Out, "resume: the newest checkpoint is unusable (%s); using the previous one, %s (epoch %d)\n",
					strings.Join(problems, "; "), path, ls.st.Epoch)
			}
			break
		}
		problems = append(problems, strings.TrimPrefix(err.Error(), "train: "))
	}
	if !found {
		return false, nil
	}
	if ls == nil {
		return false, fmt.Errorf("train: resume: no usable checkpoint in %s (%s): start a new run", dir, strings.Join(problems, "; "))
	}
	st := ls.st
	path := filepath.Join(dir, checkpointFile)
	if st.Optimizer != t.cfg.Optimizer.Name() {
		return false, fmt.Errorf("train: resume: %s was trained with %s, Config.Optimizer is %s", path, st.Optimizer, t.cfg.Optimizer.Name())
	}
	if s := t.cfg.Schedule; s != nil || st.SchedulerName != "" {
		if s == nil || s.Name() != st.SchedulerName {
			name := "none"
			if s != nil {
				name = s.Name()
			}
			return false, fmt.Errorf("train: resume: %s used scheduler %q, Config.Schedule is %s", path, st.SchedulerName, name)
		}
		if strings.TrimSpace(string(st.Scheduler)) == "" {
			return false, fmt.Errorf("train: resume: %s has no scheduler state", path)
		}
		if err := json.Unmarshal(st.Scheduler, s); err != nil {
			return false, fmt.Errorf("train: resume: restoring %s state from %s: %w", s.Name(), path, err)
		}
	}
	for _, e := range ls.index {
		v, err := t.store.CreateVariable(e.Path, ls.vals[e.Path])
		if err != nil {
			return false, fmt.Errorf("train: resume: creating %s: %w", e.Path, err)
		}
		if v.Name() == "#rngState" {
			// the store's RNG variable already exists (seeded in New): overwrite it.
			if err := v.SetValue(ls.vals[e.Path]); err != nil {
				return false, fmt.Errorf("train: resume: restoring the RNG state: %w", err)
			}
		}
		v.SetTrainable(e.Trainable)
	}
	if st.HasBest {
		t.best, t.bestFile = ls.best, cmpOr(st.BestFile, bestFile)
	}
	t.epoch, t.lr, t.history, t.partial = st.Epoch, st.NextLR, st.History, st.Partial
	return true, nil
}
