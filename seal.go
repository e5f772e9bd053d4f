package goumai

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Sealed bids (issue 8 item 9): a bid's content is encrypted at rest with a
// master key kept outside the database — a key file named by the operator
// (GOUMAI_SEAL_KEY_FILE, --seal-key) — so that a dump of the database taken
// before opening reveals nothing. Rows are found again by keyed tags (HMAC
// under a key derived from the master key), never by plaintext values.

// SealKeySize is the master key's size: 32 bytes, AES-256.
const SealKeySize = 32

// Sealer encrypts and tags bid data with keys derived from the master key.
// It is safe for concurrent use.
type Sealer struct {
	aead   cipher.AEAD
	tagKey []byte
}

// NewSealer derives the sealing keys from a 32-byte master key.
func NewSealer(master []byte) (*Sealer, error) {
	if len(master) != SealKeySize {
		return nil, fmt.Errorf("seal key: %d bytes, want %d", len(master), SealKeySize)
	}
	block, err := aes.NewCipher(derive(master, "goumai seal v1 aes-256-gcm"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead, tagKey: derive(master, "goumai seal v1 hmac tag")}, nil
}

// derive is HMAC-SHA256(master, purpose): one independent key per purpose.
func derive(master []byte, purpose string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// Seal encrypts plain with AES-256-GCM under a fresh random nonce, binding it
// to aad (the row it belongs to, so sealed rows cannot be swapped). The
// result is nonce ‖ ciphertext.
func (s *Sealer) Seal(plain []byte, aad string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(aad))
}

// Open decrypts what Seal returned for the same aad.
func (s *Sealer) Open(sealed []byte, aad string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errors.New("open sealed data: too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("open sealed data: %w", err)
	}
	return plain, nil
}

// Tag is the keyed tag of parts (hex HMAC-SHA256): equal parts give equal
// tags, and without the key nobody can compute or confirm one.
func (s *Sealer) Tag(parts ...string) string {
	m := hmac.New(sha256.New, s.tagKey)
	for _, p := range parts {
		fmt.Fprintf(m, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// NewSealKey returns a fresh master key as the text of a key file.
func NewSealKey(random io.Reader) (string, error) {
	k := make([]byte, SealKeySize)
	if _, err := io.ReadFull(random, k); err != nil {
		return "", err
	}
	return "goumai-seal-key-v1 " + hex.EncodeToString(k) + "\n", nil
}

// ParseSealKey reads the master key from a key file's text.
func ParseSealKey(text []byte) ([]byte, error) {
	f := strings.Fields(string(text))
	if len(f) != 2 || f[0] != "goumai-seal-key-v1" {
		return nil, errors.New(`seal key file: want "goumai-seal-key-v1 <64 hex digits>"`)
	}
	k, err := hex.DecodeString(f[1])
	if err != nil || len(k) != SealKeySize {
		return nil, errors.New("seal key file: the key is not 64 hex digits")
	}
	return k, nil
}
