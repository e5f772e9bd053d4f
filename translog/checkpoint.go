package translog

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// Checkpoint is the content of a C2SP tlog-checkpoint: the log's origin, the
// tree size and the root hash, plus any extension lines (opaque, and not
// recommended by the spec; goumai writes none).
type Checkpoint struct {
	Origin     string   `json:"origin"`
	Size       int64    `json:"size"`
	Root       Hash     `json:"root"`
	Extensions []string `json:"extensions,omitempty"`
}

// maxCheckpointSize bounds what ParseCheckpoint reads; real checkpoints with
// a dozen cosignatures are well under 2 KiB.
const maxCheckpointSize = 64 << 10

// Body returns the checkpoint's note text: origin, size and base64 root hash,
// then the extension lines, each ending in a newline.
func (c Checkpoint) Body() (string, error) {
	if err := checkOrigin(c.Origin); err != nil {
		return "", err
	}
	if c.Size < 0 {
		return "", fmt.Errorf("checkpoint size %d is negative", c.Size)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Root[:]))
	for i, ext := range c.Extensions {
		if ext == "" || strings.ContainsRune(ext, '\n') || !validNoteText(ext) {
			return "", fmt.Errorf("checkpoint extension line %d is empty or contains control characters", i+1)
		}
		b.WriteString(ext)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// SignCheckpoint returns the signed note of the checkpoint (origin, size,
// root) signed by signer, whose key name must be the origin.
func SignCheckpoint(origin string, size int64, root Hash, signer note.Signer) ([]byte, error) {
	if signer.Name() != origin {
		return nil, fmt.Errorf("sign checkpoint: key name %q differs from origin %q", signer.Name(), origin)
	}
	body, err := Checkpoint{Origin: origin, Size: size, Root: root}.Body()
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	msg, err := note.Sign(&note.Note{Text: body}, signer)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint %s@%d: %w", origin, size, err)
	}
	return msg, nil
}

// ParseCheckpoint verifies the signed checkpoint msg and returns its content.
//
// verifiers are the log's keys (several during a key rotation). The note must
// carry a valid signature by at least one of them, whose key name equals the
// checkpoint's origin line: a checkpoint of another log signed with a known key
// is refused. Signatures by unknown keys (witness cosignatures, say) are
// ignored, as C2SP signed-note requires; a signature by a known key that fails
// to verify rejects the whole note. See [VerifyCosignatures] for witnesses.
func ParseCheckpoint(msg []byte, verifiers ...note.Verifier) (Checkpoint, error) {
	_, c, err := openCheckpoint(msg, verifiers)
	return c, err
}

// openCheckpoint does the work of ParseCheckpoint and also returns the opened
// note, whose signatures Cosign keeps.
func openCheckpoint(msg []byte, verifiers []note.Verifier) (*note.Note, Checkpoint, error) {
	if len(msg) > maxCheckpointSize {
		return nil, Checkpoint{}, fmt.Errorf("parse checkpoint: %d bytes exceeds the %d-byte limit", len(msg), maxCheckpointSize)
	}
	if len(verifiers) == 0 {
		return nil, Checkpoint{}, errors.New("parse checkpoint: no verifier key given")
	}
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		return nil, Checkpoint{}, fmt.Errorf("parse checkpoint: %w", err)
	}
	c, err := parseCheckpointBody(n.Text)
	if err != nil {
		return nil, Checkpoint{}, fmt.Errorf("parse checkpoint: %w", err)
	}
	for _, sig := range n.Sigs {
		if sig.Name == c.Origin {
			return n, c, nil
		}
	}
	return nil, Checkpoint{}, fmt.Errorf("parse checkpoint: origin %q is not signed by a key of that name", c.Origin)
}

// parseCheckpointBody parses the note text of a checkpoint strictly: exactly
// the canonical encodings are accepted, so one checkpoint has one byte form.
func parseCheckpointBody(text string) (Checkpoint, error) {
	if !strings.HasSuffix(text, "\n") {
		return Checkpoint{}, errors.New("checkpoint body does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return Checkpoint{}, fmt.Errorf("checkpoint body has %d lines, want at least 3", len(lines))
	}
	var c Checkpoint
	c.Origin = lines[0]
	if err := checkOrigin(c.Origin); err != nil {
		return Checkpoint{}, err
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return Checkpoint{}, fmt.Errorf("checkpoint size %q is not a canonical non-negative decimal", lines[1])
	}
	c.Size = size
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != len(c.Root) {
		return Checkpoint{}, fmt.Errorf("checkpoint root hash %q is not a base64 SHA-256 hash", lines[2])
	}
	copy(c.Root[:], root)
	for i, ext := range lines[3:] {
		if ext == "" {
			return Checkpoint{}, fmt.Errorf("checkpoint extension line %d is empty", i+1)
		}
		c.Extensions = append(c.Extensions, ext)
	}
	return c, nil
}

// checkOrigin applies C2SP tlog-checkpoint's rules for the origin line, which
// goumai also uses as the signing key's name: non-empty, no spaces, no plus.
func checkOrigin(origin string) error {
	if origin == "" || !utf8.ValidString(origin) || strings.ContainsRune(origin, '+') ||
		strings.IndexFunc(origin, unicode.IsSpace) >= 0 || !validNoteText(origin) {
		return fmt.Errorf("log origin %q must be non-empty UTF-8 without spaces, plus signs or control characters", origin)
	}
	return nil
}

// validNoteText reports whether s has no ASCII control characters, which
// signed notes forbid (newlines are handled by the callers).
func validNoteText(s string) bool {
	for _, r := range s {
		if r < 0x20 {
			return false
		}
	}
	return utf8.ValidString(s)
}
