// Package ner finds named entities (PER, ORG, LOC, MISC) in tokenised text.
//
// The tagger is a greedy left-to-right averaged perceptron over BILOU labels
// with hashed features: the word and its context, shapes, affixes, word
// clusters derived from unlabelled text, a gazetteer built from training
// entity spans (extensible with WithGazetteer), document-level case
// evidence, the labels given earlier in the same document to the same
// word, the neighbours of the word's other occurrences in the document
// (context aggregation), and — in a second decoding pass — the labels the
// first pass gave to the word's other occurrences anywhere in the document.
// The shipped model (model/en.model.gz, see MODEL.md) is embedded and
// loaded on first use by Default.
//
// The package also reads and writes CoNLL column files and scores tags the
// way conlleval does (exact spans, per type). It does not tokenise text
// (internal/text does) and it does not resolve mentions to entities.
package ner
