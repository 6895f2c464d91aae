// Package modeltest checks registered models (vision/models) in the model
// packages' tests: the number of trainable parameters against a published or
// hand-computed count, the output shape, and the embedding layer.
package modeltest
