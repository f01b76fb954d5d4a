// Package screen matches resolved entities against screening lists and the
// defense-lab reference.
//
// Screening works on entities, not records: every spelling of every member
// is tried, so one variant's match lifts the whole entity. The baseline in
// this package matches normalized-name keys exactly (kinds name and alias);
// it misses cross-script spellings, subsidiaries and shared addresses.
package screen
