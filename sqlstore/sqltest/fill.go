package sqltest

import (
	"context"
	"testing"

	"github.com/goumai/goumai/sqlstore"
)

// releaseTemplate is a synthetic release of about 1.3 KB, shaped like a
// project.approve release goumai publishes (1.1 KB); {P} is the project, {I} the log
// index. It is for volume benchmarks only: it is not checked against the
// schema.
const releaseTemplate = `{"ocid":"ocds-gm0000-{P}","id":"ocds-gm0000-{P}-{I}","date":"2026-03-02T09:00:00.000000+08:00","tag":["planning"],` +
	`"initiationType":"tender","language":"zh","parties":[{"id":"CN-USCC-11330106334385828B","name":"杭州市西湖区民政局",` +
	`"identifier":{"scheme":"CN-USCC","id":"11330106334385828B","legalName":"杭州市西湖区民政局"},"address":{"region":"330106",` +
	`"countryName":"中国"},"roles":["buyer"]}],"buyer":{"id":"CN-USCC-11330106334385828B","name":"杭州市西湖区民政局"},` +
	`"planning":{"rationale":"为辖区困难群众提供上门走访慰问、需求评估和转介服务，覆盖低保、低边、特困对象","budget":{"id":"GM-330106-2026-{P}",` +
	`"description":"走访慰问服务","amount":{"amount":80000,"currency":"CNY"},"budgetSystem":{"mofDivCode":"330106","agencyCode":"106001",` +
	`"proCode":"33010626000000000101","bgtId":"330106-2026-0101"}},"guidanceCatalogue":{"id":"A0101","description":"社会救助服务"},` +
	`"exAnteAssessment":"建议实施","milestones":[{"id":"milestone-approval-{P}","title":"项目立项批复","type":"approval",` +
	`"status":"met","dateMet":"2026-03-02T09:00:00.000000+08:00"}]},"tender":{"id":"GM-330106-2026-{P}","title":"走访慰问服务",` +
	`"status":"planning"},"goumai":{"project":{"id":{P},"code":"GM-330106-2026-{P}","region":"330106"}}}`

// FillReleases appends n synthetic public events to s's log, each with one
// release in ocds_releases (five releases per ocid), directly in SQL, in
// batches of 100,000 rows per transaction: a fast way to a large feed for
// volume benchmarks, not through the use cases. The events carry no tree
// hashes (an empty blob), so the log no longer verifies and no checkpoint can
// be signed over them: use a store of its own. The log head is advanced, so
// the watermark covers the new releases.
func FillReleases(t testing.TB, s *sqlstore.Store, n int) {
	t.Helper()
	ctx := context.Background()
	for done := 0; done < n; {
		k := min(n-done, 100_000)
		tx, err := s.DB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var head int64
		if err := tx.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&head); err != nil {
			t.Fatal(err)
		}
		from, to := head, head+int64(k)
		type stmt struct {
			q    string
			args []any
		}
		var stmts []stmt
		if s.Dialect() == sqlstore.Postgres {
			stmts = []stmt{
				{`INSERT INTO events (id, at, actor, region, action, object_type, object_id, public, created, state, hashes)
				SELECT i, '2026-03-02T01:00:00.000000Z', 'system', '330106', 'project.approve', 'projects', (i / 5)::text, TRUE, FALSE,
					'{"id":' || (i / 5) || '}', ''::bytea
				FROM generate_series($1::bigint, $2::bigint - 1) AS i`, []any{from, to}},
				{`INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
				SELECT i, 'ocds-gm0000-' || (i / 5), 'ocds-gm0000-' || (i / 5) || '-' || i, '2026-03-02T09:00:00+08:00', 'planning', '330106', 2026,
					replace(replace($3::text, '{P}', (i / 5)::text), '{I}', i::text)
				FROM generate_series($1::bigint, $2::bigint - 1) AS i`, []any{from, to, releaseTemplate}},
				{`UPDATE log_head SET size = $2 WHERE id = 1 AND size = $1`, []any{from, to}},
			}
		} else {
			// The events_append trigger checks each id against the head and
			// events_head advances it.
			stmts = []stmt{
				{`WITH RECURSIVE c(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $2)
				INSERT INTO events (id, at, actor, region, action, object_type, object_id, public, created, state, hashes)
				SELECT i, '2026-03-02T01:00:00.000000Z', 'system', '330106', 'project.approve', 'projects', CAST(i / 5 AS TEXT), 1, 0,
					'{"id":' || (i / 5) || '}', x'' FROM c`, []any{from, to}},
				{`WITH RECURSIVE c(i) AS (SELECT $1 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $2)
				INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
				SELECT i, 'ocds-gm0000-' || (i / 5), 'ocds-gm0000-' || (i / 5) || '-' || i, '2026-03-02T09:00:00+08:00', 'planning', '330106', 2026,
					replace(replace($3, '{P}', CAST(i / 5 AS TEXT)), '{I}', CAST(i AS TEXT)) FROM c`, []any{from, to, releaseTemplate}},
			}
		}
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				tx.Rollback()
				t.Fatalf("fill releases: %v", err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		done += k
	}
}
