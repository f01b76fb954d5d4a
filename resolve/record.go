package resolve

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	Identifier string  // buyer_id, supplier_id or tax_id as given
	Row        int64   // 0-based row index within File
	File       FileRef // the input file the row came from
	Source     Source
	Role       Role
}

// FileRef names an input file in 4 bytes where its path as a string
// takes 16: a run holds millions of mentions but reads few files. The
// paths are kept once per process, in a table that only grows (a process
// reads few distinct files); String gives the path. The zero FileRef is
// the empty path (a mention built by code).
type FileRef uint32

// fileRefs is the process's table of paths. Readers load the slice without
// a lock (publishing looks up a path per mention); a new path appends to
// it under mu and stores the new slice.
var fileRefs struct {
	paths atomic.Pointer[[]string] // by FileRef; [0] is ""
	mu    sync.Mutex
	refs  map[string]FileRef
}

func init() {
	fileRefs.paths.Store(&[]string{""})
	fileRefs.refs = map[string]FileRef{"": 0}
}

// FileRefOf is path's FileRef, the same for equal paths within a process.
func FileRefOf(path string) FileRef {
	fileRefs.mu.Lock()
	defer fileRefs.mu.Unlock()
	if r, ok := fileRefs.refs[path]; ok {
		return r
	}
	paths := *fileRefs.paths.Load()
	if uint64(len(paths)) > math.MaxUint32 {
		panic("resolve: more than 2^32 distinct input file paths in one process")
	}
	r := FileRef(len(paths))
	paths = append(paths, path)
	fileRefs.paths.Store(&paths)
	fileRefs.refs[path] = r
	return r
}

// String is the file's path.
func (f FileRef) String() string {
	if paths := *fileRefs.paths.Load(); int(f) < len(paths) {
		return paths[f]
	}
	return "file(" + strconv.FormatUint(uint64(f), 10) + ")"
}

// MarshalBinary encodes the path, not the number, which names the file
// in this process only: sightline-beam moves mentions between processes
// with encoding/gob.
func (f FileRef) MarshalBinary() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalBinary decodes what MarshalBinary encoded.
func (f *FileRef) UnmarshalBinary(b []byte) error {
	*f = FileRefOf(string(b))
	return nil
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
// mention ID so that results do not depend on input order. It compares
// the IDs' parts as if concatenated, rather than copying them into
// buffers first: sorting the members of 10M notices' entities calls it
// some hundred million times.
func CompareIDs(a, b *Mention) int {
	if a.Source == b.Source && a.Source != 0 {
		// The same "source/" prefix: the record IDs decide, then the
		// roles, unless one record ID is a prefix of the other.
		n := min(len(a.RecordID), len(b.RecordID))
		if c := strings.Compare(a.RecordID[:n], b.RecordID[:n]); c != 0 {
			return c
		}
		if len(a.RecordID) == len(b.RecordID) {
			if a.Source != SourceProcurement {
				return 0
			}
			return strings.Compare(a.Role.String(), b.Role.String())
		}
	}
	x, y := a.idParts(), b.idParts()
	return compareJoined(x[:], y[:])
}

// idParts are the pieces whose concatenation is the mention's ID (see
// AppendID); unused pieces are "".
func (m *Mention) idParts() [5]string {
	switch m.Source {
	case 0:
		return [5]string{m.RecordID}
	case SourceProcurement:
		return [5]string{m.Source.String(), "/", m.RecordID, "/", m.Role.String()}
	}
	return [5]string{m.Source.String(), "/", m.RecordID}
}

// compareJoined compares strings.Join(a, "") with strings.Join(b, "")
// without joining them.
func compareJoined(a, b []string) int {
	var x, y string
	for {
		for x == "" && len(a) > 0 {
			x, a = a[0], a[1:]
		}
		for y == "" && len(b) > 0 {
			y, b = b[0], b[1:]
		}
		if x == "" || y == "" {
			return cmp.Compare(len(x), len(y))
		}
		n := min(len(x), len(y))
		if c := strings.Compare(x[:n], y[:n]); c != 0 {
			return c
		}
		x, y = x[n:], y[n:]
	}
}

// Award is one procurement notice seen as an edge from the buyer mention to
// the supplier mention. It refers to them by index, which costs 8 bytes
// where their IDs would cost two strings per notice, and it does not repeat
// the notice ID, which is the buyer mention's RecordID (NoticeID). The
// notice's country is its buyer mention's Country. (The notice's source_url
// is checked on reading but not kept: no stage or table uses it.)
type Award struct {
	Buyer       int32 // index of the buyer mention in the run's mentions
	Supplier    int32 // index of the supplier mention
	PublishedAt Instant
	Amount      float64
	Currency    string
	Item        string
}

// NoticeID is the award's notice ID, its buyer mention's RecordID, or ""
// if the buyer is not an index of mentions.
func (a *Award) NoticeID(mentions []Mention) string {
	if a.Buyer < 0 || int(a.Buyer) >= len(mentions) {
		return ""
	}
	return mentions[a.Buyer].RecordID
}

// Instant is a point in time held in 16 bytes (12 and padding) where a
// time.Time takes 24: a run keeps one per award. It keeps the instant, not the time zone: Time
// gives it in UTC, as ingest reads every date. The zero Instant is the zero
// time.Time.
type Instant struct {
	sec  int64 // seconds since January 1, year 1, UTC (as the zero time.Time)
	nsec int32 // [0, 1e9)
}

// zeroUnix is the Unix time of the zero time.Time.
const zeroUnix = -62135596800

// InstantOf is t's instant.
func InstantOf(t time.Time) Instant {
	return Instant{sec: t.Unix() - zeroUnix, nsec: int32(t.Nanosecond())}
}

// Time is the instant as a time.Time in UTC.
func (i Instant) Time() time.Time {
	return time.Unix(i.sec+zeroUnix, int64(i.nsec)).UTC()
}

// Compare orders instants as time.Time.Compare does.
func (i Instant) Compare(j Instant) int {
	return cmp.Or(cmp.Compare(i.sec, j.sec), cmp.Compare(i.nsec, j.nsec))
}

// IsZero reports whether i is the zero time.
func (i Instant) IsZero() bool { return i == Instant{} }

// MarshalBinary encodes the instant in 12 bytes, so that encoding/gob
// (which sightline-beam uses between its steps) carries it.
func (i Instant) MarshalBinary() ([]byte, error) {
	return i.AppendBinary(make([]byte, 0, 12))
}

// AppendBinary appends what MarshalBinary encodes to b.
func (i Instant) AppendBinary(b []byte) ([]byte, error) {
	b = binary.BigEndian.AppendUint64(b, uint64(i.sec))
	return binary.BigEndian.AppendUint32(b, uint32(i.nsec)), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (i *Instant) UnmarshalBinary(b []byte) error {
	if len(b) != 12 {
		return fmt.Errorf("resolve: an encoded Instant has 12 bytes, not %d", len(b))
	}
	sec, nsec := int64(binary.BigEndian.Uint64(b)), int32(binary.BigEndian.Uint32(b[8:]))
	if nsec < 0 || nsec >= 1e9 {
		return fmt.Errorf("resolve: an encoded Instant has %d nanoseconds", nsec)
	}
	*i = Instant{sec: sec, nsec: nsec}
	return nil
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

// AwardEdge is the award graph at entity level. A run holds about one per
// notice from surfacing to publishing, so its entities are int32 and its
// dates Instants (120 bytes where ints and time.Times took 144).
type AwardEdge struct {
	Supplier, Buyer int32 // entity indices
	Notices         int64
	TotalAmount     float64
	Currency        string // empty when the notices mix currencies
	First, Last     Instant
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
