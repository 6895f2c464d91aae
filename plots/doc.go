// Package plots draws the figures of the gocnn chapters: training curves, image
// and prediction grids, confusion matrices, class-distribution bars, histograms,
// experiment bar charts and tables, convolution filters and feature maps, and
// t-SNE scatter plots.
//
// Every constructor takes plain Go values (slices, labels, class names) and
// returns a *Figure, which renders to SVG and PNG (Figure.SVG, Figure.PNG),
// saves atomically (Figure.Save, Figure.SaveAll) and shows itself inline in a
// GoNB notebook (Figure.Display). Figures are drawn with gonum.org/v1/plot's
// vector-graphics canvas, so the SVG and PNG outputs are the same drawing.
//
// The t-SNE algorithm itself is an embedding algorithm, in vision/tsne.
package plots
