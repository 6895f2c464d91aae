#!/usr/bin/env python3
"""Builds notebooks/05-pooling-convolution-alexnet-vgg.ipynb (chapter seed004: pooling, convolution,
output sizes, AlexNet and VGG16) with empty outputs.

    python3 notebooks/tools/make_05.py
    cd notebooks && PATH=/tmp/gobin:$PATH GOCNN_QUICK=1 python3 run_notebooks.py 05-pooling-convolution-alexnet-vgg.ipynb
    cd notebooks && PATH=/tmp/gobin:$PATH python3 run_notebooks.py --full 05-pooling-convolution-alexnet-vgg.ipynb

Rebuilding drops the stored outputs: run the harness with --full afterwards to store them again.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nbtools  # noqa: E402

NAME = "05-pooling-convolution-alexnet-vgg.ipynb"

CELLS = []


def md(cid, text):
    CELLS.append({"cell_type": "markdown", "id": cid, "metadata": {}, "source": text.strip("\n")})


def code(cid, text):
    CELLS.append({"cell_type": "code", "execution_count": None, "id": cid, "metadata": {}, "outputs": [],
                  "source": text.strip("\n")})


md("title", r"""
# 05 · Pooling, convolution, AlexNet and VGG16

This notebook follows the chapter on the two building blocks of a convolutional network and on two classic
ImageNet architectures built from them:

1. **pooling** and **convolution** on a tiny 4×4 image, computed on the GoMLX backend and traced by hand, window
   by window;
2. the **output-size formula** of a convolution, with the numbers substituted, and a chain of two convolutions;
3. **AlexNet** (2012) and **VGG16** (2014): their torchinfo-style summaries and parameter counts, a timed forward
   pass of AlexNet, a short training of a scaled AlexNet on Fashion-MNIST, and how to run torchvision's
   pretrained weights in Go.

Everything runs in Go (GoNB kernel). Run the cells in order; with `GOCNN_QUICK=1` the training cell uses a tiny
setting so that the whole notebook runs in a couple of minutes.
""")

code("setup", nbtools.setup_cell_text())

md("maxpool-md", r"""
## Max pooling

A pooling layer slides a window over each channel of its input and replaces the window by one number. **Max
pooling** keeps the largest value: the feature map gets smaller (a 2×2 window with stride 2 halves the height and
the width), the representation becomes more compact, and a feature that moves by one pixel inside its window
gives the same output — a little translation invariance for free. Pooling has no parameters.

Our input is one single-channel image, the 4×4 matrix holding 1…16 row by row (PyTorch shape `(1, 1, 4, 4)`).
`demos.Pool` builds a GoMLX graph with `MaxPool` (or `MeanPool` for **average pooling**, which keeps the mean of
the window instead) and runs it on the backend.
""")

code("pool", r"""
import (
	"github.com/gocnn/gocnn/vision/demos"
	"github.com/janpfeifer/gonb/gonbui"
)

// check stops the cell on an error (the library's errors say what went wrong and where).
func check(err error) {
	if err != nil {
		panic(err)
	}
}

%%
b, _, err := backend.New()
check(err)
x := demos.Counting(4, 4)
fmt.Println("input (1×1×4×4):", x)
maxed, err := demos.Pool(b, x, demos.MaxPool, 2, 2)
check(err)
fmt.Println("MaxPool2d(kernel_size=2, stride=2):", maxed)
avg, err := demos.Pool(b, x, demos.AvgPool, 2, 2)
check(err)
fmt.Println("AvgPool2d(kernel_size=2, stride=2):", avg)
fmt.Printf("output shape: (1, 1, %d, %d)\n", len(maxed), len(maxed[0]))
""")

md("trace-md", r"""
### Which input cells does each output read?

The tracer recomputes the same pooling by hand and shows, for every output cell, its window on the input (in
yellow) and the arithmetic. With stride 2 the 2×2 windows do not overlap: each input cell is read exactly once.
""")

code("trace-pool", r"""
%%
t, err := demos.NewTrace(demos.MaxPool, demos.Counting(4, 4), nil, 2, 2)
check(err)
t.Display()
gonbui.Sync()
""")

md("conv-md", r"""
## 2-D convolution

A convolution also slides a window, but instead of taking a maximum it multiplies the window element by element
with a **kernel** (the filter, learned during training) and adds the products. PyTorch's `nn.Conv2d` — like
every deep-learning library — actually computes this cross-correlation, without flipping the kernel. A 3×3 kernel
over a 4×4 input without padding fits in 2×2 positions, so the output is 2×2.

The chapter used a randomly initialised kernel, whose values cannot be reproduced. Here the kernel is
`demos.ChapterKernel()`, all ones, so each output is simply the sum of the 3×3 window it reads — easy to check by
hand: $1+2+3+5+6+7+9+10+11 = 54$. The windows now overlap (stride 1), so the central cells are read by all four
outputs.
""")

code("conv", r"""
%%
b, _, err := backend.New()
check(err)
x, kernel := demos.Counting(4, 4), demos.ChapterKernel()
fmt.Println("kernel:", kernel)
y, err := demos.Convolve(b, x, kernel, 1, 0)
check(err)
fmt.Println("Conv2d(1, 1, kernel_size=3, bias=False) on the backend:", y)
t, err := demos.NewTrace(demos.Conv, x, kernel, 3, 1)
check(err)
fmt.Println("traced by hand:", t.Output)
t.Display()
gonbui.Sync()
""")

md("formula-md", r"""
## The output-size formula

Along each spatial axis, a convolution with kernel size $k$, stride $s$, padding $p$ (on each side) and dilation
$d$ turns an input of size $H_{in}$ into

$$H_{out} = \left\lfloor \frac{H_{in} + 2p - d\,(k - 1) - 1}{s} \right\rfloor + 1 ,$$

which, without padding and dilation, is the chapter's $\lfloor (H_{in} - k)/s \rfloor + 1$: the number of
positions where the window fits. The same formula gives the width, and pooling layers use it too (PyTorch's
pooling has `stride = kernel_size` by default). `vision/shape` computes the size and writes out the formula with
the numbers substituted, for the layers of this notebook and for AlexNet's first convolution (11×11, stride 4,
padding 2 on a 224×224 image).
""")

code("formula", r"""
import "github.com/gocnn/gocnn/vision/shape"

%%
cases := []struct {
	what string
	spec shape.Spec
	in   int
}{
	{"max pooling 2×2, stride 2", shape.NewSpec(shape.MaxPool, 2), 4},
	{"convolution 3×3", shape.NewSpec(shape.Conv, 3), 4},
	{"convolution 5×5", shape.NewSpec(shape.Conv, 5), 19},
	{"AlexNet conv1: 11×11, stride 4, padding 2", shape.Spec{Op: shape.Conv, Kernel: 11, Stride: 4, Padding: 2, Dilation: 1}, 224},
}
var latex strings.Builder
for _, c := range cases {
	e, err := c.spec.Explain("H", c.in)
	check(err)
	fmt.Printf("%-43s %s\n", c.what+":", e.Text)
	fmt.Fprintf(&latex, "* %s: $%s$\n", c.what, e.LaTeX)
}
gonbui.DisplayMarkdown(latex.String())
gonbui.Sync()
""")

md("chain-md", r"""
## Chaining convolutions: feature maps and filter shapes

A convolution layer with $C_{in}$ input channels and $C_{out}$ output channels holds $C_{out}$ filters, each of
shape $C_{in} \times k \times k$: PyTorch stores the weight as `(C_out, C_in, k, k)`. Every filter produces one
**feature map** (activation map), so the next layer sees $C_{out}$ channels.

The chapter chains two such layers on a random 3×19×19 image: `Conv2d(3, 7, 5)` and then `Conv2d(7, 2, 3)`, both
without bias. Each step applies the formula above; the layer summary (computed from the Go layers, as torchinfo
would print it) gives the same shapes and counts the weights, $7 \cdot 3 \cdot 5 \cdot 5 = 525$ and
$2 \cdot 7 \cdot 3 \cdot 3 = 126$.
""")

code("chain", r"""
import (
	"github.com/gocnn/gocnn/vision/nn"
	"github.com/gocnn/gocnn/vision/summary"
)

%%
steps, err := demos.Chain()
check(err)
for i, s := range steps {
	fmt.Printf("conv%d: input %v, filters %v → feature maps %v   (%s)\n", i+1, s.In, s.FilterShape, s.Out, s.Explain.Text)
}
net := nn.Seq(nn.NewConv2d(3, 7, 5).Bias(false), nn.NewConv2d(7, 2, 3).Bias(false))
sum, err := summary.Summarize(net, []int{3, 19, 19}, summary.Options{
	Columns: []summary.Column{summary.KernelShape, summary.OutputShape, summary.NumParams}})
check(err)
fmt.Println(sum)
""")

md("summaries-md", r"""
## AlexNet and VGG16

Libraries such as `torchvision.models` ship networks pretrained on **ImageNet** (1.2 million photos, 1,000
classes), whose features can be reused for new tasks (*transfer learning*). Two classics:

* **AlexNet** (Krizhevsky, Sutskever & Hinton, 2012): five convolutions — the first 11×11 with stride 4 — with
  ReLU and overlapping 3×3 max pooling, then three fully connected layers with dropout. It won ImageNet 2012 by a
  wide margin and started the deep-learning era of computer vision.
* **VGG16** (Simonyan & Zisserman, 2014): 13 convolutions, all 3×3 with padding 1 (they keep the size; only the
  2×2 max pools halve it), in five blocks of 64, 128, 256, 512 and 512 channels, then the same kind of classifier.
  Two stacked 3×3 convolutions see a 5×5 region with fewer parameters than one 5×5 convolution.

The package `alexnet` builds both with torchvision's layer names and indices (so torchvision's `state_dict`
loads unchanged), and `vision/summary` prints them as `torchinfo.summary(model, input_size=(1, 3, 224, 224))`
does. The totals below are computed from the layers.
""")

code("alexnet-summary", r"""
import "github.com/gocnn/gocnn/alexnet"

%%
m := alexnet.AlexNet(1000, 3)
s, err := summary.Summarize(m.Net, m.Input, summary.Options{})
check(err)
fmt.Println(m.Title)
fmt.Println(s)
""")

code("vgg-summary", r"""
%%
m := alexnet.VGG16(1000, 3)
s, err := summary.Summarize(m.Net, m.Input, summary.Options{})
check(err)
fmt.Println(m.Title)
fmt.Println(s)
""")

md("params-md", r"""
Where are all those parameters? A convolution's weights do not depend on the image size ($C_{out} C_{in} k^2$
plus $C_{out}$ biases), but the first fully connected layer connects every value of the last feature maps
($256 \cdot 6 \cdot 6 = 9{,}216$ for AlexNet, $512 \cdot 7 \cdot 7 = 25{,}088$ for VGG16) to 4,096 units. The
computation, on the other hand, is dominated by the convolutions, which run at every position of the image.
""")

code("params", r"""
%%
var multAdds []int64
for _, m := range []*alexnet.Model{alexnet.AlexNet(1000, 3), alexnet.VGG16(1000, 3)} {
	s, err := summary.Summarize(m.Net, m.Input, summary.Options{})
	check(err)
	multAdds = append(multAdds, s.TotalMultAdds)
	var conv, linear int64
	for _, r := range s.Rows {
		switch r.Type {
		case "Conv2d":
			conv += r.OwnParams
		case "Linear":
			linear += r.OwnParams
		}
	}
	fmt.Printf("%-8s params %s: convolutions %s (%.1f%%), linear layers %s (%.1f%%); mult-adds per image %.2f G\n",
		m.Name, summary.Thousands(s.TotalParams), summary.Thousands(conv), 100*float64(conv)/float64(s.TotalParams),
		summary.Thousands(linear), 100*float64(linear)/float64(s.TotalParams), float64(s.TotalMultAdds)/1e9)
}
fmt.Printf("VGG16 needs %.1f× AlexNet's mult-adds per 224×224 image\n", float64(multAdds[1])/float64(multAdds[0]))
""")

md("scratch-md", r"""
## AlexNet from scratch

The chapter writes AlexNet as a PyTorch module: a `features` block (conv 11×11/4 → ReLU → max pool 3/2, conv 5×5 →
ReLU → max pool, three 3×3 convs with ReLU, max pool), then `flatten` and a `classifier` (dropout → linear 9,216 →
4,096 → ReLU → dropout → linear 4,096 → 4,096 → ReLU → linear 4,096 → 1,000). `alexnet.AlexNet` is the same network
built from gocnn's PyTorch-style layers (`vision/nn`); `go doc github.com/gocnn/gocnn/alexnet AlexNet` lists its
layers. Below we run one random 224×224 RGB image through it on the backend. The first call builds and compiles
the graph and initialises the 61.1 million weights; the second reuses the weights and measures the forward pass
itself (it still rebuilds the graph).
""")

code("forward", r"""
import (
	"math/rand/v2"

	"github.com/gomlx/gomlx/ml/model"
)

%%
b, _, err := backend.New()
check(err)
m := alexnet.AlexNet(1000, 3)
img := make([]float32, 224*224*3) // one channels-last image [1, 224, 224, 3]
rng := rand.New(rand.NewPCG(1, 2))
for i := range img {
	img[i] = float32(rng.NormFloat64())
}
store := model.NewStore()
for _, what := range []string{"first call (graph + weight initialisation)", "second call (forward pass)"} {
	start := time.Now()
	logits, err := alexnet.Logits(b, store, m, img, 1)
	check(err)
	fmt.Printf("%-44s output shape [1 %d] in %v\n", what+":", len(logits), time.Since(start).Round(time.Millisecond))
}
fmt.Printf("AlexNet parameters: %.1f million (%s)\n", float64(m.NumParams())/1e6, summary.Thousands(m.NumParams()))
""")

md("train-md", r"""
## Training a scaled AlexNet on Fashion-MNIST

Training the full AlexNet on ImageNet took the authors a week on two GPUs. To see the architecture learn on a CPU
we use the scaled AlexNet of `go run ./alexnet/cmd` (`alexnet.FashionAlexNet`): the same design — a large strided
first convolution, five convolutions with ReLU, overlapping 3/2 max pooling, two dropout-regularised hidden
layers — at half the channel width, with a 5×5/2 first convolution, on Fashion-MNIST's 28×28 clothing images
resized to 64×64. It is trained with the 2012 paper's SGD (learning rate 0.01, momentum 0.9, weight decay 5e-4),
batch 128.

The command's default is 2 epochs on all 60,000 training images (87.15% test accuracy, about 10 minutes on this pure-Go backend; -epochs 10 trains longer). This
cell runs the command with a reduced setting instead — **full mode: 8,000 training images, 2 epochs**, tested on
the first 8,000 test images; **quick mode: 1,000 images at 32×32, 1 epoch** (it only shows that the pipeline works:
expect an accuracy not far from chance). It writes its files to `runs/ch05/fashion-alexnet/`; change the flags to
train longer.
""")

code("train", r"""
import (
	"os/exec"

	"github.com/gocnn/gocnn/vision/experiment"
)

%%
args := experiment.Mode(
	[]string{"-limit", "8000", "-epochs", "2"},                                  // full mode: a reduced setting
	[]string{"-size", "32", "-limit", "1000", "-epochs", "1", "-tsne", "200"}) // quick mode
args = append([]string{"run", "./alexnet/cmd", "-progress", "lines", "-out", "notebooks/runs/ch05/fashion-alexnet"}, args...)
fmt.Println("go", strings.Join(args, " "))
cmd := exec.Command("go", args...)
cmd.Dir = ".." // the repository root
cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
check(cmd.Run())
""")

code("train-report", r"""
%%
rep, err := experiment.ReadReport("runs/ch05/fashion-alexnet/test.json")
check(err)
fmt.Printf("scaled AlexNet, Fashion-MNIST test accuracy: %.2f%% (macro F1 %.3f, loss %.4f)\n", 100*rep.TestAcc, rep.MacroF1, rep.TestLoss)
check(experiment.ShowFile("runs/ch05/fashion-alexnet/curves.png"))
check(experiment.ShowFile("runs/ch05/fashion-alexnet/confusion.png"))
gonbui.Sync()
""")

md("pretrained-md", r"""
## Pretrained weights: classifying a photo

The chapter loads `models.alexnet(weights='IMAGENET1K_V1')` from torchvision. The Go AlexNet has torchvision's
layer names, so the same weights run here once converted to `.safetensors` (a simple, safe tensor format that Go
reads directly). With internet access, once, from the repository root:

```sh
/usr/bin/python3 alexnet/convert_weights.py --out notebooks/weights/alexnet.safetensors   # ~233 MB download
```

`alexnet.LoadWeights` then reads the file (transposing PyTorch's `(C_out, C_in, k, k)` filters to GoMLX's
channels-last layout), and `alexnet.Classify` preprocesses a photo as torchvision does (resize to 256, center crop
224, normalise with ImageNet's mean and standard deviation) and returns the five most probable of the 1,000
ImageNet classes. The next cell runs when both files exist — the weights at `$GOCNN_ALEXNET_WEIGHTS` or
`weights/alexnet.safetensors` and a JPEG/PNG photo at `$GOCNN_PHOTO` or `weights/photo.jpg` (paths relative to this
folder) — and otherwise says what is missing. The same works from the command line:
`go run ./alexnet/cmd -classify photo.jpg -weights alexnet.safetensors`.
""")

code("pretrained", r"""
import "cmp"

%%
weights := cmp.Or(os.Getenv("GOCNN_ALEXNET_WEIGHTS"), "weights/alexnet.safetensors")
photo := cmp.Or(os.Getenv("GOCNN_PHOTO"), "weights/photo.jpg")
for _, f := range []string{weights, photo} {
	if _, err := os.Stat(f); err != nil {
		fmt.Printf("pretrained demo skipped: %s not found.\n", f)
		fmt.Println("Convert the weights with: /usr/bin/python3 alexnet/convert_weights.py --out notebooks/weights/alexnet.safetensors")
		fmt.Println("and put a photo at notebooks/weights/photo.jpg (or set GOCNN_ALEXNET_WEIGHTS and GOCNN_PHOTO).")
		return
	}
}
b, _, err := backend.New()
check(err)
m, store := alexnet.AlexNet(1000, 3), model.NewStore()
check(alexnet.LoadWeights(store, m, weights))
img, err := alexnet.LoadImage(photo)
check(err)
preds, err := alexnet.Classify(b, store, m, img, 5)
check(err)
fmt.Printf("top-5 ImageNet classes for %s:\n", photo)
for i, p := range preds {
	fmt.Printf("%d. %s\n", i+1, p)
}
""")

md("summary-md", r"""
## Summary

* Pooling and convolution both slide a window; pooling keeps the maximum (or the mean) and has no parameters,
  convolution takes a weighted sum with learned filters of shape $(C_{out}, C_{in}, k, k)$.
* The output size along each axis is $\lfloor (H_{in} + 2p - d(k-1) - 1)/s \rfloor + 1$.
* AlexNet has 61.1 M parameters and VGG16 138.4 M, most of them in the first fully connected layer, while most of
  the computation happens in the convolutions; VGG16's deeper stack of 3×3 convolutions costs about 20 times
  AlexNet's mult-adds per image (the ratio is printed above).
""")


def main():
    nb = nbtools.new_notebook("05 · Pooling, convolution, AlexNet and VGG16")
    nb["cells"] = CELLS
    path = os.path.join(nbtools.NOTEBOOKS_DIR, NAME)
    nbtools.write_atomic(path, nbtools.notebook_json(nb))
    print(f"make_05: wrote {path} ({len(CELLS)} cells)")


if __name__ == "__main__":
    main()
