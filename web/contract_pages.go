package web

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The contract's pages (合同签订, issue 10 items 2 and 9): the staff's list
// of their contracts; a contract's staff page with the draft form (terms and
// milestones, amounts in yuan), the signing form (the browser signs the hash
// with the party's key, as bids are signed), the statistics entry, and the
// signatures with the hash; the public page of a contract in force, redacted
// (REQ-C23), whose signatures anyone verifies offline, and its print view.

func init() {
	funcs["cstatus"] = func(lang string, s goumai.ContractStatus) string { return s.Label().In(lang) }
	funcs["mstatus"] = func(lang string, s goumai.MilestoneStatus) string { return s.Label().In(lang) }
	funcs["b64"] = func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
}

// contractLink is a contract's staff page.
func contractLink(id int64) string { return "/staff/contracts/" + strconv.FormatInt(id, 10) }

// contractsPage lists the actor's contracts (workflow.MyContracts), newest
// first, 50 a page (?before=).
func (s *Server) contractsPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	before, err := optionalInt(r, "before")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	const page = 50
	cs, err := s.svc.MyContracts(r.Context(), a, sqlstore.ContractFilter{BeforeID: before, Limit: page + 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(cs) > page {
		cs, next = cs[:page], cs[page-1].ID
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.PurchaserOrgID, c.SupplierOrgID)
	}
	s.render(w, r, http.StatusOK, "contract_list", map[string]any{"Contracts": cs, "Next": next, "Names": s.orgNames(r, ids)})
}

// contractView is a contract's staff page.
type contractView struct {
	V      workflow.ContractView
	Can    workflow.ContractRights
	Names  map[int64]goumai.Org
	Keys   []goumai.PublicKey          // the actor's organisation's keys in force (signing)
	SigKey map[string]goumai.PublicKey // each signature's key, for offline verification
	Rows   []int                       // the milestone rows of the draft form
	Form   map[string]string           // the draft form's values
	Sign   map[string]string           // the signing form's values
	Error  *goumai.Error               // a refused draft form
	SignE  *goumai.Error               // a refused signature
	ActE   *goumai.Error               // a refused statistics entry
}

// contractBody is what the contract_body template shows: the contract, the
// parties' names and its signatures' keys.
type contractBody struct {
	C     goumai.Contract
	Names map[int64]goumai.Org
	Keys  map[string]goumai.PublicKey
	Lang  string
}

// Body is the page's contract_body.
func (cv *contractView) Body(lang string) contractBody {
	return contractBody{C: cv.V.Contract, Names: cv.Names, Keys: cv.SigKey, Lang: lang}
}

// TermFields are the draft form's terms, in order.
func (cv *contractView) TermFields() []string { return contractTermFields }

// contractData reads contract {id} for a's staff page.
func (s *Server) contractData(r *http.Request, a goumai.Actor) (*contractView, error) {
	ctx := r.Context()
	v, err := s.svc.Contract(ctx, a, pathID(r))
	if err != nil {
		return nil, err
	}
	if v.Canonical == "" { // read as the public: the staff page is for its insiders
		return nil, goumai.ErrNotFound("合同", "contract")
	}
	cv := &contractView{V: v, SigKey: map[string]goumai.PublicKey{}}
	if cv.Can, err = s.svc.ContractRightsOf(ctx, a, v.Contract); err != nil {
		return nil, err
	}
	cv.Names = s.orgNames(r, []int64{v.PurchaserOrgID, v.SupplierOrgID})
	if cv.Can.Sign {
		keys, err := s.store.SigningKeys(ctx, a.Org.ID) // a purchaser's too, not only a supplier's
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k.RevokedAt == nil {
				cv.Keys = append(cv.Keys, k)
			}
		}
	}
	if cv.SigKey, err = s.signatureKeys(r, v.Signatures); err != nil {
		return nil, err
	}
	cv.Form = contractFormValues(v.Contract)
	cv.Rows = contractRows(cv.Form)
	return cv, nil
}

// signatureKeys returns the keys of the signatures, by id.
func (s *Server) signatureKeys(r *http.Request, sigs []goumai.ContractSignature) (map[string]goumai.PublicKey, error) {
	out := map[string]goumai.PublicKey{}
	for _, g := range sigs {
		if _, ok := out[g.KeyID]; ok {
			continue
		}
		k, err := s.store.SigningKey(r.Context(), g.KeyID)
		if err != nil {
			return nil, err
		}
		out[g.KeyID] = k
	}
	return out, nil
}

// contractTermFields are the ENG-H2 terms, in the form's order.
var contractTermFields = []string{"service_content", "quantity", "quality", "price", "settlement", "rights_obligations", "breach_liability", "place"}

// termPtrs maps each term's field name to its place in t.
func termPtrs(t *goumai.ContractTerms) map[string]*string {
	return map[string]*string{"service_content": &t.ServiceContent, "quantity": &t.Quantity, "quality": &t.Quality, "price": &t.Price,
		"settlement": &t.Settlement, "rights_obligations": &t.RightsObligations, "breach_liability": &t.BreachLiability, "place": &t.Place}
}

// contractFormValues are c's fields as the draft form shows them (amounts in yuan).
func contractFormValues(c goumai.Contract) map[string]string {
	f := map[string]string{"version": strconv.Itoa(c.Version), "title": c.Title, "amount": c.Amount.Yuan(),
		"term_months": strconv.Itoa(c.TermMonths), "start_on": c.StartOn}
	for k, p := range termPtrs(&c.Terms) {
		f["terms."+k] = *p
	}
	for i, m := range c.Milestones {
		p := fmt.Sprintf("milestones.%d.", i)
		f[p+"title"], f[p+"deliverables"], f[p+"due_on"], f[p+"amount"] = m.Title, m.Deliverables, m.DueOn, m.Amount.Yuan()
	}
	return f
}

// contractRows are the milestone rows the form shows: those filled and one empty.
func contractRows(f map[string]string) []int {
	n := 0
	for i := 0; i < maxMilestoneRows; i++ {
		p := fmt.Sprintf("milestones.%d.", i)
		if f[p+"title"]+f[p+"deliverables"]+f[p+"due_on"]+f[p+"amount"] != "" {
			n = i + 1
		}
	}
	return seqInts(min(n+1, maxMilestoneRows))
}

// maxMilestoneRows bounds the milestone rows a form posts.
const maxMilestoneRows = 60

func seqInts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// contractInput reads the draft form: the typed values (to show again) and
// the input, with the amounts' problems as field errors.
func contractInput(r *http.Request) (map[string]string, workflow.ContractInput, goumai.Fields) {
	f, bad := map[string]string{}, goumai.Fields{}
	for _, k := range []string{"version", "title", "amount", "term_months", "start_on"} {
		f[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	var in workflow.ContractInput
	in.Version, _ = strconv.Atoi(f["version"])
	in.Title, in.StartOn = f["title"], f["start_on"]
	yuan := func(field string) goumai.Fen {
		v, m := goumai.ParseYuan(f[field])
		if m != nil {
			bad[field] = *m
		}
		return v
	}
	in.Amount = yuan("amount")
	if n, err := strconv.Atoi(f["term_months"]); err == nil {
		in.TermMonths = n
	} else {
		bad["term_months"] = goumai.M("履约期限须为整数（月）", "the term is a whole number of months")
	}
	for k, p := range termPtrs(&in.Terms) {
		f["terms."+k] = r.PostFormValue("terms." + k)
		*p = f["terms."+k]
	}
	for i := 0; i < maxMilestoneRows; i++ {
		p := fmt.Sprintf("milestones.%d.", i)
		for _, k := range []string{"title", "deliverables", "due_on", "amount"} {
			f[p+k] = strings.TrimSpace(r.PostFormValue(p + k))
		}
		if f[p+"title"]+f[p+"deliverables"]+f[p+"due_on"]+f[p+"amount"] == "" {
			continue // an empty row is no milestone
		}
		in.Milestones = append(in.Milestones, goumai.MilestoneInput{Title: f[p+"title"], Deliverables: f[p+"deliverables"],
			DueOn: f[p+"due_on"], Amount: yuan(p + "amount")})
		if len(in.Milestones)-1 != i { // rows are renumbered: errors name the posted rows
			bad[p+"title"] = goumai.M("请按顺序填写履约节点，不要留空行", "fill the milestones in order, without empty rows")
		}
	}
	return f, in, bad
}

// contractPage shows a contract's staff page.
func (s *Server) contractPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cv, err := s.contractData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contract", cv)
}

// contractRefused re-renders the staff page after a refused form: set puts
// the error and the values typed in place.
func (s *Server) contractRefused(w http.ResponseWriter, r *http.Request, a goumai.Actor, err error, set func(*contractView, *goumai.Error)) {
	e := goumai.AsError(err)
	if e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale {
		s.fail(w, r, err)
		return
	}
	cv, verr := s.contractData(r, a)
	if verr != nil {
		s.fail(w, r, err)
		return
	}
	set(cv, e)
	s.render(w, r, statusOf(e.Code), "contract", cv)
}

// contractDone goes back to the contract's page with a confirmation.
func contractDone(w http.ResponseWriter, r *http.Request, id int64, done string) {
	http.Redirect(w, r, contractLink(id)+"?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
}

// contractUpdate saves the draft form: a new revision (any signature made is void).
func (s *Server) contractUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, in, bad := contractInput(r)
	if err = bad.Err(); err == nil {
		var cur workflow.ContractView
		if cur, err = s.svc.Contract(r.Context(), a, pathID(r)); err == nil {
			in.LongTerm = cur.LongTerm // the grounds of a long term come from the project (ENG-H1)
			_, err = s.svc.UpdateContract(r.Context(), a, pathID(r), in)
		}
	}
	if err != nil {
		s.contractRefused(w, r, a, err, func(cv *contractView, e *goumai.Error) {
			cv.Form, cv.Error = f, e
			cv.Rows = contractRows(f)
		})
		return
	}
	contractDone(w, r, pathID(r), "contract_saved")
}

// contractSign records the actor's party's signature of the hash.
func (s *Server) contractSign(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := workflow.SignInput{Hash: r.PostFormValue("hash"), KeyID: r.PostFormValue("key_id"), Signature: strings.TrimSpace(r.PostFormValue("signature"))}
	if _, err := s.svc.SignContract(r.Context(), a, pathID(r), in); err != nil {
		s.contractRefused(w, r, a, err, func(cv *contractView, e *goumai.Error) {
			cv.SignE, cv.Sign = e, map[string]string{"key_id": in.KeyID, "signature": in.Signature}
		})
		return
	}
	contractDone(w, r, pathID(r), "contract_signed")
}

// contractStatistics enters the contract for statistics (REQ-C24).
func (s *Server) contractStatistics(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.EnterContractStatistics(r.Context(), a, pathID(r)); err != nil {
		s.contractRefused(w, r, a, err, func(cv *contractView, e *goumai.Error) { cv.ActE = e })
		return
	}
	contractDone(w, r, pathID(r), "contract_statistics")
}

// contractDraft draws up the contract of the awarded {lot} of procedure {id}
// (the procedure page's button) and goes to it; a refusal is shown on the
// procedure's page.
func (s *Server) contractDraft(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.svc.DraftContract(r.Context(), a, pathID(r), pathInt(r, "lot"), workflow.ContractInput{})
	if err != nil {
		e := goumai.AsError(err)
		if e.Code == goumai.EInvalid || e.Code == goumai.EConflict || e.Code == goumai.EStale {
			s.renderProcurement(w, r, statusOf(e.Code), map[string]any{"ActionError": e, "Action": r.URL.Path})
			return
		}
		s.fail(w, r, err)
		return
	}
	contractDone(w, r, c.ID, "contract_drafted")
}

// procurementContracts is the contract part of a procedure's staff page: its
// contracts a may read and the awarded lots a may draw one up for.
type procurementContracts struct {
	List      []workflow.ContractView
	Draftable []goumai.Award
}

func (s *Server) procurementContractsOf(r *http.Request, a goumai.Actor, p goumai.Procurement) (procurementContracts, error) {
	var pc procurementContracts
	var err error
	if pc.List, err = s.svc.ProcurementContracts(r.Context(), a, p.ID); err != nil {
		return pc, err
	}
	pc.Draftable, err = s.svc.DraftableAwards(r.Context(), a, p)
	return pc, err
}

// publicContractView is a contract's public page and print view.
type publicContractView struct {
	V      workflow.ContractView
	Names  map[int64]goumai.Org
	SigKey map[string]goumai.PublicKey
	Lot    int // the lot's number
}

// Body is the page's contract_body.
func (pv *publicContractView) Body(lang string) contractBody {
	return contractBody{C: pv.V.Contract, Names: pv.Names, Keys: pv.SigKey, Lang: lang}
}

// publicContractData reads contract {id} as the public reads it: in force or
// ended only, redacted (REQ-C23), with the keys of its signatures.
func (s *Server) publicContractData(r *http.Request) (*publicContractView, error) {
	v, err := s.svc.Contract(r.Context(), goumai.Actor{}, pathID(r))
	if err != nil {
		return nil, err
	}
	pv := &publicContractView{V: v, Names: s.orgNames(r, []int64{v.PurchaserOrgID, v.SupplierOrgID})}
	if pv.SigKey, err = s.signatureKeys(r, v.Signatures); err != nil {
		return nil, err
	}
	if lots, err := s.store.Lots(r.Context(), v.ProcurementID); err == nil {
		for _, l := range lots {
			if l.ID == v.LotID {
				pv.Lot = l.Number
			}
		}
	}
	return pv, nil
}

// publicContractPage renders the public page ("contract_public") or its print view.
func (s *Server) publicContractPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pv, err := s.publicContractData(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, page, pv)
	}
}
