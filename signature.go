package goumai

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
)

// Electronic signatures of suppliers (REQ-C6, 电子签名法 Arts. 13–14): a
// supplier signs each bid submission's commitment (and later its contracts)
// with a private key only it holds, and registers the public key on its
// profile. The platform accepts keys from any source — a CA's certificate
// key, an 电子营业执照, or one made with `goumai keygen` — so no CA vendor is
// required (REQ-C7). Anyone can verify a signature offline with the public
// key alone (`goumai verify-signature`).

// Signature algorithms.
const (
	AlgEd25519 = "ed25519" // RFC 8032 Ed25519
	AlgSM2     = "sm2"     // SM2 with SM3 and the default user id 1234567812345678 (GB/T 32918.2, GM/T 0009)
)

// SignatureAlgorithms lists the accepted algorithms.
var SignatureAlgorithms = []string{AlgSM2, AlgEd25519}

// PublicKey is a supplier's registered signature verification key.
//
// Key is the key itself: for ed25519 its 32 bytes (RFC 8032), for sm2 the
// 65-byte uncompressed point 04‖x‖y (GB/T 32918.1 §4.2.9). ID is the key's
// fingerprint: the lower-case hex SHA-256 of its SubjectPublicKeyInfo DER (RFC
// 5280 §4.1; for SM2 the id-ecPublicKey form with the sm2p256v1 curve,
// GM/T 0015), so that anyone can recompute it from the key in any encoding
// (`openssl pkey -pubin -outform DER | sha256sum`).
type PublicKey struct {
	ID        string     `json:"id"`
	OrgID     int64      `json:"org_id"`
	Algorithm string     `json:"algorithm"`
	Key       []byte     `json:"key"` // base64 in JSON
	PEM       string     `json:"pem"` // the SubjectPublicKeyInfo as PEM, for other tools
	Label     string     `json:"label,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"` // signatures made from this time on are not accepted
}

// MaxKeyLabel bounds a key's label.
const MaxKeyLabel = 100

// FieldPublicKey is the field of errors about the key text.
const FieldPublicKey = "public_key"

func keyError(zh, en string) error { return Fields{FieldPublicKey: M(zh, en)}.Err() }

// ParsePublicKey reads a public key in a standard encoding: a PEM
// SubjectPublicKeyInfo ("PUBLIC KEY") for either algorithm; for ed25519 also
// the 32 raw bytes in base64 or hex; for sm2 also the uncompressed point
// (65 bytes) in hex or base64. alg may be "" to take the algorithm from the
// key; a key of another algorithm than alg is refused. The returned key has
// Algorithm, Key, PEM and ID set.
func ParsePublicKey(alg, text string) (PublicKey, error) {
	text = strings.TrimSpace(text)
	if alg != "" && alg != AlgEd25519 && alg != AlgSM2 {
		return PublicKey{}, Fields{"algorithm": M("签名算法须为 sm2 或 ed25519", "the algorithm must be sm2 or ed25519")}.Err()
	}
	if text == "" {
		return PublicKey{}, keyError("请填写公钥", "the public key is required")
	}
	var k PublicKey
	switch {
	case strings.HasPrefix(text, "-----BEGIN"):
		b, rest := pem.Decode([]byte(text))
		if b == nil || b.Type != "PUBLIC KEY" || len(bytes.TrimSpace(rest)) > 0 {
			return PublicKey{}, keyError("公钥须为一个 PEM 格式的 PUBLIC KEY（SubjectPublicKeyInfo）", "the key must be one PEM PUBLIC KEY block (SubjectPublicKeyInfo)")
		}
		pub, err := smx509.ParsePKIXPublicKey(b.Bytes)
		if err != nil {
			return PublicKey{}, keyError("无法解析公钥", "the public key cannot be parsed")
		}
		switch p := pub.(type) {
		case ed25519.PublicKey:
			k = PublicKey{Algorithm: AlgEd25519, Key: []byte(p)}
		case *ecdsa.PublicKey:
			if !sm2.IsSM2PublicKey(p) {
				return PublicKey{}, keyError("只接受 SM2 或 Ed25519 公钥", "only SM2 and Ed25519 keys are accepted")
			}
			raw, err := uncompressed(p)
			if err != nil {
				return PublicKey{}, keyError("无法解析公钥", "the public key cannot be parsed")
			}
			k = PublicKey{Algorithm: AlgSM2, Key: raw}
		default:
			return PublicKey{}, keyError("只接受 SM2 或 Ed25519 公钥", "only SM2 and Ed25519 keys are accepted")
		}
	default:
		raw, ok := decodeHexOrBase64(text)
		switch {
		case !ok:
			return PublicKey{}, keyError("公钥须为 PEM，或十六进制、Base64 编码", "the key must be PEM, hex or base64")
		case len(raw) == ed25519.PublicKeySize:
			k = PublicKey{Algorithm: AlgEd25519, Key: raw}
		case len(raw) == 65 && raw[0] == 4:
			k = PublicKey{Algorithm: AlgSM2, Key: raw}
		default:
			return PublicKey{}, keyError("公钥长度不对：Ed25519 为32字节，SM2 为65字节的非压缩点（04开头）", "wrong key length: Ed25519 keys have 32 bytes, SM2 keys are 65-byte uncompressed points (starting 04)")
		}
	}
	if alg != "" && k.Algorithm != alg {
		return PublicKey{}, keyError("公钥与所选算法不符", "the key is not of the algorithm chosen")
	}
	der, err := k.spki()
	if err != nil {
		return PublicKey{}, keyError("公钥不是曲线上的有效点", "the key is not a valid point of the curve")
	}
	sum := sha256.Sum256(der)
	k.ID = hex.EncodeToString(sum[:])
	k.PEM = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	return k, nil
}

// uncompressed returns the SM2 point 04‖x‖y: the subjectPublicKey of the
// key's SubjectPublicKeyInfo, which ends its DER.
func uncompressed(p *ecdsa.PublicKey) ([]byte, error) {
	der, err := smx509.MarshalPKIXPublicKey(p)
	if err != nil || len(der) < 65 || der[len(der)-65] != 4 {
		return nil, errorString("sm2: cannot encode the public key")
	}
	return der[len(der)-65:], nil
}

// spki returns the key's SubjectPublicKeyInfo DER, checking the key.
func (k PublicKey) spki() ([]byte, error) {
	pub, err := k.crypto()
	if err != nil {
		return nil, err
	}
	return smx509.MarshalPKIXPublicKey(pub)
}

// crypto returns the key as the standard library's type.
func (k PublicKey) crypto() (any, error) {
	switch k.Algorithm {
	case AlgEd25519:
		if len(k.Key) != ed25519.PublicKeySize {
			return nil, errorString("ed25519: wrong key length")
		}
		return ed25519.PublicKey(k.Key), nil
	case AlgSM2:
		return sm2.NewPublicKey(k.Key)
	}
	return nil, errorString("unknown signature algorithm " + k.Algorithm)
}

// VerifySignature checks sig over msg with k: Ed25519 (RFC 8032) over the
// message itself, or SM2 with SM3 and the default user id (GB/T 32918.2; the
// signature DER-encoded as SEQUENCE {r, s}, GM/T 0009). It returns nil or an
// EInvalid error. It does not look at the key's revocation: see
// VerifySignatureAt.
func VerifySignature(k PublicKey, msg, sig []byte) error {
	pub, err := k.crypto()
	if err != nil {
		return Errorf(EInvalid, "公钥无效", "the public key is not valid")
	}
	ok := false
	switch p := pub.(type) {
	case ed25519.PublicKey:
		ok = len(sig) == ed25519.SignatureSize && ed25519.Verify(p, msg, sig)
	case *ecdsa.PublicKey:
		ok = sm2.VerifyASN1WithSM2(p, nil, msg, sig)
	}
	if !ok {
		return Errorf(EInvalid, "签名验证失败：签名与内容或公钥不符", "the signature does not verify: it does not match the content or the key")
	}
	return nil
}

// VerifySignatureAt checks sig like VerifySignature, for a signature made at
// signedAt (the time the log recorded it): a key revoked at or before that
// time is refused, so revoking a key never invalidates what it signed before.
func VerifySignatureAt(k PublicKey, msg, sig []byte, signedAt time.Time) error {
	if err := KeyInForceAt(k, signedAt); err != nil {
		return err
	}
	return VerifySignature(k, msg, sig)
}

// KeyInForceAt is VerifySignatureAt's check of the key alone: nil unless the
// key was revoked at or before signedAt. With VerifySignature over the same
// key bytes it is VerifySignatureAt.
func KeyInForceAt(k PublicKey, signedAt time.Time) error {
	if k.RevokedAt != nil && !signedAt.Before(*k.RevokedAt) {
		return Errorf(EInvalid, "该公钥在签名时已被撤销", "the key had been revoked when this was signed")
	}
	return nil
}

// decodeHexOrBase64 decodes text written in hex, else in standard or URL
// base64 (padded or not).
func decodeHexOrBase64(text string) ([]byte, bool) {
	text = strings.Join(strings.Fields(text), "")
	if b, err := hex.DecodeString(text); err == nil && len(text) > 0 {
		return b, true
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil && len(b) > 0 {
			return b, true
		}
	}
	return nil, false
}

// DecodeSignature reads a signature written in base64 (as `goumai sign`
// prints it) or hex.
func DecodeSignature(text string) ([]byte, error) {
	b, ok := decodeHexOrBase64(strings.TrimSpace(text))
	if !ok {
		return nil, Fields{"signature": M("签名须为 Base64 或十六进制编码", "the signature must be base64 or hex")}.Err()
	}
	return b, nil
}
