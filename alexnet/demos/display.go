package demos

import (
	"fmt"

	"github.com/janpfeifer/gonb/gonbui"
)

// Display shows the trace as HTML grids in a GoNB notebook, or prints its text
// outside one.
func (t *Trace) Display() {
	if gonbui.IsNotebook {
		gonbui.DisplayHTML(t.HTML())
		return
	}
	fmt.Print(t.Text())
}
