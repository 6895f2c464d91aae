package alexnet

import (
	"github.com/gocnn/gocnn/vision/models"
	"github.com/gocnn/gocnn/vision/nn"
)

// VGGConfigs are torchvision's VGG configurations (torchvision.models.vgg
// cfgs): output channels of each 3×3 conv (padding 1, followed by ReLU), 0
// for a 2×2 max pool. "A" is VGG-11, "B" VGG-13, "D" VGG-16, "E" VGG-19
// (Simonyan & Zisserman 2014, Table 1).
var VGGConfigs = map[string][]int{
	"A": {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0},
	"B": {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0},
	"D": {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0},
	"E": {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0},
}

// kaimingNormalFanOut and kaimingNormalFanIn are torch.nn.init.kaiming_normal_
// with mode "fan_out" (torchvision VGG's convolutions) and "fan_in".
var (
	kaimingNormalFanOut = nn.KaimingNormalFanOut
	kaimingNormalFanIn  = nn.KaimingNormalFanIn
)

// VGG builds torchvision's VGG (without batch norm) for one of VGGConfigs:
// features (children numbered as torchvision's, so "features.0.weight" …
// load unchanged), avgpool AdaptiveAvgPool2d(7, 7), flatten, and classifier
// Linear(512·7·7, 4096) → ReLU → Dropout → Linear(4096, 4096) → ReLU →
// Dropout → Linear(4096, classes), with torchvision's initialisation (convs
// Kaiming normal fan_out, biases 0, linears N(0, 0.01)). Input 3×224×224.
// An unknown cfg returns nil.
func VGG(cfg string, numClasses, inChannels int) *models.Model {
	layers, ok := VGGConfigs[cfg]
	if !ok {
		return nil
	}
	features := nn.Seq()
	in := inChannels
	for _, v := range layers {
		if v == 0 {
			features.Append(nn.NewMaxPool2d(2))
			continue
		}
		features.Append(nn.NewConv2d(in, v, 3).Padding(1).Init(kaimingNormalFanOut, nn.Zeros))
		features.Append(nn.NewReLU())
		in = v
	}
	linear := func(i, o int) nn.Layer { return nn.NewLinear(i, o).Init(nn.Normal(0, 0.01), nn.Zeros) }
	classifier := nn.Seq(
		linear(512*7*7, 4096), nn.NewReLU(), nn.NewDropout(0.5),
		linear(4096, 4096), nn.NewReLU(), nn.NewDropout(0.5),
		linear(4096, numClasses),
	)
	net := nn.NewSequential(
		nn.Named{Name: "features", Layer: features},
		nn.Named{Name: "avgpool", Layer: nn.NewAdaptiveAvgPool2d(7, 7)},
		nn.Named{Name: "flatten", Layer: nn.NewFlatten()},
		nn.Named{Name: "classifier", Layer: classifier},
	)
	return &models.Model{Name: "vgg-" + cfg, Title: "VGG config " + cfg + " (torchvision)", Net: net,
		Input: []int{inChannels, 224, 224}, Embedding: "classifier.4"}
}

// VGG11 is torchvision's vgg11 (configuration "A", 8 convs + 3 linear
// layers): 132,863,336 parameters for 1,000 classes.
func VGG11(numClasses, inChannels int) *models.Model {
	m := VGG("A", numClasses, inChannels)
	m.Name, m.Title = "vgg11", "VGG-11 (torchvision)"
	return m
}

// VGG16 is torchvision's vgg16 (configuration "D", 13 convs + 3 linear
// layers): 138,357,544 parameters for 1,000 classes.
func VGG16(numClasses, inChannels int) *models.Model {
	m := VGG("D", numClasses, inChannels)
	m.Name, m.Title = "vgg16", "VGG-16 (torchvision)"
	return m
}
