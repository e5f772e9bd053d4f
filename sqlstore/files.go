package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/goumai/goumai"
)

// Files are stored once by the SHA-256 of their content (files table). Their
// events record the digest, size and type, never the content: the row's key is
// the digest, so `goumai log verify` checks each row's content against it
// (verifyFiles), and FileContent refuses content that no longer matches it.

func init() {
	registerTable(table{name: "files", key: "sha256", cols: []column{{"sha256", colText}, {"size", colInt},
		{"content_type", colText}, {"created_at", colText}}})
	verifyChecks = append(verifyChecks, verifyFiles)
}

// verifyFiles checks that every stored file's content has the digest and size
// its row (and so its event) records.
func verifyFiles(ctx context.Context, s *Store, problem func(format string, args ...any)) error {
	rows, err := s.r.QueryContext(ctx, `SELECT sha256, size, content FROM files ORDER BY sha256`)
	if err != nil {
		return fmt.Errorf("verify files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var digest string
		var size int64
		var content []byte
		if err := rows.Scan(&digest, &size, &content); err != nil {
			return fmt.Errorf("verify files: %w", err)
		}
		if sum := sha256.Sum256(content); hex.EncodeToString(sum[:]) != digest || int64(len(content)) != size {
			problem("files %s: the content does not match its digest and size (%d bytes stored)", digest, len(content))
		}
	}
	return rows.Err()
}

var fileWhat = goumai.M("文件", "file")

// PutFile stores content under its SHA-256 with its type, once: a file already
// stored is left as it is and not recorded again. It returns the digest and
// whether the file was new (the caller records a new file's event; its event
// should be private, as uploads are).
func (tx *Tx) PutFile(ctx context.Context, contentType string, content []byte) (digest string, created bool, err error) {
	if len(content) == 0 {
		return "", false, fmt.Errorf("put file: empty content")
	}
	sum := sha256.Sum256(content)
	digest = hex.EncodeToString(sum[:])
	var one int
	err = tx.tx.QueryRowContext(ctx, `SELECT 1 FROM files WHERE sha256 = $1`, digest).Scan(&one)
	switch {
	case err == nil:
		return digest, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", false, fmt.Errorf("put file: %w", err)
	}
	if _, err := tx.writeRow(ctx, "files", `INSERT INTO files (sha256, size, content_type, content, created_at) VALUES ($1, $2, $3, $4, $5)`,
		digest, int64(len(content)), contentType, content, formatTime(tx.now)); err != nil {
		return "", false, interpretError(err, fileWhat)
	}
	return digest, true, nil
}

// FileContent returns a stored file's type and content, checking the content
// against its digest: a row changed behind goumai's back is an internal error,
// never served.
func (s *Store) FileContent(ctx context.Context, digest string) (string, []byte, error) {
	var typ string
	var content []byte
	err := s.r.QueryRowContext(ctx, `SELECT content_type, content FROM files WHERE sha256 = $1`, digest).Scan(&typ, &content)
	if err != nil {
		return "", nil, interpretError(err, fileWhat)
	}
	if sum := sha256.Sum256(content); hex.EncodeToString(sum[:]) != digest {
		return "", nil, fmt.Errorf("file %s: the stored content does not match its digest", digest)
	}
	return typ, content, nil
}
