package alert

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestParseExample(t *testing.T) {
	b, err := os.ReadFile("../../examples/alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Parse(b, "alerts.yaml", env("READOUT_ALERT_SECRET", "s1", "READOUT_QUOTES_SECRET", "s2"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rs.Rules {
		names = append(names, r.Name+"/"+string(r.Kind()))
	}
	want := []string{"strikes-levant/event", "us-sanctions/event", "quotes-brekke/quote", "council-watch/mention",
		"big-norway-story/story", "all-protests/event"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("rules = %v, want %v", names, want)
	}
	s := rs.Rule("strikes-levant")
	if !reflect.DeepEqual(s.Event.Types, []news.EventType{"ASSAULT", "COERCE"}) || s.Event.MinSources != 2 ||
		s.Deliver[0].Timeout.String() != "5s" || s.Deliver[1].Log != "stdout" {
		t.Errorf("strikes-levant parsed as %+v %+v", s.Event, s.Deliver)
	}
	if got := rs.secretFor(rs.Rule("quotes-brekke")); got != "s2" {
		t.Errorf("rule secret = %q, want s2", got)
	}
	if got := rs.secretFor(s); got != "s1" {
		t.Errorf("global secret = %q, want s1", got)
	}
	if !rs.NeedsStories() {
		t.Error("NeedsStories = false with min_sources 2 and a story rule")
	}
	// A single value is a one-element list.
	if u := rs.Rule("us-sanctions"); !reflect.DeepEqual(u.Event.Actors, []string{"USAGOV"}) {
		t.Errorf("actor = %v", u.Event.Actors)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "rules:\n  - name: r1\n"
	const logOut = "    deliver:\n      - log: stdout\n"
	tests := []struct {
		name, yaml string
		want       []string // substrings of the one-line error
	}{
		{"empty", "", []string{"empty rules file"}},
		{"not yaml", "rules: [", []string{"rules.yaml:"}},
		{"no rules key", "secret: x\n", []string{"rules: missing"}},
		{"rules not a list", "rules: 3\n", []string{"rules: want a list"}},
		{"unknown top field", "rulez: []\n", []string{`unknown field "rulez"`}},
		{"no name", "rules:\n  - event: {}\n" + logOut, []string{"rules[0]: name: missing"}},
		{"bad name", "rules:\n  - name: 'a b'\n    event: {}\n" + logOut, []string{`rule "a b": name:`}},
		{"no trigger", head + logOut, []string{`rules.yaml:2: rule "r1": trigger: want exactly one`, "found 0"}},
		{"two triggers", head + "    event: {}\n    mention: {entity: x}\n" + logOut, []string{`rule "r1": trigger:`, "found 2 (event, mention)"}},
		{"unknown trigger field", head + "    event: {typ: ASSAULT}\n" + logOut, []string{`rules.yaml:3: rule "r1": event: unknown field "typ"`}},
		{"bad type", head + "    event: {type: BOMB}\n" + logOut, []string{`rule "r1": event.type: "BOMB" is not a PLOVER event type`}},
		{"lower type ok but bad status", head + "    event: {type: assault, status: maybe}\n" + logOut, []string{`event.status: "maybe"`}},
		{"bad country", head + "    event: {country: Norway}\n" + logOut, []string{`event.country: "Norway": want an ISO 3166-1 alpha-3`}},
		{"negative sources", head + "    event: {min_sources: -1}\n" + logOut, []string{`event.min_sources: "-1": want a whole number`}},
		{"confidence range", head + "    event: {min_confidence: 2}\n" + logOut, []string{"event.min_confidence: 2: want 0 to 1"}},
		{"sources not a number", head + "    story: {min_sources: many}\n" + logOut, []string{`story.min_sources: "many"`}},
		{"quote without speaker", head + "    quote: {kind: direct}\n" + logOut, []string{`rule "r1": quote.speaker: want at least one`}},
		{"quote bad kind", head + "    quote: {speaker: x, kind: shouted}\n" + logOut, []string{`quote.kind: "shouted"`}},
		{"mention without entity", head + "    mention: {}\n" + logOut, []string{"mention.entity: want at least one"}},
		{"empty list value", head + "    mention: {entity: ['']}\n" + logOut, []string{"mention.entity: empty value"}},
		{"no delivery", head + "    event: {}\n", []string{`rule "r1": deliver: want at least one`}},
		{"delivery not a list", head + "    event: {}\n    deliver: {log: stdout}\n", []string{"deliver: want a list"}},
		{"both sinks", head + "    event: {}\n    deliver:\n      - {log: stdout, webhook: 'http://x'}\n", []string{"deliver[0]: give webhook or log, not both"}},
		{"bad url", head + "    event: {}\n    deliver:\n      - webhook: ftp://x/y\n", []string{"deliver[0].webhook:", "want an http:// or https:// URL"}},
		{"url credentials", head + "    event: {}\n    deliver:\n      - webhook: https://u:p@x/y\n", []string{"credentials in the URL"}},
		{"bad log", head + "    event: {}\n    deliver:\n      - log: syslog\n", []string{`deliver[0].log: "syslog"`}},
		{"bad timeout", head + "    event: {}\n    deliver:\n      - {webhook: 'https://x/y', timeout: soon}\n", []string{`deliver[0].timeout: "soon"`}},
		{"same target twice", head + "    event: {}\n    deliver:\n      - log: stdout\n      - log: stdout\n", []string{"deliver[1]: log stdout is given twice"}},
		{"duplicate name", head + "    event: {}\n" + logOut + "  - name: r1\n    event: {}\n" + logOut, []string{`rules.yaml:6: rule "r1": name: used by an earlier rule`}},
		{"duplicate key", head + "    event: {}\n    event: {}\n" + logOut, []string{"event given twice"}},
		{"missing env secret", "secret_env: NOPE\n" + head + "    event: {}\n" + logOut, []string{"secret_env: environment variable NOPE is not set"}},
		{"rule secret both", head + "    secret: a\n    secret_env: B\n    event: {}\n" + logOut, []string{`rule "r1": secret: secret and secret_env`}},
		{"alias", "x: &a {}\n", []string{`unknown field "x"`}},
		{"alias in rules", "rules: &r []\nsecret: *r\n", []string{"aliases"}},
		{"two documents", "rules: []\n---\nrules: []\n", []string{"more than one YAML document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "rules.yaml", env("B", "b"))
			if err == nil {
				t.Fatalf("no error for:\n%s", tt.yaml)
			}
			if !news.IsKind(err, news.KindInvalid) {
				t.Errorf("kind = %v, want invalid", news.KindOf(err))
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestRulesAddRemoveYAML(t *testing.T) {
	rs, err := Parse([]byte("rules: []\n"), "r", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := Rule{Name: "q", Quote: &QuoteTrigger{Speakers: []string{"Olsen"}, Kinds: []news.QuoteKind{"DIRECT"}},
		Deliver: []Delivery{{Log: "stdout"}}}
	if err := rs.Add(r, nil); err != nil {
		t.Fatal(err)
	}
	if err := rs.Add(r, nil); !news.IsKind(err, news.KindConflict) {
		t.Errorf("adding twice: %v, want conflict", err)
	}
	if err := rs.Add(Rule{Name: "bad", Deliver: []Delivery{{Log: "stdout"}}}, nil); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("adding a rule without trigger: %v, want invalid", err)
	}
	if err := rs.Add(Rule{Name: "s", Story: &StoryTrigger{}, Deliver: []Delivery{{Webhook: "https://h.example/x"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if rs.Rule("s").Story.MinSources != 2 {
		t.Errorf("story min_sources default = %d, want 2", rs.Rule("s").Story.MinSources)
	}
	if rs.Rule("q").Quote.Kinds[0] != news.QuoteDirect {
		t.Errorf("kind not normalised: %v", rs.Rule("q").Quote.Kinds)
	}
	b, err := rs.YAML()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b, "written", nil)
	if err != nil {
		t.Fatalf("re-parse of written rules: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(back.Rules, rs.Rules) {
		t.Errorf("round trip changed rules:\n%s", b)
	}
	if err := rs.Remove("q"); err != nil || rs.Rule("q") != nil {
		t.Errorf("Remove: %v", err)
	}
	if err := rs.Remove("q"); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("Remove twice: %v, want not found", err)
	}
}

func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../../examples/alerts.yaml"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		"rules: []",
		"rules:\n  - name: a\n    event: {type: [ASSAULT], min_sources: 3}\n    deliver: [{log: stdout}]\n",
		"rules:\n  - name: a\n    quote: {speaker: x}\n    deliver: [{webhook: 'http://h/x', timeout: 1s}]\n",
		"rules: &a [*a]",
		"rules:\n  - name: a\n    story: {min_sources: 99999999999999999999}\n",
		"{rules: [{name: 'x', mention: {entity: [a, b]}, deliver: [{log: log, format: json}]}]}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rs, err := Parse([]byte(in), "fuzz.yaml", env())
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		// What parses writes back to something that parses the same.
		b, err := rs.YAML()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(b, "again.yaml", env())
		if err != nil {
			t.Fatalf("written rules do not parse: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(back.Rules, rs.Rules) {
			t.Fatalf("round trip changed rules:\n%s", b)
		}
	})
}
