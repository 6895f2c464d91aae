package alexnet

import (
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// AlexNet2012 is the network of Krizhevsky, Sutskever & Hinton, "ImageNet
// Classification with Deep Convolutional Neural Networks", NIPS 2012, in its
// single-GPU form (every conv sees all channels of the previous layer):
//
//	conv1 96@11×11 stride 4 → ReLU → norm1 LRN → pool1 max 3/2
//	conv2 256@5×5 pad 2    → ReLU → norm2 LRN → pool2 max 3/2
//	conv3 384@3×3 pad 1 → ReLU → conv4 384@3×3 pad 1 → ReLU → conv5 256@3×3 pad 1 → ReLU → pool5 max 3/2
//	fc6 4096 → ReLU → dropout 0.5 → fc7 4096 → ReLU → dropout 0.5 → fc8 classes
//
// LRN is size 5, alpha 1e-4, beta 0.75, k 2 (section 3.3; PyTorch's
// LocalResponseNorm divides alpha by size as Caffe does, the usual reading of
// the paper); pooling is overlapping, 3×3 windows with stride 2 (section 3.4).
//
// Input 3×227×227, not the paper's 224: with an 11×11 kernel, stride 4 and no
// padding only 227 gives the paper's 55×55 first feature maps
// ((227−11)/4+1 = 55; 224 gives 54.25, the paper's well-known inconsistency),
// and then 27, 13 and 6×6×256 = 9,216 inputs to fc6, as the paper's figure 2.
// Layer names follow Caffe's bvlc_alexnet. 62,378,344 parameters for 1,000
// classes (60,965,224 with the two-GPU grouping, AlexNet2012Grouped).
func AlexNet2012(numClasses, inChannels int) *models.Model {
	return alexNet2012(numClasses, inChannels, 1)
}

// AlexNet2012Grouped is AlexNet2012 with the paper's two-GPU connectivity as
// convolution groups: conv2, conv4 and conv5 only see the channels computed
// on their own GPU (groups=2), conv3 and the linear layers see everything.
// 60,965,224 parameters for 1,000 classes, the paper's "60 million".
func AlexNet2012Grouped(numClasses, inChannels int) *models.Model {
	return alexNet2012(numClasses, inChannels, 2)
}

func alexNet2012(numClasses, inChannels, groups int) *models.Model {
	lrn := func() nn.Layer { return nn.NewLocalResponseNorm(5).Alpha(1e-4).Beta(0.75).K(2) }
	pool := func() nn.Layer { return nn.NewMaxPool2d(3).Stride(2) }
	net := nn.NewSequential(
		nn.Named{Name: "conv1", Layer: nn.NewConv2d(inChannels, 96, 11).Stride(4)},
		nn.Named{Name: "relu1", Layer: nn.NewReLU()},
		nn.Named{Name: "norm1", Layer: lrn()},
		nn.Named{Name: "pool1", Layer: pool()},
		nn.Named{Name: "conv2", Layer: nn.NewConv2d(96, 256, 5).Padding(2).Groups(groups)},
		nn.Named{Name: "relu2", Layer: nn.NewReLU()},
		nn.Named{Name: "norm2", Layer: lrn()},
		nn.Named{Name: "pool2", Layer: pool()},
		nn.Named{Name: "conv3", Layer: nn.NewConv2d(256, 384, 3).Padding(1)},
		nn.Named{Name: "relu3", Layer: nn.NewReLU()},
		nn.Named{Name: "conv4", Layer: nn.NewConv2d(384, 384, 3).Padding(1).Groups(groups)},
		nn.Named{Name: "relu4", Layer: nn.NewReLU()},
		nn.Named{Name: "conv5", Layer: nn.NewConv2d(384, 256, 3).Padding(1).Groups(groups)},
		nn.Named{Name: "relu5", Layer: nn.NewReLU()},
		nn.Named{Name: "pool5", Layer: pool()},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "fc6", Layer: nn.NewLinear(256*6*6, 4096)},
		nn.Named{Name: "relu6", Layer: nn.NewReLU()},
		nn.Named{Name: "drop6", Layer: nn.NewDropout(0.5)},
		nn.Named{Name: "fc7", Layer: nn.NewLinear(4096, 4096)},
		nn.Named{Name: "relu7", Layer: nn.NewReLU()},
		nn.Named{Name: "drop7", Layer: nn.NewDropout(0.5)},
		nn.Named{Name: "fc8", Layer: nn.NewLinear(4096, numClasses)},
	)
	m := &models.Model{Name: "alexnet2012", Title: "AlexNet (Krizhevsky et al. 2012)", Net: net,
		Input: []int{inChannels, 227, 227}, Embedding: "relu7"}
	if groups == 2 {
		m.Name, m.Title = "alexnet2012-2gpu", "AlexNet (Krizhevsky et al. 2012, two-GPU groups)"
	}
	return m
}
