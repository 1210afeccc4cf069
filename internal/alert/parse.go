package alert

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/readout/readout/internal/news"
)

// maxFileBytes bounds a rules file.
const maxFileBytes = 1 << 20

// Load reads and validates a rules file (see Parse).
func Load(path string, getenv func(string) string) (*Rules, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, news.E("alert.Load", news.KindInvalid, fmt.Errorf("read rules: %w", err))
	}
	return Parse(b, path, getenv)
}

// Parse reads rules from YAML (the format is in docs/alerts.md) and
// validates them. name is used in error messages ("alerts.yaml:12: rule
// \"x\": event.type: …"). Secrets named by secret_env are looked up with
// getenv (nil: os.Getenv). Every error is one line, KindInvalid.
func Parse(data []byte, name string, getenv func(string) string) (*Rules, error) {
	const op = "alert.Parse"
	if name == "" {
		name = "rules"
	}
	if len(data) > maxFileBytes {
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("%s: larger than %d bytes", name, maxFileBytes))
	}
	p := &parser{file: name}
	rs, err := p.file1(data)
	if err != nil {
		return nil, news.E(op, news.KindInvalid, err)
	}
	if err := rs.Validate(getenv); err != nil {
		// Say where the rule is.
		var re *ruleError
		if errors.As(err, &re) && re.i < len(p.lines) {
			return nil, news.E(op, news.KindInvalid, fmt.Sprintf("%s:%d: %v", name, p.lines[re.i], re.err))
		}
		msg := err.Error()
		if e := (*news.Error)(nil); errors.As(err, &e) && e.Err != nil {
			msg = e.Err.Error()
		}
		return nil, news.E(op, news.KindInvalid, fmt.Sprintf("%s: %s", name, msg))
	}
	return rs, nil
}

// YAML writes the rules in the file format (secrets given literally are
// written too; those from the environment are not).
func (rs *Rules) YAML() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(rs); err != nil {
		return nil, news.E("alert.YAML", news.KindInternal, err)
	}
	enc.Close()
	return buf.Bytes(), nil
}

type parser struct {
	file  string
	lines []int // line of each rule
	rule  string
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if p.rule != "" {
		msg = fmt.Sprintf("rule %q: %s", p.rule, msg)
	}
	if n != nil && n.Line > 0 {
		return fmt.Errorf("%s:%d: %s", p.file, n.Line, msg)
	}
	return fmt.Errorf("%s: %s", p.file, msg)
}

func (p *parser) file1(data []byte) (*Rules, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty rules file: want a mapping with rules:", p.file)
		}
		return nil, fmt.Errorf("%s: %s", p.file, oneLine(strings.TrimPrefix(err.Error(), "yaml: ")))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, p.errf(&extra, "more than one YAML document")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	rs := &Rules{}
	kv, err := p.mapping(root, "top level", "secret", "secret_env", "rules")
	if err != nil {
		return nil, err
	}
	rulesNode := kv["rules"]
	if rulesNode == nil {
		return nil, p.errf(root, "rules: missing (want a list of rules)")
	}
	if rs.Secret, err = p.str(kv["secret"], "secret"); err != nil {
		return nil, err
	}
	if rs.SecretEnv, err = p.str(kv["secret_env"], "secret_env"); err != nil {
		return nil, err
	}
	if err := p.noAlias(rulesNode, "rules"); err != nil {
		return nil, err
	}
	if rulesNode.Kind != yaml.SequenceNode {
		return nil, p.errf(rulesNode, "rules: want a list of rules")
	}
	if len(rulesNode.Content) > maxRules {
		return nil, p.errf(rulesNode, "rules: more than %d rules", maxRules)
	}
	for i, n := range rulesNode.Content {
		r, err := p.rule1(n, i)
		if err != nil {
			return nil, err
		}
		rs.Rules = append(rs.Rules, r)
		p.lines = append(p.lines, n.Line)
	}
	return rs, nil
}

func (p *parser) rule1(n *yaml.Node, i int) (Rule, error) {
	var r Rule
	p.rule = ""
	kv, err := p.mapping(n, fmt.Sprintf("rules[%d]", i), "name", "disabled", "event", "quote", "mention", "story", "secret", "secret_env", "deliver")
	if err != nil {
		return r, err
	}
	if r.Name, err = p.str(kv["name"], fmt.Sprintf("rules[%d].name", i)); err != nil {
		return r, err
	}
	if r.Name == "" {
		return r, p.errf(n, "rules[%d]: name: missing (every rule needs a name)", i)
	}
	p.rule = r.Name
	if r.Disabled, err = p.boolean(kv["disabled"], "disabled"); err != nil {
		return r, err
	}
	if r.Secret, err = p.str(kv["secret"], "secret"); err != nil {
		return r, err
	}
	if r.SecretEnv, err = p.str(kv["secret_env"], "secret_env"); err != nil {
		return r, err
	}
	if v := kv["event"]; v != nil {
		t := &EventTrigger{}
		f, err := p.mapping(v, "event", "type", "mode", "actor", "recipient", "country", "status", "min_sources", "min_confidence")
		if err != nil {
			return r, err
		}
		var types, statuses []string
		for _, l := range []struct {
			key string
			dst *[]string
		}{{"type", &types}, {"mode", &t.Modes}, {"actor", &t.Actors}, {"recipient", &t.Recipients},
			{"country", &t.Countries}, {"status", &statuses}} {
			if *l.dst, err = p.list(f[l.key], "event."+l.key); err != nil {
				return r, err
			}
		}
		for _, s := range types {
			t.Types = append(t.Types, news.EventType(s))
		}
		for _, s := range statuses {
			t.Statuses = append(t.Statuses, news.EventStatus(s))
		}
		if t.MinSources, err = p.integer(f["min_sources"], "event.min_sources"); err != nil {
			return r, err
		}
		if t.MinConfidence, err = p.number(f["min_confidence"], "event.min_confidence"); err != nil {
			return r, err
		}
		r.Event = t
	}
	if v := kv["quote"]; v != nil {
		t := &QuoteTrigger{}
		f, err := p.mapping(v, "quote", "speaker", "kind", "words", "min_confidence")
		if err != nil {
			return r, err
		}
		if t.Speakers, err = p.list(f["speaker"], "quote.speaker"); err != nil {
			return r, err
		}
		kinds, err := p.list(f["kind"], "quote.kind")
		if err != nil {
			return r, err
		}
		for _, k := range kinds {
			t.Kinds = append(t.Kinds, news.QuoteKind(k))
		}
		if t.Words, err = p.list(f["words"], "quote.words"); err != nil {
			return r, err
		}
		if t.MinConfidence, err = p.number(f["min_confidence"], "quote.min_confidence"); err != nil {
			return r, err
		}
		r.Quote = t
	}
	if v := kv["mention"]; v != nil {
		t := &MentionTrigger{}
		f, err := p.mapping(v, "mention", "entity", "min_mentions", "min_confidence")
		if err != nil {
			return r, err
		}
		if t.Entities, err = p.list(f["entity"], "mention.entity"); err != nil {
			return r, err
		}
		if t.MinMentions, err = p.integer(f["min_mentions"], "mention.min_mentions"); err != nil {
			return r, err
		}
		if t.MinConfidence, err = p.number(f["min_confidence"], "mention.min_confidence"); err != nil {
			return r, err
		}
		r.Mention = t
	}
	if v := kv["story"]; v != nil {
		t := &StoryTrigger{}
		f, err := p.mapping(v, "story", "entity", "min_sources")
		if err != nil {
			return r, err
		}
		if t.Entities, err = p.list(f["entity"], "story.entity"); err != nil {
			return r, err
		}
		if t.MinSources, err = p.integer(f["min_sources"], "story.min_sources"); err != nil {
			return r, err
		}
		r.Story = t
	}
	if v := kv["deliver"]; v != nil {
		if err := p.noAlias(v, "deliver"); err != nil {
			return r, err
		}
		if v.Kind != yaml.SequenceNode {
			return r, p.errf(v, "deliver: want a list of deliveries (- webhook: URL, - log: stdout)")
		}
		if len(v.Content) > maxValues {
			return r, p.errf(v, "deliver: more than %d deliveries", maxValues)
		}
		for j, dn := range v.Content {
			field := fmt.Sprintf("deliver[%d]", j)
			f, err := p.mapping(dn, field, "webhook", "log", "format", "timeout")
			if err != nil {
				return r, err
			}
			var d Delivery
			if d.Webhook, err = p.str(f["webhook"], field+".webhook"); err != nil {
				return r, err
			}
			if d.Log, err = p.str(f["log"], field+".log"); err != nil {
				return r, err
			}
			if d.Format, err = p.str(f["format"], field+".format"); err != nil {
				return r, err
			}
			if d.Timeout, err = p.duration(f["timeout"], field+".timeout"); err != nil {
				return r, err
			}
			r.Deliver = append(r.Deliver, d)
		}
	}
	return r, nil
}

// mapping checks that n is a mapping with only allowed keys, each once.
func (p *parser) mapping(n *yaml.Node, where string, allowed ...string) (map[string]*yaml.Node, error) {
	if err := p.noAlias(n, where); err != nil {
		return nil, err
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "%s: want a mapping (key: value lines)", where)
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, p.errf(k, "%s: keys must be plain words", where)
		}
		if !slices.Contains(allowed, k.Value) {
			return nil, p.errf(k, "%s: unknown field %q (want %s)", where, clip(k.Value, 40), strings.Join(allowed, ", "))
		}
		if out[k.Value] != nil {
			return nil, p.errf(k, "%s: %s given twice", where, k.Value)
		}
		out[k.Value] = v
	}
	return out, nil
}

func (p *parser) noAlias(n *yaml.Node, where string) error {
	if n.Kind == yaml.AliasNode {
		return p.errf(n, "%s: YAML aliases (*name) are not supported in rules files", where)
	}
	return nil
}

// scalar returns a scalar's value; nil (absent) or an explicit null is "".
func (p *parser) scalar(n *yaml.Node, where string) (string, bool, error) {
	if n == nil {
		return "", false, nil
	}
	if err := p.noAlias(n, where); err != nil {
		return "", false, err
	}
	if n.Kind != yaml.ScalarNode {
		return "", false, p.errf(n, "%s: want a single value", where)
	}
	if n.Tag == "!!null" {
		return "", false, nil
	}
	return n.Value, true, nil
}

func (p *parser) str(n *yaml.Node, where string) (string, error) {
	// Any scalar is text: a rule may well be named 2024 or yes.
	s, _, err := p.scalar(n, where)
	return s, err
}

// list accepts one value or a list of values.
func (p *parser) list(n *yaml.Node, where string) ([]string, error) {
	if n == nil {
		return nil, nil
	}
	if err := p.noAlias(n, where); err != nil {
		return nil, err
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		if len(n.Content) > maxValues {
			return nil, p.errf(n, "%s: more than %d values", where, maxValues)
		}
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			s, ok, err := p.scalar(c, where)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, p.errf(c, "%s: empty value in list", where)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, p.errf(n, "%s: want a value or a list of values", where)
}

func (p *parser) integer(n *yaml.Node, where string) (int, error) {
	s, ok, err := p.scalar(n, where)
	if err != nil || !ok {
		return 0, err
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > math.MaxInt32 {
		return 0, p.errf(n, "%s: %q: want a whole number, 0 or more", where, clip(s, 40))
	}
	return v, nil
}

func (p *parser) number(n *yaml.Node, where string) (float64, error) {
	s, ok, err := p.scalar(n, where)
	if err != nil || !ok {
		return 0, err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, p.errf(n, "%s: %q: want a number", where, clip(s, 40))
	}
	return v, nil
}

func (p *parser) boolean(n *yaml.Node, where string) (bool, error) {
	s, ok, err := p.scalar(n, where)
	if err != nil || !ok {
		return false, err
	}
	switch strings.ToLower(s) {
	case "true", "yes", "on":
		return true, nil
	case "false", "no", "off":
		return false, nil
	}
	return false, p.errf(n, "%s: %q: want true or false", where, clip(s, 40))
}

func (p *parser) duration(n *yaml.Node, where string) (time.Duration, error) {
	s, ok, err := p.scalar(n, where)
	if err != nil || !ok {
		return 0, err
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, p.errf(n, "%s: %q: want a duration such as 10s", where, clip(s, 40))
	}
	return d, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
