// Package syntax annotates tokenised English sentences with part-of-speech
// tags (Universal POS and Penn Treebank XPOS), lemmas and labelled
// dependency trees (Universal Dependencies relations).
//
// It has three learned components, all in pure Go and deterministic:
//
//   - a greedy left-to-right averaged-perceptron tagger that predicts a
//     joint UPOS|XPOS label per token, with a tag dictionary for frequent
//     unambiguous words, word-cluster features and a second pass that
//     re-tags unsure words seeing the first pass's tags to their right;
//   - a lemmatiser made of an exception table and suffix edit scripts keyed
//     by XPOS, learned from the treebank;
//   - a greedy arc-hybrid transition parser scored by an averaged
//     perceptron, trained with a dynamic oracle and exploration.
//
// Weights live in hashed feature rows (feature hashing into a fixed number
// of buckets; only the rows that matter are kept and quantised to int8).
// Default returns the model embedded in the binary (trained on UD English
// EWT, see MODEL.md); Train builds a new one from CoNLL-U sentences.
//
// The package does not split text into sentences or tokens (see package
// text) and does not produce morphological features or enhanced
// dependencies. A *Model is immutable and safe for concurrent use.
package syntax
