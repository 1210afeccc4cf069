package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/source"
	"github.com/readout/readout/internal/watch"
)

func newExportCmd(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Write what readout keeps in archival formats",
		Args:  exactArgs(0),
		RunE:  func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	c.AddCommand(newExportWARCCmd(a))
	return c
}

func newExportWARCCmd(a *app) *cobra.Command {
	var out, since string
	c := &cobra.Command{
		Use:   "warc",
		Short: "Write every page 'readout watch' fetched as a WARC file",
		Long: `Write every page kept by 'readout watch' as a WARC/1.1 response record (the
HTTP status and headers as received, the body decoded), after a warcinfo
record. A name ending in .gz is written gzip-compressed, one member per
record, as .warc.gz readers expect; standard output is always compressed.
'readout ingest FILE.warc.gz' reads it back, so a collection can be
archived and re-processed.`,
		Example: `  readout export warc --out news.warc.gz
  readout export warc --since 2026-03-01 --out march.warc.gz`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			from, err := parseSince(since, time.Now())
			if err != nil {
				return usageError{err}
			}
			var w io.Writer = a.stdout
			gz := true
			if out == "" || out == "-" {
				if f, ok := a.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
					return usageError{fmt.Errorf("not writing a WARC file to a terminal: give --out FILE.warc.gz")}
				}
			} else {
				f, err := os.Create(out)
				if err != nil {
					return news.E("export warc", news.KindInvalid, err)
				}
				defer f.Close()
				bw := bufio.NewWriterSize(f, 256<<10)
				defer bw.Flush()
				w = bw
				gz = strings.HasSuffix(strings.ToLower(out), ".gz")
			}
			_, ws, err := a.watchState(cmd.Context())
			if err != nil {
				return err
			}
			n, err := writeWARC(w, gz, ws, cmd, from)
			if err != nil {
				return err
			}
			if bw, ok := w.(*bufio.Writer); ok {
				if err := bw.Flush(); err != nil {
					return news.E("export warc", news.KindUnavailable, err)
				}
			}
			if out != "" && out != "-" {
				fmt.Fprintf(a.stderr, "wrote %d pages to %s\n", n, out)
			}
			return nil
		},
	}
	c.Flags().StringVarP(&out, "out", "o", "", "output file (FILE.warc or FILE.warc.gz; default standard output)")
	c.Flags().StringVar(&since, "since", "", "only pages fetched since: YYYY-MM-DD, an RFC 3339 time, or a duration ago (48h)")
	return c
}

// parseSince reads --since.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("--since wants YYYY-MM-DD, an RFC 3339 time or a duration like 48h, got %q", s)
}

// writeWARC writes a warcinfo record and one response record per page.
func writeWARC(w io.Writer, gz bool, ws watch.State, cmd *cobra.Command, since time.Time) (int, error) {
	const op = "export warc"
	ww := source.NewWARCWriter(w, gz)
	info := "software: readout\r\nformat: WARC File Format 1.1\r\ndescription: pages fetched by readout watch\r\n"
	if err := ww.WriteRecord("warcinfo", "", time.Now(), "application/warc-fields", []byte(info)); err != nil {
		return 0, news.E(op, news.KindUnavailable, err)
	}
	n := 0
	err := ws.EachPage(cmd.Context(), since, func(p *watch.Page) error {
		target := p.FinalURL
		if target == "" {
			target = p.URL
		}
		block := httpResponse(p)
		extra := []string{"WARC-Payload-Digest", warcDigest(p.Body)}
		if p.URL != target {
			// Where the capture started, before redirects.
			extra = append(extra, "WARC-Source-URI", p.URL)
		}
		if err := ww.WriteRecord("response", target, p.Fetched, "application/http; msgtype=response", block, extra...); err != nil {
			return news.E(op, news.KindUnavailable, err)
		}
		n++
		return nil
	})
	return n, err
}

// httpResponse rebuilds the HTTP message of a kept page: its status and
// headers as received, less those that described the transfer (the body
// is kept decoded).
func httpResponse(p *watch.Page) []byte {
	var b strings.Builder
	status := p.Status
	if status == 0 {
		status = http.StatusOK
	}
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	names := make([]string, 0, len(p.Header))
	for k := range p.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Encoding", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive":
			continue
		}
		for _, v := range p.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, strings.Join(strings.Fields(v), " "))
		}
	}
	if p.Header.Get("Content-Type") == "" && p.ContentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", p.ContentType)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(p.Body))
	b.Write(p.Body)
	return []byte(b.String())
}

// warcDigest is the "sha1:BASE32" digest WARC headers use.
func warcDigest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}
