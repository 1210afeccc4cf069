package news

import (
	"errors"
	"fmt"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "https://example.org/a/b", "https://example.org/a/b"},
		{"www and case", "HTTP://WWW.Example.org/a/b/", "https://example.org/a/b"},
		{"tracking params dropped, rest sorted", "https://example.org/x?utm_source=t&b=2&a=1&fbclid=z", "https://example.org/x?a=1&b=2"},
		{"fragment dropped", "https://example.org/x#comments", "https://example.org/x"},
		{"default port dropped", "https://example.org:443/x", "https://example.org/x"},
		{"other port kept", "http://example.org:8080/x", "https://example.org:8080/x"},
		{"relative is not canonical", "/x/y", ""},
		{"other scheme", "ftp://example.org/x", ""},
		{"garbage", "ht!tp://%zz", ""},
		{"empty", "  ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanonicalURL(tc.in); got != tc.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestBodyHashIgnoresWrappingAndCase(t *testing.T) {
	a := BodyHash("The minister arrived in Oslo.\n\nTalks began at noon.")
	b := BodyHash("  the MINISTER arrived in Oslo —\r\ntalks began at noon!! ")
	if a != b {
		t.Errorf("re-wrapped copies must hash alike")
	}
	if a == BodyHash("The minister arrived in Bergen. Talks began at noon.") {
		t.Errorf("different words must hash differently")
	}
}

func TestArticleIDPrefersURL(t *testing.T) {
	h := BodyHash("some body")
	withURL := ArticleID("https://www.example.org/story?utm_medium=x", h)
	if withURL != ArticleID("https://example.org/story", BodyHash("edited body")) {
		t.Errorf("same canonical URL must give the same ID whatever the body")
	}
	if withURL == ArticleID("", h) {
		t.Errorf("URL and body IDs must differ")
	}
	if len(withURL) != 17 || withURL[0] != 'a' {
		t.Errorf("ID shape: %q", withURL)
	}
}

func TestDocumentKey(t *testing.T) {
	h := "abc"
	if DocumentKey(h, "/home/u/news/a.txt") != DocumentKey(h, "news/a.txt") {
		t.Errorf("the same file reached by another path must keep its key")
	}
	if DocumentKey(h, "news/a.txt") == DocumentKey(h, "news/b.txt") {
		t.Errorf("a copy under another name must get another key")
	}
	if DocumentKey(h, "feed.jsonl#line 2") == DocumentKey(h, "feed.jsonl#line 3") {
		t.Errorf("records of one file must differ")
	}
	if DocumentKey(h, "-") != h {
		t.Errorf("stdin has no name to add")
	}
}

func TestErrorKinds(t *testing.T) {
	base := E("sqlite.Article", KindNotFound, "no article a123")
	wrapped := fmt.Errorf("show: %w", base)
	if !IsKind(wrapped, KindNotFound) || KindOf(wrapped) != KindNotFound {
		t.Errorf("kind must survive wrapping")
	}
	outer := E("cli", KindOther, wrapped)
	if KindOf(outer) != KindNotFound {
		t.Errorf("an outer error without a kind must defer to the inner one")
	}
	if KindOf(errors.New("plain")) != KindOther || IsKind(nil, KindOther) {
		t.Errorf("plain errors have no kind; nil is no kind")
	}
	if got := base.Error(); got != "sqlite.Article: no article a123" {
		t.Errorf("message %q", got)
	}
	var e *Error
	if !errors.As(wrapped, &e) || e.Op != "sqlite.Article" {
		t.Errorf("errors.As must find the *Error")
	}
}
