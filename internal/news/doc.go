// Package news is readout's domain: the values that flow between the
// pipeline stages (Document, Article, Block, Sentence, Token), their
// identifiers, the error type every package wraps its failures in, and the
// contracts that storage adapters implement (Store).
//
// It imports nothing from the rest of readout and does no I/O. Stages and
// adapters import news; news imports none of them.
package news
