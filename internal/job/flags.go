package job

import (
	"flag"
	"strings"
)

// pathList is a repeatable flag: --list a --list b or --list a,b.
type pathList []string

// String joins the paths, for flag.Value.
func (p *pathList) String() string { return strings.Join(*p, ",") }

// Set adds comma-separated paths, for flag.Value.
func (p *pathList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*p = append(*p, s)
		}
	}
	return nil
}

// RunFlags are the flags that describe a job on the command line: a job
// file and the settings that override it. `sightline run` and
// `sightline-beam` both take them, so a job runs the same way on either.
type RunFlags struct {
	job     *string
	inputs  map[string]*pathList
	out     *string
	runDate *string
	workers *int
	arrow   *bool
	memory  *string
}

// AddRunFlags defines the job flags on fs.
func AddRunFlags(fs *flag.FlagSet) *RunFlags {
	f := &RunFlags{inputs: map[string]*pathList{}}
	f.job = fs.String("job", "", "YAML job file (flags below override it)")
	for _, d := range []struct{ name, help string }{
		{Procurement, "procurement dataset: file, folder or glob (repeatable)"},
		{Customers, "customer records dataset (repeatable)"},
		{List, "screening list dataset (repeatable)"},
		{"defense-labs", "your defense-lab reference, added to the built-in one (repeatable)"},
		{Relations, "business relations dataset (repeatable)"},
	} {
		p := &pathList{}
		fs.Var(p, d.name, d.help)
		f.inputs[d.name] = p
	}
	f.out = fs.String("out", "", "output folder; receives run_date=YYYY-MM-DD/")
	f.runDate = fs.String("run-date", "", "run date YYYY-MM-DD (default today, UTC)")
	f.workers = fs.Int("workers", -1, "goroutines (default: the job file's, else all cores)")
	f.arrow = fs.Bool("arrow", false, "also write the small tables as Arrow IPC files (TABLE.arrow)")
	f.memory = fs.String("memory", "", "memory budget such as 4GiB: pairs beyond their share wait on local disk, same results (default: the job file's, else GOMEMLIMIT, else the machine's memory)")
	return f
}

// Config loads the job file, if one was given, and applies the flags over
// it: input paths given on the command line replace the file's (its column
// mapping stays). It does not validate the result.
func (f *RunFlags) Config() (Config, error) {
	var cfg Config
	if *f.job != "" {
		var err error
		if cfg, err = LoadConfig(*f.job); err != nil {
			return cfg, err
		}
	}
	if cfg.Inputs == nil {
		cfg.Inputs = map[string]Input{}
	}
	for flagName, p := range f.inputs {
		if len(*p) == 0 {
			continue
		}
		name := strings.ReplaceAll(flagName, "-", "_")
		in := cfg.Inputs[name]
		in.Paths = *p // flags replace the job file's paths, keep its column mapping
		cfg.Inputs[name] = in
	}
	if *f.out != "" {
		cfg.Output = *f.out
	}
	if *f.runDate != "" {
		cfg.RunDate = *f.runDate
	}
	if *f.workers >= 0 {
		cfg.Workers = *f.workers
	}
	if *f.arrow {
		cfg.Arrow = true
	}
	if *f.memory != "" {
		cfg.Memory = *f.memory
	}
	return cfg, nil
}
