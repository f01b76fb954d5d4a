// Package normalize folds company names into comparable forms.
//
// Fold removes what never distinguishes two companies: Unicode width and
// compatibility variants (full-width ＩＮＳＰＵＲ is INSPUR), case,
// diacritics, punctuation and quote variants, '&' against 'and'. Han script
// is kept as it is and separated from Latin runs, since Chinese names carry no
// spaces.
//
// LegalForms recognises legal forms (Co., Ltd.; 有限公司; GmbH; ООО …) from
// the rules lexicon anywhere in a folded name, so they can be kept as a
// feature and removed from the name's comparison tokens.
//
// NameKey is the baseline blocking and clustering key: the folded name with
// its legal forms removed. Two spellings with the same key are, for the
// baseline resolver, the same company.
package normalize
