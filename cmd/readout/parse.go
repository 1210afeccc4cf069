package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/syntax"
	"github.com/readout/readout/internal/text"
)

// maxParseInput bounds what 'readout parse' reads into memory.
const maxParseInput = 512 << 20

func newParseCmd(a *app) *cobra.Command {
	var asCoNLLU, asJSON bool
	var modelPath string
	c := &cobra.Command{
		Use:   "parse [--conllu] FILE|-",
		Short: "Tag, lemmatise and dependency-parse text; write CoNLL-U",
		Long: `Read raw text (split into sentences and tokens by readout's tokeniser) or
CoNLL-U (its tokenisation is kept; detected automatically, or forced with
--conllu) and write CoNLL-U with UPOS, XPOS, lemma, head and relation
filled in. With --json, write the sentences as JSON instead (token heads
0-based, -1 for the root).`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := readParseInput(a, args[0])
			if err != nil {
				return err
			}
			m, err := loadSyntaxModel(modelPath)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(a.stdout)
			var sents []news.Sentence
			if asCoNLLU || syntax.LooksLikeCoNLLU(data) {
				r := conllu.NewReader(bytes.NewReader(data))
				for n := 1; ; n++ {
					s, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						return news.E("parse", news.KindInvalid, fmt.Errorf("%s: %w", args[0], err))
					}
					m.AnnotateCoNLLU(&s, syntax.SentID(n))
					if asJSON {
						sents = append(sents, fromCoNLLUWords(&s))
						continue
					}
					if err := conllu.WriteSentence(w, &s); err != nil {
						return err
					}
				}
			} else {
				s := string(data)
				for i, sent := range text.Sentences(s, nil) {
					m.Annotate(&sent, s)
					if asJSON {
						sents = append(sents, sent)
						continue
					}
					cs := syntax.ToCoNLLU(&sent, s, syntax.SentID(i+1))
					if err := conllu.WriteSentence(w, &cs); err != nil {
						return err
					}
				}
			}
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				if sents == nil {
					sents = []news.Sentence{}
				}
				if err := enc.Encode(sents); err != nil {
					return err
				}
			}
			return w.Flush()
		},
	}
	c.Flags().BoolVar(&asCoNLLU, "conllu", false, "input is CoNLL-U (default: detect)")
	c.Flags().BoolVar(&asJSON, "json", false, "write JSON sentences instead of CoNLL-U")
	c.Flags().StringVar(&modelPath, "model", "", "syntax model file (default: the embedded model)")
	return c
}

// readParseInput reads a file, or standard input for "-", up to maxParseInput.
func readParseInput(a *app, path string) ([]byte, error) {
	var r io.Reader = a.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageError{err}
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxParseInput+1))
	if err != nil {
		return nil, news.E("parse", news.KindUnavailable, err)
	}
	if len(data) > maxParseInput {
		return nil, news.E("parse", news.KindInvalid, fmt.Sprintf("%s: input larger than %d MB", path, maxParseInput>>20))
	}
	return data, nil
}

// loadSyntaxModel loads a model file, or the embedded model for "".
func loadSyntaxModel(path string) (*syntax.Model, error) {
	if path == "" {
		return syntax.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	return syntax.Load(f)
}

// fromCoNLLUWords turns an annotated CoNLL-U sentence into a news.Sentence
// (no byte offsets).
func fromCoNLLUWords(s *conllu.Sentence) news.Sentence {
	var out news.Sentence
	for _, w := range s.Words {
		out.Tokens = append(out.Tokens, news.Token{Text: w.Form, UPOS: w.UPOS, XPOS: w.XPOS, Lemma: w.Lemma, Head: w.Head - 1, Rel: w.Deprel})
	}
	return out
}
