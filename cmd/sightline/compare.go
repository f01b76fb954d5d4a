package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/score"
)

// comparePair is one row of compare's input.
type comparePair struct {
	Name1    string `parquet:"name1,optional" json:"name1"`
	Name2    string `parquet:"name2,optional" json:"name2"`
	Address1 string `parquet:"address1,optional" json:"address1,omitempty"`
	Address2 string `parquet:"address2,optional" json:"address2,omitempty"`
	ID1      string `parquet:"id1,optional" json:"id1,omitempty"`
	ID2      string `parquet:"id2,optional" json:"id2,omitempty"`
	Country1 string `parquet:"country1,optional" json:"country1,omitempty"`
	Country2 string `parquet:"country2,optional" json:"country2,omitempty"`
}

var compareColumns = []string{"name1", "name2", "address1", "address2", "id1", "id2", "country1", "country2"}

func cmdCompare(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("compare", "compare [flags] NAME1 NAME2 | compare --file pairs.csv|pairs.parquet [flags]", stderr)
	file := fs.String("file", "", "CSV (with a header) or Parquet file with columns name1, name2 and optional address1, address2, id1, id2, country1, country2")
	format := fs.String("format", "text", "output: text (evidence per field), csv or json (one row per pair with score and match)")
	threshold := fs.Float64("threshold", 0, "match probability at or above which a pair is a match (default: the model's, 0.9)")
	modelPath := fs.String("model", "", "a run's model.json to score with (default: the built-in model)")
	addr1 := fs.String("address1", "", "address of the first name (two-name form)")
	addr2 := fs.String("address2", "", "address of the second name")
	id1 := fs.String("id1", "", "identifier of the first name")
	id2 := fs.String("id2", "", "identifier of the second name")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	model := compare.DefaultModel()
	if *modelPath != "" {
		data, err := os.ReadFile(*modelPath)
		if err == nil {
			model, err = score.UnmarshalModel(data)
		}
		if err != nil {
			fmt.Fprintln(stderr, "sightline compare:", err)
			return exitUsage
		}
	}
	if *threshold < 0 || *threshold >= 1 {
		fmt.Fprintln(stderr, "sightline compare: --threshold must be in [0, 1)")
		return exitUsage
	}
	if *threshold > 0 {
		model.Threshold = *threshold
	}
	var pairs []comparePair
	switch {
	case *file != "" && fs.NArg() == 0:
		var err error
		if pairs, err = readComparePairs(*file); err != nil {
			fmt.Fprintln(stderr, "sightline compare:", err)
			return exitFail
		}
	case *file == "" && fs.NArg() == 2:
		pairs = []comparePair{{Name1: fs.Arg(0), Name2: fs.Arg(1), Address1: *addr1, Address2: *addr2, ID1: *id1, ID2: *id2}}
	default:
		fmt.Fprintln(stderr, "sightline compare: give two names, or --file")
		fs.Usage()
		return exitUsage
	}
	var c compare.Comparer
	var cw *csv.Writer
	if *format == "csv" {
		cw = csv.NewWriter(stdout)
		cw.Write(append(append([]string{}, compareColumns...), "score", "match"))
	}
	enc := json.NewEncoder(stdout)
	for i, p := range pairs {
		a := compare.Prepare(p.Name1, p.Address1, p.ID1, p.Country1)
		b := compare.Prepare(p.Name2, p.Address2, p.ID2, p.Country2)
		g, vals := c.Explain(&a, &b)
		wf := model.Explain(g, vals)
		match := wf.Probability >= model.Threshold
		switch *format {
		case "csv":
			cw.Write([]string{p.Name1, p.Name2, p.Address1, p.Address2, p.ID1, p.ID2, p.Country1, p.Country2,
				strconv.FormatFloat(round4(wf.Probability), 'f', -1, 64), strconv.FormatBool(match)})
		case "json":
			enc.Encode(struct {
				comparePair
				Score     float64         `json:"score"`
				Match     bool            `json:"match"`
				Waterfall score.Waterfall `json:"waterfall"`
			}{p, round4(wf.Probability), match, wf})
		case "text":
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			verdict := "NOT THE SAME"
			if match {
				verdict = "SAME COMPANY"
			}
			fmt.Fprintf(stdout, "%q vs %q\nscore %.4f (threshold %.2f): %s\n\n%s", p.Name1, p.Name2, wf.Probability, model.Threshold, verdict, wf.Text())
		default:
			fmt.Fprintf(stderr, "sightline compare: unknown --format %q (text, csv, json)\n", *format)
			return exitUsage
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			fmt.Fprintln(stderr, "sightline compare:", err)
			return exitFail
		}
	}
	return exitOK
}

func round4(x float64) float64 { return float64(int64(x*1e4+0.5)) / 1e4 }

// readComparePairs reads name pairs from a CSV file with a header, or a
// Parquet file, by column name.
func readComparePairs(path string) ([]comparePair, error) {
	if strings.HasSuffix(strings.ToLower(path), ".parquet") {
		rows, err := parquet.ReadFile[comparePair](path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return rows, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"name1", "name2"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no %s column (columns: %s)", path, need, strings.Join(header, ", "))
		}
	}
	var out []comparePair
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		out = append(out, comparePair{get("name1"), get("name2"), get("address1"), get("address2"), get("id1"), get("id2"), get("country1"), get("country2")})
	}
}
