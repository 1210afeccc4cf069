// Package quote finds the quotations and reported statements of an
// article: who said what, in which words, and through which media.
//
// Extract returns one news.Quote per statement:
//
//   - direct: text in quotation marks (“ ” " ‘ ’ '), joined across the
//     attribution (“X,” she said. “Y.” is one quotation in two parts) and
//     across paragraphs when a quotation opens a paragraph and only a
//     later one closes it;
//   - partial: a few quoted words inside the writer's sentence, attributed
//     to the source the sentence names (warned of “credible reports”);
//   - term: scare-quoted words that are nobody's statement (the “second
//     phase” of the plan);
//   - indirect: reported speech without marks ("X said (that) …",
//     "…, X said", "According to X, …", "X told Y that …").
//
// Speakers are found before or after the quotation, in the sentence
// before it, through pronouns (the latest person of agreeing gender or
// the latest described source), through the previous paragraph for a
// paragraph that is only a quotation, and — in feature style — through a
// person who opens the next paragraph. A speaker is a person (the fullest
// name in the article), an organisation, or an anonymous description with
// its country (from a demonym) and sector (from the role noun). Media
// between the speaker and the article ("told The Harbour Courier",
// "according to a Meridian Wire report cited in …") form the Via chain.
//
// The extractor works on token patterns and a lexicon of reporting verbs;
// it uses the knowledge base (kb) for organisations, media, demonyms and
// known people, and does not need a parser or a tagger. It does not
// resolve speakers to entity IDs beyond what the KB matches: a resolver
// can map Speaker spans later. The gold format and the figures are in
// README.md.
package quote
