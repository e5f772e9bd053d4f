package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The demo supplier the supplier rows act on: its administrator is the
// matrix's supplier actor.
const kangningOrg = "杭州康宁养老服务有限公司" // 330106

// supplierPath is a path under a supplier organisation.
func (f fixture) supplierPath(prefix, name, suffix string) string {
	return prefix + strconv.FormatInt(f.w.org(f.t, name).ID, 10) + suffix
}

// freshKey is a new Ed25519 public key in PEM.
func (f fixture) freshKey() string {
	f.t.Helper()
	k, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	pub, err := k.Public()
	if err != nil {
		f.t.Fatal(err)
	}
	return pub.PEM
}

// registeredKey registers a fresh key on 康宁's profile, as its administrator.
func (f fixture) registeredKey() goumai.PublicKey {
	f.t.Helper()
	k, err := f.w.svc.RegisterKey(context.Background(), f.account(supplier), f.w.org(f.t, kangningOrg).ID, workflow.KeyInput{PublicKey: f.freshKey(), Label: "授权测试"})
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// evidenceID uploads an "other" proof on 康宁's profile and returns its id.
func (f fixture) evidenceID() int64 {
	f.t.Helper()
	in := goumai.EvidenceInput{Kind: goumai.EvidenceOther, Title: "授权测试", ValidFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, goumai.Shanghai)}
	e, err := f.w.svc.AddEvidence(context.Background(), f.account(supplier), f.w.org(f.t, kangningOrg).ID, in, "x.pdf", []byte(fmt.Sprintf("%%PDF-1.7 %d", f.next())))
	if err != nil {
		f.t.Fatal(err)
	}
	return e.ID
}

// profileNow is 康宁's profile input at its current version.
func (f fixture) profileNow() map[string]any {
	f.t.Helper()
	p, err := f.w.store.SupplierProfile(context.Background(), f.w.org(f.t, kangningOrg).ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return map[string]any{"head_name": "王美华", "head_id": "11010519491231002X", "version": p.Version,
		"shareholder": map[string]any{"name": "", "credit_code": ""}, "controller": map[string]any{"name": "", "credit_code": ""}, "managed_by": []string{}}
}

// listCSV is a small list of kind k naming an invented organisation.
func listCSV(f fixture, k goumai.ListKind) []byte {
	code := creditCode(f.t, "91", "330106", fmt.Sprintf("授权测试名单%03d", f.next()))
	if k == goumai.ListBan {
		return []byte("CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON\n" + code + ",授权测试公司,杭州市西湖区财政局,西财采〔2026〕1号,2026-01-01,2026-12-31\n")
	}
	return []byte("CREDIT_CODE,NAME\n" + code + ",授权测试公司\n")
}

// listID imports a ban list as the Xihu finance reviewer and returns its id.
func (f fixture) listID() int64 {
	f.t.Helper()
	l, err := f.w.svc.ImportCreditList(context.Background(), f.account(reviewer), workflow.ListImport{Kind: goumai.ListBan, Source: "授权测试"}, listCSV(f, goumai.ListBan))
	if err != nil {
		f.t.Fatal(err)
	}
	return l.ID
}

func supplierAuthzRows() []authzRow {
	get := func(path func(f fixture) string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(f)} }
	}
	at := func(prefix, name, suffix string) func(f fixture) string {
		return func(f fixture) string { return f.supplierPath(prefix, name, suffix) }
	}
	fixed := func(p string) func(fixture) string { return func(fixture) string { return p } }
	importBody := func(k goumai.ListKind) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/credit-lists", body: mustJSON(f.t, map[string]any{"kind": k, "source": "授权测试",
				"file": base64.StdEncoding.EncodeToString(listCSV(f, k))})}
		}
	}
	const xihuBureau = "杭州市西湖区民政局" // not a supplier
	return []authzRow{
		// Public: bans in force, suppliers' public keys.
		{"GET /bans", true, get(fixed("/bans")), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET bans", false, get(fixed("/api/v1/bans")), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET supplier keys", false, get(at("/api/v1/suppliers/", kangningOrg, "/keys")), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET keys of a non-supplier", false, get(at("/api/v1/suppliers/", xihuBureau, "/keys")), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},

		// The supplier's pages: its administrator edits; its members, finance staff anywhere and auditors of its region read.
		{"GET /staff/supplier (one's own)", true, get(fixed("/staff/supplier")), expect(s303, s303, s403, s404, s404, s404, s404, s404, s404, s404)},
		{"GET supplier page", true, get(at("/staff/supplier/", kangningOrg, "")), expect(s303, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET supplier page of a non-supplier", true, get(at("/staff/supplier/", xihuBureau, "")), expect(s303, s403, s403, s404, s404, s404, s404, s404, s404, s404)},
		{"POST profile form", true, func(f fixture) request {
			p := f.profileNow()
			return request{method: "POST", path: f.supplierPath("/staff/supplier/", kangningOrg, "/profile"), form: url.Values{
				"head_name": {"王美华"}, "head_id": {"11010519491231002X"}, "version": {strconv.Itoa(p["version"].(int))}}}
		}, expect(s401, s303, s403, s403, s403, s403, s403, s403, s403, s403)},
		// A browser row cannot carry a file with its CSRF token: this row shows the gate.
		{"POST evidence upload without a file (the gate)", true, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/staff/supplier/", kangningOrg, "/evidence"), form: url.Values{}}
		}, expect(s401, s422, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"GET evidence file", true, func(f fixture) request {
			return request{method: "GET", path: f.supplierPath("/staff/supplier/", kangningOrg, "/evidence/"+strconv.FormatInt(f.evidenceID(), 10))}
		}, expect(s303, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"POST key form", true, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/staff/supplier/", kangningOrg, "/keys"), form: url.Values{"public_key": {f.freshKey()}}}
		}, expect(s401, s303, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST key revoke form", true, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/staff/supplier/", kangningOrg, "/keys/"+f.registeredKey().ID+"/revoke"), form: url.Values{}}
		}, expect(s401, s303, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST check form", true, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/staff/supplier/", kangningOrg, "/checks"), form: url.Values{"ref": {"授权测试"}}}
		}, expect(s401, s303, s403, s303, s303, s303, s303, s303, s303, s303)},
		{"GET supplier checks page", true, get(fixed("/staff/supplier-checks")), expect(s303, s200, s403, s200, s200, s200, s200, s200, s200, s200)},

		// Finance departments: list imports in their own name.
		{"GET credit lists page", true, get(fixed("/staff/credit-lists")), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST credit list upload without a file (the gate)", true, func(fixture) request {
			return request{method: "POST", path: "/staff/credit-lists", form: url.Values{}}
		}, expect(s401, s403, s403, s422, s422, s422, s422, s422, s403, s422)},
		{"GET credit list page", true, func(f fixture) request {
			return request{method: "GET", path: "/staff/credit-lists/" + strconv.FormatInt(f.listID(), 10)}
		}, expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},

		// The API.
		{"GET supplier profile", false, get(at("/api/v1/suppliers/", kangningOrg, "/profile")), expect(s401, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"PUT supplier profile", false, func(f fixture) request {
			return request{method: "PUT", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/profile"), body: mustJSON(f.t, f.profileNow())}
		}, expect(s401, s200, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"GET supplier evidence", false, get(at("/api/v1/suppliers/", kangningOrg, "/evidence")), expect(s401, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET supplier evidence file", false, func(f fixture) request {
			return request{method: "GET", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/evidence/"+strconv.FormatInt(f.evidenceID(), 10)+"/file")}
		}, expect(s401, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET another supplier's evidence through 康宁's id", false, func(f fixture) request {
			return request{method: "GET", path: f.supplierPath("/api/v1/suppliers/", "杭州西溪物业管理有限公司", "/evidence/"+strconv.FormatInt(f.evidenceID(), 10)+"/file")}
		}, expect(s401, s403, s403, s404, s404, s404, s404, s404, s404, s404)},
		{"POST supplier evidence", false, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/evidence"), body: mustJSON(f.t, map[string]any{
				"kind": "other", "title": "授权测试", "valid_from": "2026-01-01", "file_name": "x.pdf",
				"file": base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("%%PDF-1.7 api %d", f.next())))})}
		}, expect(s401, s201, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST supplier key", false, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/keys"), body: mustJSON(f.t, map[string]any{"public_key": f.freshKey()})}
		}, expect(s401, s201, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST supplier key revoke", false, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/keys/"+f.registeredKey().ID+"/revoke")}
		}, expect(s401, s200, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"GET supplier checks", false, get(at("/api/v1/suppliers/", kangningOrg, "/checks")), expect(s401, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"POST supplier check", false, func(f fixture) request {
			return request{method: "POST", path: f.supplierPath("/api/v1/suppliers/", kangningOrg, "/checks"), body: `{"ref": "授权测试"}`}
		}, expect(s401, s201, s403, s201, s201, s201, s201, s201, s201, s201)},
		{"GET all supplier checks", false, get(fixed("/api/v1/supplier-checks")), expect(s401, s200, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET credit lists", false, get(fixed("/api/v1/credit-lists")), expect(s401, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST ban list (any level, its own decisions)", false, importBody(goumai.ListBan), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST national credit list (province level and above)", false, importBody(goumai.ListDishonestDebtor), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"GET credit list", false, func(f fixture) request {
			return request{method: "GET", path: "/api/v1/credit-lists/" + strconv.FormatInt(f.listID(), 10)}
		}, expect(s401, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
	}
}
