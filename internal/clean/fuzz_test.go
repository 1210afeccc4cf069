package clean

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// Seed corpora live in testdata/fuzz/FuzzHTML and testdata/fuzz/FuzzText.

func FuzzHTML(f *testing.F) {
	f.Add([]byte("<html><body><h1>Title</h1><p>One paragraph of text.</p></body></html>"), "text/html; charset=utf-8")
	f.Add([]byte("<p>a<p>b<ul><li>c</ul><blockquote>d"), "")
	f.Fuzz(func(t *testing.T, b []byte, ct string) {
		a, err := HTML(b, ct, "https://example.org/x", Options{MaxBytes: 1 << 20, MaxDepth: 64})
		if err != nil {
			if news.KindOf(err) == news.KindOther || strings.Contains(err.Error(), "\n") {
				t.Fatalf("unclassified or multi-line error: %v", err)
			}
			return
		}
		checkFuzzArticle(t, a)
	})
}

func FuzzText(f *testing.F) {
	f.Add([]byte("A Headline Here\nBy Jane Roe\nSome sentence of the body that goes on for a while.\n"))
	f.Add([]byte("|\n * item\n\tDate:\nMore like this\nHeadline\nteaser..."))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Text(b, Options{MaxBytes: 1 << 20})
		if err != nil {
			if news.KindOf(err) != news.KindInvalid {
				t.Fatalf("error of kind %v: %v", news.KindOf(err), err)
			}
			return
		}
		checkFuzzArticle(t, a)
	})
}

func checkFuzzArticle(t *testing.T, a *news.Article) {
	t.Helper()
	if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
		t.Fatalf("invalid UTF-8 in output")
	}
	if !norm.NFC.IsNormalString(a.Text) {
		t.Fatalf("text not NFC")
	}
	if a.Text == "" || len(a.Blocks) == 0 {
		t.Fatalf("empty article returned without error")
	}
	checkInvariants(t, a)
}
