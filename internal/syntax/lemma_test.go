package syntax

import "testing"

func TestEditScript(t *testing.T) {
	cases := []struct{ form, lemma, script string }{
		{"walked", "walk", "2|"},
		{"went", "go", "4|go"},
		{"boxes", "box", "2|"},
		{"cities", "city", "3|y"},
		{"cafés", "café", "1|"},
		{"walk", "walk", "0|"},
	}
	for _, c := range cases {
		if got := editScript(c.form, c.lemma); got != c.script {
			t.Errorf("editScript(%q, %q) = %q, want %q", c.form, c.lemma, got, c.script)
		}
		if got, ok := applyScript(c.form, c.script); !ok || got != c.lemma {
			t.Errorf("applyScript(%q, %q) = %q, %v", c.form, c.script, got, ok)
		}
	}
	if _, ok := applyScript("ab", "5|x"); ok {
		t.Error("script longer than the form applied")
	}
}

func TestLemmatizerRules(t *testing.T) {
	mk := func(words ...[4]string) sent {
		var s sent
		for _, w := range words {
			s.Form = append(s.Form, w[0])
			s.Lemma = append(s.Lemma, w[1])
			s.UPOS = append(s.UPOS, w[2])
			s.XPOS = append(s.XPOS, w[3])
		}
		return s
	}
	train := []sent{
		mk([4]string{"walked", "walk", "VERB", "VBD"}, [4]string{"jumped", "jump", "VERB", "VBD"}, [4]string{"went", "go", "VERB", "VBD"}),
		mk([4]string{"foxes", "fox", "NOUN", "NNS"}, [4]string{"boxes", "box", "NOUN", "NNS"}, [4]string{"cities", "city", "NOUN", "NNS"}, [4]string{"parties", "party", "NOUN", "NNS"}),
		mk([4]string{"Paris", "Paris", "PROPN", "NNP"}, [4]string{"Kenya", "Kenya", "PROPN", "NNP"}, [4]string{"The", "the", "DET", "DT"}),
		mk([4]string{"n't", "not", "PART", "RB"}, [4]string{"Minister", "minister", "NOUN", "NN"}),
		mk([4]string{"controlled", "control", "VERB", "VBD"}, [4]string{"patrolled", "patrol", "VERB", "VBD"},
			[4]string{"looked", "look", "VERB", "VBD"}, [4]string{"smell", "smell", "VERB", "VB"}),
	}
	l := trainLemmatizer(train)
	cases := []struct{ form, upos, xpos, want string }{
		{"went", "VERB", "VBD", "go"},          // exception
		{"talked", "VERB", "VBD", "talk"},      // suffix rule
		{"taxes", "NOUN", "NNS", "tax"},        // suffix rule
		{"ladies", "NOUN", "NNS", "lady"},      // suffix rule
		{"Nairobi", "PROPN", "NNP", "Nairobi"}, // proper nouns keep case
		{"Talked", "VERB", "VBD", "talk"},      // others are lower-cased
		{"THE", "DET", "DT", "the"},
		{"MINISTER", "NOUN", "NN", "minister"},
		{"n’t", "PART", "RB", "not"}, // curly apostrophe normalised
		{"—", "PUNCT", ":", "—"},
		{"smelled", "VERB", "VBD", "smell"},    // "-led" would give "smel"; a known word wins
		{"compelled", "VERB", "VBD", "compel"}, // typographic punctuation is its own lemma
		{"“", "PUNCT", "``", "“"},
	}
	for _, c := range cases {
		if got := l.lemma(c.form, c.upos, c.xpos); got != c.want {
			t.Errorf("lemma(%q, %s) = %q, want %q", c.form, c.xpos, got, c.want)
		}
	}
}

func TestNormForm(t *testing.T) {
	cases := map[string]string{
		"“":      "\"",
		"don’t":  "don't",
		"—":      "--",
		"…":      "...",
		"plain":  "plain",
		"Zürich": "Zürich",
	}
	for in, want := range cases {
		if got := normForm(in); got != want {
			t.Errorf("normForm(%q) = %q, want %q", in, got, want)
		}
	}
	if lowerKey("NATO") != "nato" || lowerKey("2024") != "9999" {
		t.Errorf("lowerKey: %q %q", lowerKey("NATO"), lowerKey("2024"))
	}
	if shape("Kowalski") != "Xxx" || shape("12-34") != "99-99" {
		t.Errorf("shape: %q %q", shape("Kowalski"), shape("12-34"))
	}
}
