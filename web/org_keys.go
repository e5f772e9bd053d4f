package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The signing keys of an organisation (REQ-C6, C7): the "signing_keys"
// block shows the keys and their forms on the supplier's page and on the
// purchaser's page (/staff/orgs/{id}/signing-keys), where its staff register
// the keys its contracts are signed with (workflow.RegisterPurchaserKey).
// No use case revokes a purchaser's key yet, so that page has no revoke form.

// keyBlock is the data of the "signing_keys" template.
type keyBlock struct {
	Lang, CSRF  string
	Keys        []goumai.PublicKey
	Algs        []string
	Add         string // the register form's action; "" for no form
	Revoke      string // the revoke forms' action prefix ("…/keys/"); "" for none
	Error       *goumai.Error
	RevokeError *goumai.Error
	Form        map[string]string // the register form's values as typed
}

// KeyBlock is the supplier page's signing keys block.
func (v *supplierView) KeyBlock(lang, csrf string) keyBlock {
	b := keyBlock{Lang: lang, CSRF: csrf, Keys: v.Keys, Algs: v.Algs, Error: v.Errors["key"], RevokeError: v.Errors["revoke"], Form: v.Forms["key"]}
	if v.CanManage {
		base := "/staff/supplier/" + strconv.FormatInt(v.Org.ID, 10) + "/keys"
		b.Add, b.Revoke = base, base+"/"
	}
	return b
}

// orgKeysLink is the purchaser's signing keys page.
func orgKeysLink(orgID int64) string {
	return "/staff/orgs/" + strconv.FormatInt(orgID, 10) + "/signing-keys"
}

// orgKeyRoutes registers the purchaser's signing keys page and its form
// (called from contractPageRoutes): its purchaser staff and approvers only.
func (s *Server) orgKeyRoutes(rt *router) {
	rt.page("/staff/orgs/{id}/signing-keys", goumai.ActEntrustAgency, s.orgKeysPage)
	rt.form("/staff/orgs/{id}/signing-keys", goumai.ActEntrustAgency, s.orgKeyAdd)
}

// orgKeysView is the purchaser's signing keys page.
type orgKeysView struct {
	Org   goumai.Org
	Block keyBlock
}

// orgKeysData reads organisation {id}'s keys for a, who must act for it
// as a purchaser (the policy of RegisterPurchaserKey).
func (s *Server) orgKeysData(r *http.Request, a goumai.Actor) (*orgKeysView, error) {
	ctx := r.Context()
	o, err := s.store.Org(ctx, pathID(r))
	if err != nil {
		return nil, err
	}
	if err := s.svc.Policy.Can(a, goumai.ActEntrustAgency, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
		return nil, err
	}
	keys, err := s.store.SigningKeys(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	info := infoOf(r)
	v := &orgKeysView{Org: o, Block: keyBlock{Lang: info.lang, Keys: keys, Algs: goumai.SignatureAlgorithms, Add: orgKeysLink(o.ID)}}
	if info.session != nil {
		v.Block.CSRF = info.session.CSRF
	}
	return v, nil
}

func (s *Server) orgKeysPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.orgKeysData(r, actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_keys", v)
}

// orgKeyAdd registers a key: back to the page with the confirmation, or the
// page again with the problem at its field and the values typed.
func (s *Server) orgKeyAdd(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	in := workflow.KeyInput{Algorithm: r.PostFormValue("algorithm"), PublicKey: r.PostFormValue("public_key"), Label: r.PostFormValue("label")}
	_, err := s.svc.RegisterPurchaserKey(r.Context(), a, pathID(r), in)
	if err == nil {
		http.Redirect(w, r, orgKeysLink(pathID(r))+"?done=key_added", http.StatusSeeOther)
		return
	}
	e := goumai.AsError(err)
	if e.Code != goumai.EInvalid && e.Code != goumai.EConflict {
		s.fail(w, r, err)
		return
	}
	v, verr := s.orgKeysData(r, a)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	v.Block.Error = e
	v.Block.Form = map[string]string{"algorithm": in.Algorithm, "public_key": in.PublicKey, "label": in.Label}
	s.render(w, r, statusOf(e.Code), "org_keys", v)
}
