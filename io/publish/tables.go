package publish

import "time"

// The row types below are the output tables of a run, one Parquet file
// each. Their column names and types are the contract with BI tools; the
// README documents them. Lists are Parquet LIST columns, times are UTC
// timestamps in milliseconds, amounts are float64 in the notice's currency.

// EntityRow is one resolved entity.
type EntityRow struct {
	EntityID     string   `parquet:"entity_id"`
	Name         string   `parquet:"name"`       // the most frequent spelling among members
	Names        []string `parquet:"names,list"` // distinct spellings, most frequent first
	MemberCount  int64    `parquet:"member_count"`
	Sources      []string `parquet:"sources,list"` // datasets its members came from
	Countries    []string `parquet:"countries,list"`
	Identifiers  []string `parquet:"identifiers,list"`
	IsDefenseLab bool     `parquet:"is_defense_lab"`
	LabID        string   `parquet:"lab_id,optional"`
	LabName      string   `parquet:"lab_name,optional"`
}

// EntityMemberRow places one mention (an input record's party) in an entity.
type EntityMemberRow struct {
	MentionID  string  `parquet:"mention_id"`
	EntityID   string  `parquet:"entity_id"`
	Source     string  `parquet:"source"`
	Role       string  `parquet:"role"`
	RecordID   string  `parquet:"record_id"`
	Name       string  `parquet:"name"`
	Address    string  `parquet:"address,optional"`
	Country    string  `parquet:"country,optional"`
	Identifier string  `parquet:"identifier,optional"`
	Score      float64 `parquet:"score"` // the evidence that put it there, 0..1
	Rule       string  `parquet:"rule"`  // how it joined: edge, must_link, assigned, singleton, name_key
	Group      string  `parquet:"group"` // the mention standing for its group of same-signature records
	File       string  `parquet:"file"`
	Row        int64   `parquet:"row"`
}

// PairRow is one scored candidate pair of groups, each named by the
// mention that stands for it (entity_members.group). The level columns
// take a handful of values over millions of rows, so they are dictionary
// encoded (a standard Parquet encoding): the table is a quarter smaller.
type PairRow struct {
	LeftMention      string  `parquet:"left_mention"`
	RightMention     string  `parquet:"right_mention"`
	MatchWeight      float64 `parquet:"match_weight"`
	MatchProbability float64 `parquet:"match_probability"`
	NameLevel        string  `parquet:"name_level,dict"`
	AddressLevel     string  `parquet:"address_level,dict"`
	IdentifierLevel  string  `parquet:"identifier_level,dict"`
	CountryLevel     string  `parquet:"country_level,dict"`
	LegalFormLevel   string  `parquet:"legal_form_level,dict"`
	Linked           bool    `parquet:"linked"` // both groups ended in one entity
}

// EntityChangeRow records how an entity ID moved since the previous run:
// a split (one old ID, several new) or a merge (several old, one new).
type EntityChangeRow struct {
	Kind   string   `parquet:"kind"` // split, merge
	OldIDs []string `parquet:"old_ids,list"`
	NewIDs []string `parquet:"new_ids,list"`
}

// ListHitRow is one match of an entity against a screening-list entry.
type ListHitRow struct {
	EntityID              string  `parquet:"entity_id"`
	EntityName            string  `parquet:"entity_name"`
	EntryID               string  `parquet:"entry_id"`
	Kind                  string  `parquet:"kind"` // identifier, name, alias, address, parent_stem, relation
	Score                 float64 `parquet:"score"`
	MatchedName           string  `parquet:"matched_name"` // the member spelling that hit
	ListName              string  `parquet:"list_name"`    // the list's name or alias that was hit
	ListSource            string  `parquet:"list_source,optional"`
	FederalRegisterNotice string  `parquet:"federal_register_notice,optional"`
	StartDate             string  `parquet:"start_date,optional"`
	Evidence              string  `parquet:"evidence"`
}

// AwardEdgeRow is the award graph at entity level: a supplier entity sold
// to a buyer entity.
type AwardEdgeRow struct {
	SupplierEntity string    `parquet:"supplier_entity"`
	SupplierName   string    `parquet:"supplier_name"`
	BuyerEntity    string    `parquet:"buyer_entity"`
	BuyerName      string    `parquet:"buyer_name"`
	Notices        int64     `parquet:"notices"`
	TotalAmount    float64   `parquet:"total_amount"`
	Currency       string    `parquet:"currency,optional"` // empty when notices mix currencies
	FirstDate      time.Time `parquet:"first_date,timestamp(millisecond)"`
	LastDate       time.Time `parquet:"last_date,timestamp(millisecond)"`
	Items          []string  `parquet:"items,list"`      // distinct items, first 20
	NoticeIDs      []string  `parquet:"notice_ids,list"` // first 50, in date order
}

// FlaggedBuyerRow is a customer entity that supplies at least one defense lab.
type FlaggedBuyerRow struct {
	EntityID      string    `parquet:"entity_id"`
	Name          string    `parquet:"name"`
	RiskTier      string    `parquet:"risk_tier"` // high, elevated, review
	RiskScore     float64   `parquet:"risk_score"`
	CustomerIDs   []string  `parquet:"customer_ids,list"`
	CustomerNames []string  `parquet:"customer_names,list"`
	LabEntities   []string  `parquet:"lab_entities,list"`
	LabNames      []string  `parquet:"lab_names,list"`
	AwardCount    int64     `parquet:"award_count"`
	TotalAmount   float64   `parquet:"total_amount"`
	LastAward     time.Time `parquet:"last_award,timestamp(millisecond)"`
	ListHitKinds  []string  `parquet:"list_hit_kinds,list"`
	Evidence      string    `parquet:"evidence"` // customer record -> entity -> awards -> lab, as text
	// The latest analyst review of the entity (sightline review), carried
	// from the reviews log by entity ID; null when never reviewed.
	ReviewStatus  string    `parquet:"review_status,optional"` // escalated, cleared
	ReviewComment string    `parquet:"review_comment,optional"`
	ReviewedBy    string    `parquet:"reviewed_by,optional"`
	ReviewedAt    time.Time `parquet:"reviewed_at,optional,timestamp(millisecond)"`
}

// RejectRow is an input row that could not be used, and why.
type RejectRow struct {
	Dataset string `parquet:"dataset"`
	File    string `parquet:"file"`
	Row     int64  `parquet:"row"` // -1 when the whole file was refused
	Column  string `parquet:"column,optional"`
	Reason  string `parquet:"reason"`
	Value   string `parquet:"value,optional"`
}

// ChangeRow is one change an analyst should see since the previous run
// (the changes table): a buyer newly flagged or cleared, a risk tier that
// moved, entity IDs that merged or split, a list hit gained or lost.
// Entities are compared by entity ID, which the run carries over from the
// previous run (see entity_changes).
type ChangeRow struct {
	// Kind is new_flagged, cleared_flagged, tier_changed, merged, split,
	// new_list_hit or removed_list_hit.
	Kind     string `parquet:"kind"`
	EntityID string `parquet:"entity_id"` // merged: the new ID; split: the old ID
	Name     string `parquet:"name"`      // the entity's name now (before, for cleared and removed rows)
	Detail   string `parquet:"detail"`    // the change as a sentence
	// Related names the other IDs involved: the old IDs of a merge, the
	// new IDs of a split, the list entry of a hit, the labs of a flag.
	Related      []string `parquet:"related,list"`
	Tier         string   `parquet:"tier,optional"`          // risk tier now (flagged kinds)
	PreviousTier string   `parquet:"previous_tier,optional"` // risk tier before (flagged kinds)
}
