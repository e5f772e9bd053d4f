package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// benchCatalog stores two published versions of a central catalogue of about n
// items (10 classes × 10 categories × n/100 leaves), the second a copy of the
// first with 1 % of the leaves renamed, 1 % removed and 1 % added, and returns
// both version ids and the leaf codes.
func benchCatalog(b *testing.B, s *sqlstore.Store, n int) (v1, v2 int64, leaves []string) {
	b.Helper()
	ctx := context.Background()
	per := max(1, (n-110)/100)
	var items []goumai.CatalogItem
	for c := 0; c < 10; c++ {
		l1 := string(rune('A' + c))
		items = append(items, goumai.CatalogItem{Code: l1, Level: 1, Name: "类别" + l1, Class: goumai.ClassPublicService})
		for k := 1; k <= 10; k++ {
			l2 := fmt.Sprintf("%s%02d", l1, k)
			items = append(items, goumai.CatalogItem{Code: l2, Parent: l1, Level: 2, Name: "事项" + l2, Class: goumai.ClassPublicService})
			for j := 1; j <= per; j++ {
				l3 := fmt.Sprintf("%s%02d", l2, j)
				items = append(items, goumai.CatalogItem{Code: l3, Parent: l2, Level: 3, Name: "服务" + l3, Class: goumai.ClassPublicService, ItemCode: "C0901"})
				leaves = append(leaves, l3)
			}
		}
	}
	from := sqltestStart().Add(-48 * time.Hour)
	to := from.Add(24 * time.Hour)
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if v1, err = tx.InsertCatalogVersion(ctx, sqlstore.CatalogVersionRow{CatalogVersion: goumai.CatalogVersion{Region: goumai.NationalCode,
			Number: 1, Title: "bench", Status: goumai.CatalogSuperseded, EffectiveFrom: from, EffectiveTo: &to}}); err != nil {
			return err
		}
		for _, it := range items {
			it.VersionID = v1
			if _, err := tx.InsertCatalogItem(ctx, it); err != nil {
				return err
			}
		}
		if v2, err = tx.InsertCatalogVersion(ctx, sqlstore.CatalogVersionRow{CatalogVersion: goumai.CatalogVersion{Region: goumai.NationalCode,
			Number: 2, Title: "bench 2", Status: goumai.CatalogPublished, EffectiveFrom: to, BasedOn: v1}}); err != nil {
			return err
		}
		if _, err := tx.CopyCatalogItems(ctx, v1, v2); err != nil {
			return err
		}
		copied, err := tx.CatalogItems(ctx, v2)
		if err != nil {
			return err
		}
		for i, it := range copied {
			if it.Level != 3 || i%100 != 0 {
				continue
			}
			switch (i / 100) % 3 {
			case 0:
				it.Name += "（修订）"
				err = tx.UpdateCatalogItem(ctx, it)
			case 1:
				err = tx.DeleteCatalogItem(ctx, it.ID)
			case 2:
				it.Code, it.ID = it.Parent+"99", 0
				_, err = tx.InsertCatalogItem(ctx, it)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return v1, v2, leaves
}

func sqltestSQLite(b *testing.B) *sqlstore.Store {
	return sqltest.SQLite(b, goumai.NewFakeClock(sqltest.Start))
}

func sqltestStart() time.Time { return sqltest.Start }

// BenchmarkCatalogLookup resolves a code for a purchaser (department → province
// → central) and reads the item with its leaf flag, at 100 and 10,000 items.
func BenchmarkCatalogLookup(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			benchStores(b, func(b *testing.B, s *sqlstore.Store) {
				_, v2, leaves := benchCatalog(b, s, n)
				ctx := context.Background()
				at := sqltestStart()
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					_, _, v, err := s.CatalogItemInForce(ctx, "330106", 7, leaves[(i*7919)%len(leaves)], at)
					if err != nil && goumai.ErrorCode(err) != goumai.ENotFound || v.ID != v2 {
						b.Fatalf("lookup: version %d, %v", v.ID, err)
					}
				}
			})
		})
	}
}

// BenchmarkCatalogDiff reads two versions and compares them (what the diff page
// and API do), at 100 and 10,000 items.
func BenchmarkCatalogDiff(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			benchStores(b, func(b *testing.B, s *sqlstore.Store) {
				v1, v2, _ := benchCatalog(b, s, n)
				ctx := context.Background()
				b.ResetTimer()
				for b.Loop() {
					a, err := s.CatalogItems(ctx, v1)
					if err != nil {
						b.Fatal(err)
					}
					c, err := s.CatalogItems(ctx, v2)
					if err != nil {
						b.Fatal(err)
					}
					if d := goumai.DiffCatalog(a, c); n >= 10_000 && (len(d.Added) == 0 || len(d.Removed) == 0 || len(d.Changed) == 0) {
						b.Fatalf("diff found nothing: %d %d %d", len(d.Added), len(d.Removed), len(d.Changed))
					}
				}
			})
		})
	}
}

// BenchmarkCatalogCompare is the comparison alone (goumai.DiffCatalog, one
// merge pass) on two versions already in memory, at 100 and 10,000 items.
func BenchmarkCatalogCompare(b *testing.B) {
	for _, n := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			s := sqltestSQLite(b)
			v1, v2, _ := benchCatalog(b, s, n)
			a, err := s.CatalogItems(context.Background(), v1)
			if err != nil {
				b.Fatal(err)
			}
			c, err := s.CatalogItems(context.Background(), v2)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				goumai.DiffCatalog(a, c)
			}
		})
	}
}
