package goumai

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
	"time"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The SM2 vector: the private scalar below, its public key as OpenSSL 3.0
// writes it (`openssl pkey -pubout`), and a signature OpenSSL made over the
// message with SM3 and the default id (`openssl pkeyutl -sign -rawin -digest
// sm3 -pkeyopt distid:1234567812345678`): an answer computed by another
// implementation. The fingerprint is `openssl pkey -pubin -outform DER | sha256sum`.
const (
	sm2Seed   = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
	sm2PubPEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAECfnfMR5UIaFQ3X0WHkvFxnIXn60Y
M/wHa7CP81bzUCDM6kkM4md1pS3G6nGMwapgCu0F+/NeCEpmMvYHLamtEw==
-----END PUBLIC KEY-----`
	sm2Point       = "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
	sm2Fingerprint = "c97c174acc1b56be277862230f92b0f9fa9b83c2aa471ceabb67533a91536bea"
	sm2Msg         = "goumai known-answer test"
	sm2OpenSSLSig  = "3045022100c6f3d2718b525f277762f44605766353c419cb42c48487742b8dcf3299d2639c022033757d5d3804b720176e470cf994b36571db9ec6a159aed72dc405139f42dd80"
	// goumai's own deterministic signature of the message (RFC 6979 nonce
	// with HMAC-SM3); OpenSSL verifies it too.
	sm2GoumaiSig = "30450220743c446bc3b247c65644513fbd5d8b1f37cc692aee00069b9ad8d93163327f32022100fab46982842f630437c933230452f9db4d64480fdead80249a1b5cbef47331cc"
)

// RFC 8032 §7.1, TEST 1 (the empty message) and TEST 2.
const (
	edSeed       = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	edPub        = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	edSig        = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
	ed2Pub       = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
	ed2Msg       = "72"
	ed2Sig       = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
	edSPKIPrefix = "302a300506032b6570032100" // the DER of an Ed25519 SubjectPublicKeyInfo before the key (RFC 8410)
)

func TestSignatureKnownAnswers(t *testing.T) {
	sm2Key, err := ParsePublicKey(AlgSM2, sm2PubPEM)
	if err != nil {
		t.Fatal(err)
	}
	if sm2Key.ID != sm2Fingerprint || hex.EncodeToString(sm2Key.Key) != sm2Point {
		t.Errorf("SM2 key: id %s point %x, want %s %s", sm2Key.ID, sm2Key.Key, sm2Fingerprint, sm2Point)
	}
	edKey, err := ParsePublicKey("", base64.StdEncoding.EncodeToString(mustHex(t, edPub)))
	if err != nil {
		t.Fatal(err)
	}
	ed2Key, err := ParsePublicKey(AlgEd25519, ed2Pub)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		key      PublicKey
		msg, sig []byte
		ok       bool
	}{
		{"sm2 openssl", sm2Key, []byte(sm2Msg), mustHex(t, sm2OpenSSLSig), true},
		{"sm2 goumai", sm2Key, []byte(sm2Msg), mustHex(t, sm2GoumaiSig), true},
		{"sm2 other message", sm2Key, []byte(sm2Msg + "."), mustHex(t, sm2OpenSSLSig), false},
		{"sm2 truncated signature", sm2Key, []byte(sm2Msg), mustHex(t, sm2OpenSSLSig)[:40], false},
		{"ed25519 rfc8032 test 1", edKey, nil, mustHex(t, edSig), true},
		{"ed25519 rfc8032 test 2", ed2Key, mustHex(t, ed2Msg), mustHex(t, ed2Sig), true},
		{"ed25519 other key", ed2Key, nil, mustHex(t, edSig), false},
		{"sm2 signature, ed25519 key", edKey, []byte(sm2Msg), mustHex(t, sm2OpenSSLSig), false},
	} {
		err := VerifySignature(c.key, c.msg, c.sig)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
		}
		if err != nil && ErrorCode(err) != EInvalid {
			t.Errorf("%s: code %s, want invalid", c.name, ErrorCode(err))
		}
	}
}

func TestSigningKnownAnswers(t *testing.T) {
	for _, c := range []struct {
		alg, seed, msg, sig, pub string
	}{
		{AlgSM2, sm2Seed, hex.EncodeToString([]byte(sm2Msg)), sm2GoumaiSig, sm2Point},
		{AlgEd25519, edSeed, "", edSig, edPub},
	} {
		k, err := SigningKeyFromSeed(c.alg, mustHex(t, c.seed))
		if err != nil {
			t.Fatal(err)
		}
		sig, err := k.Sign(mustHex(t, c.msg))
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(sig) != c.sig {
			t.Errorf("%s: signature %x, want %s", c.alg, sig, c.sig)
		}
		pub, err := k.Public()
		if err != nil || hex.EncodeToString(pub.Key) != c.pub {
			t.Errorf("%s: public key %x %v, want %s", c.alg, pub.Key, err, c.pub)
		}
		// The key survives its PEM file, and the public key its PEM.
		p, err := k.PEM()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseSigningKey(p)
		if err != nil {
			t.Fatal(err)
		}
		if sig2, _ := back.Sign(mustHex(t, c.msg)); !bytes.Equal(sig2, sig) {
			t.Errorf("%s: the key read back from PEM signs differently", c.alg)
		}
		again, err := ParsePublicKey("", pub.PEM)
		if err != nil || again.ID != pub.ID {
			t.Errorf("%s: PEM round trip: %v %v", c.alg, again.ID, err)
		}
	}
	// An Ed25519 key's id is the SHA-256 of its SubjectPublicKeyInfo (RFC 8410: a fixed prefix and the key).
	k, err := ParsePublicKey(AlgEd25519, edPub)
	sum := sha256.Sum256(mustHex(t, edSPKIPrefix+edPub))
	if err != nil || k.ID != hex.EncodeToString(sum[:]) {
		t.Errorf("ed25519 key id %q (%v), want %x", k.ID, err, sum)
	}
}

func TestGeneratedKeysSign(t *testing.T) {
	for _, alg := range SignatureAlgorithms {
		k, err := GenerateSigningKey(alg, nil)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := k.Public()
		if err != nil {
			t.Fatal(err)
		}
		sig, err := k.Sign([]byte("commitment"))
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifySignature(pub, []byte("commitment"), sig); err != nil {
			t.Errorf("%s: %v", alg, err)
		}
	}
}

func TestParsePublicKeyRefuses(t *testing.T) {
	for _, c := range []struct{ name, alg, text string }{
		{"empty", "", " "},
		{"not encoded", "", "not a key!"},
		{"wrong length", "", "00112233"},
		{"point off the curve", AlgSM2, "04" + sm2Point[2:len(sm2Point)-2] + "00"},
		{"compressed point", "", "02" + sm2Point[2:66]},
		{"algorithm mismatch", AlgEd25519, sm2PubPEM},
		{"unknown algorithm", "rsa", edPub},
		{"P-256 key", "", "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9\nq9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==\n-----END PUBLIC KEY-----"},
		{"two PEM blocks", "", sm2PubPEM + "\n" + sm2PubPEM},
	} {
		if _, err := ParsePublicKey(c.alg, c.text); ErrorCode(err) != EInvalid {
			t.Errorf("%s: %v, want invalid", c.name, err)
		}
	}
}

// A revoked key still verifies what it signed before its revocation, and
// nothing signed at or after it.
func TestVerifySignatureAt(t *testing.T) {
	k, err := ParsePublicKey(AlgSM2, sm2PubPEM)
	if err != nil {
		t.Fatal(err)
	}
	revoked := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	k.RevokedAt = &revoked
	sig := mustHex(t, sm2OpenSSLSig)
	if err := VerifySignatureAt(k, []byte(sm2Msg), sig, revoked.Add(-time.Second)); err != nil {
		t.Errorf("signed before revocation: %v", err)
	}
	if err := VerifySignatureAt(k, []byte(sm2Msg), sig, revoked); ErrorCode(err) != EInvalid {
		t.Errorf("signed at revocation: %v, want invalid", err)
	}
}
