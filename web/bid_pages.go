package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The supplier's bid pages (投标, issue 8 item 9): its bids, and for one lot
// of a procedure open for bids the form that drafts the bid (price, responses
// to each requirement, documents, SME declaration, subcontracting plan and
// the ENG-A6 declaration), the signature over the draft's commitment (made in
// the browser from a key file that never leaves it, or pasted from `goumai
// sign`), withdrawal, and the receipt of a submission. Only the bidding
// organisation's staff reach them (ActBid); the use cases refuse everyone
// else and record the attempt.

// bidView is what the bid page shows.
type bidView struct {
	P         goumai.Procurement
	Lot       goumai.Lot
	Bid       goumai.Bid // ID 0: no bid yet
	Keys      []goumai.PublicKey
	Open      bool // the procedure takes bids now
	Accept    string
	FileTypes []goumai.FileType
	MaxMB     int
	Sizes     []bidOption // the SME sizes, with their labels' keys
	Decls     []bidOption // the ENG-A6 declaration's items
	Errors    map[string]*goumai.Error
	Forms     map[string]map[string]string
	Done      string
	// VerifierKey is the transparency log's key, for checking a receipt offline.
	VerifierKey string
}

// bidOption is a choice of the bid form and its label's message key.
type bidOption struct{ Value, Key string }

// The bid form's choices.
var (
	bidSizes = []bidOption{{"", "bid.sme.none"}, {"medium", "bid.sme.medium"}, {"small", "bid.sme.small"}, {"micro", "bid.sme.micro"}}
	bidDecls = []bidOption{{"designed", "bid.decl.designed"}, {"specified", "bid.decl.specified"}, {"managed", "bid.decl.managed"},
		{"supervised", "bid.decl.supervised"}, {"tested", "bid.decl.tested"}}
	// bidDoneKeys are the messages after a successful post, by ?done=.
	bidDoneKeys = map[string]string{"bid_saved": "bid.done.saved", "bid_document_added": "bid.done.document_added",
		"bid_document_removed": "bid.done.document_removed", "bid_submitted": "bid.done.submitted", "bid_withdrawn": "bid.done.withdrawn"}
	// bidStatusKeys label a bid's status.
	bidStatusKeys = map[goumai.BidStatus]string{goumai.BidDraft: "bid.status.draft", goumai.BidSubmitted: "bid.status.submitted", goumai.BidWithdrawn: "bid.status.withdrawn"}
)

func init() {
	funcs["bidstatus"] = func(lang string, st goumai.BidStatus) string { return tr(lang, bidStatusKeys[st]) }
}

// bidLot reads the procedure and lot of a bid page's path.
func (s *Server) bidLot(r *http.Request) (goumai.Procurement, goumai.Lot, error) {
	p, err := s.svc.Procurement(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return p, goumai.Lot{}, err
	}
	lots, err := s.svc.Lots(r.Context(), actorOf(r), p)
	if err != nil {
		return p, goumai.Lot{}, err
	}
	i := slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == lotID(r) })
	if i < 0 {
		return p, goumai.Lot{}, goumai.ErrNotFound("采购包", "lot")
	}
	return p, lots[i], nil
}

// bidData reads everything the bid page shows: the actor's own bid on the
// lot, if any, and its organisation's registered keys.
func (s *Server) bidData(r *http.Request) (*bidView, error) {
	a, ctx := actorOf(r), r.Context()
	p, lot, err := s.bidLot(r)
	if err != nil {
		return nil, err
	}
	mine, err := s.svc.MyBids(ctx, a)
	if err != nil {
		return nil, err
	}
	v := &bidView{P: p, Lot: lot, VerifierKey: s.store.VerifierKey(), Open: p.Status == goumai.ProcTendering && s.svc.Clock.Now().Before(p.Periods.BidDeadline),
		Accept: goumai.FileAccept(), FileTypes: goumai.FileTypes, MaxMB: goumai.MaxFileBytes >> 20,
		Sizes: bidSizes, Decls: bidDecls, Errors: map[string]*goumai.Error{}, Forms: map[string]map[string]string{},
		Done: bidDoneKeys[r.URL.Query().Get("done")]}
	for _, b := range mine {
		if b.ProcurementID == p.ID && b.LotID == lot.ID {
			v.Bid = b
		}
	}
	keys, err := s.svc.SigningKeys(ctx, a.Org.ID)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if k.RevokedAt == nil {
			v.Keys = append(v.Keys, k)
		}
	}
	v.Forms["bid"] = bidFormValues(v.P, v.Bid.Draft.Content)
	return v, nil
}

// bidFormValues are the form's values for a stored draft: one response row
// per requirement the documents name (each scoring item other than price,
// and each qualification), then the draft's other responses.
func bidFormValues(p goumai.Procurement, c goumai.BidContent) map[string]string {
	f := map[string]string{"sme_size": c.SME.Size, "sme_statement": c.SME.Statement,
		"sub_parts": c.Subcontracting.Parts, "sub_subcontractors": strings.Join(c.Subcontracting.Subcontractors, "\n")}
	if c.Price > 0 {
		f["price"] = fmt.Sprintf("%d.%02d", c.Price/100, c.Price%100)
	}
	if c.SME.PartnerSharePct > 0 {
		f["sme_partner_share_pct"] = strconv.Itoa(c.SME.PartnerSharePct)
	}
	if c.Subcontracting.SharePct > 0 {
		f["sub_share_pct"] = strconv.Itoa(c.Subcontracting.SharePct)
	}
	for _, d := range []struct {
		name string
		on   bool
	}{{"designed", c.Declaration.Designed}, {"specified", c.Declaration.Specified}, {"managed", c.Declaration.Managed}, {"supervised", c.Declaration.Supervised}, {"tested", c.Declaration.Tested}} {
		if d.on {
			f["decl_"+d.name] = "on"
		}
	}
	reqs := bidRequirements(p)
	answered := map[string]string{}
	for _, r := range c.Responses {
		answered[r.Requirement] = r.Response
	}
	for i, q := range reqs {
		f[fmt.Sprintf("req_%d", i)] = q
		f[fmt.Sprintf("resp_%d", i)] = answered[q]
	}
	return f
}

// bidRequirements are the requirements a bid responds to, as the documents
// name them: every scoring item other than price, then every qualification.
func bidRequirements(p goumai.Procurement) []string {
	var out []string
	for _, it := range p.Documents.Scoring {
		if it.Factor != goumai.FactorPrice {
			out = append(out, it.Name)
		}
	}
	for _, q := range p.Documents.Qualifications {
		out = append(out, q.Name)
	}
	return out
}

func (s *Server) bidPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.bidData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "bid", map[string]any{"V": v, "Reqs": bidRequirements(v.P)})
}

// bidDone redirects after a successful post, or re-renders the page with the
// failed form (as typed) and its errors.
func (s *Server) bidDone(w http.ResponseWriter, r *http.Request, form string, typed map[string]string, done string, err error) {
	if err == nil {
		// The page shows its own confirmation (bidDoneKeys), not the layout's.
		http.Redirect(w, r, bidPath(pathID(r), lotID(r))+"?"+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
		return
	}
	v, verr := s.bidData(r)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	v.Errors[form] = goumai.AsError(err)
	if typed != nil {
		v.Forms[form] = typed
	}
	s.formError(w, r, "bid", map[string]any{"V": v, "Reqs": bidRequirements(v.P)}, err)
}

func bidPath(procurementID, lotID int64) string {
	return fmt.Sprintf("/procurements/%d/lots/%d/bid", procurementID, lotID)
}

// bidForm reads the bid form into the use case's input; the field names of
// its errors are those of the JSON API, which the template shows next to
// their inputs.
func bidForm(r *http.Request) (workflow.BidInput, map[string]string, error) {
	typed := map[string]string{}
	for _, k := range []string{"price", "sme_size", "sme_statement", "sme_partner_share_pct", "sub_parts", "sub_share_pct", "sub_subcontractors",
		"decl_designed", "decl_specified", "decl_managed", "decl_supervised", "decl_tested"} {
		typed[k] = r.PostFormValue(k)
	}
	bad := goumai.Fields{}
	in := workflow.BidInput{SME: goumai.SMEDeclaration{Size: typed["sme_size"], Statement: typed["sme_statement"]},
		Declaration: goumai.BidDeclaration{Designed: typed["decl_designed"] != "", Specified: typed["decl_specified"] != "",
			Managed: typed["decl_managed"] != "", Supervised: typed["decl_supervised"] != "", Tested: typed["decl_tested"] != ""}}
	if v := strings.TrimSpace(typed["price"]); v != "" {
		fen, m := goumai.ParseYuan(v)
		if m != nil {
			bad["price"] = *m
		}
		in.Price = fen
	}
	if v := strings.TrimSpace(typed["sme_partner_share_pct"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad["sme.partner_share_pct"] = goumai.M("须为0至100的整数", "must be a whole number from 0 to 100")
		}
		in.SME.PartnerSharePct = n
	}
	in.Subcontracting.Parts = strings.TrimSpace(typed["sub_parts"])
	if v := strings.TrimSpace(typed["sub_share_pct"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			bad["subcontracting.share_pct"] = goumai.M("须为0至100的整数", "must be a whole number from 0 to 100")
		}
		in.Subcontracting.SharePct = n
	}
	for _, line := range strings.Split(typed["sub_subcontractors"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Subcontracting.Subcontractors = append(in.Subcontracting.Subcontractors, line)
		}
	}
	for i := 0; i < goumai.MaxBidResponses; i++ {
		req, ok := r.PostForm[fmt.Sprintf("req_%d", i)]
		if !ok {
			break
		}
		resp := r.PostFormValue(fmt.Sprintf("resp_%d", i))
		typed[fmt.Sprintf("req_%d", i)], typed[fmt.Sprintf("resp_%d", i)] = req[0], resp
		if strings.TrimSpace(resp) != "" {
			in.Responses = append(in.Responses, goumai.BidResponse{Requirement: req[0], Response: resp})
		}
	}
	return in, typed, bad.Err()
}

func (s *Server) bidSave(w http.ResponseWriter, r *http.Request) {
	in, typed, err := bidForm(r)
	if err == nil {
		_, err = s.svc.SaveBid(r.Context(), actorOf(r), pathID(r), lotID(r), in)
	}
	s.bidDone(w, r, "bid", typed, "bid_saved", err)
}

func (s *Server) bidDocumentAdd(w http.ResponseWriter, r *http.Request) {
	name, content, err := uploadedFile(r, "file")
	if err == nil {
		_, err = s.svc.AddBidDocument(r.Context(), actorOf(r), pathID(r), lotID(r), name, content)
	}
	s.bidDone(w, r, "document", nil, "bid_document_added", err)
}

// bidDocumentRemove saves the draft without one of its documents.
func (s *Server) bidDocumentRemove(w http.ResponseWriter, r *http.Request) {
	v, err := s.bidData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := v.Bid.Draft.Content
	in := workflow.BidInput{Price: c.Price, Responses: c.Responses, SME: c.SME, Subcontracting: c.Subcontracting, Declaration: c.Declaration, Documents: []string{}}
	for _, d := range c.Documents {
		if d.SHA256 != r.PostFormValue("sha256") {
			in.Documents = append(in.Documents, d.SHA256)
		}
	}
	_, err = s.svc.SaveBid(r.Context(), actorOf(r), pathID(r), lotID(r), in)
	s.bidDone(w, r, "document", nil, "bid_document_removed", err)
}

func (s *Server) bidSubmit(w http.ResponseWriter, r *http.Request) {
	in := workflow.SubmitInput{Commitment: r.PostFormValue("commitment"), KeyID: r.PostFormValue("key_id"), Signature: strings.TrimSpace(r.PostFormValue("signature"))}
	typed := map[string]string{"key_id": in.KeyID, "signature": in.Signature}
	var err error
	if in.Signature == "" {
		err = goumai.Fields{"signature": goumai.M("请对承诺值签名后再递交", "sign the commitment before submitting")}.Err()
	} else {
		_, err = s.svc.SubmitBid(r.Context(), actorOf(r), pathID(r), lotID(r), in)
	}
	s.bidDone(w, r, "submit", typed, "bid_submitted", err)
}

func (s *Server) bidWithdraw(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.WithdrawBid(r.Context(), actorOf(r), pathID(r), lotID(r))
	s.bidDone(w, r, "withdraw", nil, "bid_withdrawn", err)
}

// myBidsPage lists the organisation's bids.
func (s *Server) myBidsPage(w http.ResponseWriter, r *http.Request) {
	a, ctx := actorOf(r), r.Context()
	bids, err := s.svc.MyBids(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type row struct {
		Bid   goumai.Bid
		P     goumai.Procurement
		Lot   goumai.Lot
		Label string
	}
	var rows []row
	for _, b := range bids {
		p, err := s.svc.Procurement(ctx, a, b.ProcurementID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lots, err := s.svc.Lots(ctx, a, p)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rw := row{Bid: b, P: p}
		if i := slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == b.LotID }); i >= 0 {
			rw.Lot = lots[i]
		}
		rows = append(rows, rw)
	}
	slices.SortFunc(rows, func(x, y row) int { return y.Bid.UpdatedAt.Compare(x.Bid.UpdatedAt) })
	s.render(w, r, http.StatusOK, "bids", map[string]any{"Rows": rows})
}

// bidDocumentFile serves a document of the organisation's own bid.
func (s *Server) bidDocumentFile(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.svc.BidDocument(r.Context(), actorOf(r), pathID(r), r.PathValue("sha256"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.Type)
	w.Header().Set("Content-Disposition", `attachment; filename="bid-document`+goumai.FileExt(f.Type)+`"; filename*=UTF-8''`+url.PathEscape(f.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(content)
}

// bidReceiptFile serves the receipt of the organisation's own submitted bid
// as a file (the JSON that goumai log verify-receipt reads): the log leaf of
// its commitment, the inclusion proof and the signed checkpoint.
func (s *Server) bidReceiptFile(w http.ResponseWriter, r *http.Request) {
	rc, err := s.svc.BidReceipt(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bid-%d-receipt.json"`, pathID(r)))
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, http.StatusOK, rc)
}
