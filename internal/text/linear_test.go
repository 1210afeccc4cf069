package text

import (
	"strings"
	"testing"
	"time"
)

// TestLinearTime guards against quadratic scans on long chunks without
// spaces (hyphen chains, digit groups, e-mail look-alikes).
func TestLinearTime(t *testing.T) {
	for _, unit := range []string{"1-", "a-", "1/", "a.", "a-b@", "x'", "A.", "—", "!?", "http://a.b/"} {
		s := strings.Repeat(unit, 100000/len(unit)) + "x"
		t0 := time.Now()
		Sentences(s, nil)
		if d := time.Since(t0); d > 2*time.Second {
			t.Errorf("%q×%d took %v", unit, len(s)/len(unit), d)
		}
	}
}
