package normalize

import (
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Analyze takes a name apart: fold, cut legal forms out, segment Chinese
// runs, class every token, fold generic words, places and brand aliases to
// their canonical tokens, and spell the whole name in Latin script. It
// never fails: text it cannot class is distinctive.
func (a *Analyzer) Analyze(name string) Name {
	return a.analyze(name, true)
}

// analyze is Analyze with the brand-alias step optional: alias keys are
// token sequences of names analysed without it.
func (a *Analyzer) analyze(name string, withAliases bool) Name {
	n := Name{Original: name, Folded: Fold(name)}
	if n.Folded == name {
		// Most names are written folded already (Chinese ones nearly
		// always): the name's own bytes serve, and the copy Fold made is
		// not kept for as long as the name is.
		n.Folded = name
	}
	return a.analyzeName(n, withAliases)
}

// AnalyzeFolded is Analyze for a name already folded (Fold(folded) ==
// folded), with Original the folded text: a caller that folds its names
// anyway (to analyse each folded spelling once) spares the second
// folding, an NFKC, NFD and NFC pass per name.
func (a *Analyzer) AnalyzeFolded(folded string) Name {
	return a.analyzeName(Name{Original: folded, Folded: folded}, true)
}

// analyzeName fills n's analysis from n.Folded.
func (a *Analyzer) analyzeName(n Name, withAliases bool) Name {
	if n.Folded == "" {
		return n
	}
	sc, _ := a.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer a.scratch.Put(sc)
	ps := a.split(sc, a.repairHan(n.Folded))
	defer func() { sc.ps = clearPieces(ps) }()
	a.dropWords(ps)
	a.markLegalForms(ps, sc)
	a.resolveNumPrefixes(ps)
	a.classWords(ps)
	n.Latin = latinOf(ps)

	// A run keeps a million analysed names live until screening: the
	// tokens get a slice of their own length, not one sized for every
	// piece (legal forms and dropped words are not tokens).
	kept := 0
	for _, p := range ps {
		if p.kind != pieceLegal && p.kind != pieceDrop {
			kept++
		}
	}
	toks := make([]Token, 0, kept)
	for _, p := range ps {
		switch p.kind {
		case pieceLegal:
			if !contains(n.LegalClasses, p.text) {
				n.LegalClasses = append(n.LegalClasses, p.text)
			}
		case pieceDrop:
		default:
			toks = append(toks, Token{Text: p.text, Orig: p.orig, Class: p.class, Script: p.script})
		}
	}
	// Merging can make new matches (an alias's canonical starting another
	// alias, two spellings of one brand side by side), so repeat to a fixed
	// point; that is what makes analysing the joined tokens a no-op. Every
	// round that changes anything shortens the list or rewrites a token to
	// a canonical that maps to itself, so the bound is never reached.
	for round := 0; round <= len(toks)+1; round++ {
		changed := false
		toks, changed = a.mergePhrases(toks)
		if withAliases {
			var c bool
			toks, c = a.aliases.apply(toks)
			changed = changed || c
		}
		var c bool
		toks, c = dedupeScripts(toks)
		if !(changed || c) {
			break
		}
	}
	n.Tokens = dedupeDistinctive(toks)
	if cap(n.Tokens) > len(n.Tokens) {
		// Merges shortened the tokens: copied, for the reason above.
		n.Tokens = slices.Clip(slices.Clone(n.Tokens))
	}
	for i, t := range n.Tokens {
		if t.Class == Place && !contains(n.Places, t.Text) {
			n.Places = append(n.Places, t.Text)
		}
		n.Tokens[i].Pinyin = t.Script == ScriptLatin && IsPinyin(t.Text)
	}
	return n
}

// Company names are short; these bounds keep the work on a garbage value
// (a whole document pasted into a name column) small. What lies beyond them
// is not analysed, though it stays in Name.Folded. Names within them (a
// few hundred words) analyse the same when their tokens are joined again.
const (
	maxFieldRunes = 512  // characters of one Chinese run
	maxPieces     = 1024 // words and segments in all
)

// split cuts a folded name into words and CJK segments, and reads digits
// and ordinals as numbers.
func (a *Analyzer) split(sc *scratch, folded string) []piece {
	ps := sc.ps[:0]
	for f := range strings.FieldsSeq(folded) {
		if len(ps) >= maxPieces {
			break
		}
		if isCJK(f) {
			if rs := []rune(f); len(rs) > maxFieldRunes {
				f = string(rs[:maxFieldRunes])
			}
			after := len(ps) > 0 && ps[len(ps)-1].kind == pieceNumber
			ps = a.segmentInto(ps, sc, f, after)
			continue
		}
		if num, ok := latinNumber(f); ok {
			ps = append(ps, piece{orig: f, text: num, latin: f, kind: pieceNumber, class: Number, script: ScriptLatin})
			continue
		}
		p := piece{orig: f, text: f, latin: f, kind: pieceWord, class: Distinctive, script: scriptOfWord(f)}
		if f == "no" {
			p.kind = pieceNumPrefix
		}
		ps = append(ps, p)
	}
	if len(ps) > maxPieces {
		ps = ps[:maxPieces]
	}
	return ps
}

// latinNumber reads digits (0014 -> 14), ordinals (14th, 2nd) and a number
// glued to its prefix (no14).
func latinNumber(w string) (string, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) && allDigits(w[:len(w)-len(suf)]) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if len(w) > 2 && strings.HasPrefix(w, "no") && allDigits(w[2:]) {
		w = w[2:]
	}
	if !allDigits(w) {
		return "", false
	}
	w = strings.TrimLeft(w, "0")
	if w == "" {
		w = "0"
	}
	return w, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// scriptOfWord tells a Latin word (letters and digits) from one in another
// script.
func scriptOfWord(w string) Script {
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return ScriptOther
		}
	}
	return ScriptLatin
}

// dropWords marks the dropped words (of, the, and).
func (a *Analyzer) dropWords(ps []piece) {
	for i := range ps {
		if ps[i].kind == pieceWord && a.drop[ps[i].orig] {
			ps[i].kind = pieceDrop
		}
	}
}

// markLegalForms marks Latin legal forms, the longest word sequence first.
// One-word forms of up to three letters (sa, ag, kk, ооо) are also words
// and pinyin syllables, so they count only where nothing but legal forms
// follows them, or where nothing but legal forms precedes them and the
// next word is not another such form (Sa Sa Trading keeps both). Unlike
// LegalFormIndex.Strip this takes a form at the start after other forms
// too, so that a name and its tokens joined again lose the same forms.
//
// Cutting a form out can bring two words together that make another
// (S [S A] A), so marking repeats, over what is left, until it finds
// nothing more: that is what the joined tokens would give.
func (a *Analyzer) markLegalForms(ps []piece, sc *scratch) {
	for a.markLegalOnce(ps, sc) {
	}
}

// markLegalOnce marks the legal forms among the pieces not yet marked or
// dropped and reports whether it found any. Its lists are sc's buffers.
func (a *Analyzer) markLegalOnce(ps []piece, sc *scratch) bool {
	live := sc.live[:0]
	for i, p := range ps {
		if p.kind != pieceDrop && p.kind != pieceLegal {
			live = append(live, i)
		}
	}
	words := slices.Grow(sc.words[:0], a.legalMaxWords)
	// formsFrom[k]: the live pieces from k on are nothing but legal forms,
	// matched longest first.
	formsFrom := slices.Grow(sc.forms[:0], len(live)+1)[:len(live)+1]
	clear(formsFrom)
	formsFrom[len(live)] = true
	defer func() { sc.live, sc.words, sc.forms = live, clearStrings(words), formsFrom }()
	for k := len(live) - 1; k >= 0; k-- {
		if !wordish(ps[live[k]]) {
			continue
		}
		words = a.wordRun(ps, live[k:], words[:0])
		if n := a.matchLegal(words); n > 0 {
			formsFrom[k] = formsFrom[k+n]
		}
	}
	marked := false
	onlyFormsBefore := true
	for k := 0; k < len(live); k++ {
		p := &ps[live[k]]
		if !wordish(*p) {
			onlyFormsBefore = false
			continue
		}
		words = a.wordRun(ps, live[k:], words[:0])
		n := a.matchLegal(words)
		if n == 1 && a.shortForm(words[0]) && !formsFrom[k+1] &&
			!(onlyFormsBefore && !(len(words) > 1 && a.shortForm(words[1]))) {
			n = 0
		}
		if n == 0 {
			onlyFormsBefore = false
			continue
		}
		marked = true
		form := strings.Join(words[:n], " ")
		first := live[k]
		p.kind, p.text = pieceLegal, a.legal.class[form]
		// The form's other words become part of its first piece.
		for _, idx := range live[k+1 : k+n] {
			ps[first].orig += " " + ps[idx].orig
			ps[idx].kind, ps[idx].latin = pieceDrop, ps[idx].orig
		}
		k += n - 1
	}
	return marked
}

// wordish reports whether a piece is a word a Latin legal form can match.
func wordish(p piece) bool { return p.kind == pieceWord || p.kind == pieceNumPrefix }

// wordRun collects the words of consecutive live word pieces, as many as
// the longest legal form has.
func (a *Analyzer) wordRun(ps []piece, live []int, buf []string) []string {
	for _, idx := range live {
		if !wordish(ps[idx]) || len(buf) == a.legalMaxWords {
			break
		}
		buf = append(buf, ps[idx].orig)
	}
	return buf
}

// matchLegal returns the number of words of the longest Latin legal form
// that toks starts with, or 0.
func (a *Analyzer) matchLegal(toks []string) int {
	if len(toks) == 0 {
		return 0
	}
	for _, form := range a.legalByFirst[toks[0]] {
		if len(form) <= len(toks) && slices.Equal(form, toks[:len(form)]) {
			return len(form)
		}
	}
	return 0
}

// shortForm reports whether w is a one-word legal form short enough to be
// an ordinary word too.
func (a *Analyzer) shortForm(w string) bool {
	return len([]rune(w)) <= 3 && a.matchLegal([]string{w}) == 1
}

// resolveNumPrefixes drops "no" and 第 before a number ("No. 14", 第 14)
// and makes them ordinary words elsewhere.
func (a *Analyzer) resolveNumPrefixes(ps []piece) {
	// Right to left, so that a prefix dropped before a number is skipped
	// like the other dropped pieces (No No 14 is 14).
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].kind != pieceNumPrefix {
			continue
		}
		next := i + 1
		for next < len(ps) && (ps[next].kind == pieceLegal || ps[next].kind == pieceDrop) {
			next++
		}
		switch {
		case next < len(ps) && ps[next].kind == pieceNumber:
			ps[i].kind = pieceDrop
		case ps[i].script == ScriptHan:
			ps[i] = a.unknownPiece(ps[i].orig)
		default:
			ps[i].kind = pieceWord
		}
	}
}

// classWords looks the remaining words up as generic words and places.
func (a *Analyzer) classWords(ps []piece) {
	for i := range ps {
		p := &ps[i]
		if p.kind != pieceWord {
			continue
		}
		e, ok := a.words[p.orig]
		if !ok {
			continue
		}
		p.kind, p.text = pieceLexicon, e.canon
		if e.kind == kindPlace {
			p.class = Place
		} else {
			p.class = Generic
		}
	}
}

// latinOf spells the whole name in Latin script, legal forms and dropped
// words included.
func latinOf(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		if p.latin == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.latin)
	}
	return b.String()
}

// mergePhrases replaces word sequences of the phrase table (research
// institute, hong kong, science technology) by their canonical token,
// leftmost-longest.
func (a *Analyzer) mergePhrases(toks []Token) ([]Token, bool) {
	if a.phraseMax < 2 || len(toks) < 2 {
		return toks, false
	}
	return replaceRuns(toks, a.phraseMax, 2, func(key []byte, _ []Token) (Token, bool) {
		e, ok := a.phrases[string(key)]
		if !ok {
			return Token{}, false
		}
		cls := Generic
		if e.kind == kindPlace {
			cls = Place
		}
		return Token{Text: e.canon, Class: cls}, true
	})
}

// replaceRuns scans toks for the leftmost-longest runs of minLen to maxLen
// tokens that lookup returns a token for (key is the run's texts joined by
// keySep, in a buffer reused from run to run: a map lookup by
// string(key) does not copy it); the token takes the run's place with the
// run's original text and script. A one-token run already equal to its
// replacement is no change.
func replaceRuns(toks []Token, maxLen, minLen int, lookup func(key []byte, run []Token) (Token, bool)) ([]Token, bool) {
	var out []Token
	changed := false
	kp := keyBufs.Get().(*[]byte)
	key := (*kp)[:0]
	defer func() { *kp = key[:0]; keyBufs.Put(kp) }()
	for i := 0; i < len(toks); {
		matched := false
		for n := min(maxLen, len(toks)-i); n >= minLen; n-- {
			key = key[:0]
			for j, t := range toks[i : i+n] {
				if j > 0 {
					key = append(key, keySep...)
				}
				key = append(key, t.Text...)
			}
			t, ok := lookup(key, toks[i:i+n])
			if !ok {
				continue
			}
			if n == 1 && t.Text == toks[i].Text && t.Class == toks[i].Class {
				// Already canonical; a brand's own canonical spelling
				// (Inspur) is still a known translation.
				toks[i].Aliased = toks[i].Aliased || t.Aliased
				break
			}
			if out == nil {
				out = append(make([]Token, 0, len(toks)), toks[:i]...)
			}
			t.Orig, t.Script = mergeOrig(toks[i : i+n])
			out = append(out, t)
			i += n
			matched, changed = true, true
			break
		}
		if !matched {
			if out != nil {
				out = append(out, toks[i])
			}
			i++
		}
	}
	if !changed {
		return toks, false
	}
	return out, true
}

// mergeOrig joins the original texts of merged tokens (Han pieces without
// a space between them) and says which script the result is in.
func mergeOrig(run []Token) (string, Script) {
	if len(run) == 1 {
		return run[0].Orig, run[0].Script
	}
	var b strings.Builder
	s := run[0].Script
	for i, t := range run {
		if i > 0 && !(t.Script == ScriptHan && run[i-1].Script == ScriptHan) {
			b.WriteByte(' ')
		}
		b.WriteString(t.Orig)
		if t.Script != s {
			s = ScriptMixed
		}
	}
	return b.String(), s
}

// dedupeScripts drops a token that repeats its neighbour's text in another
// script: the bracketed translation of 浪潮(Inspur).
func dedupeScripts(toks []Token) ([]Token, bool) {
	for i := 1; i < len(toks); i++ {
		if toks[i].Text == toks[i-1].Text && toks[i].Script != toks[i-1].Script {
			out := append(make([]Token, 0, len(toks)), toks[:i]...)
			for _, t := range toks[i+1:] {
				last := out[len(out)-1]
				if t.Text == last.Text && t.Script != last.Script {
					continue
				}
				out = append(out, t)
			}
			return out, true
		}
	}
	return toks, false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// repairHan puts back characters that OCR or hurried typing replaced with a
// look-alike (研宄所 -> 研究所, 有限贵任公司 -> 有限责任公司). Every look-alike
// is also a real character, so it is repaired only where the repair
// completes a lexicon word that was not there before.
func (a *Analyzer) repairHan(s string) string {
	if len(a.confusions) == 0 {
		return s
	}
	var rs []rune
	for _, r := range s {
		if _, ok := a.confusions[r]; ok {
			rs = []rune(s)
			break
		}
	}
	if rs == nil {
		return s
	}
	changed := false
	for i, r := range rs {
		orig, ok := a.confusions[r]
		if !ok {
			continue
		}
		if a.completesWord(rs, i, orig) && !a.completesWord(rs, i, r) {
			rs[i] = orig
			changed = true
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}

// completesWord reports whether, with c at position i, some run of two or
// more characters around i is a lexicon word.
func (a *Analyzer) completesWord(rs []rune, i int, c rune) bool {
	saved := rs[i]
	rs[i] = c
	defer func() { rs[i] = saved }()
	for lo := max(0, i-a.hanMax+1); lo <= i; lo++ {
		for hi := max(lo+2, i+1); hi <= min(len(rs), lo+a.hanMax); hi++ {
			if _, ok := a.han[string(rs[lo:hi])]; ok {
				return true
			}
		}
	}
	return false
}

// dedupeDistinctive drops a distinctive token that restates an earlier
// one in another spelling: the brand or acronym a list repeats in brackets
// ("China Electronics Technology Group Corp. (CETC) 54th", "Dawning
// Information Industry Co., Ltd. (Sugon)") says nothing the name did not.
// A word written twice the same way ("Sa Sa Trading") stays.
func dedupeDistinctive(toks []Token) []Token {
	first := map[string]string{} // text -> orig of its first occurrence
	repeat := false
	for _, t := range toks {
		if t.Class != Distinctive {
			continue
		}
		if o, ok := first[t.Text]; ok {
			repeat = repeat || o != t.Orig
		} else {
			first[t.Text] = t.Orig
		}
	}
	if !repeat {
		return toks
	}
	out := make([]Token, 0, len(toks))
	for _, t := range toks {
		if o := first[t.Text]; t.Class == Distinctive && o != t.Orig {
			continue
		}
		out = append(out, t)
	}
	return out
}

// keyBufs are replaceRuns' key buffers: it runs several times per name.
var keyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 128); return &b }}

// scratch is one analysis's working memory, reused between the names an
// Analyzer analyses (Analyzer.scratch): a run analyses millions of names,
// and these per-name slices were a tenth of all a run allocated.
type scratch struct {
	ps    []piece
	runes []rune
	offs  []int
	live  []int
	words []string
	forms []bool
}

// clearPieces empties ps for reuse, letting go of the texts it held.
func clearPieces(ps []piece) []piece {
	clear(ps)
	return ps[:0]
}

// clearStrings empties ss for reuse, letting go of the texts it held.
func clearStrings(ss []string) []string {
	clear(ss[:cap(ss)])
	return ss[:0]
}
