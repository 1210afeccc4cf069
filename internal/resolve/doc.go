// Package resolve turns the mentions of one article into entities: it
// clusters NER mentions and knowledge-base matches that refer to the same
// actor, learns the titles the article gives people, links entities to
// the knowledge base and gives each a canonical cross-document ID and a
// CAMEO/PLOVER-style actor code (country + sector).
//
// Within an article it joins a full name and its surname ("Ingrid Solberg"
// … "Solberg"), a title with a surname ("Minister Solberg"), title-only
// definite descriptions ("the foreign minister") to the most recent person
// holding a compatible title, and — conservatively — he/she/his/her to the
// one person of the sentence (or, failing that, of the previous sentence).
// Titles come from token patterns: pre-nominal ("U.S. Secretary of State
// X", "Israeli Defence Minister X", "Gen. X"), appositive ("X, the chairman
// of the Joint Chiefs of Staff", "X, a spokesman for the ministry") and
// descriptions that corefer with a person. Conflicting titles (within the
// article, or against the knowledge base's role for the article's date) are
// flagged, not resolved.
//
// IDs: a knowledge-base ID when the name resolves ("person:marco-rubio",
// "country:ISR", "body:USA-STATE-DEPT"), else the type prefix and the
// normalised name ("per:ingrid-solberg", "org:nordic-fisheries-council"),
// so that the same name in two articles gets the same ID.
//
// It does not do cross-document disambiguation of identical names (two
// different people called "Jane Doe" get one ID), resolve "they", "it" or
// first-person pronouns, or read dependency parses.
package resolve
