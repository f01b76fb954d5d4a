package normalize

import "strings"

// NameKey is the baseline resolver's key for a company name: the folded
// name with legal forms removed, tokens joined by one space. Names that are
// nothing but a legal form keep it, so no name maps to the empty key unless
// it is empty after folding.
func NameKey(ix *LegalFormIndex, name string) string {
	return FoldedNameKey(ix, Fold(name))
}

// FoldedNameKey is NameKey of a name already folded (Name.Folded), for
// callers that have analysed the name anyway.
func FoldedNameKey(ix *LegalFormIndex, folded string) string {
	if folded == "" {
		return ""
	}
	toks, _ := ix.Strip(folded)
	if len(toks) == 0 {
		return folded
	}
	return strings.Join(toks, " ")
}
