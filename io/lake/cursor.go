package lake

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"github.com/pierrec/lz4/v4"
)

// cursor reads the values of one column chunk row by row, a page at a time.
type cursor struct {
	pages    parquet.Pages
	values   parquet.ValueReader // of the current page; nil between pages
	buf      []parquet.Value
	pos, n   int
	repeated bool
	row      []parquet.Value
	overflow bool // the last row had more than MaxListItems values
}

func newCursor(chunk parquet.ColumnChunk, repeated bool) *cursor {
	return &cursor{pages: chunk.Pages(), buf: make([]parquet.Value, 256), repeated: repeated}
}

// fill makes c.buf[c.pos] a value; io.EOF at the end of the chunk.
func (c *cursor) fill() error {
	stalls := 0
	for c.pos >= c.n {
		if c.values == nil {
			page, err := c.pages.ReadPage()
			if err != nil {
				return err
			}
			c.values = page.Values()
		}
		n, err := c.values.ReadValues(c.buf)
		c.pos, c.n = 0, n
		switch {
		case err == io.EOF:
			c.values = nil
		case err != nil:
			return err
		case n == 0:
			if stalls++; stalls > 3 {
				return errors.New("page reader makes no progress")
			}
		}
	}
	return nil
}

// next returns the values of the next row, valid until the next call. For
// a repeated column a row is a value with repetition level 0 and the values
// after it with higher levels.
func (c *cursor) next() ([]parquet.Value, error) {
	c.row = c.row[:0]
	c.overflow = false
	if err := c.fill(); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%w: column chunk ends before the row group", ErrCorrupt)
		}
		return nil, err
	}
	v := c.buf[c.pos]
	c.pos++
	c.row = append(c.row, v)
	if !c.repeated {
		return c.row, nil
	}
	if v.RepetitionLevel() != 0 {
		return nil, fmt.Errorf("%w: row does not start at repetition level 0", ErrCorrupt)
	}
	for {
		if err := c.fill(); err != nil {
			if err == io.EOF {
				return c.row, nil
			}
			return nil, err
		}
		v := c.buf[c.pos]
		if v.RepetitionLevel() == 0 {
			return c.row, nil
		}
		c.pos++
		if len(c.row) < MaxListItems {
			c.row = append(c.row, v)
		} else {
			c.overflow = true
		}
	}
}

func (c *cursor) close() error { return c.pages.Close() }

// MaxPageBytes bounds the uncompressed size a page header may claim.
// Writers make pages of at most a few MiB; a larger claim is corruption.
const MaxPageBytes = 256 << 20

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads and counts the bytes read.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// checkChunk walks the page headers of a column chunk and checks the sizes
// they claim against the chunk, before the Parquet library allocates page
// buffers of those sizes (up to 2 GiB for a damaged header). It reads the
// headers and skips the page data.
func checkChunk(r io.ReaderAt, size int64, md *format.ColumnMetaData) error {
	base := md.DataPageOffset
	if md.DictionaryPageOffset > 0 && md.DictionaryPageOffset < base {
		base = md.DictionaryPageOffset
	}
	total := md.TotalCompressedSize
	if base < 0 || total < 0 || base > size || total > size-base {
		return fmt.Errorf("%w: column chunk [%d, +%d) outside the file (%d bytes)", ErrCorrupt, base, total, size)
	}
	cr := &countingReader{r: io.NewSectionReader(r, base, total)}
	br := bufio.NewReaderSize(cr, 32<<10)
	var proto thrift.CompactProtocol
	dec := thrift.NewDecoder(proto.NewReader(br))
	for {
		pos := cr.n - int64(br.Buffered())
		if pos >= total {
			return nil
		}
		var h format.PageHeader
		if err := dec.Decode(&h); err != nil {
			return fmt.Errorf("%w: page header at offset %d: %v", ErrCorrupt, base+pos, err)
		}
		pos = cr.n - int64(br.Buffered())
		if h.CompressedPageSize < 0 || int64(h.CompressedPageSize) > total-pos ||
			h.UncompressedPageSize < 0 || h.UncompressedPageSize > MaxPageBytes {
			return fmt.Errorf("%w: page header at offset %d claims %d bytes (%d uncompressed) with %d left in the chunk",
				ErrCorrupt, base+pos, h.CompressedPageSize, h.UncompressedPageSize, total-pos)
		}
		if md.Codec == format.Lz4Raw {
			// The library's LZ4_RAW decoder doubles its buffer without
			// bound on corrupt input; decode once here into a buffer of
			// the size the header claims.
			if err := checkLz4Page(br, &h); err != nil {
				return fmt.Errorf("%w: LZ4_RAW page at offset %d: %v", ErrCorrupt, base+pos, err)
			}
			continue
		}
		if _, err := br.Discard(int(h.CompressedPageSize)); err != nil {
			return fmt.Errorf("%w: page at offset %d: %v", ErrCorrupt, base+pos, err)
		}
	}
}

// checkLz4Page reads one page and checks that its compressed part decodes
// into at most the uncompressed size its header claims.
func checkLz4Page(br *bufio.Reader, h *format.PageHeader) error {
	data := make([]byte, h.CompressedPageSize)
	if _, err := io.ReadFull(br, data); err != nil {
		return err
	}
	uncompressed := int(h.UncompressedPageSize)
	if v2 := h.DataPageHeaderV2; v2.Valid {
		levels := int(v2.V.RepetitionLevelsByteLength) + int(v2.V.DefinitionLevelsByteLength)
		if levels > len(data) || levels > uncompressed {
			return errors.New("levels exceed the page")
		}
		if v2.V.IsCompressed.Valid && !v2.V.IsCompressed.V {
			return nil
		}
		data, uncompressed = data[levels:], uncompressed-levels
	}
	if len(data) == 0 && uncompressed == 0 {
		return nil
	}
	if _, err := lz4.UncompressBlock(data, make([]byte, uncompressed)); err != nil {
		return err
	}
	return nil
}
