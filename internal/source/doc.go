// Package source is where documents come from: it expands the paths given to
// `readout ingest` (files, directories walked recursively in lexical order,
// glob patterns, "-" for standard input) and turns each input stream into
// news.Document values.
//
// Formats are sniffed from content, never trusted from the file name:
//
//   - HTML and plain text files: one document each;
//   - JSON: one record, an array of records, concatenated records, or an
//     object wrapping an array ({"articles": [...]});
//   - JSON Lines: one record per line; a bad line is rejected and reading
//     goes on with the next;
//   - WARC (1.0/1.1): response and resource records with HTML payloads;
//     chunked transfer-encoding and gzip/deflate/brotli content-encoding are
//     undone;
//   - any of these compressed with gzip (including per-record gzip members
//     as in .warc.gz) or bzip2; UTF-16 text with a byte-order mark.
//
// A record is an object with the fields url, title, text or html, published
// and source, or common aliases of them (content, body, maintext, link,
// headline, date, publishedAt, publisher, site_name…). Keys match without
// regard to case, "_" or "-".
//
// Bad input never stops a walk: every rejected file, line or record becomes
// an Item with a one-line Err naming its origin ("a.jsonl#line 3: …"), and
// reading continues. Records that are not failures but carry no document
// (WARC request records, non-HTML responses) are Items with Skipped set.
//
// WARC-Date is the capture time, not the publication time, so it goes to
// Document.Fetched and Published stays empty: clean lets a given Published
// win over the date printed in the page. ParseDate reads the date layouts
// found in records. WARCWriter writes WARC files (used by the tests, and
// for export).
//
// The package does no cleaning: Body holds the raw bytes (HTML or text) and
// ContentType whatever the input declared; package clean decodes charsets,
// repairs UTF-8 and extracts the text. It does not fetch URLs.
package source
