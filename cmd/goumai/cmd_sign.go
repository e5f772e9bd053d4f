package main

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goumai/goumai"
)

// A supplier's signing key, held by the supplier alone (REQ-C6): keygen makes
// one, sign signs a bid commitment (or any file) with it, and anyone checks a
// signature offline with the public key alone. None of them touches a database.

func init() {
	commands["keygen"] = command{summary: "make a signing key pair (sm2 or ed25519) for a supplier", run: runKeygen}
	commands["sign"] = command{summary: "sign a commitment (hex) or a file with a private key", run: runSign}
	commands["verify-signature"] = command{summary: "check a signature with a public key, offline", run: runVerifySignature}
}

// maxSignedFile bounds a file read to be signed or verified.
const maxSignedFile = 256 << 20

func runKeygen(e *env) int {
	fs := newFlags(e, "keygen")
	alg := fs.String("alg", goumai.AlgSM2, "algorithm: sm2 (SM2 with SM3) or ed25519")
	out := fs.String("out", "", "file to write the private key to (PKCS #8 PEM, mode 0600; never overwritten)")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "goumai keygen: usage: goumai keygen --alg sm2|ed25519 --out FILE")
		return 2
	}
	k, err := goumai.GenerateSigningKey(*alg, nil)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai keygen: %v\n", err)
		return 2
	}
	pemText, err := k.PEM()
	if err == nil {
		err = writeNew(*out, pemText)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai keygen: %v\n", err)
		return 1
	}
	pub, err := k.Public()
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai keygen: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "# private key written to %s (keep it; it never leaves you)\n# algorithm %s, key id %s\n# register this public key on your supplier profile:\n%s", *out, pub.Algorithm, pub.ID, pub.PEM)
	return 0
}

// writeNew writes a new file readable by its owner only, refusing to replace one.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func runSign(e *env) int {
	fs := newFlags(e, "sign")
	keyFile := fs.String("key", "", "private key file (PKCS #8 PEM, as keygen writes it)")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if *keyFile == "" || fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "goumai sign: usage: goumai sign --key FILE HEX|FILE|-")
		return 2
	}
	pemText, err := readBounded(*keyFile, e.stdin, 1<<20)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai sign: --key: %v\n", err)
		return 2
	}
	k, err := goumai.ParseSigningKey(pemText)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai sign: --key: %v\n", err)
		return 2
	}
	msg, err := message(e, fs.Arg(0))
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai sign: %v\n", err)
		return 2
	}
	sig, err := k.Sign(msg)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai sign: %v\n", err)
		return 1
	}
	fmt.Fprintln(e.stdout, base64.StdEncoding.EncodeToString(sig))
	return 0
}

func runVerifySignature(e *env) int {
	fs := newFlags(e, "verify-signature")
	pubArg := fs.String("pub", "", "the public key, or a file holding it: PEM, or raw (ed25519) / uncompressed point (sm2) in hex or base64")
	sigArg := fs.String("sig", "", "the signature in base64 (as sign prints it) or hex")
	alg := fs.String("alg", "", "sm2 or ed25519 (default: read from the key)")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if *pubArg == "" || *sigArg == "" || fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "goumai verify-signature: usage: goumai verify-signature --pub KEY|FILE --sig BASE64 HEX|FILE|-")
		return 2
	}
	pubText := *pubArg
	if b, err := os.ReadFile(pubText); err == nil {
		pubText = string(b)
	}
	k, err := goumai.ParsePublicKey(*alg, pubText)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai verify-signature: --pub: %s\n", errText(err))
		return 2
	}
	sig, err := goumai.DecodeSignature(*sigArg)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai verify-signature: --sig: %s\n", errText(err))
		return 2
	}
	msg, err := message(e, fs.Arg(0))
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai verify-signature: %v\n", err)
		return 2
	}
	if err := goumai.VerifySignature(k, msg, sig); err != nil {
		fmt.Fprintf(e.stderr, "goumai verify-signature: BAD: %s (%s key %s)\n", errText(err), k.Algorithm, k.ID)
		return 1
	}
	fmt.Fprintf(e.stdout, "OK: the signature verifies (%s key %s)\n", k.Algorithm, k.ID)
	return 0
}

// message reads what is signed: a hex string stands for the bytes it encodes
// (a commitment's SHA-256 as goumai shows it), "-" for standard input, and
// anything else names a file.
func message(e *env, arg string) ([]byte, error) {
	if arg != "-" && len(arg)%2 == 0 && len(arg) > 0 && strings.Trim(strings.ToLower(arg), "0123456789abcdef") == "" {
		return hex.DecodeString(arg)
	}
	b, err := readBounded(arg, e.stdin, maxSignedFile)
	if err != nil {
		return nil, fmt.Errorf("the message is neither hex nor a readable file: %w", err)
	}
	return b, nil
}

// readBounded reads a file ("-" for in) of at most max bytes.
func readBounded(path string, in io.Reader, max int64) ([]byte, error) {
	r := in
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errors.New("the file is too large")
	}
	return b, nil
}

// errText is an error's English message (a goumai.Error's fields included).
func errText(err error) string {
	var ge *goumai.Error
	if errors.As(err, &ge) {
		parts := []string{ge.Message.EN}
		for _, m := range ge.Fields {
			parts = append(parts, m.EN)
		}
		return strings.Join(parts, ": ")
	}
	return err.Error()
}
