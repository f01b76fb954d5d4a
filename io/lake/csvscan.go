package lake

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// csvStatus is what csvScanner.next found.
type csvStatus int

const (
	csvRecord  csvStatus = iota // a well-formed record in fields
	csvEOF                      // no more records
	csvBad                      // a malformed record: problem says why
	csvTooLong                  // a well-formed record longer than MaxRecordBytes
)

// maxCSVFields bounds the fields of one record; a longer record is
// csvTooLong.
const maxCSVFields = 4096

// csvScanner reads RFC 4180 records (comma-separated, fields optionally in
// double quotes with "" for a quote, quoted fields may span lines, LF or
// CRLF line ends) from a file, streaming. It differs from encoding/csv in
// three ways that suit untrusted downloads: a record's kept bytes are capped
// at MaxRecordBytes (the rest of a longer record is read and dropped, and
// the record is reported as csvTooLong); a malformed record (text after a
// closing quote, or a quote left open at the end of the file) is reported
// as csvBad and reading resumes at the line after the record's first line,
// so one stray quote costs one row, not the rest of the file; a quote
// inside an unquoted field is kept as text. Blank lines are skipped.
type csvScanner struct {
	r    io.ReaderAt
	size int64
	br   *bufio.Reader
	off  int64 // file offset of the next byte br returns
	line int64 // 1-based line of the next byte

	buf       []byte // the current record's field bytes
	ends      []int  // end of each field in buf
	over      bool   // the record went over MaxRecordBytes or maxCSVFields
	maxRB     int
	fieldLen  int  // bytes of the field being read, kept or not
	quotedAny bool // the record has a quoted field

	// The current record.
	start     int64 // offset of its first byte
	startLine int64
	firstNL   int64 // offset just after its first line end, -1 if none yet
	problem   string
	badField  int    // 0-based field the problem (or the overflow) is in
	badRaw    string // the start of a csvBad or csvTooLong record as in the file
}

// newCSVScanner starts scanning at the beginning of the file, after a
// UTF-8 byte order mark if there is one.
func newCSVScanner(r io.ReaderAt, size int64) *csvScanner {
	s := &csvScanner{r: r, size: size, line: 1, maxRB: MaxRecordBytes}
	var bom [3]byte
	start := int64(0)
	if n, _ := r.ReadAt(bom[:], 0); n == 3 && bytes.Equal(bom[:], utf8BOM) {
		start = 3
	}
	s.br = bufio.NewReaderSize(io.NewSectionReader(r, start, size-start), 64<<10)
	s.off = start
	return s
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// seek restarts reading at offset off, which is at the start of line.
func (s *csvScanner) seek(off, line int64) {
	s.br.Reset(io.NewSectionReader(s.r, off, s.size-off))
	s.off, s.line = off, line
}

func (s *csvScanner) readByte() (byte, error) {
	b, err := s.br.ReadByte()
	if err == nil {
		s.off++
		if b == '\n' {
			s.line++
			if s.firstNL < 0 {
				s.firstNL = s.off
			}
		}
	}
	return b, err
}

func (s *csvScanner) unreadByte() {
	if s.br.UnreadByte() == nil {
		s.off--
		// Only ever called for bytes other than '\n'.
	}
}

func (s *csvScanner) put(b byte) {
	s.fieldLen++
	if s.over {
		return
	}
	if len(s.buf) >= s.maxRB {
		s.over, s.badField = true, len(s.ends)
		return
	}
	s.buf = append(s.buf, b)
}

func (s *csvScanner) endField() {
	s.fieldLen = 0
	if s.over {
		return
	}
	if len(s.ends) >= maxCSVFields {
		s.over, s.badField = true, len(s.ends)
		return
	}
	s.ends = append(s.ends, len(s.buf))
}

// fields returns the fields of the current record; valid until next.
func (s *csvScanner) fields(dst [][]byte) [][]byte {
	dst = dst[:0]
	prev := 0
	for _, e := range s.ends {
		dst = append(dst, s.buf[prev:e])
		prev = e
	}
	return dst
}

// raw returns up to n bytes of the current record as it is in the file.
func (s *csvScanner) raw(n int) string {
	end := s.off
	if s.firstNL >= 0 && s.firstNL < end {
		end = s.firstNL
	}
	if end-s.start < int64(n) {
		n = int(end - s.start)
	}
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	m, _ := s.r.ReadAt(b, s.start)
	return string(bytes.TrimRight(b[:m], "\r\n"))
}

// next reads the next record. An I/O error is returned as is.
func (s *csvScanner) next() (csvStatus, error) {
	for {
		s.buf, s.ends, s.over, s.fieldLen, s.quotedAny = s.buf[:0], s.ends[:0], false, 0, false
		s.start, s.startLine, s.firstNL, s.problem, s.badField, s.badRaw = s.off, s.line, -1, "", 0, ""
		if _, err := s.br.Peek(1); err == io.EOF {
			return csvEOF, nil
		} else if err != nil {
			return 0, err
		}
		st, err := s.record()
		if err != nil {
			return 0, err
		}
		switch {
		case st == csvBad:
			s.badRaw = s.raw(MaxRejectValue)
			s.resync()
		case st == csvTooLong:
			s.badRaw = s.raw(MaxRejectValue)
		case st == csvRecord && len(s.ends) == 1 && s.ends[0] == 0 && !s.quotedAny:
			continue // a blank line
		}
		return st, nil
	}
}

// record reads the fields of one record.
func (s *csvScanner) record() (csvStatus, error) {
	for {
		b, err := s.readByte()
		if err == io.EOF {
			s.endField()
			return s.done(), nil
		}
		if err != nil {
			return 0, err
		}
		if b == '"' && s.fieldLen == 0 {
			s.quotedAny = true
			more, st, err := s.quoted()
			if err != nil || !more {
				return st, err
			}
			continue
		}
		switch b {
		case ',':
			s.endField()
		case '\n':
			s.endField()
			return s.done(), nil
		case '\r':
			c, err := s.readByte()
			if err == nil && c == '\n' || err == io.EOF {
				s.endField()
				return s.done(), nil
			}
			if err != nil {
				return 0, err
			}
			s.unreadByte()
			s.put('\r')
		default:
			s.put(b)
		}
	}
}

// quoted reads a quoted field after its opening quote. more is true when
// the record continues with another field.
func (s *csvScanner) quoted() (more bool, st csvStatus, err error) {
	for {
		b, err := s.readByte()
		if err == io.EOF {
			s.problem = "quoted field not closed before the end of the file"
			s.badField = len(s.ends)
			return false, csvBad, nil
		}
		if err != nil {
			return false, 0, err
		}
		if b != '"' {
			s.put(b)
			continue
		}
		c, err := s.readByte()
		if err == io.EOF {
			s.endField()
			return false, s.done(), nil
		}
		if err != nil {
			return false, 0, err
		}
		switch c {
		case '"':
			s.put('"')
		case ',':
			s.endField()
			return true, 0, nil
		case '\n':
			s.endField()
			return false, s.done(), nil
		case '\r':
			d, err := s.readByte()
			if err == nil && d == '\n' || err == io.EOF {
				s.endField()
				return false, s.done(), nil
			}
			if err != nil {
				return false, 0, err
			}
			s.problem = "text after the closing quote"
			s.badField = len(s.ends)
			return false, csvBad, nil
		default:
			s.problem = fmt.Sprintf("%q after the closing quote", c)
			s.badField = len(s.ends)
			return false, csvBad, nil
		}
	}
}

func (s *csvScanner) done() csvStatus {
	if s.over {
		return csvTooLong
	}
	return csvRecord
}

// resync moves to the line after the first line of a malformed record.
func (s *csvScanner) resync() {
	if s.firstNL >= 0 {
		s.seek(s.firstNL, s.startLine+1)
		return
	}
	for { // the record has not left its first line: skip the rest of it
		b, err := s.readByte()
		if err != nil || b == '\n' {
			return
		}
	}
}

// fieldName names field i of a CSV record for a reject: the header's name,
// or "field N" past the header.
func fieldName(header []string, i int) string {
	if i >= 0 && i < len(header) {
		return header[i]
	}
	return fmt.Sprintf("field %d", i+1)
}
