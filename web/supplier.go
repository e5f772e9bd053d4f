package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The supplier's own pages (/staff/supplier/{id}): its profile (ENG-A6), its
// evidence items (ENG-A3), its signing keys (REQ-C6) and its checks; the
// administrator edits, its members, finance staff and auditors read.

func init() {
	funcs["evkind"] = func(lang string, k goumai.EvidenceKind) string { return k.Label().In(lang) }
	funcs["listkind"] = func(lang string, k goumai.ListKind) string { return k.Label().In(lang) }
	funcs["penalty"] = func(lang string, p goumai.Penalty) string { return p.Label().In(lang) }
	funcs["short"] = func(s string) string {
		if len(s) > 16 {
			return s[:16] + "…"
		}
		return s
	}
	funcs["strs"] = func(s ...string) []string { return s }
	funcs["checkrows"] = func(lang string, cs []goumai.SupplierCheck, names map[int64]string) checkTable {
		return checkTable{Lang: lang, Checks: cs, Names: names}
	}
	funcs["filesize"] = func(n int64) string {
		if n >= 1<<20 {
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		}
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
}

// checkTable is the data of the "checktable" partial: checks, with their
// suppliers' names when they are of several.
type checkTable struct {
	Lang   string
	Checks []goumai.SupplierCheck
	Names  map[int64]string
}

// supplierView is what the supplier page shows.
type supplierView struct {
	Org       goumai.Org
	Profile   goumai.SupplierProfile
	Evidence  []goumai.Evidence // every version, newest first
	Keys      []goumai.PublicKey
	Checks    []goumai.SupplierCheck
	CanManage bool
	Kinds     []goumai.EvidenceKind
	Algs      []string
	FileTypes []goumai.FileType
	Accept    string
	MaxMB     int
	Errors    map[string]*goumai.Error     // the failed form's error, by form name
	Forms     map[string]map[string]string // forms' values: the failed one as typed, the profile as stored
}

// supplierHome sends a supplier's member to its own page.
func (s *Server) supplierHome(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if !a.Org.CanSupply() {
		s.fail(w, r, goumai.ErrNotFound("承接主体", "supplier"))
		return
	}
	http.Redirect(w, r, "/staff/supplier/"+strconv.FormatInt(a.Org.ID, 10), http.StatusSeeOther)
}

// supplierData reads everything the page shows.
func (s *Server) supplierData(r *http.Request, id int64) (*supplierView, error) {
	a, ctx := actorOf(r), r.Context()
	p, err := s.svc.SupplierProfile(ctx, a, id)
	if err != nil {
		return nil, err
	}
	o, err := s.store.Org(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &supplierView{Org: o, Profile: p, Kinds: goumai.EvidenceKinds, Algs: goumai.SignatureAlgorithms, FileTypes: goumai.FileTypes,
		Accept: goumai.FileAccept(), MaxMB: goumai.MaxFileBytes >> 20, Errors: map[string]*goumai.Error{}, Forms: map[string]map[string]string{},
		CanManage: s.svc.Policy.Can(a, goumai.ActManageSupplier, goumai.Target{OrgID: o.ID, Region: o.Region}) == nil}
	var managed []string
	for _, m := range p.ManagedBy {
		managed = append(managed, m.CreditCode)
	}
	v.Forms["profile"] = map[string]string{"head_name": p.Head.Name, "shareholder_name": p.Shareholder.Name,
		"shareholder_credit_code": p.Shareholder.CreditCode, "controller_name": p.Controller.Name,
		"controller_credit_code": p.Controller.CreditCode, "managed_by": strings.Join(managed, "\n"), "version": strconv.Itoa(p.Version)}
	if v.Evidence, err = s.svc.SupplierEvidence(ctx, a, id, false); err != nil {
		return nil, err
	}
	for i, j := 0, len(v.Evidence)-1; i < j; i, j = i+1, j-1 {
		v.Evidence[i], v.Evidence[j] = v.Evidence[j], v.Evidence[i]
	}
	if v.Keys, err = s.svc.SigningKeys(ctx, id); err != nil {
		return nil, err
	}
	if v.Checks, err = s.svc.SupplierChecks(ctx, a, sqlstore.CheckFilter{OrgID: id, Limit: 20}); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) supplierPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.supplierData(r, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "supplier", map[string]any{"V": v})
}

// supplierFormDone redirects after a successful post, or re-renders the page
// with the failed form and its errors.
func (s *Server) supplierFormDone(w http.ResponseWriter, r *http.Request, form string, typed map[string]string, done string, err error) {
	id := pathID(r)
	if err == nil {
		http.Redirect(w, r, "/staff/supplier/"+strconv.FormatInt(id, 10)+done, http.StatusSeeOther)
		return
	}
	v, verr := s.supplierData(r, id)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	v.Errors[form], v.Forms[form] = goumai.AsError(err), typed
	s.formError(w, r, "supplier", map[string]any{"V": v}, err)
}

// formDate reads an optional YYYY-MM-DD value.
func formDate(bad goumai.Fields, field, v string) *time.Time {
	t := postedDay(bad, field, v)
	if t.IsZero() {
		return nil
	}
	return &t
}

// profileForm reads the profile form.
func profileForm(r *http.Request) (goumai.ProfileInput, map[string]string, error) {
	typed := map[string]string{}
	for _, k := range []string{"head_name", "shareholder_name", "shareholder_credit_code", "controller_name", "controller_credit_code", "managed_by", "version"} {
		typed[k] = r.PostFormValue(k)
	}
	version, err := strconv.Atoi(strings.TrimSpace(typed["version"]))
	if err != nil {
		return goumai.ProfileInput{}, typed, goumai.Fields{"version": goumai.M("版本号无效，请刷新页面", "the version is not valid: reload the page")}.Err()
	}
	in := goumai.ProfileInput{HeadName: typed["head_name"], HeadID: r.PostFormValue("head_id"), Version: version,
		Shareholder: goumai.PartyInput{Name: typed["shareholder_name"], CreditCode: typed["shareholder_credit_code"], PersonID: r.PostFormValue("shareholder_person_id")},
		Controller:  goumai.PartyInput{Name: typed["controller_name"], CreditCode: typed["controller_credit_code"], PersonID: r.PostFormValue("controller_person_id")},
		ManagedBy:   strings.FieldsFunc(typed["managed_by"], func(r rune) bool { return r == ',' || r == '，' || r == '\n' || r == ' ' || r == '\r' })}
	return in, typed, nil
}

func (s *Server) supplierProfileSave(w http.ResponseWriter, r *http.Request) {
	in, typed, err := profileForm(r)
	if err == nil {
		_, err = s.svc.SaveSupplierProfile(r.Context(), actorOf(r), pathID(r), in)
	}
	s.supplierFormDone(w, r, "profile", typed, "?done=profile_saved", err)
}

// uploadedFile reads the multipart file of field name, within the file limit.
func uploadedFile(r *http.Request, name string) (string, []byte, error) {
	f, hdr, err := r.FormFile(name)
	if err != nil {
		return "", nil, goumai.Fields{name: goumai.M("请选择文件", "choose a file")}.Err()
	}
	defer f.Close()
	return readUpload(f, hdr)
}

func readUpload(f multipart.File, hdr *multipart.FileHeader) (string, []byte, error) {
	if hdr.Size > goumai.MaxFileBytes {
		return "", nil, goumai.Fields{"file": goumai.M(fmt.Sprintf("文件超过%dMB上限", goumai.MaxFileBytes>>20), fmt.Sprintf("the file is larger than the %d MB limit", goumai.MaxFileBytes>>20))}.Err()
	}
	b, err := io.ReadAll(io.LimitReader(f, goumai.MaxFileBytes+1))
	if err != nil {
		return "", nil, fmt.Errorf("read upload: %w", err)
	}
	return hdr.Filename, b, nil
}

// evidenceForm reads the evidence fields of a form or of the API's body.
func evidenceForm(kind, title, from, until, declared, supersedes string) (goumai.EvidenceInput, error) {
	bad := goumai.Fields{}
	in := goumai.EvidenceInput{Kind: goumai.EvidenceKind(strings.TrimSpace(kind)), Title: title,
		ValidUntil: formDate(bad, "valid_until", until), DeclaredOn: formDate(bad, "declared_on", declared)}
	if t := formDate(bad, "valid_from", from); t != nil {
		in.ValidFrom = *t
	}
	if v := strings.TrimSpace(supersedes); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			bad.Add("supersedes", "须为材料编号", "must be an item number")
		}
		in.Supersedes = n
	}
	return in, bad.Err()
}

func (s *Server) supplierEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	typed := map[string]string{}
	for _, k := range []string{"kind", "title", "valid_from", "valid_until", "declared_on", "supersedes"} {
		typed[k] = r.PostFormValue(k)
	}
	in, err := evidenceForm(typed["kind"], typed["title"], typed["valid_from"], typed["valid_until"], typed["declared_on"], typed["supersedes"])
	var name string
	var content []byte
	if err == nil {
		name, content, err = uploadedFile(r, "file")
	}
	if err == nil {
		_, err = s.svc.AddEvidence(r.Context(), actorOf(r), pathID(r), in, name, content)
	}
	s.supplierFormDone(w, r, "evidence", typed, "?done=evidence_added", err)
}

// supplierEvidenceFile serves an evidence item's file as a download.
func (s *Server) supplierEvidenceFile(w http.ResponseWriter, r *http.Request) {
	eid, _ := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	e, content, err := s.svc.EvidenceFile(r.Context(), actorOf(r), pathID(r), eid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("evidence-%d%s", e.ID, goumai.FileExt(e.File.Type))
	serveDownload(w, name, e.File, content)
}

// serveDownload writes a private file as an attachment: name is the ASCII
// file name, f.Name the name it was uploaded with.
func serveDownload(w http.ResponseWriter, name string, f goumai.File, content []byte) {
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(content)
}

func (s *Server) supplierKeyAdd(w http.ResponseWriter, r *http.Request) {
	in := workflow.KeyInput{Algorithm: r.PostFormValue("algorithm"), PublicKey: r.PostFormValue("public_key"), Label: r.PostFormValue("label")}
	_, err := s.svc.RegisterKey(r.Context(), actorOf(r), pathID(r), in)
	s.supplierFormDone(w, r, "key", map[string]string{"algorithm": in.Algorithm, "public_key": in.PublicKey, "label": in.Label}, "?done=key_added", err)
}

func (s *Server) supplierKeyRevoke(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.RevokeKey(r.Context(), actorOf(r), pathID(r), r.PathValue("key"))
	s.supplierFormDone(w, r, "revoke", map[string]string{}, "?done=key_revoked", err)
}

// supplierCheckRun runs a check now, for the purpose typed.
func (s *Server) supplierCheckRun(w http.ResponseWriter, r *http.Request) {
	ref := r.PostFormValue("ref")
	c, err := s.svc.RunSupplierCheck(r.Context(), actorOf(r), pathID(r), ref, time.Time{})
	done := "?done=check_passed"
	if err == nil && c.Result == goumai.CheckRefused {
		done = "?done=check_refused"
	}
	s.supplierFormDone(w, r, "check", map[string]string{"ref": ref}, done, err)
}

// supplierChecksPage lists checks: every supplier's for finance staff,
// filtered by result; one's own otherwise.
func (s *Server) supplierChecksPage(w http.ResponseWriter, r *http.Request) {
	f, err := checkFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.SupplierChecks(r.Context(), actorOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(list) == f.Limit {
		next = list[len(list)-1].ID
	}
	names := map[int64]string{}
	for _, c := range list {
		if _, ok := names[c.OrgID]; !ok {
			if o, err := s.store.Org(r.Context(), c.OrgID); err == nil {
				names[c.OrgID] = o.Name
			}
		}
	}
	s.render(w, r, http.StatusOK, "supplier_checks", map[string]any{"Checks": list, "Names": names, "Result": string(f.Result), "Next": next})
}

// checkFilter reads ?result=, ?org_id=, ?ref= and ?before= of a check list.
func checkFilter(r *http.Request) (sqlstore.CheckFilter, error) {
	q := r.URL.Query()
	f := sqlstore.CheckFilter{Result: goumai.CheckResult(q.Get("result")), Ref: q.Get("ref"), Limit: 50}
	bad := goumai.Fields{}
	if f.Result != "" && f.Result != goumai.CheckPassed && f.Result != goumai.CheckRefused {
		bad.Add("result", "结果须为 passed 或 refused", "result must be passed or refused")
	}
	for _, k := range []string{"org_id", "before"} {
		if v := q.Get(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				bad.Add(k, "须为正整数", "must be a positive whole number")
			}
			if k == "org_id" {
				f.OrgID = n
			} else {
				f.BeforeID = n
			}
		}
	}
	return f, bad.Err()
}
