package normalize

import "strings"

// TokenClass says what part a token plays in a company name.
type TokenClass uint8

// Token classes. Legal forms are not tokens: they go to Name.LegalClasses.
const (
	// Distinctive tokens tell one company from another: brand words,
	// unmatched Chinese runs (浪潮, 宁畅), surnames, coined words.
	Distinctive TokenClass = iota
	// Generic tokens say what kind of company it is: technology,
	// information, industry, university, in any language or abbreviation.
	Generic
	// Place tokens are countries, provinces and cities, bracketed or not.
	Place
	// Number tokens are unit numbers: No. 14, 14th, 第十四.
	Number
)

// String returns the class name in lower case.
func (c TokenClass) String() string {
	switch c {
	case Distinctive:
		return "distinctive"
	case Generic:
		return "generic"
	case Place:
		return "place"
	case Number:
		return "number"
	}
	return "unknown"
}

// Script is the writing system a token was written in.
type Script uint8

// Scripts of tokens.
const (
	ScriptLatin Script = iota // Latin letters and digits, pinyin included
	ScriptHan                 // Chinese characters (and Japanese kanji)
	ScriptOther               // Cyrillic, Hangul, Kana and the rest
	ScriptMixed               // a token merged from pieces in several scripts
)

// String returns the script name in lower case.
func (s Script) String() string {
	switch s {
	case ScriptLatin:
		return "latin"
	case ScriptHan:
		return "han"
	case ScriptOther:
		return "other"
	case ScriptMixed:
		return "mixed"
	}
	return "unknown"
}

// Token is one comparison unit of a name.
type Token struct {
	// Text is the canonical form: the generic word's canonical ("technology"
	// for Tech, 科技, keji), the place's canonical Latin name ("beijing" for
	// 北京市), the brand alias ("inspur" for 浪潮 and langchao), a number's
	// digits ("14" for 第十四), or else the folded word; an unmatched Chinese
	// run is written in pinyin ("ningchang" for 宁畅), so Chinese and pinyin
	// spellings agree without an alias.
	Text string
	// Orig is the folded text the token was made from: "technologies",
	// "科技", "第十四", "harbin institute technology".
	Orig   string
	Class  TokenClass
	Script Script
	// Aliased is set when a brand alias (built-in, the user's or learned)
	// rewrote the token: its Text is then a known translation, not a
	// spelling of Orig, so a mismatch with another script's brand is a real
	// conflict.
	Aliased bool
	// Pinyin is set on a Latin token whose Text reads as pinyin (IsPinyin):
	// comparisons ask it of every conflicting pair, so it is worked out
	// once per analysed name.
	Pinyin bool
}

// Name is a company name taken apart for comparison.
type Name struct {
	Original string // as given
	Folded   string // Fold(Original)
	// Latin is the whole name in Latin script: Han runs in pinyin, the
	// syllables of one word joined (浪潮 -> langchao), Chinese legal forms in
	// their pinyin spelling (youxian gongsi), places by their canonical Latin
	// name and numbers in digits; Latin parts as folded. Other scripts stay
	// as they are.
	Latin        string
	Tokens       []Token
	LegalClasses []string // classes of the legal forms found, in order, each once
	Places       []string // canonical names of the place tokens, in order, each once
}

// Texts returns the canonical texts of the name's tokens.
func (n Name) Texts() []string {
	out := make([]string, len(n.Tokens))
	for i, t := range n.Tokens {
		out[i] = t.Text
	}
	return out
}

// Join writes tokens' canonical texts separated by spaces. Analysing the
// result gives the same token texts again.
func Join(tokens []Token) string {
	var b strings.Builder
	for i, t := range tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}
