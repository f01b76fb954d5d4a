package resolve

import "time"

// Source names the input dataset a mention was read from.
type Source string

// The input datasets of a job.
const (
	SourceProcurement Source = "procurement"
	SourceCustomers   Source = "customers"
)

// Role is the part a party plays in its record.
type Role string

// Roles of party mentions.
const (
	RoleBuyer    Role = "buyer"
	RoleSupplier Role = "supplier"
	RoleCustomer Role = "customer"
)

// Mention is one party as it appears in one input row: a buyer or supplier of
// a procurement notice, or a customer record. Mentions are what resolution
// clusters into entities; the text fields are kept exactly as they arrived.
type Mention struct {
	// MentionID is unique within a run and stable across runs for the same
	// input row: "procurement/<notice_id>/buyer", "customers/<customer_id>".
	MentionID  string
	Source     Source
	Role       Role
	RecordID   string // notice_id or customer_id
	Name       string
	Address    string
	Country    string
	Identifier string // buyer_id, supplier_id or tax_id as given
	File       string // the input file the row came from
	Row        int64  // 0-based row index within File
}

// Award is one procurement notice seen as an edge from the buyer mention to
// the supplier mention.
type Award struct {
	NoticeID        string
	BuyerMention    string
	SupplierMention string
	PublishedAt     time.Time
	Amount          float64
	Currency        string
	Item            string
	Country         string
	SourceURL       string
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
