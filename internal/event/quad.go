package event

import "github.com/readout/readout/internal/news"

// Quad classes, numbered as in the five-class schemes used by event
// classifiers (0 is a plain statement or no event).
const (
	QuadNone                = 0
	QuadVerbalCooperation   = 1
	QuadMaterialCooperation = 2
	QuadVerbalConflict      = 3
	QuadMaterialConflict    = 4
)

// Quad returns the PLOVER quad class of an event type.
func Quad(t news.EventType) int {
	switch t {
	case news.EventAgree, news.EventConsult, news.EventSupport, news.EventConcede:
		return QuadVerbalCooperation
	case news.EventCooperate, news.EventAid, news.EventRetreat:
		return QuadMaterialCooperation
	case news.EventRequest, news.EventAccuse, news.EventReject, news.EventThreaten:
		return QuadVerbalConflict
	case news.EventProtest, news.EventSanction, news.EventMobilize, news.EventCoerce, news.EventAssault:
		return QuadMaterialConflict
	}
	return QuadNone
}

// SentenceQuad is the quad class of a sentence: that of its strongest
// event, where strength is the magnitude of the intensity except that
// the mild verbal types (AGREE, CONSULT, REQUEST) never outweigh another
// event; QuadNone when the sentence has no event.
func SentenceQuad(evs []news.Event) int {
	best, bestW := -1, -1.0
	for i, e := range evs {
		w := e.Intensity
		if w < 0 {
			w = -w
		}
		switch e.Type {
		case news.EventAgree, news.EventConsult, news.EventRequest:
			w = 2.4
		}
		if w > bestW {
			best, bestW = i, w
		}
	}
	if best < 0 {
		return QuadNone
	}
	return Quad(evs[best].Type)
}
