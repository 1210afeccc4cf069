package event

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/readout/readout/internal/clean"
	"github.com/readout/readout/internal/kb"
	"github.com/readout/readout/internal/news"
	"github.com/readout/readout/internal/quote"
	"github.com/readout/readout/internal/text"
)

// benchParas are fictional wire paragraphs (invented people and outlets;
// real countries and cities).
var benchParas = []string{
	"NAIROBI, Oct 21 (Harbour Wire) - Kenyan Foreign Minister Odhiambo Wekesa visited Addis Ababa on Tuesday, where he met Ethiopian officials for talks on the shared border and on the return of refugees displaced by drought.",
	"The Egyptian foreign minister Samir Fahmy is expected to travel to Nairobi next week, officials said, in what would be the first visit by an Egyptian minister in three years.",
	"An Israeli air strike in Beirut killed two people on Tuesday, and Lebanon condemned the attack as a violation of its sovereignty. The strike, shortly before midnight, hit a building in the southern suburbs.",
	"Austria delivered humanitarian aid to Lebanon on Wednesday, while Jordan did not send aid to Gaza, a spokesman for the Jordanian government told reporters in Amman.",
	"Peace talks between rival factions are often difficult, and analysts say sanctions rarely change behaviour. \"We will not accept any deal that ignores our people,\" said Halima Osei, a spokeswoman for the opposition alliance.",
	"Norwegian Prime Minister Halvard Rusten and Danish Prime Minister Mette Sand held a phone call on Monday. The call, their second this month, focused on Arctic shipping and fisheries.",
	"Japan pledged $50 million to rebuild schools in the region, and Brazil urged Venezuela to hold fair elections before the end of the year.",
	"Thousands of farmers protested in Paris on Saturday against cuts to subsidies, blocking motorways with tractors. Police detained 14 people, the interior ministry said.",
	"Hungary vetoed a new package of European Union sanctions on Monday, and Poland expelled two Russian diplomats after accusing them of spying on military bases.",
	"Chilean President Marisol Ibarra will visit Argentina in November, her office said on Thursday. If the talks go well, the two countries could sign a trade agreement early next year.",
	"Ukrainian forces shelled the city of Donetsk overnight, local officials claimed, while Russia said its air defences had shot down 12 drones over the Belgorod region.",
	"Relations between the two neighbours have been tense for decades, and many residents of the border towns remember the war of 1998, when thousands fled their homes.",
	"Saudi Arabia plans to send humanitarian aid to Sudan, where the United Nations has warned of famine, and Qatar has offered to host new talks between the warring parties.",
	"The African Union called for an immediate ceasefire and asked both sides to allow aid convoys into Darfur, where fighting has cut roads for weeks.",
	"In a statement on Sunday, the Greek foreign ministry said Athens had summoned the Turkish ambassador over repeated violations of its airspace by fighter jets near the islands of Lesbos and Chios.",
	"The Dutch defence minister Pieter Raak spoke by telephone with his Belgian counterpart on Thursday about joint air patrols, according to a readout published by the ministry in The Hague.",
	"Gunmen kidnapped 20 pupils from a boarding school in Kaduna state early on Friday, police said, the third such abduction in the region since January. Parents gathered outside the school gates demanding news.",
	"Colombian police arrested a rebel commander known as Tigre in Cali on Wednesday. He was detained after a tip-off from residents, and will appear before a judge in Bogota next week.",
	"Finnish Prime Minister Aino Lehtola is due to host the leaders of the Nordic and Baltic states in Helsinki in December, her spokesman said, adding that energy security would top the agenda.",
	"Inflation in the eurozone fell to 2.1 per cent in September, official figures showed, and economists at the Meridian Institute expect the central bank to keep interest rates unchanged at its next meeting.",
	"Tunisia deported 40 migrants to Libya last week, rights groups said, accusing the authorities of abandoning them in the desert without food or water.",
	"Sweden granted asylum to the Belarusian activist Olga Marchuk, who had been jailed twice for organising protests in Minsk, her lawyer told The Northern Ledger.",
	"The Indonesian parliament rejected the government's request to delay local elections, and students staged a sit-in outside the building in Jakarta until late in the evening.",
	"Officials from Egypt and Jordan held talks in Cairo on Sunday on water sharing, and agreed to meet again in Amman after the new year to review progress on the joint desalination project.",
}

// benchText is about 750 words of plain-text news.
func benchText() string {
	return strings.Join(benchParas, "\n\n") + "\n"
}

// benchArticle is the annotated-text input of BenchmarkCode and the
// concurrency test.
func benchArticle() string { return benchText() }

// BenchmarkCode measures Code alone on an annotated ~700-word article.
func BenchmarkCode(b *testing.B) {
	a := &news.Article{Text: benchArticle(), Published: time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC)}
	prepare(b)(a)
	k := kb.Default()
	b.ReportMetric(float64(len(strings.Fields(a.Text))), "words/article")
	b.ResetTimer()
	for b.Loop() {
		Code(a, k)
	}
}

// BenchmarkAnalysis measures the whole analysis of a ~700-word plain-text
// article on one goroutine: clean → sentences → syntax → entities →
// quotes → events, and reports articles/s and the share of the event
// coder.
func BenchmarkAnalysis(b *testing.B) {
	raw := []byte(benchText())
	prepare(b) // load the models outside the timer
	k := kb.Default()
	var codeTime time.Duration
	words := 0
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		a, err := clean.Text(raw, clean.Options{})
		if err != nil {
			b.Fatal(err)
		}
		a.Published = time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC)
		a.Sentences = text.Sentences(a.Text, a.Blocks)
		pipeSyn.AnnotateArticle(a)
		a.Entities = pipeRes.Article(a)
		a.Quotes = quote.Extract(a, k)
		t0 := time.Now()
		a.Events = Code(a, k)
		codeTime += time.Since(t0)
		words = len(strings.Fields(a.Text))
	}
	b.StopTimer()
	// on a shared machine wall time overstates the cost: report per
	// CPU-second of this process as well (one goroutine: one core)
	cpu := cpuTime() - cpu0
	el := b.Elapsed()
	if el > 0 {
		b.ReportMetric(float64(b.N)/el.Seconds(), "articles/s")
		b.ReportMetric(100*codeTime.Seconds()/el.Seconds(), "%events")
	}
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "articles/cpu-s")
	}
	b.ReportMetric(float64(words), "words/article")
}

// cpuTime is the user+system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
