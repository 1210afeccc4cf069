// Package jetstream is readout's work queue on NATS JetStream: the way
// to run the standard pipeline on many worker processes (and machines)
// that share one store, usually PostgreSQL.
//
// Three streams are used, created on first use:
//
//   - READOUT (subject readout.docs): raw documents waiting to be
//     analysed. Work-queue retention, file storage. Each document is
//     published once per duplicate window: its Nats-Msg-Id is a hash of
//     the document, so re-running an ingest does not enqueue it again.
//     Bodies above a few kilobytes are gzip-compressed; a document whose
//     encoded form is over the server's max_payload is rejected with a
//     clear error (KindInvalid).
//   - READOUT_DEAD (subject readout.dead): documents that failed
//     MaxDeliver times, with the last error, for `readout queue dead`.
//   - READOUT_STORED (subject readout.stored): the IDs of articles the
//     workers have committed, in commit order, for the one consumer that
//     runs the cross-article stages (stories) — see docs/scaling.md.
//
// Workers share one durable pull consumer. A message is acknowledged
// only after its article (and its hooks) are committed, so a worker that
// dies loses nothing: the server redelivers after AckWait. Slow documents
// keep their lease with in-progress heartbeats. Redelivery is safe
// because the store's PutArticle is idempotent (PutUnchanged).
//
// The package knows nothing of the pipeline or the store: Work hands each
// document to a Handler and acts on the error it returns.
package jetstream
