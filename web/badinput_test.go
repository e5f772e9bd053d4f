package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// badCase is one refused API request.
type badCase struct {
	name   string
	method string
	path   string
	body   string
	ctype  string // Content-Type; application/json when empty
	auth   bool   // as xihu.admin
	as     string // another signed-in actor, when set
	status int
	code   goumai.Code
	fields []string // field names that must be reported
	rule   string
	// zh and en, when set, must be in the message (or a field message).
	zh, en string
}

// badCases builds the refused requests; w gives real ids and credit codes.
func badCases(t *testing.T, w *world) []badCase {
	xihuFin := w.org(t, "杭州市西湖区财政局")
	kangning := w.org(t, "杭州康宁养老服务有限公司")
	good := orgInput(t, "杭州市西湖区坏输入测试中心", goumai.KindSocialOrg, "330106", "52")
	with := func(m map[string]any, k string, v any) string {
		c := map[string]any{}
		for a, b := range m {
			c[a] = b
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return mustJSON(t, c)
	}
	valid := mustJSON(t, good)
	code := good["credit_code"].(string)
	wrongCheck := code[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", code[17])+1)%31])
	regAdmin := map[string]any{"username": "supplier.bad", "display_name": "注册人", "password": "Test-2026-pass"}
	register := func(org map[string]any, admin map[string]any) string {
		return mustJSON(t, map[string]any{"org": org, "admin": admin})
	}
	regOrg := func(name string, kind goumai.OrgKind, class goumai.InstitutionClass, prefix string) map[string]any {
		o := orgInput(t, name, kind, "330106", prefix)
		delete(o, "parent_id")
		delete(o, "finance_dept")
		o["class"] = class
		return o
	}
	okReg := regOrg("杭州坏输入注册有限公司", goumai.KindEnterprise, "", "91")
	user := func(m map[string]any) string {
		base := map[string]any{"username": "bad.user", "display_name": "新用户", "password": "Test-2026-pass", "org_id": xihuFin.ID, "role": "expert"}
		for k, v := range m {
			if v == nil {
				delete(base, k)
			} else {
				base[k] = v
			}
		}
		return mustJSON(t, base)
	}
	big := `{"name":"` + strings.Repeat("长", maxBody/3+10) + `"}`
	const (
		s422 = http.StatusUnprocessableEntity
		s409 = http.StatusConflict
	)
	orgs := "/api/v1/orgs"
	return []badCase{
		// The body itself.
		{name: "malformed", method: "POST", path: orgs, body: `{"name": `, auth: true, status: s422, code: goumai.EInvalid, zh: "JSON 格式错误", en: "malformed JSON"},
		{name: "malformed no colon", method: "POST", path: orgs, body: `{"name" "x"}`, auth: true, status: s422, code: goumai.EInvalid, en: "malformed JSON"},
		{name: "not an object", method: "POST", path: orgs, body: `[1, 2]`, auth: true, status: s422, code: goumai.EInvalid, zh: "须为一个 JSON 对象", en: "must be a JSON object"},
		{name: "null body", method: "POST", path: orgs, body: `null`, auth: true, status: s422, code: goumai.EInvalid, en: "must be a JSON object"},
		{name: "null body of a draft", as: purchaser, method: "POST", path: "/api/v1/projects", body: ` null `, auth: true, status: s422, code: goumai.EInvalid, en: "must be a JSON object"},
		{name: "no content type", method: "POST", path: orgs, body: valid, ctype: "-", auth: true, status: s422, code: goumai.EInvalid, en: "must be JSON"},
		{name: "text/plain", method: "POST", path: orgs, body: valid, ctype: "text/plain", auth: true, status: s422, code: goumai.EInvalid, en: "must be JSON"},
		{name: "a body where none is taken", method: "POST", path: orgPath(kangning, "/activate"), body: `{"x": 1}`, auth: true, status: s422, code: goumai.EInvalid, en: "takes no body"},
		{name: "empty", method: "POST", path: orgs, body: "", auth: true, status: s422, code: goumai.EInvalid, zh: "请求体为空", en: "the body is empty"},
		{name: "trailing object", method: "POST", path: orgs, body: valid + ` {}`, auth: true, status: s422, code: goumai.EInvalid, en: "exactly one JSON object"},
		{name: "trailing garbage", method: "POST", path: orgs, body: valid + `x`, auth: true, status: s422, code: goumai.EInvalid},
		{name: "oversized", method: "POST", path: orgs, body: big, auth: true, status: s422, code: goumai.EInvalid, zh: "请求体过大", en: "too large"},
		{name: "form content type", method: "POST", path: orgs, body: "name=x", ctype: "application/x-www-form-urlencoded", auth: true, status: s422, code: goumai.EInvalid, en: "must be JSON"},
		{name: "unknown field", method: "POST", path: orgs, body: with(good, "nmae", "x"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"nmae"}, zh: "未知字段", en: "unknown field"},
		{name: "unknown nested field", method: "POST", path: "/api/v1/suppliers/register", body: register(map[string]any{"name": "x", "bogus": 1}, regAdmin), status: s422, code: goumai.EInvalid, fields: []string{"bogus"}},

		// Wrong types, at the top and nested.
		{name: "string for number", method: "POST", path: orgs, body: with(good, "parent_id", "1"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"parent_id"}, zh: "须为整数", en: "must be a whole number"},
		{name: "number for string", method: "POST", path: orgs, body: with(good, "name", 5), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name"}, en: "must be a string"},
		{name: "string for boolean", method: "POST", path: orgs, body: with(good, "finance_dept", "yes"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"finance_dept"}, en: "must be true or false"},
		{name: "array for string", method: "POST", path: orgs, body: with(good, "region", []any{"330106"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"region"}},
		{name: "nested wrong type", method: "POST", path: "/api/v1/suppliers/register", body: register(map[string]any{"name": 5}, regAdmin), status: s422, code: goumai.EInvalid, fields: []string{"org.name"}},
		{name: "nested object as string", method: "POST", path: "/api/v1/suppliers/register", body: `{"org": "x", "admin": {}}`, status: s422, code: goumai.EInvalid, fields: []string{"org"}, en: "must be an object"},
		{name: "nested number for string", method: "POST", path: "/api/v1/suppliers/register", body: register(okReg, map[string]any{"username": 1}), status: s422, code: goumai.EInvalid, fields: []string{"admin.username"}},
		{name: "user id as string", method: "POST", path: "/api/v1/memberships", body: `{"user_id": "1", "org_id": 1, "role": "expert"}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"user_id"}},
		{name: "login wrong type", method: "POST", path: "/api/v1/auth/login", body: `{"username": ["zj.admin"], "password": "x"}`, status: s422, code: goumai.EInvalid, fields: []string{"username"}},

		{name: "fraction of a fen", as: purchaser, method: "POST", path: "/api/v1/projects", body: `{"amount": 1.5}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"amount"}, zh: "须为以分为单位的整数", en: "a whole number of fen between 0 and 100000000000000"},
		{name: "fen out of range", as: purchaser, method: "POST", path: "/api/v1/projects", body: `{"amount": 1e30}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"amount"}, en: "a whole number of fen between 0 and"},
		{name: "fen as a string", as: purchaser, method: "POST", path: "/api/v1/projects", body: `{"amount": "100"}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"amount"}, en: "a whole number of fen"},
		{name: "nested type in an embedded body", as: purchaser, method: "PUT", path: "/api/v1/projects/1", body: `{"version": 1, "consultation": {"count": "x"}}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"consultation.count"}},

		// Text at the boundary: valid UTF-8 without control characters.
		{name: "NUL escaped in a string", method: "POST", path: orgs, body: with(good, "name", "杭州\u0000服务社"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name"}, en: "control character U+0000"},
		{name: "NUL raw in a string", method: "POST", path: orgs, body: strings.Replace(with(good, "name", "杭州ZZ服务社"), "ZZ", "\x00", 1), auth: true, status: s422, code: goumai.EInvalid, en: "malformed JSON"},
		{name: "raw invalid UTF-8", method: "POST", path: orgs, body: strings.Replace(with(good, "name", "杭州ZZ服务社"), "ZZ", "\xff", 1), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name"}, en: "not valid UTF-8"},
		{name: "escape character in a nested string", method: "POST", path: "/api/v1/suppliers/register", body: register(map[string]any{"name": "x\u001b[31m"}, regAdmin), status: s422, code: goumai.EInvalid, fields: []string{"org.name"}},
		{name: "control character in a key", method: "POST", path: orgs, body: `{"na\u0007me": "x"}`, auth: true, status: s422, code: goumai.EInvalid},
		{name: "NUL in a query parameter", method: "GET", path: "/api/v1/orgs?q=%00", status: s422, code: goumai.EInvalid, fields: []string{"q"}},
		{name: "invalid UTF-8 in a query parameter", method: "GET", path: "/api/v1/projects?q=%ff", status: s422, code: goumai.EInvalid, fields: []string{"q"}, en: "not valid UTF-8"},
		{name: "control character in a query parameter name", method: "GET", path: "/api/v1/events?a%01=1", status: s422, code: goumai.EInvalid},

		// Field validation.
		{name: "name too long", method: "POST", path: orgs, body: with(good, "name", strings.Repeat("长", goumai.MaxOrgName+1)), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name"}, zh: "名称不能超过100个字", en: "at most 100 characters"},
		{name: "name empty", method: "POST", path: orgs, body: with(good, "name", "  "), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name"}},
		{name: "unknown kind", method: "POST", path: orgs, body: with(good, "kind", "company"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"kind"}},
		{name: "class for a social org", method: "POST", path: orgs, body: with(good, "class", "business"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"class"}},
		{name: "credit code check char", method: "POST", path: orgs, body: with(good, "credit_code", wrongCheck), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}, zh: "校验位错误", en: "check character"},
		{name: "credit code letter O", method: "POST", path: orgs, body: with(good, "credit_code", code[:10]+"O"+code[11:]), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}, en: "invalid character"},
		{name: "credit code letter I", method: "POST", path: orgs, body: with(good, "credit_code", "I"+code[1:]), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}, en: "invalid character"},
		{name: "credit code short", method: "POST", path: orgs, body: with(good, "credit_code", code[:17]), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}, en: "18 characters"},
		{name: "credit code long", method: "POST", path: orgs, body: with(good, "credit_code", code+"0"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}, en: "18 characters"},
		{name: "credit code region letters", method: "POST", path: orgs, body: with(good, "credit_code", "52AB0106"+code[8:]), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}},
		{name: "credit code missing", method: "POST", path: orgs, body: with(good, "credit_code", ""), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"credit_code"}},
		{name: "unknown region", method: "POST", path: orgs, body: with(good, "region", "999999"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"region"}, zh: "行政区划代码不存在", en: "unknown region"},
		{name: "short region", method: "POST", path: orgs, body: with(good, "region", "33010"), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"region"}},
		{name: "finance dept not an organ", method: "POST", path: orgs, body: with(good, "finance_dept", true), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"finance_dept"}},
		{name: "missing parent", method: "POST", path: orgs, body: with(good, "parent_id", 999999), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"parent_id"}},
		{name: "several fields", method: "POST", path: orgs, body: `{"name": "", "kind": "x", "region": "1"}`, auth: true, status: s422, code: goumai.EInvalid, fields: []string{"name", "kind", "region", "credit_code"}},
		{name: "update without active", method: "PUT", path: orgPath(kangning, ""), body: with(updateBody(kangning, ""), "active", nil), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"active"}},
		{name: "duplicate credit code", method: "POST", path: orgs, body: with(good, "credit_code", kangning.CreditCode), auth: true, status: s409, code: goumai.EConflict, fields: []string{"credit_code"}},

		// Users.
		{name: "username pattern", method: "POST", path: "/api/v1/users", body: user(map[string]any{"username": "9lives"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"username"}},
		{name: "username too long", method: "POST", path: "/api/v1/users", body: user(map[string]any{"username": "a" + strings.Repeat("b", 32)}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"username"}},
		{name: "display name too long", method: "POST", path: "/api/v1/users", body: user(map[string]any{"display_name": strings.Repeat("名", goumai.MaxDisplayName+1)}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"display_name"}, zh: "姓名不能超过50个字", en: "at most 50 characters"},
		{name: "password short", method: "POST", path: "/api/v1/users", body: user(map[string]any{"password": "Short-1"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"password"}, en: "10 to 128"},
		{name: "password long", method: "POST", path: "/api/v1/users", body: user(map[string]any{"password": strings.Repeat("a1", 65)}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"password"}, en: "10 to 128"},
		{name: "password one class", method: "POST", path: "/api/v1/users", body: user(map[string]any{"password": "abcdefghijkl"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"password"}},
		{name: "unknown role", method: "POST", path: "/api/v1/users", body: user(map[string]any{"role": "boss"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"role"}},
		{name: "unknown org", method: "POST", path: "/api/v1/users", body: user(map[string]any{"org_id": 999999}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"org_id"}},
		{name: "duplicate username", method: "POST", path: "/api/v1/users", body: user(map[string]any{"username": "xihu.reviewer"}), auth: true, status: s409, code: goumai.EConflict, fields: []string{"username"}, zh: "该用户名已被使用", en: "taken"},
		{name: "purchaser role in an enterprise", method: "POST", path: "/api/v1/users", body: user(map[string]any{"org_id": kangning.ID, "role": "purchaser_staff"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"role"}, rule: "ENG-A1"},
		{name: "purchaser approver via membership", method: "POST", path: "/api/v1/memberships", body: mustJSON(t, map[string]any{"user_id": w.user(t, "supplier.kangning").ID, "org_id": kangning.ID, "role": "purchaser_approver"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"role"}, rule: "ENG-A1"},
		{name: "supplier role in a finance department", method: "POST", path: "/api/v1/memberships", body: mustJSON(t, map[string]any{"user_id": w.user(t, "xihu.reviewer").ID, "org_id": xihuFin.ID, "role": "supplier"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"role"}, rule: "ENG-A2"},
		{name: "finance role outside finance", method: "POST", path: "/api/v1/users", body: user(map[string]any{"org_id": kangning.ID, "role": "finance_reviewer"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"role"}},
		{name: "duplicate membership", method: "POST", path: "/api/v1/memberships", body: mustJSON(t, map[string]any{"user_id": w.user(t, "xihu.reviewer").ID, "org_id": xihuFin.ID, "role": "finance_reviewer"}), auth: true, status: s409, code: goumai.EConflict},
		{name: "unknown user", method: "POST", path: "/api/v1/memberships", body: mustJSON(t, map[string]any{"user_id": 999999, "org_id": xihuFin.ID, "role": "expert"}), auth: true, status: s422, code: goumai.EInvalid, fields: []string{"user_id"}},

		// Supplier registration.
		{name: "register state organ", method: "POST", path: "/api/v1/suppliers/register", body: register(regOrg("杭州坏输入机关", goumai.KindStateOrgan, "", "11"), regAdmin), status: s422, code: goumai.EInvalid, fields: []string{"kind"}, rule: "ENG-A2", zh: "承接主体", en: "cannot be suppliers"},
		{name: "register public welfare I", method: "POST", path: "/api/v1/suppliers/register", body: register(regOrg("杭州坏输入公益一类", goumai.KindInstitution, goumai.ClassPublicI, "12"), regAdmin), status: s422, code: goumai.EInvalid, fields: []string{"kind"}, rule: "ENG-A2"},
		{name: "register bad admin", method: "POST", path: "/api/v1/suppliers/register", body: register(okReg, map[string]any{"username": "X", "display_name": "", "password": "short"}), status: s422, code: goumai.EInvalid, fields: []string{"admin_username", "admin_display_name", "admin_password"}},
		{name: "register duplicate credit code", method: "POST", path: "/api/v1/suppliers/register", body: register(with2(okReg, "credit_code", kangning.CreditCode), regAdmin), status: s409, code: goumai.EConflict, fields: []string{"credit_code"}},
		{name: "register duplicate username", method: "POST", path: "/api/v1/suppliers/register", body: register(okReg, map[string]any{"username": "xihu.admin", "display_name": "注册人", "password": "Test-2026-pass"}), status: s409, code: goumai.EConflict, fields: []string{"admin_username"}},
		{name: "register missing admin", method: "POST", path: "/api/v1/suppliers/register", body: register(okReg, nil), status: s422, code: goumai.EInvalid, fields: []string{"admin_username", "admin_password"}},

		// Query parameters.
		{name: "inclusion leaf negative", method: "GET", path: "/api/v1/log/proof/inclusion?leaf=-1", status: s422, code: goumai.EInvalid, fields: []string{"leaf"}},
		{name: "inclusion leaf text", method: "GET", path: "/api/v1/log/proof/inclusion?leaf=abc", status: s422, code: goumai.EInvalid, fields: []string{"leaf"}},
		{name: "inclusion leaf missing", method: "GET", path: "/api/v1/log/proof/inclusion", status: s422, code: goumai.EInvalid, fields: []string{"leaf"}},
		{name: "inclusion leaf past size", method: "GET", path: "/api/v1/log/proof/inclusion?leaf=10&size=5", status: s422, code: goumai.EInvalid, fields: []string{"leaf"}},
		{name: "inclusion size zero", method: "GET", path: "/api/v1/log/proof/inclusion?leaf=0&size=0", status: s422, code: goumai.EInvalid, fields: []string{"size"}},
		{name: "inclusion size too big", method: "GET", path: "/api/v1/log/proof/inclusion?leaf=0&size=99999999", status: s422, code: goumai.EInvalid, fields: []string{"size"}},
		{name: "consistency old zero", method: "GET", path: "/api/v1/log/proof/consistency?old=0", status: s422, code: goumai.EInvalid, fields: []string{"old"}},
		{name: "consistency old above new", method: "GET", path: "/api/v1/log/proof/consistency?old=10&new=5", status: s422, code: goumai.EInvalid, fields: []string{"old"}},
		{name: "region unknown", method: "GET", path: "/api/v1/regions/999999", status: http.StatusNotFound, code: goumai.ENotFound, en: "region not found"},
		{name: "event id text", method: "GET", path: "/api/v1/events/abc", status: http.StatusNotFound, code: goumai.ENotFound},
	}
}

func with2(m map[string]any, k string, v any) map[string]any {
	c := map[string]any{}
	for a, b := range m {
		c[a] = b
	}
	c[k] = v
	return c
}

// TestBadInput sends each refused request in Chinese (the default), with
// Accept-Language: en and with ?lang=en, and checks the status, the error code,
// the fields, the rule, the language of every message, and that nothing was
// written: the log's size and the counts of organisations, users and
// memberships are unchanged.
func TestBadInput(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		tok := w.token(t, county)
		as := map[string]string{purchaser: w.token(t, purchaser)} // signed in before counting: a first sign-in may rehash the password
		for _, c := range badCases(t, w) {
			t.Run(c.name, func(t *testing.T) {
				for _, lang := range []string{"zh", "accept-en", "query-en"} {
					before := w.counts(t)
					r := request{method: c.method, path: c.path, body: c.body, header: map[string]string{}}
					if c.ctype == "-" {
						r.header["Content-Type"] = ""
					} else if c.ctype != "" {
						r.header["Content-Type"] = c.ctype
					} else if c.method != "GET" {
						r.header["Content-Type"] = "application/json"
					}
					if c.auth {
						r.bearer = tok
					}
					if c.as != "" {
						r.bearer = as[c.as]
					}
					switch lang {
					case "accept-en":
						r.header["Accept-Language"] = "en-GB,en;q=0.9"
					case "query-en":
						if strings.Contains(r.path, "?") {
							r.path += "&lang=en"
						} else {
							r.path += "?lang=en"
						}
					}
					res := w.do(t, r)
					if res.status != c.status {
						t.Fatalf("%s: status %d, want %d: %s", lang, res.status, c.status, firstLine(res.body))
					}
					e := res.json(t)
					if got := goumai.Code(e["code"].(string)); got != c.code {
						t.Errorf("%s: code %q, want %q", lang, got, c.code)
					}
					fields, _ := e["fields"].(map[string]any)
					for _, f := range c.fields {
						if _, ok := fields[f]; !ok {
							t.Errorf("%s: no field %q in %v", lang, f, fields)
						}
					}
					if rule, _ := e["rule"].(string); rule != c.rule {
						t.Errorf("%s: rule %q, want %q", lang, rule, c.rule)
					}
					texts := []string{e["message"].(string)}
					for _, v := range fields {
						texts = append(texts, v.(string))
					}
					all := strings.Join(texts, " | ")
					en := lang != "zh"
					if en && hasHan(all) {
						t.Errorf("%s: Chinese in the English messages: %s", lang, all)
					}
					if !en && !hasHan(e["message"].(string)) {
						t.Errorf("zh: message %q is not Chinese", e["message"])
					}
					if want := map[bool]string{false: c.zh, true: c.en}[en]; want != "" && !strings.Contains(all, want) {
						t.Errorf("%s: messages %q do not say %q", lang, all, want)
					}
					if after := w.counts(t); after != before {
						t.Errorf("%s: the refused request wrote something: %+v → %+v", lang, before, after)
					}
				}
			})
		}
	})
}

// TestBadInputForms checks the browser forms: a refused registration
// re-renders the form with the field messages in the page's language and
// writes nothing.
func TestBadInputForms(t *testing.T) {
	w := demoWorld(t)
	kangning := w.org(t, "杭州康宁养老服务有限公司")
	name := "杭州表单坏输入有限公司"
	good := url.Values{"name": {name}, "kind": {"enterprise"}, "credit_code": {creditCode(t, "91", "330106", name)}, "region": {"330106"},
		"admin_username": {"form.reg"}, "admin_display_name": {"注册人"}, "admin_password": {"Test-2026-pass"}}
	set := func(k, v string) url.Values {
		c := url.Values{}
		for a, b := range good {
			c[a] = b
		}
		c.Set(k, v)
		return c
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
		zh, en string
	}{
		{"credit code", set("credit_code", "91330106MA2B3C4D5X"), http.StatusUnprocessableEntity, "校验位错误", "check character"},
		{"region", set("region", "999999"), http.StatusUnprocessableEntity, "行政区划代码不存在", "unknown region code"},
		{"state organ", set("kind", "state_organ"), http.StatusUnprocessableEntity, "ENG-A2", "ENG-A2"},
		{"duplicate credit code", set("credit_code", kangning.CreditCode), http.StatusConflict, "该统一社会信用代码已被登记", "already registered"},
		{"duplicate username", set("admin_username", "xihu.admin"), http.StatusConflict, "该用户名已被使用", "this username is taken"},
		{"long name", set("name", strings.Repeat("长", 101)), http.StatusUnprocessableEntity, "名称不能超过100个字", "at most 100 characters"},
	}
	for _, c := range cases {
		for _, lang := range []string{"zh", "en"} {
			t.Run(c.name+"/"+lang, func(t *testing.T) {
				before := w.counts(t)
				path := "/register"
				if lang == "en" {
					path += "?lang=en"
				}
				res := w.do(t, request{method: "POST", path: path, form: c.form})
				if res.status != c.status {
					t.Fatalf("status %d, want %d", res.status, c.status)
				}
				want := map[string]string{"zh": c.zh, "en": c.en}[lang]
				if !strings.Contains(string(res.body), want) {
					t.Errorf("the page does not say %q", want)
				}
				if after := w.counts(t); after != before {
					t.Errorf("the refused form wrote something: %+v → %+v", before, after)
				}
			})
		}
	}
}

// TestLoginRateLimit checks the sign-in throttle through both sign-in routes:
// after the free failures an (account, address) pair backs off and is refused
// with 429 and Retry-After, even with the right password; the owner at another
// address is not held back (an attacker cannot lock them out); and failures
// write nothing to the log (issue 7 item 6).
func TestLoginRateLimit(t *testing.T) {
	w := demoWorld(t)
	login := func(user, password, remote string) response {
		return w.do(t, request{method: "POST", path: "/api/v1/auth/login", remote: remote,
			body: mustJSON(t, map[string]string{"username": user, "password": password})})
	}
	const attacker = "203.0.113.7:1000"
	before := w.counts(t)
	for i := range workflow.PairFree + 1 {
		if res := login(county, "wrong-password-1", attacker); res.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, res.status)
		}
	}
	if after := w.counts(t); after != before {
		t.Errorf("failed sign-ins wrote to the log or the tables: %+v → %+v", before, after)
	}
	res := login(county, demo.Password, attacker)
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "2" {
		t.Fatalf("right password within the back-off: %d, Retry-After %q; want 429, 2", res.status, res.header.Get("Retry-After"))
	}
	if code := res.json(t)["code"]; code != string(goumai.ERateLimited) {
		t.Errorf("code %v, want rate_limited", code)
	}
	// The web form is held back too, at the same pair.
	res = w.do(t, request{method: "POST", path: "/login", remote: "203.0.113.7:2000", form: url.Values{"username": {county}, "password": {demo.Password}}})
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "2" {
		t.Errorf("web sign-in within the back-off: %d, Retry-After %q", res.status, res.header.Get("Retry-After"))
	}
	// The owner from another address signs in at once.
	if res := login(county, demo.Password, "198.51.100.99:1000"); res.status != http.StatusOK {
		t.Errorf("the owner at another address: %d, want 200", res.status)
	}
	// The back-off passes.
	w.clock.Advance(workflow.PairBaseDelay)
	if res := login(county, demo.Password, attacker); res.status != http.StatusOK {
		t.Errorf("after the back-off: %d, want 200", res.status)
	}
}
