package resolve

import (
	"bytes"
	"strconv"
	"time"
)

// Source names the input dataset a mention was read from. It is a small
// integer so that a mention carries no string for it; String gives the
// dataset's name.
type Source uint8

// The input datasets of a job. The zero Source is a mention built by code
// rather than read (e.g. to name a group), identified by its RecordID.
const (
	SourceProcurement Source = iota + 1
	SourceCustomers
)

var sourceNames = [...]string{"", "procurement", "customers"}

// String is the dataset's name as it appears in mention IDs and tables.
func (s Source) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return "source(" + strconv.Itoa(int(s)) + ")"
}

// Role is the part a party plays in its record.
type Role uint8

// Roles of party mentions.
const (
	RoleBuyer Role = iota + 1
	RoleSupplier
	RoleCustomer
)

var roleNames = [...]string{"", "buyer", "supplier", "customer"}

// String is the role's name as it appears in mention IDs and tables.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Mention is one party as it appears in one input row: a buyer or supplier of
// a procurement notice, or a customer record. Mentions are what resolution
// clusters into entities; the text fields are kept exactly as they arrived.
//
// A run holds millions of mentions for its whole length, so a mention keeps
// only what cannot be derived: its ID is computed from Source, RecordID and
// Role (ID), and the text fields share their bytes with every equal value
// of the dataset (ingest interns them).
type Mention struct {
	RecordID   string // notice_id or customer_id
	Name       string
	Address    string
	Country    string
	Identifier string // buyer_id, supplier_id or tax_id as given
	File       string // the input file the row came from
	Row        int64  // 0-based row index within File
	Source     Source
	Role       Role
}

// ID is the mention's ID, unique within a run and stable across runs for
// the same input row: "procurement/<notice_id>/buyer",
// "customers/<customer_id>" (a mention of no Source: its RecordID). It is
// built on each call; AppendID and CompareIDs avoid the allocation.
func (m *Mention) ID() string {
	if m.Source == 0 {
		return m.RecordID
	}
	var buf [96]byte
	return string(m.AppendID(buf[:0]))
}

// AppendID appends the mention's ID (see ID) to dst.
func (m *Mention) AppendID(dst []byte) []byte {
	if m.Source == 0 {
		return append(dst, m.RecordID...)
	}
	dst = append(dst, m.Source.String()...)
	dst = append(dst, '/')
	dst = append(dst, m.RecordID...)
	if m.Source == SourceProcurement {
		// A notice names two parties, so its mentions add their role.
		dst = append(dst, '/')
		dst = append(dst, m.Role.String()...)
	}
	return dst
}

// CompareIDs orders two mentions as their IDs compare (as strings),
// without building the IDs: stages sort and choose representatives by
// mention ID so that results do not depend on input order.
func CompareIDs(a, b *Mention) int {
	var x, y [128]byte
	return bytes.Compare(a.AppendID(x[:0]), b.AppendID(y[:0]))
}

// Award is one procurement notice seen as an edge from the buyer mention to
// the supplier mention. It refers to them by index, which costs 8 bytes
// where their IDs would cost two strings per notice. The notice's country
// is its buyer mention's Country. (The notice's source_url is checked on
// reading but not kept: no stage or table uses it.)
type Award struct {
	NoticeID    string // the buyer and supplier mentions' RecordID
	Buyer       int32  // index of the buyer mention in the run's mentions
	Supplier    int32  // index of the supplier mention
	PublishedAt time.Time
	Amount      float64
	Currency    string
	Item        string
}

// ListEntry is one entry of a screening list such as the US Entity List.
type ListEntry struct {
	EntryID   string
	Name      string
	AltNames  []string
	Addresses []string
	Country   string
	Source    string // e.g. "Entity List (EL) - Bureau of Industry and Security"
	FRNotice  string // federal_register_notice
	StartDate string

	// Identifiers are the entry's identifiers as listed (CSL ids).
	Identifiers []string
	// Parent is the listed parent organization (1260H Parent Name).
	Parent string
}

// Lab is one defense-linked institution of the reference.
type Lab struct {
	ID       string
	Name     string
	AltNames []string
	Address  string
	Category string
}

// Relation is a business link between two named parties, from optional
// business records.
type Relation struct {
	FromName string
	ToName   string
	Relation string // shareholder, officer, shared address, successor
	Source   string
}

// Reject is an input row that could not be used, with the reason. Every
// input row ends in an output table or here.
type Reject struct {
	Dataset string // procurement, customers, list, defense_labs, relations
	File    string
	Row     int64 // 0-based row within File; -1 when the whole file failed
	Column  string
	Reason  string
	Value   string // the offending value, truncated
}

// Entity is a resolved company or institution: the mentions that name it.
type Entity struct {
	ID      string  // stable, deterministic: see package cluster
	Members []int32 // indices into the run's mentions, ascending
	Name    string  // the most frequent spelling among members
	Lab     int     // index into the run's labs, or -1
}

// ListHit is one match of an entity against a screening-list entry.
type ListHit struct {
	Entity      int // index into the run's entities
	Entry       int // index into the run's list entries
	Kind        string
	Score       float64
	MatchedName string // the member spelling that hit
	ListName    string // the list name or alias that was hit
	Evidence    string
}

// Hit kinds, strongest first.
const (
	HitIdentifier = "identifier"
	HitName       = "name"
	HitAlias      = "alias"
	HitAddress    = "address"
	HitParentStem = "parent_stem"
	HitRelation   = "relation"
)

// AwardEdge is the award graph at entity level.
type AwardEdge struct {
	Supplier, Buyer int // entity indices
	Notices         int64
	TotalAmount     float64
	Currency        string // empty when the notices mix currencies
	First, Last     time.Time
	Items           []string // distinct, in first-seen order, at most 20
	NoticeIDs       []string // in date order, at most 50
}

// FlaggedBuyer is a customer entity that supplies at least one defense lab.
type FlaggedBuyer struct {
	Entity      int
	Tier        string // high, elevated, review
	Score       float64
	Customers   []int32 // customer mentions of the entity
	Labs        []int   // lab entities it supplies
	AwardCount  int64
	TotalAmount float64
	LastAward   time.Time
	HitKinds    []string
	Evidence    string
}
