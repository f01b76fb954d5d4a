package screen

import (
	"slices"
	"sync"

	"github.com/sightline/sightline/resolve/normalize"
)

// Spellings are the distinct names of a run's parties: party p's name is
// Names[Of[p]], which its Rec.Name reads the same as. Records outnumber
// distinct names two to one (one spelling at several addresses or with
// several identifiers), so screening compares each name with the list and
// the labs once, in the order of Names (one pass over memory), and then
// hands each party what its name met.
type Spellings struct {
	Names []normalize.Name
	Of    []int32
}

// SpellingsOf groups parties by the name their records point at; parties
// whose records share a *normalize.Name share a spelling.
func SpellingsOf(parties []Party) Spellings {
	at := make(map[*normalize.Name]int32)
	s := Spellings{Of: make([]int32, len(parties))}
	for p := range parties {
		n := parties[p].Rec.Name
		j, ok := at[n]
		if !ok {
			j = int32(len(s.Names))
			at[n] = j
			s.Names = append(s.Names, *n)
		}
		s.Of[p] = j
	}
	return s
}

// perName calls, on all cores (a few chunks of names per core), a function
// made by newWorker for its goroutine (with its own scratch) for each name
// index j in [0, n), appending what j yields to out; it returns every
// name's yield, name j's being items[start[j]:start[j+1]], in name order
// whatever the chunks.
func perName[T any](n int, newWorker func() func(j int, out []T) []T) (start []int32, items []T) {
	chunks := scanChunks(n)
	parts := make([][]T, len(chunks))
	start = make([]int32, n+1)
	var wg sync.WaitGroup
	for c, ch := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := newWorker()
			var out []T
			for j := ch[0]; j < ch[1]; j++ {
				out = f(j, out)
				start[j+1] = int32(len(out)) // within the chunk; rebased below
			}
			parts[c] = out
		}()
	}
	wg.Wait()
	base := int32(0)
	for c, ch := range chunks {
		for j := ch[0]; j < ch[1]; j++ {
			start[j+1] += base
		}
		base += int32(len(parts[c]))
	}
	return start, slices.Concat(parts...)
}
