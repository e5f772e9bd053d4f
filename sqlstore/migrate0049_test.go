package sqlstore

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
)

// TestMigration0049: a database with published suppliers from before the
// search index gets them indexed when 0049 is applied; an unpublished one is
// not; verify still passes.
func TestMigration0049(t *testing.T) {
	ctx := context.Background()
	s := openBare(t)
	if _, err := s.migrateUpTo(ctx, 48); err != nil {
		t.Fatal(err)
	}
	for _, o := range []struct {
		name   string
		public bool
	}{{"杭州康宁养老服务有限公司", true}, {"杭州未公开养老服务中心", false}} {
		err := s.Update(ctx, func(tx *Tx) error {
			id, err := tx.InsertOrg(ctx, goumai.Org{Name: o.name, Kind: goumai.KindEnterprise, Region: "330106", Active: true})
			if err != nil {
				return err
			}
			_, err = tx.Record(ctx, Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: o.public})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	applied, err := s.Migrate(ctx)
	if err != nil || len(applied) == 0 || applied[0] != searchMigration {
		t.Fatalf("Migrate = %v, %v; want %s first", applied, err, searchMigration)
	}
	p, err := s.Search(ctx, SearchQuery{Text: "养老服务"})
	if err != nil || len(p.Hits) != 1 || p.Hits[0].Title != "杭州康宁养老服务有限公司" {
		t.Fatalf("Search after 0049 = %+v, %v; want the published supplier alone", p, err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
}
