// Package summary prints a model built from nn layers the way torchinfo's
// summary(model, input_size=...) prints a PyTorch model: a tree of rows with
// output shapes (batch first), parameter counts and, optionally, kernel
// shapes, mult-adds and trainability, followed by the totals and torchinfo's
// memory estimates.
//
// The figures follow torchinfo 1.8's definitions:
//   - Total params sums the parameters of every layer once (a layer used twice
//     is shown as "(recursive)" the second time and not counted again).
//   - Total mult-adds sums Layer.MultAdds of the leaf layers (layers without
//     children), times the batch size. A convolution's count includes its bias.
//   - Input size is the input's float32 bytes (batch included).
//   - Forward/backward pass size is 2 × the float32 bytes of the outputs of
//     the leaf layers that have parameters (activations kept for the backward
//     pass, plus their gradients); parameter-free layers (ReLU, pooling,
//     Dropout, Flatten) do not count.
//   - Params size is 4 bytes per parameter.
//   - MB is 1e6 bytes; mult-adds are shown in M (1e6), G (1e9) or T (1e12).
//
// Summaries are returned as text (for the CLI) and as an HTML table (for
// GoNB); Display shows the HTML in a notebook.
package summary
