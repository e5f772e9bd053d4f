package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The panel pages (issue 9 item 2): a procedure's panel page (counts, the
// draws' records, and for the finance supervisor and the organiser the
// commit, request and reveal forms: the secret is generated in the browser
// with crypto.getRandomValues and only its SHA-256 is sent), the draw record
// sheet's print view (专家抽取记录表, REQ-C14), and the expert's own profile
// and seats.

// panelView is what the panel page shows.
type panelView struct {
	P          goumai.Procurement
	Counts     workflow.PanelCounts
	Supervisor bool               // the actor may act as the finance supervisor
	Organizer  bool               // the actor is the procedure's organiser
	Purchaser  bool               // the actor is the purchaser's procurement staff: seats its representatives
	Parties    []goumai.DrawParty // the parties the actor may act as, for the commit and reveal forms
	Errors     map[string]*goumai.Error
	Forms      map[string]map[string]string
	Done       string
	Base       string // the site's base URL (the configured public URL, else this request's), for goumai log check-draw --log
}

// panelDoneKeys are the messages after a successful post, by ?done=.
var panelDoneKeys = map[string]string{"committed": "panel.done.committed", "requested": "panel.done.requested", "revealed": "panel.done.revealed",
	"representative": "panel.done.representative"}

// drawStatusKeys and seatStatusKeys label a draw's and a seat's status.
var (
	drawStatusKeys = map[goumai.DrawStatus]string{goumai.DrawRequested: "panel.status.requested", goumai.DrawDrawn: "panel.status.drawn", goumai.DrawVoid: "panel.status.void"}
	seatStatusKeys = map[goumai.PanelMemberStatus]string{goumai.PanelActive: "expertpage.seat_active", goumai.PanelRecused: "expertpage.seat_recused"}
)

func init() {
	funcs["drawstatus"] = func(lang string, st goumai.DrawStatus) string { return tr(lang, drawStatusKeys[st]) }
	funcs["seatstatus"] = func(lang string, st goumai.PanelMemberStatus) string { return tr(lang, seatStatusKeys[st]) }
}

func (s *Server) panelData(r *http.Request) (*panelView, error) {
	a, ctx := actorOf(r), r.Context()
	p, err := s.svc.Procurement(ctx, a, pathID(r))
	if err != nil {
		return nil, err
	}
	c, err := s.svc.PanelView(ctx, a, p.ID)
	if err != nil {
		return nil, err
	}
	slices.Reverse(c.Draws) // newest first
	v := &panelView{P: p, Counts: c, Errors: map[string]*goumai.Error{}, Forms: map[string]map[string]string{},
		Supervisor: s.svc.Policy.Can(a, goumai.ActSuperviseDraw, goumai.Target{Region: p.Region}) == nil,
		Organizer:  !a.Anonymous() && s.svc.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.Organizer(), Region: p.Region}) == nil,
		Purchaser:  !a.Anonymous() && s.svc.Policy.Can(a, goumai.ActSeatRepresentative, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil,
		Done:       panelDoneKeys[r.URL.Query().Get("done")], Base: strings.TrimSuffix(s.logPrefix(r), "/log")}
	if v.Supervisor {
		v.Parties = append(v.Parties, goumai.PartySupervisor)
	}
	if v.Organizer {
		v.Parties = append(v.Parties, goumai.PartyOrganizer)
	}
	return v, nil
}

func (s *Server) panelPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.panelData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "panel", map[string]any{"V": v})
}

// panelDone redirects after a successful post, or re-renders the page with the form's error.
func (s *Server) panelDone(w http.ResponseWriter, r *http.Request, form string, typed map[string]string, done string, err error) {
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/procurements/%d/panel?", pathID(r))+url.Values{"done": {done}}.Encode(), http.StatusSeeOther)
		return
	}
	v, verr := s.panelData(r)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	v.Errors[form], v.Forms[form] = goumai.AsError(err), typed
	s.formError(w, r, "panel", map[string]any{"V": v}, err)
}

// panelCommit takes a party's commitment (the hash the page computed).
func (s *Server) panelCommit(party goumai.DrawParty) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, err := s.svc.CommitDraw(r.Context(), actorOf(r), pathID(r), workflow.CommitInput{Party: party, Hash: r.PostFormValue("hash")})
		s.panelDone(w, r, "commit_"+string(party), nil, "committed", err)
	}
}

// panelReveal takes a party's secret for the draw named in the form.
func (s *Server) panelReveal(party goumai.DrawParty) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PostFormValue("draw_id"), 10, 64)
		var err error
		if r.PostFormValue("complete") != "" {
			_, err = s.svc.CompleteDraw(r.Context(), actorOf(r), id, workflow.RevealInput{Party: party})
		} else {
			_, err = s.svc.RevealDraw(r.Context(), actorOf(r), id, workflow.RevealInput{Party: party, Secret: r.PostFormValue("secret")})
		}
		s.panelDone(w, r, "reveal_"+string(party), nil, "revealed", err)
	}
}

// panelRequest takes the organiser's draw request.
func (s *Server) panelRequest(w http.ResponseWriter, r *http.Request) {
	typed := map[string]string{}
	for _, k := range []string{"evaluation_at", "panel_size", "purchaser_reps", "speciality", "technically_complex", "high_social_impact"} {
		typed[k] = r.PostFormValue(k)
	}
	in := workflow.DrawRequestInput{Speciality: typed["speciality"], TechnicallyComplex: typed["technically_complex"] != "", HighSocialImpact: typed["high_social_impact"] != ""}
	f := goumai.Fields{}
	var err error
	if in.EvaluationAt, err = time.ParseInLocation("2006-01-02T15:04", typed["evaluation_at"], goumai.Shanghai); err != nil {
		f.Add("evaluation_at", "请填写评审时间", "give the evaluation's time")
	}
	if in.PanelSize, err = strconv.Atoi(typed["panel_size"]); err != nil {
		f.Add("panel_size", "请填写评审小组人数", "give the panel's size")
	}
	if in.PurchaserReps, err = strconv.Atoi(strings.TrimSpace(typed["purchaser_reps"])); err != nil {
		f.Add("purchaser_reps", "请填写采购人代表人数（没有填0）", "give the purchaser's representatives (0 for none)")
	}
	if err = f.Err(); err == nil {
		_, err = s.svc.RequestDraw(r.Context(), actorOf(r), pathID(r), in)
	}
	s.panelDone(w, r, "request", typed, "requested", err)
}

// panelRepresentative takes the purchaser's representative, by username.
func (s *Server) panelRepresentative(w http.ResponseWriter, r *http.Request) {
	typed := map[string]string{"username": r.PostFormValue("username")}
	_, err := s.svc.SeatRepresentative(r.Context(), actorOf(r), pathID(r), workflow.RepresentativeInput{Username: typed["username"]})
	s.panelDone(w, r, "representative", typed, "representative", err)
}

// drawPrint is the draw record sheet (专家抽取记录表), for print (REQ-C14):
// experts by pool id, never by name (REQ-C16).
func (s *Server) drawPrint(w http.ResponseWriter, r *http.Request) {
	v, err := s.panelData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("draw"), 10, 64)
	i := slices.IndexFunc(v.Counts.Draws, func(d goumai.PanelDraw) bool { return d.ID == id })
	if i < 0 {
		s.fail(w, r, goumai.ErrNotFound("专家抽取", "panel draw"))
		return
	}
	s.render(w, r, http.StatusOK, "panel_draw_print", map[string]any{"V": v, "D": v.Counts.Draws[i]})
}

// expertView is what the expert's own page shows.
type expertView struct {
	E      goumai.Expert
	Seats  []workflow.ExpertSeat
	Form   map[string]string
	Error  *goumai.Error
	Member bool // the actor is in a database
	// Lots are the lots of each procedure shown (from the evaluation day),
	// for the links to the scoring screen.
	Lots map[int64][]goumai.Lot
}

func (s *Server) expertData(r *http.Request) (*expertView, error) {
	a, ctx := actorOf(r), r.Context()
	v := &expertView{}
	e, err := s.svc.MyExpertProfile(ctx, a)
	switch {
	case err == nil:
		v.E, v.Member = e, true
	case goumai.ErrorCode(err) != goumai.ENotFound:
		return nil, err
	}
	if v.Seats, err = s.svc.MySeats(ctx, a); err != nil {
		return nil, err
	}
	v.Lots = map[int64][]goumai.Lot{}
	for _, seat := range v.Seats {
		if seat.ProcurementID != 0 && seat.Status == goumai.PanelActive {
			if v.Lots[seat.ProcurementID], err = s.store.Lots(ctx, seat.ProcurementID); err != nil {
				return nil, err
			}
		}
	}
	v.Form = expertForm(v.E)
	return v, nil
}

func (s *Server) expertPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.expertData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "expert", map[string]any{"V": v})
}

// expertForm writes a profile as the form's text: one code per line, one
// period per line ("from to"), one relation per line ("kind org from [to]").
func expertForm(e goumai.Expert) map[string]string {
	day := func(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02") }
	var un, rel []string
	for _, u := range e.Unavailable {
		un = append(un, day(u.From)+" "+day(u.To))
	}
	for _, x := range e.Relations {
		org := x.CreditCode
		if org == "" {
			org = strconv.FormatInt(x.OrgID, 10)
		}
		line := string(x.Kind) + " " + org + " " + day(x.From)
		if x.To != nil {
			line += " " + day(*x.To)
		}
		rel = append(rel, line)
	}
	return map[string]string{"specialities": strings.Join(e.Specialities, "\n"), "unavailable": strings.Join(un, "\n"),
		"relations": strings.Join(rel, "\n"), "version": strconv.Itoa(e.Version)}
}

// parseExpertForm reads the form's text back into the use case's input.
func parseExpertForm(r *http.Request) (workflow.ProfileInput, map[string]string, error) {
	typed := map[string]string{}
	for _, k := range []string{"specialities", "unavailable", "relations", "version"} {
		typed[k] = r.PostFormValue(k)
	}
	in := workflow.ProfileInput{Specialities: strings.Fields(typed["specialities"]), Unavailable: []goumai.DateRange{}, Relations: []goumai.ExpertRelation{}}
	in.Version, _ = strconv.Atoi(typed["version"])
	day := func(s string) (time.Time, error) { return time.ParseInLocation("2006-01-02", s, goumai.Shanghai) }
	f := goumai.Fields{}
	for _, line := range strings.Split(typed["unavailable"], "\n") {
		p := strings.Fields(line)
		if len(p) == 0 {
			continue
		}
		from, err1 := day(p[0])
		to, err2 := day(p[len(p)-1])
		if len(p) > 2 || err1 != nil || err2 != nil {
			f.Add("unavailable", "每行一个时段：开始日期 结束日期（如 2026-03-04 2026-03-06）", "one period a line: from to (e.g. 2026-03-04 2026-03-06)")
			break
		}
		in.Unavailable = append(in.Unavailable, goumai.DateRange{From: from, To: to})
	}
	for _, line := range strings.Split(typed["relations"], "\n") {
		p := strings.Fields(line)
		if len(p) == 0 {
			continue
		}
		var rel goumai.ExpertRelation
		var err error
		if len(p) < 3 || len(p) > 4 {
			err = fmt.Errorf("fields")
		} else {
			rel.Kind = goumai.RelationKind(p[0])
			if id, e := strconv.ParseInt(p[1], 10, 64); e == nil {
				rel.OrgID = id
			} else {
				rel.CreditCode = p[1]
			}
			rel.From, err = day(p[2])
			if err == nil && len(p) == 4 {
				var to time.Time
				to, err = day(p[3])
				rel.To = &to
			}
		}
		if err != nil {
			f.Add("relations", "每行一条：关系类型 单位编号或统一社会信用代码 开始日期 [结束日期]", "one a line: kind organisation-id-or-credit-code from [to]")
			break
		}
		in.Relations = append(in.Relations, rel)
	}
	return in, typed, f.Err()
}

func (s *Server) expertSave(w http.ResponseWriter, r *http.Request) {
	in, typed, err := parseExpertForm(r)
	if err == nil {
		_, err = s.svc.UpdateMyExpertProfile(r.Context(), actorOf(r), in)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/expert?done=expert_profile", http.StatusSeeOther)
		return
	}
	v, verr := s.expertData(r)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	v.Form, v.Error = typed, goumai.AsError(err)
	s.formError(w, r, "expert", map[string]any{"V": v}, err)
}
