// Package rules holds the lexicons and reference data Sightline applies,
// embedded with go:embed, plus the code that loads them.
//
// Each data file under data/ opens with "# name:" and "# version:"
// comments; its loader checks both, so a renamed or swapped file is caught
// at start-up rather than producing quietly different matches. The data is
// compiled by the project from public knowledge unless its header says
// otherwise. The defense-lab reference (DefenseLabs) is the default list of
// defense-linked institutions that surface uses to flag customers; users add
// their own on top.
package rules
