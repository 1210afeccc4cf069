package alert

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Match is one rule matching one thing: an event, a quote, an entity's
// mentions in an article, or a story. It is the "match" of a webhook
// body.
type Match struct {
	Rule    string `json:"rule"`
	Trigger Kind   `json:"trigger"`
	// ID is the match's identity, the same when the same thing matches
	// again (its article reprocessed): "event:<article>:<trigger span>:<type>",
	// "story-event:<id>" for events counted across sources,
	// "quote:<article>:<span>", "mention:<article>:<entity>",
	// "story:<id>".
	ID      string     `json:"id"`
	Article ArticleRef `json:"article"`
	// Sentence is the text of the sentence the evidence is in.
	Sentence string `json:"sentence,omitempty"`
	// Sources is the number of independent sources counted for an event
	// or story (1 when stories are not available).
	Sources int          `json:"sources,omitempty"`
	Event   *EventMatch  `json:"event,omitempty"`
	Quote   *QuoteMatch  `json:"quote,omitempty"`
	Entity  *EntityMatch `json:"entity,omitempty"`
	Story   *StoryMatch  `json:"story,omitempty"`
}

// ArticleRef names the article a match comes from.
type ArticleRef struct {
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title"`
	Site      string    `json:"site,omitempty"`
	Published time.Time `json:"published,omitzero"`
}

// EventMatch is a matched event: the article's coded event, its index in
// Article.Events and, with stories, the canonical event it belongs to.
type EventMatch struct {
	news.Event
	Index        int    `json:"index"`
	StoryEventID string `json:"story_event_id,omitempty"`
}

// QuoteMatch is a matched quotation with its text.
type QuoteMatch struct {
	news.Quote
	Index int    `json:"index"`
	Text  string `json:"text"`
}

// EntityMatch is a matched entity with its mentions in the article.
type EntityMatch struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type,omitempty"`
	Country  string `json:"country,omitempty"`
	Mentions int    `json:"mentions"`
	// Texts are the distinct words of the first few mentions.
	Texts []string `json:"texts,omitempty"`
}

// StoryMatch is a matched story.
type StoryMatch struct {
	ID          string              `json:"id"`
	Title       string              `json:"title"`
	Articles    int                 `json:"articles"`
	Sources     int                 `json:"sources"`
	Independent int                 `json:"independent"`
	KeyEntities []news.StoryEntity  `json:"key_entities,omitempty"`
	Members     []news.StoryArticle `json:"members,omitempty"` // at most 20
}

// Match returns every match of the enabled rules in article a. s is the
// story a belongs to, or nil when there is none or stories are not
// available; then every event counts as one source and story triggers do
// not fire. Matches come in rule order, then article order.
func (rs *Rules) Match(a *news.Article, s *news.StoryDetail) []Match {
	return rs.match(a, s, false)
}

// match, with onlyStories, runs only the rules that need story data.
func (rs *Rules) match(a *news.Article, s *news.StoryDetail, onlyStories bool) []Match {
	if a == nil {
		return nil
	}
	var out []Match
	ref := ArticleRef{ID: a.ID, URL: a.URL, Title: a.Title, Site: a.Site, Published: a.Published}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		if r.Disabled || (onlyStories && !r.needsStories()) {
			continue
		}
		base := Match{Rule: r.Name, Trigger: r.Kind(), Article: ref}
		switch {
		case r.Event != nil:
			out = matchEvents(out, base, r.Event, a, s)
		case r.Quote != nil:
			out = matchQuotes(out, base, r.Quote, a)
		case r.Mention != nil:
			out = matchMentions(out, base, r.Mention, a)
		case r.Story != nil:
			out = matchStory(out, base, r.Story, a, s)
		}
	}
	return out
}

func matchEvents(out []Match, m Match, t *EventTrigger, a *news.Article, s *news.StoryDetail) []Match {
	for i := range a.Events {
		e := &a.Events[i]
		if !eventMatches(t, e, a) {
			continue
		}
		se := storyEventOf(s, a.ID, i)
		independent := 1
		if se != nil && se.Independent > 0 {
			independent = se.Independent
		}
		if independent < t.MinSources {
			continue
		}
		mm := m
		mm.ID = fmt.Sprintf("event:%s:%d-%d:%s", a.ID, e.Trigger.Start, e.Trigger.End, e.Type)
		if t.MinSources > 1 && se != nil {
			// Counted across sources: one alert per canonical event,
			// whichever article pushed it over the bar.
			mm.ID = "story-event:" + se.ID
		}
		mm.Sources = independent
		mm.Sentence = span(a.Text, e.SentenceStart, e.SentenceEnd)
		mm.Event = &EventMatch{Event: *e, Index: i}
		if se != nil {
			mm.Event.StoryEventID = se.ID
		}
		out = append(out, mm)
	}
	return out
}

func eventMatches(t *EventTrigger, e *news.Event, a *news.Article) bool {
	if len(t.Types) > 0 && !contains(t.Types, e.Type) {
		return false
	}
	if len(t.Modes) > 0 && !contains(t.Modes, strings.ToLower(e.Mode)) {
		return false
	}
	if len(t.Statuses) > 0 && !contains(t.Statuses, e.Status) {
		return false
	}
	if e.Confidence < t.MinConfidence {
		return false
	}
	if len(t.Actors) > 0 && !anyParticipant(t.Actors, e.Actors, a) {
		return false
	}
	if len(t.Recipients) > 0 && !anyParticipant(t.Recipients, e.Recipients, a) {
		return false
	}
	if len(t.Countries) > 0 {
		ok := false
		for _, c := range t.Countries {
			ok = ok || (e.Location != nil && e.Location.Country == c)
			for _, p := range e.Actors {
				ok = ok || p.Country == c
			}
			for _, p := range e.Recipients {
				ok = ok || p.Country == c
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// anyParticipant reports whether any value matches any participant.
func anyParticipant(vals []string, ps []news.EventActor, a *news.Article) bool {
	for _, v := range vals {
		for _, p := range ps {
			if participantMatches(v, &p, a) {
				return true
			}
		}
	}
	return false
}

// participantMatches applies the value rules of EventTrigger.Actors.
func participantMatches(v string, p *news.EventActor, a *news.Article) bool {
	switch {
	case isEntityID(v):
		return strings.EqualFold(v, p.EntityID)
	case isCode(v):
		return p.Country == v || strings.HasPrefix(p.Code, v)
	}
	if containsFold(p.Text, v) {
		return true
	}
	if p.EntityID != "" {
		for i := range a.Entities {
			if a.Entities[i].ID == p.EntityID {
				return containsFold(a.Entities[i].Name, v)
			}
		}
	}
	return false
}

// storyEventOf finds the canonical event that article id's event index
// belongs to.
func storyEventOf(s *news.StoryDetail, id string, index int) *news.StoryEvent {
	if s == nil {
		return nil
	}
	for i := range s.MergedEvents {
		for _, ev := range s.MergedEvents[i].Evidence {
			if ev.ArticleID == id && ev.Index == index {
				return &s.MergedEvents[i]
			}
		}
	}
	return nil
}

func matchQuotes(out []Match, m Match, t *QuoteTrigger, a *news.Article) []Match {
	for i := range a.Quotes {
		q := &a.Quotes[i]
		if q.Speaker == nil || q.Confidence < t.MinConfidence {
			continue
		}
		if len(t.Kinds) > 0 && !contains(t.Kinds, q.Kind) {
			continue
		}
		ok := false
		for _, v := range t.Speakers {
			if isEntityID(v) {
				ok = ok || strings.EqualFold(v, q.Speaker.EntityID)
			} else {
				ok = ok || containsFold(q.Speaker.Text, v) || containsFold(entityName(a, q.Speaker.EntityID), v)
			}
		}
		if !ok {
			continue
		}
		text := span(a.Text, q.Start, q.End)
		if !allWords(text, t.Words) {
			continue
		}
		mm := m
		mm.ID = fmt.Sprintf("quote:%s:%d-%d", a.ID, q.Start, q.End)
		mm.Sentence = sentence(a, q.Sentence, q.Start)
		mm.Quote = &QuoteMatch{Quote: *q, Index: i, Text: text}
		out = append(out, mm)
	}
	return out
}

func matchMentions(out []Match, m Match, t *MentionTrigger, a *news.Article) []Match {
	need := max(t.MinMentions, 1)
	for i := range a.Entities {
		e := &a.Entities[i]
		if e.Confidence < t.MinConfidence || len(e.Mentions) < need {
			continue
		}
		ok := false
		for _, v := range t.Entities {
			if isEntityID(v) {
				ok = ok || strings.EqualFold(v, e.ID)
			} else {
				ok = ok || containsFold(e.Name, v)
			}
		}
		if !ok {
			continue
		}
		mm := m
		mm.ID = fmt.Sprintf("mention:%s:%s", a.ID, e.ID)
		first := e.Mentions[0]
		mm.Sentence = sentence(a, first.Sentence, first.Start)
		em := &EntityMatch{ID: e.ID, Name: e.Name, Type: e.Type, Country: e.Country, Mentions: len(e.Mentions)}
		for _, mn := range e.Mentions {
			if len(em.Texts) >= 5 {
				break
			}
			if !contains(em.Texts, mn.Text) {
				em.Texts = append(em.Texts, mn.Text)
			}
		}
		mm.Entity = em
		out = append(out, mm)
	}
	return out
}

func matchStory(out []Match, m Match, t *StoryTrigger, a *news.Article, s *news.StoryDetail) []Match {
	if s == nil || s.Independent < t.MinSources {
		return out
	}
	for _, v := range t.Entities {
		found := false
		for _, k := range s.KeyEntities {
			if isEntityID(v) {
				found = found || strings.EqualFold(v, k.ID)
			} else {
				found = found || containsFold(k.Name, v)
			}
		}
		if !found {
			return out
		}
	}
	m.ID = "story:" + s.ID
	m.Sources = s.Independent
	sm := &StoryMatch{ID: s.ID, Title: s.Title, Articles: s.Articles, Sources: s.Sources,
		Independent: s.Independent, KeyEntities: s.KeyEntities}
	sm.Members = s.Members[:min(len(s.Members), 20)]
	m.Story = sm
	return append(out, m)
}

// Key is the idempotency key of delivering match m to one target: the
// same for every retry and every re-match of the same thing.
func Key(m *Match, d Delivery) string {
	h := sha256.New()
	for _, s := range []string{m.Rule, m.ID, d.Sink(), d.Target()} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// isEntityID says whether a rule value is an entity ID ("per:jane-roe").
func isEntityID(v string) bool {
	i := strings.IndexByte(v, ':')
	return i > 0 && i < len(v)-1 && !strings.ContainsAny(v, " \t")
}

// isCode says whether a value is an upper-case actor or country code
// ("ISR", "ISRGOV", "IGO").
func isCode(v string) bool {
	if len(v) < 3 || len(v) > 12 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 'A' || v[i] > 'Z' {
			return false
		}
	}
	return true
}

func containsFold(s, sub string) bool {
	if sub == "" || s == "" {
		return false
	}
	return strings.Contains(strings.ToLower(s), strings.ToLower(strings.TrimSpace(sub)))
}

func allWords(text string, words []string) bool {
	low := strings.ToLower(text)
	for _, w := range words {
		if !strings.Contains(low, strings.ToLower(strings.TrimSpace(w))) {
			return false
		}
	}
	return true
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func entityName(a *news.Article, id string) string {
	if id == "" {
		return ""
	}
	for i := range a.Entities {
		if a.Entities[i].ID == id {
			return a.Entities[i].Name
		}
	}
	return ""
}

// span is text[start:end], or "" when the offsets are out of range.
func span(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	return text[start:end]
}

// sentence is the text of sentence i, or of the sentence holding byte
// offset at, or "".
func sentence(a *news.Article, i, at int) string {
	if i >= 0 && i < len(a.Sentences) {
		s := a.Sentences[i]
		if s.Start <= at && at <= s.End {
			return span(a.Text, s.Start, s.End)
		}
	}
	for _, s := range a.Sentences {
		if s.Start <= at && at < s.End {
			return span(a.Text, s.Start, s.End)
		}
	}
	return ""
}
