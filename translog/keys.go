package translog

import (
	"crypto/rand"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// GenerateKey creates a new Ed25519 signing key for the log whose checkpoint
// origin is origin. The key name is the origin, as C2SP tlog-checkpoint
// recommends, so that a verifier can tell which log a key belongs to.
//
// skey ("PRIVATE+KEY+<origin>+<id>+<key>") must be kept secret; vkey
// ("<origin>+<id>+<key>") is published on the portal and in the README.
func GenerateKey(origin string) (skey, vkey string, err error) {
	if err := checkOrigin(origin); err != nil {
		return "", "", fmt.Errorf("generate log key: %w", err)
	}
	skey, vkey, err = note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return "", "", fmt.Errorf("generate log key for %q: %w", origin, err)
	}
	return skey, vkey, nil
}

// NewSigner parses an encoded signer key made by [GenerateKey].
func NewSigner(skey string) (note.Signer, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		// The key itself is secret: never echo it into the error.
		return nil, fmt.Errorf("parse log signer key: %w", err)
	}
	return s, nil
}

// NewVerifier parses an encoded verifier key made by [GenerateKey].
func NewVerifier(vkey string) (note.Verifier, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("parse log verifier key %q: %w", vkey, err)
	}
	return v, nil
}
