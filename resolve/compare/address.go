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
func addressLevel(a, b *address.Address) AddressLevel {
	ca, cb := a.Locality(), b.Locality()
	if (ca == "" && a.PostalCode == "") || (cb == "" && b.PostalCode == "") {
		return AddressNull
	}
	sameCity := ca != "" && ca == cb
	if ca == "" || cb == "" {
		// One side lacks the city: a shared postal code places both in one
		// area.
		sameCity = a.PostalCode != "" && a.PostalCode == b.PostalCode
	}
	if !sameCity {
		return AddressElse
	}
	switch {
	case a.Street != "" && a.Street == b.Street && a.Number != "" && a.Number == b.Number:
		return AddressFacility
	case a.Street != "" && a.Street == b.Street:
		return AddressStreet
	case a.District != "" && a.District == b.District:
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
