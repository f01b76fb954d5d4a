// Package report writes report.html, the page an analyst opens every
// morning: one self-contained file per run folder that works opened from
// disk (file://), with no network, CDN or server.
//
// # What the page shows, in order
//
//  1. Changes since the previous run (the changes table): newly flagged
//     and cleared buyers, risk tiers that moved, list hits gained and
//     lost, entities merged and split; "first run" when there is none.
//  2. The run summary: inputs with rows, rejects and where the rest went,
//     stage timings, outputs, reject reasons with counts.
//  3. Flagged buyers ranked by risk, each with its evidence path customer
//     record -> entity -> awards -> defense lab and its list-hit kinds, and
//     any review columns (review_status, …) of flagged_buyers.
//  4. List hits grouped by kind (identifier, name, alias, address,
//     parent_stem, relation) with the list entry's metadata.
//  5. Charts as inline SVG: the match-weight distribution of the scored
//     pairs and the distribution of entity sizes.
//  6. The cluster browser: a search box, a page of results, and an entity
//     view with its members (original spellings, source, role, record,
//     address, identifier, the rule and score that placed each) and the
//     waterfall of weights of each linking pair: the prior, one row per
//     comparison (name, address, identifier, country, legal form; the
//     weight of the pair's level in the run's model.json), the
//     term-frequency adjustment (what is left of the pair's match weight in
//     pairs.parquet), then the match weight and probability.
//
// # Scale
//
// Sections 1 to 5 are static HTML rendered by html/template at the top of
// the page, so the browser paints them before it reaches the data. Then
// comes the script, then the browser's data, last, in one JSON block of
// column arrays (no repeated keys), which the script parses on the first
// search or the first opened entity, never at load. A search typed while
// a large page is still loading waits for the data (Sightline.dataLoaded,
// called right after the block) and then runs. Results come 50 to a page. The file
// is bounded by Limits: member rows per entity after folding identical
// records into one row with a count, and linking pairs per entity (the
// weakest kept); the page says how many more are in entity_members.parquet
// and pairs.parquet. Search covers entity IDs and names and the shown
// member rows' IDs, spellings, addresses and identifiers.
//
// # Safety
//
// Every string from the data is text. Server-rendered parts go through
// html/template. The JSON block is written by encoding/json, which escapes
// <, >, & and U+2028/U+2029, so no value can close the script element;
// the script puts values in the page only with textContent, createTextNode
// and setAttribute, never innerHTML.
//
// # Determinism
//
// The same tables, model and manifest give a byte-identical page. The only
// values of the run itself are those of manifest.json (start and finish
// times, stage timings). A run builds its report from the rows it has just
// written (Build), `sightline report` from the run folder (Load); both
// give the same page.
//
// # DOM contract with the review server
//
// `sightline review` serves this page and adds the controls to record
// decisions. It relies on the following, which must not change without it:
//
//   - The page ends with the comment ReviewMarker (<!-- sightline:review -->)
//     just before </body>; the server replaces it with its script. Nothing
//     else in the page depends on the server.
//   - The search box is <input id="search">. Each search result is an
//     element with class "result" and attribute data-entity-id; a click
//     (or Enter) opens that entity.
//   - The entity view is <section id="entity" data-entity-id="ID">. It
//     contains <div class="sl-actions" data-entity-id="ID"></div>. Each
//     member row has data-mention-id. Each linking pair of the waterfall is
//     an element with class "pair" and attributes data-left and data-right
//     (the pair's mention IDs), with a child <div class="sl-actions"></div>.
//   - Each flagged-buyer row is <tr data-flagged-entity="ID"> with a
//     <td class="sl-actions"></td>.
//   - After every render of the results or the entity view the page calls
//     document.dispatchEvent(new CustomEvent('sightline:render')).
//   - window.Sightline.openEntity(id) opens an entity (and
//     window.Sightline.search(q) runs a search); #entity=ID in the URL
//     opens it on load. Both render at once when the data block has been
//     read (always so for a script after the marker), else when it has.
package report
