package translog

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// cosignatureAlg is the C2SP signed-note signature type of timestamped
// Ed25519 witness cosignatures (C2SP tlog-cosignature, "cosignature/v1").
const cosignatureAlg = 0x04

// cosignatureSize is an 8-byte timestamp followed by a 64-byte signature.
const cosignatureSize = 8 + ed25519.SignatureSize

// Cosignature is a verified witness cosignature on a checkpoint.
type Cosignature struct {
	Name    string    // the witness's key name
	KeyHash uint32    // the witness's key ID
	Time    time.Time // when the witness cosigned, per its own clock
}

// NewCosignatureVerifierKey encodes a witness's Ed25519 public key as a
// verifier key "<name>+<id>+<base64(0x04 || key)>", per C2SP tlog-cosignature.
func NewCosignatureVerifierKey(name string, key ed25519.PublicKey) (string, error) {
	if err := checkOrigin(name); err != nil {
		return "", fmt.Errorf("cosigner key name: %w", err)
	}
	if len(key) != ed25519.PublicKeySize {
		return "", fmt.Errorf("cosigner key for %q: %d bytes, want %d", name, len(key), ed25519.PublicKeySize)
	}
	material := append([]byte{cosignatureAlg}, key...)
	return fmt.Sprintf("%s+%08x+%s", name, cosignerKeyID(name, material), base64.StdEncoding.EncodeToString(material)), nil
}

// NewCosignatureVerifier parses a witness verifier key made by
// [NewCosignatureVerifierKey] (or any C2SP tlog-cosignature Ed25519 vkey).
// Its Verify checks cosignature/v1 signatures; pass it to
// [VerifyCosignatures], not to ParseCheckpoint.
func NewCosignatureVerifier(vkey string) (note.Verifier, error) {
	bad := func(why string) (note.Verifier, error) {
		return nil, fmt.Errorf("parse cosigner verifier key %q: %s", vkey, why)
	}
	name, rest, _ := strings.Cut(vkey, "+")
	id16, key64, _ := strings.Cut(rest, "+")
	id, err1 := strconv.ParseUint(id16, 16, 32)
	material, err2 := base64.StdEncoding.DecodeString(key64)
	if checkOrigin(name) != nil || len(id16) != 8 || err1 != nil || err2 != nil {
		return bad(`want "<name>+<8 hex digits>+<base64 key>"`)
	}
	if len(material) != 1+ed25519.PublicKeySize || material[0] != cosignatureAlg {
		return bad("not an Ed25519 cosignature (type 0x04) key")
	}
	if uint32(id) != cosignerKeyID(name, material) {
		return bad("key ID does not match name and key")
	}
	return cosignatureVerifier{name: name, id: uint32(id), key: ed25519.PublicKey(material[1:])}, nil
}

// NewCosigner returns a note.Signer that adds cosignature/v1 lines stamped
// with now(). It is what a witness runs after checking that the checkpoint is
// consistent with the largest one it has seen for the log; goumai uses it in
// tests and to let an operator run a witness of its own.
func NewCosigner(name string, key ed25519.PrivateKey, now func() time.Time) (note.Signer, error) {
	vkey, err := NewCosignatureVerifierKey(name, key.Public().(ed25519.PublicKey))
	if err != nil {
		return nil, err
	}
	v, err := NewCosignatureVerifier(vkey)
	if err != nil {
		return nil, err
	}
	return cosigner{name: name, id: v.KeyHash(), key: key, now: now}, nil
}

// Cosign adds signer's cosignature to the signed checkpoint msg, keeping the
// signatures already on it. The log's signature is verified first with
// logVerifiers; checking consistency with earlier checkpoints is the
// witness's duty, before it calls Cosign.
func Cosign(msg []byte, signer note.Signer, logVerifiers ...note.Verifier) ([]byte, error) {
	n, _, err := openCheckpoint(msg, logVerifiers)
	if err != nil {
		return nil, fmt.Errorf("cosign: %w", err)
	}
	out, err := note.Sign(n, signer)
	if err != nil {
		return nil, fmt.Errorf("cosign as %s: %w", signer.Name(), err)
	}
	return out, nil
}

// VerifyCosignatures returns the cosignatures on the signed checkpoint msg
// made by the given witnesses (verifiers from [NewCosignatureVerifier]).
// Lines of other keys, including the log's own signature, are ignored; a line
// of a known witness that fails to verify is an error. It does not check the
// log's signature: call [ParseCheckpoint] for that, then count the returned
// cosignatures against the caller's quorum policy.
func VerifyCosignatures(msg []byte, witnesses ...note.Verifier) ([]Cosignature, error) {
	if len(msg) > maxCheckpointSize {
		return nil, fmt.Errorf("verify cosignatures: %d bytes exceeds the %d-byte limit", len(msg), maxCheckpointSize)
	}
	n, err := note.Open(msg, note.VerifierList(witnesses...))
	var unverified *note.UnverifiedNoteError
	if errors.As(err, &unverified) {
		return []Cosignature{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("verify cosignatures: %w", err)
	}
	sigs := make([]Cosignature, 0, len(n.Sigs))
	for _, s := range n.Sigs {
		raw, err := base64.StdEncoding.DecodeString(s.Base64)
		if err != nil || len(raw) != 4+cosignatureSize {
			return nil, fmt.Errorf("verify cosignatures: malformed cosignature by %s", s.Name)
		}
		ts := binary.BigEndian.Uint64(raw[4:])
		sigs = append(sigs, Cosignature{Name: s.Name, KeyHash: s.Hash, Time: time.Unix(int64(ts), 0).UTC()})
	}
	return sigs, nil
}

// cosignerKeyID is SHA-256(name || "\n" || 0x04 || public key)[:4], the key
// ID C2SP tlog-cosignature prescribes.
func cosignerKeyID(name string, material []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte("\n"))
	h.Write(material)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// cosignedMessage is the message an Ed25519 cosignature signs: a header line,
// a timestamp line, then the whole checkpoint body.
func cosignedMessage(ts uint64, body []byte) []byte {
	return append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", ts)), body...)
}

type cosignatureVerifier struct {
	name string
	id   uint32
	key  ed25519.PublicKey
}

func (v cosignatureVerifier) Name() string    { return v.name }
func (v cosignatureVerifier) KeyHash() uint32 { return v.id }

func (v cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != cosignatureSize {
		return false
	}
	ts := binary.BigEndian.Uint64(sig)
	if ts > math.MaxInt64 {
		return false
	}
	return ed25519.Verify(v.key, cosignedMessage(ts, msg), sig[8:])
}

type cosigner struct {
	name string
	id   uint32
	key  ed25519.PrivateKey
	now  func() time.Time
}

func (s cosigner) Name() string    { return s.name }
func (s cosigner) KeyHash() uint32 { return s.id }

func (s cosigner) Sign(msg []byte) ([]byte, error) {
	t := s.now().Unix()
	if t < 0 {
		return nil, fmt.Errorf("cosign: clock before 1970: %d", t)
	}
	ts := uint64(t)
	sig := binary.BigEndian.AppendUint64(nil, ts)
	return append(sig, ed25519.Sign(s.key, cosignedMessage(ts, msg))...), nil
}
