// Package config holds readout's one configuration struct, its defaults,
// validation, and loading from a file and READOUT_* environment variables.
// Flags are applied on top by cmd/readout.
package config

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything readout can be told. Precedence: flags > environment
// (READOUT_*) > config file > defaults.
type Config struct {
	// DB is the store: a SQLite file path (default ./readout.db).
	DB string `json:"db"`
	// Addr is where serve listens.
	Addr string `json:"addr"`
	// MaxDocBytes is the largest raw document accepted.
	MaxDocBytes int64 `json:"max_doc_bytes"`
	// MaxHTMLDepth is the deepest HTML element nesting accepted.
	MaxHTMLDepth int `json:"max_html_depth"`
	// Workers is how many documents are cleaned at once (default: CPUs).
	Workers int `json:"workers"`
	// Timeout bounds the processing of one document.
	Timeout time.Duration `json:"timeout"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `json:"log_level"`
	// Alerts is a watch-rules file (docs/alerts.md); when set, every run
	// that stores articles matches them and delivers alerts.
	Alerts string `json:"alerts,omitempty"`
	// Queue is a NATS JetStream server (nats://host:port); when set,
	// ingest publishes documents to it and `readout worker` consumes
	// them (docs/scaling.md).
	Queue string `json:"queue,omitempty"`
	// ContactURL is where site owners can reach whoever runs `readout
	// watch`; it goes into the User-Agent (empty: the project's page).
	ContactURL string `json:"contact_url,omitempty"`
	// FetchDelay is the least time between two requests to one host.
	FetchDelay time.Duration `json:"fetch_delay"`
	// AllowHosts may be fetched although they resolve to loopback,
	// private or link-local addresses: host names, IPs or CIDR ranges.
	AllowHosts []string `json:"allow_hosts,omitempty"`
}

// Default returns the defaults.
func Default() Config {
	return Config{
		DB:           "readout.db",
		Addr:         "127.0.0.1:8080",
		MaxDocBytes:  32 << 20,
		MaxHTMLDepth: 512,
		Workers:      0,
		Timeout:      30 * time.Second,
		LogLevel:     "info",
		FetchDelay:   2 * time.Second,
	}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.DB == "":
		return fmt.Errorf("config: db must not be empty")
	case c.Addr == "":
		return fmt.Errorf("config: addr must not be empty")
	case c.MaxDocBytes <= 0:
		return fmt.Errorf("config: max_doc_bytes must be positive, got %d", c.MaxDocBytes)
	case c.MaxHTMLDepth <= 0:
		return fmt.Errorf("config: max_html_depth must be positive, got %d", c.MaxHTMLDepth)
	case c.Workers < 0:
		return fmt.Errorf("config: workers must not be negative, got %d", c.Workers)
	case c.Timeout <= 0:
		return fmt.Errorf("config: timeout must be positive, got %s", c.Timeout)
	case c.FetchDelay < 0:
		return fmt.Errorf("config: fetch_delay must not be negative, got %s", c.FetchDelay)
	}
	if c.ContactURL != "" {
		u, err := url.Parse(c.ContactURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") || (u.Scheme != "mailto" && u.Host == "") {
			return fmt.Errorf("config: contact_url must be an http(s) or mailto URL, got %q", c.ContactURL)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: log_level must be debug, info, warn or error, got %q", c.LogLevel)
	}
	return nil
}

// LoadFile merges a JSON config file into c. A missing file is an error only
// when required.
func (c *Config) LoadFile(path string, required bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) && !required {
			return nil
		}
		return fmt.Errorf("config: read %s: %w", path, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var raw struct {
		Config
		Timeout    string `json:"timeout"`
		FetchDelay string `json:"fetch_delay"`
	}
	raw.Config = *c
	raw.Timeout = c.Timeout.String()
	raw.FetchDelay = c.FetchDelay.String()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("config: parse %s: %w", path, err)
	}
	d, err := time.ParseDuration(raw.Timeout)
	if err != nil {
		return fmt.Errorf("config: %s: timeout: %w", path, err)
	}
	fd, err := time.ParseDuration(raw.FetchDelay)
	if err != nil {
		return fmt.Errorf("config: %s: fetch_delay: %w", path, err)
	}
	*c = raw.Config
	c.Timeout = d
	c.FetchDelay = fd
	return nil
}

// LoadEnv merges READOUT_* variables from getenv into c.
func (c *Config) LoadEnv(getenv func(string) string) error {
	str := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	str("READOUT_DB", &c.DB)
	str("READOUT_ADDR", &c.Addr)
	str("READOUT_LOG_LEVEL", &c.LogLevel)
	str("READOUT_ALERTS", &c.Alerts)
	str("READOUT_QUEUE", &c.Queue)
	str("READOUT_CONTACT_URL", &c.ContactURL)
	if v := getenv("READOUT_ALLOW_HOSTS"); v != "" {
		c.AllowHosts = nil
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				c.AllowHosts = append(c.AllowHosts, h)
			}
		}
	}
	if v := getenv("READOUT_FETCH_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: READOUT_FETCH_DELAY: %w", err)
		}
		c.FetchDelay = d
	}
	if v := getenv("READOUT_MAX_DOC_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("config: READOUT_MAX_DOC_BYTES: %w", err)
		}
		c.MaxDocBytes = n
	}
	if v := getenv("READOUT_MAX_HTML_DEPTH"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("config: READOUT_MAX_HTML_DEPTH: %w", err)
		}
		c.MaxHTMLDepth = n
	}
	if v := getenv("READOUT_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("config: READOUT_WORKERS: %w", err)
		}
		c.Workers = n
	}
	if v := getenv("READOUT_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: READOUT_TIMEOUT: %w", err)
		}
		c.Timeout = d
	}
	return nil
}
