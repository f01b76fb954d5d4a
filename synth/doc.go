// Package synth generates the synthetic data lake that is Sightline's test
// bed and benchmark input: procurement award notices and a chip vendor's
// customer records as Parquet, a screening list, the defense-lab reference,
// business relations, and truth tables that say what a perfect system would
// find.
//
// # Layout
//
// Generate writes, under one directory:
//
//	procurement/year=YYYY/part-NNNNN.parquet  lake.ProcurementRow, years 2021..2025,
//	                                          row groups of RowGroupRows
//	customers/part-00000.parquet              lake.CustomerRow
//	list/entity_list.parquet                  lake.ListRow
//	defense_labs/labs.parquet                 lake.LabRow (rules.DefenseLabs)
//	relations/relations.parquet               lake.RelationRow
//	truth/mentions.parquet                    MentionTruth: every mention -> entity
//	truth/entities.parquet                    EntityTruth
//	truth/list_hits.parquet                   ListHitTruth
//	truth/flagged.parquet                     FlaggedTruth
//	truth/hard_cases.parquet                  HardCaseTruth
//
// Mention IDs follow the ingest convention exactly:
// "procurement/<notice_id>/buyer", "procurement/<notice_id>/supplier",
// "customers/<customer_id>".
//
// # The model
//
// A universe of ground-truth entities is built first and kept in memory in
// compact form (table indices, not strings): about Rows/20 supplier
// companies (at least 100, at most 500,000), a few hundred to 3,000 ordinary
// buyers (universities, hospitals, bureaus, schools, city companies) and the
// defense labs of rules.DefenseLabRecords. Rows are then streamed: each
// notice draws a buyer and a supplier and renders one surface form of each,
// so memory does not grow with Rows.
//
// A company name is built from parts: a real Chinese city (Chinese, English
// and pinyin spellings, province, division code, postal prefix), a
// distinctive brand of two Han characters from a pool of a few hundred with
// their pinyin (a few percent carry weakly distinctive generic brands such as
// 中科 Zhongke; about 8% trade under a made-up English brand unrelated to the
// pinyin, like Veltrix for 维创; some of those are foreign companies with
// GmbH, Inc., B.V. ...), an industry phrase in both scripts and a legal form.
// The city sits in one of four places (none, prefix, bracketed before the
// legal form, bracketed after the brand). Every company has one true
// address (district, road, number, optional tower, block, floor and room,
// postal code) and, if Chinese, a unified social credit code with valid GB
// 11714 and GB 32100 check characters.
//
// What varies between mentions of the same entity: script (English, Chinese,
// pinyin, names without legal form, mixed), the English or pinyin brand,
// legal-form spelling (Co., Ltd. / Company Limited / Co Ltd / 有限公司 ...),
// the position or absence of the city, half- or full-width brackets,
// abbreviations (Tech, Info, Intl, Corp, Elec, Sci, Dev ...), case,
// punctuation, Latin typos (swap, drop, double, replace), OCR-like Han
// confusions (研究/研宄, 责任/贵任), word-order swaps, full-width letters
// (ＩＮＳＰＵＲ), stray spaces; addresses in Chinese or English order with
// parts and postal codes present or not; identifiers present on about 30% of
// supplier and 60% of customer rows, sometimes spaced, dashed, lower case or
// (2%) mistyped so the check fails; empty addresses and, rarely, names.
// Defense labs are named by their English or Chinese name, an alias or
// abbreviation, or one of their schools, key laboratories or units
// ("School of Astronautics, Harbin Institute of Technology", 哈尔滨工业大学
// 航天学院); all of those map to the lab's entity. About 12% of notices have a
// defense-lab buyer, mostly buying from the 8% of companies that are
// defense-oriented suppliers.
//
// # Hard cases (labelled in truth/hard_cases.parquet)
//
//   - near_name: distinct companies in the same city with the same brand
//     and industry phrases one word apart (Information Technology /
//     Information Engineering).
//   - parent_subsidiary: a group (Xyz Group Co., Ltd.) and its subsidiaries
//     (Xyz (Beijing) Electronic Technology Co., Ltd.), half of them
//     registered on the parent's street a few numbers away.
//   - successor: an unlisted company founded at a listed company's address.
//   - similar_name: unrelated companies sharing a brand with the news case.
//
// About one company in a thousand is listed (groups first); half of the
// listed ones have a successor.
//
// # The news case
//
// Fixed and present in every lake (see newscase.go): listed Sugon (Dawning
// Information Industry Co., Ltd.); its unlisted successor Nettrix at the same
// facility, selling servers to universities with defense labs (14 notices)
// and a customer under two spellings; listed Inspur Group and its
// subsidiaries buying and selling under their own names from the parent's
// street; and two look-alikes (Beijing Ningchang Trading, Dawning Garden
// Landscaping) that must not be flagged. The Sugon entry's Federal Register
// notice and date are the real ones (84 FR 29371, 2019-06-24); every other
// notice number, date and identifier in the lake is illustrative.
//
// # Truth
//
// truth/list_hits holds the hits a perfect screen finds: name or alias for a
// listed entity, parent_stem (and relation when a shareholder record exists)
// for a subsidiary of a listed group, address and relation for a successor.
// truth/flagged holds the customer entities that won at least one notice
// from a defense lab. Entity IDs are co-NNNNNNN (companies, news case first),
// buyer-NNNNN and lab-<reference id>.
//
// # Determinism
//
// Output is byte-identical for the same Config: randomness comes from
// math/rand/v2 PCG streams seeded from Seed, no map is iterated when
// emitting, and the Parquet writer's created_by is fixed.
package synth
