package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultsAreValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"empty db", func(c *Config) { c.DB = "" }, "db"},
		{"zero max bytes", func(c *Config) { c.MaxDocBytes = 0 }, "max_doc_bytes"},
		{"negative workers", func(c *Config) { c.Workers = -1 }, "workers"},
		{"bad level", func(c *Config) { c.LogLevel = "loud" }, "log_level"},
		{"zero depth", func(c *Config) { c.MaxHTMLDepth = 0 }, "max_html_depth"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.mutate(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("want an error naming %q, got %v", tc.want, err)
			}
		})
	}
}

func TestLoadFileAndEnv(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(p, []byte(`{"db":"f.db","timeout":"5s","workers":2}`), 0o644)
	c := Default()
	if err := c.LoadFile(p, true); err != nil {
		t.Fatal(err)
	}
	if c.DB != "f.db" || c.Timeout != 5*time.Second || c.Workers != 2 || c.Addr != Default().Addr {
		t.Errorf("file values not merged over defaults: %+v", c)
	}
	env := map[string]string{"READOUT_DB": "e.db", "READOUT_WORKERS": "7"}
	if err := c.LoadEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.DB != "e.db" || c.Workers != 7 {
		t.Errorf("env not applied: %+v", c)
	}
	if err := c.LoadEnv(func(k string) string { return map[string]string{"READOUT_WORKERS": "many"}[k] }); err == nil {
		t.Errorf("a non-number must be an error")
	}
	os.WriteFile(p, []byte(`{"dbb":"typo.db"}`), 0o644)
	if err := c.LoadFile(p, true); err == nil || !strings.Contains(err.Error(), "dbb") {
		t.Errorf("unknown keys must be reported, got %v", err)
	}
	if err := c.LoadFile(filepath.Join(t.TempDir(), "none.json"), false); err != nil {
		t.Errorf("a missing optional file is fine: %v", err)
	}
	if err := c.LoadFile(filepath.Join(t.TempDir(), "none.json"), true); err == nil {
		t.Errorf("a missing required file is an error")
	}
}
