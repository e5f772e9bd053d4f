package goumai

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// SigningKey is a supplier's private key, held by the supplier only (in a file
// it keeps, never on the platform): `goumai keygen` makes one, `goumai sign`
// uses it.
type SigningKey struct {
	Algorithm string
	ed        ed25519.PrivateKey
	sm        *sm2.PrivateKey
}

// GenerateSigningKey makes a new key of the algorithm, reading randomness from
// rand (crypto/rand.Reader when nil).
func GenerateSigningKey(alg string, random io.Reader) (SigningKey, error) {
	if random == nil {
		random = rand.Reader
	}
	switch alg {
	case AlgEd25519:
		_, priv, err := ed25519.GenerateKey(random)
		return SigningKey{Algorithm: alg, ed: priv}, err
	case AlgSM2:
		priv, err := sm2.GenerateKey(random)
		return SigningKey{Algorithm: alg, sm: priv}, err
	}
	return SigningKey{}, fmt.Errorf("unknown signature algorithm %q (want sm2 or ed25519)", alg)
}

// SigningKeyFromSeed derives a key from a 32-byte seed: the Ed25519 seed of
// RFC 8032, or the SM2 private scalar. For known keys only (tests, the demo's
// published demo key): a real key comes from GenerateSigningKey.
func SigningKeyFromSeed(alg string, seed []byte) (SigningKey, error) {
	if len(seed) != 32 {
		return SigningKey{}, fmt.Errorf("a seed has 32 bytes, not %d", len(seed))
	}
	switch alg {
	case AlgEd25519:
		return SigningKey{Algorithm: alg, ed: ed25519.NewKeyFromSeed(seed)}, nil
	case AlgSM2:
		priv, err := sm2.NewPrivateKey(seed)
		return SigningKey{Algorithm: alg, sm: priv}, err
	}
	return SigningKey{}, fmt.Errorf("unknown signature algorithm %q (want sm2 or ed25519)", alg)
}

// ParseSigningKey reads a private key from PEM: PKCS #8 ("PRIVATE KEY", as
// `goumai keygen` and `openssl genpkey` write it) holding an Ed25519 or SM2 key.
func ParseSigningKey(pemText []byte) (SigningKey, error) {
	b, _ := pem.Decode(pemText)
	if b == nil || b.Type != "PRIVATE KEY" {
		return SigningKey{}, fmt.Errorf("not a PEM PKCS #8 private key (-----BEGIN PRIVATE KEY-----)")
	}
	key, err := smx509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return SigningKey{}, fmt.Errorf("parse private key: %w", err)
	}
	switch k := key.(type) {
	case ed25519.PrivateKey:
		return SigningKey{Algorithm: AlgEd25519, ed: k}, nil
	case *sm2.PrivateKey:
		return SigningKey{Algorithm: AlgSM2, sm: k}, nil
	}
	return SigningKey{}, fmt.Errorf("the private key is neither Ed25519 nor SM2")
}

// PEM returns the private key as PKCS #8 PEM.
func (k SigningKey) PEM() ([]byte, error) {
	var key any = k.ed
	if k.Algorithm == AlgSM2 {
		key = k.sm
	}
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// Public returns the public key to register, with its fingerprint.
func (k SigningKey) Public() (PublicKey, error) {
	var raw []byte
	switch k.Algorithm {
	case AlgEd25519:
		raw = k.ed.Public().(ed25519.PublicKey)
	case AlgSM2:
		var err error
		if raw, err = uncompressed(&k.sm.PublicKey); err != nil {
			return PublicKey{}, err
		}
	default:
		return PublicKey{}, fmt.Errorf("no key")
	}
	return ParsePublicKey(k.Algorithm, hex.EncodeToString(raw))
}

// Sign signs msg: Ed25519, or SM2 with SM3 and the default user id. Both are
// deterministic — the SM2 nonce is derived from the key and the message
// (RFC 6979 with HMAC-SM3) — so a signature never depends on a random source
// and a known key and message give a known signature. Any valid SM2 signature,
// deterministic or not, verifies.
func (k SigningKey) Sign(msg []byte) ([]byte, error) {
	switch k.Algorithm {
	case AlgEd25519:
		return ed25519.Sign(k.ed, msg), nil
	case AlgSM2:
		return k.sm.Sign(nil, msg, sm2.DefaultSM2SignerOpts)
	}
	return nil, fmt.Errorf("no key")
}
