package httpapi

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/store/sqlite"
)

// The API benchmark runs every endpoint against a generated store of
// 100,000 articles (with entities, quotes, events and stories) and
// reports p50 and p95 latency per endpoint. Generating the store takes
// a while, so it is opt-in (READOUT_BENCH_API=1) and cached in
// os.TempDir() under a name that changes with benchStoreVersion:
//
//	READOUT_BENCH_API=1 go test -run '^$' -bench BenchmarkAPI -benchtime 40x -timeout 1h ./internal/httpapi
//
// Every word of the synthetic vocabulary occurs in most articles, so the
// "common" searches are the worst case of a search engine (a term in
// every document); the "rare" ones match one article.
const (
	benchArticles     = 100_000
	benchStoreVersion = 1
)

// Invented people, places and outlets for the synthetic articles.
var (
	benchFirst   = []string{"Liv", "Ana", "Tomas", "Ines", "Kofi", "Mira", "Jonas", "Lena", "Amadou", "Sofia", "Pavel", "Noor", "Eero", "Dalia", "Rafael", "Yara"}
	benchLast    = []string{"Aarset", "Ruiz", "Kallio", "Moreau", "Mensah", "Okafor", "Lind", "Haddad", "Varga", "Petrov", "Sato", "Brandt", "Quist", "Teller"}
	benchCountry = [][2]string{{"KEN", "Kenya"}, {"NOR", "Norway"}, {"SSD", "South Sudan"}, {"TCD", "Chad"}, {"EST", "Estonia"}, {"CHE", "Switzerland"},
		{"ETH", "Ethiopia"}, {"SDN", "Sudan"}, {"UGA", "Uganda"}, {"FIN", "Finland"}, {"FRA", "France"}, {"DEU", "Germany"}}
	benchSites = []string{"Fjord Post", "Harbour Courier", "Kestrel Post", "Meridian Wire", "Savannah Standard", "Rhine Dispatch", "Cedar Gazette", "Lakeside Review"}
	benchVerbs = []struct {
		verb string
		typ  news.EventType
		tone float64
	}{{"met", news.EventConsult, 1}, {"accused", news.EventAccuse, -2}, {"thanked", news.EventSupport, 3}, {"sanctioned", news.EventSanction, -5},
		{"attacked", news.EventAssault, -9}, {"aided", news.EventAid, 7}, {"urged", news.EventRequest, -1}, {"rejected", news.EventReject, -4}}
	benchWords = strings.Fields("harbour corridor talks ferry grain convoy drought ceasefire monitoring committee border market " +
		"rains council election budget pipeline bridge vaccine school river delegation observers port railway")
)

func benchPerson(r *rand.Rand) (id, name string) {
	f, l := benchFirst[r.IntN(len(benchFirst))], benchLast[r.IntN(len(benchLast))]
	return "per:" + strings.ToLower(f+"-"+l), f + " " + l
}

// benchArticle makes article i: three paragraphs of invented text with
// two people and two countries, one quotation and two events.
func benchArticle(i int) *news.Article {
	r := rand.New(rand.NewPCG(uint64(i), benchStoreVersion))
	pid, pname := benchPerson(r)
	qid, qname := benchPerson(r)
	c1, c2 := benchCountry[r.IntN(len(benchCountry))], benchCountry[r.IntN(len(benchCountry))]
	if c1 == c2 {
		c2 = benchCountry[(r.IntN(len(benchCountry)-1)+1+indexOf(c1))%len(benchCountry)]
	}
	v1, v2 := benchVerbs[r.IntN(len(benchVerbs))], benchVerbs[r.IntN(len(benchVerbs))]
	w := func() string { return benchWords[r.IntN(len(benchWords))] }
	pub := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 10 * time.Minute)
	var b strings.Builder
	var ents []news.Entity
	ment := func(id, name, typ, country, actor string, pos int) news.Mention {
		for k := range ents {
			if ents[k].ID == id {
				m := news.Mention{Start: pos, End: pos + len(name), Text: name, Kind: news.MentionName}
				ents[k].Mentions = append(ents[k].Mentions, m)
				return m
			}
		}
		m := news.Mention{Start: pos, End: pos + len(name), Text: name, Kind: news.MentionName}
		ents = append(ents, news.Entity{ID: id, Name: name, Type: typ, Country: country, Actor: actor, Mentions: []news.Mention{m}})
		return m
	}
	write := func(s string) int { p := b.Len(); b.WriteString(s); return p }
	var events []news.Event
	event := func(v struct {
		verb string
		typ  news.EventType
		tone float64
	}, aid, aname, acode, rid, rname, rcode string) {
		start := b.Len()
		am := ment(aid, aname, "person", acode[:3], acode, write(aname))
		write(" ")
		vs := write(v.verb)
		write(" ")
		rm := ment(rid, rname, "country", rcode, rcode, write(rname))
		write(fmt.Sprintf(" over the %s and the %s on day %d.", w(), w(), i%28+1))
		events = append(events, news.Event{Type: v.typ, Status: news.StatusOccurred, Intensity: v.tone,
			Actors:     []news.EventActor{{EntityID: aid, Text: aname, Start: am.Start, End: am.End, Country: acode[:3], Code: acode}},
			Recipients: []news.EventActor{{EntityID: rid, Text: rname, Start: rm.Start, End: rm.End, Country: rcode, Code: rcode}},
			Trigger:    news.EventTrigger{Text: v.verb, Start: vs, End: vs + len(v.verb), Lemma: v.verb},
			Date:       &news.EventDate{Text: "today", Begin: pub.Truncate(24 * time.Hour), Until: pub.Truncate(24 * time.Hour).Add(24 * time.Hour), Precision: "day"},
			Sentence:   len(events), SentenceStart: start, SentenceEnd: b.Len(), Confidence: 0.7})
	}
	event(v1, pid, pname, c1[0]+"GOV", "country:"+c2[0], c2[1], c2[0])
	for range 30 {
		write(" " + w())
	}
	write(".\n\n")
	event(v2, qid, qname, c2[0]+"GOV", "country:"+c1[0], c1[1], c1[0])
	write("\n\n“")
	qs := b.Len()
	for range 12 {
		write(w() + " ")
	}
	qe := b.Len() - 1
	write("”, ")
	ss := write(qname)
	ment(qid, qname, "person", c2[0], c2[0]+"GOV", ss)
	write(" said.")
	text := b.String()
	a := &news.Article{Title: fmt.Sprintf("%s %s %s over %s (%d)", pname, v1.verb, c2[1], w(), i), Site: benchSites[i%len(benchSites)],
		Language: "en", Text: text, Published: pub, Format: news.FormatText, URL: fmt.Sprintf("https://bench.example/%d", i),
		Entities: ents, Events: events,
		Quotes: []news.Quote{{Start: qs, End: qe, Kind: news.QuoteDirect, Confidence: 0.9, Sentence: 2, Cue: "said",
			Speaker: &news.Speaker{Text: qname, Start: ss, End: ss + len(qname), Type: news.SpeakerPerson, EntityID: qid}}}}
	if i%10 == 9 {
		a.Language = "fr"
	}
	off := 0
	for _, p := range strings.Split(text, "\n\n") {
		a.Blocks = append(a.Blocks, news.Block{Kind: news.BlockParagraph, Start: off, End: off + len(p)})
		a.Sentences = append(a.Sentences, news.Sentence{Start: off, End: off + len(p)})
		off += len(p) + 2
	}
	a.ContentHash = news.BodyHash(text)
	a.ID = news.ArticleID(a.URL, a.ContentHash)
	return a
}

func indexOf(c [2]string) int {
	for i, x := range benchCountry {
		if x == c {
			return i
		}
	}
	return 0
}

// benchStore opens the cached generated store, making it first if needed.
func benchStore(b *testing.B) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("readout-bench-api-v%d-%d.db", benchStoreVersion, benchArticles))
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		os.Remove(tmp)
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
		st, err := sqlite.Open(ctx, tmp, nil)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var members []news.StoryArticle
		var stories []news.StoryDetail
		for i := range benchArticles {
			a := benchArticle(i)
			if _, err := st.PutArticle(ctx, a, &news.Raw{Format: news.FormatText, Body: []byte(a.Text)}); err != nil {
				b.Fatal(err)
			}
			members = append(members, news.StoryArticle{ArticleID: a.ID, Title: a.Title, Site: a.Site, Published: a.Published, Similarity: 0.5})
			if len(members) == 20 {
				stories = append(stories, news.StoryDetail{Story: news.Story{ID: fmt.Sprintf("s%07d", i), Title: members[0].Title,
					FirstSeen: members[0].Published, LastSeen: a.Published, Articles: 20, Sources: 8, Independent: 6, Events: 1},
					Members: members, MergedEvents: []news.StoryEvent{{ID: fmt.Sprintf("e%07d", i), Type: a.Events[0].Type, Status: news.StatusOccurred,
						Mentions: 1, Articles: 1, Independent: 1, Evidence: []news.EventEvidence{{ArticleID: a.ID, Text: a.Text[:a.Events[0].SentenceEnd], Status: news.StatusOccurred}}}}})
				members = nil
			}
			if len(stories) == 500 {
				if err := st.PutStories(ctx, stories); err != nil {
					b.Fatal(err)
				}
				stories = nil
			}
			if (i+1)%10000 == 0 {
				b.Logf("generated %d articles in %v", i+1, time.Since(start).Round(time.Second))
			}
		}
		if err := st.PutStories(ctx, stories); err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
	}
	st, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func BenchmarkAPI(b *testing.B) {
	if os.Getenv("READOUT_BENCH_API") != "1" {
		b.Skip("set READOUT_BENCH_API=1 (generates a 100,000-article store on first run)")
	}
	st := benchStore(b)
	h, err := New(st, nil)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = benchArticle(i * (benchArticles / len(ids))).ID
	}
	pid, _ := benchPerson(rand.New(rand.NewPCG(7, 1)))
	endpoints := []struct {
		name string
		urls []string
	}{
		{"articles", []string{"/api/v1/articles", "/api/v1/articles?site=Kestrel+Post", "/api/v1/articles?lang=fr&since=2024-06-01&until=2024-07-01",
			"/api/v1/articles?cursor=" + encodeCursor(5000)}},
		{"articles_search_rare", []string{"/api/v1/articles?q=31415", "/api/v1/articles?q=777", "/api/v1/articles?q=%2299001%22"}},
		{"articles_search_common", []string{"/api/v1/articles?q=harbour", "/api/v1/articles?q=%22grain+convoy%22", "/api/v1/articles?q=drought+-ferry", "/api/v1/articles?q=Aarset"}},
		{"articles_entity", []string{"/api/v1/articles?entity=" + pid, "/api/v1/articles?entity=country:KEN&q=harbour"}},
		{"articles_event_type", []string{"/api/v1/articles?event_type=SANCTION", "/api/v1/articles?event_type=AID&lang=fr"}},
		{"article", prefixed("/api/v1/articles/", ids, "")},
		{"raw", prefixed("/api/v1/articles/", ids, "/raw")},
		{"entities", []string{"/api/v1/entities", "/api/v1/entities?type=person", "/api/v1/entities?q=ruiz", "/api/v1/entities?country=KEN"}},
		{"entity", []string{"/api/v1/entities/" + pid, "/api/v1/entities/country:KEN", "/api/v1/entities/per:ines-moreau"}},
		{"quotes", []string{"/api/v1/quotes", "/api/v1/quotes?speaker=" + pid, "/api/v1/quotes?q=corridor+rains"}},
		{"events", []string{"/api/v1/events", "/api/v1/events?type=ASSAULT", "/api/v1/events?actor=" + pid, "/api/v1/events?recipient=KEN&since=2024-09-01",
			"/api/v1/events?country=EST&status=occurred", "/api/v1/events?article=" + ids[3]}},
		{"events_csv", []string{"/api/v1/events?format=csv&actor=" + pid + "&type=AID", "/api/v1/events?format=jsonl&since=2025-01-01&until=2025-01-03"}},
		{"stories", []string{"/api/v1/stories", "/api/v1/stories?min_sources=3", "/api/v1/stories?cursor=" + encodeCursor(2000)}},
		{"story", []string{"/api/v1/stories/s0000019", "/api/v1/stories/s0050019", "/api/v1/stories/s0099999"}},
		{"stats", []string{"/api/v1/stats"}},
		{"page_home", []string{"/"}},
		{"page_search", []string{"/search?q=harbour", "/search?q=ceasefire+monitoring&lang=en"}},
		{"page_article", prefixed("/articles/", ids, "")},
		{"page_entity", []string{"/entities/" + pid, "/entities/country:KEN"}},
		{"page_events", []string{"/events", "/events?type=AID&country=KEN"}},
		{"page_story", []string{"/stories/s0000019", "/stories/s0050019"}},
	}
	var report []string
	for _, ep := range endpoints {
		b.Run(ep.name, func(b *testing.B) {
			var lat []time.Duration
			i := 0
			for b.Loop() {
				u := ep.urls[i%len(ep.urls)]
				i++
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodGet, u, nil)
				start := time.Now()
				h.ServeHTTP(rec, req)
				lat = append(lat, time.Since(start))
				if rec.Code != 200 {
					b.Fatalf("%s: %d %s", u, rec.Code, rec.Body.String()[:min(rec.Body.Len(), 300)])
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			p := func(q float64) float64 {
				return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(p(0.50), "p50-ms")
			b.ReportMetric(p(0.95), "p95-ms")
			b.ReportMetric(0, "ns/op")
			report = append(report, fmt.Sprintf("%-20s n=%-4d p50 %7.1f ms  p95 %7.1f ms", ep.name, len(lat), p(0.5), p(0.95)))
		})
	}
	b.Logf("latency over %d articles:\n%s", benchArticles, strings.Join(report, "\n"))
}

func prefixed(pre string, ids []string, suf string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = pre + id + suf
	}
	return out
}

// TestBenchArticle checks the generator: spans match their words.
func TestBenchArticle(t *testing.T) {
	for i := range 50 {
		a := benchArticle(i)
		for _, e := range a.Entities {
			for _, m := range e.Mentions {
				if a.Text[m.Start:m.End] != m.Text {
					t.Fatalf("article %d: mention %q at %d-%d is %q", i, m.Text, m.Start, m.End, a.Text[m.Start:m.End])
				}
			}
		}
		for _, e := range a.Events {
			if a.Text[e.Trigger.Start:e.Trigger.End] != e.Trigger.Text {
				t.Fatalf("article %d: trigger %q", i, e.Trigger.Text)
			}
		}
		q := a.Quotes[0]
		if q.Speaker == nil || a.Text[q.Speaker.Start:q.Speaker.End] != q.Speaker.Text {
			t.Fatalf("article %d: speaker span", i)
		}
	}
}
