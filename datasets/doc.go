// Package datasets finds, verifies, loads, preprocesses and batches the MNIST
// and Fashion-MNIST datasets used by the course.
package datasets
