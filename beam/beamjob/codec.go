package beamjob

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/fnv"
	"hash/maphash"
	"math"
	"sync"

	"github.com/sightline/sightline/resolve/score"
)

// Elements are batches: one element carries the records of one shard
// (a range of hashed keys) from one bundle, not one record. On prism,
// which runs every element through the Fn API in one process, a
// pipeline of one element per pair spent most of its time moving
// elements; a few thousand batches cost next to nothing. Grouping by
// shard and then by key inside the shard is a GroupByKey on the key:
// every key's values meet in one call, as Beam's own GroupByKey gives
// them.

// DefaultShards is how many shards the grouped stages use when the
// options do not say: enough to spread over a small cluster's workers,
// few enough that prism's per-element cost stays negligible.
const DefaultShards = 16

// mix64 spreads a key over the shards (SplitMix64's finalizer): positions
// and hashed blocking keys are not uniform in their low bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func shardOf(k uint64, shards int) int64 { return int64(mix64(k) % uint64(shards)) }

func shardOfString(s string, shards int) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return shardOf(h.Sum64(), shards)
}

// buckets collects a DoFn's output per destination shard.
type buckets struct {
	b map[int64][]byte
}

// pair appends a pair of int64 to a shard's bucket.
func (b *buckets) pair(shard, x, y int64) {
	if b.b == nil {
		b.b = map[int64][]byte{}
	}
	b.b[shard] = appendPair(b.b[shard], x, y)
}

// scored appends a scored pair, after a label, to a shard's bucket.
func (b *buckets) scored(shard, label int64, p *scoredPair) {
	if b.b == nil {
		b.b = map[int64][]byte{}
	}
	b.b[shard] = appendScored(binary.AppendVarint(b.b[shard], label), p)
}

// flush emits every non-empty bucket.
func (b *buckets) flush(emit func(int64, []byte)) {
	for s, v := range b.b {
		if len(v) > 0 {
			emit(s, v)
		}
	}
	b.b = nil
}

// batchBuckets collects values per destination shard, encoded as one
// batch per shard on flush.
type batchBuckets[T any] struct {
	b map[int64][]T
}

func (b *batchBuckets[T]) add(shard int64, v T) {
	if b.b == nil {
		b.b = map[int64][]T{}
	}
	b.b[shard] = append(b.b[shard], v)
}

func (b *batchBuckets[T]) flush(emit func(int64, []byte)) {
	for s, v := range b.b {
		emit(s, encodeBatch(v))
	}
	b.b = nil
}

// Batches of records, groups, mentions and clusters are gob streams: gob
// writes a type's field names once per batch where JSON repeats them for
// every record, token and address, and decodes in about half the time.
// (Both carry exported fields only; the engine's types are plain data.)

// encodeBatch encodes one batch.
func encodeBatch(v any) []byte {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		panic(fmt.Sprintf("beamjob: encoding %T: %v", v, err))
	}
	return buf.Bytes()
}

// decodeBatch decodes one batch into v (a pointer).
func decodeBatch(b []byte, v any) error {
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fmt.Errorf("beamjob: decoding a batch of %T: %w", v, err)
	}
	return nil
}

// decodeBatches decodes the batches of an iterator and appends their
// items to dst.
func decodeBatches[T any](iter func(*[]byte) bool, dst *[]T) error {
	var b []byte
	for iter(&b) {
		if err := appendBatch(b, dst); err != nil {
			return err
		}
	}
	return nil
}

// appendBatch decodes one batch and appends its items to dst.
func appendBatch[T any](b []byte, dst *[]T) error {
	var part []T
	if err := decodeBatch(b, &part); err != nil {
		return err
	}
	*dst = append(*dst, part...)
	return nil
}

// Pairs of int64 (edges, blocking postings) travel as 16 bytes each.

func appendPair(dst []byte, a, b int64) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(a))
	return binary.LittleEndian.AppendUint64(dst, uint64(b))
}

// readPairs appends the pairs of one batch to dst.
func readPairs(b []byte, dst *[][2]int64) error {
	if len(b)%16 != 0 {
		return errors.New("beamjob: a batch of pairs has a torn pair")
	}
	for i := 0; i < len(b); i += 16 {
		*dst = append(*dst, [2]int64{int64(binary.LittleEndian.Uint64(b[i:])), int64(binary.LittleEndian.Uint64(b[i+8:]))})
	}
	return nil
}

// Scored pairs travel in a compact binary form: the pair, its weight
// and probability, and its comparison vector (levels and term
// frequencies), each length-prefixed. JSON took most of the scoring
// stages' time.

func appendScored(dst []byte, p *scoredPair) []byte {
	dst = binary.AppendVarint(dst, p.A)
	dst = binary.AppendVarint(dst, p.B)
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(p.Weight))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(p.Prob))
	dst = binary.AppendUvarint(dst, uint64(len(p.Gamma.Levels)))
	dst = append(dst, p.Gamma.Levels...)
	if p.Gamma.TF == nil {
		return binary.AppendUvarint(dst, 0)
	}
	dst = binary.AppendUvarint(dst, uint64(len(p.Gamma.TF))+1)
	for _, f := range p.Gamma.TF {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
	}
	return dst
}

var errTorn = errors.New("beamjob: a batch of scored pairs is torn")

// readScored decodes a batch of scored pairs.
func readScored(b []byte, dst *[]scoredPair) error {
	for len(b) > 0 {
		var err error
		if b, err = readOneScored(b, dst); err != nil {
			return err
		}
	}
	return nil
}

// readOneScored decodes the scored pair at the start of b and returns
// what follows it.
func readOneScored(b []byte, dst *[]scoredPair) ([]byte, error) {
	var p scoredPair
	var n int
	if p.A, n = binary.Varint(b); n <= 0 {
		return nil, errTorn
	}
	b = b[n:]
	if p.B, n = binary.Varint(b); n <= 0 {
		return nil, errTorn
	}
	b = b[n:]
	if len(b) < 16 {
		return nil, errTorn
	}
	p.Weight = math.Float64frombits(binary.LittleEndian.Uint64(b))
	p.Prob = math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))
	b = b[16:]
	l, n := binary.Uvarint(b)
	if n <= 0 || uint64(len(b)-n) < l {
		return nil, errTorn
	}
	b = b[n:]
	p.Gamma.Levels = append([]uint8(nil), b[:l]...)
	b = b[l:]
	t, n := binary.Uvarint(b)
	if n <= 0 {
		return nil, errTorn
	}
	b = b[n:]
	if t > 0 {
		t--
		if uint64(len(b)) < 8*t {
			return nil, errTorn
		}
		p.Gamma.TF = make([]float64, t)
		for i := range p.Gamma.TF {
			p.Gamma.TF[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		b = b[8*t:]
	}
	*dst = append(*dst, p)
	return b, nil
}

// levelsKey is a comparison vector's levels as a histogram key.
func levelsKey(g score.Gamma) string { return string(g.Levels) }

// sideCache keeps the last value decoded from a side input, keyed by a
// hash of the input's bytes. A runner may build a fresh DoFn for every
// bundle, so a cache in the DoFn does not last: prism decoded the groups'
// records once per pair shard, a quarter of the scoring stage's time.
// Every bundle of a stage sees the same side input (one global window),
// so one entry serves them all; another pipeline in the same process
// (tests) has other bytes and replaces it.
type sideCache[T any] struct {
	mu  sync.Mutex
	ok  bool
	sum uint64
	val T
}

var sideSeed = maphash.MakeSeed()

// get returns the value decoded from raw, decoding it only when raw
// differs from the last call's.
func (c *sideCache[T]) get(raw [][]byte, decode func([][]byte) (T, error)) (T, error) {
	var h maphash.Hash
	h.SetSeed(sideSeed)
	var n [8]byte
	for _, b := range raw {
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	sum := h.Sum64()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.sum == sum {
		return c.val, nil
	}
	v, err := decode(raw)
	if err != nil {
		return v, err
	}
	c.ok, c.sum, c.val = true, sum, v
	return v, nil
}

// rawOf collects a side input's elements.
func rawOf(iter func(*[]byte) bool) [][]byte {
	var out [][]byte
	var b []byte
	for iter(&b) {
		out = append(out, b)
	}
	return out
}

// iterOf iterates over collected elements as a side input would.
func iterOf(raw [][]byte) func(*[]byte) bool {
	i := 0
	return func(b *[]byte) bool {
		if i == len(raw) {
			return false
		}
		*b = raw[i]
		i++
		return true
	}
}
