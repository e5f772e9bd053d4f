package workflow

import (
	"sync"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The related-bidder rule (ENG-A6) needs the lot, supplier and status of
// every bid of the procedure at each submission: decrypting and decoding all
// of them was a quarter of a submission's work in a deadline burst. A sealed
// bid's head is therefore remembered in this process, keyed by what
// identifies one sealed version of one row: the row's id and slot tag (the
// seal's associated data) and the seal's random nonce and authentication tag
// (Sealer.Seal: nonce ‖ ciphertext ‖ tag). A rewrite of the row has a fresh nonce, so a changed bid always
// misses and is opened again; an entry can only be stale for bytes no longer
// stored, never wrong for the bytes read. Nothing of this reaches the
// database: the dump stays sealed (TestBidsDump). The cache holds what the
// server, which holds the key, decrypted or sealed itself.

// bidHeadKey identifies one sealed version of one bid row under one sealer.
type bidHeadKey struct {
	sealer *goumai.Sealer
	id     int64
	slot   string
	seal   [sealIDSize]byte
}

// sealIDSize is the nonce (12 bytes) and the tag (16) of AES-GCM.
const sealIDSize = 28

// bidHeadsMax bounds the cache; when full it starts again (misses only cost
// a decryption).
const bidHeadsMax = 1 << 16

type bidHeadCache struct {
	mu sync.Mutex
	m  map[bidHeadKey]bidHeadValue
}

type bidHeadValue struct {
	lotID, orgID int64
	status       goumai.BidStatus
}

var bidHeads bidHeadCache

// sealID returns the key of a sealed row's version, or false when the bytes
// are too short to be a seal (then the row is simply opened).
func sealID(s *goumai.Sealer, id int64, slot string, sealed []byte) (bidHeadKey, bool) {
	k := bidHeadKey{sealer: s, id: id, slot: slot}
	if len(sealed) < sealIDSize {
		return k, false
	}
	copy(k.seal[:12], sealed[:12])
	copy(k.seal[12:], sealed[len(sealed)-16:])
	return k, true
}

func (c *bidHeadCache) get(k bidHeadKey) (bidHeadValue, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *bidHeadCache) put(k bidHeadKey, v bidHeadValue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= bidHeadsMax {
		c.m = map[bidHeadKey]bidHeadValue{}
	}
	c.m[k] = v
}

// cachedBidHead is bidHead through the cache.
func (s *Service) cachedBidHead(row sqlstore.SealedBid) (goumai.Bid, error) {
	k, ok := sealID(s.Sealer, row.ID, row.Slot, row.Sealed)
	if ok {
		if v, hit := bidHeads.get(k); hit {
			return goumai.Bid{ID: row.ID, LotID: v.lotID, OrgID: v.orgID, Status: v.status}, nil
		}
	}
	b, err := s.bidHead(row)
	if err == nil && ok {
		bidHeads.put(k, bidHeadValue{b.LotID, b.OrgID, b.Status})
	}
	return b, err
}

// rememberBidHead enters a bid just sealed (writeBid). Should its transaction
// roll back, the entry names bytes never stored, which no read will present.
func (s *Service) rememberBidHead(b goumai.Bid, slot string, sealed []byte) {
	if k, ok := sealID(s.Sealer, b.ID, slot, sealed); ok {
		bidHeads.put(k, bidHeadValue{b.LotID, b.OrgID, b.Status})
	}
}
