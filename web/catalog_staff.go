package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// staffCatalog lists the actor's tier's versions and departments' versions,
// with the form to start a draft.
func (s *Server) staffCatalog(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStaffCatalog(w, r, http.StatusOK, a, workflow.CatalogDraftInput{}, nil)
}

func (s *Server) renderStaffCatalog(w http.ResponseWriter, r *http.Request, status int, a goumai.Actor, form workflow.CatalogDraftInput, formErr error) {
	tier, ok := s.svc.CatalogTier(a.Org.Region)
	if !ok {
		tier = goumai.NationalCode
	}
	versions, err := s.svc.CatalogVersions(r.Context(), a, tier, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	depts, err := s.svc.DepartmentCatalogs(r.Context(), a, tier)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var deptID int64
	if !a.Org.FinanceDept {
		deptID = a.Org.ID
	}
	if form.Region == "" {
		form.Region, form.DeptOrgID = tier, deptID
	}
	data := map[string]any{"Tier": tier, "Versions": versions, "Depts": s.deptNames(r, depts), "Form": form, "Error": nil,
		"CanDraft": s.svc.Policy.Can(a, goumai.ActEditCatalog, goumai.Target{OrgID: deptID, Region: tier}) == nil}
	if formErr != nil {
		data["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "catalog_staff", data)
}

// staffCatalogCreate starts a draft version.
func (s *Server) staffCatalogCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dept, _ := strconv.ParseInt(r.PostFormValue("dept_org_id"), 10, 64)
	in := workflow.CatalogDraftInput{Region: r.PostFormValue("region"), DeptOrgID: dept, Title: r.PostFormValue("title"),
		Note: r.PostFormValue("note"), EffectiveFrom: r.PostFormValue("effective_from")}
	v, err := s.svc.CreateCatalogDraft(r.Context(), a, in)
	if err != nil {
		if c := goumai.ErrorCode(err); c == goumai.EInvalid || c == goumai.EConflict {
			s.renderStaffCatalog(w, r, statusOf(c), a, in, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/catalog/versions/"+strconv.FormatInt(v.ID, 10)+"?done=saved", http.StatusSeeOther)
}

// staffCatalogVersion shows a version with its trail and, as the actor may,
// the forms to edit items, submit, return or publish.
func (s *Server) staffCatalogVersion(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStaffVersion(w, r, http.StatusOK, a, pathID(r), workflow.CatalogItemInput{}, nil)
}

func (s *Server) renderStaffVersion(w http.ResponseWriter, r *http.Request, status int, a goumai.Actor, id int64, form workflow.CatalogItemInput, formErr error) {
	s.renderStaffVersionMeta(w, r, status, a, id, form, formErr, nil, nil)
}

// renderStaffVersionMeta renders the staff page of a version; meta, when not
// nil, is the draft-metadata form as posted, re-shown with metaErr beside it
// (kept apart from the item form's error: both forms have a "note" field).
func (s *Server) renderStaffVersionMeta(w http.ResponseWriter, r *http.Request, status int, a goumai.Actor, id int64, form workflow.CatalogItemInput, formErr error, meta *workflow.CatalogDraftInput, metaErr error) {
	v, items, err := s.svc.CatalogItems(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	trail, err := s.svc.CatalogTrail(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}
	data := map[string]any{"Version": v, "Rows": treeOrder(items), "Trail": trail, "Form": form, "Error": nil,
		"Classes": []goumai.ServiceClass{goumai.ClassPublicService, goumai.ClassAuxiliaryService}, "Flags": goumai.NegativeFlags,
		"CanEdit":   v.Status == goumai.CatalogDraft && s.svc.Policy.Can(a, goumai.ActEditCatalog, t) == nil,
		"CanReview": s.svc.CanReviewCatalog(r.Context(), a, v)}
	if v.BasedOn != 0 {
		data["BasedOn"] = v.BasedOn
	}
	if formErr != nil {
		data["Error"] = goumai.AsError(formErr)
	}
	if meta == nil {
		meta = &workflow.CatalogDraftInput{Title: v.Title, Note: v.Note, EffectiveFrom: v.EffectiveFrom.In(goumai.Shanghai).Format("2006-01-02")}
	}
	data["Meta"], data["MetaError"] = *meta, nil
	if metaErr != nil {
		data["MetaError"] = goumai.AsError(metaErr)
	}
	s.render(w, r, status, "catalog_staff_version", data)
}

// staffCatalogMeta changes a draft's title, note and effective date (the form
// beside the API's PUT /api/v1/catalog/versions/{id}, through the same use case).
func (s *Server) staffCatalogMeta(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	in := workflow.CatalogDraftInput{Title: r.PostFormValue("title"), Note: r.PostFormValue("note"), EffectiveFrom: r.PostFormValue("effective_from")}
	if _, err := s.svc.UpdateCatalogDraft(r.Context(), a, id, in); err != nil {
		if c := goumai.ErrorCode(err); c == goumai.EInvalid || c == goumai.EConflict {
			s.renderStaffVersionMeta(w, r, statusOf(c), a, id, workflow.CatalogItemInput{}, nil, &in, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/catalog/versions/"+strconv.FormatInt(id, 10)+"?done=saved", http.StatusSeeOther)
}

func itemForm(r *http.Request) workflow.CatalogItemInput {
	in := workflow.CatalogItemInput{Code: r.PostFormValue("code"), Parent: r.PostFormValue("parent"), Name: r.PostFormValue("name"),
		Class: goumai.ServiceClass(r.PostFormValue("class")), ItemCode: r.PostFormValue("item_code"), Note: r.PostFormValue("note")}
	for _, f := range r.PostForm["negative"] {
		in.Negative = append(in.Negative, goumai.NegativeFlag(f))
	}
	return in
}

// staffCatalogItemAdd adds an item to a draft.
func (s *Server) staffCatalogItemAdd(w http.ResponseWriter, r *http.Request) {
	s.staffItemAction(w, r, func(a goumai.Actor, id int64, in workflow.CatalogItemInput) error {
		_, err := s.svc.AddCatalogItem(r.Context(), a, id, in)
		return err
	})
}

// staffCatalogItemUpdate changes an item of a draft (rename, move, flag…).
func (s *Server) staffCatalogItemUpdate(w http.ResponseWriter, r *http.Request) {
	s.staffItemAction(w, r, func(a goumai.Actor, id int64, in workflow.CatalogItemInput) error {
		_, err := s.svc.UpdateCatalogItem(r.Context(), a, id, r.PathValue("code"), in)
		return err
	})
}

// staffCatalogItemDelete removes an item and its subtree from a draft.
func (s *Server) staffCatalogItemDelete(w http.ResponseWriter, r *http.Request) {
	s.staffItemAction(w, r, func(a goumai.Actor, id int64, _ workflow.CatalogItemInput) error {
		return s.svc.DeleteCatalogItem(r.Context(), a, id, r.PathValue("code"))
	})
}

func (s *Server) staffItemAction(w http.ResponseWriter, r *http.Request, do func(goumai.Actor, int64, workflow.CatalogItemInput) error) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, in := pathID(r), itemForm(r)
	if err := do(a, id, in); err != nil {
		if c := goumai.ErrorCode(err); c == goumai.EInvalid || c == goumai.EConflict {
			s.renderStaffVersion(w, r, statusOf(c), a, id, in, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/catalog/versions/"+strconv.FormatInt(id, 10)+"?done=saved"+"#items", http.StatusSeeOther)
}

// staffCatalogStep submits, returns or publishes a version with an opinion.
func (s *Server) staffCatalogStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.requireUser(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		id, op := pathID(r), r.PostFormValue("opinion")
		var done string
		switch step {
		case "submit":
			_, err = s.svc.SubmitCatalog(r.Context(), a, id, op)
			done = "?done=catalog_submit"
		case "return":
			_, err = s.svc.ReturnCatalog(r.Context(), a, id, op)
			done = "?done=catalog_return"
		default:
			_, err = s.svc.PublishCatalog(r.Context(), a, id, op)
			done = "?done=catalog_publish"
		}
		if err != nil {
			if c := goumai.ErrorCode(err); c == goumai.EInvalid || c == goumai.EConflict {
				s.renderStaffVersion(w, r, statusOf(c), a, id, workflow.CatalogItemInput{}, err)
				return
			}
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/staff/catalog/versions/"+strconv.FormatInt(id, 10)+done, http.StatusSeeOther)
	}
}

// staffSuggestion shows a suggestion with its private contact and the answer form.
func (s *Server) staffSuggestion(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStaffSuggestion(w, r, http.StatusOK, a, "", nil)
}

func (s *Server) renderStaffSuggestion(w http.ResponseWriter, r *http.Request, status int, a goumai.Actor, answer string, formErr error) {
	id := pathID(r)
	contact, err := s.svc.SuggestionContact(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.store.Suggestion(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"S": g, "Contact": contact, "Answer": answer, "Error": nil}
	if formErr != nil {
		data["Error"] = goumai.AsError(formErr)
	}
	s.render(w, r, status, "catalog_suggestion", data)
}

// staffSuggestionAnswer answers a suggestion publicly.
func (s *Server) staffSuggestionAnswer(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answer := r.PostFormValue("answer")
	g, err := s.svc.AnswerSuggestion(r.Context(), a, pathID(r), answer)
	if err != nil {
		if c := goumai.ErrorCode(err); c == goumai.EInvalid || c == goumai.EConflict {
			s.renderStaffSuggestion(w, r, statusOf(c), a, answer, err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/catalog?region="+g.Region+"&done=answered#suggestion-"+strconv.FormatInt(g.ID, 10), http.StatusSeeOther)
}
