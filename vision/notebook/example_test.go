package notebook_test

import (
	"fmt"

	"github.com/gocnn/gocnn/vision/notebook"
)

type table struct{ rows []string }

func (t table) HTML() string   { return "<table>…</table>" }
func (t table) String() string { return fmt.Sprint(t.rows) }

// Outside a notebook, Show prints what it would display: here the table's
// String.
func ExampleShow() {
	if err := notebook.Show(table{rows: []string{"a", "b"}}); err != nil {
		fmt.Println(err)
	}
	// Output: [a b]
}

// A Table shows as HTML in a notebook; outside one Show prints its columns.
func ExampleTable() {
	rows := [][]string{{"H1", "104"}, {"H3", "1,212"}, {"Output", "1,930"}}
	if err := notebook.Show(notebook.Table{Header: []string{"layer", "params"}, Rows: rows}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// layer   params
	// H1      104
	// H3      1,212
	// Output  1,930
}
