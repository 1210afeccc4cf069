// Package kb is readout's knowledge base of actors: for a name seen in
// news text, what actor it is. It knows countries and territories (ISO
// 3166-1 alpha-3 codes, names, common short forms, demonyms, capitals),
// international and non-governmental organisations, armed and political
// groups, government and military bodies with their PLOVER sectors, news
// outlets, and a small set of people with dated roles.
//
// Lookup finds entities by a whole name ("U.S." == "US" == "the United
// States"); Demonym and Capital map "Israeli" and "Washington" to their
// countries; Match scans a token sequence for the longest names, joins
// "<country> <body>" phrases ("U.S. State Department", "Egypt's foreign
// ministry") and leaves deciding metonymy and context to the caller
// (package resolve). RolesAt tells what a person was on a date;
// SectorOfTitle maps titles to sectors. Gazetteer feeds the NER tagger.
//
// It does not resolve pronouns or coreference, decide whether
// "Washington" is the city or the government, or disambiguate names by
// context: those are resolution's job.
//
// The data, its sources and the file format of user extensions (--kb
// FILE) are described in README.md beside this file. Merge order: the
// embedded data, then user files in the order given; a later entry
// overrides an earlier one with the same ID.
package kb
