package backend

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeEnv is an environment with only the given variables, an empty home
// directory and no ld.so.conf, so that the real machine's plugins do not leak in.
func fakeEnv(t *testing.T, vars map[string]string) Env {
	home := t.TempDir()
	return Env{
		LookupEnv: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		HomeDir:   func() (string, error) { return home, nil },
		HasGPU:    func() bool { return false },
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("not a real shared library"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestChooseHonoursGOMLX_BACKEND(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "pjrt_c_api_cpu_plugin.so"))
	env := fakeEnv(t, map[string]string{EnvVar: "go:parallelism=2", PluginPathEnvVar: dir})
	c := Choose(env)
	if c.Config != "go:parallelism=2" || !strings.Contains(c.Reason, "GOMLX_BACKEND") {
		t.Fatalf("Choose = %+v, want the GOMLX_BACKEND value", c)
	}
}

func TestChooseXLAWhenPluginInstalled(t *testing.T) {
	dir := t.TempDir()
	plugin := filepath.Join(dir, "pjrt_c_api_cpu_v0.114.0_plugin.so")
	touch(t, plugin)
	c := Choose(fakeEnv(t, map[string]string{PluginPathEnvVar: dir}))
	if c.Config != "xla:"+plugin {
		t.Fatalf("Choose.Config = %q, want xla:%s", c.Config, plugin)
	}
	if !strings.HasPrefix(c.String(), "backend: xla:") {
		t.Errorf("line = %q", c.String())
	}
}

func TestChooseSearchesHomeThenSystem(t *testing.T) {
	env := fakeEnv(t, nil)
	home, _ := env.HomeDir()
	plugin := filepath.Join(home, ".local", "lib", "go-xla", "pjrt_c_api_cpu_plugin.so")
	touch(t, plugin)
	if c := Choose(env); c.Config != "xla:"+plugin {
		t.Fatalf("Choose.Config = %q, want the plugin in ~/.local/lib/go-xla", c.Config)
	}
}

func TestChooseCUDAOnlyWithGPU(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "pjrt_c_api_cpu_plugin.so"))
	cuda := filepath.Join(dir, "pjrt_c_api_cuda_plugin.so")
	touch(t, cuda)
	env := fakeEnv(t, map[string]string{PluginPathEnvVar: dir})
	if c := Choose(env); !strings.Contains(c.Config, "cpu") {
		t.Errorf("without a GPU: Config = %q, want the CPU plugin", c.Config)
	}
	env.HasGPU = func() bool { return true }
	if c := Choose(env); c.Config != "xla:"+cuda {
		t.Errorf("with a GPU: Config = %q, want %q", c.Config, cuda)
	}
}

func TestChooseGoWithoutPlugin(t *testing.T) {
	c := Choose(fakeEnv(t, map[string]string{PluginPathEnvVar: t.TempDir()}))
	want := "backend: go (no PJRT plugin found; set GOMLX_BACKEND=xla:cpu after installing one)"
	if c.String() != want {
		t.Fatalf("line = %q, want %q", c.String(), want)
	}
}

func TestLdSoConfIncludes(t *testing.T) {
	dir := t.TempDir()
	libdir := filepath.Join(dir, "lib")
	touch(t, filepath.Join(libdir, "pjrt-plugin-cpu.so"))
	touch(t, filepath.Join(dir, "conf.d", "x.conf"))
	if err := os.WriteFile(filepath.Join(dir, "conf.d", "x.conf"), []byte("# comment\n"+libdir+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "ld.so.conf")
	if err := os.WriteFile(conf, []byte("include conf.d/*.conf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := fakeEnv(t, nil)
	env.LdSoConf = conf
	ps := FindPlugins(env)
	if len(ps) != 1 || ps[0].Name != "cpu" {
		t.Fatalf("FindPlugins = %+v, want the cpu plugin from %s", ps, libdir)
	}
}

// A plugin file that cannot be loaded must not stop the program: the Go backend
// runs and the reason says what failed.
func TestNewFallsBackWhenPluginIsBroken(t *testing.T) {
	dir := t.TempDir()
	touch(t, filepath.Join(dir, "pjrt_c_api_cpu_plugin.so"))
	b, c, err := NewWithEnv(fakeEnv(t, map[string]string{PluginPathEnvVar: dir}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	if b.String() != "go" || c.Config != "go" || !strings.Contains(c.Reason, "failed to load") {
		t.Fatalf("backend %q, choice %+v: want go with a 'failed to load' reason", b.String(), c)
	}
}

func TestNewExplicitBadConfigIsError(t *testing.T) {
	_, _, err := NewWithEnv(fakeEnv(t, map[string]string{EnvVar: "nosuchbackend"}))
	if err == nil || !strings.Contains(err.Error(), "nosuchbackend") {
		t.Fatalf("err = %v, want an error naming the config", err)
	}
	var target interface{ Error() string }
	if !errors.As(err, &target) {
		t.Fatal("not an error")
	}
}

func TestNewGo(t *testing.T) {
	b, c, err := NewWithEnv(fakeEnv(t, map[string]string{PluginPathEnvVar: t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Finalize()
	if b.String() != "go" || c.Config != "go" {
		t.Fatalf("got %q / %+v", b.String(), c)
	}
}
