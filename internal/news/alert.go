package news

import (
	"encoding/json"
	"time"
)

// Alerts: package alert matches watch rules against stored articles and
// delivers what matched (webhooks, log lines). The store keeps every
// delivery, keyed by an idempotency key so that a match fires once, and
// every attempt to send it. These are the records it keeps.

// DeliveryState is where a delivery stands.
type DeliveryState string

// Delivery states.
const (
	// DeliveryPending has not been delivered yet: it is sent (again) by
	// the next flush, also after a restart.
	DeliveryPending DeliveryState = "pending"
	// DeliveryDelivered was accepted by its receiver (a 2xx answer, or
	// written for a log sink).
	DeliveryDelivered DeliveryState = "delivered"
	// DeliveryFailed was given up: a permanent error or too many attempts.
	DeliveryFailed DeliveryState = "failed"
)

// AlertDelivery is one alert to deliver to one target: a rule's match
// and one of the rule's deliveries.
type AlertDelivery struct {
	// Key is the idempotency key: a hash of the rule, the match's
	// identity and the target, the same on every retry (sent as
	// X-Readout-Delivery).
	Key  string `json:"key"`
	Rule string `json:"rule"`
	// Trigger is the rule's trigger kind (event, quote, mention, story).
	Trigger string `json:"trigger"`
	// Sink is "webhook" or "log"; Target the webhook URL or the log
	// stream ("stdout", "stderr", "log").
	Sink      string `json:"sink"`
	Target    string `json:"target"`
	ArticleID string `json:"article_id,omitempty"`
	// Body is the JSON document sent (and signed), fixed when the
	// delivery is created.
	Body        json.RawMessage `json:"body"`
	State       DeliveryState   `json:"state"`
	Attempts    int             `json:"attempts"`
	CreatedAt   time.Time       `json:"created_at"`
	LastAttempt time.Time       `json:"last_attempt,omitzero"`
	DeliveredAt time.Time       `json:"delivered_at,omitzero"`
	LastStatus  int             `json:"last_status,omitempty"`
	LastError   string          `json:"last_error,omitempty"`
}

// AlertAttempt is one try at sending a delivery.
type AlertAttempt struct {
	Key     string `json:"key"`
	Rule    string `json:"rule"`
	Sink    string `json:"sink"`
	Target  string `json:"target"`
	Attempt int    `json:"attempt"` // 1 for the first try of the key
	// At is when the attempt started; Duration how long it took.
	At       time.Time     `json:"at"`
	Duration time.Duration `json:"duration_ns"`
	// StatusCode is the HTTP status (0 when there was no answer, and for
	// log sinks); Error is empty on success.
	StatusCode int    `json:"status_code,omitempty"`
	Error      string `json:"error,omitempty"`
}

// AlertFilter selects deliveries or attempts, newest first. The zero
// value lists the 50 most recent.
type AlertFilter struct {
	Rule   string        // exact rule name; empty for all
	Key    string        // one delivery; empty for all
	State  DeliveryState // deliveries only; empty for all
	Limit  int           // default 50, at most 1000
	Offset int
}
