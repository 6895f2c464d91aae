// Package reference holds what the course's reference runs share: the seeds
// sweep (Seeds: one model trained with its chapter's recipe once per seed,
// what lenet/reference/cmd/seeds and chapter 1's notebook run), the JSON file
// of one model's runs over several seeds (written by Seeds for Go and by
// lenet/reference/train_torch.py --json for PyTorch, in the same shape), and
// the statistics that compare two such files (mean ± sample standard
// deviation, Welch's t-test), used by lenet/reference/cmd/compare and the
// notebooks. RESULTS.md in this folder has the tables.
package reference
