// Package experiment is the glue of a run: it joins the data (datasets), a
// model (vision/models), the training loop (vision/train) and the plots into
// the few calls a chapter needs, shared by lenet/cmd, alexnet/cmd, lenet/sweep
// and the notebooks.
//
// A run is four visible steps, and Run is nothing more than them in order:
//
//	data, err := experiment.Load(recipe.DataConfig("mnist", "", 0))  // 1. load: geometry, normalisation, split
//	m, err := models.New("lenet5", models.Options{})                  // 2. build (the caller does this)
//	cfg, err := recipe.TrainConfig()                                  // 3. train: optimiser, schedule, seed …
//	tr, err := train.New(backend, m.Net, cfg)
//	_, err = tr.Fit(data.Train, train.EvalSet{Name: data.EvalName(), Data: data.Eval()})
//	rep, err := experiment.WriteReport(tr, data, experiment.ReportConfig{Dir: dir}) // 4. report
//
// Where a run's behaviour lives: the recipe (a chapter's numbers) in
// lenet/recipes; its data preparation in Recipe.DataConfig and Load; the
// optimiser and schedule it names in Optimizer and Schedule (the one place
// their names are parsed) and vision/train; the loop itself in
// train.Trainer.Fit and its parts (TrainEpoch, EvaluateEpoch, the hooks);
// the files in WriteReport (history.json and history.csv, the training
// loop's own format, test.json, figures, t-SNE). RunRecord is the one-line
// summary of a run, for comparison tables and sweeps.
package experiment
