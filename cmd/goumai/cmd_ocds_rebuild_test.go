package main

import (
	"context"
	"testing"
)

// `ocds rebuild --check` compares the stored releases with the log's, and
// reports a release stored behind goumai's back, as log verify does; without
// --check it rewrites them from the log. (sqlstore's TestRebuildReleasesDemo
// checks a whole world's releases.)
func TestOCDSRebuild(t *testing.T) {
	db, run := migratedCmdDB(t)
	run(0, "ocds rebuild --check OK", "ocds", "rebuild", "--db", db, "--check")
	run(0, "OCDS releases match the log", "log", "verify", "--db", db)

	s := openSQLite(t, db)
	if _, err := s.DB().ExecContext(context.Background(), `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
		VALUES (0, 'ocds-gm0000-9', 'ocds-gm0000-9-0', '2026-03-02T09:00:00+08:00', 'planning', '330106', 2026, '{}')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	run(1, "ocds release of event 0 (ocds-gm0000-9): extra", "ocds", "rebuild", "--db", db, "--check")
	run(1, "ocds release of event 0 (ocds-gm0000-9): extra", "log", "verify", "--db", db)
	run(0, "differed from those stored", "ocds", "rebuild", "--db", db)
	run(0, "ocds rebuild --check OK", "ocds", "rebuild", "--db", db, "--check")
	run(2, "usage", "ocds", "rebuild", "--db", db, "extra-argument")
}
