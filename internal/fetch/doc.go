// Package fetch is readout's polite HTTP client for feeds and article
// pages found on the open web.
//
// Politeness: robots.txt is fetched once per host (cached for a day) and
// obeyed for the "readout" agent, its Crawl-delay included (capped); at
// most one request per host is in flight and consecutive requests to a
// host are at least Options.Delay apart; the User-Agent names readout and
// a contact URL; conditional GET (If-None-Match / If-Modified-Since) is
// used when the caller has validators, so an unchanged feed costs a 304.
//
// Robustness: every attempt has a total deadline and a minimum transfer
// rate (a server that trickles a body — slow loris — is cut off); bodies
// are limited to Options.MaxBytes before and after gzip/brotli/deflate
// decoding; redirects are followed up to a limit; transient failures
// (network errors, 408, 429, 5xx) are retried with exponential backoff and
// jitter, and Retry-After is honoured on 429 and 503 (a wait longer than
// Options.MaxBackoff is not slept through: the error carries it so the
// caller can come back later).
//
// SSRF safety: URLs come from feeds and users, so a request never
// connects to a loopback, private (RFC 1918, ULA), link-local, unspecified,
// multicast, CGNAT or otherwise reserved address. The check is made at
// dial time on the addresses DNS returned (so a public name that resolves
// to 127.0.0.1 is refused, and the address checked is the one dialled —
// no time-of-check/time-of-use gap), for every connection, hence for every
// redirect and for robots.txt. Hosts the user allows explicitly
// (Options.AllowHosts: names, IP addresses or CIDR ranges) are exempt. No
// proxy from the environment is used, since it would bypass the check.
//
// Charset decoding is not done here: Response.ContentType keeps the
// declared type and package clean decodes.
package fetch
