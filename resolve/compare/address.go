package compare

import (
	"fmt"

	"github.com/sightline/sightline/resolve/address"
)

// AddressLevel is the outcome of an address comparison, strongest first.
type AddressLevel uint8

// Address levels.
const (
	AddressNull     AddressLevel = iota // an address is missing or has no city or street
	AddressFacility                     // same city (or postal code), street and number: one site
	AddressStreet                       // same city and street, numbers differ or missing: neighbours
	AddressDistrict                     // same city and district
	AddressCity                         // same city only
	AddressElse                         // different cities
	addressLevels
)

var addressLabels = [...]string{"null", "same street and number", "same street", "same district", "same city", "different city"}

// String returns the level's label.
func (l AddressLevel) String() string { return addressLabels[l] }

// AddressResult is an address comparison with its evidence.
type AddressResult struct {
	Level  AddressLevel
	Detail string
}

// Addresses compares two parsed addresses. Building, floor and room never
// count: tenants move between floors of one building, and a listed
// company's successor at the same site is exactly what screening looks for.
func Addresses(a, b address.Address) AddressResult {
	return sites(a.Site(), b.Site())
}

// sites is Addresses of the parts a Record keeps.
func sites(a, b address.Site) AddressResult {
	switch l := addressLevel(&a, &b); l {
	case AddressElse:
		return AddressResult{Level: l, Detail: fmt.Sprintf("city %s vs %s", orDash(a.Locality()), orDash(b.Locality()))}
	case AddressFacility:
		return AddressResult{Level: l, Detail: fmt.Sprintf("%s, No. %s, %s", a.Street, a.Number, orDash(a.Locality()))}
	case AddressStreet:
		return AddressResult{Level: l, Detail: fmt.Sprintf("%s street, No. %s vs %s", a.Street, orDash(a.Number), orDash(b.Number))}
	case AddressDistrict:
		return AddressResult{Level: l, Detail: "district " + a.District}
	case AddressCity:
		return AddressResult{Level: l, Detail: "city " + orDash(a.Locality())}
	default:
		return AddressResult{Level: l}
	}
}

// addressLevel is Addresses without the evidence text, for scoring.
func addressLevel(a, b *address.Site) AddressLevel {
	ka, kb := addressKeyOf(a), addressKeyOf(b)
	return addressLevelOf(&ka, &kb)
}

// addressKey holds the parts of an address the comparison reads: as
// strings, or interned as numbers (Comparer.Cache) with the zero value for
// a missing part.
type addressKey[T comparable] struct {
	locality, postal, street, number, district T
}

func addressKeyOf(a *address.Site) addressKey[string] {
	return addressKey[string]{locality: a.Locality(), postal: a.PostalCode, street: a.Street, number: a.Number, district: a.District}
}

// addressLevelOf is the address level of two addresses' keys.
func addressLevelOf[T comparable](a, b *addressKey[T]) AddressLevel {
	var none T
	ca, cb := a.locality, b.locality
	if (ca == none && a.postal == none) || (cb == none && b.postal == none) {
		return AddressNull
	}
	sameCity := ca != none && ca == cb
	if ca == none || cb == none {
		// One side lacks the city: a shared postal code places both in one
		// area.
		sameCity = a.postal != none && a.postal == b.postal
	}
	if !sameCity {
		return AddressElse
	}
	switch {
	case a.street != none && a.street == b.street && a.number != none && a.number == b.number:
		return AddressFacility
	case a.street != none && a.street == b.street:
		return AddressStreet
	case a.district != none && a.district == b.district:
		return AddressDistrict
	}
	return AddressCity
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
