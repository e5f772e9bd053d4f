package workflow

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are argon2id's cost parameters.
type PasswordParams struct {
	Time    uint32
	MemKiB  uint32
	Threads uint8
}

// DefaultPasswordParams follow RFC 9106's second recommended option (64 MiB, 3 passes).
var DefaultPasswordParams = PasswordParams{Time: 3, MemKiB: 64 * 1024, Threads: 2}

// FastPasswordParams are for tests and bulk demo data only.
var FastPasswordParams = PasswordParams{Time: 1, MemKiB: 1024, Threads: 1}

// HashPassword returns an argon2id hash in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
func HashPassword(pw string, p PasswordParams) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// parsePHC reads a PHC argon2id hash; ok is false for anything else, and for
// parameters too large to check safely.
func parsePHC(phc string) (p PasswordParams, salt, key []byte, ok bool) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 || p.MemKiB > 1<<20 || p.Time > 16 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// CheckPassword reports whether pw matches a PHC argon2id hash.
func CheckPassword(pw, phc string) bool {
	p, salt, want, ok := parsePHC(phc)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// checkHash is CheckPassword for sign-in; a test counts its calls.
var checkHash = CheckPassword

// sameParams reports whether a PHC hash was made with p.
func sameParams(phc string, p PasswordParams) bool {
	q, _, _, ok := parsePHC(phc)
	return ok && q == p
}

// dummyHashes holds, per parameters, the hash checked when a username does not
// exist, so that a login takes as long for an unknown user as for a wrong
// password: the same argon2id work as a real check at those parameters. Each is
// made on first use: argon2id is deliberately expensive, and most commands
// never sign anyone in.
var dummyHashes sync.Map // PasswordParams → string

func dummyHash(p PasswordParams) string {
	if h, ok := dummyHashes.Load(p); ok {
		return h.(string)
	}
	h, err := HashPassword("not-a-password", p)
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	v, _ := dummyHashes.LoadOrStore(p, h)
	return v.(string)
}
