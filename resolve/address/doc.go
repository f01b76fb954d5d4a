// Package address splits company addresses into comparable parts.
//
// # The model
//
// Addresses arrive in Chinese order, large to small and without spaces
// (山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室), in English order, small
// to large with commas ("Room 301, 3/F, Block A, Inspur Building, 1036
// Langchao Rd., Jinan"), in pinyin in Chinese order ("Shandong Sheng Jinan
// Shi Langchao Lu 1036 Hao"), and mixed. All of them are made of the same
// few things: a name followed by the word saying what it names (浪潮 + 路,
// Haidian + District, Jinan + Shi), or a marker and a value in either order
// (1036号, No. 1036, Room 301, 301室, 3/F, Floor 3). The parser therefore
// does not guess the order: it reads tokens left to right, collects name
// material, and lets each address word claim the material before it or the
// value after it. Places of the lexicon (济南, Jinan, Haerbin) need no word;
// separators end a segment and whatever is still unclaimed is resolved
// there: places fill their fields, six digits are a postal code, a number
// right after a street is its house number, the rest is Unparsed.
//
// Han script is segmented by longest match against the lexicons; characters
// in between are name material. A place glued to such characters is part of
// their name (天河北路 is Tianhe North Road, not Hebei Road), and a place
// before a street word names the street (北京路, Nanjing East Road).
//
// # Folding across scripts
//
// Every field is canonical so that equal places compare equal:
//   - provinces, cities and countries under the canonical Latin name of
//     rules.Places (济南 = Jinan = jinan; 北京市 = Beijing);
//   - other names (streets, districts, buildings) in toneless pinyin without
//     spaces and without their type word (浪潮路 = Langchao Road = Langchao
//     Lu -> street "langchao", type "road"; 南岗区 = Nangang District ->
//     "nangang"), a street's section direction last and in pinyin, on
//     whichever side it was written (中山东路 = Zhongshan East Road = East
//     Zhongshan Road -> "zhongshandong"; 西大直街 = West Dazhi Street ->
//     "dazhixi"), and a trailing Chinese numeral in digits (科技二路 = Keji
//     2nd Road -> "keji2");
//   - development zones by the zone's canonical name (高新区 = Hi-tech Zone =
//     Gaoxin -> "gaoxin"), with any name before it prefixed;
//   - numbers in ASCII digits (１０３６号 = No. 1036 = #1036 -> "1036").
//
// The words themselves (省/sheng/province, 路/lu/road/rd, 号/hao/no/#,
// 大厦/building/bldg ...) live in rules/data/address_words.tsv.
//
// # What callers compare
//
// Key (city|street|number) names one plot of land whatever the script;
// StreetKey and AreaKey are coarser. Building, floor and room are kept in
// Building but are noise for comparison: a company moving from 3F to 5F of
// the same tower is at the same facility. Specificity says which parts an
// address has, so that agreeing on a full street address weighs more than
// agreeing on a city. Inference fills a known city's province and China as
// the country of a Chinese province or city.
//
// Canonical renders the fields as one English-order string that parses
// back to the same fields; FuzzParse holds the parser to that.
//
// # Caveats
//
// Pinyin is the first dictionary reading of each character, corrected by the
// lexicon's readings for place names (长 is chang); a heteronym elsewhere can
// still differ from the English spelling, and English translations of names
// (East Lake for 东湖, CITIC for 中信) are not pinyin at all — those fields
// then differ and are for a string comparator to judge. Foreign addresses
// are parsed by the same rules and usually yield street, number and
// country only.
package address
