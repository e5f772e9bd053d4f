package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The actors of the authorisation matrix, in the order of expect's arguments.
const (
	anon       = ""                  // the public
	supplier   = "supplier.kangning" // administrator and supplier of 杭州康宁养老服务有限公司 (330106)
	purchaser  = "xihu.minzheng"     // purchaser staff of 杭州市西湖区民政局 (330106)
	reviewer   = "xihu.reviewer"     // finance reviewer of 杭州市西湖区财政局 (330106)
	approver   = "zj.approver"       // finance approver of 浙江省财政厅 (330000)
	county     = "xihu.admin"        // administrator of 杭州市西湖区财政局 (330106)
	prefecture = "hz.admin"          // administrator of 杭州市财政局 (330100)
	province   = "zj.admin"          // administrator of 浙江省财政厅 (330000)
	auditor    = "auditor.zj"        // auditor of 浙江省审计厅 (330000)
	mof        = "mof.admin"         // administrator of 中华人民共和国财政部 (100000)
)

var actors = []string{anon, supplier, purchaser, reviewer, approver, county, prefecture, province, auditor, mof}

// Extra actors: a row runs as each of them only when it names them (and).
const (
	agency     = "agency.zhongcheng" // agency staff of 浙江中诚招标代理有限公司 (330100)
	hzApprover = "hz.approver"       // finance approver of 杭州市财政局 (330100): approves non-tender methods for its counties
	otherBuyer = "hz.minzheng"       // purchaser staff of 杭州市民政局 (330100): another purchaser
)

// contractWinner is the supplier that won the demo's awarded 居家养老上门服务
// (after its re-ranking): the other party of its contract.
const contractWinner = "supplier.xiyanghong"

var extraActors = []string{agency, hzApprover, otherBuyer, contractWinner}

// statuses are a row's expected status per actor.
type statuses map[string]int

// expect gives the expected status for each actor, in the order of actors.
func expect(codes ...int) statuses {
	if len(codes) != len(actors) {
		panic("expect: one status per actor")
	}
	m := statuses{}
	for i, a := range actors {
		m[a] = codes[i]
	}
	return m
}

// and adds expectations for extra actors, in pairs: and(agency, s200, hzApprover, s403).
func (m statuses) and(pairs ...any) statuses {
	if len(pairs)%2 != 0 {
		panic("and: actor and status in pairs")
	}
	for i := 0; i < len(pairs); i += 2 {
		a, ok1 := pairs[i].(string)
		code, ok2 := pairs[i+1].(int)
		if !ok1 || !ok2 || !slices.Contains(extraActors, a) {
			panic(fmt.Sprintf("and: %v, %v is not an extra actor and a status", pairs[i], pairs[i+1]))
		}
		m[a] = code
	}
	return m
}

// rowActors are the actors a row runs as: every actor, and the extra actors it names.
func rowActors(row authzRow) []string {
	out := slices.Clone(actors)
	for _, a := range extraActors {
		if _, ok := row.want[a]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Short names for the statuses of the matrix.
const (
	s200 = http.StatusOK
	s201 = http.StatusCreated
	s204 = http.StatusNoContent
	s303 = http.StatusSeeOther // a successful form post, or a GET redirected to sign-in
	s401 = http.StatusUnauthorized
	s403 = http.StatusForbidden
	s404 = http.StatusNotFound
	s409 = http.StatusConflict
	s422 = http.StatusUnprocessableEntity
)

// fixture prepares the target of one request; it runs once per actor so that
// every request acts on objects of its own.
type fixture struct {
	w   *world
	t   *testing.T
	seq *int
	as  string // the actor of the request ("" for the anonymous)
}

func (f fixture) next() int { *f.seq++; return *f.seq }

// self returns the actor the request is made as (false for the anonymous).
func (f fixture) self() (goumai.Actor, bool) {
	if f.as == "" {
		return goumai.Actor{}, false
	}
	u := f.w.user(f.t, f.as)
	ms, err := f.w.store.Memberships(context.Background(), u.ID)
	if err != nil || len(ms) == 0 {
		f.t.Fatalf("memberships of %s: %v", f.as, err)
	}
	return goumai.Actor{UserID: u.ID, Username: u.Username, Org: ms[0].Org}, true
}

// name is a unique organisation name.
func (f fixture) name(kind string) string { return fmt.Sprintf("授权测试%s%03d", kind, f.next()) }

// username is a unique username.
func (f fixture) username() string { return fmt.Sprintf("authz.u%03d", f.next()) }

// newOrgBody is a valid organisation in region.
func (f fixture) newOrgBody(region string) map[string]any {
	return orgInput(f.t, f.name("服务中心"), goumai.KindSocialOrg, region, "52")
}

// pending registers a supplier in region, left awaiting approval.
func (f fixture) pending(region string) goumai.Org {
	f.t.Helper()
	name := f.name("有限公司")
	in := workflow.OrgInput{Name: name, Kind: goumai.KindEnterprise, CreditCode: creditCode(f.t, "91", region, name), Region: region}
	o, _, err := f.w.svc.RegisterSupplier(context.Background(), in, goumai.NewUser{Username: f.username(), DisplayName: "注册人", Password: "Test-2026-pass"})
	if err != nil {
		f.t.Fatalf("register %s: %v", name, err)
	}
	return o
}

// created creates an active social organisation in region.
func (f fixture) created(region string) goumai.Org {
	f.t.Helper()
	name := f.name("服务社")
	o, err := f.w.svc.CreateOrg(context.Background(), goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindSocialOrg,
		CreditCode: creditCode(f.t, "52", region, name), Region: region})
	if err != nil {
		f.t.Fatalf("create %s: %v", name, err)
	}
	return o
}

// member creates a user with the expert role in org and returns the user and membership.
func (f fixture) member(orgName string) (goumai.User, int64) {
	f.t.Helper()
	o := f.w.org(f.t, orgName)
	u, err := f.w.svc.CreateUser(context.Background(), goumai.System, goumai.NewUser{Username: f.username(), DisplayName: "测试人员", Password: "Test-2026-pass"}, o.ID, goumai.RoleExpert)
	if err != nil {
		f.t.Fatalf("create member of %s: %v", orgName, err)
	}
	ms, err := f.w.store.Memberships(context.Background(), u.ID)
	if err != nil || len(ms) != 1 {
		f.t.Fatalf("memberships of %s: %v %v", u.Username, ms, err)
	}
	return u, ms[0].ID
}

// privateEvent returns a private event recorded exactly in region.
func (f fixture) privateEvent(region string) goumai.Event {
	f.t.Helper()
	evs, err := f.w.store.FindEvents(context.Background(), sqlstore.EventFilter{Region: region, ObjectType: "users", Limit: 500})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, e := range evs {
		if !e.Public && e.Region == region {
			return e
		}
	}
	f.t.Fatalf("no private event in region %s", region)
	return goumai.Event{}
}

func (f fixture) publicEvent() goumai.Event {
	f.t.Helper()
	evs, err := f.w.store.FindEvents(context.Background(), sqlstore.EventFilter{PublicOnly: true, ObjectType: "orgs", Limit: 1})
	if err != nil || len(evs) == 0 {
		f.t.Fatalf("no public event: %v", err)
	}
	return evs[0]
}

func orgPath(o goumai.Org, suffix string) string {
	return "/api/v1/orgs/" + strconv.FormatInt(o.ID, 10) + suffix
}

func adminPath(o goumai.Org, suffix string) string {
	return "/staff/admin/orgs/" + strconv.FormatInt(o.ID, 10) + suffix
}

// updateBody is an organisation's current state as a PUT body, with changes.
func updateBody(o goumai.Org, region string) map[string]any {
	if region == "" {
		region = o.Region
	}
	return map[string]any{"name": o.Name, "kind": o.Kind, "class": o.Class, "staffing": o.Staffing, "credit_code": o.CreditCode,
		"region": region, "parent_id": o.ParentID, "finance_dept": o.FinanceDept, "active": o.Active}
}

func updateForm(o goumai.Org, region string) url.Values {
	if region == "" {
		region = o.Region
	}
	v := url.Values{"name": {o.Name}, "kind": {string(o.Kind)}, "class": {string(o.Class)}, "staffing": {string(o.Staffing)},
		"credit_code": {o.CreditCode}, "region": {region}, "active": {"1"}}
	if o.FinanceDept {
		v.Set("finance_dept", "1")
	}
	return v
}

// authzRow is one route with one target, and the status every actor must get.
type authzRow struct {
	name string
	html bool // a browser request with the session cookie (and _csrf on POST)
	req  func(f fixture) request
	want statuses
}

func authzRows() []authzRow {
	const (
		xihuFin   = "杭州市西湖区财政局"
		nbFin     = "宁波市财政局"
		haishuFin = "宁波市海曙区财政局"
		kangning  = "杭州康宁养老服务有限公司"
		yangguang = "杭州市西湖区阳光社会工作服务中心"
		yongcheng = "宁波甬城保洁服务有限公司"    // 330203
		nbWenlv   = "宁波市文化广电旅游局"      // 330200
		liji      = "宁波市海曙区李记心理咨询工作室" // an individual, 330203
	)
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	getOrg := func(name, suffix string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: orgPath(f.w.org(f.t, name), suffix)} }
	}
	createOrg := func(region string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/orgs", body: mustJSON(f.t, f.newOrgBody(region))}
		}
	}
	updateOrg := func(name, region string) func(fixture) request {
		return func(f fixture) request {
			o := f.w.org(f.t, name)
			return request{method: "PUT", path: orgPath(o, ""), body: mustJSON(f.t, updateBody(o, region))}
		}
	}
	// moveOrg changes a fresh organisation of region from to region to.
	moveOrg := func(from, to string) func(fixture) request {
		return func(f fixture) request {
			o := f.created(from)
			return request{method: "PUT", path: orgPath(o, ""), body: mustJSON(f.t, updateBody(o, to))}
		}
	}
	activate := func(region string) func(fixture) request {
		return func(f fixture) request { return request{method: "POST", path: orgPath(f.pending(region), "/activate")} }
	}
	createUser := func(orgName string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/users", body: mustJSON(f.t, map[string]any{"username": f.username(),
				"display_name": "新用户", "password": "Test-2026-pass", "org_id": f.w.org(f.t, orgName).ID, "role": "expert"})}
		}
	}
	// grant gives a further role to a member of the organisation (a person from
	// elsewhere joins only by invitation).
	grant := func(orgName string) func(fixture) request {
		return func(f fixture) request {
			u, _ := f.member(orgName)
			return request{method: "POST", path: "/api/v1/memberships", body: mustJSON(f.t, map[string]any{
				"user_id": u.ID, "org_id": f.w.org(f.t, orgName).ID, "role": "admin"})}
		}
	}
	revoke := func(orgName string) func(fixture) request {
		return func(f fixture) request {
			_, m := f.member(orgName)
			return request{method: "DELETE", path: "/api/v1/memberships/" + strconv.FormatInt(m, 10)}
		}
	}
	event := func(pick func(f fixture) goumai.Event) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: "/api/v1/events/" + strconv.FormatInt(pick(f).ID, 10)}
		}
	}
	private := func(region string) func(f fixture) goumai.Event {
		return func(f fixture) goumai.Event { return f.privateEvent(region) }
	}
	form := func(method, path string, v url.Values) request { return request{method: method, path: path, form: v} }

	return []authzRow{
		// Public API routes.
		{"GET openapi.json", false, get("/api/v1/openapi.json"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST login", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/auth/login", body: `{"username":"xihu.reviewer","password":"Demo-2026-goumai"}`}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET region", false, get("/api/v1/regions/330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET orgs", false, get("/api/v1/orgs"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET checkpoint", false, get("/api/v1/log/checkpoint"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET ocds feed", false, get("/api/v1/ocds/releases?limit=5"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET inclusion", false, get("/api/v1/log/proof/inclusion?leaf=1"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET consistency", false, get("/api/v1/log/proof/consistency?old=1"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET events", false, get("/api/v1/events"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST register", false, func(f fixture) request {
			name := f.name("有限公司")
			return request{method: "POST", path: "/api/v1/suppliers/register", body: mustJSON(f.t, map[string]any{
				"org":   map[string]any{"name": name, "kind": "enterprise", "credit_code": creditCode(f.t, "91", "330106", name), "region": "330106"},
				"admin": map[string]any{"username": f.username(), "display_name": "注册人", "password": "Test-2026-pass"}})}
		}, expect(s201, s201, s201, s201, s201, s201, s201, s201, s201, s201)},

		// Signed-in API routes.
		{"GET me", false, get("/api/v1/me"), expect(s401, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET todo", false, get("/api/v1/todo"), expect(s401, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// Organisations: a county only itself, a prefecture and a province their subtrees.
		{"GET org active", false, getOrg(kangning, ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET org pending 330106", false, func(f fixture) request { return request{method: "GET", path: orgPath(f.pending("330106"), "")} },
			expect(s404, s404, s404, s404, s404, s200, s200, s200, s200, s200)},
		{"GET org pending 330110", false, func(f fixture) request { return request{method: "GET", path: orgPath(f.pending("330110"), "")} },
			expect(s404, s404, s404, s404, s404, s404, s200, s200, s200, s200)},
		{"GET org individual 330203", false, getOrg(liji, ""), expect(s404, s404, s404, s404, s404, s404, s404, s200, s200, s200)},
		{"GET org missing", false, get("/api/v1/orgs/999999"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"POST orgs 330106", false, createOrg("330106"), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST orgs 330110", false, createOrg("330110"), expect(s401, s403, s403, s403, s403, s403, s201, s201, s403, s201)},
		{"POST orgs 330200", false, createOrg("330200"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST orgs 330203", false, createOrg("330203"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST orgs 310101", false, createOrg("310101"), expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s201)},
		{"PUT org 330106", false, moveOrg("330106", "330106"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"PUT org 330106 to 330110", false, moveOrg("330106", "330110"), expect(s401, s403, s403, s403, s403, s403, s200, s200, s403, s200)},
		{"PUT own org", false, updateOrg(kangning, ""), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"PUT org 330110", false, moveOrg("330110", "330110"), expect(s401, s403, s403, s403, s403, s403, s200, s200, s403, s200)},
		{"PUT org 330203", false, moveOrg("330203", "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"PUT finance dept 330200", false, updateOrg(nbFin, ""), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"PUT org missing", false, func(f fixture) request {
			return request{method: "PUT", path: "/api/v1/orgs/999999", body: mustJSON(f.t, updateBody(f.w.org(f.t, yangguang), ""))}
		}, expect(s401, s403, s403, s403, s403, s404, s404, s404, s403, s404)},
		{"POST activate 330106", false, activate("330106"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST activate 330110", false, activate("330110"), expect(s401, s403, s403, s403, s403, s403, s200, s200, s403, s200)},
		{"POST activate 330203", false, activate("330203"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"POST activate active", false, getOrgPost(kangning, "/activate"), expect(s401, s403, s403, s403, s403, http.StatusConflict, http.StatusConflict, http.StatusConflict, s403, http.StatusConflict)},
		{"GET members own", false, getOrg(kangning, "/members"), expect(s401, s200, s403, s403, s403, s200, s200, s200, s200, s200)},
		{"GET members 330106", false, getOrg(yangguang, "/members"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s200, s200)},
		{"GET members 330200", false, getOrg(nbWenlv, "/members"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s200, s200)},
		{"GET members 330203", false, getOrg(yongcheng, "/members"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s200, s200)},

		// Users and roles.
		{"POST users own org", false, createUser(kangning), expect(s401, s201, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST users 330106", false, createUser(xihuFin), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST users 330200", false, createUser(nbFin), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST users 330203", false, createUser(haishuFin), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST memberships 330106", false, grant(xihuFin), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST memberships 330200", false, grant(nbFin), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		// Nobody grants themselves a role, not even an administrator in its own organisation (another
		// administrator of it, or the finance department above, must): 不相容岗位相互分离.
		{"POST memberships to oneself", false, func(f fixture) request {
			me, ok := f.self()
			if !ok {
				return request{method: "POST", path: "/api/v1/memberships", body: `{"user_id": 1, "org_id": 1, "role": "expert"}`}
			}
			return request{method: "POST", path: "/api/v1/memberships", body: mustJSON(f.t, map[string]any{"user_id": me.UserID, "org_id": me.Org.ID, "role": "expert"})}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"DELETE membership own org", false, revoke(kangning), expect(s401, s204, s403, s403, s403, s204, s204, s204, s403, s204)},
		{"DELETE membership 330106", false, revoke(xihuFin), expect(s401, s403, s403, s403, s403, s204, s204, s204, s403, s204)},
		{"DELETE membership 330200", false, revoke(nbFin), expect(s401, s403, s403, s403, s403, s403, s403, s204, s403, s204)},
		{"DELETE membership missing", false, func(fixture) request { return request{method: "DELETE", path: "/api/v1/memberships/999999"} },
			expect(s401, s404, s403, s403, s403, s404, s404, s404, s403, s404)},

		// Events: private ones only in the actor's subtree, for finance administrators and auditors.
		{"GET event public", false, event(fixture.publicEvent), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET event private 330106", false, event(private("330106")), expect(s404, s404, s404, s404, s404, s200, s200, s200, s200, s200)},
		{"GET event private 330110", false, event(private("330110")), expect(s404, s404, s404, s404, s404, s404, s200, s200, s200, s200)},
		{"GET event private 330100", false, event(private("330100")), expect(s404, s404, s404, s404, s404, s404, s200, s200, s200, s200)},
		{"GET event private 330000", false, event(private("330000")), expect(s404, s404, s404, s404, s404, s404, s404, s200, s200, s200)},
		{"GET event private 330203", false, event(private("330203")), expect(s404, s404, s404, s404, s404, s404, s404, s200, s200, s200)},
		{"GET event missing", false, get("/api/v1/events/99999999"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},

		// Sign-out last among the API rows: it revokes the token (a fresh one per actor, see runAuthz).
		{"POST logout", false, func(fixture) request { return request{method: "POST", path: "/api/v1/auth/logout"} },
			expect(s401, s204, s204, s204, s204, s204, s204, s204, s204, s204)},

		// The staff area and the admin pages (browser session, CSRF token on POST).
		{"GET /staff", true, get("/staff"), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /staff/events", true, get("/staff/events"), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /staff/password", true, get("/staff/password"), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST /staff/password wrong", true, func(fixture) request {
			return form("POST", "/staff/password", url.Values{"old_password": {"wrong-password-1"}, "new_password": {"New-2026-password"}})
		}, expect(s401, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity, http.StatusUnprocessableEntity)},
		{"POST /staff/switch-org foreign", true, func(f fixture) request {
			return form("POST", "/staff/switch-org", url.Values{"org_id": {strconv.FormatInt(f.w.org(f.t, nbWenlv).ID, 10)}})
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"GET admin orgs", true, get("/staff/admin/orgs"), expect(s303, s200, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"GET admin orgs new", true, get("/staff/admin/orgs/new"), expect(s303, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST admin orgs 330106", true, func(f fixture) request {
			return form("POST", "/staff/admin/orgs", orgForm330(f, "330106"))
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin orgs 330110", true, func(f fixture) request {
			return form("POST", "/staff/admin/orgs", orgForm330(f, "330110"))
		}, expect(s401, s403, s403, s403, s403, s403, s303, s303, s403, s303)},
		{"POST admin orgs 330200", true, func(f fixture) request {
			return form("POST", "/staff/admin/orgs", orgForm330(f, "330200"))
		}, expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"GET admin org own", true, func(f fixture) request { return request{method: "GET", path: adminPath(f.w.org(f.t, kangning), "")} },
			expect(s303, s200, s403, s403, s403, s200, s200, s200, s200, s200)},
		{"GET admin org 330200", true, func(f fixture) request { return request{method: "GET", path: adminPath(f.w.org(f.t, nbWenlv), "")} },
			expect(s303, s403, s403, s403, s403, s403, s403, s200, s200, s200)},
		{"GET admin org edit 330106", true, func(f fixture) request {
			return request{method: "GET", path: adminPath(f.w.org(f.t, kangning), "/edit")}
		},
			expect(s303, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"GET admin org edit 330203", true, func(f fixture) request {
			return request{method: "GET", path: adminPath(f.w.org(f.t, yongcheng), "/edit")}
		},
			expect(s303, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"POST admin org update 330106", true, func(f fixture) request {
			o := f.created("330106")
			return form("POST", adminPath(o, ""), updateForm(o, ""))
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin org update 330106 to 330200", true, func(f fixture) request {
			o := f.created("330106")
			return form("POST", adminPath(o, ""), updateForm(o, "330200"))
		}, expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST admin activate 330106", true, func(f fixture) request {
			return form("POST", adminPath(f.pending("330106"), "/activate"), url.Values{})
		},
			expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin activate 330203", true, func(f fixture) request {
			return form("POST", adminPath(f.pending("330203"), "/activate"), url.Values{})
		},
			expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST admin users 330106", true, func(f fixture) request {
			return form("POST", adminPath(f.w.org(f.t, xihuFin), "/users"), url.Values{"username": {f.username()}, "display_name": {"新用户"}, "password": {"Test-2026-pass"}, "role": {"expert"}})
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin users 330200", true, func(f fixture) request {
			return form("POST", adminPath(f.w.org(f.t, nbFin), "/users"), url.Values{"username": {f.username()}, "display_name": {"新用户"}, "password": {"Test-2026-pass"}, "role": {"expert"}})
		}, expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST admin memberships 330106", true, func(f fixture) request {
			u, _ := f.member(xihuFin)
			return form("POST", adminPath(f.w.org(f.t, xihuFin), "/memberships"), url.Values{"username": {u.Username}, "role": {"admin"}})
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin memberships delete 330106", true, func(f fixture) request {
			_, m := f.member(xihuFin)
			return form("POST", "/staff/admin/memberships/"+strconv.FormatInt(m, 10)+"/delete", url.Values{})
		}, expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST admin memberships delete 330200", true, func(f fixture) request {
			_, m := f.member(nbFin)
			return form("POST", "/staff/admin/memberships/"+strconv.FormatInt(m, 10)+"/delete", url.Values{})
		}, expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
	}
}

func getOrgPost(name, suffix string) func(fixture) request {
	return func(f fixture) request { return request{method: "POST", path: orgPath(f.w.org(f.t, name), suffix)} }
}

func orgForm330(f fixture, region string) url.Values {
	in := f.newOrgBody(region)
	return url.Values{"name": {in["name"].(string)}, "kind": {string(goumai.KindSocialOrg)}, "credit_code": {in["credit_code"].(string)}, "region": {region}}
}

// matrixRows are every row of the authorisation matrix, by area.
func matrixRows() []authzRow {
	var rows []authzRow
	for _, area := range []func() []authzRow{authzRows, accountAuthzRows, catalogAuthzRows, budgetAuthzRows, projectAuthzRows, rulesAuthzRows, calendarAuthzRows, supplierAuthzRows, procurementAuthzRows, enquiryAuthzRows, procurementPageAuthzRows, noticeAuthzRows, bidAuthzRows, bidPageAuthzRows, openingAuthzRows, resultPageAuthzRows, challengeAuthzRows, panelAuthzRows, evaluationAuthzRows, opsAuthzRows, contractAuthzRows, contractPageAuthzRows, qualificationAuthzRows, contractChangeAuthzRows, supervisionAuthzRows, paymentAuthzRows, paymentRequestAuthzRows, performanceAuthzRows, ocdsExtensionAuthzRows, searchAuthzRows, exportAuthzRows, policyAuthzRows, statsAuthzRows, redFlagAuthzRows, workReportAuthzRows, workPlanAuthzRows, staffNoticeAuthzRows, complianceAuthzRows, trainingAuthzRows, dubanAuthzRows} {
		rows = append(rows, area()...)
	}
	return rows
}

// routeOf returns the registered pattern that serves method and path, as the
// router itself decides it.
func routeOf(s *Server, method, path string) string {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Pattern(), http.NotFoundHandler())
	}
	_, pattern := mux.Handler(httptest.NewRequest(method, path, nil))
	return pattern
}

// TestAuthzMatrix requests every route of the registry, API and pages alike,
// as each kind of actor and checks the status: one row per (route, target),
// one expected status per actor. A route without a row fails the test, so a
// new route cannot be added without saying who may call it; the matrix is
// also written out as docs/authz-matrix.md (GOUMAI_UPDATE_DOCS=1 rewrites it).
func TestAuthzMatrix(t *testing.T) {
	w := demoWorld(t)
	withBudget(t, w)
	tokens, sessions := map[string]string{}, map[string]*session{}
	for _, a := range append(slices.Clone(actors[1:]), extraActors...) {
		tokens[a], sessions[a] = w.token(t, a), w.login(t, a)
	}
	seq := 0
	rows := matrixRows()
	patterns := make([]string, len(rows))
	for i, row := range rows {
		for a := range row.want {
			if !slices.Contains(actors, a) && !slices.Contains(extraActors, a) {
				t.Errorf("row %s names %s, who is no actor of the matrix", row.name, a)
			}
		}
		for _, a := range rowActors(row) {
			who := a
			if who == anon {
				who = "anonymous"
			}
			t.Run(row.name+"/"+who, func(t *testing.T) {
				want, ok := row.want[a]
				if !ok {
					t.Fatalf("row %s has no expectation for %s", row.name, who)
				}
				r := row.req(fixture{w: w, t: t, seq: &seq, as: a})
				if patterns[i] == "" {
					patterns[i] = routeOf(w.srv, r.method, strings.SplitN(r.path, "?", 2)[0])
				}
				if a != anon {
					if row.html {
						r.session, r.csrf = sessions[a], r.method == "POST"
						if row.name == "POST /logout" || row.name == "POST /login" {
							r.session = w.login(t, a) // they end the session: keep the actor's for later rows
						}
					} else if row.name == "POST logout" {
						r.bearer = w.token(t, a) // keep the actor's token for later rows
					} else {
						r.bearer = tokens[a]
					}
				}
				res := w.do(t, r)
				if res.status != want {
					t.Errorf("%s %s as %s: %d, want %d: %s", r.method, r.path, who, res.status, want, firstLine(res.body))
				}
			})
		}
	}
	covered := map[string]bool{}
	for _, p := range patterns {
		covered[p] = true
	}
	for _, rt := range w.srv.Routes() {
		if !covered[rt.Pattern()] {
			t.Errorf("route %s (%s, gate %q) has no row in the authorisation matrix", rt.Pattern(), rt.Kind, rt.Gate)
		}
	}
	checkMatrixDoc(t, w.srv, rows, patterns)
}

// checkMatrixDoc compares docs/authz-matrix.md with the matrix, or rewrites it
// when GOUMAI_UPDATE_DOCS=1.
func checkMatrixDoc(t *testing.T, s *Server, rows []authzRow, patterns []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Authorisation matrix\n\n")
	b.WriteString("Generated by `TestAuthzMatrix` in `web/authz_test.go` from the route registry (`web/routes.go`) and the\n")
	b.WriteString("matrix's rows, which that test runs against the demo world; rewrite it with\n")
	b.WriteString("`GOUMAI_UPDATE_DOCS=1 go test ./web/ -run TestAuthzMatrix`. Every route has at least one row.\n\n")
	b.WriteString("The gate is the policy's action (`authz.go`) checked before a byte of the request body is read; the\n")
	b.WriteString("use case then asks the policy about the exact target (region, organisation, and for decisions separation\n")
	b.WriteString("of duties). Statuses: 303 is a successful form post, or a page redirecting the anonymous to sign in.\n\n")
	b.WriteString("The extra actors (after the first ten) are asked only on the rows that name them; \"—\" marks the others.\n\n")
	all := append(slices.Clone(actors), extraActors...)
	b.WriteString("| actor | who |\n|---|---|\n")
	for _, a := range all {
		name := a
		if a == anon {
			name = "(anonymous)"
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", name, actorNotes[a])
	}
	b.WriteString("\n| route | kind | gate | case |")
	for _, a := range all {
		if a == anon {
			a = "anon"
		}
		fmt.Fprintf(&b, " %s |", a)
	}
	b.WriteString("\n|---|---|---|---|" + strings.Repeat("---|", len(all)) + "\n")
	kinds := map[string]Route{}
	for _, rt := range s.Routes() {
		kinds[rt.Pattern()] = rt
	}
	for i, row := range rows {
		rt := kinds[patterns[i]]
		gate := string(rt.Gate)
		if gate == "" {
			gate = "public"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |", patterns[i], rt.Kind, gate, row.name)
		for _, a := range all {
			if code, ok := row.want[a]; ok {
				fmt.Fprintf(&b, " %d |", code)
			} else {
				b.WriteString(" — |")
			}
		}
		b.WriteString("\n")
	}
	const path = "../docs/authz-matrix.md"
	if os.Getenv("GOUMAI_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil || string(have) != b.String() {
		t.Errorf("docs/authz-matrix.md is not the matrix (%v): run GOUMAI_UPDATE_DOCS=1 go test ./web/ -run TestAuthzMatrix", err)
	}
}

// actorNotes say who each actor of the matrix is.
var actorNotes = map[string]string{
	anon:       "the public, not signed in",
	supplier:   "杭州康宁养老服务有限公司 (330106): administrator and supplier",
	purchaser:  "杭州市西湖区民政局 (330106): purchaser staff",
	reviewer:   "杭州市西湖区财政局 (330106): finance reviewer",
	approver:   "浙江省财政厅 (330000): finance approver",
	county:     "杭州市西湖区财政局 (330106): administrator",
	prefecture: "杭州市财政局 (330100): administrator",
	province:   "浙江省财政厅 (330000): administrator",
	auditor:    "浙江省审计厅 (330000): auditor",
	mof:        "中华人民共和国财政部 (100000): administrator",
	agency:     "浙江中诚招标代理有限公司 (330100): agency staff (extra)",
	hzApprover: "杭州市财政局 (330100): finance approver, approves non-tender methods for its counties (extra)",
	otherBuyer: "杭州市民政局 (330100): purchaser staff of another purchaser (extra)",
}

func firstLine(b []byte) string {
	s := compactJSON(b)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

// listAll pages through a list route and returns every object of its array.
func listAll(t *testing.T, w *world, path, field, cursor, bearer string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for next := int64(0); ; {
		p := path + sep + "limit=200"
		if next != 0 {
			p += "&" + map[string]string{"next_after": "after", "next_before": "before"}[cursor] + "=" + strconv.FormatInt(next, 10)
		}
		res := w.do(t, request{method: "GET", path: p, bearer: bearer})
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", p, res.status, res.body)
		}
		m := res.json(t)
		items, _ := m[field].([]any)
		for _, it := range items {
			out = append(out, it.(map[string]any))
		}
		n, _ := m[cursor].(float64)
		if n == 0 {
			return out
		}
		next = int64(n)
	}
}

// TestAuthzScopes checks what the lists show: the public only public data, a
// county only itself, a province its subtree.
func TestAuthzScopes(t *testing.T) {
	w := demoWorld(t)
	regions := w.store.Regions()
	tok := map[string]string{}
	for _, a := range []string{county, prefecture, province, supplier} {
		tok[a] = w.token(t, a)
	}

	t.Run("orgs", func(t *testing.T) {
		for _, c := range []struct {
			actor, root     string
			pendingIncluded bool
		}{
			{anon, "", false}, {supplier, "", false}, {county, "330106", true}, {prefecture, "330100", true}, {province, "330000", true},
		} {
			orgs := listAll(t, w, "/api/v1/orgs", "orgs", "next_after", tok[c.actor])
			sawPending := false
			for _, o := range orgs {
				region, kind, active := o["region"].(string), o["kind"].(string), o["active"].(bool)
				if c.root == "" && (!active || kind == string(goumai.KindIndividual)) {
					t.Errorf("%q sees %v (%s, active %v) in the public directory", c.actor, o["name"], kind, active)
				}
				if c.root != "" && !regions.Contains(c.root, region) {
					t.Errorf("%s sees %v of region %s outside %s", c.actor, o["name"], region, c.root)
				}
				sawPending = sawPending || !active
			}
			if sawPending != c.pendingIncluded {
				t.Errorf("%q: pending organisations listed = %v, want %v", c.actor, sawPending, c.pendingIncluded)
			}
			if len(orgs) == 0 {
				t.Errorf("%q sees no organisation", c.actor)
			}
		}
		// A region outside the actor's subtree does not widen it: it is refused
		// on the field "region", never replaced by the actor's own (issue 7, item 8).
		res := w.do(t, request{method: "GET", path: "/api/v1/orgs?region=330200", bearer: tok[county]})
		if res.status != http.StatusForbidden || !strings.Contains(string(res.body), `"region"`) {
			t.Errorf("county asking for 330200: %d %s, want 403 on the field region", res.status, firstLine(res.body))
		}
	})

	t.Run("events", func(t *testing.T) {
		for _, c := range []struct {
			actor, root string
			private     bool
		}{
			{anon, "", false}, {supplier, "", false}, {county, "330106", true}, {prefecture, "330100", true}, {province, "330000", true},
		} {
			evs := listAll(t, w, "/api/v1/events", "events", "next_before", tok[c.actor])
			sawPrivate := false
			for _, e := range evs {
				public := e["public"].(bool)
				region, _ := e["region"].(string)
				if c.root == "" && !public {
					t.Errorf("%q sees private event %v", c.actor, e["id"])
				}
				if c.root != "" && !regions.Contains(c.root, region) {
					t.Errorf("%s sees event %v of region %q outside %s", c.actor, e["id"], region, c.root)
				}
				sawPrivate = sawPrivate || !public
			}
			if sawPrivate != c.private {
				t.Errorf("%q: private events listed = %v, want %v", c.actor, sawPrivate, c.private)
			}
		}
	})
}

// TestSessionSecurity checks CSRF and cross-origin protection, that bearer
// tokens and browser sessions cannot stand in for each other, and sign-out.
func TestSessionSecurity(t *testing.T) {
	w := demoWorld(t)
	f := fixture{w: w, t: t, seq: new(int)}
	sess := w.login(t, county)
	tok := w.token(t, county)
	pendingActive := func(o goumai.Org) bool {
		t.Helper()
		got, err := w.store.Org(context.Background(), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Active
	}

	t.Run("csrf", func(t *testing.T) {
		o := f.pending("330106")
		before := w.counts(t)
		for _, c := range []struct {
			name string
			form url.Values
		}{
			{"missing", url.Values{}},
			{"wrong", url.Values{"_csrf": {"not-the-token"}}},
			{"empty", url.Values{"_csrf": {""}}},
		} {
			res := w.do(t, request{method: "POST", path: adminPath(o, "/activate"), session: sess, form: c.form})
			if res.status != http.StatusForbidden {
				t.Errorf("%s _csrf: %d, want 403", c.name, res.status)
			}
		}
		if pendingActive(o) || w.counts(t) != before {
			t.Fatal("a POST without the CSRF token changed something")
		}
		if res := w.do(t, request{method: "POST", path: adminPath(o, "/activate"), session: sess, csrf: true}); res.status != http.StatusSeeOther || !pendingActive(o) {
			t.Errorf("with _csrf: %d, active %v; want 303 and active", res.status, pendingActive(o))
		}
	})

	t.Run("cross-origin", func(t *testing.T) {
		o := f.pending("330106")
		before := w.counts(t)
		for _, c := range []struct {
			name string
			r    request
		}{
			{"form cross-site", request{method: "POST", path: adminPath(o, "/activate"), session: sess, csrf: true, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}},
			{"form same-site", request{method: "POST", path: adminPath(o, "/activate"), session: sess, csrf: true, header: map[string]string{"Sec-Fetch-Site": "same-site"}}},
			{"form foreign Origin", request{method: "POST", path: adminPath(o, "/activate"), session: sess, csrf: true, header: map[string]string{"Origin": "https://evil.example"}}},
			{"API cross-site", request{method: "POST", path: orgPath(o, "/activate"), bearer: tok, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}},
			{"logout cross-site", request{method: "POST", path: "/logout", session: sess, csrf: true, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}},
		} {
			if res := w.do(t, c.r); res.status != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", c.name, res.status)
			}
		}
		if pendingActive(o) || w.counts(t) != before {
			t.Fatal("a cross-origin POST changed something")
		}
		res := w.do(t, request{method: "POST", path: adminPath(o, "/activate"), session: sess, csrf: true, header: map[string]string{"Sec-Fetch-Site": "same-origin"}})
		if res.status != http.StatusSeeOther || !pendingActive(o) {
			t.Errorf("same-origin: %d; want 303", res.status)
		}
	})

	t.Run("token kinds", func(t *testing.T) {
		// An API token as the session cookie is no session: the staff area asks to sign in.
		res := w.do(t, request{method: "GET", path: "/staff", session: &session{token: tok}})
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
			t.Errorf("API token as cookie: %d %s, want a redirect to /login", res.status, res.header.Get("Location"))
		}
		// A browser session's token is no bearer token.
		if res := w.do(t, request{method: "GET", path: "/api/v1/me", bearer: sess.token}); res.status != http.StatusUnauthorized {
			t.Errorf("session token as bearer: %d, want 401", res.status)
		}
		// The API ignores the session cookie.
		if res := w.do(t, request{method: "GET", path: "/api/v1/me", session: sess}); res.status != http.StatusUnauthorized {
			t.Errorf("API with the session cookie: %d, want 401", res.status)
		}
		if res := w.do(t, request{method: "GET", path: "/api/v1/me", bearer: "made-up"}); res.status != http.StatusUnauthorized {
			t.Errorf("made-up bearer: %d, want 401", res.status)
		}
	})

	t.Run("logout", func(t *testing.T) {
		tok := w.token(t, county)
		if res := w.do(t, request{method: "GET", path: "/api/v1/me", bearer: tok}); res.status != http.StatusOK {
			t.Fatalf("before logout: %d", res.status)
		}
		if res := w.do(t, request{method: "POST", path: "/api/v1/auth/logout", bearer: tok}); res.status != http.StatusNoContent {
			t.Fatalf("logout: %d", res.status)
		}
		for _, p := range []string{"/api/v1/me", "/api/v1/todo"} {
			if res := w.do(t, request{method: "GET", path: p, bearer: tok}); res.status != http.StatusUnauthorized {
				t.Errorf("GET %s after logout: %d, want 401", p, res.status)
			}
		}
		if res := w.do(t, request{method: "POST", path: "/api/v1/auth/logout", bearer: tok}); res.status != http.StatusUnauthorized {
			t.Errorf("second logout: %d, want 401", res.status)
		}

		s := w.login(t, county)
		if res := w.do(t, request{method: "POST", path: "/logout", session: s, csrf: true}); res.status != http.StatusSeeOther {
			t.Fatalf("web logout: %d", res.status)
		}
		if res := w.do(t, request{method: "GET", path: "/staff", session: s}); res.status != http.StatusSeeOther {
			t.Errorf("/staff after web logout: %d, want 303 to /login", res.status)
		}
	})
}

// TestPolicyRoleGrants checks that an organisation's own administrator cannot
// widen their reach by granting roles that read a whole region: the auditor
// role sees every organisation's members and every private event of the
// region subtree, so only the finance department of the region may grant it.
func TestPolicyRoleGrants(t *testing.T) {
	w := demoWorld(t)
	admin := w.user(t, "xihu.minzheng.admin")
	tok := w.token(t, "xihu.minzheng.admin")
	org := w.org(t, "杭州市西湖区民政局")
	res := w.do(t, request{method: "POST", path: "/api/v1/memberships", bearer: tok,
		body: mustJSON(t, map[string]any{"user_id": admin.ID, "org_id": org.ID, "role": "auditor"})})
	if res.status != http.StatusForbidden {
		t.Errorf("an organisation administrator grants themselves the auditor role: %d, want 403: %s", res.status, firstLine(res.body))
	}
	res = w.do(t, request{method: "POST", path: "/api/v1/users", bearer: tok,
		body: mustJSON(t, map[string]any{"username": "xihu.mz.audit", "display_name": "审计员", "password": "Test-2026-pass", "org_id": org.ID, "role": "auditor"})})
	if res.status != http.StatusForbidden {
		t.Errorf("an organisation administrator creates an auditor: %d, want 403: %s", res.status, firstLine(res.body))
	}
	// Whatever happened above, the administrator must still not see another
	// organisation's members.
	other := w.org(t, "杭州康宁养老服务有限公司")
	if res := w.do(t, request{method: "GET", path: orgPath(other, "/members"), bearer: tok}); res.status != http.StatusForbidden {
		t.Errorf("after the grant, %s reads the members of %s: %d, want 403", admin.Username, other.Name, res.status)
	}
}
