package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// disputeWorld inserts, with their events, a purchaser, a supplier and its
// user, a project, a procedure of 330106 and its tender notice.
func disputeWorld(t *testing.T, s *sqlstore.Store) (p goumai.Procurement, n goumai.Notice, supplier, user int64) {
	t.Helper()
	ctx := context.Background()
	rec := func(tx *sqlstore.Tx, action, table string, key int64) error {
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: table, Key: key, Region: "330106"})
		return err
	}
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		buyer, err := insertOrgTx(ctx, tx, "杭州市西湖区民政局")
		if err != nil {
			return err
		}
		if supplier, err = insertOrgTx(ctx, tx, "杭州康宁养老服务中心"); err != nil {
			return err
		}
		if user, err = tx.InsertUser(ctx, goumai.User{Username: "kangning", DisplayName: "康宁", Active: true}); err != nil {
			return err
		}
		if err := rec(tx, "user.create", "users", user); err != nil {
			return err
		}
		pr := goumai.Project{Code: "GM-330106-2026-0001", PurchaserOrgID: buyer, Region: "330106", Title: "养老服务", Status: goumai.ProjectApproved}
		if pr.ID, err = tx.InsertProject(ctx, pr); err != nil {
			return err
		}
		if err := rec(tx, "project.create", "projects", pr.ID); err != nil {
			return err
		}
		p = goumai.Procurement{Code: "CG-330106-2026-0001", ProjectID: pr.ID, PurchaserOrgID: buyer, Region: "330106", Title: "养老服务",
			Category: "services", Amount: 1_000_000, Method: goumai.MethodOpenTender, Status: goumai.ProcTendering, ParamsFrom: tx.Now()}
		if p.ID, err = tx.InsertProcurement(ctx, p); err != nil {
			return err
		}
		if err := rec(tx, "procurement.create", "procurements", p.ID); err != nil {
			return err
		}
		n, err = tx.InsertNotice(ctx, goumai.System, "330106", goumai.Notice{ProcurementID: p.ID, Kind: goumai.NoticeTender, Title: "招标公告"})
		return err
	})
	if err != nil {
		t.Fatalf("world: %v", err)
	}
	return p, n, supplier, user
}

// TestChallengeStore: challenges and complaints round-trip on both
// databases with their facts; a write from a state they left is EConflict; a
// second complaint of one challenge is EConflict; the scheduler's and the
// to-do lists' queries give the open ones only; the log verifies.
func TestChallengeStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		p, n, supplier, user := disputeWorld(t, s)
		due := clock.Now().Add(7 * 24 * time.Hour).UTC().Truncate(time.Second)
		c := goumai.Challenge{ProcurementID: p.ID, NoticeID: n.ID, OrgID: supplier, UserID: user, Claims: "评分标准不当。", Facts: "证据一",
			Status: goumai.ChallengeFiled, DueAt: due}
		write := func(fn func(tx *sqlstore.Tx) error) error { return s.Update(ctx, fn) }
		err := write(func(tx *sqlstore.Tx) error {
			var facts int64
			var err error
			if c.ID, c.Number, facts, err = tx.InsertChallenge(ctx, c, p.PurchaserOrgID); err != nil {
				return err
			}
			c.FiledAt = tx.Now()
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "challenge.file", Table: "challenges", Key: c.ID, Region: p.Region, Public: true}); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "challenge.facts", Table: "challenge_facts", Key: facts, Region: p.Region})
			return err
		})
		if err != nil || c.Number != 1 {
			t.Fatalf("insert: %v, %+v", err, c)
		}
		got, err := s.Challenges(ctx, p.ID)
		if err != nil || len(got) != 1 || got[0].Facts != c.Facts || got[0].UserID != user || !got[0].DueAt.Equal(due) || !got[0].FiledAt.Equal(c.FiledAt) ||
			got[0].Status != goumai.ChallengeFiled || got[0].Answer != nil || got[0].NoticeID != n.ID {
			t.Fatalf("challenges: %v, %+v", err, got)
		}
		if open, err := s.OpenChallenges(ctx, p.PurchaserOrgID, 10); err != nil || len(open) != 1 {
			t.Errorf("open challenges of the organiser: %v, %+v", err, open)
		}
		if open, err := s.OpenChallenges(ctx, supplier, 10); err != nil || len(open) != 0 {
			t.Errorf("open challenges of another organisation: %v, %+v", err, open)
		}
		if d, err := s.DueChallenges(ctx, due, sqlstore.DueCursor{}, 10); err != nil || len(d) != 0 {
			t.Errorf("not due at its time limit: %v, %+v", err, d)
		}
		if d, err := s.DueChallenges(ctx, due.Add(time.Second), sqlstore.DueCursor{}, 10); err != nil || len(d) != 1 {
			t.Errorf("due after its time limit: %v, %+v", err, d)
		}

		// Answered: a second write from "filed" is a conflict.
		at := clock.Now().UTC().Truncate(time.Second)
		answered := c
		answered.Status = goumai.ChallengeAnswered
		answered.Answer = &goumai.Ruling{Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeRerank, Reasons: "成立。", By: user, At: at}
		update := func(c goumai.Challenge) error {
			return write(func(tx *sqlstore.Tx) error {
				if err := tx.UpdateChallenge(ctx, c, goumai.ChallengeFiled); err != nil {
					return err
				}
				_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "challenge.answer", Table: "challenges", Key: c.ID, Region: p.Region, Public: true})
				return err
			})
		}
		if err := update(answered); err != nil {
			t.Fatalf("answer: %v", err)
		}
		if err := update(answered); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second answer: %v, want conflict", err)
		}
		got, _ = s.Challenges(ctx, p.ID)
		if a := got[0].Answer; a == nil || *a != *answered.Answer || got[0].Status != goumai.ChallengeAnswered {
			t.Errorf("answer round trip: %+v", got[0].Answer)
		}
		if d, _ := s.DueChallenges(ctx, due.Add(time.Hour), sqlstore.DueCursor{}, 10); len(d) != 0 {
			t.Errorf("an answered challenge is never due: %+v", d)
		}

		// The complaint, once.
		k := goumai.Complaint{ChallengeID: c.ID, ProcurementID: p.ID, Region: p.Region, OrgID: supplier, UserID: user, Claims: "不服答复。",
			Facts: "证据二", Status: goumai.ComplaintFiled, DueAt: due}
		insert := func() error {
			return write(func(tx *sqlstore.Tx) error {
				var facts int64
				var err error
				if k.ID, facts, err = tx.InsertComplaint(ctx, k); err != nil {
					return err
				}
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "complaint.file", Table: "complaints", Key: k.ID, Region: p.Region, Public: true}); err != nil {
					return err
				}
				_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "complaint.facts", Table: "challenge_facts", Key: facts, Region: p.Region})
				return err
			})
		}
		if err := insert(); err != nil {
			t.Fatalf("complain: %v", err)
		}
		first := k.ID
		if err := insert(); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second complaint: %v, want conflict", err)
		}
		k.ID = first
		for _, region := range []string{"330106", "330100", goumai.NationalCode} {
			if open, err := s.OpenComplaints(ctx, region, 10); err != nil || len(open) != 1 || open[0].Facts != "证据二" || open[0].UserID != user {
				t.Errorf("open complaints of %s: %v, %+v", region, err, open)
			}
		}
		if open, err := s.OpenComplaints(ctx, "330110", 10); err != nil || len(open) != 0 {
			t.Errorf("open complaints of a neighbour: %v, %+v", err, open)
		}
		until := at.Add(30 * 24 * time.Hour)
		k.Status, k.SuspendedAt, k.SuspendedUntil, k.SuspendReason = goumai.ComplaintSuspended, &at, &until, "暂停。"
		err = write(func(tx *sqlstore.Tx) error {
			if err := tx.UpdateComplaint(ctx, k, goumai.ComplaintFiled); err != nil {
				return err
			}
			_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "complaint.suspend", Table: "complaints", Key: k.ID, Region: p.Region, Public: true})
			return err
		})
		if err != nil {
			t.Fatalf("suspend: %v", err)
		}
		clock.Advance(8 * 24 * time.Hour)
		err = write(func(tx *sqlstore.Tx) error {
			ok, err := tx.MarkComplaintOverdue(ctx, k.ID)
			if err != nil || !ok {
				t.Errorf("mark overdue: %v, %v", ok, err)
				return err
			}
			if again, err := tx.MarkComplaintOverdue(ctx, k.ID); err != nil || again {
				t.Errorf("marked twice: %v, %v", again, err)
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "complaint.overdue", Table: "complaints", Key: k.ID, Region: p.Region})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ks, err := s.Complaints(ctx, p.ID)
		if err != nil || len(ks) != 1 || ks[0].Status != goumai.ComplaintSuspended || ks[0].SuspendedUntil == nil || !ks[0].SuspendedUntil.Equal(until) ||
			ks[0].OverdueAt == nil || ks[0].Decision != nil || ks[0].SuspendReason != "暂停。" {
			t.Errorf("complaints: %v, %+v", err, ks)
		}
		if d, _ := s.DueComplaints(ctx, clock.Now(), sqlstore.DueCursor{}, 10); len(d) != 0 {
			t.Errorf("marked overdue, no longer due: %+v", d)
		}
		mustVerify(t, s)
	})
}
