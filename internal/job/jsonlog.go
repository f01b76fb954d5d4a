package job

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// The analysts' logs (decisions.jsonl, reviews.jsonl) are append-only JSON
// lines written by `sightline review` while runs read them. Their one
// failure mode is a crash in the middle of an append, which leaves the last
// line torn: no terminating newline and, usually, not valid JSON. Such a
// line was never acknowledged (an append answers only after the whole line
// and its newline are synced), so:
//
//   - readers skip a torn last line with a warning instead of failing the
//     whole file, which would stop every later run;
//   - a last line without a newline that does parse (a hand edit) counts;
//   - a bad line anywhere else is an error naming the line: that is damage
//     no crash of ours can cause, and half-applying such a file is worse
//     than stopping;
//   - the next append cuts a torn tail off before writing, so the new line
//     never glues onto it.

// maxLogLine bounds one line of an analysts' log; `review` refuses longer
// comments long before this.
const maxLogLine = 1 << 20

// readLogLines reads a JSON-lines log and calls parse for each non-blank
// line (1-based line numbers). A missing file is an empty log. It returns
// warnings for a torn last line it skipped.
func readLogLines(path, what string, parse func(line []byte) error) (warnings []string, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return parseLogLines(data, path, what, parse)
}

func parseLogLines(data []byte, path, what string, parse func(line []byte) error) (warnings []string, err error) {
	for n := 1; len(data) > 0; n++ {
		line, rest, terminated := bytes.Cut(data, []byte{'\n'})
		data = rest
		text := bytes.TrimSpace(line)
		if len(text) == 0 {
			continue
		}
		if len(text) > maxLogLine {
			err = fmt.Errorf("longer than %d bytes", maxLogLine)
		} else {
			err = parse(text)
		}
		if err == nil {
			continue
		}
		if !terminated {
			warnings = append(warnings, fmt.Sprintf("%s %s line %d: torn last line ignored (an append cut short by a crash; it was never acknowledged): %v", what, path, n, err))
			break
		}
		return warnings, fmt.Errorf("%s %s line %d: %w", what, path, n, err)
	}
	return warnings, nil
}

// appendMu serializes appends within the process; O_APPEND keeps whole
// writes of separate processes from interleaving.
var appendMu sync.Mutex

// appendLogLines appends lines (without their newlines) to the log in one
// write and syncs it before returning, so acknowledged lines survive a
// crash. A torn tail left by an earlier crash is cut off first; a valid
// last line that only lacks its newline gets one. valid tells whether a
// line parses.
func appendLogLines(path, what string, lines [][]byte, valid func([]byte) bool) error {
	size := 1
	for _, line := range lines {
		if bytes.IndexByte(line, '\n') >= 0 {
			return fmt.Errorf("%s: a log line cannot hold a newline", what)
		}
		size += len(line) + 1
	}
	appendMu.Lock()
	defer appendMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	fail := func(err error) error {
		f.Close()
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	prefix, err := repairTail(f, valid)
	if err != nil {
		return fail(err)
	}
	buf := make([]byte, 0, size)
	buf = append(buf, prefix...)
	for _, line := range lines {
		buf = append(append(buf, line...), '\n')
	}
	if _, err := f.Write(buf); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s %s: %w", what, path, err)
	}
	return nil
}

// repairTail looks at the bytes after the file's last newline. None: the
// file is clean. A valid line: it needs a newline, returned as a prefix
// for the next write. Anything else is a torn append, cut off.
func repairTail(f *os.File, valid func([]byte) bool) (prefix []byte, err error) {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return nil, err
	}
	size := st.Size()
	// Read backwards in blocks until a newline or the start of the file.
	const block = 4096
	var tail []byte
	start := size
	for start > 0 {
		n := int64(block)
		if n > start {
			n = start
		}
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, start-n); err != nil && err != io.EOF {
			return nil, err
		}
		start -= n
		tail = append(buf, tail...)
		if i := bytes.LastIndexByte(tail, '\n'); i >= 0 {
			start += int64(i) + 1
			tail = tail[i+1:]
			break
		}
	}
	if len(tail) == 0 {
		return nil, nil
	}
	if t := bytes.TrimSpace(tail); len(t) == 0 || (len(t) <= maxLogLine && valid(t)) {
		return []byte{'\n'}, nil
	}
	return nil, f.Truncate(start)
}
