package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

const itemCols = `id, version_id, code, parent, level, name, class, item_code, negative, note`

func scanItem(sc scanner) (goumai.CatalogItem, error) {
	var it goumai.CatalogItem
	var class, neg string
	err := sc.Scan(&it.ID, &it.VersionID, &it.Code, &it.Parent, &it.Level, &it.Name, &class, &it.ItemCode, &neg, &it.Note)
	it.Class, it.Negative = goumai.ServiceClass(class), decodeNegative(neg)
	return it, err
}

// encodeNegative stores the negative-list grounds as one comma-separated column:
// they are only ever read with their item.
func encodeNegative(fs []goumai.NegativeFlag) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ",")
}

func decodeNegative(s string) []goumai.NegativeFlag {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]goumai.NegativeFlag, len(parts))
	for i, p := range parts {
		out[i] = goumai.NegativeFlag(p)
	}
	return out
}

// InsertCatalogItem inserts an item and returns its id. The caller records the event.
func (tx *Tx) InsertCatalogItem(ctx context.Context, it goumai.CatalogItem) (int64, error) {
	key, err := tx.writeRow(ctx, "catalog_items", `INSERT INTO catalog_items (version_id, code, parent, level, name, class, item_code, negative, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		it.VersionID, it.Code, it.Parent, it.Level, it.Name, string(it.Class), it.ItemCode, encodeNegative(it.Negative), it.Note)
	if err != nil {
		return 0, itemError(err)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateCatalogItem writes an item's content (by id).
func (tx *Tx) UpdateCatalogItem(ctx context.Context, it goumai.CatalogItem) error {
	_, err := tx.writeRow(ctx, "catalog_items", `UPDATE catalog_items SET code = $1, parent = $2, level = $3, name = $4, class = $5,
		item_code = $6, negative = $7, note = $8 WHERE id = $9`,
		it.Code, it.Parent, it.Level, it.Name, string(it.Class), it.ItemCode, encodeNegative(it.Negative), it.Note, it.ID)
	return itemError(err)
}

// DeleteCatalogItem deletes an item by id. The caller records the event.
func (tx *Tx) DeleteCatalogItem(ctx context.Context, id int64) error {
	return itemError(tx.deleteRow(ctx, "catalog_items", id))
}

func itemError(err error) error {
	err = interpretError(err, itemWhat)
	var e *goumai.Error
	if errors.As(err, &e) && e.Code == goumai.EConflict {
		e.Message = goumai.M("本版本已有该编码的事项", "this version already has an item with this code")
		e.Fields = map[string]goumai.Msg{"code": e.Message}
	}
	return err
}

// CopyCatalogItems copies every item of version from into version to in one
// statement and returns the new rows' ids, each with its state kept for Record.
func (tx *Tx) CopyCatalogItems(ctx context.Context, from, to int64) ([]int64, error) {
	t, _ := tableByName("catalog_items")
	rows, err := tx.tx.QueryContext(ctx, `INSERT INTO catalog_items (version_id, code, parent, level, name, class, item_code, negative, note)
		SELECT $1, code, parent, level, name, class, item_code, negative, note FROM catalog_items WHERE version_id = $2 ORDER BY code
		RETURNING `+t.selectList(), to, from)
	if err != nil {
		return nil, fmt.Errorf("copy catalogue items %d → %d: %w", from, to, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		key, state, err := t.scanState(rows)
		if err != nil {
			return nil, fmt.Errorf("copy catalogue items: %w", err)
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return nil, err
		}
		tx.keep(t.name, key, state, true)
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CatalogItems returns a version's items in code order.
func (s *Store) CatalogItems(ctx context.Context, version int64) ([]goumai.CatalogItem, error) {
	return listItems(ctx, s.r, version)
}

// CatalogItems returns a version's items in code order, inside the transaction.
func (tx *Tx) CatalogItems(ctx context.Context, version int64) ([]goumai.CatalogItem, error) {
	return listItems(ctx, tx.tx, version)
}

func listItems(ctx context.Context, q querier, version int64) ([]goumai.CatalogItem, error) {
	return queryList(ctx, q, listItemsOf, scanItem, itemsSQL, version)
}

var itemsSQL = `SELECT ` + itemCols + ` FROM catalog_items WHERE version_id = $1 ORDER BY code`

var listItemsOf = registerList("CatalogItems", func(s *Store) []listSample { return []listSample{sample(itemsSQL, []any{7})} })

// CatalogItem returns one item of a version by code, and whether it is a leaf.
func (tx *Tx) CatalogItem(ctx context.Context, version int64, code string) (goumai.CatalogItem, bool, error) {
	return getItem(ctx, tx.tx, version, code)
}

// CatalogItem returns one item of a version by code, and whether it is a leaf.
func (s *Store) CatalogItem(ctx context.Context, version int64, code string) (goumai.CatalogItem, bool, error) {
	return getItem(ctx, s.r, version, code)
}

func getItem(ctx context.Context, q querier, version int64, code string) (goumai.CatalogItem, bool, error) {
	var leaf bool
	row := q.QueryRowContext(ctx, `SELECT `+itemCols+`, NOT EXISTS (SELECT 1 FROM catalog_items c
		WHERE c.version_id = i.version_id AND c.parent = i.code) FROM catalog_items i WHERE version_id = $1 AND code = $2`, version, code)
	it, err := scanItem(scanFunc(func(dest ...any) error { return row.Scan(append(dest, &leaf)...) }))
	return it, leaf, interpretError(err, itemWhat)
}

// scanFunc adapts a function to the Scan interface (to add columns to a scanner).
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// CatalogItemInForce looks up a catalogue code for a purchaser, resolving the
// version that applies to it at time at (O102 Art. 12: a central and a
// provincial tier, and departments' catalogues within their tier):
//
//  1. the department's own version in force (deptOrgID, the purchaser's
//     organisation), if it has one — a department catalogue replaces its
//     tier's for that department, so an item it left out is not found;
//  2. otherwise the version in force of the province containing region;
//  3. otherwise the central version in force (region 100000).
//
// It returns the item, whether it is a leaf of that version, and the version.
// When no version is in force the error is ENotFound and the version is zero;
// when a version applies but the code is not in it the error is ENotFound and
// the version is returned, so the caller can say which catalogue it checked
// (rules.CheckCatalog takes found = err == nil).
func (s *Store) CatalogItemInForce(ctx context.Context, region string, deptOrgID int64, code string, at time.Time) (goumai.CatalogItem, bool, goumai.CatalogVersion, error) {
	return itemInForce(ctx, s.r, region, deptOrgID, code, at)
}

// CatalogItemInForce is Store.CatalogItemInForce inside the transaction.
func (tx *Tx) CatalogItemInForce(ctx context.Context, region string, deptOrgID int64, code string, at time.Time) (goumai.CatalogItem, bool, goumai.CatalogVersion, error) {
	return itemInForce(ctx, tx.tx, region, deptOrgID, code, at)
}

func applicableVersion(ctx context.Context, q querier, region string, dept int64, at time.Time) (CatalogVersionRow, error) {
	if dept != 0 {
		v, err := versionInForce(ctx, q, "", dept, at)
		if goumai.ErrorCode(err) != goumai.ENotFound {
			return v, err
		}
	}
	if prov := ProvinceOf(region); prov != "" {
		v, err := versionInForce(ctx, q, prov, 0, at)
		if goumai.ErrorCode(err) != goumai.ENotFound {
			return v, err
		}
	}
	return versionInForce(ctx, q, goumai.NationalCode, 0, at)
}

// ProvinceOf returns the province-level code of a region code (its first two
// digits and 0000), or "" for the national region or a malformed code.
func ProvinceOf(region string) string {
	if len(region) != 6 || region == goumai.NationalCode {
		return ""
	}
	return region[:2] + "0000"
}

func itemInForce(ctx context.Context, q querier, region string, dept int64, code string, at time.Time) (goumai.CatalogItem, bool, goumai.CatalogVersion, error) {
	v, err := applicableVersion(ctx, q, region, dept, at)
	if err != nil {
		return goumai.CatalogItem{}, false, goumai.CatalogVersion{}, err
	}
	it, leaf, err := getItem(ctx, q, v.ID, strings.ToUpper(strings.TrimSpace(code)))
	return it, leaf, v.CatalogVersion, err
}
