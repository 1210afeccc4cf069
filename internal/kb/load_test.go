package kb

import (
	"errors"
	"strings"
	"testing"

	"github.com/readout/readout/internal/news"
)

func mustLoad(t *testing.T, s string) *KB {
	t.Helper()
	k, err := Load(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestMergeOrder(t *testing.T) {
	k := Default()
	// a user file takes over an alias, renames a body and adds a group
	k.Merge(mustLoad(t, `{"source": "test file 1", "entities": [
		{"id": "group:NORTHERN-FRONT", "type": "group", "name": "Northern Front", "aliases": ["NF", "Hamas"], "country": "PSE", "sector": "REB"},
		{"id": "body:USA-STATE-DEPT", "name": "Ministry of Everything", "country": "USA", "sector": "GOV"},
		{"id": "country:ISR", "op": "extend", "aliases": ["Zion Republic"], "demonyms": ["Zionlander"]}
	]}`))
	if got := k.Lookup("Hamas"); len(got) != 2 || got[0].ID != "group:NORTHERN-FRONT" || got[1].ID != "group:HAMAS" {
		t.Errorf("Lookup(Hamas) = %v, want the user's group first, then the embedded one", ids(got))
	}
	if got := k.Lookup("State Department"); len(got) != 0 {
		t.Errorf("replaced entity keeps old alias: %v", ids(got))
	}
	if e := k.Entity("body:USA-STATE-DEPT"); e == nil || e.Name != "Ministry of Everything" || e.Source != "test file 1" {
		t.Errorf("replace: got %+v", e)
	}
	isr := k.Entity("country:ISR")
	if got := k.Lookup("Zion Republic"); len(got) != 1 || got[0] != isr {
		t.Errorf("extend alias: %v", ids(got))
	}
	if k.Demonym("Zionlander") != isr || k.Demonym("Israeli") != isr || isr.Name != "Israel" {
		t.Error("extend lost or missed data")
	}
	if !strings.Contains(isr.Source, "biter777") || !strings.Contains(isr.Source, "test file 1") {
		t.Errorf("extend source = %q", isr.Source)
	}
	// a second file merged later overrides the first; delete removes
	k.Merge(mustLoad(t, `{"entities": [
		{"id": "group:NORTHERN-FRONT", "name": "Northern Front (renamed)", "aliases": ["NF"]},
		{"id": "media:reuters", "op": "delete"}
	]}`))
	if got := k.Lookup("Hamas"); len(got) != 1 || got[0].ID != "group:HAMAS" {
		t.Errorf("after second file Lookup(Hamas) = %v", ids(got))
	}
	if e := k.Entity("group:NORTHERN-FRONT"); e == nil || e.Type != TypeGroup || e.Name != "Northern Front (renamed)" {
		t.Errorf("second file: %+v (type comes from the id prefix)", e)
	}
	if k.Entity("media:reuters") != nil || len(k.Lookup("Reuters")) != 0 {
		t.Error("delete did not remove Reuters")
	}
	ms := k.Match(strings.Fields("NF and Hamas"))
	if len(ms) != 2 || ms[0].Entity.ID != "group:NORTHERN-FRONT" || ms[1].Entity.ID != "group:HAMAS" {
		t.Errorf("Match after merges: %+v", ms)
	}
	// within one file, a later entry wins
	one := mustLoad(t, `{"entities": [
		{"id": "place:x", "name": "First"}, {"id": "place:x", "name": "Second"},
		{"id": "place:x", "op": "extend", "aliases": ["Third"]}]}`)
	if e := one.Entity("place:x"); e == nil || e.Name != "Second" || len(one.Lookup("Third")) != 1 || len(one.Lookup("First")) != 0 {
		t.Errorf("later entry in one file: %+v", e)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, "EOF"},
		{"not json", `hello`, "line 1"},
		{"syntax line", "{\"entities\": [\n{\"id\": \"group:A\",\n \"name\": }]}", "line 3"},
		{"trailing", `{"entities": []} {}`, "trailing data"},
		{"unknown field", `{"entities": [{"id": "group:A", "name": "A", "colour": "red"}]}`, "unknown field"},
		{"wrong type", `{"entities": [{"id": "group:A", "name": 7}]}`, "line 1"},
		{"no id", `{"entities": [{"name": "A"}]}`, "entity 1"},
		{"bad id", `{"entities": [{"id": "A", "name": "A"}]}`, "TYPE:KEY"},
		{"bad type", `{"entities": [{"id": "alien:A", "name": "A"}]}`, "unknown type"},
		{"type mismatch", `{"entities": [{"id": "group:A", "type": "media", "name": "A"}]}`, "does not match"},
		{"no name", `{"entities": [{"id": "group:A"}]}`, "name is empty"},
		{"bad country", `{"entities": [{"id": "group:A", "name": "A", "country": "israel"}]}`, "alpha-3"},
		{"bad sector", `{"entities": [{"id": "group:A", "name": "A", "sector": "rebels"}]}`, "sector"},
		{"bad alias", `{"entities": [{"id": "group:A", "name": "A", "aliases": ["..."]}]}`, "alias"},
		{"bad op", `{"entities": [{"id": "group:A", "name": "A", "op": "upsert"}]}`, "unknown op"},
		{"bad date", `{"entities": [{"id": "person:a", "name": "A", "roles": [{"title": "King", "from": "2024-13-01"}]}]}`, "role 1"},
		{"date order", `{"entities": [{"id": "person:a", "name": "A", "roles": [{"title": "King", "from": "2024-02", "to": "2023"}]}]}`, "after"},
		{"no title", `{"entities": [{"id": "person:a", "name": "A", "roles": [{"from": "2024"}]}]}`, "title"},
		{"second entity", `{"entities": [{"id": "group:A", "name": "A"}, {"id": "group:B", "name": ""}]}`, "entity 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Load(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("Load succeeded: %d entities", k.Len())
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line containing %q", msg, tt.want)
			}
			if !news.IsKind(err, news.KindInvalid) {
				t.Errorf("error kind %v, want invalid", news.KindOf(err))
			}
		})
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestLoadReadError(t *testing.T) {
	_, err := Load(failReader{})
	if err == nil || !news.IsKind(err, news.KindUnavailable) {
		t.Errorf("got %v, want an unavailable error", err)
	}
}

// FuzzLoad feeds arbitrary bytes to Load: it must return an error or a KB
// that can be merged and queried, never panic.
func FuzzLoad(f *testing.F) {
	f.Add(`{"entities": [{"id": "group:A", "name": "A Front", "aliases": ["AF"], "country": "PSE", "sector": "REB"}]}`)
	f.Add(`{"entities": [{"id": "country:ISR", "op": "extend", "aliases": ["Zion"]}, {"id": "media:x", "op": "delete"}]}`)
	f.Add(`{"entities": [{"id": "person:a", "name": "A", "roles": [{"title": "King", "from": "2024-02", "to": "2025"}]}]}`)
	f.Add(`{"entities": [{"id": "place:b", "name": "’s ‘ – - . , the The"}]}`)
	f.Add(`[1, 2`)
	base := Default()
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Load(strings.NewReader(s))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		m := base.Clone()
		m.Merge(k)
		for _, e := range k.List("") {
			m.Lookup(e.Name)
			m.Match(strings.Fields(e.Name + " 's foreign ministry"))
			for _, a := range e.Aliases {
				m.Match(strings.Fields("the " + a + " army"))
			}
		}
		m.Gazetteer()
	})
}
