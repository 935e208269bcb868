package deploycheck

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// compose is the part of docker-compose.yml these tests read.
type compose struct {
	Services map[string]struct {
		Restart string `yaml:"restart"`
		Volumes []any  `yaml:"volumes"`
	} `yaml:"services"`
}

// uncommentKnowledge returns docker-compose.yml with the knowledge mount
// uncommented, as the operator is told to do.
func uncommentKnowledge(t *testing.T, text string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == "# - type: bind" {
			start = i
		}
	}
	if start < 0 {
		t.Fatal("docker-compose.yml has no commented knowledge mount (# - type: bind)")
	}
	for i := start; i < len(lines) && i < start+6; i++ {
		lines[i] = strings.Replace(lines[i], "# ", "", 1)
	}
	return strings.Join(lines, "\n")
}

func parseCompose(t *testing.T, text string) compose {
	t.Helper()
	var c compose
	if err := yaml.Unmarshal([]byte(text), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

// The bot is restarted after a crash a few times, not forever: a
// configuration error fails the same way each time (exit 78).
func TestComposeRestartsAFewTimes(t *testing.T) {
	c := parseCompose(t, mustRead(t, "docker-compose.yml"))
	m := regexp.MustCompile(`^on-failure:(\d+)$`).FindStringSubmatch(c.Services["cstobot"].Restart)
	if m == nil {
		t.Fatalf("cstobot's restart policy is %q; want on-failure:N, which stops after N failures in a row", c.Services["cstobot"].Restart)
	}
	if n, _ := strconv.Atoi(m[1]); n < 1 || n > 10 {
		t.Errorf("restart: on-failure:%d; want a few (1 to 10)", n)
	}
}

// Uncommenting the knowledge mount gives a bind mount that compose refuses
// when the host folder is missing, rather than creating an empty one.
func TestComposeKnowledgeMount(t *testing.T) {
	c := parseCompose(t, uncommentKnowledge(t, mustRead(t, "docker-compose.yml")))
	var found bool
	for _, v := range c.Services["cstobot"].Volumes {
		m, ok := v.(map[string]any)
		if !ok || m["target"] != "/knowledge" {
			continue
		}
		found = true
		bind, _ := m["bind"].(map[string]any)
		if m["type"] != "bind" || m["source"] != "./knowledge-local" || m["read_only"] != true || bind["create_host_path"] != false {
			t.Errorf("knowledge mount %v; want a read-only bind of ./knowledge-local with create_host_path: false", m)
		}
	}
	if !found {
		t.Error("the uncommented knowledge mount has no target /knowledge")
	}
	if !strings.Contains(mustRead(t, ".env.example"), "KNOWLEDGE_DIR") {
		t.Error(".env.example does not mention KNOWLEDGE_DIR")
	}
}

// The Go that builds the image is go.mod's, and the README asks for it.
func TestGoVersionAgrees(t *testing.T) {
	mod := mustRead(t, "go.mod")
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	want := m[1]
	if regexp.MustCompile(`(?m)^toolchain `).MatchString(mod) {
		t.Error("go.mod has a toolchain line: keep the go line the one version to agree with")
	}
	if df := mustRead(t, "Dockerfile"); !strings.Contains(df, "\nFROM golang:"+want+" AS build\n") {
		t.Errorf("Dockerfile does not build with golang:%s, go.mod's version", want)
	}
	if !strings.Contains(mustRead(t, "README.md"), "You need Go "+want+" or newer") {
		t.Errorf("README.md does not ask for Go %s or newer", want)
	}
}
