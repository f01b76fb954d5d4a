package synth

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
)

// Config says what lake to generate.
type Config struct {
	// Rows is the number of procurement rows. Values below MinRows are
	// raised to MinRows so the fixed news case always fits.
	Rows int
	// Seed selects the lake: the same Seed and Rows give byte-identical files.
	Seed int64
	// FilesPerYear is the number of procurement files in each year
	// partition. Zero picks one file per started 500,000 rows of the year.
	FilesPerYear int
}

// MinRows is the smallest lake Generate writes.
const MinRows = 100

// RowGroupRows is the number of rows per Parquet row group of the large
// tables (procurement and truth/mentions).
const RowGroupRows = 100_000

// Years are the years of the procurement partitions.
var Years = [...]int{2021, 2022, 2023, 2024, 2025}

// Summary counts what Generate wrote.
type Summary struct {
	ProcurementRows int64
	CustomerRows    int64
	ListRows        int64
	LabRows         int64
	RelationRows    int64
	Companies       int64    // ground-truth companies in the universe
	Mentions        int64    // rows of truth/mentions.parquet
	Files           []string // written files, relative to the lake directory, in write order
}

// MentionTruth maps one party mention of the input to its true entity.
// MentionID follows the ingest convention: "procurement/<notice_id>/buyer",
// "procurement/<notice_id>/supplier", "customers/<customer_id>".
type MentionTruth struct {
	MentionID string `parquet:"mention_id"`
	EntityID  string `parquet:"entity_id"`
}

// EntityTruth is one true entity.
type EntityTruth struct {
	EntityID      string `parquet:"entity_id"`
	Kind          string `parquet:"kind"` // company, lab, buyer_org
	NameEN        string `parquet:"name_en"`
	NameZH        string `parquet:"name_zh"`
	ListedEntryID string `parquet:"listed_entry_id,optional"` // the list entry that lists this entity
	ParentEntity  string `parquet:"parent_entity,optional"`
	SuccessorOf   string `parquet:"successor_of,optional"`
	LabID         string `parquet:"lab_id,optional"` // set when the entity is a defense lab
}

// ListHitTruth is one screening hit a perfect system finds. Kind is name
// (the entity is listed under its registered English name), alias (listed
// under another of its names), identifier, address (it shares the listed
// party's address), parent_stem (its parent is listed and it carries the
// parent's name stem) or relation (a business record links it to the
// listed party).
type ListHitTruth struct {
	EntityID string `parquet:"entity_id"`
	EntryID  string `parquet:"entry_id"`
	Kind     string `parquet:"kind"`
}

// FlaggedTruth is a customer entity that sells to a defense lab.
type FlaggedTruth struct {
	EntityID string `parquet:"entity_id"`
	Reason   string `parquet:"reason"`
}

// HardCaseTruth labels a pair of entities that is hard on purpose: kind is
// near_name (distinct companies with near-identical names), parent_subsidiary,
// successor, or similar_name (an unrelated company that must stay apart).
type HardCaseTruth struct {
	EntityID      string `parquet:"entity_id"`
	OtherEntityID string `parquet:"other_entity_id"`
	Kind          string `parquet:"kind"`
	Note          string `parquet:"note"`
}

// outputs are the top-level folders Generate writes; it refuses to write
// into a directory that already holds any of them.
var outputs = []string{"procurement", "customers", "list", "defense_labs", "relations", "truth"}

// Generate writes a synthetic lake under dir (see the package doc for the
// layout and the model). It streams procurement rows, so memory is bounded
// by the company universe, not by Rows. dir is created if needed and must
// not already hold generator output.
func Generate(ctx context.Context, cfg Config, dir string) (Summary, error) {
	var sum Summary
	if cfg.Rows < MinRows {
		cfg.Rows = MinRows
	}
	if cfg.FilesPerYear < 0 {
		return sum, fmt.Errorf("synth: FilesPerYear %d is negative", cfg.FilesPerYear)
	}
	for _, o := range outputs {
		if _, err := os.Stat(filepath.Join(dir, o)); err == nil {
			return sum, fmt.Errorf("synth: %s already exists; generate into an empty directory", filepath.Join(dir, o))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return sum, fmt.Errorf("synth: %w", err)
		}
	}
	seed := uint64(cfg.Seed)
	u, err := build(rand.New(rand.NewPCG(seed, 0x5157_0001)), cfg.Rows)
	if err != nil {
		return sum, err
	}
	g := &gen{u: u, dir: dir, sum: &sum, ctx: ctx,
		labSales: make([]int32, len(u.cos)), firstLab: make([]int16, len(u.cos))}
	for i := range g.firstLab {
		g.firstLab[i] = -1
	}
	sum.Companies = int64(len(u.cos))

	mentions, err := create[MentionTruth](g, "truth/mentions.parquet")
	if err != nil {
		return sum, err
	}
	g.mentions = mentions
	if err := g.procurement(rand.New(rand.NewPCG(seed, 0x5157_0002)), cfg); err != nil {
		mentions.abort()
		return sum, err
	}
	if err := g.customers(rand.New(rand.NewPCG(seed, 0x5157_0003))); err != nil {
		mentions.abort()
		return sum, err
	}
	if err := mentions.close(); err != nil {
		return sum, err
	}
	sum.Mentions = mentions.n
	rng := rand.New(rand.NewPCG(seed, 0x5157_0004))
	for _, step := range []func(*rand.Rand) error{g.list, g.labsTable, g.relationsTable, g.truth} {
		if err := step(rng); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// gen is the state of one Generate call.
type gen struct {
	u        *universe
	dir      string
	sum      *Summary
	ctx      context.Context
	mentions *writer[MentionTruth]
	labSales []int32 // notices each company won from a defense lab
	firstLab []int16 // the first lab each company sold to; -1
	err      error   // the first error writing truth/mentions
}

// writer streams rows of type T to one Parquet file.
type writer[T any] struct {
	f   *os.File
	bw  *bufio.Writer
	w   *parquet.GenericWriter[T]
	buf []T
	n   int64
	rel string
}

func create[T any](g *gen, rel string) (*writer[T], error) {
	path := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := parquet.NewGenericWriter[T](bw,
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		parquet.CreatedBy("sightline-synth", "1", ""),
	)
	g.sum.Files = append(g.sum.Files, rel)
	return &writer[T]{f: f, bw: bw, w: w, buf: make([]T, 0, 4096), rel: rel}, nil
}

func (w *writer[T]) add(row T) error {
	w.buf = append(w.buf, row)
	w.n++
	if len(w.buf) == cap(w.buf) {
		return w.flush()
	}
	return nil
}

func (w *writer[T]) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if _, err := w.w.Write(w.buf); err != nil {
		return fmt.Errorf("synth: %s: %w", w.rel, err)
	}
	clear(w.buf)
	w.buf = w.buf[:0]
	return nil
}

func (w *writer[T]) close() error {
	err := w.flush()
	if err == nil {
		err = w.w.Close()
	}
	if err == nil {
		err = w.bw.Flush()
	}
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("synth: %s: %w", w.rel, err)
	}
	return nil
}

func (w *writer[T]) abort() { w.f.Close() }

// writeAll writes rows to a new file.
func writeAll[T any](g *gen, rel string, rows []T) error {
	w, err := create[T](g, rel)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.add(r); err != nil {
			w.abort()
			return err
		}
	}
	return w.close()
}

// yearShares split the rows over Years: procurement grows a little each year.
var yearShares = [...]int{18, 19, 20, 21, 22}

// procurement streams the procurement partitions.
func (g *gen) procurement(rng *rand.Rand, cfg Config) error {
	total := 0
	for _, s := range yearShares {
		total += s
	}
	left := cfg.Rows
	for yi, year := range Years {
		nY := cfg.Rows * yearShares[yi] / total
		if yi == len(Years)-1 {
			nY = left
		}
		left -= nY
		var news []newsRow
		for _, nr := range newsRows {
			if nr.year == year {
				news = append(news, nr)
			}
		}
		nY = max(nY, len(news))
		files := cfg.FilesPerYear
		if files == 0 {
			files = (nY + 499_999) / 500_000
		}
		files = min(files, nY)
		seq, next := 0, 0
		for f := 0; f < files; f++ {
			rows := nY/files + btoi(f < nY%files)
			w, err := create[lake.ProcurementRow](g, fmt.Sprintf("procurement/year=%d/part-%05d.parquet", year, f))
			if err != nil {
				return err
			}
			for r := 0; r < rows; r++ {
				if seq%4096 == 0 {
					if err := g.ctx.Err(); err != nil {
						w.abort()
						return err
					}
				}
				seq++
				var nr *newsRow
				// News rows sit at evenly spaced positions of the year.
				if next < len(news) && seq-1 == (2*next+1)*nY/(2*len(news)) {
					nr = &news[next]
					next++
				}
				row := g.notice(rng, year, seq, nr)
				if err := w.add(row); err != nil {
					w.abort()
					return err
				}
			}
			if err := w.close(); err != nil {
				return err
			}
			if g.err != nil {
				return g.err
			}
			g.sum.ProcurementRows += w.n
		}
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// labPick lists lab indices with universities three times, for draws.
func (u *universe) labPick() []int {
	var p []int
	for i, l := range u.labs {
		p = append(p, i)
		if l.univ {
			p = append(p, i, i)
		}
	}
	return p
}

var currencies = []struct {
	code string
	rate float64
}{{"CNY", 1}, {"USD", 7.1}, {"EUR", 7.8}, {"HKD", 0.91}}

// notice renders one procurement row and records its mentions.
func (g *gen) notice(rng *rand.Rand, year, seq int, nr *newsRow) lake.ProcurementRow {
	u := g.u
	if u.labIdx == nil {
		u.labIdx = u.labPick()
	}
	id := "N" + strconv.Itoa(year) + "-" + pad9(seq)
	row := lake.ProcurementRow{NoticeID: id, Country: "CN"}
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	row.PublishedAt = start.Add(time.Duration(rng.Int64N(int64(span/time.Millisecond))) * time.Millisecond)

	// Choose the parties.
	var sup int32
	labI, buyerCo, buyerOrg := -1, int32(-1), -1
	switch {
	case nr != nil:
		sup = nr.supplier(u.news)
		if nr.lab != "" {
			labI = u.labByID[nr.lab]
		} else {
			buyerOrg = skewed(rng, len(u.buyers))
		}
	case rng.IntN(100) < 12:
		labI = u.labIdx[rng.IntN(len(u.labIdx))]
		if len(u.defense) > 0 && rng.IntN(100) < 85 {
			sup = u.defense[skewed(rng, len(u.defense))]
		} else {
			sup = u.popular[skewed(rng, len(u.popular))]
		}
	default:
		sup = u.popular[skewed(rng, len(u.popular))]
		if rng.IntN(100) < 10 {
			buyerCo = u.popular[rng.IntN(len(u.popular))]
			if buyerCo == sup {
				buyerCo, buyerOrg = -1, rng.IntN(len(u.buyers))
			}
		} else {
			buyerOrg = int(float64(len(u.buyers)) * math.Pow(rng.Float64(), 1.6))
		}
	}

	// Buyer.
	var buyerEntity string
	switch {
	case labI >= 0:
		l := &u.labs[labI]
		row.BuyerName = u.labName(rng, l)
		row.BuyerAddress = labAddress(rng, l, isHanForm(row.BuyerName))
		if rng.IntN(100) < 40 {
			row.BuyerID = identifier(rng, l.uscc)
		}
		buyerEntity = labEntityID(l.ID)
		if g.firstLab[sup] < 0 {
			g.firstLab[sup] = int16(labI)
		}
		g.labSales[sup]++
	case buyerCo >= 0:
		c := &u.cos[buyerCo]
		row.BuyerName = u.companyName(rng, c)
		row.BuyerAddress = u.companyAddress(rng, c, isHanForm(row.BuyerName))
		if rng.IntN(100) < 30 {
			row.BuyerID = identifier(rng, c.uscc)
		}
		buyerEntity = companyID(buyerCo)
	default:
		b := &u.buyers[buyerOrg]
		row.BuyerName = u.buyerName(rng, b)
		if rng.IntN(100) < 85 {
			if isHanForm(row.BuyerName) {
				row.BuyerAddress = u.addrZH(rng, b.addr)
			} else {
				row.BuyerAddress = u.addrEN(rng, b.addr)
			}
		}
		if rng.IntN(100) < 40 {
			row.BuyerID = identifier(rng, b.uscc)
		}
		buyerEntity = buyerID(buyerOrg)
	}

	// Supplier.
	c := &u.cos[sup]
	if rng.IntN(1000) != 0 { // a very few notices lost the supplier's name
		row.SupplierName = u.companyName(rng, c)
	}
	row.SupplierAddress = u.companyAddress(rng, c, isHanForm(row.SupplierName))
	if rng.IntN(100) < 30 {
		row.SupplierID = identifier(rng, c.uscc)
	}

	row.Item = items[rng.IntN(len(items))]
	if rng.IntN(50) == 0 {
		row.Item = ""
	}
	amount := math.Exp(12.3 + 1.4*rng.NormFloat64())
	cur := 0
	switch r := rng.IntN(100); {
	case r < 4:
		cur = 1
	case r < 5:
		cur = 2
	case r < 6:
		cur = 3
	}
	row.Amount = math.Round(amount/currencies[cur].rate*100) / 100
	row.Currency = currencies[cur].code
	if rng.IntN(50) == 0 {
		row.Currency = ""
	}
	if rng.IntN(40) != 0 {
		d := row.PublishedAt.Format("20060102")
		row.SourceURL = "https://www.ccgp.gov.cn/cggg/zygg/zbgg/" + d[:6] + "/t" + d + "_" + id + ".htm"
	}
	if rng.IntN(200) == 0 {
		row.Country = ""
	}

	g.mention("procurement/"+id+"/buyer", buyerEntity)
	g.mention("procurement/"+id+"/supplier", companyID(sup))
	return row
}

func (g *gen) mention(id, entity string) {
	if g.err == nil {
		g.err = g.mentions.add(MentionTruth{MentionID: id, EntityID: entity})
	}
}

func pad9(n int) string {
	s := strconv.Itoa(n)
	if len(s) >= 9 {
		return s
	}
	return "000000000"[:9-len(s)] + s
}
