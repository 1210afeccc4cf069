package news

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// ArticleID returns the stable identifier of an article: derived from its
// canonical URL when it has one, else from the hash of its normalised body.
// IDs are 16 lower-case hex characters, prefixed "a".
func ArticleID(canonicalURL, bodyHash string) string {
	key := "body:" + bodyHash
	if u := CanonicalURL(canonicalURL); u != "" {
		key = "url:" + u
	}
	sum := sha256.Sum256([]byte(key))
	return "a" + hex.EncodeToString(sum[:8])
}

// BodyHash is the hex SHA-256 of the body with case folded and all runs of
// white space and punctuation collapsed, so that re-wrapped or re-encoded
// copies of one text hash alike.
func BodyHash(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	space := false
	for _, r := range body {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// trackingParams are query parameters that never change what a page shows.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "mc_cid": true, "mc_eid": true,
	"ref": true, "ref_src": true, "cmpid": true, "ocid": true, "smid": true,
}

// CanonicalURL normalises a URL for identity: lower-case scheme and host,
// no default port, no fragment, no "www." prefix, no tracking parameters
// (utm_*, fbclid…), sorted query, no trailing slash. It returns "" for
// anything that is not an absolute http(s) URL.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	if p := u.Port(); p != "" && p != "80" && p != "443" {
		host += ":" + p
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var qs []string
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			qs = append(qs, url.QueryEscape(k)+"="+url.QueryEscape(v))
		}
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	out := "https://" + host + path
	if len(qs) > 0 {
		out += "?" + strings.Join(qs, "&")
	}
	return out
}

// DocumentKey is the identity key of a document without a canonical URL:
// its body hash plus the base name of where it came from (with any
// "#line 3" / "#record 2" fragment), so that re-ingesting the same file from
// another working directory gives the same ID while a copy of it under
// another name is a separate article — recorded as a duplicate of the first.
func DocumentKey(bodyHash, origin string) string {
	if origin == "" || origin == "-" {
		return bodyHash
	}
	frag := ""
	if i := strings.LastIndex(origin, "#"); i >= 0 {
		origin, frag = origin[:i], origin[i:]
	}
	if i := strings.LastIndexAny(origin, `/\`); i >= 0 {
		origin = origin[i+1:]
	}
	return bodyHash + "|" + origin + frag
}
