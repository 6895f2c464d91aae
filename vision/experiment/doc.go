// Package experiment glues datasets, the training loop and the plots into the
// few calls a chapter needs, shared by lenet/cmd, alexnet/cmd and the
// notebooks: Load prepares a dataset as a recipe says (geometry,
// normalisation, a seeded validation split, an optional subset), and
// WriteReport evaluates a trained model on the test set and writes the run's
// files (history.json, history.csv, training curves, confusion matrix, a grid
// of predictions and the t-SNE of the test embeddings).
package experiment
