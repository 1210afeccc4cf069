package story

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStream streams synthetic articles through near-duplicate
// detection and clustering (the text-only path, no NLP).
func BenchmarkStream(b *testing.B) {
	g := NewSynth(1)
	items := make([]SynthItem, min(b.N, 20000))
	for i := range items {
		items[i] = g.Next()
	}
	e := New(Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i > 0 && i%len(items) == 0 {
			b.StopTimer()
			for j := range items {
				items[j] = g.Next()
			}
			b.StartTimer()
		}
		e.Add(items[i%len(items)].Article)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// TestStreamMillion streams READOUT_BENCH_STORIES_N synthetic articles
// (e.g. 1000000) and reports throughput, peak heap and bytes per article
// retained, and the clustering quality on the synthetic labels.
func TestStreamMillion(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("READOUT_BENCH_STORIES_N"))
	if n <= 0 {
		t.Skip("set READOUT_BENCH_STORIES_N=1000000 to run")
	}
	g := NewSynth(7)
	e := New(Options{})
	gold, goldCopy := map[string]string{}, map[string]string{}
	var spent time.Duration
	cpu0 := cpuTime()
	var peak uint64
	var ms runtime.MemStats
	for i := 1; i <= n; i++ {
		it := g.Next()
		gold[it.Article.ID] = strconv.Itoa(it.Story)
		goldCopy[it.Article.ID] = it.CopyOf
		t0 := time.Now()
		e.Add(it.Article)
		spent += time.Since(t0)
		if i%50000 == 0 || i == n {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			t.Logf("%d articles: %.0f articles/s, heap in use %d MB", i, float64(i)/spent.Seconds(), ms.HeapInuse>>20)
		}
	}
	cpu := cpuTime() - cpu0
	// labels are not part of the engine's memory: measure without them
	pred, predCopy := map[string]string{}, map[string]string{}
	for _, m := range e.arts {
		pred[m.sa.ArticleID] = m.story.id
		if m.sa.NearDuplicateOf != "" {
			predCopy[m.sa.ArticleID] = m.sa.NearDuplicateOf
		}
	}
	s := Score(gold, pred, goldCopy, predCopy)
	gold, goldCopy, pred, predCopy = nil, nil, nil, nil
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("N=%d  %.0f articles/s  peak heap in use %d MB  live heap after GC %d MB (%d bytes/article)  open stories %d  dup docs in window %d",
		n, float64(n)/spent.Seconds(), peak>>20, ms.HeapAlloc>>20, ms.HeapAlloc/uint64(n), len(e.clus.open), len(e.dups.live))
	t.Logf("process CPU time %.1f s: %.0f articles per CPU-second (generation and labels included)", cpu.Seconds(), float64(n)/cpu.Seconds())
	t.Logf("synthetic quality: BCubed P %.3f R %.3f F1 %.3f; pairwise F1 %.3f; near-dup P %.3f R %.3f (%d gold copies)",
		s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.PairF1, s.DupPrecision, s.DupRecall, s.DupGold)
	runtime.KeepAlive(e)
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
