package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// putVersion stores a published version with its items, recording every row.
func putVersion(t *testing.T, s *sqlstore.Store, v sqlstore.CatalogVersionRow, items []goumai.CatalogItem) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if id, err = tx.InsertCatalogVersion(ctx, v); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "catalog.draft", Table: "catalog_versions", Key: id, Region: v.Region, Public: true}); err != nil {
			return err
		}
		for _, it := range items {
			it.VersionID = id
			iid, err := tx.InsertCatalogItem(ctx, it)
			if err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "catalog.item_add", Table: "catalog_items", Key: iid, Region: v.Region}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("put version %s/%d: %v", v.Region, v.Number, err)
	}
	return id
}

func tree(leafCodes ...string) []goumai.CatalogItem {
	items := []goumai.CatalogItem{
		{Code: "A", Level: 1, Name: "公共服务", Class: goumai.ClassPublicService},
		{Code: "A01", Parent: "A", Level: 2, Name: "社会救助", Class: goumai.ClassPublicService},
	}
	for _, c := range leafCodes {
		items = append(items, goumai.CatalogItem{Code: c, Parent: "A01", Level: 3, Name: "事项" + c, Class: goumai.ClassPublicService, ItemCode: "C0901"})
	}
	return items
}

func TestCatalogItemInForce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		day := 24 * time.Hour
		t0 := sqltest.Start.Add(-30 * day)
		t1 := sqltest.Start.Add(10 * day)
		dept := mustOrg(t, s, goumai.Org{Name: "浙江省民政厅", Kind: goumai.KindStateOrgan, Region: "330000", CreditCode: "11330000002482036L", Active: true})
		pub := func(region string, dept int64, n int, from time.Time, to *time.Time) sqlstore.CatalogVersionRow {
			st := goumai.CatalogPublished
			if to != nil {
				st = goumai.CatalogSuperseded
			}
			return sqlstore.CatalogVersionRow{CatalogVersion: goumai.CatalogVersion{Region: region, DeptOrgID: dept, Number: n, Title: "目录", Status: st, EffectiveFrom: from, EffectiveTo: to}}
		}
		central := putVersion(t, s, pub("100000", 0, 1, t0, nil), tree("A0101", "A0102"))
		zj1 := putVersion(t, s, pub("330000", 0, 1, t0, &t1), tree("A0101"))
		zj2 := putVersion(t, s, pub("330000", 0, 2, t1, nil), tree("A0101", "A0103"))
		deptV := putVersion(t, s, pub("330000", dept, 1, t0, nil), append(tree("A0103"),
			goumai.CatalogItem{Code: "A010301", Parent: "A0103", Level: 4, Name: "第四级", Class: goumai.ClassPublicService, ItemCode: "C0901"}))

		for _, c := range []struct {
			name    string
			region  string
			dept    int64
			code    string
			at      time.Time
			version int64
			leaf    bool
			found   bool
		}{
			{"province before change", "330106", 0, "A0101", sqltest.Start, zj1, true, true},
			{"province code only in the next version", "330106", 0, "A0103", sqltest.Start, zj1, false, false},
			{"province after change", "330106", 0, "A0103", t1, zj2, true, true},
			{"province at the instant of change", "330106", 0, "A0101", t1, zj2, true, true},
			{"category is not a leaf", "330106", 0, "A01", sqltest.Start, zj1, false, true},
			{"lower-case code is normalised", "330106", 0, "a0101", sqltest.Start, zj1, true, true},
			{"no provincial catalogue: central", "110101", 0, "A0102", sqltest.Start, central, true, true},
			{"national region: central", "100000", 0, "A0102", sqltest.Start, central, true, true},
			{"department version", "330000", dept, "A0103", sqltest.Start, deptV, false, true},
			{"department level 4", "330000", dept, "A010301", sqltest.Start, deptV, true, true},
			{"department narrowed the item out", "330000", dept, "A0101", sqltest.Start, deptV, false, false},
			{"other department: tier", "330000", dept + 1000, "A0101", sqltest.Start, zj1, true, true},
		} {
			t.Run(c.name, func(t *testing.T) {
				it, leaf, v, err := s.CatalogItemInForce(ctx, c.region, c.dept, c.code, c.at)
				if found := err == nil; found != c.found || c.found && goumai.ErrorCode(err) != "" {
					t.Fatalf("found = %v (%v), want %v", found, err, c.found)
				}
				if !c.found && goumai.ErrorCode(err) != goumai.ENotFound {
					t.Fatalf("error code = %q, want not_found", goumai.ErrorCode(err))
				}
				if v.ID != c.version {
					t.Errorf("version = %d, want %d", v.ID, c.version)
				}
				if c.found && (leaf != c.leaf || it.VersionID != c.version) {
					t.Errorf("leaf = %v, item version %d; want %v, %d", leaf, it.VersionID, c.leaf, c.version)
				}
			})
		}
		if _, _, v, err := s.CatalogItemInForce(ctx, "330106", 0, "A0101", t0.Add(-day)); goumai.ErrorCode(err) != goumai.ENotFound || v.ID != 0 {
			t.Errorf("before any version: version %d, err %v; want none, not_found", v.ID, err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
	})
}
