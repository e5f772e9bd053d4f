package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The public notices of procurement part 1 (REQ-C18): the list, each notice
// in its 财办库〔2020〕50号 template with numbered sections, and its print view
// (REQ-C14). Every notice is public; so is the procedure it belongs to.

func init() {
	funcs["nkind"] = func(lang string, k goumai.NoticeKind) string { return k.Label().In(lang) }
	funcs["pstate"] = func(lang string, s goumai.ProcurementStatus) string { return s.Label().In(lang) }
	funcs["preason"] = func(lang string, r goumai.MethodReason) string { return r.Label().In(lang) }
	funcs["peval"] = func(lang string, e goumai.EvaluationMethod) string { return tr(lang, "pub.eval."+string(e)) }
	funcs["pfactor"] = func(lang string, f goumai.ScoringFactor) string { return tr(lang, "pub.factor."+string(f)) }
	funcs["appstatus"] = func(lang string, st goumai.PrequalStatus) string { return tr(lang, "pub.app."+string(st)) }
	funcs["cnum"] = chineseNumber
	funcs["lines"] = func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
	funcs["inc"] = func(i int) int { return i + 1 }
	funcs["derefTime"] = func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	}
}

// chineseNumber is the heading number of the i-th section (0-based) as the
// templates write it: 一, 二, … 十, 十一, ….
func chineseNumber(i int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	n := i + 1
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// noticeSections are the numbered sections of a notice's template
// (财办库〔2020〕50号), in order. The templates of the notices that open a
// procedure have no section for the evaluation standards; 财综〔2013〕111号
// makes them public, so they get their own section before the notice period.
func noticeSections(k goumai.NoticeKind) []string {
	switch k {
	case goumai.NoticeTender:
		return []string{"basic", "quals", "docs_tender", "deadline", "eval", "period", "other", "contact"}
	case goumai.NoticeNonTender:
		return []string{"basic", "quals", "docs", "deadline", "eval", "period", "other", "contact"}
	case goumai.NoticeInvitation:
		return []string{"basic", "invitees", "quals", "docs", "deadline", "eval", "other", "contact"}
	case goumai.NoticePrequal:
		return []string{"basic", "quals", "prequal_docs", "prequal_apply", "eval", "period", "other", "contact"}
	case goumai.NoticeCorrection:
		return []string{"original", "changes", "other", "contact"}
	case goumai.NoticeTermination:
		return []string{"ident", "reason", "other", "contact"}
	case goumai.NoticeSingleSource:
		return []string{"single_info", "supplier", "period", "other", "contact"}
	case goumai.NoticeOpening:
		return []string{"ident", "opening", "check", "contact"}
	case goumai.NoticeFailure:
		return []string{"ident", "failure", "next", "contact"}
	case goumai.NoticeResult:
		return []string{"ident", "winners", "items", "experts", "result_period", "contact"}
	case goumai.NoticeComplaint:
		return []string{"ident", "complaint", "decision", "contact"}
	case goumai.NoticeContract: // REQ-C21
		return []string{"ident", "contract", "contract_items", "contact"}
	case goumai.NoticeAcceptance: // REQ-C22
		return []string{"ident", "acceptance", "acceptance_group", "contact"}
	}
	return []string{"basic", "other", "contact"}
}

// noticePage is what a notice's page and its print view show.
type noticePage struct {
	N          goumai.Notice
	P          goumai.Procurement // the procedure, as the public sees it
	Sections   []string
	RegionName string
	Siblings   []goumai.Notice // the procedure's notices, this one included
	Quantity   string          // the application's quantity and unit
	LogURL     string          // the public log's prefix, for the opening record's check
	Print      bool
}

// noticeData loads a notice and its procedure for display.
func (s *Server) noticeData(r *http.Request) (noticePage, error) {
	var d noticePage
	n, err := s.svc.Notice(r.Context(), pathID(r))
	if err != nil {
		return d, err
	}
	v, err := s.svc.ProcurementView(r.Context(), goumai.Actor{}, n.ProcurementID)
	if err != nil {
		return d, err
	}
	d = noticePage{N: n, P: v.Procurement, Sections: noticeSections(n.Kind), RegionName: s.store.Regions().FullName(v.Region), Siblings: v.Notices,
		LogURL: s.logPrefix(r)}
	if pr, err := s.svc.Project(r.Context(), goumai.Actor{}, v.ProjectID); err == nil {
		d.Quantity = strconv.FormatInt(pr.Quantity, 10) + " " + pr.QuantityUnit
	}
	return d, nil
}

// noticePage shows one notice in its template.
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request) {
	d, err := s.noticeData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notice", d)
}

// noticePrint is a notice's print view: A4, no navigation, the notice's title
// and number in the page header (REQ-C14).
func (s *Server) noticePrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.noticeData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Print = true
	s.render(w, r, http.StatusOK, "notice_print", d)
}

// noticeList lists the published notices, newest first: kind and region
// narrow it, before= pages.
func (s *Server) noticeList(w http.ResponseWriter, r *http.Request) {
	f, err := s.noticeFilter(r)
	if err == nil {
		f.BeforeID, err = optionalInt(r, "before")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = 30
	list, err := s.svc.Notices(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notice_list", map[string]any{"List": list, "Kind": f.Kind, "Kinds": goumai.NoticeKinds,
		"Region": f.Region, "RegionName": s.store.Regions().FullName(f.Region), "Procurements": s.noticeProcurements(r, list.Notices),
		"Export": exportLinks("/notices", r.URL.Query())})
}

// noticeFilter reads the notice list's filters (not its page).
func (s *Server) noticeFilter(r *http.Request) (sqlstore.NoticeFilter, error) {
	f := sqlstore.NoticeFilter{Kind: goumai.NoticeKind(strings.TrimSpace(r.URL.Query().Get("kind")))}
	var err error
	if f.Kind != "" && !slices.Contains(goumai.NoticeKinds, f.Kind) {
		err = goumai.Fields{"kind": goumai.M("未知的公告类型", "unknown kind of notice")}.Err()
	}
	if err == nil {
		f.Region, err = s.listRegion(r)
	}
	return f, err
}

// noticeProcurements are the notices' procedures, as the public sees them.
func (s *Server) noticeProcurements(r *http.Request, notices []goumai.Notice) map[int64]goumai.Procurement {
	out := map[int64]goumai.Procurement{}
	for _, n := range notices {
		if _, ok := out[n.ProcurementID]; !ok {
			if p, err := s.svc.Procurement(r.Context(), goumai.Actor{}, n.ProcurementID); err == nil {
				out[n.ProcurementID] = p
			}
		}
	}
	return out
}

// noticeExport is the notice list's download: every page, the page's columns.
func (s *Server) noticeExport(r *http.Request, lang string) (exportTable, error) {
	t := exportTable{Header: []string{tr(lang, "pub.published"), tr(lang, "pub.kind"), tr(lang, "pub.notice_title"), tr(lang, "pub.code")}}
	f, err := s.noticeFilter(r)
	if err != nil {
		return t, err
	}
	f.Limit = 200
	var all []goumai.Notice
	for {
		list, err := s.svc.Notices(r.Context(), f)
		if err != nil {
			return t, err
		}
		all = append(all, list.Notices...)
		if list.Next == 0 || len(all) > listExportMax {
			break
		}
		f.BeforeID = list.Next
	}
	if len(all) > listExportMax {
		all, t.Cut = all[:listExportMax], true
	}
	procs := s.noticeProcurements(r, all)
	for _, n := range all {
		t.Rows = append(t.Rows, []string{exportTime(n.PublishedAt), n.Kind.Label().In(lang), n.Title, procs[n.ProcurementID].Code})
	}
	return t, nil
}

// disclosure is what a notice or a procedure's page discloses of the
// procedure (the founding notice's duties), for the blocks of _notices.html
// both share: one shape, filled from a notice's body as it was published or
// from the procedure as it stands.
type disclosure struct {
	Lang        string
	Code        string // the procedure's
	ProjectCode string
	ProjectID   int64
	ProcID      int64
	Title       string
	Method      goumai.ProcurementMethod
	Docs        goumai.Documents
	Lots        []goumai.Lot
	Periods     goumai.Periods
	Purchaser   string
	Agency      string
	// The purchaser's and agency's address and telephone as published.
	PurchaserContact, AgencyContact goumai.OrgContact
	RegionName                      string
	Quantity                        string // the application's quantity and unit, when known
	Invited                         []string
	SoleSupplier                    string
}

// Budget sums the lots' budgets.
func (d disclosure) Budget() goumai.Fen {
	var sum goumai.Fen
	for _, l := range d.Lots {
		sum += l.Budget
	}
	return sum
}

// SME reports whether a lot is reserved for small and medium enterprises.
func (d disclosure) SME() bool {
	return slices.ContainsFunc(d.Lots, func(l goumai.Lot) bool { return l.SMEReserved })
}

// Disclosure is the notice's body as it was published.
func (n noticePage) Disclosure(lang string) disclosure {
	b := n.N.Body
	return disclosure{Lang: lang, Code: b.ProcurementCode, ProjectCode: b.ProjectCode, ProjectID: n.P.ProjectID, ProcID: n.P.ID, Title: n.P.Title,
		Method: b.Method, Docs: b.Documents, Lots: b.Lots, Periods: b.Periods, Purchaser: b.Purchaser, Agency: b.Agency,
		PurchaserContact: b.PurchaserContact, AgencyContact: b.AgencyContact, RegionName: n.RegionName, Quantity: n.Quantity, Invited: b.Invited, SoleSupplier: b.SoleSupplier}
}
