package sqlite

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/readout/readout/internal/news"
)

func TestTokenCodecRoundTrip(t *testing.T) {
	text := "Zürich didn't wait. 日本"
	cases := []struct {
		name string
		toks []news.Token
	}{
		{"none", nil},
		{"spans", []news.Token{
			{Start: 0, End: 7, Text: "Zürich", UPOS: "PROPN", XPOS: "NNP", Lemma: "Zürich", Head: 2, Rel: "nsubj"},
			{Start: 8, End: 11, Text: "did", UPOS: "AUX", Head: 2, Rel: "aux"},
			{Start: 11, End: 14, Text: "not", UPOS: "PART", Lemma: "not", Head: 2, Rel: "advmod"},
			{Start: 15, End: 19, Text: "wait", Head: -1, Rel: "root"},
			{Start: 19, End: 20, Text: ".", UPOS: "PUNCT", Head: 3, Rel: "punct"},
			{Start: 21, End: 27, Text: "日本"},
		}},
		{"empty text and zero span", []news.Token{{Start: 3, End: 3, Text: ""}, {Start: 0, End: 0, Text: "x"}}},
		{"large head", []news.Token{{Start: 0, End: 1, Text: "Z", Head: 1 << 20}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := encodeTokens(nil, tc.toks, text)
			got, err := decodeTokens(b, text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.toks) {
				t.Fatalf("round trip:\n got  %+v\n want %+v", got, tc.toks)
			}
		})
	}
}

func TestTokenCodecCompact(t *testing.T) {
	a := longArticle()
	var blob, js int
	for i, s := range a.Sentences {
		blob += len(encodeTokens(nil, s.Tokens, a.Text))
		js += len(mustJSON(t, a.Sentences[i].Tokens))
	}
	if blob*3 > js {
		t.Fatalf("token blobs take %d bytes, JSON %d: want at least 3× smaller", blob, js)
	}
	t.Logf("tokens: %d bytes binary, %d bytes JSON", blob, js)
}

func TestDecodeTokensRejectsGarbage(t *testing.T) {
	good := encodeTokens(nil, []news.Token{{Start: 0, End: 3, Text: "abc", UPOS: "X"}}, "abc")
	cases := map[string][]byte{
		"version":   append([]byte{9}, good[1:]...),
		"truncated": good[:len(good)-1],
		"trailing":  append(bytes.Clone(good), 0),
		"count":     {1, 0xff, 0xff, 0xff, 0x0f},
	}
	for name, b := range cases {
		if _, err := decodeTokens(b, "abc"); err == nil {
			t.Errorf("%s: decoded garbage", name)
		}
	}
	// A span outside the text cannot take its text from it.
	if _, err := decodeTokens(good, "ab"); err == nil {
		t.Error("decoded a span past the end of the text")
	}
}

func FuzzDecodeTokens(f *testing.F) {
	f.Add(encodeTokens(nil, []news.Token{{Start: 0, End: 3, Text: "abc", Head: -1}}, "abc"), "abc")
	f.Add([]byte{1, 2, 0, 1, 0, 0, 0, 0, 0, 0}, "a")
	f.Fuzz(func(t *testing.T, b []byte, text string) {
		toks, err := decodeTokens(b, text)
		if err != nil {
			return
		}
		// Whatever decodes must re-encode to something that decodes alike.
		again, err := decodeTokens(encodeTokens(nil, toks, text), text)
		if err != nil || !reflect.DeepEqual(again, toks) {
			t.Fatalf("re-encoding changed %+v to %+v (%v)", toks, again, err)
		}
	})
}

func TestCompressRoundTrip(t *testing.T) {
	for _, body := range [][]byte{nil, {}, []byte("short"), bytes.Repeat([]byte("harbour "), 5000), {0, 1, 2, 255}} {
		enc, c := compress(body)
		got, err := decompress(enc, c, int64(len(body)))
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("compress %d bytes (%s): %v", len(body), enc, err)
		}
	}
	if _, err := decompress("zip", []byte("x"), 1); err == nil {
		t.Fatal("unknown encoding accepted")
	}
	if _, err := decompress(encGzip, []byte("not gzip"), 1); err == nil {
		t.Fatal("corrupt gzip accepted")
	}
}

func TestWordCount(t *testing.T) {
	cases := map[string]int{
		"":                          0,
		"one":                       1,
		"  one,  two\n\nthree — … ": 3,
		"A-12 jets' 2025":           3,
		"日本語 text":                  2,
	}
	for in, want := range cases {
		if got := wordCount(in); got != want {
			t.Errorf("wordCount(%q) = %d, want %d", in, got, want)
		}
	}
}
