package postgres

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBuildTSQuery(t *testing.T) {
	cases := []struct {
		query string
		sql   string
		args  []string
	}{
		{"ferry", `((phraseto_tsquery('readout_search', $1)))`, []string{"ferry"}},
		{`"river bridge" counc*`, `((phraseto_tsquery('readout_search', $1)) && (to_tsquery('readout_search', $2)))`,
			[]string{"river bridge", "'counc':*"}},
		{"school OR café -storm", `((phraseto_tsquery('readout_search', $1) || phraseto_tsquery('readout_search', $2)) && !!(phraseto_tsquery('readout_search', $3)))`,
			[]string{"school", "café", "storm"}},
		{"-island -ferry", `(!!(phraseto_tsquery('readout_search', $1) || phraseto_tsquery('readout_search', $2)))`,
			[]string{"island", "ferry"}},
		{`it's* a\b*`, `((to_tsquery('readout_search', $1)) && (to_tsquery('readout_search', $2)))`,
			[]string{`'it''s':*`, `'a\\b':*`}},
		{"NOT ferry OR", `(!!(phraseto_tsquery('readout_search', $1)))`, []string{"ferry"}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			var args []string
			got := buildTSQuery(parseQuery(tc.query), false, func(v any) string {
				args = append(args, v.(string))
				return fmt.Sprintf("$%d", len(args))
			})
			if got != tc.sql || strings.Join(args, "|") != strings.Join(tc.args, "|") {
				t.Fatalf("buildTSQuery(%q) =\n %s %q\nwant\n %s %q", tc.query, got, args, tc.sql, tc.args)
			}
		})
	}
	if q := parseQuery(`"" - * ()`); !q.empty() {
		t.Fatalf("a query of punctuation parsed to %+v", q)
	}
	if q := parseQuery(strings.Repeat("ferry ", 200)); len(q.groups) != maxQueryTerms {
		t.Fatalf("200 words gave %d terms, want the cap %d", len(q.groups), maxQueryTerms)
	}
}

func TestFoldDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"Zürich": "Zurich", "Genève": "Geneve", "Østby Ærø": "Ostby AEro", "straße": "strasse",
		"Łódź": "Lodz", "plain": "plain", "日本語": "日本語",
	} {
		if got := foldDiacritics(in); got != want {
			t.Errorf("foldDiacritics(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseQuery checks that any input parses into bounded, parameter-only
// SQL: the placeholders are the only user-dependent part, every argument
// is valid UTF-8 without NUL (PostgreSQL refuses NUL in text), and the
// SQL text itself contains none of the input.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"ferry", `"a b" OR c* -d`, `'; DROP TABLE articles; --`, "\x00", "\xff\xfe",
		`((()))`, `-"x`, "a OR OR b", "日本語 🚢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := parseQuery(s)
		n := 0
		sql := buildTSQuery(q, true, func(v any) string {
			n++
			a := v.(string)
			if !utf8.ValidString(a) || strings.ContainsRune(a, 0) {
				t.Fatalf("argument %q is not valid text", a)
			}
			return fmt.Sprintf("$%d", n)
		})
		if n > maxQueryTerms {
			t.Fatalf("%d arguments, more than %d", n, maxQueryTerms)
		}
		rest := sql
		for i := n; i >= 1; i-- {
			rest = strings.ReplaceAll(rest, fmt.Sprintf("$%d", i), "")
		}
		for _, word := range []string{"phraseto_tsquery", "to_tsquery", "readout_search"} {
			rest = strings.ReplaceAll(rest, word, "")
		}
		if strings.Trim(rest, "()&|!, '") != "" {
			t.Fatalf("SQL %q has text besides placeholders and operators: %q", sql, rest)
		}
	})
}
