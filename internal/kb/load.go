package kb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/readout/readout/internal/news"
)

// maxFile bounds a user KB file.
const maxFile = 32 << 20

// file is the JSON format of a KB file (embedded data and --kb files).
type file struct {
	Source   string      `json:"source,omitempty"` // default source of its entries
	Entities []fileEntry `json:"entities"`
}

// fileEntry is an Entity plus the merge operation.
type fileEntry struct {
	Entity
	// Op is "" or "replace" (the entry replaces an entity with the same
	// ID), "extend" (its aliases, demonyms, metonyms, generics and roles
	// are added to the existing entity, its non-empty fields override)
	// or "delete" (the entity is removed).
	Op string `json:"op,omitempty"`
}

// Load reads a KB file (see the package documentation for the format).
// Entries are applied in order: a later entry with the same ID overrides
// an earlier one. Errors are one line and name the entry.
func Load(r io.Reader) (*KB, error) {
	k, err := parse(r)
	if err != nil {
		return nil, err
	}
	k.reindex()
	return k, nil
}

// parse reads a KB file without building the indexes.
func parse(r io.Reader) (*KB, error) {
	const op = "kb.Load"
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, news.E(op, news.KindUnavailable, err)
	}
	if len(data) > maxFile {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("file larger than %d MiB", maxFile>>20))
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, news.E(op, news.KindInvalid, jsonError(data, err))
	}
	if dec.More() {
		return nil, news.E(op, news.KindInvalid, "trailing data after the JSON object")
	}
	k := New()
	k.ops = map[string]string{}
	for i := range f.Entities {
		fe := &f.Entities[i]
		if err := fe.validate(); err != nil {
			return nil, news.E(op, news.KindInvalid, fmt.Sprintf("entity %d (%q): %v", i+1, fe.ID, err))
		}
		if fe.Source == "" {
			fe.Source = f.Source
		}
		k.apply(fe)
	}
	return k, nil
}

// jsonError turns a decoder error into one line with a line number.
func jsonError(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var off int64 = -1
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	if off >= 0 && off <= int64(len(data)) {
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		return fmt.Sprintf("line %d: %s", line, msg)
	}
	return msg
}

// apply applies one entry of a file being loaded to k (no reindex). It
// records the entry's operation in k.ops and deletions in k.deleted so
// that Merge can replay them onto another KB.
func (k *KB) apply(fe *fileEntry) {
	switch fe.Op {
	case "delete":
		k.remove(fe.ID)
		k.deleted = appendNew(k.deleted, fe.ID)
		delete(k.ops, fe.ID)
		return
	case "extend":
		if old := k.ents[fe.ID]; old != nil {
			k.put(extend(old, &fe.Entity)) // keeps the earlier entry's op
			return
		}
	}
	e := fe.Entity
	k.put(&e)
	k.ops[fe.ID] = fe.Op
}

// extend returns a copy of old with the lists of add appended and its
// non-empty scalar fields overriding.
func extend(old, add *Entity) *Entity {
	e := *old
	e.Aliases = appendNew(append([]string(nil), old.Aliases...), add.Aliases...)
	e.Demonyms = appendNew(append([]string(nil), old.Demonyms...), add.Demonyms...)
	e.Metonyms = appendNew(append([]string(nil), old.Metonyms...), add.Metonyms...)
	e.Generic = appendNew(append([]string(nil), old.Generic...), add.Generic...)
	e.Roles = append(append([]Role(nil), old.Roles...), add.Roles...)
	if add.Type != "" {
		e.Type = add.Type
	}
	if add.Name != "" {
		if add.Name != old.Name {
			e.Aliases = appendNew(e.Aliases, old.Name)
		}
		e.Name = add.Name
	}
	if add.Country != "" {
		e.Country = add.Country
	}
	if add.Sector != "" {
		e.Sector = add.Sector
	}
	if add.Source != "" && add.Source != old.Source {
		e.Source = old.Source + "; " + add.Source
	}
	return &e
}

func appendNew(dst []string, xs ...string) []string {
	for _, x := range xs {
		dup := false
		for _, d := range dst {
			if d == x {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, x)
		}
	}
	return dst
}

// validate checks one entry.
func (fe *fileEntry) validate() error {
	typ, rest, ok := strings.Cut(fe.ID, ":")
	if !ok || rest == "" || strings.TrimSpace(fe.ID) != fe.ID {
		return fmt.Errorf("id must look like TYPE:KEY (\"group:HAMAS\")")
	}
	switch fe.Op {
	case "", "replace", "extend":
	case "delete":
		return nil
	default:
		return fmt.Errorf("unknown op %q (want replace, extend or delete)", fe.Op)
	}
	if fe.Type == "" && fe.Op != "extend" {
		fe.Type = typ
	}
	if fe.Type != "" && !validTypes[fe.Type] {
		return fmt.Errorf("unknown type %q (want one of %s)", fe.Type, strings.Join(Types(), ", "))
	}
	if fe.Type != "" && fe.Type != typ {
		return fmt.Errorf("type %q does not match the id prefix %q", fe.Type, typ)
	}
	if fe.Op != "extend" && strings.TrimSpace(fe.Name) == "" {
		return fmt.Errorf("name is empty")
	}
	if fe.Country != "" && !isCode(fe.Country, 3, 3) {
		return fmt.Errorf("country %q is not an ISO 3166-1 alpha-3 code", fe.Country)
	}
	if fe.Sector != "" && !isCode(fe.Sector, 3, 3) {
		return fmt.Errorf("sector %q is not a three-letter code", fe.Sector)
	}
	for _, a := range fe.Aliases {
		if normKey(a) == "" {
			return fmt.Errorf("alias %q has no letters or digits", a)
		}
	}
	for i, r := range fe.Roles {
		if err := r.validate(); err != nil {
			return fmt.Errorf("role %d: %v", i+1, err)
		}
	}
	return nil
}

func isCode(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// Open returns the embedded KB merged with the given user files in order
// (later files override earlier ones).
func Open(paths ...string) (*KB, error) {
	k := Default()
	if err := DefaultErr(); err != nil {
		return nil, news.E("kb.Open", news.KindInternal, err)
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			kind := news.KindUnavailable
			if errors.Is(err, os.ErrNotExist) {
				kind = news.KindInvalid // a file the user named: a usage error
			}
			return nil, news.E("kb.Open", kind, err)
		}
		u, err := Load(f)
		f.Close()
		if err != nil {
			return nil, news.E("kb.Open", news.KindInvalid, fmt.Errorf("%s: %w", p, err))
		}
		k.Merge(u)
	}
	return k, nil
}
