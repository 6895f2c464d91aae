package backend

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // registers "go"
	"github.com/gomlx/go-xla/compute/xla"  // registers "xla", without the auto-installer
)

// EnvVar is the environment variable that names the backend configuration.
const EnvVar = compute.ConfigEnvVar

// PluginPathEnvVar lists the directories searched for PJRT plugins when set.
const PluginPathEnvVar = "PJRT_PLUGIN_LIBRARY_PATH"

// Plugin is a PJRT plugin file found on disk.
type Plugin struct {
	Name string // "cpu", "cuda", ...
	Path string // absolute path of the shared library
}

// Choice records which backend configuration was picked and why.
type Choice struct {
	Config  string   // configuration given to compute.NewWithConfig, e.g. "go" or "xla:cpu"
	Reason  string   // why it was chosen, in a few words
	Plugins []Plugin // plugins found (empty when none or when GOMLX_BACKEND decided)
}

// String is the line shown to users: "backend: <config> (<reason>)".
func (c Choice) String() string {
	return fmt.Sprintf("backend: %s (%s)", c.Config, c.Reason)
}

// Env abstracts the process environment and file system, so that the choice can be
// tested without touching the real machine.
type Env struct {
	LookupEnv func(string) (string, bool)
	HomeDir   func() (string, error)
	// LdSoConf is the path of the dynamic linker's configuration file (normally /etc/ld.so.conf).
	LdSoConf string
	// HasGPU reports whether an NVIDIA GPU is visible; a CUDA plugin is only chosen when true.
	HasGPU func() bool
}

// SystemEnv is the real environment of the process.
func SystemEnv() Env {
	return Env{
		LookupEnv: os.LookupEnv,
		HomeDir:   os.UserHomeDir,
		LdSoConf:  "/etc/ld.so.conf",
		HasGPU:    hasNvidiaGPU,
	}
}

func hasNvidiaGPU() bool {
	_, err := os.Stat("/dev/nvidia0")
	return err == nil
}

// SearchDirs returns the directories searched for PJRT plugins, in go-xla's order.
func SearchDirs(env Env) []string {
	if v, ok := env.LookupEnv(PluginPathEnvVar); ok {
		return slices.DeleteFunc(strings.Split(v, ":"), func(p string) bool { return p == "" })
	}
	var dirs []string
	if home, err := env.HomeDir(); err == nil && home != "" {
		d := filepath.Join(home, ".local", "lib", "go-xla")
		dirs = append(dirs, d, filepath.Join(d, "nvidia"), filepath.Join(home, ".local", "lib", "gomlx", "pjrt"))
	}
	dirs = append(dirs, "/usr/local/lib/go-xla", "/usr/local/lib/go-xla/nvidia", "/usr/local/lib/gomlx/pjrt")
	if v, ok := env.LookupEnv("LD_LIBRARY_PATH"); ok {
		for _, d := range strings.Split(v, ":") {
			if filepath.IsAbs(d) {
				dirs = append(dirs, d)
			}
		}
	}
	if env.LdSoConf != "" {
		dirs = append(dirs, ldSoConfDirs(env.LdSoConf, 0)...)
	}
	return dirs
}

// ldSoConfDirs reads the directories of an ld.so.conf file, following "include" globs.
func ldSoConfDirs(path string, depth int) []string {
	if depth > 4 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var dirs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "include"); ok {
			pattern := strings.TrimSpace(rest)
			if !filepath.IsAbs(pattern) {
				pattern = filepath.Join(filepath.Dir(path), pattern)
			}
			matches, _ := filepath.Glob(pattern)
			for _, m := range matches {
				dirs = append(dirs, ldSoConfDirs(m, depth+1)...)
			}
			continue
		}
		if filepath.IsAbs(line) {
			dirs = append(dirs, line)
		}
	}
	return dirs
}

var pluginNameRes = []*regexp.Regexp{
	regexp.MustCompile(`^pjrt_c_api_(.+)_plugin\.so$`),
	regexp.MustCompile(`^pjrt[-_]plugin[-_](.+)\.so$`),
}

// FindPlugins lists the PJRT plugin files in the search directories. When two
// directories hold a plugin of the same name, the first one wins, as in go-xla.
// Versioned names such as pjrt_c_api_cpu_v0.114.0_plugin.so count as "cpu".
func FindPlugins(env Env) []Plugin {
	var found []Plugin
	seen := map[string]bool{}
	for _, dir := range SearchDirs(env) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			name := pluginName(e.Name())
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			found = append(found, Plugin{Name: name, Path: filepath.Join(dir, e.Name())})
		}
	}
	return found
}

var versionSuffix = regexp.MustCompile(`_v[0-9][0-9.]*$`)

func pluginName(file string) string {
	for _, re := range pluginNameRes {
		if m := re.FindStringSubmatch(file); m != nil {
			return versionSuffix.ReplaceAllString(m[1], "")
		}
	}
	return ""
}

// Choose decides the backend configuration without creating it.
func Choose(env Env) Choice {
	if v, ok := env.LookupEnv(EnvVar); ok && v != "" {
		return Choice{Config: v, Reason: EnvVar + " is set"}
	}
	plugins := FindPlugins(env)
	var cpu, cuda *Plugin
	for i := range plugins {
		switch {
		case plugins[i].Name == "cpu":
			cpu = &plugins[i]
		case strings.HasPrefix(plugins[i].Name, "cuda"):
			cuda = &plugins[i]
		}
	}
	if cuda != nil && env.HasGPU != nil && env.HasGPU() {
		return Choice{Config: "xla:" + cuda.Path, Reason: "PJRT CUDA plugin found at " + cuda.Path, Plugins: plugins}
	}
	if cpu != nil {
		return Choice{Config: "xla:" + cpu.Path, Reason: "PJRT CPU plugin found at " + cpu.Path, Plugins: plugins}
	}
	return Choice{Config: "go", Reason: "no PJRT plugin found; set " + EnvVar + "=xla:cpu after installing one", Plugins: plugins}
}

// NewWithEnv chooses and creates a backend for the given environment. When XLA was
// chosen because of a plugin file but fails to load, it falls back to the Go
// backend and says so in the Choice's reason. An explicit GOMLX_BACKEND that
// fails is an error.
func NewWithEnv(env Env) (compute.Backend, Choice, error) {
	xla.EnableAutoInstall(false)
	c := Choose(env)
	b, err := newSafe(c.Config)
	if err == nil {
		return b, c, nil
	}
	if _, explicit := env.LookupEnv(EnvVar); explicit {
		return nil, c, fmt.Errorf("backend: %s=%q: %w", EnvVar, c.Config, err)
	}
	if c.Config == "go" {
		return nil, c, fmt.Errorf("backend: creating the Go backend: %w", err)
	}
	failed := c.Config
	c = Choice{Config: "go", Reason: fmt.Sprintf("%s failed to load: %v", failed, firstLine(err.Error())), Plugins: c.Plugins}
	b, err = newSafe("go")
	if err != nil {
		return nil, c, fmt.Errorf("backend: creating the Go backend: %w", err)
	}
	return b, c, nil
}

// newSafe is compute.NewWithConfig, with its panics (an unknown backend name)
// turned into errors.
func newSafe(config string) (b compute.Backend, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return compute.NewWithConfig(config)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

var (
	defaultOnce    sync.Once
	defaultBackend compute.Backend
	defaultChoice  Choice
	defaultErr     error
)

// New returns the process-wide backend, created on first use with the rule
// documented in the package comment, and the choice made. Later calls return the
// same backend.
func New() (compute.Backend, Choice, error) {
	defaultOnce.Do(func() {
		defaultBackend, defaultChoice, defaultErr = NewWithEnv(SystemEnv())
	})
	return defaultBackend, defaultChoice, defaultErr
}

// Select is New for commands with a -backend flag: a non-empty config
// decides as GOMLX_BACKEND would (and the Choice says so), without changing
// the process's environment; an empty config is New.
func Select(config string) (compute.Backend, Choice, error) {
	if config == "" {
		return New()
	}
	env := SystemEnv()
	lookup := env.LookupEnv
	env.LookupEnv = func(key string) (string, bool) {
		if key == EnvVar {
			return config, true
		}
		return lookup(key)
	}
	return NewWithEnv(env)
}
