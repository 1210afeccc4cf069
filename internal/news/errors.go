package news

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that callers can react to it without parsing
// strings: the HTTP layer maps kinds to status codes, main maps them to exit
// codes and hints.
type Kind uint8

const (
	KindOther       Kind = iota // unclassified
	KindInvalid                 // the input is malformed or not acceptable
	KindNotFound                // the thing asked for does not exist
	KindConflict                // the operation conflicts with stored state
	KindUnavailable             // a dependency (disk, database, network) is not available now
	KindInternal                // a bug or broken invariant inside readout
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	case KindUnavailable:
		return "unavailable"
	case KindInternal:
		return "internal"
	}
	return "error"
}

// Error is readout's error: the operation that failed, its kind, and the
// wrapped cause. Build it with E.
type Error struct {
	Op   string // e.g. "sqlite.PutArticle", "clean.HTML"
	Kind Kind
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Op != "" && e.Err != nil:
		return e.Op + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Err.Error()
	case e.Op != "":
		return e.Op + ": " + e.Kind.String()
	}
	return e.Kind.String()
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an *Error. A string argument after op is taken as a message.
//
//	news.E("clean.HTML", news.KindInvalid, "document is empty")
//	news.E("sqlite.Article", news.KindNotFound, err)
func E(op string, kind Kind, cause any) error {
	var err error
	switch c := cause.(type) {
	case nil:
	case error:
		err = c
	case string:
		err = errors.New(c)
	default:
		err = fmt.Errorf("%v", c)
	}
	return &Error{Op: op, Kind: kind, Err: err}
}

// KindOf returns the kind of the outermost *Error in err's chain that has a
// kind other than KindOther, or KindOther.
func KindOf(err error) Kind {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return KindOther
		}
		if e.Kind != KindOther {
			return e.Kind
		}
		err = e.Err
	}
	return KindOther
}

// IsKind reports whether err has the given kind.
func IsKind(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// ErrNotFound is a convenience sentinel for lookups.
var ErrNotFound = &Error{Kind: KindNotFound, Err: errors.New("not found")}
