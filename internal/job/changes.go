package job

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/pipeline"
)

// The kinds of the changes table, in the order the table lists them: what
// an analyst acts on first comes first.
const (
	ChangeNewFlagged     = "new_flagged"
	ChangeClearedFlagged = "cleared_flagged"
	ChangeTierChanged    = "tier_changed"
	ChangeNewListHit     = "new_list_hit"
	ChangeRemovedListHit = "removed_list_hit"
	ChangeMerged         = "merged"
	ChangeSplit          = "split"
)

var changeOrder = map[string]int{
	ChangeNewFlagged: 0, ChangeClearedFlagged: 1, ChangeTierChanged: 2,
	ChangeNewListHit: 3, ChangeRemovedListHit: 4, ChangeMerged: 5, ChangeSplit: 6,
}

// prevFlagged and prevHit are what the changes table reads of the previous
// run's flagged_buyers and list_hits.
type prevFlagged struct {
	EntityID string   `parquet:"entity_id"`
	Name     string   `parquet:"name"`
	RiskTier string   `parquet:"risk_tier"`
	LabNames []string `parquet:"lab_names,list"`
}

type prevHit struct {
	EntityID   string `parquet:"entity_id"`
	EntityName string `parquet:"entity_name"`
	EntryID    string `parquet:"entry_id"`
	Kind       string `parquet:"kind"`
	ListName   string `parquet:"list_name"`
}

// readPrevious reads the previous run's flagged buyers and list hits; prev
// "" (a first run) gives none.
func readPrevious(prev string) ([]prevFlagged, []prevHit, error) {
	if prev == "" {
		return nil, nil, nil
	}
	fl, err := readParquet[prevFlagged](joinPath(prev, "flagged_buyers.parquet"))
	if err != nil {
		return nil, nil, fmt.Errorf("previous run: %w", err)
	}
	hits, err := readParquet[prevHit](joinPath(prev, "list_hits.parquet"))
	if err != nil {
		return nil, nil, fmt.Errorf("previous run: %w", err)
	}
	return fl, hits, nil
}

// changesSince compares this run with the previous one by entity ID: flagged
// buyers gained, cleared or re-tiered, list hits (entity, list entry)
// gained or lost, and the merges and splits of entity IDs. With no
// previous run there are no changes. Rows are sorted by kind (in
// changeOrder), entity ID, then related IDs.
func changesSince(hasPrev bool, prevFl []prevFlagged, prevHits []prevHit, flagged []publish.FlaggedBuyerRow,
	hits []publish.ListHitRow, entities []publish.EntityRow, res *pipeline.Result) []publish.ChangeRow {
	rows := []publish.ChangeRow{}
	if !hasPrev {
		return rows
	}
	nameOf := make(map[string]string, len(entities))
	for _, e := range entities {
		nameOf[e.EntityID] = e.Name
	}

	before := make(map[string]prevFlagged, len(prevFl))
	for _, f := range prevFl {
		before[f.EntityID] = f
	}
	now := make(map[string]bool, len(flagged))
	for _, f := range flagged {
		now[f.EntityID] = true
		labs := nonNil(slices.Clone(f.LabNames))
		old, was := before[f.EntityID]
		switch {
		case !was:
			rows = append(rows, publish.ChangeRow{Kind: ChangeNewFlagged, EntityID: f.EntityID, Name: f.Name,
				Detail:  fmt.Sprintf("newly flagged (%s, score %.2f): supplies %s", f.RiskTier, f.RiskScore, strings.Join(labs, "; ")),
				Related: labs, Tier: f.RiskTier})
		case old.RiskTier != f.RiskTier:
			rows = append(rows, publish.ChangeRow{Kind: ChangeTierChanged, EntityID: f.EntityID, Name: f.Name,
				Detail:  fmt.Sprintf("risk tier %s -> %s", old.RiskTier, f.RiskTier),
				Related: labs, Tier: f.RiskTier, PreviousTier: old.RiskTier})
		}
	}
	for _, f := range prevFl {
		if now[f.EntityID] {
			continue
		}
		detail := fmt.Sprintf("no longer flagged (was %s)", f.RiskTier)
		name := f.Name
		if n, ok := nameOf[f.EntityID]; ok {
			name = n
		} else {
			detail += "; the entity ID is gone (see merged and split)"
		}
		rows = append(rows, publish.ChangeRow{Kind: ChangeClearedFlagged, EntityID: f.EntityID, Name: name,
			Detail: detail, Related: nonNil(slices.Clone(f.LabNames)), PreviousTier: f.RiskTier})
	}

	type hitKey struct{ entity, entry string }
	hitKinds := func(keys []hitKey, kinds map[hitKey][]string) {
		for _, k := range keys {
			slices.Sort(kinds[k])
			kinds[k] = slices.Compact(kinds[k])
		}
	}
	var nowKeys, prevKeys []hitKey
	nowKinds, prevKinds := map[hitKey][]string{}, map[hitKey][]string{}
	nowHit, prevHitRow := map[hitKey]publish.ListHitRow{}, map[hitKey]prevHit{}
	for _, h := range hits {
		k := hitKey{h.EntityID, h.EntryID}
		if _, ok := nowHit[k]; !ok {
			nowKeys = append(nowKeys, k)
			nowHit[k] = h
		}
		nowKinds[k] = append(nowKinds[k], h.Kind)
	}
	for _, h := range prevHits {
		k := hitKey{h.EntityID, h.EntryID}
		if _, ok := prevHitRow[k]; !ok {
			prevKeys = append(prevKeys, k)
			prevHitRow[k] = h
		}
		prevKinds[k] = append(prevKinds[k], h.Kind)
	}
	hitKinds(nowKeys, nowKinds)
	hitKinds(prevKeys, prevKinds)
	for _, k := range nowKeys {
		if _, ok := prevHitRow[k]; ok {
			continue
		}
		h := nowHit[k]
		rows = append(rows, publish.ChangeRow{Kind: ChangeNewListHit, EntityID: k.entity, Name: h.EntityName,
			Detail:  fmt.Sprintf("new list hit (%s) on entry %s %q", strings.Join(nowKinds[k], ", "), k.entry, h.ListName),
			Related: []string{k.entry}})
	}
	for _, k := range prevKeys {
		if _, ok := nowHit[k]; ok {
			continue
		}
		h := prevHitRow[k]
		rows = append(rows, publish.ChangeRow{Kind: ChangeRemovedListHit, EntityID: k.entity, Name: h.EntityName,
			Detail:  fmt.Sprintf("list hit (%s) on entry %s %q is gone", strings.Join(prevKinds[k], ", "), k.entry, h.ListName),
			Related: []string{k.entry}})
	}

	for _, m := range res.Cluster.Merges {
		rows = append(rows, publish.ChangeRow{Kind: ChangeMerged, EntityID: m.New, Name: nameOf[m.New],
			Detail:  fmt.Sprintf("%d entities of the previous run are now one: %s", len(m.Old), strings.Join(m.Old, ", ")),
			Related: nonNil(slices.Clone(m.Old))})
	}
	for _, s := range res.Cluster.Splits {
		name := nameOf[s.Old]
		if name == "" && len(s.New) > 0 {
			name = nameOf[s.New[0]]
		}
		rows = append(rows, publish.ChangeRow{Kind: ChangeSplit, EntityID: s.Old, Name: name,
			Detail:  fmt.Sprintf("split into %d entities: %s", len(s.New), strings.Join(s.New, ", ")),
			Related: nonNil(slices.Clone(s.New))})
	}
	slices.SortStableFunc(rows, func(a, b publish.ChangeRow) int {
		if c := cmp.Compare(changeOrder[a.Kind], changeOrder[b.Kind]); c != 0 {
			return c
		}
		if c := cmp.Compare(a.EntityID, b.EntityID); c != 0 {
			return c
		}
		return slices.Compare(a.Related, b.Related)
	})
	return rows
}
