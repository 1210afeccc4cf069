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

// SentenceQuad is the quad class of a sentence: that of its main event
// (MainEvent); QuadNone when the sentence has no event.
func SentenceQuad(evs []news.Event) int {
	j := MainEvent(evs)
	if j < 0 {
		return QuadNone
	}
	return Quad(evs[j].Type)
}

// MainEvent returns the index of the strongest event, where strength is
// the magnitude of the intensity except that the mild verbal types
// (AGREE, CONSULT, REQUEST) never outweigh another event; -1 when evs is
// empty.
func MainEvent(evs []news.Event) int {
	best, bestW := -1, -1.0
	for i, e := range evs {
		w := e.Intensity
		if w < 0 {
			w = -w
		}
		switch e.Type {
		case news.EventAgree, news.EventConsult, news.EventRequest:
			w = 1.5
		}
		if w > bestW {
			best, bestW = i, w
		}
	}
	return best
}

// CAMEOQuad returns the five-way class of an event by its CAMEO root
// code, in the scheme of the Phoenix/PETRARCH data sets that
// CAMEO-labelled corpora (ConfliBERT's five classes among them) follow:
// 01–02 neutral (public statements and appeals: QuadNone), 03–05 verbal
// cooperation, 06–08 material cooperation (so yielding, 08, is
// material), 09–13 and 16 verbal conflict (reducing relations — cutting
// aid, expelling diplomats, sanctions — is counted verbal), 14–15 and
// 17–20 material conflict. Without a CAMEO code it falls back to Quad.
func CAMEOQuad(e news.Event) int {
	c := e.CAMEO
	if len(c) < 2 || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9' {
		return Quad(e.Type)
	}
	switch root := int(c[0]-'0')*10 + int(c[1]-'0'); {
	case root >= 1 && root <= 2:
		return QuadNone
	case root >= 3 && root <= 5:
		return QuadVerbalCooperation
	case root >= 6 && root <= 8:
		return QuadMaterialCooperation
	case root >= 9 && root <= 13 || root == 16:
		return QuadVerbalConflict
	case root >= 14 && root <= 20:
		return QuadMaterialConflict
	}
	return Quad(e.Type)
}

// SentenceClass is the CAMEOQuad class of a sentence's main event
// (MainEvent) among those that are neither neutral nor hypothetical;
// QuadNone when it has none.
func SentenceClass(evs []news.Event) int {
	var cands []news.Event
	for _, e := range evs {
		// a hypothetical event ("is considering sending aid") is a
		// statement about an option (CAMEO 014), not the event
		if CAMEOQuad(e) != QuadNone && e.Status != news.StatusHypothetical {
			cands = append(cands, e)
		}
	}
	j := MainEvent(cands)
	if j < 0 {
		return QuadNone
	}
	return CAMEOQuad(cands[j])
}
