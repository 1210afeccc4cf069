package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/readout/readout/internal/news"
)

func TestAlertLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "alerts.db")
	st, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	d := news.AlertDelivery{Key: "k1", Rule: "r1", Trigger: "quote", Sink: "webhook", Target: "http://127.0.0.1:1/x",
		ArticleID: "a1", Body: []byte(`{"rule":"r1"}`), CreatedAt: t0}
	isNew, err := st.EnqueueAlert(ctx, d)
	if err != nil || !isNew {
		t.Fatalf("first enqueue: new=%v err=%v", isNew, err)
	}
	d.Body = []byte(`{"changed":true}`)
	if isNew, err = st.EnqueueAlert(ctx, d); err != nil || isNew {
		t.Fatalf("second enqueue with the same key: new=%v err=%v", isNew, err)
	}
	d2 := news.AlertDelivery{Key: "k2", Rule: "r2", Sink: "log", Target: "stdout", Body: []byte(`{}`), CreatedAt: t0.Add(time.Second)}
	if _, err := st.EnqueueAlert(ctx, d2); err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnqueueAlert(ctx, news.AlertDelivery{Key: "k3"}); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("incomplete delivery: %v, want invalid", err)
	}

	pend, err := st.PendingAlerts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pend) != 2 || pend[0].Key != "k1" || string(pend[0].Body) != `{"rule":"r1"}` || pend[0].State != news.DeliveryPending ||
		!pend[0].CreatedAt.Equal(t0) || pend[0].ArticleID != "a1" || pend[0].Trigger != "quote" {
		t.Fatalf("pending = %+v", pend)
	}
	if one, _ := st.PendingAlerts(ctx, 1); len(one) != 1 {
		t.Errorf("limit 1 gave %d", len(one))
	}

	// Two failures, then success.
	for i, a := range []struct {
		code  int
		err   string
		state news.DeliveryState
	}{{500, "receiver answered 500", news.DeliveryPending}, {0, "connection refused", news.DeliveryPending}, {204, "", news.DeliveryDelivered}} {
		at := news.AlertAttempt{Key: "k1", Attempt: i + 1, At: t0.Add(time.Duration(i) * time.Minute), Duration: 3 * time.Millisecond,
			StatusCode: a.code, Error: a.err}
		if err := st.RecordAlertAttempt(ctx, at, a.state); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordAlertAttempt(ctx, news.AlertAttempt{Key: "nope", Attempt: 1}, news.DeliveryFailed); !news.IsKind(err, news.KindNotFound) {
		t.Errorf("unknown key: %v, want not found", err)
	}
	if err := st.RecordAlertAttempt(ctx, news.AlertAttempt{Key: "k2", Attempt: 1}, "lost"); !news.IsKind(err, news.KindInvalid) {
		t.Errorf("bad state: %v, want invalid", err)
	}
	if err := st.RecordAlertAttempt(ctx, news.AlertAttempt{Key: "k2", Attempt: 1, At: t0, StatusCode: 0, Error: "gone"}, news.DeliveryFailed); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Everything is still there after reopening.
	st, err = Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if pend, _ := st.PendingAlerts(ctx, 0); len(pend) != 0 {
		t.Errorf("pending after delivery = %+v", pend)
	}
	ds, err := st.AlertDeliveries(ctx, news.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Key != "k2" || ds[0].State != news.DeliveryFailed || ds[1].State != news.DeliveryDelivered ||
		ds[1].Attempts != 3 || ds[1].LastStatus != 204 || ds[1].LastError != "" || ds[1].DeliveredAt.IsZero() ||
		!ds[1].LastAttempt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("deliveries = %+v", ds)
	}
	atts, err := st.AlertAttempts(ctx, news.AlertFilter{Rule: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(atts) != 3 || atts[0].Attempt != 3 || atts[2].StatusCode != 500 || atts[2].Error != "receiver answered 500" ||
		atts[1].Duration != 3*time.Millisecond || atts[0].Target != "http://127.0.0.1:1/x" || atts[0].Sink != "webhook" {
		t.Fatalf("attempts = %+v", atts)
	}
	if got, _ := st.AlertAttempts(ctx, news.AlertFilter{Key: "k2", Rule: "r2"}); len(got) != 1 || got[0].Error != "gone" {
		t.Errorf("attempts of k2 = %+v", got)
	}
	if got, _ := st.AlertDeliveries(ctx, news.AlertFilter{State: news.DeliveryFailed}); len(got) != 1 || got[0].Key != "k2" {
		t.Errorf("failed = %+v", got)
	}
	if got, _ := st.AlertAttempts(ctx, news.AlertFilter{Limit: 2, Offset: 2}); len(got) != 2 {
		t.Errorf("page 2 of attempts = %d rows, want 2", len(got))
	}
	for _, f := range []news.AlertFilter{{Limit: -1}, {Offset: -1}, {Limit: 1001}, {State: "lost"}} {
		if _, err := st.AlertDeliveries(ctx, f); !news.IsKind(err, news.KindInvalid) {
			t.Errorf("filter %+v: %v, want invalid", f, err)
		}
	}

	n, err := st.RetryFailedAlerts(ctx, "r1")
	if err != nil || n != 0 {
		t.Errorf("retry failed of r1 = %d %v, want 0", n, err)
	}
	if n, err = st.RetryFailedAlerts(ctx, ""); err != nil || n != 1 {
		t.Errorf("retry failed = %d %v, want 1", n, err)
	}
	if pend, _ := st.PendingAlerts(ctx, 0); len(pend) != 1 || pend[0].Key != "k2" || pend[0].Attempts != 1 {
		t.Errorf("pending after retry = %+v", pend)
	}
}
