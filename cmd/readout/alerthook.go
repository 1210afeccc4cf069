package main

import (
	"time"

	"github.com/readout/readout/internal/alert"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/pipeline"
	"github.com/readout/readout/internal/store/sqlite"
)

var _ alert.Log = (*sqlite.Store)(nil)

// alertBackoff is the first retry wait of webhook deliveries (a variable
// for tests).
var alertBackoff = time.Second

// attachAlerts matches the watch rules of the config's alerts file
// (READOUT_ALERTS or "alerts" in the config file) against every article
// the pipeline stores, and delivers at the end of the run. Without a
// rules file it does nothing.
func attachAlerts(a *app, st news.Store, p *pipeline.Pipeline) error {
	if a.cfg.Alerts == "" {
		return nil
	}
	rules, err := alert.Load(a.cfg.Alerts, a.getenv)
	if err != nil {
		return err
	}
	w, err := a.alertWatcher(rules, st)
	if err != nil {
		return err
	}
	p.AfterStore = append(p.AfterStore, w.AfterStore)
	p.AfterRun = append(p.AfterRun, w.AfterRun)
	return nil
}

// alertLog is the store's alert log, or an error when it keeps none.
func alertLog(st news.Store) (alert.Log, error) {
	l, ok := st.(alert.Log)
	if !ok {
		return nil, news.E("alerts", news.KindUnavailable, "this store keeps no alert log")
	}
	return l, nil
}

// alertSender builds the Sender of the CLI: log deliveries go to the
// app's streams and logger.
// attempts is how many times one delivery is tried before it is left
// pending: few at the end of a pipeline run, so that a dead receiver does
// not hold up every run; more in 'alerts run'.
func (a *app) alertSender(rules *alert.Rules, st news.Store, attempts int) (*alert.Sender, error) {
	l, err := alertLog(st)
	if err != nil {
		return nil, err
	}
	return alert.NewSender(rules, l, alert.Options{Stdout: a.stdout, Stderr: a.stderr, Logger: a.log, Backoff: alertBackoff, MaxAttempts: attempts}), nil
}

func (a *app) alertWatcher(rules *alert.Rules, st news.Store) (*alert.Watcher, error) {
	s, err := a.alertSender(rules, st, 3)
	if err != nil {
		return nil, err
	}
	return alert.NewWatcher(rules, st, s, a.log), nil
}
