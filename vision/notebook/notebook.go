package notebook

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
)

// In reports whether the program runs inside a GoNB notebook.
func In() bool { return gonbui.IsNotebook }

// HTML shows an HTML fragment in the notebook; outside one it does nothing.
func HTML(html string) {
	if In() {
		gonbui.DisplayHTML(html)
	}
}

// Show displays v: something with SVG() ([]byte, error) (a plots.Figure)
// inline as SVG, kept when the notebook is saved, and nothing outside a
// notebook; something with HTML() string (a summary, a trace, a table) as
// HTML, and outside a notebook its Text() or String(), printed to stdout.
// Another value is an error.
func Show(v any) error {
	if s, ok := v.(interface{ SVG() ([]byte, error) }); ok {
		if !In() {
			return nil
		}
		svg, err := s.SVG()
		if err != nil {
			return fmt.Errorf("notebook: %w", err)
		}
		gonbui.DisplaySVG(string(svg))
		return nil
	}
	h, ok := v.(interface{ HTML() string })
	if !ok {
		return fmt.Errorf("notebook: cannot show a %T: want SVG() or HTML()", v)
	}
	if In() {
		gonbui.DisplayHTML(h.HTML())
		return nil
	}
	switch t := v.(type) {
	case interface{ Text() string }:
		fmt.Print(t.Text())
	case fmt.Stringer:
		fmt.Println(t.String())
	}
	return nil
}

// PNG displays a figure (anything with PNG(dpi int) ([]byte, error)) inline
// as a PNG at dpi, for figures with many points whose SVG is large; outside a
// notebook it does nothing.
func PNG(fig interface{ PNG(int) ([]byte, error) }, dpi int) error {
	if !In() {
		return nil
	}
	png, err := fig.PNG(dpi)
	if err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	gonbui.DisplayPNG(png)
	return nil
}

// File displays a PNG or SVG file inline, for figures a previous cell wrote;
// outside a notebook it prints the path.
func File(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	if !In() {
		fmt.Println("figure:", path)
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		gonbui.DisplayPNG(data)
	case ".svg":
		gonbui.DisplaySVG(string(data))
	default:
		return fmt.Errorf("notebook: File %s: want a .png or .svg file", path)
	}
	return nil
}

// Live returns a function that replaces the content of one HTML block of the
// notebook's output each time it is called (an empty string removes it), for
// train.Config.Live and experiment.RunConfig.Live; outside a notebook it
// returns nil, and the training loop prints lines or a bar instead.
func Live() func(html string) {
	if !In() {
		return nil
	}
	id := gonbui.UniqueId()
	return func(html string) { gonbui.UpdateHTML(id, html) }
}
