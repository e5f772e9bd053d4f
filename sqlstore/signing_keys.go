package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"

	"github.com/goumai/goumai"
)

// Signature verification keys of suppliers (REQ-C6, C7), by fingerprint.

func init() {
	registerTable(table{name: "signing_keys", key: "id", cols: []column{{"id", colText}, {"org_id", colInt}, {"algorithm", colText},
		{"public_key", colText}, {"label", colText}, {"created_at", colText}, {"created_by", colNullInt}, {"revoked_at", colNullText},
		{"revoked_by", colNullInt}}})
}

var keyWhat = goumai.M("签名公钥", "signing key")

const keyCols = `id, org_id, algorithm, public_key, label, created_at, revoked_at`

func scanKey(sc scanner) (goumai.PublicKey, error) {
	var k goumai.PublicKey
	var raw, created string
	var revoked sql.NullString
	if err := sc.Scan(&k.ID, &k.OrgID, &k.Algorithm, &raw, &k.Label, &created, &revoked); err != nil {
		return k, err
	}
	parsed, err := goumai.ParsePublicKey(k.Algorithm, raw)
	if err != nil || parsed.ID != k.ID {
		return k, fmt.Errorf("signing key %s: the stored key does not match its fingerprint: %v", k.ID, err)
	}
	k.Key, k.PEM = parsed.Key, parsed.PEM
	if k.CreatedAt, err = parseTime(created); err != nil {
		return k, err
	}
	k.RevokedAt, err = parseNullTime(revoked)
	return k, err
}

// InsertSigningKey registers a key; a key registered before (by anyone) is
// EConflict: a key belongs to one signer. The caller records it.
func (tx *Tx) InsertSigningKey(ctx context.Context, a goumai.Actor, k goumai.PublicKey) error {
	_, err := tx.writeRow(ctx, "signing_keys", `INSERT INTO signing_keys (id, org_id, algorithm, public_key, label, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, k.ID, k.OrgID, k.Algorithm, base64.StdEncoding.EncodeToString(k.Key), k.Label,
		formatTime(tx.now), nullInt(a.UserID))
	if goumai.ErrorCode(interpretError(err, keyWhat)) == goumai.EConflict {
		return goumai.Errorf(goumai.EConflict, "该公钥已经登记过（一把密钥只属于一个签名人，撤销后也不能再登记）",
			"this key has been registered before (a key belongs to one signer, and is never registered again, even after revocation)")
	}
	return interpretError(err, keyWhat)
}

// RevokeSigningKey revokes a key from now on; a key already revoked is
// EConflict. The caller records it.
func (tx *Tx) RevokeSigningKey(ctx context.Context, a goumai.Actor, id string) error {
	_, err := tx.writeRow(ctx, "signing_keys", `UPDATE signing_keys SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL`,
		formatTime(tx.now), nullInt(a.UserID), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该公钥已撤销", "this key is already revoked")
	}
	return interpretError(err, keyWhat)
}

// SigningKey returns one key by fingerprint.
func (s *Store) SigningKey(ctx context.Context, id string) (goumai.PublicKey, error) {
	return getSigningKey(ctx, s.r, id)
}

// SigningKey is Store.SigningKey inside the transaction.
func (tx *Tx) SigningKey(ctx context.Context, id string) (goumai.PublicKey, error) {
	return getSigningKey(ctx, tx.prepared(), id)
}

func getSigningKey(ctx context.Context, q querier, id string) (goumai.PublicKey, error) {
	k, err := scanKey(q.QueryRowContext(ctx, `SELECT `+keyCols+` FROM signing_keys WHERE id = $1`, id))
	return k, interpretError(err, keyWhat)
}

// SigningKeys lists an organisation's keys, revoked ones included, oldest first.
func (s *Store) SigningKeys(ctx context.Context, orgID int64) ([]goumai.PublicKey, error) {
	query, args := keysSQL(orgID)
	return queryList(ctx, s.r, listKeys, scanKey, query, args...)
}

func keysSQL(orgID int64) (string, []any) {
	var w where
	w.add("org_id = $%d", orgID)
	return `SELECT ` + keyCols + ` FROM signing_keys WHERE ` + w.sql() + ` ORDER BY created_at, id LIMIT 1000`, w.args
}

var listKeys = registerList("SigningKeys", func(s *Store) []listSample {
	return []listSample{sample(keysSQL(7)).sorted("one organisation's keys")}
})
