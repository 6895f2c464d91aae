package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/gocnn/gocnn/internal/cli"
	"github.com/gocnn/gocnn/lenet/serve"
	"github.com/gocnn/gocnn/vision/experiment"
	"github.com/gocnn/gocnn/vision/models"
)

// serveModel is -serve: the draw-a-digit page for the model with weights from
// -weights, -resume or the shipped LeNet-5, until SIGINT or SIGTERM.
func serveModel(o *options, m *models.Model, r experiment.Recipe, stdout io.Writer) error {
	addr, err := serve.ListenAddr(o.serve)
	if err != nil {
		return cli.UsageError{Msg: "-serve: " + err.Error()}
	}
	var weights []byte
	var info serve.WeightsInfo
	switch {
	case o.weights != "" || o.resume != "":
		weights, info, err = serve.LoadWeights(o.weights, o.resume)
	case m.Name == serve.ShippedModel:
		weights, info, err = serve.ShippedWeights()
	default:
		return cli.Usagef("-serve -model %s: no weights ship for it: pass -weights FILE or -resume DIR", m.Name)
	}
	if err != nil {
		return err
	}
	b, choice, err := cli.Backend(o.Backend)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, choice)
	p, err := serve.NewPredictor(b, m, serve.Preprocess{Transform: r.Transform(), Resize: r.ResizeTo()}, weights, info.Source)
	if err != nil {
		return err
	}
	defer p.Close()
	h, err := serve.New(p, info, b.Name())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = serve.ListenAndServe(ctx, addr, h, func(a net.Addr) {
		fmt.Fprintf(stdout, "%s, weights: %s", m.Title, info.Source)
		if info.TestAccuracy > 0 {
			fmt.Fprintf(stdout, " (test accuracy %.2f%%)", 100*info.TestAccuracy)
		}
		fmt.Fprintf(stdout, "\nserving http://%s/ (API: POST /api/predict, GET /api/model)\n", a)
		if serve.IsLoopback(a.String()) {
			fmt.Fprintln(stdout, "listening on the loopback interface only: other machines cannot reach it (-serve 0.0.0.0:PORT exposes it, without authentication)")
		} else {
			fmt.Fprintln(stdout, "WARNING: listening beyond this machine, without authentication: anyone who can reach this address can use it")
		}
		fmt.Fprintln(stdout, "Ctrl-C (SIGINT) or SIGTERM stops it")
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}
