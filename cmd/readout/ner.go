package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/text"
)

func newNERCmd(a *app) *cobra.Command {
	var conll, asJSON bool
	var modelPath string
	c := &cobra.Command{
		Use:   "ner [--conll] FILE|-",
		Short: "Tag named entities (PER, ORG, LOC, MISC) in text or a CoNLL file",
		Long: `Tag named entities. With --conll the input is a CoNLL column file (token
in the first column, blank lines between sentences, -DOCSTART- between
documents) and every line is written back with the predicted IOB2 tag as a
new last column. Otherwise the input is plain text: it is split into
sentences and tokens and the entities are listed with their byte spans.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := loadNERModel(modelPath)
			if err != nil {
				return err
			}
			in, closeIn, err := nerInput(a, args[0])
			if err != nil {
				return err
			}
			defer closeIn()
			if conll {
				f, err := ner.ReadCoNLL(in)
				if err != nil {
					return err
				}
				tags := make([]string, len(f.Lines))
				for _, d := range f.Docs {
					sents := make([][]string, len(d.Sentences))
					for i, s := range d.Sentences {
						sents[i] = s.Tokens
					}
					pred := m.TagDocument(sents)
					for i, s := range d.Sentences {
						for j, li := range s.Lines {
							tags[li] = pred[i][j]
						}
					}
				}
				return ner.WriteCoNLL(a.stdout, f, tags)
			}
			body, err := io.ReadAll(io.LimitReader(in, a.cfg.MaxDocBytes+1))
			if err != nil {
				return news.E("ner", news.KindUnavailable, err)
			}
			if a.cfg.MaxDocBytes > 0 && int64(len(body)) > a.cfg.MaxDocBytes {
				return news.E("ner", news.KindInvalid, fmt.Sprintf("input larger than %d bytes", a.cfg.MaxDocBytes))
			}
			art := &news.Article{Text: string(body)}
			art.Sentences = text.Sentences(art.Text, nil)
			ms := m.Article(art)
			if asJSON {
				if ms == nil {
					ms = []ner.Mention{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(ms)
			}
			for _, x := range ms {
				fmt.Fprintf(a.stdout, "%-4s %d-%d\t%s\n", x.Type, x.Start, x.End, x.Text)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&conll, "conll", false, "input is a CoNLL column file; append a tag column")
	c.Flags().BoolVar(&asJSON, "json", false, "print mentions as JSON")
	c.Flags().StringVar(&modelPath, "model", "", "model file (default: the embedded model)")
	return c
}

func loadNERModel(path string) (*ner.Model, error) {
	if path == "" {
		return ner.Default()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, news.E("ner", news.KindNotFound, err)
	}
	defer f.Close()
	return ner.Load(f)
}

// nerInput opens a file argument, "-" meaning standard input.
func nerInput(a *app, path string) (io.Reader, func(), error) {
	if path == "-" {
		return a.stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, news.E("ner", news.KindNotFound, err)
	}
	return f, func() { f.Close() }, nil
}
