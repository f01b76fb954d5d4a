package compare

// IDLevel is the outcome of an identifier comparison.
type IDLevel uint8

// Identifier levels.
const (
	IDNull     IDLevel = iota // an identifier is missing or invalid
	IDEqual                   // equal identifiers
	IDConflict                // two valid identifiers of the same kind differ
	IDOther                   // identifiers of different kinds: no evidence
	idLevels
)

var idLabels = [...]string{"null", "equal", "conflict", "different kinds"}

// String returns the level's label.
func (l IDLevel) String() string { return idLabels[l] }

// Identifier is a normalized identifier: its kind ("uscc", "other") and
// value, already validated by the caller (invalid ones are passed empty).
type Identifier struct {
	Kind, Value string
}

// Identifiers compares two identifiers. Equal values of any kind agree; two
// unified social credit codes that differ are a conflict, since a company
// has exactly one; other kinds that differ say nothing (a company has many
// registration and customer numbers).
func Identifiers(a, b Identifier) IDLevel {
	return identifiersOf(a.Value, b.Value, a.Kind == b.Kind && a.Kind == "uscc")
}

// identifiersOf is the identifier level of two values (strings, or
// interned numbers with the zero value for none); uscc says whether both
// are unified social credit codes.
func identifiersOf[T comparable](a, b T, uscc bool) IDLevel {
	var none T
	switch {
	case a == none || b == none:
		return IDNull
	case a == b:
		return IDEqual
	case uscc:
		return IDConflict
	}
	return IDOther
}

// SimpleLevel is the outcome of an equality comparison.
type SimpleLevel uint8

// Equality levels.
const (
	SimpleNull   SimpleLevel = iota // a value is missing
	SimpleEqual                     // equal
	SimpleDiffer                    // different
	simpleLevels
)

var simpleLabels = [...]string{"null", "equal", "different"}

// String returns the level's label.
func (l SimpleLevel) String() string { return simpleLabels[l] }

// Equal compares two canonical values (countries, legal-form classes).
func Equal(a, b string) SimpleLevel { return equalOf(a, b) }

// equalOf is Equal over strings or interned numbers (zero value: missing).
func equalOf[T comparable](a, b T) SimpleLevel {
	var none T
	switch {
	case a == none || b == none:
		return SimpleNull
	case a == b:
		return SimpleEqual
	}
	return SimpleDiffer
}
