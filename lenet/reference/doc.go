// Package reference holds what the course's reference runs share: the JSON
// file of one model's runs over several seeds (written by
// lenet/reference/cmd/seeds for Go and by lenet/reference/train_torch.py
// --json for PyTorch, in the same shape), and the statistics that compare two
// such files (mean ± sample standard deviation, Welch's t-test), used by
// lenet/reference/cmd/compare. RESULTS.md in this folder has the tables.
package reference
