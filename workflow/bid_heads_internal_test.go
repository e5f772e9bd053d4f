package workflow

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// TestCachedBidHead: the related-bidder rule's view of a sealed bid (lot,
// supplier, status) is remembered per sealed version of a row: a rewrite is
// read afresh, bytes moved to another slot are opened (and refused) rather
// than answered from the cache, and a bid just written (rememberBidHead) is
// answered as written.
func TestCachedBidHead(t *testing.T) {
	sealer, err := goumai.NewSealer(bytes.Repeat([]byte{7}, goumai.SealKeySize))
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Sealer: sealer}
	seal := func(b goumai.Bid) sqlstore.SealedBid {
		plain, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		slot := s.slotTag(b.ProcurementID, b.LotID, b.OrgID)
		return sqlstore.SealedBid{ID: b.ID, Slot: slot, Sealed: sealer.Seal(plain, "bid:"+slot)}
	}
	head := func(row sqlstore.SealedBid) goumai.Bid {
		t.Helper()
		h, err := s.cachedBidHead(row)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	bid := goumai.Bid{ID: 41, ProcurementID: 9, LotID: 3, OrgID: 77, Status: goumai.BidDraft}
	v1 := seal(bid)
	for range 2 { // opened, then from the cache
		if h := head(v1); h.ID != 41 || h.LotID != 3 || h.OrgID != 77 || h.Status != goumai.BidDraft {
			t.Fatalf("head of the draft: %+v", h)
		}
	}
	bid.Status = goumai.BidSubmitted
	if h := head(seal(bid)); h.Status != goumai.BidSubmitted {
		t.Errorf("the rewritten bid reads %s from the cache, want submitted", h.Status)
	}
	moved := v1
	moved.Slot = s.slotTag(9, 3, 78)
	if _, err := s.cachedBidHead(moved); err == nil {
		t.Errorf("a sealed version moved to another slot answered from the cache, want it opened and refused")
	}
	bid.Status = goumai.BidWithdrawn
	v3 := seal(bid)
	s.rememberBidHead(bid, v3.Slot, v3.Sealed)
	bidHeads.mu.Lock()
	_, ok := bidHeads.m[bidHeadKey{sealer: sealer, id: 41, slot: v3.Slot, seal: sealIDOf(v3.Sealed)}]
	bidHeads.mu.Unlock()
	if h := head(v3); !ok || h.Status != goumai.BidWithdrawn {
		t.Errorf("a bid just written: remembered %v, head %s, want remembered and withdrawn", ok, h.Status)
	}
}

func sealIDOf(sealed []byte) [sealIDSize]byte {
	var k [sealIDSize]byte
	copy(k[:12], sealed[:12])
	copy(k[12:], sealed[len(sealed)-16:])
	return k
}
