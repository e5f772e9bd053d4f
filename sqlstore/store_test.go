package sqlstore_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sqltest.DropTemplates()
	os.Exit(code)
}

func TestParseDSN(t *testing.T) {
	for _, c := range []struct {
		in      string
		dialect sqlstore.Dialect
		bad     bool
	}{
		{"goumai-data/goumai.db", sqlstore.SQLite, false},
		{"sqlite:/tmp/x.db", sqlstore.SQLite, false},
		{"postgres://u@127.0.0.1:5432/test", sqlstore.Postgres, false},
		{"postgresql://u:pw@db/x", sqlstore.Postgres, false},
		{"mysql://u@h/db", "", true},
		{"", "", true},
		{"sqlite:", "", true},
	} {
		d, err := sqlstore.ParseDSN(c.in)
		if (err != nil) != c.bad || !c.bad && d.Dialect != c.dialect {
			t.Errorf("ParseDSN(%q) = %v, %v; want dialect %q bad %v", c.in, d.Dialect, err, c.dialect, c.bad)
		}
	}
	if d, err := sqlstore.ParseDSN("postgres://u:secret@h/db"); err != nil || strings.Contains(d.String(), "secret") || !strings.Contains(d.String(), "h/db") {
		t.Errorf("DSN.String leaks the password, or the DSN did not parse: %s %v", d, err)
	}
}

// mustTreeSize returns the size of the transparency log.
func mustTreeSize(t testing.TB, s *sqlstore.Store) int64 {
	t.Helper()
	n, err := s.TreeSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustOrg(t testing.TB, s *sqlstore.Store, o goumai.Org) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if id, err = tx.InsertOrg(ctx, o); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: o.Region, Public: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		t.Run("regions", func(t *testing.T) {
			r := s.Regions()
			if r.Len() < 3000 {
				t.Fatalf("only %d regions loaded", r.Len())
			}
			if !r.Contains("330000", "330106") || r.Contains("330000", "110105") {
				t.Error("region subtree checks wrong")
			}
		})
		t.Run("migrate twice is a no-op", func(t *testing.T) {
			applied, err := s.Migrate(ctx)
			if err != nil || len(applied) != 0 {
				t.Fatalf("second Migrate applied %v, %v", applied, err)
			}
		})
		t.Run("orgs and conflicts", func(t *testing.T) {
			code := "91330106MA2XXXXX" // 16 chars; completed below
			code = "91330106" + "MA2H0001"
			c, ok := goumai.CreditCheckChar(code + "X")
			if !ok {
				t.Fatalf("no check character for %s", code)
			}
			code = code + "X" + string(c)
			id := mustOrg(t, s, goumai.Org{Name: "杭州甲公司", Kind: goumai.KindEnterprise, CreditCode: code, Region: "330106", Active: true})
			got, err := s.Org(ctx, id)
			if err != nil || got.Name != "杭州甲公司" || got.CreditCode != code || !got.Active {
				t.Fatalf("Org = %+v, %v", got, err)
			}
			err = s.Update(ctx, func(tx *sqlstore.Tx) error {
				_, err := tx.InsertOrg(ctx, goumai.Org{Name: "重复", Kind: goumai.KindEnterprise, CreditCode: code, Region: "330106"})
				return err
			})
			if goumai.ErrorCode(err) != goumai.EConflict {
				t.Errorf("duplicate credit code: got %v, want conflict", err)
			}
			err = s.Update(ctx, func(tx *sqlstore.Tx) error {
				_, err := tx.InsertOrg(ctx, goumai.Org{Name: "无区划", Kind: goumai.KindEnterprise, Region: "999999"})
				return err
			})
			if goumai.ErrorCode(err) != goumai.EInvalid {
				t.Errorf("unknown region: got %v, want invalid", err)
			}
			if _, err := s.Org(ctx, 987654); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("missing org: got %v, want not_found", err)
			}
		})
		t.Run("rollback writes nothing", func(t *testing.T) {
			before := mustTreeSize(t, s)
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				id, err := tx.InsertOrg(ctx, goumai.Org{Name: "回滚", Kind: goumai.KindSocialOrg, Region: "330100"})
				if err != nil {
					return err
				}
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330100"}); err != nil {
					return err
				}
				return goumai.Errorf(goumai.EInvalid, "故意失败", "deliberate failure")
			})
			if goumai.ErrorCode(err) != goumai.EInvalid {
				t.Fatalf("got %v", err)
			}
			if after := mustTreeSize(t, s); after != before {
				t.Errorf("tree grew from %d to %d on a rolled-back transaction", before, after)
			}
			orgs, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Query: "回滚"})
			if err != nil || len(orgs) != 0 {
				t.Errorf("rolled-back org was stored: %v %v", orgs, err)
			}
		})
		t.Run("verify passes, then catches tampering", func(t *testing.T) {
			if _, err := s.Checkpoint(ctx); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Verify(ctx, nil)
			if err != nil || !rep.OK() {
				t.Fatalf("Verify = %+v, %v", rep.Problems, err)
			}
			for _, c := range []struct{ name, do, undo, want string }{
				{"update", `UPDATE orgs SET name = 'x' WHERE name = '杭州甲公司'`, `UPDATE orgs SET name = '杭州甲公司' WHERE name = 'x'`, "name: logged"},
				{"insert", `INSERT INTO users (username, display_name, active, created_at) VALUES ('ghost', 'g', TRUE, '2026-01-01T00:00:00.000000Z')`, `DELETE FROM users WHERE username = 'ghost'`, "inserted behind"},
				{"region", `UPDATE regions SET parent = '330000' WHERE code = '110105'`, `UPDATE regions SET parent = '110000' WHERE code = '110105'`, "regions 110105"},
				{"event", `UPDATE events SET action = 'x' WHERE id = 5`, `UPDATE events SET action = 'region.load' WHERE id = 5`, "event 5 does not match its leaf hash"},
				{"table", `CREATE TABLE sneaky (x INTEGER)`, `DROP TABLE sneaky`, "sneaky"},
			} {
				if _, err := s.DB().ExecContext(ctx, c.do); err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				rep, err := s.Verify(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
					t.Errorf("%s: problems %q, want one containing %q", c.name, rep.Problems, c.want)
				}
				if _, err := s.DB().ExecContext(ctx, c.undo); err != nil {
					t.Fatalf("undo %s: %v", c.name, err)
				}
			}
			if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
				t.Fatalf("after undoing: %v %v", err, rep.Problems)
			}
		})
	})
}
