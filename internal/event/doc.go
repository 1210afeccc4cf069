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
// conditionals, "reportedly"/"allegedly", embedding under a reporting
// verb ("X said that …"), the quotations of package quote (an event
// inside a direct or indirect quotation is the speaker's claim, reported,
// unless the article asserts it elsewhere), progressive aspect, and future
// time expressions. Dates are the time expression of the trigger's
// clause, resolved with package timex against the publication date and
// the clause's tense.
//
// Across sentences, a definite event noun ("the strike", "the call",
// "Rubio's visit") or an actorless repeat ("He was detained in Cali on
// Friday") is merged into the latest earlier event of the same type that
// it does not contradict, adding its date, place, mode or participants,
// rather than coded again (anaphora.go). Pronoun actors come from the
// resolver's pronoun mentions, from the subject of a reporting verb ("the
// rebels said they will release …") and, for "we" in a direct quotation,
// from the quotation's speaker.
//
// It is conservative: statements alone (say, tell; "declined to
// comment") are not events, nouns that only modify other nouns
// ("ceasefire efforts") and triggers without any actor, recipient, date
// or place are skipped, and every event carries a confidence. It does
// not do event coreference across articles (package story), or languages
// other than English.
package event
