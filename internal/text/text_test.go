package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/readout/readout/internal/news"
)

func toks(s string) []string {
	var out []string
	for _, t := range Tokenize(s, 0) {
		out = append(out, t.Text)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in, want string // want: tokens joined by " | "
	}{
		{"contraction nt", "They don't know.", "They | do | n't | know | ."},
		{"can't won't", "We can't and won't stop", "We | ca | n't | and | wo | n't | stop"},
		{"pronoun clitics", "I'm sure they're fine; we've seen he'll go and she'd stay", "I | 'm | sure | they | 're | fine | ; | we | 've | seen | he | 'll | go | and | she | 'd | stay"},
		{"possessive", "Kenya's budget and the countries' debts", "Kenya | 's | budget | and | the | countries | ' | debts"},
		{"curly possessive", "Lagos’s mayor didn’t resign", "Lagos | ’s | mayor | did | n’t | resign"},
		{"cannot gonna", "I cannot say; they're gonna vote", "I | can | not | say | ; | they | 're | gon | na | vote"},
		{"quotes", "“We will rebuild,” said Amara Velt.", "“ | We | will | rebuild | , | ” | said | Amara | Velt | ."},
		{"straight quotes", `He said "no" (twice).`, `He | said | " | no | " | ( | twice | ) | .`},
		{"single quotes", "the 'hybrid' plan", "the | ' | hybrid | ' | plan"},
		{"abbreviations", "The U.S. and U.K. envoys met Gen. Tobar and Sen. Ruiz at 9 a.m. on Jan. 5", "The | U.S. | and | U.K. | envoys | met | Gen. | Tobar | and | Sen. | Ruiz | at | 9 | a.m. | on | Jan. | 5"},
		{"titles", "Mr. Oduya, Dr. Lin and Mrs. Pahl", "Mr. | Oduya | , | Dr. | Lin | and | Mrs. | Pahl"},
		{"initials", "J. R. Malloy and J.D. Crane", "J. | R. | Malloy | and | J.D. | Crane"},
		{"No before number", "No. 10 said no.", "No. | 10 | said | no | ."},
		{"e.g.", "cities, e.g. Accra", "cities | , | e.g. | Accra"},
		{"numbers", "1,200 people paid $200 or 3.5% more", "1,200 | people | paid | $ | 200 | or | 3.5 | % | more"},
		{"time and date", "At 10:30 on 2025-10-13 and 9/11", "At | 10:30 | on | 2025-10-13 | and | 9/11"},
		{"fraction split", "1/2 of it", "1 | / | 2 | of | it"},
		{"units", "at 5pm a 35mm lens", "at | 5 | pm | a | 35 | mm | lens"},
		{"ordinals stay", "the 21st and 1990s", "the | 21st | and | 1990s"},
		{"hyphen split", "a well-known state-run firm", "a | well | - | known | state | - | run | firm"},
		{"hyphen prefix", "non-stop e-mail co-founder", "non-stop | e-mail | co-founder"},
		{"phone", "call 555-203-1234 now", "call | 555-203-1234 | now"},
		{"number range", "pages 5-10", "pages | 5 | - | 10"},
		{"year range", "in 1990-1995 and 2024-25", "in | 1990 | - | 1995 | and | 2024 | - | 25"},
		{"local phone", "dial 555-1234", "dial | 555-1234"},
		{"age compound", "a 20-year-old U.S.-led force", "a | 20 | - | year | - | old | U.S. | - | led | force"},
		{"currency", "€50 and £3.5bn", "€ | 50 | and | £ | 3.5 | bn"},
		{"slash", "and/or he/she", "and | / | or | he | / | she"},
		{"dashes", "rain—and wind – fell -- hard", "rain | — | and | wind | – | fell | -- | hard"},
		{"ellipsis", "Wait... what…", "Wait | ... | what | …"},
		{"repeated marks", "No way!! Really?!", "No | way | !! | Really | ?!"},
		{"url", "See https://example.org/a-b?x=1, then www.example.com.", "See | https://example.org/a-b?x=1 | , | then | www.example.com | ."},
		{"email", "Write to desk@ledger.example.", "Write | to | desk@ledger.example | ."},
		{"handles", "@cityhall posted #FloodWatch and #1", "@cityhall | posted | #FloodWatch | and | # | 1"},
		{"ampersand", "AT&T and R&D, not rock & roll", "AT&T | and | R&D | , | not | rock | & | roll"},
		{"abbrev at end", "He joined Velt Inc.", "He | joined | Velt | Inc."},
		{"abbrev double period", "from Velt Inc.. Then", "from | Velt | Inc. | . | Then"},
		{"missing space", "it failed.The end and Node.js", "it | failed | . | The | end | and | Node.js"},
		{"clitic after abbreviation", "the U.S.'s role and Velt Inc.’s", "the | U.S. | 's | role | and | Velt | Inc. | ’s"},
		{"quoted s is not a clitic", "the 's' key", "the | ' | s | ' | key"},
		{"emoticon", "great :-) ok", "great | :-) | ok"},
		{"apostrophe name", "O'Neil's office", "O'Neil | 's | office"},
		{"unicode", "Zürich’s café—naïve", "Zürich | ’s | café | — | naïve"},
		{"nbsp", "ten\u00a0miles", "ten | miles"},
		{"empty", "  \n ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(toks(tc.in), " | ")
			if got != tc.want {
				t.Errorf("Tokenize(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	s := "Officials didn't say."
	got := Tokenize(s, 100)
	want := []news.Token{
		{Start: 100, End: 109, Text: "Officials", Head: -1},
		{Start: 110, End: 113, Text: "did", Head: -1},
		{Start: 113, End: 116, Text: "n't", Head: -1},
		{Start: 117, End: 120, Text: "say", Head: -1},
		{Start: 120, End: 121, Text: ".", Head: -1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d tokens, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("token %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func sents(s string, blocks []news.Block) []string {
	var out []string
	for _, x := range Sentences(s, blocks) {
		out = append(out, s[x.Start:x.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "The council met. It voted to delay the plan. Why? Nobody knows!",
			[]string{"The council met.", "It voted to delay the plan.", "Why?", "Nobody knows!"}},
		{"quote closes", "“We are ready,” said Mayor Ilse Brandt. “The bridge reopens Monday.”",
			[]string{"“We are ready,” said Mayor Ilse Brandt.", "“The bridge reopens Monday.”"}},
		{"quote spans sentences", "“The water rose fast. We lost everything,” said Tomas Reyna, a farmer.",
			[]string{"“The water rose fast.", "We lost everything,” said Tomas Reyna, a farmer."}},
		{"question inside quote", "“Who pays?” she asked. Nobody answered.",
			[]string{"“Who pays?” she asked.", "Nobody answered."}},
		{"straight quote after period", `He said "No." Then he left.`,
			[]string{`He said "No."`, "Then he left."}},
		{"titles", "Gen. Aldo Ferrante met Sen. Rhea Holt and Dr. Ken Obi. They talked.",
			[]string{"Gen. Aldo Ferrante met Sen. Rhea Holt and Dr. Ken Obi.", "They talked."}},
		{"initials", "President John F. Kennedy visited. Later J.D. Crane spoke.",
			[]string{"President John F. Kennedy visited.", "Later J.D. Crane spoke."}},
		{"US before name", "The U.S. Army and the U.K. Treasury agreed.",
			[]string{"The U.S. Army and the U.K. Treasury agreed."}},
		{"US at end before starter", "Prices rose in the U.S. The next day markets fell.",
			[]string{"Prices rose in the U.S.", "The next day markets fell."}},
		{"Inc before said", "Shares of Velt Inc. rose. Velt Inc. said profits doubled.",
			[]string{"Shares of Velt Inc. rose.", "Velt Inc. said profits doubled."}},
		{"a.m. before day", "The vote is at 9 a.m. Tuesday. It may slip.",
			[]string{"The vote is at 9 a.m. Tuesday.", "It may slip."}},
		{"a.m. at end", "Polls closed at 8 p.m. The count began at once.",
			[]string{"Polls closed at 8 p.m.", "The count began at once."}},
		{"No. 10", "He went to No. 10 Downing Street. She stayed.",
			[]string{"He went to No. 10 Downing Street.", "She stayed."}},
		{"decimals", "Growth was 3.5 percent. Inflation was 2.1.",
			[]string{"Growth was 3.5 percent.", "Inflation was 2.1."}},
		{"digit starts sentence", "The plan failed. 2024 was worse.",
			[]string{"The plan failed.", "2024 was worse."}},
		{"ellipsis continues lower", "He paused... and then he spoke.",
			[]string{"He paused... and then he spoke."}},
		{"lower case after period", "the vote is off. the mayor left.",
			[]string{"the vote is off.", "the mayor left."}},
		{"bracket close", "(The report was leaked.) Officials denied it.",
			[]string{"(The report was leaked.)", "Officials denied it."}},
		{"dateline", "NAIROBI, Kenya — Heavy rain flooded the city on Monday.",
			[]string{"NAIROBI, Kenya —", "Heavy rain flooded the city on Monday."}},
		{"dateline agency", "LIMA (Ledger) -- Talks resumed.",
			[]string{"LIMA (Ledger) --", "Talks resumed."}},
		{"acronym then dash is no dateline", "NATO — the alliance — met. It agreed.",
			[]string{"NATO — the alliance — met.", "It agreed."}},
		{"dateline only at paragraph start", "Talks ended. PARIS — was quiet.",
			[]string{"Talks ended.", "PARIS — was quiet."}},
		{"numbered list", "1. The council met. 2. It voted.",
			[]string{"1. The council met.", "2. It voted."}},
		{"weekday abbreviation", "The vote is on Wed. 6/14 at noon. Turnout was low.",
			[]string{"The vote is on Wed. 6/14 at noon.", "Turnout was low."}},
		{"question then lower case after quote", "“Why now?” asked Ines Moro.",
			[]string{"“Why now?” asked Ines Moro."}},
		{"abbreviation inside closing quote", "“We trained in the U.S.” She smiled.",
			[]string{"“We trained in the U.S.”", "She smiled."}},
		{"pronoun I at end", "Nobody was angrier than I. The rest agreed.",
			[]string{"Nobody was angrier than I.", "The rest agreed."}},
		{"street at end", "He lives on Harbor St. The house is old. St. Louis is far.",
			[]string{"He lives on Harbor St.", "The house is old.", "St. Louis is far."}},
		{"dateline with date", "GENEVA, Oct. 13 (Ledger) — Talks resumed.",
			[]string{"GENEVA, Oct. 13 (Ledger) —", "Talks resumed."}},
		{"missing space", "The plan failed.The mayor resigned. See example.com.Then",
			[]string{"The plan failed.", "The mayor resigned.", "See example.com.Then"}},
		{"dateline after blank line", "Headline here\n\nROME — Rain fell.",
			[]string{"Headline here", "ROME —", "Rain fell."}},
		{"abbreviation then quoted phrase", `The U.S. "will act," he said. It did.`,
			[]string{`The U.S. "will act," he said.`, "It did."}},
		{"abbreviation then quoted sentence", `He left the U.S. "Never again," he said.`,
			[]string{`He left the U.S.`, `"Never again," he said.`}},
		{"state abbreviation", "He was born in St. Paul, Minn., and lives in Reno, Nev. The city grew.",
			[]string{"He was born in St. Paul, Minn., and lives in Reno, Nev.", "The city grew."}},
		{"em dash clause", "The deal — signed in May — collapsed. Talks ended.",
			[]string{"The deal — signed in May — collapsed.", "Talks ended."}},
		{"headline line", "Storm floods coastal towns\nResidents fled overnight as the river rose.",
			[]string{"Storm floods coastal towns", "Residents fled overnight as the river rose."}},
		{"wrapped line", "The minister said the\nplan would go ahead.",
			[]string{"The minister said the\nplan would go ahead."}},
		{"wrapped before capital", "Officials met with the\nFinance Ministry on Friday.",
			[]string{"Officials met with the\nFinance Ministry on Friday."}},
		{"blank line", "First part without stop\n\nSecond part",
			[]string{"First part without stop", "Second part"}},
		{"no final stop", "Talks continue", []string{"Talks continue"}},
		{"etc.", "They sold maps, books, etc. Then they closed.",
			[]string{"They sold maps, books, etc.", "Then they closed."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := sents(tc.in, nil)
			if strings.Join(got, "\n--\n") != strings.Join(tc.want, "\n--\n") {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFinalAbbreviationPeriod(t *testing.T) {
	s := "They sold maps, books, etc. Then they shut Velt Inc."
	ss := Sentences(s, nil)
	if len(ss) != 2 {
		t.Fatalf("got %d sentences, want 2", len(ss))
	}
	for _, x := range ss {
		n := len(x.Tokens)
		last, prev := x.Tokens[n-1], x.Tokens[n-2]
		if last.Text != "." || prev.Text[len(prev.Text)-1] == '.' || prev.End != last.Start {
			t.Errorf("sentence %q ends with %q %q, want the period split off", s[x.Start:x.End], prev.Text, last.Text)
		}
	}
	checkInvariants(t, s, ss)
	// Mid-sentence the abbreviation keeps its period.
	if got := toks("Velt Inc. said"); got[1] != "Inc." {
		t.Errorf("mid-sentence tokens %q", got)
	}
}

func TestSentencesBlocks(t *testing.T) {
	s := "Flood Warning Issued\n\nThe river rose. Crews worked\n\nall night"
	blocks := []news.Block{
		{Kind: news.BlockHeading, Start: 0, End: 20},
		{Kind: news.BlockParagraph, Start: 22, End: 50},
		{Kind: news.BlockParagraph, Start: 52, End: len(s)},
	}
	got := sents(s, blocks)
	want := []string{"Flood Warning Issued", "The river rose.", "Crews worked", "all night"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	// Out-of-range and overlapping blocks are clipped, not a panic.
	bad := []news.Block{{Start: -5, End: 10}, {Start: 5, End: 1000}, {Start: 30, End: 20}}
	checkInvariants(t, s, Sentences(s, bad))
}

func TestRunOnSentenceIsCut(t *testing.T) {
	s := strings.Repeat("alpha beta gamma delta, ", 100) + strings.Repeat("word ", 600)
	ss := Sentences(s, nil)
	checkInvariants(t, s, ss)
	if len(ss) < 3 {
		t.Fatalf("got %d sentences, want the run-on text cut", len(ss))
	}
	if got := ss[0].Tokens[len(ss[0].Tokens)-1].Text; got != "," {
		t.Errorf("first cut after %q, want a comma", got)
	}
	for _, x := range ss {
		if len(x.Tokens) > maxTokens {
			t.Errorf("sentence of %d tokens", len(x.Tokens))
		}
	}
}

func TestSentenceTokensIndependent(t *testing.T) {
	ss := Sentences("One two. Three four.", nil)
	if len(ss) != 2 {
		t.Fatalf("got %d sentences", len(ss))
	}
	ss[0].Tokens = append(ss[0].Tokens, news.Token{Text: "x"})
	if ss[1].Tokens[0].Text != "Three" {
		t.Errorf("appending to one sentence's tokens changed the next sentence")
	}
}

// checkInvariants verifies what every caller relies on.
func checkInvariants(t *testing.T, s string, ss []news.Sentence) {
	t.Helper()
	prev := 0
	for i, x := range ss {
		if x.Start < prev || x.End <= x.Start || x.End > len(s) {
			t.Fatalf("sentence %d bad span [%d,%d) (prev end %d, len %d)", i, x.Start, x.End, prev, len(s))
		}
		if len(x.Tokens) == 0 {
			t.Fatalf("sentence %d has no tokens", i)
		}
		tp := x.Start
		for j, tk := range x.Tokens {
			if tk.Start < tp || tk.End <= tk.Start || tk.End > x.End {
				t.Fatalf("sentence %d token %d bad span [%d,%d) in [%d,%d)", i, j, tk.Start, tk.End, x.Start, x.End)
			}
			if tk.Text != s[tk.Start:tk.End] {
				t.Fatalf("token text %q != span %q", tk.Text, s[tk.Start:tk.End])
			}
			if tk.Head != -1 {
				t.Fatalf("token head = %d, want -1", tk.Head)
			}
			if strings.TrimSpace(tk.Text) == "" {
				t.Fatalf("blank token %q", tk.Text)
			}
			tp = tk.End
		}
		if x.Tokens[0].Start != x.Start || x.Tokens[len(x.Tokens)-1].End != x.End {
			t.Fatalf("sentence %d span does not match its tokens", i)
		}
		prev = x.End
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"“We are ready,” said Mayor Ilse Brandt. “The bridge reopens Monday.”",
		"NAIROBI, Kenya — Rain. U.S. officials didn't say; 1,200 people.\n\nNext",
		"http://x.example/a) e@x.co @a #b :-) 555-203-1234 9/11 1/2 5pm",
		"\xff\xfe bad \xe2\x80 utf8 don\xe2\x80\x99t",
		"Inc.. a.m. J. R. No. 5 etc. ...?! —",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ss := Sentences(s, nil)
		checkInvariants(t, s, ss)
		// Every non-space rune of valid text is covered by a token.
		if utf8.ValidString(s) {
			n := 0
			for _, x := range ss {
				for _, tk := range x.Tokens {
					n += len(strings.Join(strings.Fields(tk.Text), ""))
				}
			}
			want := 0
			for _, r := range s {
				if !isSpace(r) {
					want += utf8.RuneLen(r)
				}
			}
			if n != want {
				t.Fatalf("tokens cover %d non-space bytes, text has %d", n, want)
			}
		}
		toks := Tokenize(s, 7)
		for i, tk := range toks {
			if tk.Start < 7 || tk.End > len(s)+7 || tk.End <= tk.Start || (i > 0 && tk.Start < toks[i-1].End) {
				t.Fatalf("Tokenize: bad token %d %+v", i, tk)
			}
		}
	})
}
