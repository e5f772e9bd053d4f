package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestListPlans runs EXPLAIN on every sample of every list query of the store,
// on both databases, and fails when a plan reads a whole table or walks a whole
// index (a missing index: the list slows as the table grows; unless the sample
// says why it reads the whole table on purpose), or sorts its
// rows where the sample does not say why it may (the keyset order must come
// from the index). PostgreSQL plans are taken with sequential scans disabled,
// and sorts too unless the sample allows one, so that on the small test tables
// the planner shows the index it would use on large ones.
func TestListPlans(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		samples := sqlstore.ListSamples(s)
		seen := map[string]bool{}
		for _, c := range samples {
			seen[c.Query] = true
			plan, problems, err := explain(ctx, s, c)
			if err != nil {
				t.Errorf("%s: explain %s: %v", c.Query, c.SQL, err)
				continue
			}
			for _, p := range problems {
				t.Errorf("%s: %s\n  query: %s\n  args: %v\n  plan:\n%s", c.Query, p, oneLine(c.SQL), c.Args, plan)
			}
		}
		for _, name := range sqlstore.ListQueryNames() {
			if !seen[name] {
				t.Errorf("list query %s has no sample: its plan is never checked", name)
			}
		}
	})
}

// explain returns a sample's plan as text and what is wrong with it.
func explain(ctx context.Context, s *sqlstore.Store, c sqlstore.ListSample) (string, []string, error) {
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return "", nil, err
	}
	defer tx.Rollback()
	if s.Dialect() == sqlstore.SQLite {
		rows, err := tx.QueryContext(ctx, "EXPLAIN QUERY PLAN "+c.SQL, c.Args...)
		if err != nil {
			return "", nil, err
		}
		defer rows.Close()
		var plan strings.Builder
		var problems []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return "", nil, err
			}
			fmt.Fprintf(&plan, "    %s\n", detail)
			if m := sqliteScan.FindStringSubmatch(detail); m != nil && !strings.HasPrefix(m[1], "(") && m[1] != "CONSTANT" && c.Whole == "" && !sqliteMatch.MatchString(detail) {
				problems = append(problems, "reads the whole of "+m[1]+": "+detail)
			}
			if sqliteKeyWalk.MatchString(detail) {
				problems = append(problems, "walks the table in key order from the keyset: "+detail)
			}
			if strings.Contains(detail, "USE TEMP B-TREE") && c.Sort == "" {
				problems = append(problems, "sorts its rows ("+detail+"): an index must give them in order")
			}
		}
		return plan.String(), problems, rows.Err()
	}
	// Without a sort the index must give the rows in order; with one, an index
	// must find them (bitmap scans only: a walk of the whole primary key in
	// order, filtering, may be cheaper for a small LIMIT but is not what the
	// sample claims).
	settings := []string{"SET LOCAL enable_seqscan = off", "SET LOCAL enable_sort = off"}
	if c.Sort != "" {
		settings[1] = "SET LOCAL enable_indexscan = off"
	}
	for _, q := range settings {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return "", nil, err
		}
	}
	var out string
	if err := tx.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+c.SQL, c.Args...).Scan(&out); err != nil {
		return "", nil, err
	}
	var doc []struct{ Plan pgNode }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc) != 1 {
		return "", nil, fmt.Errorf("plan %s: %v", out, err)
	}
	var plan strings.Builder
	var problems []string
	var walk func(n pgNode, depth int)
	walk = func(n pgNode, depth int) {
		fmt.Fprintf(&plan, "    %s%s %s %s [%s]\n", strings.Repeat("  ", depth), n.Type, n.Relation, n.Index, n.Cond)
		switch n.Type {
		case "Seq Scan":
			if c.Whole == "" {
				problems = append(problems, "reads the whole of "+n.Relation)
			}
		case "Index Scan", "Index Only Scan":
			switch {
			case n.Cond == "" && c.Whole == "":
				problems = append(problems, "walks the whole of index "+n.Index+" of "+n.Relation)
			case n.Filter != "" && pgKeyWalk.MatchString(n.Cond):
				problems = append(problems, "walks "+n.Relation+" in key order from the keyset, filtering")
			}
		case "Sort", "Incremental Sort":
			if c.Sort == "" {
				problems = append(problems, "sorts its rows: an index must give them in order")
			}
		}
		for _, k := range n.Plans {
			walk(k, depth+1)
		}
	}
	walk(doc[0].Plan, 0)
	return plan.String(), problems, nil
}

// sqliteScan matches SQLite's full scans: "SCAN t" and "SCAN t USING [COVERING] INDEX i".
var sqliteScan = regexp.MustCompile(`^SCAN (\S+)`)

// sqliteMatch matches the lookup of an FTS5 table by MATCH ("SCAN t VIRTUAL
// TABLE INDEX 0:M1"): the full-text index finds the rows, nothing is read whole.
var sqliteMatch = regexp.MustCompile(`^SCAN \S+ VIRTUAL TABLE INDEX \d+:M`)

// sqliteKeyWalk and pgKeyWalk match a range on the primary key alone, open on
// one side: the keyset page of a list that no index serves.
var (
	sqliteKeyWalk = regexp.MustCompile(`USING INTEGER PRIMARY KEY \(rowid[<>]\?\)$`)
	pgKeyWalk     = regexp.MustCompile(`^\(id [<>]=? [^)]*\)$`)
)

// pgNode is a node of PostgreSQL's JSON plan.
type pgNode struct {
	Type     string   `json:"Node Type"`
	Relation string   `json:"Relation Name"`
	Index    string   `json:"Index Name"`
	Cond     string   `json:"Index Cond"`
	Filter   string   `json:"Filter"`
	Plans    []pgNode `json:"Plans"`
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRowsOnlyThroughListQueries: the store reads rows of a table only through
// queryList (whose queries TestListPlans checks), except where it reads
// whole tables or rows by key on purpose, named here.
func TestRowsOnlyThroughListQueries(t *testing.T) {
	allowed := map[string]string{
		"eachList":                 "runs the registered list queries (queryList through it)",
		"QueryContext":             "preparedTx: queryList's queries in their prepared form",
		"ReadHashes":               "reads tree hashes by primary key",
		"readRegions":              "loads the whole region table once at start",
		"CopyCatalogItems":         "INSERT … RETURNING, not a list",
		"Verify":                   "reads every event, on purpose",
		"verifyTable":              "reads every row of a table, on purpose",
		"tableNames":               "reads the catalogue of tables",
		"verifyBalances":           "sums the whole ledger, on purpose",
		"verifyProjectCommitments": "reads every project, on purpose",
		"verifyFiles":              "re-hashes every stored file, on purpose",
		"verifyCheckpoints":        "reads every checkpoint, on purpose",
		"foreignKeyCheck":          "PRAGMA foreign_key_check after a SQLite migration",
		"rebuildReleases":          "reads every stored release once, on purpose (goumai ocds rebuild, log verify)",
		"reindexSearch":            "reads the public events of the searchable objects once, when migration 0049 is applied",
		"readStatSources":          "reads the latest state of every statistics source once, on purpose (goumai stats rebuild/--check)",
		"readStatCells":            "reads every statistics cell, on purpose (goumai stats rebuild --check)",
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "QueryContext" {
					if _, ok := allowed[fn.Name.Name]; !ok {
						t.Errorf("%s: %s queries rows without queryList: make it a listQuery so that its plan is checked", fset.Position(call.Pos()), fn.Name.Name)
					}
				}
				return true
			})
		}
	}
}
