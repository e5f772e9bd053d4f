package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestCardinalLive: Cardinal's indicators run on the store's own releases.
// The processes of Cardinal's test cases (every indicator's) are appended
// release by release; each release re-decides the process indicators of its
// process only, in its transaction, and a later release of a process
// (cancelling its tender, changing its bids) changes that process's values;
// after the population indicators' pass over the kept compiled releases,
// the live values equal those of `goumai indicators` (Cardinal, every
// indicator enabled) on the compiled releases of the store's bulk file.
func TestCardinalLive(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		files, err := filepath.Glob("../redflag/testdata/cardinal/indicators/R0??.jsonl")
		if err != nil || len(files) < 10 {
			t.Fatalf("Cardinal's test cases: %v %v", files, err)
		}
		n := 0
		add := func(ocid string, release map[string]any) {
			t.Helper()
			n++
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				var idx int64
				if err := sqlstore.TxSQL(tx).QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&idx); err != nil {
					return err
				}
				release["ocid"], release["id"] = ocid, fmt.Sprintf("%s-%d", ocid, idx)
				release["date"] = time.Date(2026, 3, 1, 10, 0, 0, 0, goumai.Shanghai).Add(time.Duration(n) * time.Second).Format(time.RFC3339)
				body, err := json.Marshal(release)
				if err != nil {
					return err
				}
				if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `INSERT INTO events (id, at, actor, region, action, object_type, object_id, public, created, state, hashes)
					VALUES ($1, '2026-03-01T02:00:00.000000Z', 'system', '330106', 'procurement.publish', 'procurements', $2, TRUE, TRUE, '{}', $3)`, idx, fmt.Sprint(idx), []byte{}); err != nil {
					return err
				}
				if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
					VALUES ($1, $2, $3, '2026-03-01T10:00:00+08:00', 'tender', '330106', 2026, $4)`, idx, ocid, release["id"], string(body)); err != nil {
					return err
				}
				if s.Dialect() == sqlstore.Postgres {
					if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `UPDATE log_head SET size = $1 WHERE id = 1`, idx+1); err != nil {
						return err
					}
				}
				return sqlstore.UpdateCardinal(ctx, tx, []string{ocid})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		var ocids []string
		for _, f := range files {
			in, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(in)
			sc.Buffer(nil, 1<<20)
			code := strings.TrimSuffix(filepath.Base(f), ".jsonl")
			for sc.Scan() {
				var r map[string]any
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					continue // Cardinal's bad-input cases
				}
				id, ok := r["ocid"].(string)
				if !ok {
					continue
				}
				ocid := "ocds-gm0000-" + code + "-" + id
				ocids = append(ocids, ocid)
				add(ocid, r)
			}
			in.Close()
		}
		// Each release decides its own process only.
		values := func() map[string]float64 {
			vs, err := s.CardinalValues(ctx)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]float64{}
			for _, v := range vs {
				out[v.Group.String()+" "+v.ID+" "+v.Code] = v.Value.Value
			}
			return out
		}
		before := values()
		flagged := ""
		for _, o := range ocids {
			if _, ok := before["OCID "+o+" R018"]; ok {
				flagged = o
				break
			}
		}
		if flagged == "" {
			t.Fatalf("no process flagged R018 (a single bid) live: %v", before)
		}
		// A later release cancels that tender: its process leaves the population.
		add(flagged, map[string]any{"tender": map[string]any{"status": "cancelled"}})
		after := values()
		for k := range before {
			if strings.HasPrefix(k, "OCID "+flagged+" ") {
				if _, ok := after[k]; ok {
					t.Errorf("%s still set after the process's tender was cancelled", k)
				}
			} else if after[k] != before[k] && !strings.HasPrefix(k, "Tenderer ") {
				t.Errorf("%s changed by another process's release", k)
			}
		}
		// The scheduler's pass: once after releases arrived, then not again.
		for i, want := range []bool{true, false} {
			if ran, err := s.RefreshCardinalPopulationIfStale(ctx); err != nil || ran != want {
				t.Fatalf("population pass %d: ran %v (%v), want %v", i, ran, err, want)
			}
		}
		got := values()

		// `goumai indicators` on the compiled releases of the bulk file.
		settings, err := redflag.ParseSettings(strings.NewReader(redflag.LiveSettings()), redflag.Default)
		if err != nil {
			t.Fatal(err)
		}
		acc, err := redflag.New(settings, redflag.Options{At: clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		var bodies [][]byte
		cur := ""
		flush := func() {
			if len(bodies) == 0 {
				return
			}
			c, err := redflag.Compile(bodies...)
			if err != nil {
				t.Fatal(err)
			}
			if err := acc.Add(c); err != nil {
				t.Fatal(err)
			}
			bodies = nil
		}
		err = s.ReleasesByOCID(ctx, func(r sqlstore.StoredRelease) error {
			if r.OCID != cur {
				flush()
				cur = r.OCID
			}
			bodies = append(bodies, r.Body)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		flush()
		want := map[string]float64{}
		codes := map[string]bool{}
		for _, v := range acc.Result().Values() {
			want[v.Group.String()+" "+v.ID+" "+v.Code] = v.Value
			codes[v.Code] = true
		}
		// Every process indicator and two population ones flag something (R024,
		// R048 and R058 need settings or populations Cardinal's cases leave out).
		for _, c := range []string{"R003", "R018", "R028", "R030", "R035", "R036", "R025", "R038"} {
			if !codes[c] {
				t.Errorf("the bulk file's result sets no %s: %v", c, codes)
			}
		}
		var diff []string
		for k, v := range want {
			if g, ok := got[k]; !ok || g != v {
				diff = append(diff, fmt.Sprintf("%s: live %v (%v), bulk %v", k, g, ok, v))
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				diff = append(diff, fmt.Sprintf("%s: live %v, not in the bulk result", k, v))
			}
		}
		slices.Sort(diff)
		if len(diff) > 0 {
			t.Errorf("%d live values differ from the bulk file's (%d values):\n%s", len(diff), len(want), strings.Join(diff, "\n"))
		}

		// Population passes at once (two schedulers' ticks): each succeeds,
		// and the values are the same as one pass's.
		for range 3 {
			errs := make(chan error, 4)
			for range 4 {
				go func() { errs <- s.RefreshCardinalPopulation(ctx) }()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Fatalf("concurrent population passes: %v", err)
				}
			}
		}
		if again := values(); fmt.Sprint(again) != fmt.Sprint(got) {
			t.Errorf("after concurrent passes: %d values, want %d", len(again), len(got))
		}

		// A database whose processes predate migration 0061: applying it
		// recompiles them all, and gives the same values.
		for _, q := range []string{`DROP TABLE cardinal_values`, `DROP TABLE cardinal_processes`, `DELETE FROM schema_migrations WHERE version = 61`} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if applied, err := s.Migrate(ctx); err != nil || len(applied) != 1 || applied[0] != "0061_cardinal_live.sql" {
			t.Fatalf("applied %v %v", applied, err)
		}
		if again := values(); fmt.Sprint(again) != fmt.Sprint(got) {
			t.Errorf("after migration 0061 on the old database: %d values, want the live %d", len(again), len(got))
		}
	})
}
