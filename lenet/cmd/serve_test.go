package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// -serve in a child process (this binary's main): it says where it listens
// (127.0.0.1 for ":0"), answers, and on SIGTERM finishes the request in
// flight (its body still arriving), then exits with status 0 within 15 s.
func TestServeGracefulShutdown(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-serve", ":0", "-backend", "go")
	cmd.Env = append(os.Environ(), "LENET_CMD_RUN_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }() // if the test fails before the exit
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base, all string
	deadline := time.After(90 * time.Second)
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the server stopped before listening; stdout %q, stderr %q", all, stderr.String())
			}
			all += l + "\n"
			if rest, ok := strings.CutPrefix(l, "serving http://"); ok {
				base = "http://" + strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		case <-deadline:
			t.Fatalf("no \"serving\" line within 90 s; stdout %q", all)
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("-serve :0 listens on %s: want 127.0.0.1", base)
	}
	for l := range lines { // the lines printed with the address
		all += l + "\n"
		if strings.HasPrefix(l, "Ctrl-C") {
			break
		}
	}
	if !strings.Contains(all, "loopback interface only") {
		t.Errorf("stdout %q: want it to say it listens on the loopback interface only", all)
	}

	// A request whose body is half sent when SIGTERM arrives.
	img := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 20; y < 80; y++ {
		for x := 45; x < 55; x++ {
			img.SetGray(x, y, color.Gray{})
		}
	}
	var body bytes.Buffer
	if err := png.Encode(&body, img); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	type answer struct {
		status int
		label  int
		err    error
	}
	done := make(chan answer, 1)
	go func() {
		res, err := http.Post(base+"/api/predict", "image/png", pr)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer res.Body.Close()
		var p struct{ Label int }
		err = json.NewDecoder(res.Body).Decode(&p)
		done <- answer{res.StatusCode, p.Label, err}
	}()
	half := body.Len() / 2
	if _, err := pw.Write(body.Bytes()[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if _, err := pw.Write(body.Bytes()[half:]); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-done
	if a.err != nil || a.status != 200 || a.label != 1 {
		t.Errorf("request in flight during SIGTERM: status %d, label %d, %v: want 200 and label 1 (a vertical bar)", a.status, a.label, a.err)
	}
	exited := make(chan error, 1)
	go func() {
		for l := range lines {
			all += l + "\n"
		}
		exited <- cmd.Wait()
	}()
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Errorf("exit after SIGTERM: %v: want status 0; stderr %q", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15 s after SIGTERM")
	}
	if !strings.HasSuffix(all, "stopped\n") {
		t.Errorf("stdout %q: want it to end with \"stopped\"", all)
	}
}
