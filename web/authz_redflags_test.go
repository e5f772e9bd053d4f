package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// redFlagAuthzRows are the matrix's rows for the follow-up of red flags
// (routes_redflags.go), each on a fresh flag of 杭州市西湖区民政局 (330106)
// in the state the row needs: the finance staff of every level above and
// the auditor follow it up; its purchaser's staff read and answer it once
// sent (another purchaser does not); the public, and the supplier, read the
// closed cases and the counts.
func redFlagAuthzRows() []authzRow {
	ctx := context.Background()
	// flag inserts a fresh flag and takes it to state: "" (none), "sent",
	// "answered" (with an attachment), "inspecting" or "closed".
	flag := func(f fixture, state string) (int64, goumai.RedFlagCase) {
		buyer := f.w.org(f.t, "杭州市西湖区民政局")
		id := sqltest.InsertRedFlag(f.t, f.w.store, "ENG-C3", fmt.Sprintf("ocds-gm0000-%d", 900000+f.next()), "330106", buyer.ID)
		svc, follower, staff := f.w.svc, f.account("xihu.reviewer"), f.account("xihu.minzheng")
		var c goumai.RedFlagCase
		var err error
		switch state {
		case "sent", "answered", "closed":
			c, err = svc.SendRedFlag(ctx, follower, id, workflow.RedFlagSend{Request: "请说明", Days: 5})
			if err == nil && state != "sent" {
				c, err = svc.AnswerRedFlag(ctx, staff, id, workflow.RedFlagAnswer{Version: c.Version, Answer: "已说明",
					Files: []workflow.Upload{{Name: "说明.pdf", Content: []byte("%PDF-1.4 matrix")}}})
			}
			if err == nil && state == "closed" {
				c, err = svc.CloseRedFlag(ctx, follower, id, workflow.RedFlagClose{Version: c.Version, Outcome: "justified", Opinion: "合理"})
			}
		case "inspecting":
			c, err = svc.InspectRedFlag(ctx, follower, id, workflow.RedFlagInspect{Findings: "核查"})
		}
		if err != nil {
			f.t.Fatal(err)
		}
		return id, c
	}
	at := func(id int64, suffix string) string { return fmt.Sprintf("/api/v1/redflags/%d%s", id, suffix) }
	// browser makes a row's request from the actor's browser session (the
	// matrix's own sessions ended with opsAuthzRows's sign-out).
	sessions := map[string]*session{}
	browser := func(req func(fixture) request) func(fixture) request {
		return func(f fixture) request {
			r := req(f)
			if f.as != "" {
				if sessions[f.as] == nil {
					sessions[f.as] = f.w.login(f.t, f.as)
				}
				r.session, r.csrf, r.header = sessions[f.as], r.method == "POST", map[string]string{"Authorization": ""}
			}
			return r
		}
	}
	everyone := func(s int) statuses { return expect(s, s, s, s, s, s, s, s, s, s) }
	// followers: the finance staff and the auditor; the purchaser as given.
	followers := func(anon, supplier, purchaser, ok int) statuses {
		return expect(anon, supplier, purchaser, ok, ok, ok, ok, ok, ok, ok)
	}
	return []authzRow{
		{"GET the red flags (dashboard)", false, func(fixture) request { return request{method: "GET", path: "/api/v1/redflags"} }, everyone(s200)},
		{"GET the red-flag counts", false, func(fixture) request { return request{method: "GET", path: "/api/v1/redflags/counts?region=330100"} }, everyone(s200)},
		{"GET a red flag not followed up", false, func(f fixture) request { id, _ := flag(f, ""); return request{method: "GET", path: at(id, "")} },
			followers(s404, s404, s404, s200).and(otherBuyer, s404)},
		{"GET a red flag sent to its purchaser", false, func(f fixture) request { id, _ := flag(f, "sent"); return request{method: "GET", path: at(id, "")} },
			followers(s404, s404, s200, s200).and(otherBuyer, s404)},
		{"GET a closed red-flag case", false, func(f fixture) request { id, _ := flag(f, "closed"); return request{method: "GET", path: at(id, "")} },
			everyone(s200).and(otherBuyer, s200)},
		{"GET an attachment of a flag's explanation", false, func(f fixture) request {
			id, c := flag(f, "answered")
			return request{method: "GET", path: at(id, "/files/"+c.Files[0].SHA256)}
		}, followers(s401, s404, s200, s200).and(otherBuyer, s404)},
		{"POST send a red flag to its purchaser", false, func(f fixture) request {
			id, _ := flag(f, "")
			return request{method: "POST", path: at(id, "/send"), body: `{"request":"请说明","days":5}`}
		}, followers(s401, s403, s403, s200)},
		{"POST open a red flag as an inspection", false, func(f fixture) request {
			id, _ := flag(f, "sent")
			return request{method: "POST", path: at(id, "/inspect"), body: `{"version":1,"findings":"核查合同"}`}
		}, followers(s401, s403, s403, s200)},
		{"POST answer a red flag sent to the purchaser", false, func(f fixture) request {
			id, _ := flag(f, "sent")
			return request{method: "POST", path: at(id, "/answer"), body: `{"version":1,"answer":"已说明"}`}
		}, followers(s401, s403, s200, s403).and(otherBuyer, s404)},
		{"POST close an inspected red flag", false, func(f fixture) request {
			id, _ := flag(f, "inspecting")
			return request{method: "POST", path: at(id, "/close"), body: `{"version":1,"outcome":"corrected","opinion":"已整改"}`}
		}, followers(s401, s403, s403, s200)},

		// The pages.
		{"GET the public page of closed red-flag cases", false, func(fixture) request { return request{method: "GET", path: "/redflags"} }, everyone(s200)},
		{"GET the red-flag dashboard page", false, browser(func(fixture) request { return request{method: "GET", path: "/staff/redflags"} }),
			followers(s303, s200, s200, s200)},
		{"GET a sent red flag's page", false, browser(func(f fixture) request {
			id, _ := flag(f, "sent")
			return request{method: "GET", path: workflow.RedFlagLink(id)}
		}), followers(s303, s404, s200, s200).and(otherBuyer, s404)},
		{"POST send form", false, browser(func(f fixture) request {
			id, _ := flag(f, "")
			return request{method: "POST", path: workflow.RedFlagLink(id) + "/send", form: url.Values{"request": {"请说明"}, "days": {"5"}}}
		}), followers(s401, s403, s403, s303)},
		{"POST inspect form, empty", false, browser(func(f fixture) request {
			id, _ := flag(f, "")
			return request{method: "POST", path: workflow.RedFlagLink(id) + "/inspect", form: url.Values{"version": {"0"}}}
		}), followers(s401, s403, s403, s422)},
		{"POST answer form, empty", false, browser(func(f fixture) request {
			id, _ := flag(f, "sent")
			return request{method: "POST", path: workflow.RedFlagLink(id) + "/answer", form: url.Values{"version": {"1"}}}
		}), followers(s401, s403, s422, s403).and(otherBuyer, s404)},
		{"POST close form", false, browser(func(f fixture) request {
			id, _ := flag(f, "answered")
			return request{method: "POST", path: workflow.RedFlagLink(id) + "/close", form: url.Values{"version": {"2"}, "outcome": {"justified"}, "opinion": {"合理"}}}
		}), followers(s401, s403, s403, s303)},
	}
}
