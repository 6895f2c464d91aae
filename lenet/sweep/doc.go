// Package sweep runs chapter 4's exercises: a list of trials (a model,
// possibly a LeNet-1 variant, and a recipe) trained one after the other with
// experiment.Run, their results merged into sweep.json (ReadSweep) and shown
// as a table (Table) or a bar chart.
package sweep
