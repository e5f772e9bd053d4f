package workflow

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// TestPreparedSubmission: the work SubmitBid does before its transaction
// counts only for the very bytes the transaction reads. A signature verified
// beforehand spares the transaction the verification only with the same key
// bytes and the same commitment, and never the key's revocation at the
// transaction's time; a bid opened beforehand is taken only for the same row
// and sealed bytes, and once.
func TestPreparedSubmission(t *testing.T) {
	key := func() (goumai.SigningKey, goumai.PublicKey) {
		k, err := goumai.GenerateSigningKey(goumai.AlgEd25519, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := k.Public()
		if err != nil {
			t.Fatal(err)
		}
		return k, pub
	}
	commit := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	k1, pub1 := key()
	_, pub2 := key()
	c1, c2 := commit("draft 1"), commit("draft 2")
	sig, err := k1.Sign(goumai.BidSigningMessage(c1))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 30, 9, 0, 0, 0, goumai.Shanghai)
	pre := &preSubmission{key: pub1, msg: goumai.BidSigningMessage(c1)}
	if err := pre.verifySubmission(pub1, c1, sig, now); err != nil {
		t.Errorf("the verified key and commitment: %v", err)
	}
	revoked := pub1
	at := now.Add(-time.Minute)
	revoked.RevokedAt = &at
	if err := pre.verifySubmission(revoked, c1, sig, now); err == nil {
		t.Error("a key revoked before the transaction's time was taken")
	}
	other := pub2
	other.ID = pub1.ID // the same fingerprint cannot have other bytes; the bytes decide anyway
	if err := pre.verifySubmission(other, c1, sig, now); err == nil {
		t.Error("another key's bytes were taken as verified")
	}
	if err := pre.verifySubmission(pub1, c2, sig, now); err == nil {
		t.Error("another commitment was taken as verified")
	}
	var none *preSubmission
	if err := none.verifySubmission(pub1, c1, sig, now); err != nil {
		t.Errorf("nothing prepared, a valid signature: %v", err)
	}
	if err := (&preSubmission{}).verifySubmission(pub1, c1, []byte("forged"), now); err == nil {
		t.Error("nothing prepared, a forged signature was taken")
	}

	row := sqlstore.SealedBid{ID: 7, Slot: "slot", Sealed: []byte("sealed bytes")}
	bid := goumai.Bid{ID: 7, LotID: 3, OrgID: 9, Status: goumai.BidDraft}
	opened := func() *preSubmission {
		return &preSubmission{row: sqlstore.SealedBid{ID: 7, Slot: "slot", Sealed: []byte("sealed bytes")}, bid: bid, opened: true}
	}
	for name, r := range map[string]sqlstore.SealedBid{
		"another row":   {ID: 8, Slot: row.Slot, Sealed: row.Sealed},
		"another slot":  {ID: 7, Slot: "other", Sealed: row.Sealed},
		"rewritten row": {ID: 7, Slot: row.Slot, Sealed: []byte("sealed bytez")},
	} {
		if _, ok := opened().openedBid(r); ok {
			t.Errorf("%s: the bid opened beforehand was taken", name)
		}
	}
	p := opened()
	if b, ok := p.openedBid(row); !ok || b.OrgID != 9 {
		t.Errorf("the same bytes: %v %v", b, ok)
	}
	if _, ok := p.openedBid(row); ok {
		t.Error("the bid opened beforehand was taken twice")
	}
	if _, ok := none.openedBid(row); ok {
		t.Error("nothing prepared, a bid was taken")
	}
}
