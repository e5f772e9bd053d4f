package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/sqlstore"
)

// storedActive returns the store's active flags as the engine writes them.
func storedActive(t *testing.T, s *sqlstore.Store) []redflag.Flag {
	t.Helper()
	var out []redflag.Flag
	for before := int64(0); ; {
		page, err := s.RedFlags(context.Background(), sqlstore.RedFlagFilter{State: goumai.RedFlagActive, Region: "", BeforeID: before, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page {
			out = append(out, redflag.Flag{Indicator: f.Indicator, OCID: f.OCID, Subject: f.Subject, Region: f.Region, BuyerID: f.BuyerID,
				SupplierID: f.SupplierID, Value: f.Value, LegalBasis: f.LegalBasis, Evidence: f.Evidence, ParamsVersion: f.ParamsVersion})
		}
		if len(page) < 500 {
			break
		}
		before = page[len(page)-1].ID
	}
	redflag.SortFlags(out)
	return out
}

// The flags the store raised release by release, in the releases'
// transactions, are exactly those a full recompute from the bulk file of
// every release gives; a recompute of the store changes nothing.
func TestRedFlagsIncrementalEqualsRecompute(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo world")
	}
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			ctx := context.Background()
			s := loadDemoWorld(t, db)
			got := storedActive(t, s)
			want := recomputedFromBulk(t, s)
			compareFlags(t, got, want)
			indicators := map[string]int{}
			for _, f := range got {
				indicators[f.Indicator]++
				if len(f.Evidence.Releases) == 0 || f.Evidence.Releases[0].LogIndex <= 0 {
					t.Errorf("%s %s: no evidence", f.Indicator, f.OCID)
				}
			}
			if indicators["GM-REPEAT"] == 0 || indicators["GM-LUX"] == 0 {
				t.Errorf("the demo's repeat winner and dearest purchases not flagged: %v", indicators)
			}
			if err := s.RecomputeRedFlags(ctx); err != nil {
				t.Fatal(err)
			}
			compareFlags(t, storedActive(t, s), got)
		})
	}
}

// recomputedFromBulk recomputes the flags from the store's bulk releases, as
// `goumai indicators --goumai` does from the bulk file.
func recomputedFromBulk(t *testing.T, s *sqlstore.Store) []redflag.Flag {
	t.Helper()
	ctx := context.Background()
	var bulk bytes.Buffer
	if _, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: -1}, func(r sqlstore.StoredRelease) error {
		bulk.Write(r.Body)
		bulk.WriteByte('\n')
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	e := redflag.NewEngine(s.RedFlagParams(ctx))
	e.Remote = s.RedFlagRemote(ctx) // the grades received from other instances, as the store reads them
	flags, err := e.Recompute(&bulk)
	if err != nil {
		t.Fatal(err)
	}
	return flags
}
func compareFlags(t *testing.T, got, want []redflag.Flag) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", " ")
	w, _ := json.MarshalIndent(want, "", " ")
	if !bytes.Equal(g, w) {
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		lo := max(0, i-400)
		t.Fatalf("%d flags stored, %d recomputed; first difference at byte %d:\nstored:     %s\nrecomputed: %s", len(got), len(want), i,
			g[lo:min(len(g), i+200)], w[lo:min(len(w), i+200)])
	}
}
