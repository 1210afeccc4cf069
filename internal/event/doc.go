// Package event codes political events from annotated news articles into
// the PLOVER ontology (with the nearest CAMEO code alongside): who did what
// to whom, where, when, and whether it happened.
//
// Code reads an article that packages text, syntax and resolve have
// filled (sentences with tokens, lemmas and dependency parses; entities with
// mentions and actor codes). Triggers come from an embedded, readable
// lexicon (lexicon.tsv): verb lemmas and event nouns, organised by PLOVER
// type and mode, with optional conditions on the object, preposition,
// particle, modifier or governing verb ("withdraw" + troops, "strike" +
// air, "talks" governed by "hold"). Arguments come from the dependency
// parse: the subject (or the agent of a passive) is the actor, the object
// or a "with/to/on/against" dependent the recipient, an "in/at" place the
// location; demonym and compound modifiers of event nouns ("Israeli
// missile strike") give the actor; coordinated subjects make one event
// with several actors. Argument words are mapped to entities by byte-span
// overlap with Article.Entities mentions.
//
// Modality (news.EventStatus) comes from negation, modal and future
// auxiliaries, planning verbs ("is expected to", "plans to"), "upcoming",
// conditionals, "reportedly"/"allegedly" and embedding under a reporting
// verb ("X said that …"), progressive aspect, and future time expressions.
// Dates are the time expression of the trigger's clause, resolved with
// package timex against the publication date and the clause's tense.
//
// It is conservative: statements alone (say, tell) are not events, nouns
// that only modify other nouns ("ceasefire efforts") and triggers without
// any actor, recipient, date or place are skipped, and every event carries
// a confidence. It does not do cross-sentence argument filling beyond what
// package resolve's pronoun links give, event coreference across sentences
// or articles, or languages other than English.
package event
