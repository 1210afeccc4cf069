// Package watch keeps a store current from the feeds and sitemaps a user
// follows: it polls the sources that are due (conditional GET, so an
// unchanged feed costs a 304), records every new item URL, fetches the
// article pages politely through package fetch, keeps each page for
// archiving, and hands it to a Processor — the standard pipeline, wired
// by cmd/readout — that cleans, enriches and stores it.
//
// State lives behind the State interface (sqlite implements it; a
// PostgreSQL store can implement it later and run watchtest.Run). It is
// crash-safe by ordering: a poll's new items and the feed's validators
// are saved in one transaction, and an item stays pending until its
// article has been stored, so a crash mid-poll loses nothing and refetches
// at most the articles that were in flight, once.
//
// Poll intervals adapt: a source that had new items is polled sooner
// (down to MinInterval), a quiet one later (up to MaxInterval); failures
// back off exponentially and Retry-After is honoured.
//
// Cancelling the context passed to Run or Once is a request to stop: no
// new fetch starts, the pages already fetched are processed and their
// state saved (with a context that is not cancelled), and Run returns nil.
package watch
