// Package safetensors reads and writes .safetensors files, the format of
// Hugging Face's safetensors library and of gocnn's exported PyTorch
// state_dicts: an 8-byte little-endian header length, a JSON header mapping
// each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (plus an
// optional "__metadata__" map of strings), then the raw little-endian data.
//
// Read converts F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL tensors to
// float32; Write stores F32. Every header is validated (dtypes, shapes,
// offsets that exactly tile the data) and errors name the file and tensor.
// nn.Tensor is this package's Tensor, so a file's tensors are a state_dict
// for nn.LoadStateDict as they are.
package safetensors
