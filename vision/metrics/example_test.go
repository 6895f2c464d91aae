package metrics_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/metrics"
)

func Example() {
	yTrue := []int32{0, 1, 2, 2, 2, 1, 0}
	yPred := []int32{0, 0, 2, 2, 1, 2, 0}
	cm, err := metrics.ConfusionMatrix(3, yTrue, yPred)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(cm)
	fmt.Printf("accuracy %.4f macro-F1 %.4f\n", cm.Accuracy(), cm.MacroF1())
	report, _ := cm.Report([]string{"zero", "one", "two"}, 2)
	fmt.Print(report)
	// Output:
	// 2 0 0
	// 1 0 1
	// 0 1 2
	// accuracy 0.5714 macro-F1 0.4889
	//               precision    recall  f1-score   support
	//
	//         zero       0.67      1.00      0.80         2
	//          one       0.00      0.00      0.00         2
	//          two       0.67      0.67      0.67         3
	//
	//     accuracy                           0.57         7
	//    macro avg       0.44      0.56      0.49         7
	// weighted avg       0.48      0.57      0.51         7
}
