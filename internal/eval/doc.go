// Package eval holds the scorers behind 'readout eval …': each reads a gold
// standard, runs one stage through a function it is given, and computes the
// standard scores for that task. Scorers do no wiring: the command passes
// the stage in, so they test with fakes and tiny fixtures.
package eval
