package text

// Word lists used by the tokenizer and the sentence splitter.

// abbrevKind classifies an abbreviation by how likely it is to end a
// sentence when it is followed by a capitalised word.
type abbrevKind uint8

const (
	notAbbrev abbrevKind = iota
	// abbrevTitle never ends a sentence: titles and words that precede
	// a name or number ("Gen.", "Dr.", "Jan.", "No.", "vs.", initials).
	abbrevTitle
	// abbrevEnd often ends a sentence ("etc.", "a.m.", "p.m.").
	abbrevEnd
	// abbrevOther ends a sentence only before a typical sentence opener
	// ("U.S.", "Inc.", "Jr.").
	abbrevOther
)

var abbrevs = map[string]abbrevKind{
	// titles and ranks
	"Mr": abbrevTitle, "Mrs": abbrevTitle, "Ms": abbrevTitle, "Messrs": abbrevTitle, "Dr": abbrevTitle,
	"Prof": abbrevTitle, "Gen": abbrevTitle, "Sen": abbrevTitle, "Sens": abbrevTitle, "Rep": abbrevTitle,
	"Reps": abbrevTitle, "Gov": abbrevTitle, "Lt": abbrevTitle, "Col": abbrevTitle, "Sgt": abbrevTitle,
	"Capt": abbrevTitle, "Cmdr": abbrevTitle, "Adm": abbrevTitle, "Maj": abbrevTitle, "Cpl": abbrevTitle,
	"Pvt": abbrevTitle, "Rev": abbrevTitle, "Hon": abbrevTitle, "Pres": abbrevTitle, "Supt": abbrevTitle,
	"Det": abbrevTitle, "Insp": abbrevTitle, "Gov't": abbrevOther, "Amb": abbrevTitle, "Atty": abbrevTitle,
	"Fr": abbrevTitle, "Sr": abbrevOther, "Jr": abbrevOther, "St": abbrevOther, "Mt": abbrevTitle,
	"Ft": abbrevTitle, "Brig": abbrevTitle, "Lieut": abbrevTitle, "Sec": abbrevTitle, "Secy": abbrevTitle,
	"Rt": abbrevTitle, "Mme": abbrevTitle, "Mlle": abbrevTitle,
	// months
	"Jan": abbrevTitle, "Feb": abbrevTitle, "Mar": abbrevTitle, "Apr": abbrevTitle, "Jun": abbrevTitle,
	"Jul": abbrevTitle, "Aug": abbrevTitle, "Sep": abbrevTitle, "Sept": abbrevTitle, "Oct": abbrevTitle,
	"Nov": abbrevTitle, "Dec": abbrevTitle,
	// weekdays
	"Mon": abbrevOther, "Tue": abbrevOther, "Tues": abbrevOther, "Wed": abbrevOther, "Thu": abbrevOther,
	"Thur": abbrevOther, "Thurs": abbrevOther, "Fri": abbrevOther,
	// references and Latin
	"No": abbrevTitle, "Nos": abbrevTitle, "vs": abbrevTitle, "v": abbrevTitle, "cf": abbrevTitle,
	"Fig": abbrevTitle, "fig": abbrevTitle, "approx": abbrevTitle, "ca": abbrevTitle, "pp": abbrevTitle,
	"p": abbrevTitle, "Vol": abbrevTitle, "vol": abbrevTitle, "Ch": abbrevTitle, "Art": abbrevTitle,
	"et": abbrevTitle, "al": abbrevOther, "etc": abbrevEnd,
	"Ave": abbrevOther, "Blvd": abbrevOther, "Rd": abbrevOther, "Dept": abbrevOther, "Univ": abbrevOther,
	"Assn": abbrevOther, "Bros": abbrevOther, "Inc": abbrevOther, "Corp": abbrevOther, "Ltd": abbrevOther,
	"Co": abbrevOther, "Cos": abbrevOther, "Plc": abbrevOther, "LLC": abbrevOther, "est": abbrevOther,
	"Ph": abbrevOther, "Mass": abbrevOther, "Calif": abbrevOther, "Fla": abbrevOther, "Ariz": abbrevOther,
	"Wash": abbrevOther, "Penn": abbrevOther, "Conn": abbrevOther, "Ill": abbrevOther, "Mich": abbrevOther,
	"Minn": abbrevOther, "Tenn": abbrevOther, "Va": abbrevOther, "Ga": abbrevOther, "Ky": abbrevOther,
	"La": abbrevOther, "Md": abbrevOther, "Mo": abbrevOther, "Nev": abbrevOther, "Okla": abbrevOther,
	"Ore": abbrevOther, "Pa": abbrevOther, "Tex": abbrevOther, "Wis": abbrevOther, "Colo": abbrevOther,
	"Ala": abbrevOther, "Ark": abbrevOther, "Del": abbrevOther, "Ind": abbrevOther, "Kan": abbrevOther,
	"Neb": abbrevOther, "Vt": abbrevOther, "Wyo": abbrevOther, "Miss": abbrevOther,
	"min": abbrevOther, "max": abbrevOther, "tel": abbrevOther, "Tel": abbrevOther, "ext": abbrevOther,
}

// isAbbrev reports whether the word s[start:end], followed by the period
// at s[end], is an abbreviation that keeps its period.
func isAbbrev(s string, start, end int) bool {
	w := s[start:end]
	if abbrevOf(w) == notAbbrev {
		return false
	}
	if w == "No" || w == "Nos" || w == "p" || w == "pp" || w == "Art" || w == "Ch" || w == "Fig" || w == "fig" || w == "Vol" || w == "vol" {
		// only before a number: "No. 10"
		k := end + 1
		for k < len(s) && (s[k] == ' ' || s[k] == '\u00a0') {
			k++
		}
		return k < len(s) && isDigit(s[k])
	}
	if w == "Mass" || w == "Wash" || w == "Ill" || w == "Miss" || w == "Penn" || w == "Ind" || w == "Del" || w == "Art" || w == "Ark" || w == "La" || w == "Ore" || w == "Mo" || w == "Va" {
		// ordinary words too: an abbreviation only after a comma
		// ("Springfield, Mass.").
		k := start - 1
		for k >= 0 && s[k] == ' ' {
			k--
		}
		return k >= 0 && s[k] == ','
	}
	return true
}

// abbrevOf classifies the word w (without its final period).
func abbrevOf(w string) abbrevKind {
	if len(w) == 0 {
		return notAbbrev
	}
	if k, ok := abbrevs[w]; ok {
		return k
	}
	// Single capital letter: an initial ("J."), but not the pronoun I.
	if len(w) == 1 && isUpper(w[0]) && w[0] != 'I' {
		return abbrevTitle
	}
	// Dotted letters: "U.S", "e.g", "a.m", "Ph.D" — every segment 1-3
	// letters.
	dots, seg := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '.':
			if seg == 0 {
				return notAbbrev
			}
			dots, seg = dots+1, 0
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			seg++
			if seg > 3 {
				return notAbbrev
			}
		default:
			return notAbbrev
		}
	}
	if dots == 0 {
		return notAbbrev
	}
	switch w {
	case "e.g", "i.e", "E.g", "I.e", "viz":
		return abbrevTitle
	case "a.m", "p.m", "A.M", "P.M":
		return abbrevEnd
	}
	// "J.R" style initials before a surname.
	if len(w) == 3 && isUpper(w[0]) && isUpper(w[2]) && w != "U.S" && w != "U.K" && w != "U.N" && w != "E.U" {
		return abbrevTitle
	}
	return abbrevOther
}

// hyphenPrefix reports prefixes that EWT keeps attached with their hyphen.
func hyphenPrefix(w string) bool {
	if len(w) > 6 {
		return false
	}
	var b [6]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	switch string(b[:len(w)]) {
	case "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex",
		"sub", "semi", "neo", "micro", "intra", "socio", "psycho", "un", "vice", "cross", "x":
		return true
	}
	return false
}

// cliticSplit returns where a clitic starts in w ("do|n't", "Israel|'s",
// "can|not"), or 0.
func cliticSplit(w string) int {
	n := len(w)
	if n < 2 {
		return 0
	}
	// n't / n’t
	if n > 3 && w[n-1]|0x20 == 't' {
		if w[n-2] == '\'' && w[n-3]|0x20 == 'n' {
			return n - 3
		}
		if n > 5 && w[n-4] == 0xE2 && w[n-3] == 0x80 && w[n-2] == 0x99 && w[n-5]|0x20 == 'n' {
			return n - 5
		}
	}
	// 's 'm 'd 're 've 'll with ' or ’
	for _, k := range [...]int{2, 3} {
		if n <= k {
			continue
		}
		suf := w[n-k+1:]
		if !isClitic(suf) {
			continue
		}
		if w[n-k] == '\'' && n-k > 0 {
			return n - k
		}
		if n-k-2 > 0 && w[n-k] == 0x99 && w[n-k-1] == 0x80 && w[n-k-2] == 0xE2 {
			return n - k - 2
		}
	}
	if n >= 4 && n <= 8 {
		var b [8]byte
		for i := 0; i < n; i++ {
			b[i] = w[i] | 0x20
		}
		switch string(b[:n]) {
		case "cannot":
			return 3
		case "gonna", "wanna", "gotta":
			return 3
		case "wont", "cant":
			return 2
		case "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "couldnt",
			"wouldnt", "shouldnt", "havent", "hasnt", "hadnt":
			return n - 2
		}
	}
	return 0
}

func isClitic(suf string) bool {
	switch suf {
	case "s", "m", "d", "re", "ve", "ll", "S", "M", "D", "RE", "VE", "LL":
		return true
	}
	return false
}

// isUnit reports unit suffixes EWT splits from a number ("5pm", "35mm").
func isUnit(u string) bool {
	switch u {
	case "am", "pm", "AM", "PM", "k", "K", "mm", "cm", "km", "kg", "mg", "lb", "lbs", "ft", "mph",
		"GB", "MB", "TB", "ml", "mi", "kph", "kmh", "bn":
		return true
	}
	return false
}
