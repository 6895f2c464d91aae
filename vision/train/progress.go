package train

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"
)

// ParseProgress reads a progress mode as commands take it in a flag: "auto",
// "bar", "lines" or "off".
func ParseProgress(s string) (ProgressMode, error) {
	switch s {
	case "auto":
		return ProgressAuto, nil
	case "bar":
		return ProgressBar, nil
	case "lines":
		return ProgressLines, nil
	case "off":
		return ProgressOff, nil
	}
	return ProgressAuto, fmt.Errorf("progress mode %q: want auto, bar, lines or off", s)
}

// ProgressMode selects how Fit reports progress inside an epoch.
type ProgressMode int

const (
	// ProgressAuto draws a bar on a terminal, a live block in GoNB, and
	// otherwise prints a plain line every Config.LogEvery steps.
	ProgressAuto ProgressMode = iota
	// ProgressBar always draws the single-line bar rewritten with \r.
	ProgressBar
	// ProgressLines prints "step 0100 | loss 1.5063 | acc 0.6021" every
	// Config.LogEvery steps (the course's train_one_epoch format).
	ProgressLines
	// ProgressOff reports nothing inside epochs (epoch lines still print unless Config.Quiet).
	ProgressOff
)

// progress receives the step updates of one epoch.
type progress struct {
	out      io.Writer
	mode     ProgressMode // resolved: Bar, Lines, Off, or -1 for GoNB
	logEvery int
	live     func(html string) // the notebook block (Config.Live)
	epoch    int
	epochs   int
	total    int
	start    time.Time
	last     time.Time
}

const progressNotebook ProgressMode = -1

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func newProgress(out io.Writer, mode ProgressMode, logEvery int, live func(string)) *progress {
	if mode == ProgressAuto {
		switch {
		case live != nil:
			mode = progressNotebook
		case isTerminal(out):
			mode = ProgressBar
		default:
			mode = ProgressLines
		}
	}
	p := &progress{out: out, mode: mode, logEvery: logEvery}
	if mode == progressNotebook {
		if live == nil {
			live = func(string) {} // asked for a notebook block without one: show nothing
		}
		p.live = live
	}
	return p
}

func (p *progress) startEpoch(epoch, epochs, total int) {
	p.epoch, p.epochs, p.total = epoch, epochs, total
	p.start = time.Now()
	p.last = time.Time{}
}

// step reports step (1-based within the epoch) with running means of loss and accuracy.
func (p *progress) step(step int, loss, acc float64, images int) {
	switch p.mode {
	case ProgressLines:
		if p.logEvery > 0 && step%p.logEvery == 0 {
			fmt.Fprintf(p.out, "step %04d | loss %.4f | acc %.4f\n", step, loss, acc)
		}
	case ProgressBar, progressNotebook:
		now := time.Now()
		minGap := 100 * time.Millisecond
		if p.mode == progressNotebook {
			minGap = 500 * time.Millisecond
		}
		if step != p.total && now.Sub(p.last) < minGap {
			return
		}
		p.last = now
		elapsed := now.Sub(p.start).Seconds()
		ips := 0.0
		if elapsed > 0 {
			ips = float64(images) / elapsed
		}
		eta := 0.0
		if step > 0 {
			eta = elapsed / float64(step) * float64(p.total-step)
		}
		if p.mode == ProgressBar {
			const width = 24
			filled := width * step / max(p.total, 1)
			bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
			fmt.Fprintf(p.out, "\r\033[Kepoch %d/%d [%s] %d/%d loss %.4f acc %.4f %.0f img/s ETA %s",
				p.epoch, p.epochs, bar, step, p.total, loss, acc, ips, fmtDuration(eta))
			return
		}
		pct := 100 * float64(step) / float64(max(p.total, 1))
		p.live(fmt.Sprintf(
			`<div style="font-family:monospace">epoch %d/%d <progress value="%d" max="%d"></progress> %d/%d (%.0f%%) `+
				`loss <b>%.4f</b> acc <b>%.4f</b> %.0f img/s ETA %s</div>`,
			p.epoch, p.epochs, step, p.total, step, p.total, pct, loss, acc, ips, html.EscapeString(fmtDuration(eta))))
	}
}

// endEpoch clears the transient bar.
func (p *progress) endEpoch() {
	if p.mode == ProgressBar {
		fmt.Fprint(p.out, "\r\033[K")
	}
}

// finish removes the notebook block.
func (p *progress) finish() {
	if p.mode == progressNotebook {
		p.live("")
	}
}

func fmtDuration(secs float64) string {
	d := time.Duration(secs * float64(time.Second)).Round(time.Second)
	return d.String()
}
