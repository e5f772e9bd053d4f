package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// colKind is how a column is read for an object's canonical state.
type colKind int

const (
	colInt colKind = iota
	colNullInt
	colText
	colNullText
	colBool
	colBytes
	colJSON     // a TEXT column holding JSON: the state carries the JSON value itself, not a string of it
	colNullJSON // the same, nullable
)

type column struct {
	name string
	kind colKind
}

// table describes an audited table: every row is an object whose canonical state
// is recorded by the event that last changed it, and `goumai log verify` compares
// the two. secret tables record only a SHA-256 digest of the state.
type table struct {
	name   string
	key    string // primary-key column; its value is the event's object_id
	cols   []column
	secret bool
}

// auditedTables lists every table holding business data. A table that is neither
// here, in unauditedTables nor in logTables makes verify fail, so a new table
// cannot silently escape the log.
var auditedTables = []table{
	{name: "regions", key: "code", cols: []column{{"code", colText}, {"name", colText}, {"level", colInt}, {"parent", colNullText}}},
	{name: "orgs", key: "id", cols: []column{{"id", colInt}, {"name", colText}, {"kind", colText}, {"class", colText},
		{"staffing", colText}, {"credit_code", colNullText}, {"region", colText}, {"parent_id", colNullInt},
		{"finance_dept", colBool}, {"active", colBool}, {"created_at", colText}, {"address", colText}, {"phone", colText}}},
	{name: "users", key: "id", cols: []column{{"id", colInt}, {"username", colText}, {"display_name", colText}, {"active", colBool}, {"created_at", colText}}},
	{name: "credentials", key: "user_id", secret: true, cols: []column{{"user_id", colInt}, {"password_hash", colText}, {"changed_at", colText}}},
	{name: "memberships", key: "id", cols: []column{{"id", colInt}, {"user_id", colInt}, {"org_id", colInt}, {"role", colText}}},
	{name: "log_key", key: "id", secret: true, cols: []column{{"id", colInt}, {"origin", colText}, {"vkey", colText}, {"skey", colText}}},
	// Checkpoints are recorded in the log (see checkpoints.go); the signed note is
	// left out of the state, as it signs the tree that ends with the checkpoint's
	// own event, and verify checks it against the rebuilt tree instead.
	{name: "log_checkpoints", key: "size", cols: []column{{"size", colInt}, {"created_at", colText}}},
}

// unauditedTables hold no business data: sessions and API tokens, the
// throttle's counters (sign-in, registration and suggestion rate limits: they
// change on every attempt, so logging them would let anyone grow the log), and
// the record of applied migrations, and the supplier data's version (a
// counter bumped by trigger with every write to its tables, which are
// audited: supplier_version.go).
var unauditedTables = []string{"schema_migrations", "sessions", "throttle", "supplier_data_version"}

// logTables are the log itself, checked by rebuilding the Merkle tree rather
// than by object states, and what is derived from it in the same transaction
// (the OCDS releases of public events, ocds.go; the search index of public
// content, search.go, with SQLite's FTS5 table and its shadow tables; the red
// flags raised on the releases and their working state, redflags.go).
var logTables = []string{"events", "log_head", "ocds_releases", "search_docs", "red_flags", "red_flag_processes", "red_flag_groups",
	"search_fts", "search_fts_config", "search_fts_content", "search_fts_data", "search_fts_docsize", "search_fts_idx"}

// RegisterTable adds an audited table (for later migrations' tables).
func registerTable(t table) { auditedTables = append(auditedTables, t) }

func tableByName(name string) (table, bool) {
	for _, t := range auditedTables {
		if t.name == name {
			return t, true
		}
	}
	return table{}, false
}

// AuditedTables returns the names of the audited tables, sorted: the values of
// an event's object_type.
func AuditedTables() []string {
	out := make([]string, len(auditedTables))
	for i, t := range auditedTables {
		out[i] = t.name
	}
	sort.Strings(out)
	return out
}

// UnauditedTables returns the tables left out of the log (for verify --unaudited).
func UnauditedTables() []string { return append([]string(nil), unauditedTables...) }

func (t table) selectList() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// scanState scans one row of t into its canonical JSON state.
func (t table) scanState(sc scanner) (key string, state []byte, err error) {
	dest := make([]any, len(t.cols))
	for i, c := range t.cols {
		switch c.kind {
		case colInt:
			dest[i] = new(int64)
		case colNullInt:
			dest[i] = new(sql.NullInt64)
		case colText, colJSON:
			dest[i] = new(string)
		case colNullText, colNullJSON:
			dest[i] = new(sql.NullString)
		case colBool:
			dest[i] = new(bool)
		case colBytes:
			dest[i] = new([]byte)
		}
	}
	if err := sc.Scan(dest...); err != nil {
		return "", nil, err
	}
	m := make(map[string]any, len(t.cols))
	for i, c := range t.cols {
		var v any
		switch d := dest[i].(type) {
		case *int64:
			v = *d
		case *sql.NullInt64:
			if d.Valid {
				v = d.Int64
			}
		case *string:
			v = *d
		case *sql.NullString:
			if d.Valid {
				v = d.String
			}
		case *bool:
			v = *d
		case *[]byte:
			v = *d
		}
		if s, ok := v.(string); ok && (c.kind == colJSON || c.kind == colNullJSON) {
			if v, err = decodeJSONValue(s); err != nil {
				return "", nil, fmt.Errorf("%s.%s: stored JSON: %w", t.name, c.name, err)
			}
		}
		m[c.name] = v
		if c.name == t.key {
			key = fmt.Sprint(v)
		}
	}
	state, err = canonicalJSON(m)
	if err != nil {
		return "", nil, err
	}
	if t.secret {
		sum := sha256.Sum256(state)
		state, _ = canonicalJSON(map[string]any{"sha256": hex.EncodeToString(sum[:])})
	}
	return key, state, nil
}

// decodeJSONValue decodes a JSON column's text, keeping numbers as written.
func decodeJSONValue(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// upgradeState turns an event's state recorded before JSON columns were
// recorded as JSON (their values were strings of JSON) into today's canonical
// form, so that log verify compares like with like. Other states are returned
// as they are.
func (t table) upgradeState(state []byte) []byte {
	if t.secret || len(state) == 0 || state[0] != '{' {
		return state
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(state))
	dec.UseNumber()
	if dec.Decode(&m) != nil {
		return state
	}
	changed := false
	for _, c := range t.cols {
		if s, ok := m[c.name].(string); ok && (c.kind == colJSON || c.kind == colNullJSON) {
			if v, err := decodeJSONValue(s); err == nil {
				m[c.name], changed = v, true
			}
		}
	}
	if !changed {
		return state
	}
	out, err := canonicalJSON(m)
	if err != nil {
		return state
	}
	return out
}

// rowState returns the canonical state of one object, or nil if the row does not exist.
func rowState(ctx context.Context, q querier, t table, key any) ([]byte, error) {
	row := q.QueryRowContext(ctx, "SELECT "+t.selectList()+" FROM "+t.name+" WHERE "+t.key+" = $1", key)
	_, state, err := t.scanState(row)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s %v: %w", t.name, key, err)
	}
	return state, nil
}

// canonicalJSON encodes v with sorted object keys, no insignificant space and no
// HTML escaping: the byte form that events record and leaves hash.
func canonicalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
