package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestEndToEnd builds the real binary, ingests examples/, serves it and
// reads the API, as a user would.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "readout")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	examples, _ := filepath.Abs("../../examples")
	db := filepath.Join(dir, "e2e.db")

	ingest := func() map[string]any {
		cmd := exec.Command(bin, "ingest", "--db", db, "--json", examples)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ingest: %v\n%s", err, out)
		}
		var sum map[string]any
		if err := json.Unmarshal(out, &sum); err != nil {
			t.Fatalf("summary: %v\n%s", err, out)
		}
		return sum
	}
	first := ingest()
	if first["stored"].(float64) < 15 {
		t.Fatalf("examples: want at least 15 stored, got %v", first)
	}
	if first["duplicates"].(float64) < 1 {
		t.Errorf("examples hold an exact copy: want a duplicate, got %v", first)
	}
	second := ingest()
	if second["stored"].(float64) != 0 || second["unchanged"].(float64) != first["stored"].(float64)+first["duplicates"].(float64) {
		t.Errorf("second ingest must be idempotent: first %v, second %v", first, second)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stderr, _ := srv.StderrPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); srv.Wait() }()
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`serving (http://[^/ ]+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case base = <-addr:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	get := func(path string, want int) []byte {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, want, b)
		}
		return b
	}
	var list struct {
		Articles []struct{ ID, Title, Language string }
	}
	json.Unmarshal(get("/api/articles?limit=100", 200), &list)
	if len(list.Articles) < 15 {
		t.Fatalf("API lists %d articles", len(list.Articles))
	}
	langs := map[string]bool{}
	for _, a := range list.Articles {
		langs[a.Language] = true
	}
	if !langs["en"] || len(langs) < 2 {
		t.Errorf("examples include a non-English article; languages seen: %v", langs)
	}
	id := list.Articles[0].ID
	var art struct {
		Text      string
		Sentences []struct{ Start, End int }
	}
	json.Unmarshal(get("/api/articles/"+id, 200), &art)
	if art.Text == "" || len(art.Sentences) == 0 {
		t.Errorf("article %s has no text or sentences", id)
	}
	page := string(get("/articles/"+id, 200))
	if !strings.Contains(page, "<h1>") {
		t.Errorf("article page has no heading")
	}
	home := string(get("/?q=ceasefire", 200))
	if !strings.Contains(home, "<mark>") {
		t.Errorf("search page shows no highlighted hit")
	}
	get("/api/articles/nope", 404)
	get("/api/articles?limit=abc", 400)
}
