package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

func runSignCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(&env{ctx: context.Background(), args: args, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

// TestKeygenSignVerify: a key made by keygen signs a commitment and a file,
// and verify-signature accepts exactly those signatures, offline.
func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	for _, alg := range []string{"sm2", "ed25519"} {
		key := filepath.Join(dir, alg+".pem")
		code, out, errOut := runSignCmd(t, "", "keygen", "--alg", alg, "--out", key)
		if code != 0 || !strings.Contains(out, "BEGIN PUBLIC KEY") {
			t.Fatalf("keygen %s: %d %s %s", alg, code, out, errOut)
		}
		if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("private key file %v %v", fi, err)
		}
		if code, _, errOut := runSignCmd(t, "", "keygen", "--alg", alg, "--out", key); code == 0 || !strings.Contains(errOut, "exists") {
			t.Fatalf("keygen overwrote %s: %d %s", key, code, errOut)
		}
		pub := out[strings.Index(out, "-----BEGIN"):]
		pubFile := filepath.Join(dir, alg+".pub")
		if err := os.WriteFile(pubFile, []byte(pub), 0o644); err != nil {
			t.Fatal(err)
		}
		commitment := strings.Repeat("ab", 32)
		code, sig, errOut := runSignCmd(t, "", "sign", "--key", key, commitment)
		if code != 0 {
			t.Fatalf("sign: %d %s", code, errOut)
		}
		sig = strings.TrimSpace(sig)
		if code, out, errOut := runSignCmd(t, "", "verify-signature", "--pub", pubFile, "--sig", sig, commitment); code != 0 || !strings.HasPrefix(out, "OK") {
			t.Errorf("%s verify: %d %s %s", alg, code, out, errOut)
		}
		if code, _, errOut := runSignCmd(t, "", "verify-signature", "--pub", pub, "--sig", sig, strings.Repeat("ab", 31)+"ac"); code != 1 || !strings.Contains(errOut, "BAD") {
			t.Errorf("%s verify of another commitment: %d %s", alg, code, errOut)
		}
		// A file, and standard input, sign the same bytes.
		doc := filepath.Join(dir, "bid.pdf")
		if err := os.WriteFile(doc, []byte("%PDF-1.7 bid"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, sigFile, _ := runSignCmd(t, "", "sign", "--key", key, doc)
		if code, _, errOut := runSignCmd(t, "%PDF-1.7 bid", "verify-signature", "--pub", pubFile, "--sig", strings.TrimSpace(sigFile), "-"); code != 0 {
			t.Errorf("%s verify from stdin: %d %s", alg, code, errOut)
		}
	}
	for _, c := range [][]string{{"keygen"}, {"keygen", "--alg", "rsa", "--out", filepath.Join(dir, "x")}, {"sign", "--key", filepath.Join(dir, "none"), "ab"},
		{"verify-signature", "--pub", "nonsense", "--sig", "AAAA", "ab"}} {
		if code, _, _ := runSignCmd(t, "", c...); code != 2 {
			t.Errorf("%v: exit %d, want 2", c, code)
		}
	}
}

// TestSignKnownAnswer: the SM2 key of the root package's known-answer test,
// as a PKCS #8 file, signs the message to the known signature, and OpenSSL's
// signature of it verifies from the command line.
func TestSignKnownAnswer(t *testing.T) {
	seed, _ := hex.DecodeString("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8")
	k, err := goumai.SigningKeyFromSeed(goumai.AlgSM2, seed)
	if err != nil {
		t.Fatal(err)
	}
	pemText, err := k.PEM()
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(t.TempDir(), "kat.pem")
	if err := os.WriteFile(key, pemText, 0o600); err != nil {
		t.Fatal(err)
	}
	msg := hex.EncodeToString([]byte("goumai known-answer test"))
	code, out, errOut := runSignCmd(t, "", "sign", "--key", key, msg)
	const want = "MEUCIHQ8RGvDskfGVkRRP71dix83zGkq7gAGm5rY2TFjMn8yAiEA+rRpgoQvYwQ3yTMjBFL5201kSA/erYAkmhtcvvRzMcw="
	if code != 0 || strings.TrimSpace(out) != want {
		t.Fatalf("sign: %d %q %s, want %s", code, out, errOut, want)
	}
	const openssl = "3045022100c6f3d2718b525f277762f44605766353c419cb42c48487742b8dcf3299d2639c022033757d5d3804b720176e470cf994b36571db9ec6a159aed72dc405139f42dd80"
	point := "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
	if code, out, errOut := runSignCmd(t, "", "verify-signature", "--pub", point, "--sig", openssl, msg); code != 0 ||
		!strings.Contains(out, "c97c174acc1b56be277862230f92b0f9fa9b83c2aa471ceabb67533a91536bea") {
		t.Errorf("openssl's signature: %d %s %s", code, out, errOut)
	}
}
