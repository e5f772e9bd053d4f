package sqlstore_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// fillProjects inserts n projects of one state behind the log's back (the
// list reads only the projects table).
func fillProjects(b *testing.B, s *sqlstore.Store, org int64, prefix string, status goumai.ProjectStatus, n int) {
	b.Helper()
	_, err := s.DB().ExecContext(context.Background(), `INSERT INTO projects (code, purchaser_org_id, region, title, status, created_at, updated_at)
		WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1)
		SELECT $2 || i, $3, '330106', '社区居家养老服务项目', $4, '2026-03-02T01:00:00.000000Z', '2026-03-02T01:00:00.000000Z' FROM seq`,
		n, prefix, org, string(status))
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPublicProjectList measures the public project list (approved
// projects, newest first, one page of 50) among 200 approved projects, then
// after 20,000 newer drafts, then with those drafts and without the indexes of
// migration 0006 (dropped in the same run): the 1 ms → 22 ms.
func BenchmarkPublicProjectList(b *testing.B) {
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		ctx := context.Background()
		org := mustOrg(b, s, goumai.Org{Name: "西湖区民政局", Kind: goumai.KindStateOrgan, Region: "330106", Active: true})
		fillProjects(b, s, org, "GM-A-", goumai.ProjectApproved, 200)
		list := func(b *testing.B) {
			for b.Loop() {
				ps, err := s.FindProjects(ctx, sqlstore.ProjectFilter{Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, Desc: true, Limit: 51})
				if err != nil || len(ps) != 51 {
					b.Fatal(len(ps), err)
				}
			}
		}
		analyze := func(b *testing.B) {
			if s.Dialect() == sqlstore.Postgres { // as autovacuum would; goumai never runs ANALYZE on SQLite
				if _, err := s.DB().ExecContext(ctx, `ANALYZE projects`); err != nil {
					b.Fatal(err)
				}
			}
		}
		analyze(b)
		b.Run("drafts=0", list)
		fillProjects(b, s, org, "GM-D-", goumai.ProjectDraft, 20_000)
		analyze(b)
		b.Run("drafts=20000", list)
		for _, q := range []string{`DROP INDEX projects_status`, `DROP INDEX projects_region_id`} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		analyze(b)
		b.Run("drafts=20000/without_0006", list)
	})
}
