package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnalyzeStories(t *testing.T) {
	dir := t.TempDir()
	body := "The Chilean trade minister Amalia Restrepo-Vik arrived in Oslo on Monday for talks on salmon exports, copper and shipping routes with Norwegian officials, her ministry said in a statement on Monday evening."
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte(body+"\n"), 0o644)
	os.WriteFile(b, []byte("Share this article\n\n"+body+"\n\nRead more: markets steady ahead of the budget vote in Oslo.\n"), 0o644)
	out, errOut, code := cli(t, "", "analyze", "--json", "--no-syntax", a, b)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var got struct {
		Articles []struct{ ID string }
		Stories  []struct {
			ID      string
			Members []struct {
				ArticleID       string `json:"article_id"`
				NearDuplicateOf string `json:"near_duplicate_of"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Articles) != 2 || len(got.Stories) != 1 || len(got.Stories[0].Members) != 2 ||
		got.Stories[0].Members[1].NearDuplicateOf != got.Articles[0].ID {
		t.Fatalf("stories %+v", got.Stories)
	}
	out, _, code = cli(t, "", "analyze", "--json", "--no-syntax", a)
	if code != 0 || strings.Contains(out, `"stories"`) {
		t.Errorf("one file: no stories key expected; exit %d", code)
	}
}
