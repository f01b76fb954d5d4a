package main

import (
	"fmt"
	"io"
	"log/slog"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
)

// progressUI shows how a run is going. On a terminal it redraws one line
// on stderr (a bar where the stage's total is known, a counter and the
// elapsed time otherwise) and leaves one log line per finished stage; off
// a terminal (a scheduler, a pipe) it logs one line when a stage starts
// and one when it ends, with its counts and duration. It only reads what
// the run reports, so it cannot change outputs.
type progressUI struct {
	log *slog.Logger
	w   io.Writer // the terminal, when tty
	tty bool

	mu          sync.Mutex
	stage, unit string
	done, total int64
	started     time.Time
	drawn       bool // a progress line is on screen
	lastDraw    time.Time
	frame       int
	stop        chan struct{}
	stopped     chan struct{}
}

// redrawEvery is how often the terminal line is refreshed.
const redrawEvery = 200 * time.Millisecond

func newProgressUI(log *slog.Logger, w io.Writer, tty bool) *progressUI {
	p := &progressUI{log: log, w: w, tty: tty}
	if tty {
		p.stop, p.stopped = make(chan struct{}), make(chan struct{})
		go p.ticker()
	}
	return p
}

// Close stops redrawing and clears the progress line. Safe on nil.
func (p *progressUI) Close() {
	if p == nil || !p.tty {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

func (p *progressUI) ticker() {
	defer close(p.stopped)
	t := time.NewTicker(redrawEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.stage != "" {
				p.draw()
			}
			p.mu.Unlock()
		}
	}
}

// StageStart begins a stage.
func (p *progressUI) StageStart(stage string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage, p.unit, p.done, p.total, p.started = stage, "", 0, 0, time.Now()
	if p.tty {
		p.draw()
		return
	}
	p.log.Info("stage start", "stage", stage)
}

// Advance records how far the stage has got; the ticker draws it.
func (p *progressUI) Advance(stage, unit string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if stage != p.stage {
		return
	}
	first := p.unit == ""
	p.unit, p.done, p.total = unit, done, total
	// Draw the stage's first count at once, and later ones when the ticker
	// is late (a loaded machine), so the line never lags the work by more
	// than one redraw interval.
	if p.tty && (first || time.Since(p.lastDraw) >= redrawEvery) {
		p.draw()
	}
}

// StageEnd logs the finished stage with its counts and duration.
func (p *progressUI) StageEnd(stage string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	attrs := []any{"stage", stage, "seconds", float64(d.Milliseconds()) / 1000}
	if p.stage == stage && p.unit != "" {
		attrs = append(attrs, strings.ReplaceAll(p.unit, " ", "_"), p.done)
	}
	p.log.Info("stage done", append(attrs, memoryAttrs()...)...)
	p.stage = ""
}

// memSamples are the Go runtime's memory figures a stage's end line
// gives, so that a run's log says where its memory went without a
// profile: the heap's objects (live, and dead ones not yet swept), the
// room left in their spans (fragmentation), free pages not yet returned
// to the system, and all the memory the runtime holds (what the Go
// memory limit, and so --memory, bounds).
var memSamples = [...]struct{ key, name string }{
	{"heap_objects_mib", "/memory/classes/heap/objects:bytes"},
	{"heap_unused_mib", "/memory/classes/heap/unused:bytes"},
	{"heap_free_mib", "/memory/classes/heap/free:bytes"},
	{"go_held_mib", "/memory/classes/total:bytes"},
	{"", "/memory/classes/heap/released:bytes"}, // subtracted from go_held_mib
}

// memoryAttrs reads memSamples, in MiB; go_held_mib is net of the pages
// returned to the system.
func memoryAttrs() []any {
	samples := make([]metrics.Sample, len(memSamples))
	for i, m := range memSamples {
		samples[i].Name = m.name
	}
	metrics.Read(samples)
	mib := func(i int) int64 {
		if samples[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(samples[i].Value.Uint64() >> 20)
	}
	return []any{memSamples[0].key, mib(0), memSamples[1].key, mib(1), memSamples[2].key, mib(2), memSamples[3].key, mib(3) - mib(4)}
}

// draw rewrites the progress line; mu is held.
func (p *progressUI) draw() {
	if !p.tty {
		return
	}
	elapsed := time.Since(p.started).Truncate(100 * time.Millisecond)
	var line string
	switch {
	case p.total > 0:
		const width = 24
		frac := float64(p.done) / float64(p.total)
		fill := int(frac * width)
		line = fmt.Sprintf("%-9s [%s%s] %3.0f%%  %s/%s %s  %s", p.stage,
			strings.Repeat("=", fill), strings.Repeat(" ", width-fill), 100*frac,
			count(p.done), count(p.total), p.unit, elapsed)
	case p.unit != "":
		line = fmt.Sprintf("%-9s %c %s %s  %s", p.stage, spinner(p.frame), count(p.done), p.unit, elapsed)
	default:
		line = fmt.Sprintf("%-9s %c  %s", p.stage, spinner(p.frame), elapsed)
	}
	p.frame++
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.drawn = true
	p.lastDraw = time.Now()
}

// clear erases the progress line so a log line can take its place.
func (p *progressUI) clear() {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

func spinner(i int) rune { return rune(`|/-\`[i%4]) }

// count formats n with thousands separators: 1234567 -> 1,234,567.
func count(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
