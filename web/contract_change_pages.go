package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The staff page of a contract's changes (issue 10 items 2 and 3): the
// supplementary contracts, terminations and subcontracts of a contract, with
// the forms each party may use — propose and sign a supplementary contract
// (the signature made offline over the hash shown, REQ-C6, C7), propose and
// decide a termination, propose and decide a subcontract. The use cases
// decide; the page only offers the forms that fit the caller.

// contractChangePageRoutes registers the page and its one form.
func (s *Server) contractChangePageRoutes(rt *router) {
	rt.page("/staff/contracts/{id}/changes", signedIn, s.contractChangesPage)
	rt.form("/staff/contracts/{id}/changes", signedIn, s.contractChangesForm)
}

// contractChangesData is the page's data.
type contractChangesData struct {
	C         workflow.ContractView
	Changes   workflow.ContractChanges
	Grounds   []goumai.TerminationGround
	Purchaser bool // the caller is the purchaser's or its agency's staff
	Supplier  bool // the caller is the supplier's staff
	Finance   bool // the caller may confirm a termination on a legal ground
	InForce   bool
	Done      string
	Error     *goumai.Error
	F         url.Values
	Names     map[int64]string // the subcontractors' names
}

func (s *Server) contractChangesData(r *http.Request, a goumai.Actor) (contractChangesData, error) {
	id := pathID(r)
	v, err := s.svc.Contract(r.Context(), a, id)
	if err != nil {
		return contractChangesData{}, err
	}
	if v.Canonical == "" { // not an insider: the public contract page shows what is public
		return contractChangesData{}, goumai.ErrForbidden()
	}
	ch, err := s.svc.ContractChanges(r.Context(), a, id)
	if err != nil {
		return contractChangesData{}, err
	}
	c := v.Contract
	names := map[int64]string{}
	for _, sc := range ch.Subcontracts {
		if o, err := s.store.Org(r.Context(), sc.SubcontractorOrgID); err == nil {
			names[sc.SubcontractorOrgID] = o.Name
		}
	}
	return contractChangesData{C: v, Changes: ch, Grounds: goumai.TerminationGrounds, InForce: c.Status == goumai.ContractSigned, Names: names,
		Purchaser: a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) && a.Org.ID != c.SupplierOrgID,
		Supplier:  a.Has(goumai.RoleSupplier) && a.Org.ID == c.SupplierOrgID,
		Finance:   s.svc.Policy.Gate(a, goumai.ActDecideComplaint) == nil,
		Done:      r.URL.Query().Get("done")}, nil
}

// contractChangesPage shows a contract's changes and the caller's forms.
func (s *Server) contractChangesPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.contractChangesData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "contract_changes", d)
}

// contractChangesForm runs the form's action (do) and returns to the page;
// a refusal shows the page again with the error on its fields.
func (s *Server) contractChangesForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, f := r.Context(), r.PostForm
	num := func(k string) int64 { n, _ := strconv.ParseInt(strings.TrimSpace(f.Get(k)), 10, 64); return n }
	yuan := func(k string) goumai.Fen {
		v, perr := goumai.ParseYuan(strings.TrimSpace(f.Get(k)))
		if perr != nil {
			return -1 // refused by the rules on its field
		}
		return v
	}
	decision := func() workflow.DecisionInput {
		return workflow.DecisionInput{Version: int(num("version")), Agree: f.Get("agree") == "1", Opinion: f.Get("opinion")}
	}
	id, do := pathID(r), f.Get("do")
	switch do {
	case "amend":
		_, err = s.svc.ProposeAmendment(ctx, a, id, workflow.AmendmentInput{Reasons: f.Get("reasons"), Terms: f.Get("terms"), Amount: yuan("amount"),
			FinancingGuarantee: f.Get("financing_guarantee") == "1"})
	case "sign":
		_, err = s.svc.SignAmendment(ctx, a, num("item"), workflow.SignInput{Hash: f.Get("hash"), KeyID: f.Get("key_id"), Signature: f.Get("signature")})
	case "terminate":
		_, err = s.svc.ProposeTermination(ctx, a, id, workflow.ContractTerminationInput{Ground: goumai.TerminationGround(f.Get("ground")), Reasons: f.Get("reasons")})
	case "decide_termination":
		_, err = s.svc.DecideTermination(ctx, a, num("item"), decision())
	case "subcontract":
		_, err = s.svc.ProposeSubcontract(ctx, a, id, workflow.SubcontractInput{SubcontractorOrgID: num("subcontractor_org_id"), Part: f.Get("part"),
			Amount: yuan("amount"), NonCore: f.Get("non_core") == "1", Declared: f.Get("declared") == "1"})
	case "decide_subcontract":
		_, err = s.svc.DecideSubcontract(ctx, a, num("item"), decision())
	default:
		err = goumai.Fields{"do": goumai.M("未知的操作", "unknown action")}.Err()
	}
	if err != nil {
		e := goumai.AsError(err)
		if e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale && e.Code != goumai.EFunds {
			s.fail(w, r, err)
			return
		}
		d, derr := s.contractChangesData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d.Error, d.F = e, f
		s.render(w, r, statusOf(e.Code), "contract_changes", d)
		return
	}
	http.Redirect(w, r, "/staff/contracts/"+strconv.FormatInt(id, 10)+"/changes?"+url.Values{"done": {do}}.Encode(), http.StatusSeeOther)
}
