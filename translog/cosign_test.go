package translog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"
)

func testCosigner(t *testing.T, name string, seed byte, at time.Time) (note.Signer, note.Verifier, ed25519.PrivateKey) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	s, err := NewCosigner(name, priv, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	vkey, err := NewCosignatureVerifierKey(name, priv.Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewCosignatureVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return s, v, priv
}

func TestCosignature(t *testing.T) {
	logSigner, logVerifier, _ := testKey(t, testOrigin, 1)
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	w1, v1, priv1 := testCosigner(t, "witness.example/w1", 10, at)
	w2, v2, _ := testCosigner(t, "audit.example/w2", 11, at.Add(time.Minute))
	_, v3, _ := testCosigner(t, "news.example/w3", 12, at)

	root := sha256.Sum256([]byte("root"))
	msg, err := SignCheckpoint(testOrigin, 1000, root, logSigner)
	if err != nil {
		t.Fatal(err)
	}
	msg, err = Cosign(msg, w1, logVerifier)
	if err != nil {
		t.Fatal(err)
	}
	msg, err = Cosign(msg, w2, logVerifier)
	if err != nil {
		t.Fatal(err)
	}

	// The log signature still verifies and the body is untouched.
	cp, err := ParseCheckpoint(msg, logVerifier)
	if err != nil {
		t.Fatalf("ParseCheckpoint of cosigned checkpoint: %v", err)
	}
	if cp.Size != 1000 || cp.Root != root {
		t.Errorf("cosigned checkpoint = %+v", cp)
	}

	got, err := VerifyCosignatures(msg, v1, v2, v3)
	if err != nil {
		t.Fatal(err)
	}
	want := []Cosignature{
		{Name: "witness.example/w1", KeyHash: v1.KeyHash(), Time: at},
		{Name: "audit.example/w2", KeyHash: v2.KeyHash(), Time: at.Add(time.Minute)},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("VerifyCosignatures = %v, want %v", got, want)
	}

	// Known answer: the w1 line is 4-byte key ID, 8-byte timestamp and an
	// Ed25519 signature of "cosignature/v1\ntime <t>\n" + body (C2SP
	// tlog-cosignature), with key ID SHA-256(name || 0x0A || 0x04 || key)[:4].
	body, err := cp.Body()
	if err != nil {
		t.Fatal(err)
	}
	pub := priv1.Public().(ed25519.PublicKey)
	id := sha256.Sum256(append([]byte("witness.example/w1\n\x04"), pub...))
	line := "— witness.example/w1 "
	i := strings.Index(string(msg), line)
	raw, err := base64.StdEncoding.DecodeString(strings.SplitN(string(msg[i+len(line):]), "\n", 2)[0])
	if err != nil || len(raw) != 4+8+64 {
		t.Fatalf("cosignature line: %v, %d bytes", err, len(raw))
	}
	if !bytes.Equal(raw[:4], id[:4]) {
		t.Errorf("key ID %x, want %x", raw[:4], id[:4])
	}
	if ts := binary.BigEndian.Uint64(raw[4:]); ts != uint64(at.Unix()) {
		t.Errorf("timestamp %d, want %d", ts, at.Unix())
	}
	signed := fmt.Sprintf("cosignature/v1\ntime %d\n%s", at.Unix(), body)
	if !ed25519.Verify(pub, []byte(signed), raw[12:]) {
		t.Error("cosignature does not verify over the C2SP cosigned message")
	}

	// Only unknown witnesses: no cosignatures, no error.
	if got, err := VerifyCosignatures(msg, v3); err != nil || len(got) != 0 {
		t.Errorf("VerifyCosignatures(unknown witness) = %v, %v; want none", got, err)
	}
	// A known witness whose line does not verify rejects the note.
	tampered := bytes.Replace(msg, []byte("\n1000\n"), []byte("\n1001\n"), 1)
	if _, err := VerifyCosignatures(tampered, v1); err == nil {
		t.Error("tampered cosigned checkpoint accepted")
	}
	// A cosignature is not a log signature.
	if _, err := ParseCheckpoint(msg, v1); err == nil {
		t.Error("ParseCheckpoint accepted a checkpoint on a witness key alone")
	}
	// Witnesses only cosign what the log signed.
	if _, err := Cosign(tampered, w1, logVerifier); err == nil {
		t.Error("Cosign signed a checkpoint whose log signature fails")
	}
}

func TestCosignatureKeyErrors(t *testing.T) {
	_, vkey, err := note.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{1}, 32)), "w.example")
	if err != nil {
		t.Fatal(err)
	}
	pub := make([]byte, 32)
	good, err := NewCosignatureVerifierKey("w.example", pub)
	if err != nil {
		t.Fatal(err)
	}
	tests := []string{
		vkey, // an Ed25519 (type 0x01) note key is not a cosignature key
		"", "w.example", "w.example+0000000+AAAA",
		strings.Replace(good, "w.example+", "x.example+", 1), // key ID of another name
		"w example+00000000+" + base64.StdEncoding.EncodeToString(append([]byte{4}, pub...)),
	}
	for _, k := range tests {
		if _, err := NewCosignatureVerifier(k); err == nil {
			t.Errorf("NewCosignatureVerifier(%q) succeeded", k)
		}
	}
	if _, err := NewCosignatureVerifierKey("w.example", pub[:31]); err == nil {
		t.Error("short public key accepted")
	}
	if _, err := NewCosigner("bad name", ed25519.NewKeyFromSeed(make([]byte, 32)), func() time.Time { return time.Unix(0, 0) }); err == nil {
		t.Error("cosigner name with a space accepted")
	}
}
