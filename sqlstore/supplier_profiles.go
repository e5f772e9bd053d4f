package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/goumai/goumai"
)

// Supplier profiles (ENG-A6): one row per supplier, versioned by its events.

func init() {
	registerTable(table{name: "supplier_profiles", key: "org_id", cols: []column{{"org_id", colInt}, {"head_name", colText},
		{"head_digest", colText}, {"shareholder", colJSON}, {"controller", colJSON}, {"managed_by", colJSON},
		{"version", colInt}, {"updated_at", colText}, {"updated_by", colNullInt}}})
}

var profileWhat = goumai.M("承接主体档案", "supplier profile")

// SupplierProfile returns a supplier's profile with its organisation's name
// and credit code; a supplier without one gets the zero profile (version 0)
// for its organisation. The organisation's parent (orgs.parent_id) is a
// management relation too (ENG-A6: "from the organisation records"): its
// credit code is added to ManagedBy.
func (s *Store) SupplierProfile(ctx context.Context, orgID int64) (goumai.SupplierProfile, error) {
	return supplierProfile(ctx, s.r, orgID)
}

// SupplierProfile is Store.SupplierProfile inside the transaction.
func (tx *Tx) SupplierProfile(ctx context.Context, orgID int64) (goumai.SupplierProfile, error) {
	return supplierProfile(ctx, tx.tx, orgID)
}

func supplierProfile(ctx context.Context, q querier, orgID int64) (goumai.SupplierProfile, error) {
	o, err := getOrg(ctx, q, orgID)
	if err != nil {
		return goumai.SupplierProfile{}, err
	}
	p, err := storedProfile(ctx, q, o)
	if err != nil {
		return p, err
	}
	if o.ParentID != 0 {
		parent, err := getOrg(ctx, q, o.ParentID)
		if err != nil {
			return p, err
		}
		if parent.CreditCode != "" && !hasParty(p.ManagedBy, parent.CreditCode) {
			p.ManagedBy = append(p.ManagedBy, goumai.Party{Name: parent.Name, CreditCode: parent.CreditCode})
		}
	}
	return p, nil
}

// StoredSupplierProfile returns the profile as its administrator entered it
// (without the relations read from the organisation records).
func (tx *Tx) StoredSupplierProfile(ctx context.Context, orgID int64) (goumai.SupplierProfile, error) {
	o, err := getOrg(ctx, tx.tx, orgID)
	if err != nil {
		return goumai.SupplierProfile{}, err
	}
	return storedProfile(ctx, tx.tx, o)
}

func storedProfile(ctx context.Context, q querier, o goumai.Org) (goumai.SupplierProfile, error) {
	p := goumai.SupplierProfile{OrgID: o.ID, Name: o.Name, CreditCode: o.CreditCode, ManagedBy: []goumai.Party{}}
	var share, ctrl, managed, updated string
	err := q.QueryRowContext(ctx, `SELECT head_name, head_digest, shareholder, controller, managed_by, version, updated_at
		FROM supplier_profiles WHERE org_id = $1`, o.ID).Scan(&p.Head.Name, &p.Head.IDDigest, &share, &ctrl, &managed, &p.Version, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("profile of %d: %w", o.ID, err)
	}
	for _, x := range []struct {
		s string
		v any
	}{{share, &p.Shareholder}, {ctrl, &p.Controller}, {managed, &p.ManagedBy}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return p, fmt.Errorf("profile of %d: %w", o.ID, err)
		}
	}
	p.UpdatedAt, err = parseTime(updated)
	return p, err
}

func hasParty(ps []goumai.Party, code string) bool {
	for _, p := range ps {
		if p.CreditCode == code {
			return true
		}
	}
	return false
}

// SaveSupplierProfile writes version p.Version of a profile: the first
// (version 1) is inserted, a later one replaces version p.Version-1 only if
// that is still the one stored (EStale otherwise). The caller records it.
func (tx *Tx) SaveSupplierProfile(ctx context.Context, a goumai.Actor, p goumai.SupplierProfile) error {
	managed := p.ManagedBy
	if managed == nil {
		managed = []goumai.Party{}
	}
	var vals [3]string
	for i, v := range []any{p.Shareholder, p.Controller, managed} {
		b, err := canonicalJSON(v)
		if err != nil {
			return err
		}
		vals[i] = string(b)
	}
	var err error
	if p.Version == 1 {
		_, err = tx.writeRow(ctx, "supplier_profiles", `INSERT INTO supplier_profiles (org_id, head_name, head_digest, shareholder, controller,
			managed_by, version, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			p.OrgID, p.Head.Name, p.Head.IDDigest, vals[0], vals[1], vals[2], p.Version, formatTime(tx.now), nullInt(a.UserID))
	} else {
		_, err = tx.writeRow(ctx, "supplier_profiles", `UPDATE supplier_profiles SET head_name = $1, head_digest = $2, shareholder = $3,
			controller = $4, managed_by = $5, version = $6, updated_at = $7, updated_by = $8 WHERE org_id = $9 AND version = $10`,
			p.Head.Name, p.Head.IDDigest, vals[0], vals[1], vals[2], p.Version, formatTime(tx.now), nullInt(a.UserID), p.OrgID, p.Version-1)
	}
	if err == nil {
		return nil
	}
	// No row of the version edited, or a first version inserted twice: someone saved first.
	if err = interpretError(err, profileWhat); goumai.ErrorCode(err) == goumai.ENotFound || goumai.ErrorCode(err) == goumai.EConflict {
		return goumai.Errorf(goumai.EStale, "档案已被他人修改，请刷新后重试", "the profile changed since you read it: reload and try again")
	}
	return err
}

// SupplierProfiles returns several suppliers' profiles (as SupplierProfile
// does each) in one query, in the order of orgIDs; an unknown id is ENotFound.
func (tx *Tx) SupplierProfiles(ctx context.Context, orgIDs []int64) ([]goumai.SupplierProfile, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	// The transaction reads each profile once (txMemo).
	fresh := tx.memoOK("orgs", "supplier_profiles")
	byID := map[int64]goumai.SupplierProfile{}
	var missing []int64
	for _, id := range orgIDs {
		if p, ok := tx.memo.profiles[id]; ok && fresh {
			byID[id] = p
		} else if !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		query, args := profilesSQL(missing)
		list, err := queryList(ctx, tx.prepared(), listProfiles, scanProfileRow, query, args...)
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			byID[p.OrgID] = p
			if fresh {
				memoPut(&tx.memo.profiles, p.OrgID, p)
			}
		}
	}
	out := make([]goumai.SupplierProfile, len(orgIDs))
	for i, id := range orgIDs {
		p, ok := byID[id]
		if !ok {
			return nil, goumai.ErrNotFound(orgWhat.ZH, orgWhat.EN)
		}
		out[i] = p
	}
	return out, nil
}

func profilesSQL(orgIDs []int64) (string, []any) {
	var w where
	ids := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		ids[i] = id
	}
	w.in("o.id", ids...)
	return `SELECT ` + prefixed("o.", orgCols) + `, sp.head_name, sp.head_digest, sp.shareholder, sp.controller,
		sp.managed_by, sp.version, sp.updated_at, par.name, par.credit_code
		FROM orgs o LEFT JOIN supplier_profiles sp ON sp.org_id = o.id LEFT JOIN orgs par ON par.id = o.parent_id
		WHERE ` + w.sql() + ` ORDER BY o.id`, w.args
}

var listProfiles = registerList("SupplierProfiles", func(*Store) []listSample {
	return []listSample{sample(profilesSQL([]int64{1, 2, 3, 4, 5})).sorted("the profiles of a lot's few bidders")}
})

// scanProfileRow scans a row of profilesSQL: the organisation, its stored
// profile (NULLs without one) and its parent's name and credit code.
func scanProfileRow(sc scanner) (goumai.SupplierProfile, error) {
	var head, digest, share, ctrl, managed, updated, parentName, parentCode sql.NullString
	var version sql.NullInt64
	o, err := scanOrg(withMore{sc, []any{&head, &digest, &share, &ctrl, &managed, &version, &updated, &parentName, &parentCode}})
	if err != nil {
		return goumai.SupplierProfile{}, err
	}
	p := goumai.SupplierProfile{OrgID: o.ID, Name: o.Name, CreditCode: o.CreditCode, ManagedBy: []goumai.Party{}}
	if version.Valid {
		p.Head.Name, p.Head.IDDigest, p.Version = head.String, digest.String, int(version.Int64)
		for _, x := range []struct {
			s string
			v any
		}{{share.String, &p.Shareholder}, {ctrl.String, &p.Controller}, {managed.String, &p.ManagedBy}} {
			if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
				return p, fmt.Errorf("profile of %d: %w", o.ID, err)
			}
		}
		if p.UpdatedAt, err = parseTime(updated.String); err != nil {
			return p, err
		}
	}
	if o.ParentID != 0 && parentCode.String != "" && !hasParty(p.ManagedBy, parentCode.String) {
		p.ManagedBy = append(p.ManagedBy, goumai.Party{Name: parentName.String, CreditCode: parentCode.String})
	}
	return p, nil
}

// withMore scans a row's leading columns with a row scanner and the rest into more.
type withMore struct {
	sc   scanner
	more []any
}

func (w withMore) Scan(dest ...any) error { return w.sc.Scan(append(dest, w.more...)...) }
