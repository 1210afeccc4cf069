// Package alert watches the stored articles for what users care about and
// tells them: watch rules (a YAML file, or built in Go by the API) match
// new events, quotes, mentions of entities and stories as articles are
// stored, and each match is delivered — to a webhook (signed JSON, retried
// with backoff, at least once) or to a log stream.
//
// Every delivery is written to the store (a Log) before it is sent, keyed
// by an idempotency key that is a hash of the rule, the match's identity
// and the target, so a match fires once even when its article is
// reprocessed, and a delivery that could not be sent survives a restart.
// Every attempt is recorded.
//
// The package does not run the pipeline, serve HTTP or read flags: cmd
// wires a Watcher into the pipeline's AfterStore/AfterRun hooks, and the
// HTTP API can list, add and remove rules through Rules.
package alert

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/readout/readout/internal/news"
)

// Kind is what a rule's trigger watches for.
type Kind string

// Trigger kinds.
const (
	KindEvent   Kind = "event"
	KindQuote   Kind = "quote"
	KindMention Kind = "mention"
	KindStory   Kind = "story"
)

// Rules is a set of watch rules with the secret that signs webhook bodies
// of rules without their own. Build it with Parse or Load (or by hand, then
// call Validate). Match may be called from several goroutines at once;
// Add, Remove and Validate change the rules and need the caller's lock.
type Rules struct {
	// Secret is the global HMAC secret, given literally; SecretEnv names an
	// environment variable holding it (preferred: keeps secrets out of the
	// file).
	Secret    string `json:"-" yaml:"secret,omitempty"`
	SecretEnv string `json:"secret_env,omitempty" yaml:"secret_env,omitempty"`
	Rules     []Rule `json:"rules" yaml:"rules"`

	secret string // resolved Secret or $SecretEnv
}

// Rule is one watch rule: exactly one trigger and one or more deliveries.
type Rule struct {
	Name string `json:"name" yaml:"name"`
	// Disabled rules are kept in the file but never match.
	Disabled bool            `json:"disabled,omitempty" yaml:"disabled,omitempty"`
	Event    *EventTrigger   `json:"event,omitempty" yaml:"event,omitempty"`
	Quote    *QuoteTrigger   `json:"quote,omitempty" yaml:"quote,omitempty"`
	Mention  *MentionTrigger `json:"mention,omitempty" yaml:"mention,omitempty"`
	Story    *StoryTrigger   `json:"story,omitempty" yaml:"story,omitempty"`
	// Secret and SecretEnv sign this rule's webhooks instead of the
	// global secret.
	Secret    string     `json:"-" yaml:"secret,omitempty"`
	SecretEnv string     `json:"secret_env,omitempty" yaml:"secret_env,omitempty"`
	Deliver   []Delivery `json:"deliver" yaml:"deliver"`

	secret string // resolved
}

// EventTrigger fires on a coded event. Every non-empty field must match;
// within a list, any value may.
type EventTrigger struct {
	Types []news.EventType `json:"type,omitempty" yaml:"type,omitempty"`
	Modes []string         `json:"mode,omitempty" yaml:"mode,omitempty"`
	// Actors and Recipients: an entity ID ("per:jane-roe", exact), an
	// upper-case actor or country code ("ISR", "ISRGOV": a prefix of the
	// participant's code, or its country), or words (a case-insensitive
	// substring of the participant's text or its entity's name).
	Actors     []string `json:"actor,omitempty" yaml:"actor,omitempty"`
	Recipients []string `json:"recipient,omitempty" yaml:"recipient,omitempty"`
	// Countries match the country of any actor, recipient or the place.
	Countries []string           `json:"country,omitempty" yaml:"country,omitempty"`
	Statuses  []news.EventStatus `json:"status,omitempty" yaml:"status,omitempty"`
	// MinSources is the least number of independent sources reporting
	// the event (the story engine's StoryEvent.Independent); without
	// stories every event counts as one source.
	MinSources    int     `json:"min_sources,omitempty" yaml:"min_sources,omitempty"`
	MinConfidence float64 `json:"min_confidence,omitempty" yaml:"min_confidence,omitempty"`
}

// QuoteTrigger fires on a quotation by one of the speakers.
type QuoteTrigger struct {
	// Speakers: an entity ID (exact) or words (a case-insensitive
	// substring of the speaker as the article names them).
	Speakers []string         `json:"speaker" yaml:"speaker"`
	Kinds    []news.QuoteKind `json:"kind,omitempty" yaml:"kind,omitempty"`
	// Words must all appear, ignoring case, in the quoted text.
	Words         []string `json:"words,omitempty" yaml:"words,omitempty"`
	MinConfidence float64  `json:"min_confidence,omitempty" yaml:"min_confidence,omitempty"`
}

// MentionTrigger fires once per article that mentions one of the
// entities.
type MentionTrigger struct {
	// Entities: an entity ID (exact) or words (a case-insensitive
	// substring of the entity's canonical name).
	Entities []string `json:"entity" yaml:"entity"`
	// MinMentions is the least number of mentions in the article
	// (default 1).
	MinMentions   int     `json:"min_mentions,omitempty" yaml:"min_mentions,omitempty"`
	MinConfidence float64 `json:"min_confidence,omitempty" yaml:"min_confidence,omitempty"`
}

// StoryTrigger fires once per story when it has at least MinSources
// independent sources and all the entities among its key entities.
type StoryTrigger struct {
	Entities   []string `json:"entity,omitempty" yaml:"entity,omitempty"`
	MinSources int      `json:"min_sources" yaml:"min_sources"`
}

// Delivery is where a rule's matches go: a webhook or a log stream.
type Delivery struct {
	// Webhook is an http(s) URL that receives a signed JSON POST.
	Webhook string `json:"webhook,omitempty" yaml:"webhook,omitempty"`
	// Log is "stdout", "stderr" or "log" (the structured log).
	Log string `json:"log,omitempty" yaml:"log,omitempty"`
	// Format of log lines: "text" (default) or "json" (the webhook body).
	Format string `json:"format,omitempty" yaml:"format,omitempty"`
	// Timeout bounds one webhook request (default 10s).
	Timeout time.Duration `json:"timeout,omitempty" yaml:"timeout,omitempty"`
}

// Sink is "webhook" or "log".
func (d Delivery) Sink() string {
	if d.Webhook != "" {
		return "webhook"
	}
	return "log"
}

// Target is the webhook URL or the log stream.
func (d Delivery) Target() string {
	if d.Webhook != "" {
		return d.Webhook
	}
	return d.Log
}

// Kind is the rule's trigger kind ("" when it has none).
func (r *Rule) Kind() Kind {
	switch {
	case r.Event != nil:
		return KindEvent
	case r.Quote != nil:
		return KindQuote
	case r.Mention != nil:
		return KindMention
	case r.Story != nil:
		return KindStory
	}
	return ""
}

// needsStories says whether the rule can only match with story data.
func (r *Rule) needsStories() bool {
	return !r.Disabled && (r.Story != nil || (r.Event != nil && r.Event.MinSources > 1))
}

// NeedsStories says whether any enabled rule depends on the story engine
// (a story trigger, or an event trigger with min_sources above 1).
func (rs *Rules) NeedsStories() bool {
	return slices.ContainsFunc(rs.Rules, func(r Rule) bool { return r.needsStories() })
}

// Rule returns the rule with the given name, or nil.
func (rs *Rules) Rule(name string) *Rule {
	for i := range rs.Rules {
		if rs.Rules[i].Name == name {
			return &rs.Rules[i]
		}
	}
	return nil
}

// Add validates r and appends it; a name already in use is KindConflict.
// Secrets named by SecretEnv are looked up with getenv (nil: os.Getenv).
func (rs *Rules) Add(r Rule, getenv func(string) string) error {
	const op = "alert.Add"
	if rs.Rule(r.Name) != nil {
		return news.E(op, news.KindConflict, fmt.Sprintf("rule %q already exists", r.Name))
	}
	if err := r.normalize(getenv); err != nil {
		return news.E(op, news.KindInvalid, err)
	}
	rs.Rules = append(rs.Rules, r)
	return nil
}

// Remove deletes the named rule; an unknown name is KindNotFound.
func (rs *Rules) Remove(name string) error {
	i := slices.IndexFunc(rs.Rules, func(r Rule) bool { return r.Name == name })
	if i < 0 {
		return news.E("alert.Remove", news.KindNotFound, fmt.Sprintf("rule %q not found", name))
	}
	rs.Rules = slices.Delete(rs.Rules, i, i+1)
	return nil
}

// Validate checks every rule (names unique, one trigger each, known
// values, at least one delivery), normalises values (upper-case types and
// countries, lower-case modes and statuses), resolves secrets with getenv
// (nil: os.Getenv) and returns the first problem as a one-line error
// naming the rule and the field, KindInvalid.
func (rs *Rules) Validate(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	var err error
	if rs.secret, err = resolveSecret(rs.Secret, rs.SecretEnv, getenv); err != nil {
		return news.E("alert.Validate", news.KindInvalid, err)
	}
	seen := map[string]bool{}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		if err := r.normalize(getenv); err != nil {
			return news.E("alert.Validate", news.KindInvalid, &ruleError{i, err})
		}
		if seen[r.Name] {
			return news.E("alert.Validate", news.KindInvalid, &ruleError{i, fmt.Errorf("rule %q: name: used by an earlier rule", r.Name)})
		}
		seen[r.Name] = true
	}
	return nil
}

// ruleError is a problem with the i-th rule.
type ruleError struct {
	i   int
	err error
}

func (e *ruleError) Error() string { return e.err.Error() }
func (e *ruleError) Unwrap() error { return e.err }

// secretFor is the HMAC secret of a rule's webhooks ("" for none).
func (rs *Rules) secretFor(r *Rule) string {
	if r != nil && r.secret != "" {
		return r.secret
	}
	return rs.secret
}

func resolveSecret(lit, env string, getenv func(string) string) (string, error) {
	switch {
	case lit != "" && env != "":
		return "", fmt.Errorf("secret and secret_env: give one, not both")
	case env != "":
		if getenv == nil {
			getenv = os.Getenv
		}
		v := getenv(env)
		if v == "" {
			return "", fmt.Errorf("secret_env: environment variable %s is not set", env)
		}
		return v, nil
	}
	return lit, nil
}

// Limits on rule files.
const (
	maxRules    = 1000
	maxValues   = 100 // per list
	maxNameLen  = 64
	maxValueLen = 200
)

var eventTypes = []news.EventType{news.EventAgree, news.EventConsult, news.EventSupport, news.EventConcede,
	news.EventCooperate, news.EventAid, news.EventRetreat, news.EventRequest, news.EventAccuse, news.EventReject,
	news.EventThreaten, news.EventProtest, news.EventSanction, news.EventMobilize, news.EventCoerce, news.EventAssault}

var eventStatuses = []news.EventStatus{news.StatusOccurred, news.StatusOngoing, news.StatusPlanned,
	news.StatusHypothetical, news.StatusNegated, news.StatusReported}

var quoteKinds = []news.QuoteKind{news.QuoteDirect, news.QuotePartial, news.QuoteIndirect, news.QuoteTerm}

// normalize validates one rule in place and resolves its secret.
func (r *Rule) normalize(getenv func(string) string) error {
	if err := checkName(r.Name); err != nil {
		return err
	}
	fail := func(field, format string, args ...any) error {
		return fmt.Errorf("rule %q: %s: %s", r.Name, field, fmt.Sprintf(format, args...))
	}
	var kinds []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"event", r.Event != nil}, {"quote", r.Quote != nil}, {"mention", r.Mention != nil}, {"story", r.Story != nil}} {
		if k.set {
			kinds = append(kinds, k.name)
		}
	}
	if len(kinds) != 1 {
		return fail("trigger", "want exactly one of event, quote, mention or story, found %d (%s)", len(kinds), strings.Join(kinds, ", "))
	}
	switch {
	case r.Event != nil:
		t := r.Event
		for i, v := range t.Types {
			v = news.EventType(strings.ToUpper(strings.TrimSpace(string(v))))
			if !slices.Contains(eventTypes, v) {
				return fail("event.type", "%q is not a PLOVER event type (AGREE, CONSULT, … ASSAULT)", t.Types[i])
			}
			t.Types[i] = v
		}
		for i, v := range t.Statuses {
			v = news.EventStatus(strings.ToLower(strings.TrimSpace(string(v))))
			if !slices.Contains(eventStatuses, v) {
				return fail("event.status", "%q: want occurred, ongoing, planned, hypothetical, negated or reported", t.Statuses[i])
			}
			t.Statuses[i] = v
		}
		for i, v := range t.Modes {
			t.Modes[i] = strings.ToLower(strings.TrimSpace(v))
		}
		for _, l := range []struct {
			field string
			vals  []string
		}{{"event.mode", t.Modes}, {"event.actor", t.Actors}, {"event.recipient", t.Recipients}, {"event.country", t.Countries}} {
			if err := checkValues(l.vals); err != nil {
				return fail(l.field, "%v", err)
			}
		}
		for i, c := range t.Countries {
			c = strings.ToUpper(strings.TrimSpace(c))
			if !isCountry(c) {
				return fail("event.country", "%q: want an ISO 3166-1 alpha-3 code such as NOR", t.Countries[i])
			}
			t.Countries[i] = c
		}
		if t.MinSources < 0 || t.MinSources > 10000 {
			return fail("event.min_sources", "%d: want 0 to 10000", t.MinSources)
		}
		if !(t.MinConfidence >= 0 && t.MinConfidence <= 1) {
			return fail("event.min_confidence", "%v: want 0 to 1", t.MinConfidence)
		}
	case r.Quote != nil:
		t := r.Quote
		if len(t.Speakers) == 0 {
			return fail("quote.speaker", "want at least one entity ID or name")
		}
		if err := checkValues(t.Speakers); err != nil {
			return fail("quote.speaker", "%v", err)
		}
		if err := checkValues(t.Words); err != nil {
			return fail("quote.words", "%v", err)
		}
		for i, v := range t.Kinds {
			v = news.QuoteKind(strings.ToLower(strings.TrimSpace(string(v))))
			if !slices.Contains(quoteKinds, v) {
				return fail("quote.kind", "%q: want direct, partial, indirect or term", t.Kinds[i])
			}
			t.Kinds[i] = v
		}
		if !(t.MinConfidence >= 0 && t.MinConfidence <= 1) {
			return fail("quote.min_confidence", "%v: want 0 to 1", t.MinConfidence)
		}
	case r.Mention != nil:
		t := r.Mention
		if len(t.Entities) == 0 {
			return fail("mention.entity", "want at least one entity ID or name")
		}
		if err := checkValues(t.Entities); err != nil {
			return fail("mention.entity", "%v", err)
		}
		if t.MinMentions < 0 || t.MinMentions > 10000 {
			return fail("mention.min_mentions", "%d: want 0 to 10000", t.MinMentions)
		}
		if !(t.MinConfidence >= 0 && t.MinConfidence <= 1) {
			return fail("mention.min_confidence", "%v: want 0 to 1", t.MinConfidence)
		}
	case r.Story != nil:
		t := r.Story
		if err := checkValues(t.Entities); err != nil {
			return fail("story.entity", "%v", err)
		}
		if t.MinSources == 0 {
			t.MinSources = 2
		}
		if t.MinSources < 1 || t.MinSources > 10000 {
			return fail("story.min_sources", "%d: want 1 to 10000", t.MinSources)
		}
	}
	var err error
	if r.secret, err = resolveSecret(r.Secret, r.SecretEnv, getenv); err != nil {
		return fail("secret", "%v", err)
	}
	if len(r.Deliver) == 0 {
		return fail("deliver", "want at least one delivery (webhook or log)")
	}
	targets := map[string]bool{}
	for i := range r.Deliver {
		d := &r.Deliver[i]
		field := fmt.Sprintf("deliver[%d]", i)
		switch {
		case d.Webhook != "" && d.Log != "":
			return fail(field, "give webhook or log, not both")
		case d.Webhook != "":
			if err := checkURL(d.Webhook); err != nil {
				return fail(field+".webhook", "%v", err)
			}
			if d.Format != "" {
				return fail(field+".format", "only log deliveries have a format")
			}
			if d.Timeout < 0 || d.Timeout > 5*time.Minute {
				return fail(field+".timeout", "%s: want 0 to 5m", d.Timeout)
			}
		case d.Log != "":
			switch d.Log {
			case "stdout", "stderr", "log":
			default:
				return fail(field+".log", "%q: want stdout, stderr or log", d.Log)
			}
			switch d.Format {
			case "", "text", "json":
			default:
				return fail(field+".format", "%q: want text or json", d.Format)
			}
			if d.Timeout != 0 {
				return fail(field+".timeout", "only webhook deliveries have a timeout")
			}
		default:
			return fail(field, "want webhook: URL or log: stdout|stderr|log")
		}
		key := d.Sink() + " " + d.Target()
		if targets[key] {
			return fail(field, "%s %s is given twice", d.Sink(), d.Target())
		}
		targets[key] = true
	}
	return nil
}

func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("rule without a name: every rule needs name")
	}
	if len(name) > maxNameLen {
		return fmt.Errorf("rule %.20q…: name: longer than %d bytes", name, maxNameLen)
	}
	for i, c := range name {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '-' || c == '_' || c == '.')
		if !ok {
			return fmt.Errorf("rule %q: name: use letters, digits, '-', '_' and '.', starting with a letter or digit", name)
		}
	}
	return nil
}

func checkValues(vals []string) error {
	if len(vals) > maxValues {
		return fmt.Errorf("more than %d values", maxValues)
	}
	for _, v := range vals {
		switch {
		case strings.TrimSpace(v) == "":
			return fmt.Errorf("empty value")
		case len(v) > maxValueLen:
			return fmt.Errorf("value longer than %d bytes", maxValueLen)
		case strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }):
			return fmt.Errorf("%q: control characters", v)
		}
	}
	return nil
}

func isCountry(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q is not a URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q: want an http:// or https:// URL", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("%q: no host", raw)
	}
	if u.User != nil {
		return fmt.Errorf("%q: credentials in the URL; use secret_env and the signature header", raw)
	}
	return nil
}
