// Package train is the training loop shared by every chapter: PyTorch's
// fit / train_one_epoch / evaluate (and d2l's train_ch6) on GoMLX.
//
// A model is an nn.Layer; data is anything with batches (Batches, which
// datasets.Loader implements). The quickest use:
//
//	tr, hist, err := train.Fit(backend, model, trainLoader, validLoader, train.Config{
//		Epochs:    5,
//		Optimizer: train.SGD{LR: 0.01, Momentum: 0.9, WeightDecay: 5e-4},
//		Schedule:  &train.StepLR{StepSize: 5, Gamma: 0.5},
//		Seed:      42,
//		Name:      "LeNet-5",
//		KeepBest:  true,
//		Dir:       "runs/lenet5", // history.json/csv, steps.csv, checkpoint
//	})
//
// which prints, per epoch, the course's lines
//
//	==> LeNet-5 | epoch 1/5
//	step 0100 | loss 1.5063 | acc 0.6021          (or a progress bar on a terminal, a live block in GoNB)
//	train  | loss 0.5815 acc 0.8415 time 29.4s (2040 img/s, lr 0.01)
//	valid  | loss 0.2084 acc 0.9386 macro_f1 0.9380
//
// Fit is a short composition of parts a notebook or a Go developer can call
// or extend: TrainStep (one batch), TrainEpoch (the steps of an epoch, the NaN
// check, progress, step records, Config.Stop), EvaluateEpoch (the evaluation
// sets and the best weights) and, after each epoch, the hooks (Hooks):
// Report (the epoch's lines), Schedule (the next learning rate), Checkpoint
// (checkpoint and history files) and Config.Callbacks. A new hook is a
// HookFunc in Config.Callbacks; Fit itself need not change.
//
// What it does, and how it differs from GoMLX's train.Trainer:
//
//   - Its own train step (forward, cross-entropy, gradients, update) in one
//     graph. The optimizers SGD (momentum, dampening, Nesterov, weight decay
//     added to the gradient), Adam and AdamW (NewAdamW) follow torch.optim's
//     update rules and defaults exactly (tested against PyTorch).
//   - The learning rate is a store variable ("/train/learning_rate", float64)
//     set between epochs by a Scheduler: StepLR or ReduceLROnPlateau, with
//     PyTorch's semantics (scheduler.step() at the end of each epoch).
//   - Loss and accuracy of an epoch are per-sample means; a partial last
//     training batch compiles one more graph (exactly PyTorch's math; use
//     datasets.LoaderOptions.DropLast to avoid it). Evaluation pads the last
//     batch and masks it, so it compiles a single graph.
//   - A NaN or infinite loss stops Fit with an error naming epoch and step.
//   - Same seed and backend give the same History; Config.Resume continues a
//     checkpointed run (weights, optimizer state, LR, scheduler, RNG, history)
//     and ends with the same History as an uninterrupted run.
//   - Checkpoints and histories are written atomically (temp file + rename).
//     The checkpoint a new one replaces is kept (checkpoint.prev.json and its
//     .bin files) and used when the newest is torn or corrupt.
//   - Config.Stop (e.g. on SIGINT) stops Fit between two steps with a
//     mid-epoch checkpoint; resuming from it continues with the next step and
//     still ends with the History of an uninterrupted run. Fit then returns
//     an error wrapping ErrInterrupted.
//
// The optimisers and schedules also work inside GoMLX's own tools: GoMLX(opt)
// is a GoMLX optimizer.Interface for gomlx/ml/train.NewTrainer, and
// AttachSchedule hooks a Scheduler into a gomlx/ml/train.Loop, so GoMLX's
// progress bar (ui/commandline.AttachProgressBar) and checkpoints work with
// them:
//
//	tr := gomlxtrain.NewTrainer(backend, store, modelFn, loss.SparseCategoricalCrossEntropyLogits,
//		train.GoMLX(train.SGD{LR: 0.1, Momentum: 0.9}), nil, nil)
//	loop := gomlxtrain.NewLoop(tr)
//	err := train.AttachSchedule(loop, &train.StepLR{StepSize: 4, Gamma: 0.5}, stepsPerEpoch, nil)
//	_, err = loop.RunEpochs(dataset, 10)
//
// Evaluate returns loss, accuracy, macro-F1, the confusion matrix and the
// predictions; Predict also collects logits and extra outputs (embeddings for
// t-SNE) from any PredictFn.
package train
