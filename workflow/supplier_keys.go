package workflow

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Signing keys (REQ-C6, C7): a supplier's administrator registers the public
// keys its signatures verify with, and revokes them. Public keys are public,
// so that anyone can verify a signature offline.

// KeyInput registers a public key: its algorithm ("" to read it from the key)
// and its text (PEM SubjectPublicKeyInfo; ed25519 raw in base64 or hex; the
// SM2 uncompressed point in hex or base64).
type KeyInput struct {
	Algorithm string `json:"algorithm"`
	PublicKey string `json:"public_key"`
	Label     string `json:"label"`
}

// RegisterKey registers a public key on the supplier's profile (public event).
func (s *Service) RegisterKey(ctx context.Context, a goumai.Actor, orgID int64, in KeyInput) (goumai.PublicKey, error) {
	var k goumai.PublicKey
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.supplierOrg(ctx, tx, a, goumai.ActManageSupplier, orgID)
		if err != nil {
			return err
		}
		k, err = s.insertKey(ctx, tx, a, o, in, "supplier.key_add")
		return err
	})
	return k, err
}

// insertKey parses and registers a public key of o, recording action (public).
func (s *Service) insertKey(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, o goumai.Org, in KeyInput, action string) (goumai.PublicKey, error) {
	k, err := goumai.ParsePublicKey(strings.TrimSpace(in.Algorithm), in.PublicKey)
	if err != nil {
		return k, err
	}
	k.OrgID, k.Label = o.ID, strings.TrimSpace(in.Label)
	if utf8.RuneCountInString(k.Label) > goumai.MaxKeyLabel {
		return k, goumai.Fields{"label": goumai.M("说明不能超过100个字", "the label has at most 100 characters")}.Err()
	}
	if err := tx.InsertSigningKey(ctx, a, k); err != nil {
		return k, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "signing_keys", Key: k.ID, Region: o.Region, Public: true}); err != nil {
		return k, err
	}
	return tx.SigningKey(ctx, k.ID)
}

// RevokeKey revokes one of the supplier's keys from now on: signatures made
// before still verify (goumai.VerifySignatureAt).
func (s *Service) RevokeKey(ctx context.Context, a goumai.Actor, orgID int64, keyID string) (goumai.PublicKey, error) {
	var k goumai.PublicKey
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.supplierOrg(ctx, tx, a, goumai.ActManageSupplier, orgID)
		if err != nil {
			return err
		}
		if k, err = tx.SigningKey(ctx, keyID); err != nil {
			return err
		}
		if k.OrgID != orgID {
			return goumai.ErrNotFound("签名公钥", "signing key")
		}
		if err := tx.RevokeSigningKey(ctx, a, keyID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "supplier.key_revoke", Table: "signing_keys", Key: keyID, Region: o.Region, Public: true}); err != nil {
			return err
		}
		k, err = tx.SigningKey(ctx, keyID)
		return err
	})
	return k, err
}

// SigningKeys lists a supplier's public keys, revoked ones included (public).
func (s *Service) SigningKeys(ctx context.Context, orgID int64) ([]goumai.PublicKey, error) {
	o, err := s.Store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if !o.CanSupply() {
		return nil, goumai.ErrNotFound("承接主体", "supplier")
	}
	return s.Store.SigningKeys(ctx, orgID)
}

// SigningKey returns one key by fingerprint (public): what the bid use case
// verifies a submission's signature with.
func (s *Service) SigningKey(ctx context.Context, id string) (goumai.PublicKey, error) {
	return s.Store.SigningKey(ctx, strings.ToLower(strings.TrimSpace(id)))
}
