package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Account rows of the authorisation matrix: invitations, password resets,
// (de)activation and the sign-in throttle's security alerts.

// invitation invites username into the organisation as an expert (goumai
// itself inviting, as an administrator of it would).
func (f fixture) invitation(orgID int64, username string) int64 {
	f.t.Helper()
	inv, err := f.w.svc.Invite(context.Background(), goumai.System, orgID, username, goumai.RoleExpert)
	if err != nil {
		f.t.Fatalf("invite %s into organisation %d: %v", username, orgID, err)
	}
	return inv.ID
}

// ownInvitation is an invitation into a new organisation addressed to the
// actor of the request (to someone else for the anonymous).
func (f fixture) ownInvitation() int64 {
	f.t.Helper()
	username := f.as
	if username == "" {
		u, _ := f.member("杭州市西湖区民政局")
		username = u.Username
	}
	return f.invitation(f.created("330106").ID, username) // a fresh organisation: the actor is no member yet
}

// alert raises a security alert about a fresh member of the organisation.
func (f fixture) alert(orgName string) int64 {
	f.t.Helper()
	u, _ := f.member(orgName)
	ctx := context.Background()
	var id int64
	err := f.w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if id, err = tx.InsertAlert(ctx, goumai.SecurityAlert{UserID: u.ID, Username: u.Username, Kind: "login_attack", Failures: 100,
			RaisedAt: tx.Now(), Status: goumai.AlertOpen}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "security.alert", Table: "security_alerts", Key: id, Region: f.w.org(f.t, orgName).Region})
		return err
	})
	if err != nil {
		f.t.Fatalf("raise an alert: %v", err)
	}
	return id
}

func accountAuthzRows() []authzRow {
	const (
		xihuFin = "杭州市西湖区财政局"
		nbFin   = "宁波市财政局"
		xihuMZ  = "杭州市西湖区民政局"
	)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	form := func(path string, v url.Values) request { return request{method: "POST", path: path, form: v} }
	api := func(method, path, body string) request { return request{method: method, path: path, body: body} }
	return []authzRow{
		// One's own invitations: only the person invited answers them.
		{"GET /staff/invitations", true, func(fixture) request { return request{method: "GET", path: "/staff/invitations"} },
			expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST accept own invitation", true, func(f fixture) request {
			return form("/staff/invitations/"+id(f.ownInvitation())+"/accept", url.Values{})
		}, expect(s401, s303, s303, s303, s303, s303, s303, s303, s303, s303)},
		{"POST accept another's invitation", true, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return form("/staff/invitations/"+id(f.invitation(f.w.org(f.t, "浙江省民政厅").ID, u.Username))+"/accept", url.Values{})
		}, expect(s401, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"POST decline own invitation", true, func(f fixture) request {
			return form("/staff/invitations/"+id(f.ownInvitation())+"/decline", url.Values{})
		}, expect(s401, s303, s303, s303, s303, s303, s303, s303, s303, s303)},
		{"GET invitations API", false, func(fixture) request { return request{method: "GET", path: "/api/v1/invitations"} },
			expect(s401, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST accept own invitation API", false, func(f fixture) request {
			return api("POST", "/api/v1/invitations/"+id(f.ownInvitation())+"/accept", "")
		}, expect(s401, s201, s201, s201, s201, s201, s201, s201, s201, s201)},
		{"POST accept another's invitation API", false, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return api("POST", "/api/v1/invitations/"+id(f.invitation(f.w.org(f.t, "浙江省民政厅").ID, u.Username))+"/accept", "")
		}, expect(s401, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"POST decline own invitation API", false, func(f fixture) request {
			return api("POST", "/api/v1/invitations/"+id(f.ownInvitation())+"/decline", "")
		}, expect(s401, s204, s204, s204, s204, s204, s204, s204, s204, s204)},

		// Inviting into an organisation: its administrators and the finance departments above.
		{"POST admin invite 330106", true, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return form(adminPath(f.w.org(f.t, xihuFin), "/invitations"), url.Values{"username": {u.Username}, "role": {"expert"}})
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin invite 330200", true, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return form(adminPath(f.w.org(f.t, nbFin), "/invitations"), url.Values{"username": {u.Username}, "role": {"expert"}})
		}, expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST admin withdraw invitation 330106", true, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return form("/staff/admin/invitations/"+id(f.invitation(f.w.org(f.t, xihuFin).ID, u.Username))+"/withdraw", url.Values{})
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"GET org invitations 330106", false, func(f fixture) request {
			return request{method: "GET", path: orgPath(f.w.org(f.t, xihuFin), "/invitations")}
		}, expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST org invitations 330106", false, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return api("POST", orgPath(f.w.org(f.t, xihuFin), "/invitations"), mustJSON(f.t, map[string]any{"username": u.Username, "role": "expert"}))
		}, expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"DELETE invitation 330106", false, func(f fixture) request {
			u, _ := f.member(xihuMZ)
			return api("DELETE", "/api/v1/invitations/"+id(f.invitation(f.w.org(f.t, xihuFin).ID, u.Username)), "")
		}, expect(s401, s403, s403, s403, s403, s204, s204, s204, s403, s204)},

		// Accounts of members: reset and (de)activation by those who manage every organisation of the user.
		{"POST admin reset password 330106", true, func(f fixture) request {
			u, _ := f.member(xihuFin)
			return form(adminPath(f.w.org(f.t, xihuFin), "/users/password"), url.Values{"username": {u.Username}, "password": {"New-2026-password"}})
		}, expect(s401, s404, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin deactivate 330106", true, func(f fixture) request {
			u, _ := f.member(xihuFin)
			return form(adminPath(f.w.org(f.t, xihuFin), "/users/active"), url.Values{"username": {u.Username}, "active": {"0"}})
		}, expect(s401, s404, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST reset password 330106 API", false, func(f fixture) request {
			u, _ := f.member(xihuFin)
			return api("POST", "/api/v1/users/"+id(u.ID)+"/password", `{"password": "New-2026-password"}`)
		}, expect(s401, s404, s403, s403, s403, s204, s204, s204, s403, s204)},
		{"POST reset password 330200 API", false, func(f fixture) request {
			u, _ := f.member(nbFin)
			return api("POST", "/api/v1/users/"+id(u.ID)+"/password", `{"password": "New-2026-password"}`)
		}, expect(s401, s404, s403, s403, s403, s404, s404, s204, s403, s204)},
		{"POST deactivate 330106 API", false, func(f fixture) request {
			u, _ := f.member(xihuFin)
			return api("POST", "/api/v1/users/"+id(u.ID)+"/deactivate", "")
		}, expect(s401, s404, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST activate 330106 API", false, func(f fixture) request {
			u, _ := f.member(xihuFin)
			if _, err := f.w.svc.SetUserActive(context.Background(), goumai.System, u.ID, false); err != nil {
				f.t.Fatal(err)
			}
			return api("POST", "/api/v1/users/"+id(u.ID)+"/activate", "")
		}, expect(s401, s404, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST my password wrong", false, func(fixture) request {
			return api("POST", "/api/v1/me/password", `{"old_password": "wrong-password-1", "new_password": "New-2026-password"}`)
		}, expect(s401, s422, s422, s422, s422, s422, s422, s422, s422, s422)},

		// Security alerts about an account: the administrators who manage it.
		{"GET alert 330106", true, func(f fixture) request { return request{method: "GET", path: "/staff/alerts/" + id(f.alert(xihuMZ))} },
			expect(s303, s404, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST alert close 330106", true, func(f fixture) request { return form("/staff/alerts/"+id(f.alert(xihuMZ))+"/close", url.Values{}) },
			expect(s401, s404, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"GET alerts API", false, func(fixture) request { return request{method: "GET", path: "/api/v1/security/alerts"} },
			expect(s401, s200, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST alert close 330106 API", false, func(f fixture) request {
			return api("POST", "/api/v1/security/alerts/"+id(f.alert(xihuMZ))+"/close", "")
		}, expect(s401, s404, s403, s403, s403, s200, s200, s200, s403, s200)},
	}
}
