package job

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake/s3test"
	"github.com/sightline/sightline/io/publish"
)

// TestRunS3 runs the built-in sample from s3:// inputs to an s3:// output
// and compares the tables with a local run: byte-identical, except that
// entity_members and rejects name their input files, so those are compared
// with the local rows re-encoded under the S3 file names.
func TestRunS3(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("lake")
	srv.Bucket("runs")
	dir, lakeDir := writeSample(t)
	srv.UploadDir("lake", "sample/", lakeDir)

	ctx := context.Background()
	local, err := Run(ctx, sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 0), Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sampleConfig(t, lakeDir, "s3://runs/nightly", 0)
	for name, in := range cfg.Inputs {
		in.Paths = []string{"s3://lake/sample/" + name}
		cfg.Inputs[name] = in
	}
	t0 := time.Now()
	remote, err := Run(ctx, cfg, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("S3 run in %v: %s", time.Since(t0), remote.RunDir)
	if !strings.HasPrefix(remote.RunDir, "s3://runs/nightly/run_date=2026-11-24/attempt=") {
		t.Errorf("run folder %s", remote.RunDir)
	}
	if found, err := FindRun("s3://runs/nightly"); found != remote.RunDir || err != nil {
		t.Errorf("FindRun: %s, %v", found, err)
	}
	if len(remote.Manifest.Inputs) == 0 || !strings.HasPrefix(remote.Manifest.Inputs[0].Path, "s3://lake/sample/") {
		t.Fatalf("manifest inputs %+v", remote.Manifest.Inputs)
	}
	for i, in := range remote.Manifest.Inputs {
		if l := local.Manifest.Inputs[i]; in.SHA256 != l.SHA256 || in.Size != l.Size || in.Rows != l.Rows {
			t.Errorf("input %s: %+v, local %+v", in.Path, in, l)
		}
	}

	toS3 := func(p string) string {
		rel, err := filepath.Rel(lakeDir, p)
		if err != nil || p == "" {
			return p
		}
		return "s3://lake/sample/" + filepath.ToSlash(rel)
	}
	tables, _ := filepath.Glob(filepath.Join(local.RunDir, "*.parquet"))
	if len(tables) < 9 {
		t.Fatalf("local run has %d tables", len(tables))
	}
	for _, path := range tables {
		name := filepath.Base(path)
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case "entity_members.parquet":
			rows := readTable[publish.EntityMemberRow](t, want)
			for i := range rows {
				rows[i].File = toS3(rows[i].File)
			}
			want = encodeTable(t, "entity_members", rows)
		case "rejects.parquet":
			rows := readTable[publish.RejectRow](t, want)
			for i := range rows {
				rows[i].File = toS3(rows[i].File)
			}
			want = encodeTable(t, "rejects", rows)
		}
		got := srv.Get("runs", strings.TrimPrefix(remote.RunDir, "s3://runs/")+"/"+name)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the S3 run's table differs from the local run's (%d and %d bytes)", name, len(got), len(want))
		}
	}
	if keys := srv.Keys("runs", ""); len(keys) != len(tables)+6 { // + manifest.json, model.json, report.html, learned_aliases.tsv, _SUCCESS, _CURRENT
		t.Errorf("bucket runs has %v", keys)
	}

	// A dry run sees that a run of the date would be replaced.
	if plan := DryRun(ctx, cfg, t0); !plan.Replaces || plan.RunDir != "s3://runs/nightly/run_date=2026-11-24" {
		t.Errorf("dry run: replaces %v, run folder %s", plan.Replaces, plan.RunDir)
	}

	// Run again: the earlier run (through the _CURRENT pointer) is the
	// previous run whose entity IDs are kept, and is replaced.
	again, err := Run(ctx, cfg, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if again.Manifest.Previous != remote.RunDir || again.RunDir == remote.RunDir {
		t.Errorf("second run %s: previous %q, want %s", again.RunDir, again.Manifest.Previous, remote.RunDir)
	}
	// The first run's learned brand aliases are an input of the second
	// (the sample teaches one), so entities may change once; from then on
	// the same inputs give the same entities.
	second := srv.Get("runs", strings.TrimPrefix(again.RunDir, "s3://runs/")+"/entities.parquet")
	third, err := Run(ctx, cfg, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Get("runs", strings.TrimPrefix(third.RunDir, "s3://runs/")+"/entities.parquet"); !bytes.Equal(got, second) {
		t.Error("the same inputs with the same learned aliases gave different entities")
	}
	for _, old := range []string{remote.RunDir, again.RunDir} {
		if keys := srv.Keys("runs", strings.TrimPrefix(old, "s3://runs/")+"/"); len(keys) != 0 {
			t.Errorf("the replaced attempt still has %v", keys)
		}
	}
	// `sightline report` on the date folder finds the run through _CURRENT.
	html := filepath.Join(dir, "report.html")
	if _, err := RebuildReport(ctx, "s3://runs/nightly/run_date=2026-11-24", html); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(html); !bytes.Equal(got, srv.Get("runs", strings.TrimPrefix(third.RunDir, "s3://runs/")+"/report.html")) {
		t.Error("the report rebuilt from S3 differs from the run's")
	}
}

func readTable[T any](t *testing.T, data []byte) []T {
	t.Helper()
	rows, err := parquet.Read[T](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// encodeTable writes rows as the publisher does and returns the bytes.
func encodeTable[T any](t *testing.T, name string, rows []T) []byte {
	t.Helper()
	r, err := publish.Begin(t.TempDir(), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := publish.WriteTable(r, name, rows); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(r.Dir(), name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
