// Package notebook shows the course's results in a GoNB notebook: figures,
// tables and summaries inline, image files a previous cell wrote, and a live
// HTML block for the training progress. It is the one package that imports
// GoNB's gonbui; the library's other packages produce SVG, PNG, HTML or text
// and know nothing of notebooks.
//
// Outside a notebook (a test, a command) every function degrades to plain
// output or to nothing, as documented on each:
//
//	notebook.Show(fig)                        // a plots.Figure, as SVG
//	notebook.Show(summary)                    // anything with HTML() (and String or Text outside)
//	notebook.PNG(fig, 100)                    // a large figure as PNG
//	notebook.File("runs/ch02/curves.png")     // a PNG or SVG file
//	experiment.RunConfig{..., Live: notebook.Live()} // the training progress, updated in place
package notebook
