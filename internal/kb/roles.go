package kb

import (
	"fmt"
	"strings"
	"time"
)

// RolesAt returns the roles the person with the given ID held on date
// (bounds inclusive, open bounds unbounded; a month- or year-precise
// bound covers the whole month or year). It returns nil for unknown IDs.
func (k *KB) RolesAt(personID string, date time.Time) []Role {
	e := k.ents[personID]
	if e == nil {
		return nil
	}
	day := date.Format("2006-01-02")
	var out []Role
	for _, r := range e.Roles {
		if r.From != "" && day < lowerBound(r.From) {
			continue
		}
		if r.To != "" && day > upperBound(r.To) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// lowerBound is the first day a bound may mean: "2024-11" → "2024-11-01".
func lowerBound(s string) string {
	switch len(s) {
	case 4:
		return s + "-01-01"
	case 7:
		return s + "-01"
	}
	return s
}

// upperBound is the last day a bound may mean: "2024-11" → "2024-11-30".
func upperBound(s string) string {
	switch len(s) {
	case 4:
		return s + "-12-31"
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return s
		}
		return t.AddDate(0, 1, -1).Format("2006-01-02")
	}
	return s
}

// validDate checks a role bound: "", "YYYY", "YYYY-MM" or "YYYY-MM-DD".
func validDate(s string) error {
	if s == "" {
		return nil
	}
	var layout string
	switch len(s) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	if _, err := time.Parse(layout, s); err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	return nil
}

func (r *Role) validate() error {
	if strings.TrimSpace(r.Title) == "" {
		return fmt.Errorf("title is empty")
	}
	if err := validDate(r.From); err != nil {
		return err
	}
	if err := validDate(r.To); err != nil {
		return err
	}
	if r.From != "" && r.To != "" && lowerBound(r.From) > upperBound(r.To) {
		return fmt.Errorf("from %s is after to %s", r.From, r.To)
	}
	if r.Country != "" && !isCode(r.Country, 3, 3) {
		return fmt.Errorf("country %q is not an ISO 3166-1 alpha-3 code", r.Country)
	}
	if r.Sector != "" && !isCode(r.Sector, 3, 3) {
		return fmt.Errorf("sector %q is not a three-letter code", r.Sector)
	}
	return nil
}
