package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocnn/gocnn/datasets"
)

// loadInputs are 64 distinct requests: MNIST test digits when the data is
// there (else synthetic strokes), alternately as JSON arrays and as PNG
// drawings (4× larger, dark on white).
func loadInputs(t *testing.T) (bodies [][]byte, types []string) {
	var imgs [][]uint8
	if ds, err := datasets.LoadSplit(datasets.MNIST, "test", datasets.Options{}); err == nil {
		for i := range 64 {
			imgs = append(imgs, ds.Image(i))
		}
	} else {
		for i := range 64 {
			img := make([]uint8, 28*28)
			for y := 4 + i%5; y < 22+i%5; y++ {
				for x := 6 + i%16; x < 9+i%16; x++ {
					img[y*28+x] = uint8(128 + i)
				}
				img[y*28+4+(y*i)%20] = 255
			}
			imgs = append(imgs, img)
		}
	}
	for i, img := range imgs {
		if i%2 == 0 {
			bodies, types = append(bodies, jsonBody(t, img)), append(types, "application/json")
		} else {
			bodies, types = append(bodies, pngOf(t, img, 4)), append(types, "image/png")
		}
	}
	return bodies, types
}

// 2,000 requests from 32 concurrent clients over real TCP on 127.0.0.1: no
// error, and every answer is byte-for-byte the answer the same input got
// alone. The Predictor batches the concurrent requests into executions of up
// to MaxBatch (always padded to it); the answers must not depend on the batch.
// The latency percentiles and the throughput are logged (go test -v -run
// TestLoad).
func TestLoad(t *testing.T) {
	const requests, clients = 2000, 32
	s := testServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(ln.Addr().String(), s)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/api/predict"
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // bounded: stops by itself
	defer cancel()
	post := func(body []byte, ctype string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", ctype)
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		out, err := io.ReadAll(res.Body)
		if err != nil {
			return nil, err
		}
		if res.StatusCode != 200 {
			return nil, fmt.Errorf("status %d: %s", res.StatusCode, out)
		}
		return out, nil
	}
	bodies, types := loadInputs(t)
	single := make([][]byte, len(bodies))
	var alone []time.Duration
	for i := range bodies {
		t0 := time.Now()
		single[i], err = post(bodies[i], types[i])
		alone = append(alone, time.Since(t0))
		if err != nil {
			t.Fatalf("input %d alone: %v", i, err)
		}
		var p Prediction
		if err := json.Unmarshal(single[i], &p); err != nil || len(p.Probabilities) != 10 {
			t.Fatalf("input %d alone: %v, %d probabilities", i, err, len(p.Probabilities))
		}
	}
	b0, r0 := s.p.batches.Load(), s.p.requests.Load()
	var next atomic.Int64
	lat := make([]time.Duration, requests)
	var mu sync.Mutex
	var errs []string
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= requests || ctx.Err() != nil {
					return
				}
				i := n % len(bodies)
				t0 := time.Now()
				out, err := post(bodies[i], types[i])
				lat[n] = time.Since(t0)
				if err == nil && !bytes.Equal(out, single[i]) {
					err = fmt.Errorf("input %d: the answer differs from the single-request answer", i)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("request %d: %v", n, err))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if len(errs) > 0 {
		t.Errorf("%d of %d requests failed; first: %s", len(errs), requests, errs[0])
	}
	if n := next.Load(); n < requests {
		t.Fatalf("only %d of %d requests sent before the time limit", n, requests)
	}
	slices.Sort(lat)
	slices.Sort(alone)
	t.Logf("backend %s: %d requests one at a time: p50 %.1f ms", sharedName, len(alone), ms(alone[len(alone)/2]))
	batches, reqs := s.p.batches.Load()-b0, s.p.requests.Load()-r0
	t.Logf("backend %s: %d requests (%d clients, half JSON, half 112×112 PNG): p50 %.1f ms, p99 %.1f ms, %.0f requests/s; %d executions, %.1f requests per execution",
		sharedName, requests, clients, ms(lat[requests/2]), ms(lat[requests*99/100]), requests/wall.Seconds(), batches, float64(reqs)/float64(max(batches, 1)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// The shipped weights classify MNIST's 10,000 test digits as their run
// measured (99.09%, weights/README.md) through the served path: the
// Predictor's batching and its executables compiled after loading. A backend
// may flip a digit or two (floating-point order), hence ≥ 99.0%.
func TestShippedWeightsAccuracy(t *testing.T) {
	ds := mnistTest(t)
	s := testServer(t)
	var correct atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	for range 32 {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= ds.N {
					return
				}
				p, err := s.p.Predict(context.Background(), ds.Image(i))
				if err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				if p.Label == int(ds.Labels[i]) {
					correct.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if err := firstErr.Load(); err != nil {
		t.Fatal(err)
	}
	acc := float64(correct.Load()) / float64(ds.N)
	t.Logf("backend %s: shipped weights: %d of %d test digits right (%.2f%%)", sharedName, correct.Load(), ds.N, 100*acc)
	if acc < 0.990 {
		t.Errorf("accuracy %.4f: want ≥ 0.990 (the run measured 0.9909)", acc)
	}
}
