package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"slices"

	"github.com/goumai/goumai"
)

// The verifiable panel draw (ENG-F3): the one function the server draws with
// and `goumai log check-draw` re-runs.

// SecretSize is the size of a party's secret, in bytes.
const SecretSize = 32

// CommitHash returns the commitment to a secret (64 hex digits): the hex
// SHA-256 of its 32 bytes. It refuses a secret that is not 64 hex digits.
func CommitHash(secretHex string) (string, error) {
	b, err := hex.DecodeString(secretHex)
	if err != nil || len(b) != SecretSize {
		return "", goumai.Fields{"secret": goumai.M("秘密值应为64位十六进制数字", "the secret is 64 hex digits")}.Err()
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// ValidHash reports whether h is 64 lowercase hex digits.
func ValidHash(h string) bool {
	b, err := hex.DecodeString(h)
	return err == nil && len(b) == sha256.Size && hex.EncodeToString(b) == h
}

// DrawSeed is SHA-256(root ‖ the revealed secrets, supervisor's first ‖
// leaf): root is the first signed checkpoint's root over the request's
// leaf, leaf the request leaf's hash; a secret not revealed is left out.
func DrawSeed(root, leaf [32]byte, supervisorSecret, organizerSecret string) ([32]byte, error) {
	h := sha256.New()
	h.Write(root[:])
	for _, s := range []string{supervisorSecret, organizerSecret} {
		if s == "" {
			continue
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != SecretSize {
			return [32]byte{}, goumai.Fields{"secret": goumai.M("秘密值应为64位十六进制数字", "the secret is 64 hex digits")}.Err()
		}
		h.Write(b)
	}
	h.Write(leaf[:])
	var seed [32]byte
	copy(seed[:], h.Sum(nil))
	return seed, nil
}

// DrawPanel draws n of the pool with the seed: ChaCha8 seeded with the 32
// bytes, a Fisher–Yates shuffle of the pool sorted ascending, the first n in
// draw order. The same seed, pool and n always give the same panel.
func DrawPanel(seed [32]byte, pool []int64, n int) []int64 {
	ids := slices.Clone(pool)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	n = min(n, len(ids))
	r := rand.New(rand.NewChaCha8(seed))
	for i := 0; i < n; i++ {
		j := i + r.IntN(len(ids)-i)
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids[:n]
}
