package models_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/models"
)

// A package registers its builders (usually in init); New builds one by name.
func Example() {
	models.MustRegister("example-tiny", tiny)
	m, err := models.New("example-tiny", models.Options{Classes: 3, Size: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Input, m.NumParams())
	// Output: [1 2 2] 15
}
