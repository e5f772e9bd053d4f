package workflow_test

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/translog"
	"github.com/goumai/goumai/workflow"
	"golang.org/x/mod/sumdb/note"
)

// TestProjectTimeline: a project's public history gathers the public events
// of the project and of what belongs to it — its procedure, notices, award
// and contract — in log order, no private event among them, each proven
// against the signed checkpoint with the log's key; an event after the
// checkpoint is listed without a proof until the next one.
func TestProjectTimeline(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.draft(t)
		c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
		c = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
		must[[]byte](t, "checkpoint")(s.Checkpoint(ctx))
		must[goumai.Contract](t, "statistics")(sc.svc.EnterContractStatistics(ctx, sc.staff, c.ID))

		tl := must[workflow.Timeline](t, "timeline")(sc.svc.ProjectTimeline(ctx, goumai.Actor{}, sc.p.ProjectID))
		v := must[note.Verifier](t, "verifier")(translog.NewVerifier(tl.LogKey))
		cp := must[translog.Checkpoint](t, "checkpoint")(translog.ParseCheckpoint([]byte(tl.Checkpoint), v))
		if cp.Size != tl.TreeSize {
			t.Fatalf("checkpoint of %d leaves, timeline says %d", cp.Size, tl.TreeSize)
		}
		seen := map[string]bool{}
		var last int64 = -1
		for _, en := range tl.Entries {
			e := en.Event
			seen[e.ObjectType] = true
			if !e.Public || e.ID <= last || en.Leaf != string(e.LeafData()) || en.Label.ZH == "" {
				t.Errorf("entry %d (%s): public %v, after %d, leaf or label wrong", e.ID, e.Action, e.Public, last)
			}
			last = e.ID
			h := translog.LeafHash([]byte(en.Leaf))
			if en.LeafHash != base64.StdEncoding.EncodeToString(h[:]) {
				t.Errorf("entry %d: leaf hash %s", e.ID, en.LeafHash)
			}
			switch {
			case e.ID >= cp.Size && en.Proof != nil:
				t.Errorf("entry %d after the checkpoint has a proof", e.ID)
			case e.ID < cp.Size && en.Proof == nil:
				t.Errorf("entry %d has no proof", e.ID)
			case en.Proof != nil:
				if err := en.Proof.Verify(cp.Root, h); err != nil {
					t.Errorf("entry %d: %v", e.ID, err)
				}
			}
			if e.ObjectType == "orgs" || e.ObjectType == "users" || e.Action == "contract.draft" {
				t.Errorf("entry %d (%s %s) is not the project's public history", e.ID, e.ObjectType, e.Action)
			}
		}
		for _, table := range []string{"projects", "procurements", "notices", "lot_awards", "contracts"} {
			if !seen[table] {
				t.Errorf("no public event of %s in the history", table)
			}
		}
		// Every public event of the contract, and the one after the checkpoint last.
		es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, ObjectType: "contracts", ObjectID: strconv.FormatInt(c.ID, 10)}))
		for _, e := range es {
			if !slices.ContainsFunc(tl.Entries, func(en workflow.TimelineEntry) bool { return en.Event.ID == e.ID }) {
				t.Errorf("public event %d (%s) of the contract missing", e.ID, e.Action)
			}
		}
		if n := len(tl.Entries); n == 0 || tl.Entries[n-1].Event.Action != "contract.statistics" || tl.Entries[n-1].Proof != nil {
			t.Errorf("the last entry is not the statistics entry, unproven: %+v", tl.Entries[len(tl.Entries)-1].Event)
		}
		if _, err := sc.svc.ProjectTimeline(ctx, goumai.Actor{}, 1<<40); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("the history of no project: %v", err)
		}
	})
}
