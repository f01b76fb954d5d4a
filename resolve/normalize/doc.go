// Package normalize takes company names apart into forms that compare
// across scripts, languages and spellings.
//
// # The model
//
// Analyze turns a name into a Name: classed, canonical tokens, the legal
// forms found, the places named and the whole name in Latin script. It runs
// these steps, each over what the last one left:
//
//  1. Fold removes what never distinguishes two companies: Unicode width
//     and compatibility variants (full-width ＩＮＳＰＵＲ is INSPUR), case,
//     diacritics, punctuation and quote variants, '&' against 'and'. Han
//     script is kept and separated from Latin runs.
//  2. Legal forms (Co., Ltd.; 有限公司; GmbH; ООО …, from the rules
//     lexicon) are cut out and kept as classes in Name.LegalClasses: weak
//     evidence, never part of the comparison tokens. One-word forms of up
//     to three letters (sa, ag, kk) are also words, so they count only at
//     either end of a name.
//  3. Chinese runs carry no spaces, so they are segmented greedily, longest
//     match first, against the lexicons: legal forms, generic words
//     (电子, 信息, 研究所), places with their 省/市/自治区 suffixes, and the
//     Chinese spellings of known brands (海康威视). What lies between
//     dictionary words is one distinctive token. A Chinese numeral after 第
//     or before a unit word (所, 研究所) is a number: 第十四研究所 is 14 and
//     institute.
//  4. Every token gets a class: Distinctive (浪潮, Nettrix, zhongke),
//     Generic (technology, information, university), Place (beijing) or
//     Number (14). A place inside a name keeps its class (哈尔滨 in
//     哈尔滨工业大学); how much it weighs is for comparison to decide.
//  5. Tokens take their canonical form. Generic words in every language
//     and abbreviation fold to one token (Tech, Technologies, 科技, 技术,
//     keji -> technology) from rules/data/generic_words.tsv, phrases too
//     (research institute -> institute). Places take their canonical Latin
//     name (北京市, Peking -> beijing). A distinctive Chinese run is written
//     in pinyin (宁畅 -> ningchang), so Chinese and pinyin spellings agree
//     without help. Then the AliasTable replaces the token sequences of
//     brand spellings that share nothing (浪潮, langchao, Inspur -> inspur;
//     Harbin Institute of Technology, 哈尔滨工业大学, HIT -> hit), and a
//     token repeated in another script (浪潮(Inspur)) is dropped.
//  6. Name.Latin spells the whole name in Latin script, pinyin for Han
//     (syllables of one word joined), legal forms included.
//
// # Invariants
//
// Canonical tokens are a fixed point: analysing the joined token texts
// (Join) gives the same texts again. Every canonical is a token that
// analyses to itself, a Chinese run whose pinyin is a lexicon word keeps
// its characters (欣喜, xinxi, is not 信息), and merging repeats until
// nothing changes. FuzzAnalyze checks this.
//
// Analysis is deterministic and never fails: text nothing recognises is a
// distinctive token. An Analyzer is safe for concurrent use, also while its
// alias table grows. Brand aliases from a screening list (AddNames) apply
// at once; pairs learned from records resolved together (Learn) do not,
// since results would then depend on the order records were seen in:
// WriteTSV writes them for an analyst, and the next run loads them back
// (LoadAliasTable).
//
// # The baseline key
//
// LegalForms recognises legal forms anywhere in a folded name. NameKey is
// the baseline blocking and clustering key: the folded name with its legal
// forms removed. Two spellings with the same key are, for the baseline
// resolver, the same company. It is kept as it was; Analyze is its
// successor for comparison.
package normalize
