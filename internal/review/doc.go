// Package review serves a run's report.html on localhost with the
// analysts' actions added: decisions on pairs and members (same / not the
// same / unsure, assign to an entity, split a member out) appended to the
// decisions log the next run honours, and reviews of flagged buyers
// (escalated / cleared) appended to the reviews log the next run carries
// to flagged_buyers by entity ID.
//
// # The page
//
// report.html is written by io/report and works opened from disk. It ends
// with the comment <!-- sightline:review --> (Marker), which the server
// replaces with its script (review.js, embedded). The script fills the
// page's empty .sl-actions placeholders after every render (the page fires
// a sightline:render event): a pair row (.pair with data-left, data-right)
// gets same / not the same / unsure; the entity view (#entity) gets split,
// assign and a decision between two ticked members (rows with
// data-mention-id); a flagged buyer row (tr[data-flagged-entity]) gets
// escalated / cleared. All of it is built with DOM calls and textContent,
// never markup from data.
//
// # Endpoints
//
//	GET  /              the report with the script
//	GET  /review.js     the script
//	GET  /api/log       {"decisions": [...], "reviews": [...]} as logged
//	POST /api/decision  {"kind": "must_link"|"cannot_link"|"unsure"|"assign", "a", "b", "entity", "analyst", "comment"}
//	POST /api/split     {"entity", "mention", "analyst", "comment"}
//	POST /api/review    {"entity", "status": "escalated"|"cleared", "analyst", "comment"}
//
// Every mention and entity ID is checked against the run. A decision is
// acknowledged (200) only after its line is written and fsynced, so a
// crash of the server loses nothing it acknowledged; appends are
// serialized. The logs' torn-line rules are internal/job's (jsonlog.go).
//
// # Who may call it
//
// There is no login: the server is for one analyst on their own machine
// and binds to 127.0.0.1 by default. What it guards against is other web
// pages in the same browser: every request must name the server by
// localhost or an IP address (a DNS-rebinding page cannot), and a POST must
// be application/json with an Origin header equal to the server's own
// (which a cross-site form or fetch cannot forge without a CORS preflight
// the server never grants).
package review
