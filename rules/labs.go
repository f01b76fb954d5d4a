package rules

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sightline/sightline/resolve"
)

//go:embed data/defense_labs.csv
var defenseLabsCSV []byte

// defenseLabsName and defenseLabsVersion are the lexicon name and version
// the embedded reference must declare in its "# name:" and "# version:"
// header comments.
const (
	defenseLabsName    = "defense_labs"
	defenseLabsVersion = 1
)

// labColumns is the header of data/defense_labs.csv, in order.
var labColumns = []string{"id", "name", "alt_names", "address", "address_zh", "category", "country"}

// LabRecord is one row of the embedded defense-lab reference with the
// columns that resolve.Lab does not carry.
type LabRecord struct {
	resolve.Lab
	AddressZH string // the address in Chinese order and script; may be empty
	Country   string // ISO 3166-1 alpha-2
}

// DefenseLabs returns the default defense-lab reference that ships inside
// the binary: public, well-known defense-linked institutions (the Seven Sons
// of National Defence, PLA academies, CAEP, CETC research institutes,
// CASC/CASIC academies, AVIC institutes and universities with defense
// laboratories), compiled by the project from public knowledge. AltNames
// hold the Chinese name first, then pinyin, abbreviations and former names;
// the Chinese-script address is not part of resolve.Lab (see
// DefenseLabRecords). Each call parses afresh and returns a new slice.
func DefenseLabs() ([]resolve.Lab, error) {
	recs, err := DefenseLabRecords()
	if err != nil {
		return nil, err
	}
	labs := make([]resolve.Lab, len(recs))
	for i, r := range recs {
		labs[i] = r.Lab
	}
	return labs, nil
}

// DefenseLabRecords is DefenseLabs with every column of the reference,
// including the Chinese-script address and the country.
func DefenseLabRecords() ([]LabRecord, error) {
	return parseLabs(defenseLabsCSV)
}

// parseLabs parses a defense-lab reference in the layout of
// data/defense_labs.csv. Errors name the line.
func parseLabs(data []byte) ([]LabRecord, error) {
	if err := checkLabHeader(data); err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = len(labColumns)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("rules: %s: header: %w", defenseLabsName, err)
	}
	for i, c := range labColumns {
		if strings.TrimSpace(header[i]) != c {
			line, _ := r.FieldPos(i)
			return nil, fmt.Errorf("rules: %s: line %d: column %d is %q, want %q", defenseLabsName, line, i+1, header[i], c)
		}
	}
	var labs []LabRecord
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// csv.ParseError carries the line.
			return nil, fmt.Errorf("rules: %s: %w", defenseLabsName, err)
		}
		line, _ := r.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		l := LabRecord{
			Lab: resolve.Lab{
				ID:       rec[0],
				Name:     rec[1],
				AltNames: splitList(rec[2]),
				Address:  rec[3],
				Category: rec[5],
			},
			AddressZH: rec[4],
			Country:   rec[6],
		}
		switch {
		case l.ID == "":
			return nil, fmt.Errorf("rules: %s: line %d: empty id", defenseLabsName, line)
		case l.Name == "":
			return nil, fmt.Errorf("rules: %s: line %d: lab %q has no name", defenseLabsName, line, l.ID)
		case l.Category == "":
			return nil, fmt.Errorf("rules: %s: line %d: lab %q has no category", defenseLabsName, line, l.ID)
		}
		if prev, dup := seen[l.ID]; dup {
			return nil, fmt.Errorf("rules: %s: line %d: duplicate id %q (first on line %d)", defenseLabsName, line, l.ID, prev)
		}
		seen[l.ID] = line
		labs = append(labs, l)
	}
	if len(labs) == 0 {
		return nil, fmt.Errorf("rules: %s: no rows", defenseLabsName)
	}
	return labs, nil
}

// checkLabHeader checks the "# name:" and "# version:" comments that open
// the file, so a swapped or renamed file is caught at start-up.
func checkLabHeader(data []byte) error {
	var name, version string
	for i, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "name":
			name = strings.TrimSpace(v)
		case "version":
			version = strings.TrimSpace(v)
			if _, err := strconv.Atoi(version); err != nil {
				return fmt.Errorf("rules: %s: line %d: bad version %q", defenseLabsName, i+1, version)
			}
		}
	}
	if name != defenseLabsName || version != strconv.Itoa(defenseLabsVersion) {
		return fmt.Errorf("rules: defense-lab reference declares name %q version %q, want %q version %d",
			name, version, defenseLabsName, defenseLabsVersion)
	}
	return nil
}

// splitList splits a ';'-separated cell, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
