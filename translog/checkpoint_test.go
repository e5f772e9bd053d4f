package translog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/mod/sumdb/note"
)

const testOrigin = "goumai.example/log"

// testKey derives a deterministic key pair from seed, so that signatures are
// reproducible and can be recomputed with crypto/ed25519 alone.
func testKey(t testing.TB, name string, seed byte) (note.Signer, note.Verifier, ed25519.PrivateKey) {
	t.Helper()
	s := bytes.Repeat([]byte{seed}, ed25519.SeedSize)
	skey, vkey, err := note.GenerateKey(bytes.NewReader(s), name)
	if err != nil {
		t.Fatal(err)
	}
	signer, verifier := parseKeys(t, skey, vkey)
	return signer, verifier, ed25519.NewKeyFromSeed(s)
}

func parseKeys(t testing.TB, skey, vkey string) (note.Signer, note.Verifier) {
	t.Helper()
	signer, err := NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return signer, verifier
}

// The signed checkpoint is byte for byte what C2SP tlog-checkpoint and
// signed-note prescribe, recomputed here with crypto/ed25519 and the key ID
// rule SHA-256(name || 0x0A || 0x01 || public key)[:4].
func TestSignCheckpointKnownAnswer(t *testing.T) {
	signer, _, priv := testKey(t, testOrigin, 7)
	root := sha256.Sum256([]byte("root"))
	got, err := SignCheckpoint(testOrigin, 20852163, root, signer)
	if err != nil {
		t.Fatal(err)
	}

	body := testOrigin + "\n20852163\n" + base64.StdEncoding.EncodeToString(root[:]) + "\n"
	pub := priv.Public().(ed25519.PublicKey)
	id := sha256.Sum256(append([]byte(testOrigin+"\n\x01"), pub...))
	sig := append(id[:4:4], ed25519.Sign(priv, []byte(body))...)
	want := body + "\n— " + testOrigin + " " + base64.StdEncoding.EncodeToString(sig) + "\n"
	if string(got) != want {
		t.Errorf("SignCheckpoint =\n%s\nwant\n%s", got, want)
	}
	if got, want := signer.KeyHash(), binary.BigEndian.Uint32(id[:4]); got != want {
		t.Errorf("key hash %08x, want %08x", got, want)
	}
}

func TestCheckpointRoundTrip(t *testing.T) {
	skey, vkey, err := GenerateKey(testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(vkey, testOrigin+"+") || !strings.HasPrefix(skey, "PRIVATE+KEY+"+testOrigin+"+") {
		t.Fatalf("keys not named after the origin: %q", vkey)
	}
	signer, verifier := parseKeys(t, skey, vkey)
	for _, size := range []int64{0, 1, 255, 1 << 40} {
		root := sha256.Sum256([]byte(fmt.Sprint(size)))
		msg, err := SignCheckpoint(testOrigin, size, root, signer)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseCheckpoint(msg, verifier)
		if err != nil {
			t.Fatalf("ParseCheckpoint(size %d): %v", size, err)
		}
		if want := (Checkpoint{Origin: testOrigin, Size: size, Root: root}); !cmp.Equal(got, want) {
			t.Errorf("round trip: %s", cmp.Diff(want, got))
		}
	}
}

func TestParseCheckpointTampered(t *testing.T) {
	signer, verifier, _ := testKey(t, testOrigin, 1)
	_, otherKey, _ := testKey(t, testOrigin, 2) // same name, other key
	_, otherName, _ := testKey(t, "other.example", 1)
	root := sha256.Sum256([]byte("root"))
	msg, err := SignCheckpoint(testOrigin, 42, root, signer)
	if err != nil {
		t.Fatal(err)
	}
	rootB64 := base64.StdEncoding.EncodeToString(root[:])
	otherRoot := sha256.Sum256([]byte("other"))

	tests := []struct {
		name      string
		msg       string
		verifiers []note.Verifier
	}{
		{"changed size", strings.Replace(string(msg), "\n42\n", "\n43\n", 1), []note.Verifier{verifier}},
		{"changed root", strings.Replace(string(msg), rootB64, base64.StdEncoding.EncodeToString(otherRoot[:]), 1), []note.Verifier{verifier}},
		{"changed origin", strings.Replace(string(msg), testOrigin+"\n", "goumai.example/log2\n", 1), []note.Verifier{verifier}},
		{"extra blank line", strings.Replace(string(msg), "\n\n", "\n\n\n", 1), []note.Verifier{verifier}},
		{"extension added", strings.Replace(string(msg), rootB64+"\n", rootB64+"\nextra\n", 1), []note.Verifier{verifier}},
		{"wrong key", string(msg), []note.Verifier{otherKey}},
		{"other log's key", string(msg), []note.Verifier{otherName}},
		{"no verifier", string(msg), nil},
		{"signature removed", string(msg[:bytes.Index(msg, []byte("\n\n"))+2]), []note.Verifier{verifier}},
		{"truncated signature", string(msg[:len(msg)-6]) + "\n", []note.Verifier{verifier}},
		{"control character", strings.Replace(string(msg), "\n42", "\r\n42", 1), []note.Verifier{verifier}},
		{"too large", string(msg) + strings.Repeat("— x AAAAAAAA\n", 6000), []note.Verifier{verifier}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := ParseCheckpoint([]byte(tt.msg), tt.verifiers...); err == nil {
				t.Errorf("ParseCheckpoint accepted %q as %+v", tt.msg, got)
			}
		})
	}

	// A key that is known but whose signature fails is reported as such.
	forged := strings.Replace(string(msg), "\n42\n", "\n43\n", 1)
	_, err = ParseCheckpoint([]byte(forged), verifier)
	var invalid *note.InvalidSignatureError
	if !errors.As(err, &invalid) {
		t.Errorf("forged size: error %v, want a note.InvalidSignatureError", err)
	}
}

// Bodies signed correctly but malformed are refused by the body parser.
func TestParseCheckpointMalformedBody(t *testing.T) {
	signer, verifier, _ := testKey(t, testOrigin, 1)
	root := base64.StdEncoding.EncodeToString(make([]byte, 32))
	tests := []struct {
		name string
		body string
	}{
		{"two lines", testOrigin + "\n5\n"},
		{"size with leading zero", testOrigin + "\n05\n" + root + "\n"},
		{"size with plus", testOrigin + "\n+5\n" + root + "\n"},
		{"negative size", testOrigin + "\n-5\n" + root + "\n"},
		{"size overflow", testOrigin + "\n9223372036854775808\n" + root + "\n"},
		{"size with space", testOrigin + "\n5 \n" + root + "\n"},
		{"empty size", testOrigin + "\n\n" + root + "\n"},
		{"short root", testOrigin + "\n5\n" + base64.StdEncoding.EncodeToString(make([]byte, 31)) + "\n"},
		{"root not base64", testOrigin + "\n5\n" + strings.Repeat("!", 44) + "\n"},
		{"root unpadded", testOrigin + "\n5\n" + base64.RawStdEncoding.EncodeToString(make([]byte, 32)) + "\n"},
		{"empty extension line", testOrigin + "\n5\n" + root + "\n\next\n"},
		{"origin mismatch", "evil.example/log\n5\n" + root + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := note.Sign(&note.Note{Text: tt.body}, signer)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := ParseCheckpoint(msg, verifier); err == nil {
				t.Errorf("ParseCheckpoint(%q) = %+v, want error", tt.body, got)
			}
		})
	}
}

func TestParseCheckpointExtensions(t *testing.T) {
	signer, verifier, _ := testKey(t, testOrigin, 1)
	c := Checkpoint{Origin: testOrigin, Size: 9, Root: sha256.Sum256(nil), Extensions: []string{"timestamp 1700000000", "ext two"}}
	body, err := c.Body()
	if err != nil {
		t.Fatal(err)
	}
	msg, err := note.Sign(&note.Note{Text: body}, signer)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseCheckpoint(msg, verifier)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(got, c) {
		t.Errorf("extensions: %s", cmp.Diff(c, got))
	}
}

// During a key rotation the old and the new key both verify; unknown extra
// signatures (a witness's, say) are ignored.
func TestParseCheckpointSeveralKeys(t *testing.T) {
	_, oldVerifier, _ := testKey(t, testOrigin, 1)
	newSigner, newVerifier, _ := testKey(t, testOrigin, 2)
	witness, _, _ := testKey(t, "witness.example", 3)
	body, err := Checkpoint{Origin: testOrigin, Size: 3, Root: sha256.Sum256(nil)}.Body()
	if err != nil {
		t.Fatal(err)
	}
	msg, err := note.Sign(&note.Note{Text: body}, newSigner, witness)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseCheckpoint(msg, oldVerifier, newVerifier); err != nil {
		t.Errorf("signed by the new key, verified with both: %v", err)
	}
	if _, err := ParseCheckpoint(msg, oldVerifier); err == nil {
		t.Error("signed by the new key only, accepted with the old key")
	}
}

func TestSignCheckpointErrors(t *testing.T) {
	signer, _, _ := testKey(t, testOrigin, 1)
	tests := []struct {
		name   string
		origin string
		size   int64
	}{
		{"name differs from origin", "other.example", 1},
		{"negative size", testOrigin, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SignCheckpoint(tt.origin, tt.size, Hash{}, signer); err == nil {
				t.Error("SignCheckpoint succeeded")
			}
		})
	}
	for _, origin := range []string{"", "has space", "a+b", "new\nline"} {
		if _, _, err := GenerateKey(origin); err == nil {
			t.Errorf("GenerateKey(%q) succeeded", origin)
		}
	}
	if _, err := NewSigner("PRIVATE+KEY+x+00000000+AAAA"); err == nil {
		t.Error("NewSigner accepted a malformed key")
	}
	if _, err := NewVerifier("x+00000000+AAAA"); err == nil {
		t.Error("NewVerifier accepted a malformed key")
	}
	if _, err := (Checkpoint{Origin: testOrigin, Extensions: []string{""}}).Body(); err == nil {
		t.Error("Body accepted an empty extension line")
	}
}
