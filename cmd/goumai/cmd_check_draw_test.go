package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// TestCheckDraw: on the demo world, the demo tender's panel is drawn (the
// demo experts in Zhejiang's database, the Xihu finance reviewer and the
// purchaser committing and revealing); `goumai log check-draw` re-runs it
// from the log and prints the panel; after one logged value is changed in
// the database (the result's panel) it fails.
func TestCheckDraw(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errs := runCmd(t, nil, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	ctx := context.Background()
	s := openSQLite(t, db)
	svc := workflow.New(s)
	actor := func(username string) goumai.Actor {
		t.Helper()
		u, _, err := s.Credentials(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := s.Memberships(ctx, u.ID)
		if err != nil || len(ms) == 0 {
			t.Fatal(err)
		}
		a := goumai.Actor{UserID: u.ID, Username: u.Username, Org: ms[0].Org}
		for _, m := range ms {
			if m.Org.ID == a.Org.ID {
				a.Roles = append(a.Roles, m.Role)
			}
		}
		return a
	}
	for _, u := range []string{"expert.wang", "expert.li", "expert.chen", "expert.zhao"} {
		if _, err := s.ExpertOfUser(ctx, actor(u).UserID); goumai.ErrorCode(err) == goumai.ENotFound {
			if _, err := svc.AddExpert(ctx, actor("zj.admin"), workflow.ExpertInput{Username: u, Region: "330000", Specialities: []string{"A"}}); err != nil {
				t.Fatalf("add %s: %v", u, err)
			}
		}
	}
	var pid int64
	if err := s.DB().QueryRowContext(ctx, `SELECT id FROM procurements WHERE title LIKE '%困境儿童%' AND status = 'tendering'`).Scan(&pid); err != nil {
		t.Fatalf("the demo tender: %v", err)
	}
	var eval time.Time
	if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		cal, err := tx.Calendar(ctx)
		if err != nil {
			return err
		}
		eval, err = cal.AddWorkingDaysChecked(tx.Now(), 1)
		return err
	}); err != nil {
		t.Skipf("no calendar for the next working day: %v", err)
	}
	sup, staff := actor("xihu.reviewer"), actor("xihu.minzheng")
	secrets := map[goumai.DrawParty]string{}
	for party, a := range map[goumai.DrawParty]goumai.Actor{goumai.PartySupervisor: sup, goumai.PartyOrganizer: staff} {
		b := make([]byte, 32)
		rand.Read(b)
		h := sha256.Sum256(b)
		secrets[party] = hex.EncodeToString(b)
		if _, err := svc.CommitDraw(ctx, a, pid, workflow.CommitInput{Party: party, Hash: hex.EncodeToString(h[:])}); err != nil {
			t.Fatalf("commit: %v", err)
		}
	}
	d, err := svc.RequestDraw(ctx, staff, pid, workflow.DrawRequestInput{EvaluationAt: eval.Add(-14 * time.Hour), PanelSize: 5, PurchaserReps: 1, Speciality: "A0101"})
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if _, err := svc.RevealDraw(ctx, sup, d.ID, workflow.RevealInput{Party: goumai.PartySupervisor, Secret: secrets[goumai.PartySupervisor]}); err != nil {
		t.Fatal(err)
	}
	if d, err = svc.RevealDraw(ctx, staff, d.ID, workflow.RevealInput{Party: goumai.PartyOrganizer, Secret: secrets[goumai.PartyOrganizer]}); err != nil || len(d.Drawn) != 4 {
		t.Fatalf("reveal: %+v %v", d, err)
	}
	s.Close()

	id := strconv.FormatInt(d.ID, 10)
	code, out, errs := runCmd(t, nil, "log", "check-draw", "--db", db, id)
	if code != 0 || !strings.Contains(out, "draw "+id+" OK") || !strings.Contains(out, fmt.Sprintf("panel: %v\n", d.Drawn)) {
		t.Fatalf("check-draw: %d\n%s\n%s", code, out, errs)
	}

	// One logged value changed: the result's panel.
	s = openSQLite(t, db)
	res, err := s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "panel_draws", ObjectID: id, Limit: 10})
	if err != nil || res[0].Action != "panel.draw" {
		t.Fatalf("result event: %+v %v", res, err)
	}
	wrong := strings.Replace(string(res[0].State), `"drawn":[`+strconv.FormatInt(d.Drawn[0], 10), `"drawn":[`+strconv.FormatInt(d.Drawn[0]+1000, 10), 1)
	if _, err := s.DB().ExecContext(ctx, `UPDATE events SET state = $1 WHERE id = $2`, wrong, res[0].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, _ := runCmd(t, nil, "log", "check-draw", "--db", db, id); code != 1 || !strings.Contains(out, "FAILED") {
		t.Fatalf("check-draw after a change: %d %s", code, out)
	}
}
