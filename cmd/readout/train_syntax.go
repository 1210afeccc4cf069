package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/conllu"
	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/syntax"
)

func newTrainSyntaxCmd(a *app) *cobra.Command {
	var trainPath, devPath, outPath, clusterPath string
	var opt syntax.TrainOptions
	var epochs int
	c := &cobra.Command{
		Use:   "syntax --train FILE --dev FILE --out FILE",
		Short: "Train the tagger, lemmatiser and dependency parser from CoNLL-U treebanks",
		Long: `Train the syntax model (POS tagger, lemmatiser, dependency parser) from a
CoNLL-U training treebank, choosing the best epochs on the development
treebank. Prints dev accuracy per epoch and writes a gzip'd model file.

The shipped model is made with:
  readout train syntax --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu \
    --out internal/syntax/model/en.model.gz`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if trainPath == "" || devPath == "" || outPath == "" {
				return usageError{fmt.Errorf("--train, --dev and --out are required")}
			}
			if epochs > 0 {
				opt.ParserEpochs = epochs
			}
			train, err := readSyntaxTreebank(trainPath)
			if err != nil {
				return err
			}
			dev, err := readSyntaxTreebank(devPath)
			if err != nil {
				return err
			}
			clus, err := loadSyntaxClusters(clusterPath)
			if err != nil {
				return err
			}
			opt.Clusters = clus
			start := time.Now()
			opt.Logf = func(format string, args ...any) {
				fmt.Fprintf(a.stdout, "[%6.0fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
			}
			m, err := syntax.Train(train, dev, opt)
			if err != nil {
				return err
			}
			tmp, err := os.CreateTemp(filepath.Dir(outPath), ".syntax-model-*")
			if err != nil {
				return news.E("train syntax", news.KindUnavailable, err)
			}
			defer os.Remove(tmp.Name())
			if err := m.Save(tmp); err != nil {
				tmp.Close()
				return err
			}
			if err := tmp.Close(); err != nil {
				return news.E("train syntax", news.KindUnavailable, err)
			}
			if err := os.Rename(tmp.Name(), outPath); err != nil {
				return news.E("train syntax", news.KindUnavailable, err)
			}
			st, _ := os.Stat(outPath)
			fmt.Fprintf(a.stdout, "wrote %s (%.1f MB) in %s\n", outPath, float64(st.Size())/1e6, time.Since(start).Round(time.Second))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&trainPath, "train", "", "training treebank (CoNLL-U)")
	f.StringVar(&devPath, "dev", "", "development treebank (CoNLL-U)")
	f.StringVar(&outPath, "out", "", "model file to write")
	f.IntVar(&epochs, "epochs", 0, "parser training epochs (default 20)")
	f.IntVar(&opt.TaggerEpochs, "tagger-epochs", 0, "tagger training epochs (default 8)")
	f.IntVar(&opt.Folds, "folds", 0, "jackknife folds for the parser's training tags (default 4; 1 = gold tags)")
	f.Int64Var(&opt.Seed, "seed", 0, "shuffling seed (default 1)")
	f.UintVar(&opt.ParserBits, "parser-bits", 0, "log2 of the transition feature buckets (default 23)")
	f.StringVar(&clusterPath, "clusters", "", "word clusters (gzip'd word<TAB>fine<TAB>mid<TAB>coarse; default: the clusters shipped with internal/ner; \"none\" disables them)")
	return c
}

// loadSyntaxClusters reads the word clusters for the syntax model's
// features: the ner package's shipped clusters by default, none for "none".
func loadSyntaxClusters(path string) (map[string][3]int32, error) {
	switch path {
	case "":
		return ner.DefaultClusters()
	case "none":
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	return ner.ReadClusters(f)
}

// readSyntaxTreebank reads a whole CoNLL-U file.
func readSyntaxTreebank(path string) ([]conllu.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{err}
	}
	defer f.Close()
	ss, err := conllu.Read(f)
	if err != nil {
		return nil, news.E("conllu", news.KindInvalid, fmt.Errorf("%s: %w", path, err))
	}
	return ss, nil
}
