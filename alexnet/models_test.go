package alexnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/gocnn/gocnn/internal/modeltest"
	"github.com/gocnn/gocnn/vision/models"
)

// New builds a registered model for classes and channels.
func New(name string, classes, channels int) (*models.Model, error) {
	return models.New(name, models.Options{Classes: classes, Channels: channels})
}

// Parameter counts at 1,000 classes and 3 input channels:
//   - alexnet 61,100,840: torchvision's documented count for models.alexnet
//     (AlexNet_Weights.IMAGENET1K_V1.meta["num_params"]);
//   - alexnet2012: conv 34,944 + 614,656 + 885,120 + 1,327,488 + 884,992,
//     fc 37,752,832 + 16,781,312 + 4,097,000 = 62,378,344;
//   - the two-GPU form halves the inputs of conv2, conv4 and conv5:
//     62,378,344 − 307,200 − 663,552 − 442,368 = 60,965,224 (Caffe's
//     bvlc_alexnet count);
//   - vgg11 132,863,336 and vgg16 138,357,544: torchvision's documented
//     counts.
func TestParameterCounts(t *testing.T) {
	modeltest.CheckCounts(t, models.Options{Classes: 1000, Channels: 3}, []modeltest.Count{
		{Name: "alexnet", Want: 61100840, Why: "torchvision's documented count"},
		{Name: "alexnet2012", Want: 62378344, Why: "the 2012 paper's layers"},
		{Name: "alexnet2012-2gpu", Want: 60965224, Why: "Caffe's bvlc_alexnet count"},
		{Name: "vgg11", Want: 132863336, Why: "torchvision's documented count"},
		{Name: "vgg16", Want: 138357544, Why: "torchvision's documented count"},
	})
}

// Mult-adds as torchinfo counts them (layer_info.py calculate_macs: conv
// (weight+bias numel)·Ho·Wo; linear weight+bias numel). AlexNet at 224:
// 70,470,400 + 224,088,768 + 112,205,184 + 149,563,648 + 99,723,520 +
// 37,752,832 + 16,781,312 + 4,097,000 = 714,682,664 (torchinfo prints "Total
// mult-adds (M): 714.68"). VGG-16: convs 15,360,178,176 + linears
// 102,764,544 + 16,781,312 + 4,097,000 = 15,483,821,032 (torchinfo: 15.48 G).
func TestMultAdds(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int64
	}{
		{"alexnet", 714682664},
		{"vgg16", 15483821032},
	} {
		m, _ := New(tc.name, 1000, 3)
		if got := m.MultAdds(); got != tc.want {
			t.Errorf("%s: %d mult-adds, want %d", tc.name, got, tc.want)
		}
	}
}

// The 2012 network's maps are 55, 27, 13, 13, 13 and 6 pixels wide at 227
// (Krizhevsky et al. 2012, figure 2).
func TestAlexNet2012Shapes(t *testing.T) {
	m := AlexNet2012(1000, 3)
	for _, tc := range []struct {
		path string
		want []int
	}{
		{"conv1", []int{96, 55, 55}}, {"pool1", []int{96, 27, 27}}, {"conv2", []int{256, 27, 27}},
		{"pool2", []int{256, 13, 13}}, {"conv5", []int{256, 13, 13}}, {"pool5", []int{256, 6, 6}},
		{"flatten", []int{9216}},
	} {
		shape := m.Input
		var got []int
		for _, c := range m.Net.Children() {
			out, err := c.Layer.OutputShape(shape)
			if err != nil {
				t.Fatal(err)
			}
			shape = out
			if c.Name == tc.path {
				got = out
				break
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: output %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New("alexnet7", 10, 3); err == nil || !strings.Contains(err.Error(), `"alexnet7"`) || !strings.Contains(err.Error(), "vgg16") {
		t.Errorf("unknown model: err = %v, want one naming it and listing vgg16", err)
	}
	if _, err := New("alexnet", 1, 3); err == nil {
		t.Error("1 class: want an error")
	}
	if _, err := New("alexnet", 10, -1); err == nil {
		t.Error("-1 channels: want an error")
	}
	if VGG("Z", 10, 3) != nil || FashionAlexNetSized(10, 1, 16, 1) != nil {
		t.Error("unknown VGG config or too small input: want nil")
	}
}

// FashionAlexNet on 1×64×64 with 10 classes: conv 1·32·25+32 = 832,
// 32·96·25+96 = 76,896, 96·128·9+128 = 110,720, 128·128·9+128 = 147,584,
// 128·96·9+96 = 110,688; 96·3·3 = 864 features; linear 864·512+512 =
// 442,880, 512·512+512 = 262,656, 512·10+10 = 5,130; total 1,157,386.
func TestFashionAlexNet(t *testing.T) {
	m := FashionAlexNet(10, 1)
	if got := m.NumParams(); got != 1157386 {
		t.Errorf("%d parameters, want 1,157,386", got)
	}
}
