package serve

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Every bad request gets a 4xx with a JSON body {"error", "expected",
// "status"} whose error names the problem.
func TestAPIErrors(t *testing.T) {
	s := testServer(t)
	white := pngOf(t, make([]uint8, 28*28), 10) // all-white paper
	var wide bytes.Buffer
	if err := png.Encode(&wide, image.NewGray(image.Rect(0, 0, 4096, 1))); err != nil {
		t.Fatal(err)
	}
	nums := func(n int, v string) string { return "[" + strings.TrimSuffix(strings.Repeat(v+",", n), ",") + "]" }
	rows := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat(nums(28, "0")+",", n), ",") + "]" }
	withOne := func(v string) string { // 784 pixels with one bad value among 255s
		return `{"pixels": [` + strings.Repeat("255,", 783) + v + `]}`
	}
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		want                            string
	}{
		{"GET predict", "GET", "/api/predict", "", "", 405, "takes POST"},
		{"PUT model", "PUT", "/api/model", "", "", 405, "takes GET"},
		{"POST page", "POST", "/", "", "", 405, "takes GET"},
		{"unknown page", "GET", "/nope", "", "", 404, "no page /nope"},
		{"unknown API", "GET", "/api/nope", "", "", 404, "no API path"},
		{"empty body", "POST", "/api/predict", "image/png", "", 400, "empty request body"},
		{"text", "POST", "/api/predict", "text/plain", "hello", 415, "text/plain"},
		{"JPEG", "POST", "/api/predict", "image/jpeg", "\xff\xd8\xff", 415, "only PNG"},
		{"not a PNG", "POST", "/api/predict", "image/png", "hello", 400, "not a PNG"},
		{"truncated PNG", "POST", "/api/predict", "image/png", string(white[:40]), 400, "not a valid PNG"},
		{"sniffed garbage", "POST", "/api/predict", "", "hello", 400, "neither a PNG image nor JSON"},
		{"all-white PNG", "POST", "/api/predict", "image/png", string(white), 400, "empty drawing"},
		{"huge PNG", "POST", "/api/predict", "image/png", wide.String(), 400, "4096×1"},
		{"bad JSON", "POST", "/api/predict", "application/json", "{", 400, "invalid JSON"},
		{"unknown field", "POST", "/api/predict", "application/json", `{"pixel": []}`, 400, "unknown field"},
		{"no pixels", "POST", "/api/predict", "application/json", `{}`, 400, `no "pixels"`},
		{"short array", "POST", "/api/predict", "application/json", `{"pixels": [1, 2, 3]}`, 400, "3 pixels: want 28×28 = 784"},
		{"long array", "POST", "/api/predict", "application/json", `{"pixels": ` + nums(785, "1") + `}`, 400, "785 pixels"},
		{"27 rows", "POST", "/api/predict", "application/json", `{"pixels": ` + rows(27) + `}`, 400, "27 rows"},
		{"short row", "POST", "/api/predict", "application/json", `{"pixels": [[1, 2]]}`, 400, "row 0 has 2 values"},
		{"all zero", "POST", "/api/predict", "application/json", `{"pixels": ` + nums(784, "0") + `}`, 400, "empty drawing"},
		{"all zero mnistify", "POST", "/api/predict", "application/json", `{"pixels": ` + nums(784, "0") + `, "mnistify": true}`, 400, "empty drawing"},
		{"NaN literal", "POST", "/api/predict", "application/json", withOne("NaN"), 400, "NaN and Infinity are not JSON numbers"},
		{"NaN string", "POST", "/api/predict", "application/json", withOne(`"NaN"`), 400, `"pixels"[783] is the string "NaN"`},
		{"null (JS NaN)", "POST", "/api/predict", "application/json", withOne("null"), 400, "is null"},
		{"Inf overflow", "POST", "/api/predict", "application/json", withOne("1e999"), 400, "not finite"},
		{"Infinity literal", "POST", "/api/predict", "application/json", withOne("Infinity"), 400, "NaN and Infinity"},
		{"too bright", "POST", "/api/predict", "application/json", withOne("256"), 400, "= 256: want 0–255"},
		{"negative", "POST", "/api/predict", "application/json", withOne("-1"), 400, "= -1: want 0–255"},
		{"over 1 MiB", "POST", "/api/predict", "application/json", `{"pixels": [` + strings.Repeat(" ", MaxBodyBytes) + `]}`, 413, "limit"},
	}
	for _, c := range cases {
		status, v, hdr := do(t, s, c.method, c.path, c.ctype, []byte(c.body))
		if status != c.status {
			t.Errorf("%s: status %d: want %d (%v)", c.name, status, c.status, v)
			continue
		}
		msg, _ := v["error"].(string)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q: want it to contain %q", c.name, msg, c.want)
		}
		if int(v["status"].(float64)) != c.status {
			t.Errorf("%s: JSON status %v: want %d", c.name, v["status"], c.status)
		}
		if c.path == "/api/predict" && c.status != 405 && !strings.Contains(fmt.Sprint(v["expected"]), "PNG") {
			t.Errorf("%s: expected %q: want the accepted inputs", c.name, v["expected"])
		}
		if c.status == 405 && hdr.Get("Allow") == "" {
			t.Errorf("%s: 405 without an Allow header", c.name)
		}
	}
}

// A body over 1 MiB without Content-Length (chunked) is cut at the limit: 413.
func TestBodyLimitChunked(t *testing.T) {
	ts := httptest.NewServer(testServer(t))
	defer ts.Close()
	body := strings.NewReader(strings.Repeat("[", MaxBodyBytes+10))
	req, _ := http.NewRequest("POST", ts.URL+"/api/predict", struct{ *strings.Reader }{body}) // hides the length
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 413 || req.ContentLength != 0 {
		t.Errorf("status %d (Content-Length %d): want 413 for a chunked body over 1 MiB", res.StatusCode, req.ContentLength)
	}
}

// The same digit as a JSON array and as a drawn PNG (10× larger, dark on
// white) gives the same 28×28 input and answer: MNISTify leaves an MNIST
// digit as it is. The synthetic "1" is a 3×18 bar, which MNISTify scales to
// 20 rows, so compare the PNG with the JSON sent with "mnistify": true.
func TestPredictPNGAndJSON(t *testing.T) {
	s := testServer(t)
	st, fromJSON, _ := do(t, s, "POST", "/api/predict", "application/json", []byte(strings.Replace(string(jsonBody(t, bar())), "}", `, "mnistify": true}`, 1)))
	if st != 200 {
		t.Fatalf("JSON: status %d: %v", st, fromJSON)
	}
	st, fromPNG, _ := do(t, s, "POST", "/api/predict", "image/png", pngOf(t, bar(), 10))
	if st != 200 {
		t.Fatalf("PNG: status %d: %v", st, fromPNG)
	}
	if fromJSON["label"].(float64) != 1 || fromPNG["label"].(float64) != 1 {
		t.Errorf("labels %v (JSON) and %v (PNG): want 1 for a vertical bar", fromJSON["label"], fromPNG["label"])
	}
	a, b := fromJSON["input"].(map[string]any)["pixels"].([]any), fromPNG["input"].(map[string]any)["pixels"].([]any)
	diff := 0
	for i := range a {
		if d := a[i].(float64) - b[i].(float64); d > 2 || d < -2 {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of 784 input pixels differ by more than 2 levels between the PNG and the JSON", diff)
	}
	maps := fromPNG["feature_maps"].([]any)
	if len(maps) != 2 {
		t.Fatalf("%d feature maps: want C1 and C3", len(maps))
	}
	for i, want := range []struct {
		layer   string
		c, h, w int
	}{{"C1", 6, 28, 28}, {"C3", 16, 10, 10}} {
		m := maps[i].(map[string]any)
		if m["layer"] != want.layer || int(m["channels"].(float64)) != want.c || len(m["maps"].([]any)) != want.c ||
			len(m["maps"].([]any)[0].([]any)) != want.h*want.w {
			t.Errorf("feature map %d: %v %v×%v×%v: want %s %d×%d×%d", i, m["layer"], m["channels"], m["height"], m["width"], want.layer, want.c, want.h, want.w)
		}
	}
	ni := fromPNG["network_input"].(map[string]any)
	if ni["width"].(float64) != 32 || len(ni["values"].([]any)) != 32*32 {
		t.Errorf("network input %v wide with %d values: want 32×32", ni["width"], len(ni["values"].([]any)))
	}
}

// GET /api/model describes LeNet-5 and the shipped weights.
func TestModelInfo(t *testing.T) {
	s := testServer(t)
	st, v, _ := do(t, s, "GET", "/api/model", "", nil)
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	w := v["weights"].(map[string]any)
	if v["model"] != "lenet5" || v["parameters"].(float64) != 61706 || w["test_accuracy"].(float64) != 0.9909 ||
		!strings.Contains(w["made"].(string), "-recipe best") || len(v["layers"].([]any)) != 12 {
		t.Errorf("model info %v: want lenet5, 61,706 parameters, 12 layers, weights from -recipe best at 99.09%%", v)
	}
	for _, page := range []string{"/", "/app.js", "/style.css", "/favicon.svg"} {
		req := httptest.NewRequest("GET", page, nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("GET %s: status %d, %d bytes", page, rec.Code, rec.Body.Len())
		}
		if strings.Contains(rec.Body.String(), "https://") && page != "/" {
			t.Errorf("GET %s refers to https:// (the page must work offline)", page)
		}
	}
}

func TestListenAddr(t *testing.T) {
	for in, want := range map[string]string{":8080": "127.0.0.1:8080", "8080": "127.0.0.1:8080",
		"0.0.0.0:80": "0.0.0.0:80", "[::1]:9": "[::1]:9", "localhost:1": "localhost:1"} {
		if got, err := ListenAddr(in); err != nil || got != want {
			t.Errorf("ListenAddr(%q) = %q, %v: want %q", in, got, err, want)
		}
	}
	if _, err := ListenAddr("a:b:c"); err == nil {
		t.Error("ListenAddr(a:b:c): want an error")
	}
	for addr, want := range map[string]bool{"127.0.0.1:1": true, "[::1]:1": true, "localhost:1": true, "0.0.0.0:1": false, "10.0.0.1:1": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) = %v", addr, !want)
		}
	}
}
