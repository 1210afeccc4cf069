// Package text splits cleaned article text into sentences and tokens with
// byte offsets. (Stub: replaced by the real implementation.)
package text

import (
	"strings"

	"github.com/readout/readout/internal/news"
)

// Sentences splits s into sentences with tokens. Sentences never cross a
// block boundary; with no blocks, s is one block.
func Sentences(s string, blocks []news.Block) []news.Sentence {
	if len(blocks) == 0 {
		blocks = []news.Block{{Kind: news.BlockParagraph, Start: 0, End: len(s)}}
	}
	var out []news.Sentence
	for _, b := range blocks {
		toks := Tokenize(s[b.Start:b.End], b.Start)
		if len(toks) > 0 {
			out = append(out, news.Sentence{Start: toks[0].Start, End: toks[len(toks)-1].End, Tokens: toks})
		}
	}
	return out
}

// Tokenize splits s into tokens; offsets are shifted by base.
func Tokenize(s string, base int) []news.Token {
	var out []news.Token
	i := 0
	for _, f := range strings.Fields(s) {
		j := strings.Index(s[i:], f) + i
		out = append(out, news.Token{Start: base + j, End: base + j + len(f), Text: f, Head: -1})
		i = j + len(f)
	}
	return out
}
