package event

import (
	"testing"

	"github.com/readout/readout/internal/news"
)

func TestQuad(t *testing.T) {
	cases := []struct {
		t    news.EventType
		want int
	}{
		{news.EventConsult, QuadVerbalCooperation},
		{news.EventAid, QuadMaterialCooperation},
		{news.EventRetreat, QuadMaterialCooperation},
		{news.EventAccuse, QuadVerbalConflict},
		{news.EventAssault, QuadMaterialConflict},
		{"NOT-A-TYPE", QuadNone},
	}
	for _, tc := range cases {
		if got := Quad(tc.t); got != tc.want {
			t.Errorf("Quad(%s) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

func TestSentenceQuadPicksStrongest(t *testing.T) {
	evs := []news.Event{
		{Type: news.EventConsult, Intensity: Intensity(news.EventConsult)},
		{Type: news.EventAssault, Intensity: Intensity(news.EventAssault)},
	}
	if got := SentenceQuad(evs); got != QuadMaterialConflict {
		t.Errorf("a strike outweighs a meeting: got %d", got)
	}
	if got := SentenceQuad([]news.Event{{Type: news.EventRequest}, {Type: news.EventAid, Intensity: 10}}); got != QuadMaterialCooperation {
		t.Errorf("an appeal never outweighs aid: got %d", got)
	}
	if SentenceQuad(nil) != QuadNone {
		t.Errorf("no events is class 0")
	}
}
