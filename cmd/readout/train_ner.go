package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/readout/readout/internal/ner"
	"github.com/readout/readout/internal/news"
)

func newTrainNERCmd(a *app) *cobra.Command {
	var trainPath, devPath, out, clusters string
	var epochs int
	var bits uint
	c := &cobra.Command{
		Use:   "ner --train FILE --dev FILE --out FILE",
		Short: "Train the named-entity tagger on CoNLL-2003 style files",
		Long: `Train the averaged-perceptron named-entity tagger. --train and --dev are
CoNLL column files (token first, IOB1 or IOB2 tag last, -DOCSTART- between
documents; other columns are ignored). The dev F1 is printed after every
epoch and the best epoch's model is written to --out (gzip).`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if trainPath == "" || devPath == "" || out == "" {
				return usageError{fmt.Errorf("--train, --dev and --out are required")}
			}
			train, err := readCoNLLFile(trainPath)
			if err != nil {
				return err
			}
			dev, err := readCoNLLFile(devPath)
			if err != nil {
				return err
			}
			var cl map[string][3]int32
			if clusters == "" {
				cl, err = ner.DefaultClusters()
			} else {
				var f *os.File
				f, err = os.Open(clusters)
				if err != nil {
					return news.E("train ner", news.KindNotFound, err)
				}
				cl, err = ner.ReadClusters(f)
				f.Close()
			}
			if err != nil {
				return err
			}
			start := time.Now()
			m, results, err := ner.Train(train.Docs, dev.Docs, ner.TrainOptions{
				Epochs: epochs, Bits: bits, Clusters: cl, Context: cmd.Context(),
				Progress: func(r ner.EpochResult) {
					fmt.Fprintf(a.stdout, "epoch %2d  mistakes %6d  dev P %.2f R %.2f F1 %.2f  (%s)\n",
						r.Epoch, r.Mistakes, r.Dev.Total.P(), r.Dev.Total.R(), r.Dev.Total.F1(), r.Elapsed.Round(time.Second))
				},
			})
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return news.E("train ner", news.KindUnavailable, err)
			}
			if err := m.Save(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return news.E("train ner", news.KindUnavailable, err)
			}
			best := results[0]
			for _, r := range results {
				if r.Dev.Total.F1() > best.Dev.Total.F1() {
					best = r
				}
			}
			for _, t := range best.Dev.Types() {
				c := best.Dev.ByType[t]
				fmt.Fprintf(a.stdout, "  %-5s P %.2f R %.2f F1 %.2f\n", t, c.P(), c.R(), c.F1())
			}
			fmt.Fprintf(a.stdout, "kept %s; wrote %s in %s\n", m.Info, out, time.Since(start).Round(time.Second))
			return nil
		},
	}
	fl := c.Flags()
	fl.StringVar(&trainPath, "train", "", "training file (CoNLL columns)")
	fl.StringVar(&devPath, "dev", "", "development file (CoNLL columns)")
	fl.StringVar(&out, "out", "", "model file to write")
	fl.StringVar(&clusters, "clusters", "", "word cluster file (default: the committed internal/ner/model/clusters.tsv.gz)")
	fl.IntVar(&epochs, "epochs", 14, "training epochs (the best on --dev is kept)")
	fl.UintVar(&bits, "bits", 21, "log2 of the number of feature hash buckets")
	return c
}

// readCoNLLFile opens and parses a labelled CoNLL column file.
func readCoNLLFile(path string) (*ner.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, news.E("ner", news.KindNotFound, err)
	}
	defer f.Close()
	cf, err := ner.ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !cf.Tagged && len(cf.Docs) > 0 {
		return nil, news.E("ner", news.KindInvalid, path+": the last column is not a tag column (O, B-X, I-X)")
	}
	return cf, nil
}
