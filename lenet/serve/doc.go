// Package serve is chapter 4's exercise as a small web application: a page
// where a student draws a digit and a trained LeNet answers while they draw,
// served by
//
//	go run ./lenet/cmd -serve 127.0.0.1:8080                 # the shipped LeNet-5 (99.09%)
//	go run ./lenet/cmd -serve 127.0.0.1:8080 -weights runs/…/model.safetensors
//	go run ./lenet/cmd -serve 127.0.0.1:8080 -resume runs/…  # a run's best weights
//
// The page (index.html, app.js and style.css, embedded with go:embed: nothing
// from a CDN, it works offline) has a canvas for mouse, pen and touch (and the
// keyboard: arrows move a pen, Space lowers or lifts it, Delete clears), the
// ten class probabilities as bars, the 28×28 image the network sees, the
// network's resized and normalised input, and the feature maps of the first
// two convolution layers (LeNet-5's C1 and C3). It follows the system's light
// or dark scheme and has a switch.
//
// # JSON API
//
// POST /api/predict takes either
//
//   - a PNG (Content-Type: image/png): a digit on a plain background, either
//     polarity, at most 2048×2048 pixels. It goes through MNIST's own
//     normalisation (datasets.MNISTify): grey, inverted when the paper is
//     light, the ink's bounding box scaled into 20×20 keeping its aspect
//     ratio, the centre of mass moved to (14, 14) of a 28×28 field; or
//   - JSON (Content-Type: application/json) {"pixels": P, "mnistify": false}
//     where P is 784 numbers or 28 rows of 28, grey levels 0–255 with 0 the
//     background and 255 ink (MNIST's IDX convention), used as they are, or
//     after MNISTify when "mnistify" is true. A bare array P is accepted too.
//
// The image then gets the weights' run's preprocessing (LeNet-5: resize to
// 32×32, (x/255 − 0.1307)/0.3081) and the answer is a Prediction:
//
//	{"label": 7,
//	 "probabilities": [10 numbers summing to 1],
//	 "input": {"width": 28, "height": 28, "pixels": [784 grey levels]},
//	 "network_input": {"width": 32, "height": 32, "values": [1024 numbers]},
//	 "feature_maps": [{"layer": "C1", "channels": 6, "height": 28, "width": 28,
//	                   "min": -1.9, "max": 2.3, "maps": [6 × 784 levels 0–255]},
//	                  {"layer": "C3", "channels": 16, "height": 10, "width": 10, …}]}
//
// GET /api/model answers a ModelInfo: the architecture (layers and output
// shapes), the number of parameters, the preprocessing, where the weights
// came from (embedded, a file or a run directory, with their SHA-256) and
// their test accuracy when known, the backend and the body limit.
//
// Errors are JSON {"error": what was wrong, "expected": what is accepted,
// "status": code}: 400 for a body that is not a PNG or JSON, an empty or
// all-white drawing, a wrong array size, NaN, infinite or out-of-range values;
// 413 for a body over 1 MiB (MaxBodyBytes); 415 for another media type; 405
// for a wrong method (with an Allow header); 404 for an unknown path.
//
// # Limits
//
// The server reads headers within 5 s, whole requests within 15 s, writes
// within 30 s and closes idle connections after 60 s; bodies are limited to
// 1 MiB and PNGs to 2048×2048 pixels (checked before decoding). On SIGINT or
// SIGTERM it stops accepting connections and lets requests in flight finish
// (up to 10 s). `-serve :8080` binds 127.0.0.1; another host must be named
// explicitly (e.g. 0.0.0.0:8080). There is no authentication: do not expose it
// beyond a classroom you trust.
//
// Concurrent predictions are batched: the Predictor runs whatever requests
// are waiting (up to MaxBatch = 8) in one execution, always padded to 8 rows
// so that an answer does not depend on its company (see MaxBatch). The
// executable is compiled when the Predictor is made, after the weights are
// loaded (on GoMLX's Go backend inference graphs embed the weights as
// constants).
package serve
