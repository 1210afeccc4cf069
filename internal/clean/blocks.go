package clean

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/readout/readout/internal/news"
)

// builder assembles Article.Text from blocks joined by blank lines and
// records each block's byte span.
type builder struct {
	sb     strings.Builder
	blocks []news.Block
}

// add appends one block; its text is NFC-normalised and its white space
// collapsed to single spaces. Empty blocks are skipped.
func (b *builder) add(kind news.BlockKind, text string) {
	text = collapseSpace(norm.NFC.String(text))
	if text == "" {
		return
	}
	if b.sb.Len() > 0 {
		b.sb.WriteString("\n\n")
	}
	start := b.sb.Len()
	b.sb.WriteString(text)
	b.blocks = append(b.blocks, news.Block{Kind: kind, Start: start, End: b.sb.Len()})
}

func (b *builder) text() string { return b.sb.String() }

// collapseSpace trims s and replaces every run of white space (including
// no-break and other Unicode spaces) by one ASCII space. Zero-width
// characters and soft hyphens are dropped.
func collapseSpace(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad' || r == '\u2060':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case r < 0x20 || r == 0x7f:
			// Control characters other than white space.
			continue
		}
		if space && out.Len() > 0 {
			out.WriteByte(' ')
		}
		space = false
		out.WriteRune(r)
	}
	return out.String()
}
