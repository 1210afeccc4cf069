package watch

import (
	"testing"
	"time"

	"github.com/readout/readout/internal/feed"
)

func TestAdapt(t *testing.T) {
	lo, hi := 5*time.Minute, 4*time.Hour
	tests := []struct {
		cur   time.Duration
		added int
		want  time.Duration
	}{
		{30 * time.Minute, 0, 45 * time.Minute},
		{30 * time.Minute, 1, 30 * time.Minute},
		{30 * time.Minute, 4, 22*time.Minute + 30*time.Second},
		{30 * time.Minute, 25, 15 * time.Minute},
		{6 * time.Minute, 25, lo},
		{3 * time.Hour, 0, hi},
	}
	for _, tt := range tests {
		if got := adapt(tt.cur, tt.added, lo, hi); got != tt.want {
			t.Errorf("adapt(%s, %d) = %s, want %s", tt.cur, tt.added, got, tt.want)
		}
	}
}

func TestNewest(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	items := []feed.Item{{URL: "u0"}, {URL: "d1", Published: t0}, {URL: "d2", Published: t0.Add(time.Hour)}, {URL: "u1"}}
	keep, rest := newest(items, 3)
	if len(keep) != 3 || keep[0].URL != "d2" || keep[1].URL != "d1" || keep[2].URL != "u0" || len(rest) != 1 || rest[0].URL != "u1" {
		t.Errorf("keep %v rest %v", keep, rest)
	}
	if keep, rest := newest(items, 10); len(keep) != 4 || rest != nil {
		t.Errorf("under the limit: %v %v", keep, rest)
	}
}
