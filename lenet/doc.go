// Package lenet builds the LeNet family of the course, each as an
// nn.Sequential whose layer names follow the papers:
//
//   - LeNet-1 (LeCun et al. 1989; chapter 4, seed 003): H1 conv 4@5×5, H2
//     average pool, H3 conv 12@5×5, H4 average pool, Output 192→10; tanh;
//     Xavier-uniform weights and zero biases. 3,246 parameters. LeNet1Variant
//     builds chapter 4's exercises (activation, pooling, an extra conv).
//   - LeNet-5 classic (chapter 2, seed 001): C1 conv 6@5×5, S2 average pool,
//     C3 conv 16@5×5, S4 average pool, C5 conv 120@5×5, F6 linear 84,
//     Output linear 10; tanh. 61,706 parameters.
//   - LeNet-5 as in LeCun, Bottou, Bengio and Haffner 1998, "Gradient-based
//     learning applied to document recognition": C3's partial connection table
//     (Table I), the scaled tanh 1.7159·tanh(2x/3), trainable subsampling (one
//     coefficient and one bias per map), inputs scaled to background −0.1 and
//     ink 1.175, and Euclidean RBF outputs with fixed ±1 codes drawn from 7×12
//     bitmaps of the digits. 60,000 trainable parameters, the paper's count.
//   - The modern LeNet (chapter 1, seed 000): conv 16@4×4 stride 2, BatchNorm,
//     ReLU, conv 32@4×4 stride 2, BatchNorm, ReLU, adaptive average pool 1×1,
//     flatten, linear 32→10. 8,922 trainable parameters.
//
// Importing the package registers them with vision/models as "lenet1",
// "lenet5", "lenet5-1998" and "modern" (models.New builds them by name). The
// package depends on the layers (vision/nn) alone; the chapters' training
// recipes are in lenet/recipes, chapter 3's networks in lenet/fashion and
// chapter 4's sweep in lenet/sweep. Each Model names the layer whose output
// is its embedding (the penultimate features, for t-SNE). The layer names are
// the keys of the state dicts: the PyTorch fixtures in testdata/ load into
// these models and give the same logits.
package lenet
