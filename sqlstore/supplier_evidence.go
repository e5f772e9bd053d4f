package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

// Evidence items of suppliers (ENG-A3): versions are inserted and superseded,
// never changed otherwise nor deleted.

func init() {
	registerTable(table{name: "supplier_evidence", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"kind", colText},
		{"title", colText}, {"file_sha256", colText}, {"file_name", colText}, {"valid_from", colText}, {"valid_until", colNullText},
		{"declared_on", colNullText}, {"supersedes", colNullInt}, {"superseded_by", colNullInt}, {"created_at", colText},
		{"created_by", colNullInt}}})
}

var evidenceWhat = goumai.M("证明材料", "evidence item")

const evidenceCols = `e.id, e.org_id, e.kind, e.title, e.file_sha256, e.file_name, f.size, f.content_type, e.valid_from, e.valid_until,
	e.declared_on, e.supersedes, e.superseded_by, e.created_at`

const evidenceFrom = ` FROM supplier_evidence e JOIN files f ON f.sha256 = e.file_sha256`

func scanEvidence(sc scanner) (goumai.Evidence, error) {
	var e goumai.Evidence
	var kind, from, created string
	var until, declared sql.NullString
	var sup, by sql.NullInt64
	err := sc.Scan(&e.ID, &e.OrgID, &kind, &e.Title, &e.File.SHA256, &e.File.Name, &e.File.Size, &e.File.Type, &from, &until,
		&declared, &sup, &by, &created)
	if err != nil {
		return e, err
	}
	e.Kind, e.Supersedes, e.SupersededBy = goumai.EvidenceKind(kind), sup.Int64, by.Int64
	if e.ValidFrom, err = parseTime(from); err != nil {
		return e, err
	}
	if e.ValidUntil, err = parseNullTime(until); err != nil {
		return e, err
	}
	if e.DeclaredOn, err = parseNullTime(declared); err != nil {
		return e, err
	}
	e.CreatedAt, err = parseTime(created)
	return e, err
}

// InsertEvidence inserts a new evidence version (its file already stored) and
// returns its id. The caller records it.
func (tx *Tx) InsertEvidence(ctx context.Context, a goumai.Actor, e goumai.Evidence) (int64, error) {
	key, err := tx.writeRow(ctx, "supplier_evidence", `INSERT INTO supplier_evidence (org_id, kind, title, file_sha256, file_name,
		valid_from, valid_until, declared_on, supersedes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.OrgID, string(e.Kind), e.Title, e.File.SHA256, e.File.Name, formatTime(e.ValidFrom), nullTime(e.ValidUntil),
		nullTime(e.DeclaredOn), nullInt(e.Supersedes), formatTime(tx.now), nullInt(a.UserID))
	if err != nil {
		return 0, interpretError(err, evidenceWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SupersedeEvidence marks version id as replaced by version by; a version
// already replaced is EStale (another upload came first). The caller records it.
func (tx *Tx) SupersedeEvidence(ctx context.Context, id, by int64) error {
	return tx.supersede(ctx, "supplier_evidence", id, by, evidenceWhat,
		goumai.M("该材料已被新版本替换，请刷新后重试", "this item was replaced by a newer version meanwhile: reload and try again"))
}

// Evidence returns one evidence version.
func (s *Store) Evidence(ctx context.Context, id int64) (goumai.Evidence, error) {
	e, err := scanEvidence(s.r.QueryRowContext(ctx, `SELECT `+evidenceCols+evidenceFrom+` WHERE e.id = $1`, id))
	return e, interpretError(err, evidenceWhat)
}

// Evidence is Store.Evidence inside the transaction.
func (tx *Tx) Evidence(ctx context.Context, id int64) (goumai.Evidence, error) {
	e, err := scanEvidence(tx.tx.QueryRowContext(ctx, `SELECT `+evidenceCols+evidenceFrom+` WHERE e.id = $1`, id))
	return e, interpretError(err, evidenceWhat)
}

// SupplierEvidence lists a supplier's evidence versions by id, superseded ones
// included unless currentOnly.
func (s *Store) SupplierEvidence(ctx context.Context, orgID int64, currentOnly bool) ([]goumai.Evidence, error) {
	return supplierEvidence(ctx, s.r, orgID, currentOnly)
}

// SupplierEvidence is Store.SupplierEvidence inside the transaction.
func (tx *Tx) SupplierEvidence(ctx context.Context, orgID int64, currentOnly bool) ([]goumai.Evidence, error) {
	return supplierEvidence(ctx, tx.prepared(), orgID, currentOnly)
}

func supplierEvidence(ctx context.Context, q querier, orgID int64, currentOnly bool) ([]goumai.Evidence, error) {
	query, args := evidenceSQL(orgID, currentOnly)
	return queryList(ctx, q, listEvidence, scanEvidence, query, args...)
}

func evidenceSQL(orgID int64, currentOnly bool) (string, []any) {
	var w where
	w.add("e.org_id = $%d", orgID)
	if currentOnly {
		w.conds = append(w.conds, "e.superseded_by IS NULL")
	}
	return `SELECT ` + evidenceCols + evidenceFrom + ` WHERE ` + w.sql() + ` ORDER BY e.id LIMIT 1000`, w.args
}

var listEvidence = registerList("SupplierEvidence", func(s *Store) []listSample {
	return []listSample{sample(evidenceSQL(7, false)), sample(evidenceSQL(7, true))}
})
