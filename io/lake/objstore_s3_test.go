package lake

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake/s3test"
	"github.com/sightline/sightline/resolve"
)

type s3Notice struct {
	NoticeID     string  `parquet:"notice_id"`
	BuyerName    string  `parquet:"buyer_name"`
	SupplierName string  `parquet:"supplier_name,optional"`
	Amount       float64 `parquet:"amount"`
	PublishedAt  string  `parquet:"published_at"`
}

// writeHiveLake writes procurement files under country=XX/year=YYYY
// partitions (country comes only from the partition) and returns the
// relative paths.
func writeHiveLake(t *testing.T, dir string) []string {
	var rels []string
	n := 0
	for _, part := range []string{"country=CN/year=2024", "country=CN/year=2025", "country=HK/year=2025"} {
		for f := 0; f < 2; f++ {
			var rows []s3Notice
			for i := 0; i < 50; i++ {
				n++
				rows = append(rows, s3Notice{NoticeID: fmt.Sprintf("N%04d", n), BuyerName: fmt.Sprintf("Buyer %d", n%17),
					SupplierName: fmt.Sprintf("Supplier %d", n%5), Amount: float64(n) * 10.5, PublishedAt: "2025-03-01"})
			}
			if f == 1 {
				rows[3].BuyerName = "" // a reject
			}
			rel := fmt.Sprintf("proc/%s/part-%d.parquet", part, f)
			writeRows(t, filepath.Join(dir, filepath.FromSlash(rel)), rows, parquet.MaxRowsPerRowGroup(20))
			rels = append(rels, rel)
		}
	}
	writeRows(t, filepath.Join(dir, "proc", "_staging", "x.parquet"), []s3Notice{{NoticeID: "hidden"}})
	return rels
}

// TestS3IngestMatchesLocal reads the same hive-partitioned lake from local
// disk and from S3 (glob and folder forms) and expects the same rows and
// file statistics, paths aside.
func TestS3IngestMatchesLocal(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("lake")
	dir := t.TempDir()
	writeHiveLake(t, dir)
	srv.UploadDir("lake", "", dir)

	read := func(paths ...string) ([]Notice, []resolve.Reject, []FileStat) {
		t.Helper()
		rows, rejects, stats, err := Collect(context.Background(), Spec{Paths: paths}, ReadProcurement)
		if err != nil {
			t.Fatal(err)
		}
		return rows, rejects, stats
	}
	wantRows, wantRejects, wantStats := read(filepath.Join(dir, "proc", "country=*", "year=*", "*.parquet"))
	if len(wantStats) != 6 || len(wantRows) == 0 || len(wantRejects) == 0 || wantRows[0].Buyer.Country != "CN" {
		t.Fatalf("local read: %d files, %d rows, %d rejects, first %+v", len(wantStats), len(wantRows), len(wantRejects), wantRows[0].Buyer)
	}
	local := dir + string(filepath.Separator)
	for _, paths := range [][]string{
		{"s3://lake/proc/country=*/year=*/*.parquet"},
		{"s3://lake/proc"},
		{"s3://lake/proc/country=CN", "s3://lake/proc/country=HK/year=2025/part-0.parquet", "s3://lake/proc/country=H[K]/*/part-1.parquet"},
	} {
		rows, rejects, stats := read(paths...)
		for i := range rows {
			for _, m := range []*resolve.Mention{&rows[i].Buyer, &rows[i].Supplier} {
				m.File = resolve.FileRefOf(local + filepath.FromSlash(strings.TrimPrefix(m.File.String(), "s3://lake/")))
			}
		}
		for i := range rejects {
			rejects[i].File = local + filepath.FromSlash(strings.TrimPrefix(rejects[i].File, "s3://lake/"))
		}
		for i := range stats {
			if !strings.HasPrefix(stats[i].Path, "s3://lake/proc/country=") {
				t.Errorf("%v: path %s", paths, stats[i].Path)
			}
			stats[i].Path = local + filepath.FromSlash(strings.TrimPrefix(stats[i].Path, "s3://lake/"))
		}
		if !reflect.DeepEqual(rows, wantRows) || !reflect.DeepEqual(rejects, wantRejects) || !reflect.DeepEqual(stats, wantStats) {
			t.Errorf("%v: S3 read differs from the local read:\n%+v\n%+v", paths, stats, wantStats)
		}
	}

	// The same with settings in the URL rather than the environment.
	t.Setenv(EnvS3Endpoint, "")
	t.Setenv(EnvS3PathStyle, "")
	q := "?endpoint=" + srv.Endpoint + "&region=us-east-1&use_path_style=true"
	if rows, _, _ := read("s3://lake/proc/country=*/year=*/*.parquet" + q); len(rows) != len(wantRows) {
		t.Errorf("URL settings: %d rows, want %d", len(rows), len(wantRows))
	}
	_, _, _, err := Collect(context.Background(), Spec{Paths: []string{"s3://lake/proc/country=XX/*.parquet" + q}}, ReadProcurement)
	if !errors.Is(err, ErrNoFiles) || !strings.Contains(err.Error(), "s3://lake/proc/country=XX/*.parquet") {
		t.Errorf("no match: got %v", err)
	}
}

// countingStore records the object readers it opens.
type countingStore struct {
	*ObjectStore
	readers []*objectReader
}

func (c *countingStore) Open(p string) (ReaderAtCloser, int64, error) {
	rc, n, err := c.ObjectStore.Open(p)
	if r, ok := rc.(*objectReader); ok {
		c.readers = append(c.readers, r)
	}
	return rc, n, err
}

type wideCustomer struct {
	CustomerID string `parquet:"customer_id"`
	Name       string `parquet:"name"`
	F1         string `parquet:"filler1"`
	F2         string `parquet:"filler2"`
	F3         string `parquet:"filler3"`
	F4         string `parquet:"filler4"`
	F5         string `parquet:"filler5"`
	F6         string `parquet:"filler6"`
	F7         string `parquet:"filler7"`
	F8         string `parquet:"filler8"`
}

// TestS3RangedReads reads 2 of the 10 columns of a wide file from S3 and
// checks that the ranged reads fetch a small part of the object (the
// checksum is one sequential stream of the whole object).
func TestS3RangedReads(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("wide")
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	rows := make([]wideCustomer, 40000)
	for i := range rows {
		rows[i] = wideCustomer{CustomerID: fmt.Sprintf("C%06d", i), Name: "Customer " + text(8),
			F1: text(40), F2: text(40), F3: text(40), F4: text(40), F5: text(40), F6: text(40), F7: text(40), F8: text(40)}
	}
	data := encodeRows(t, rows, parquet.MaxRowsPerRowGroup(10000))
	srv.Put("wide", "customers/part-0.parquet", data)

	s, err := OpenObjectStore(context.Background(), "s3://wide", ObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs := &countingStore{ObjectStore: s}
	t0 := time.Now()
	got, _, stats, err := Collect(context.Background(), Spec{Paths: []string{"s3://wide/customers/"}, Store: cs}, ReadCustomers)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) || got[39999].Name != rows[39999].Name || stats[0].Size != int64(len(data)) {
		t.Fatalf("read %d rows, stats %+v", len(got), stats)
	}
	var total ObjectStats
	for _, r := range cs.readers {
		st := r.Stats()
		total.Requests += st.Requests
		total.Bytes += st.Bytes
		total.StreamBytes += st.StreamBytes
	}
	t.Logf("object %d bytes; 2 of 10 columns: %d range requests, %d bytes by range (%.1f%%), %d bytes streamed for the checksum; %v",
		len(data), total.Requests, total.Bytes, 100*float64(total.Bytes)/float64(len(data)), total.StreamBytes, time.Since(t0))
	if total.Bytes > int64(len(data))/3 {
		t.Errorf("ranged reads fetched %d of %d bytes", total.Bytes, len(data))
	}
	if total.Requests > 40 {
		t.Errorf("%d range requests", total.Requests)
	}
	if total.StreamBytes != int64(len(data)) {
		t.Errorf("checksum streamed %d bytes, want %d", total.StreamBytes, len(data))
	}
}

// TestS3ServerStopped kills the server in the middle of reading an object:
// a read retries until the server is back; with the server gone for good
// it fails after the bounded tries with an error naming the object.
func TestS3ServerStopped(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("flaky")
	data := make([]byte, 1<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	srv.Put("flaky", "dir/f.parquet", data)
	s, err := OpenObjectStore(context.Background(), "s3://flaky", ObjectOptions{BlockSize: 64 << 10, Attempts: 5, Backoff: 100 * time.Millisecond, SDKAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rc, _, err := s.Open("s3://flaky/dir/f.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	p := make([]byte, 100)
	if _, err := rc.ReadAt(p, 0); err != nil {
		t.Fatal(err)
	}

	srv.Stop()
	back := make(chan struct{})
	go func() { time.Sleep(400 * time.Millisecond); srv.Restart(); close(back) }()
	if _, err := rc.ReadAt(p, 300<<10); err != nil || p[0] != data[300<<10] {
		t.Fatalf("read while the server restarts: %v", err)
	}
	<-back
	st := rc.(*objectReader).Stats()
	if st.Retries == 0 {
		t.Errorf("no retry counted: %+v", st)
	}
	t.Logf("read across a restart: %+v", st)

	srv.Stop()
	t0 := time.Now()
	_, err = rc.ReadAt(p, 600<<10)
	var re *ObjectReadError
	if !errors.As(err, &re) || re.Attempts != 5 || !strings.Contains(err.Error(), "s3://flaky/dir/f.parquet") {
		t.Fatalf("server gone: got %v", err)
	}
	t.Logf("server gone: failed in %v: %v", time.Since(t0), err)
	if strings.Contains(err.Error(), s3test.SecretKey) {
		t.Error("the error shows the secret key")
	}
}

// TestS3ErrorsHideSecrets uses wrong credentials and checks that the
// error names the object but not the secret.
func TestS3ErrorsHideSecrets(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("secret")
	srv.Put("secret", "a.parquet", []byte("x"))
	const wrong = "wrong-secret-key-do-not-print-0000"
	t.Setenv("AWS_SECRET_ACCESS_KEY", wrong)
	_, _, _, err := Collect(context.Background(), Spec{Paths: []string{"s3://secret/a.parquet"}}, ReadCustomers)
	if err == nil || !strings.Contains(err.Error(), "s3://secret/a.parquet") {
		t.Fatalf("got %v, want an error naming the object", err)
	}
	if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), s3test.SecretKey) {
		t.Errorf("the error shows a secret: %v", err)
	}
}
