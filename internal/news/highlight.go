package news

// Markers around the matched terms in ArticleSummary.Snippet. A snippet is
// otherwise plain, unescaped text: a renderer splits on these markers and
// escapes the pieces. Stores never leave a literal marker from the article
// text in a snippet.
const (
	HighlightStart = "<mark>"
	HighlightEnd   = "</mark>"
)
