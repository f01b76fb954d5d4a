package cluster

import (
	"errors"
	"fmt"
	"math"
	"runtime"
)

// Default settings of Resolve; see Options.
const (
	DefaultThreshold    = 0.9
	DefaultUnscored     = 0.7
	DefaultMaxComponent = 5000
)

// Options are the settings of Resolve. The zero value means all defaults.
type Options struct {
	// Threshold is the match probability an edge needs to link two
	// mentions (Prob >= Threshold), and the average linkage two groups
	// need to merge: the mean log-odds over every pair between them must
	// reach log2(Threshold/(1-Threshold)). Default (0): 0.9, i.e. odds of
	// 9:1 or 3.17 bits. Valid: 0 < Threshold < 1.
	Threshold float64
	// Unscored is the match probability assumed, when averaging the
	// linkage between two groups, for a pair of mentions the model never
	// scored (blocking did not propose it). It must be below Threshold, so
	// that missing pairs dilute the linkage: one strong edge cannot join
	// two large groups. Default (0): 0.7 (1.22 bits, about 2 bits below the
	// default threshold), or Threshold/2 when Threshold <= 0.7. Lower it
	// toward 0.5 (no evidence either way) when blocking proposes nearly
	// every true pair; raise it toward Threshold when blocking misses many
	// (the package doc has measured figures). Valid: 0 < Unscored <
	// Threshold.
	Unscored float64
	// MaxComponent caps the number of mentions in a connected component
	// clustered by average linkage. A bigger component is clustered by the
	// cheaper pivot rule (see package doc). Default (0): 5000. Valid: >= 2.
	MaxComponent int
	// Sizes, when not nil, holds how many records each mention stands for
	// (aligned with Resolve's mentions; values below 1 count as 1). The
	// probabilistic resolver clusters groups of identical spellings, one
	// node per group; with their sizes, average linkage and the repair
	// pass weigh every pair of nodes by the product of their sizes, so the
	// mean is the one over the records' pairs, as if each record were its
	// own node, and one misspelt one-off spelling weighs what it is: one
	// notice against the hundreds written the usual way. nil: one each.
	Sizes []int
	// Anchors, when not nil, holds what reference data says each mention
	// names (aligned with Resolve's mentions; negative: nothing), such as
	// the defense lab of the reference a name or its school names.
	// Mentions with the same anchor are joined as by a must-link, and
	// mentions with different anchors are never in one entity; both give
	// way to the analysts' decisions (a cannot-link or pin keeps a mention
	// out, reported as ConflictAnchorVsDecision; a must-link joins
	// whatever it names). Members joined this way have the rule
	// RuleReference.
	Anchors []int32
	// Workers is the number of goroutines clustering components in
	// parallel. Default (0): runtime.GOMAXPROCS(0). Results do not depend
	// on it.
	Workers int
}

// DefaultOptions returns a fresh copy of the default settings.
func DefaultOptions() Options {
	return Options{
		Threshold:    DefaultThreshold,
		Unscored:     DefaultUnscored,
		MaxComponent: DefaultMaxComponent,
		Workers:      runtime.GOMAXPROCS(0),
	}
}

// EnsureDefaults returns o with zero fields set to their defaults.
func (o Options) EnsureDefaults() Options {
	d := DefaultOptions()
	if o.Threshold == 0 {
		o.Threshold = d.Threshold
	}
	if o.Unscored == 0 {
		o.Unscored = d.Unscored
		if o.Threshold <= d.Unscored {
			o.Unscored = o.Threshold / 2
		}
	}
	if o.MaxComponent == 0 {
		o.MaxComponent = d.MaxComponent
	}
	if o.Workers == 0 {
		o.Workers = d.Workers
	}
	return o
}

// Validate reports every setting Resolve cannot use, after defaults are
// applied to zero fields.
func (o Options) Validate() error {
	o = o.EnsureDefaults()
	var errs []error
	if !(o.Threshold > 0 && o.Threshold < 1) {
		errs = append(errs, fmt.Errorf("cluster: threshold = %v, want 0 < threshold < 1", o.Threshold))
	}
	if !(o.Unscored > 0 && o.Unscored < o.Threshold) {
		errs = append(errs, fmt.Errorf("cluster: unscored = %v, want 0 < unscored < threshold (%v)", o.Unscored, o.Threshold))
	}
	if o.MaxComponent < 2 {
		errs = append(errs, fmt.Errorf("cluster: max component = %d, want 2 or more", o.MaxComponent))
	}
	if o.Workers < 0 {
		errs = append(errs, fmt.Errorf("cluster: workers = %d, want 0 (all cores) or more", o.Workers))
	}
	return errors.Join(errs...)
}

// usable returns o with defaults applied and every invalid field replaced
// by its default, with a warning for each replacement. Resolve never fails
// on settings; callers that want an error call Validate first.
func (o Options) usable() (Options, []string) {
	o = o.EnsureDefaults()
	d := DefaultOptions()
	var warn []string
	if !(o.Threshold > 0 && o.Threshold < 1) {
		warn = append(warn, fmt.Sprintf("threshold %v is not in (0, 1); using %v", o.Threshold, d.Threshold))
		o.Threshold = d.Threshold
	}
	if !(o.Unscored > 0 && o.Unscored < o.Threshold) {
		u := d.Unscored
		if o.Threshold <= u {
			u = o.Threshold / 2
		}
		warn = append(warn, fmt.Sprintf("unscored %v is not in (0, threshold); using %v", o.Unscored, u))
		o.Unscored = u
	}
	if o.MaxComponent < 2 {
		warn = append(warn, fmt.Sprintf("max component %d is below 2; using %d", o.MaxComponent, d.MaxComponent))
		o.MaxComponent = d.MaxComponent
	}
	if o.Workers < 1 {
		warn = append(warn, fmt.Sprintf("workers %d is below 1; using %d", o.Workers, d.Workers))
		o.Workers = d.Workers
	}
	return o, warn
}

// maxBits bounds the log-odds of one pair, in bits, both ways: a pair can
// vouch for (or against) a merge with at most the odds of 1023:1. Without the
// bound one saturated probability (1 or 0) would outweigh any number of other
// pairs.
const maxBits = 10

// bits is the log2 odds of p, clamped to ±maxBits.
func bits(p float64) float64 {
	if p <= 0 {
		return -maxBits
	}
	if p >= 1 {
		return maxBits
	}
	return min(max(math.Log2(p/(1-p)), -maxBits), maxBits)
}
