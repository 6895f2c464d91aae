// Command xlainstall installs a PJRT plugin for GoMLX's XLA backend with go-xla's
// own installer: the CPU plugin by default, or the CUDA one with -plugin cuda.
// It needs the internet (GitHub releases for CPU, PyPI for CUDA); the Docker image
// runs it at build time, and docker/setup.sh runs it when SETUP_XLA is set.
//
//	go run ./xlainstall [-plugin cpu|cuda] [-lib DIR]
//
// DIR is a "lib" directory; the plugin lands in DIR/go-xla (default ~/.local/lib).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gomlx/go-xla/installer"
)

func main() {
	plugin := flag.String("plugin", "cpu", "PJRT plugin to install: cpu or cuda")
	lib := flag.String("lib", "", "lib directory under which go-xla/ is created (default ~/.local/lib)")
	flag.Parse()
	if *plugin != "cpu" && *plugin != "cuda" {
		fmt.Fprintf(os.Stderr, "xlainstall: -plugin %q: want cpu or cuda\n", *plugin)
		os.Exit(2)
	}
	if err := installer.AutoInstallPlugin(*plugin, *lib, true, installer.Normal); err != nil {
		fmt.Fprintf(os.Stderr, "xlainstall: installing the %s PJRT plugin: %v\n", *plugin, err)
		os.Exit(1)
	}
	fmt.Printf("xlainstall: %s PJRT plugin installed\n", *plugin)
}
