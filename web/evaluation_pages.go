package web

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// The evaluation pages (评审, issue 9 item 3): a panel member's scoring
// screen — one lot, a table of the bids that passed review by the scored
// items, each cell an input limited to the item's range (a choice of the
// ranges' points for a range-type item) with its reason — and the print
// view of the evaluation report (REQ-C14). Experts are named by seat only
// (REQ-C16: names stay confidential until the result notice).

func init() {
	funcs["points"] = func(s goumai.Score) string { return s.String() }
}

// scoreItem is a scored item of the documents as the screen shows it.
type scoreItem struct {
	Index  int
	Item   goumai.ScoringItem
	Step   string // the input's step: whole points, or 0.0001
	Ranges []int  // a range-type item's points, best first
}

// scoreRow is one bid of the screen with the member's current scores.
type scoreRow struct {
	Bid     goumai.OpenedBid
	Points  map[int]string // by item index
	Reasons map[int]string
	Error   *goumai.Error
	Errs    map[int]goumai.Msg // a refused save's problems, by item index, shown at the field
}

// scoreView is the scoring screen.
type scoreView struct {
	V     workflow.EvaluationView
	Lot   goumai.Lot
	Items []scoreItem
	Rows  []scoreRow
}

// scoreData reads the screen of the lot in the path for the actor's seat:
// 403 for anyone without one.
func (s *Server) scoreData(r *http.Request) (*scoreView, error) {
	v, err := s.svc.Evaluation(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return nil, err
	}
	if v.Seat == nil {
		return nil, goumai.Errorf(goumai.EForbidden, "只有本项目评审小组的成员可以评分", "only the procedure's panel members score")
	}
	sv := &scoreView{V: v}
	i := slices.IndexFunc(v.Lots, func(l goumai.Lot) bool { return l.ID == pathInt(r, "lot") })
	if i < 0 {
		return nil, goumai.ErrNotFound("采购包", "lot")
	}
	sv.Lot = v.Lots[i]
	for i, it := range v.Procurement.Documents.Scoring {
		if it.Factor == goumai.FactorPrice {
			continue
		}
		si := scoreItem{Index: i, Item: it, Step: "0.0001"}
		for _, rg := range it.Ranges {
			si.Ranges = append(si.Ranges, rg.Points)
		}
		sv.Items = append(sv.Items, si)
	}
	for _, b := range v.Bids {
		if b.LotID != sv.Lot.ID || !slices.Contains(v.Passed, b.ID) {
			continue
		}
		row := scoreRow{Bid: b, Points: map[int]string{}, Reasons: map[int]string{}}
		for _, sc := range v.Scores {
			if sc.OpenedBidID == b.ID && sc.MemberID == v.Seat.ID {
				row.Points[sc.Item], row.Reasons[sc.Item] = sc.Score.String(), sc.Reason
			}
		}
		sv.Rows = append(sv.Rows, row)
	}
	return sv, nil
}

func scorePath(procurementID, lotID int64) string {
	return fmt.Sprintf("/staff/procurements/%d/evaluation/lots/%d/score", procurementID, lotID)
}

// evalScorePage shows the scoring screen.
func (s *Server) evalScorePage(w http.ResponseWriter, r *http.Request) {
	sv, err := s.scoreData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "eval_score", map[string]any{"S": sv})
}

// evalScoreSave saves one row of the screen (one bid): the items given, all
// or nothing; an error re-renders the screen with the row as typed.
func (s *Server) evalScoreSave(w http.ResponseWriter, r *http.Request) {
	bidID := pathInt(r, "bid")
	p, err := s.svc.Procurement(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.ScoreInput
	var items []int // the item index of each entry of in.Scores
	typed, reasons := map[int]string{}, map[int]string{}
	for i, it := range p.Documents.Scoring {
		pts := r.PostFormValue("points_" + strconv.Itoa(i))
		if it.Factor == goumai.FactorPrice || pts == "" {
			continue
		}
		typed[i], reasons[i] = pts, r.PostFormValue("reason_"+strconv.Itoa(i))
		in.Scores = append(in.Scores, workflow.ScoreEntry{Item: it.Name, Points: pts, Reason: reasons[i]})
		items = append(items, i)
	}
	_, err = s.svc.ScoreBid(r.Context(), actorOf(r), p.ID, bidID, in)
	if err == nil {
		http.Redirect(w, r, scorePath(p.ID, pathInt(r, "lot"))+"?done=scored"+"#bid-"+strconv.FormatInt(bidID, 10), http.StatusSeeOther)
		return
	}
	sv, verr := s.scoreData(r)
	if verr != nil {
		s.fail(w, r, err)
		return
	}
	for i := range sv.Rows {
		if sv.Rows[i].Bid.ID == bidID {
			sv.Rows[i].Points, sv.Rows[i].Reasons, sv.Rows[i].Error = typed, reasons, goumai.AsError(err)
			sv.Rows[i].Errs = scoreFieldErrors(sv.Rows[i].Error, items)
		}
	}
	s.formError(w, r, "eval_score", map[string]any{"S": sv}, err)
}

// scoreFieldErrors places a refused save's field problems (scores.N.points,
// scores.N.reason: N the entry) at the items' cells.
func scoreFieldErrors(e *goumai.Error, items []int) map[int]goumai.Msg {
	out := map[int]goumai.Msg{}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		m := e.Fields[k]
		var n int
		var part string
		if _, err := fmt.Sscanf(strings.ReplaceAll(k, ".", " "), "scores %d %s", &n, &part); err == nil && n >= 0 && n < len(items) {
			if old, ok := out[items[n]]; ok {
				m = goumai.M(old.ZH+"；"+m.ZH, old.EN+"; "+m.EN)
			}
			out[items[n]] = m
		}
	}
	return out
}

// reportView is the report's print view.
type reportView struct {
	V      workflow.EvaluationView
	R      goumai.EvaluationReport
	Lots   map[int64]goumai.Lot
	Bids   map[int64]goumai.OpenedBid
	Seats  map[int64]int // a member's seat number (1, 2, …), never the name (REQ-C16)
	Reason string        // the re-evaluation's ground, as O87 Art. 64 words it
}

// evalReportPrint shows the latest evaluation report for printing (REQ-C14):
// its insiders and panel only (Evaluation); 404 before any report.
func (s *Server) evalReportPrint(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Evaluation(r.Context(), actorOf(r), pathID(r))
	if err == nil && len(v.Reports) == 0 {
		err = goumai.ErrNotFound("评审报告", "evaluation report")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rv := reportView{V: v, R: v.Reports[len(v.Reports)-1], Lots: map[int64]goumai.Lot{}, Bids: map[int64]goumai.OpenedBid{}, Seats: map[int64]int{}}
	for _, l := range v.Lots {
		rv.Lots[l.ID] = l
	}
	for _, b := range v.Bids {
		rv.Bids[b.ID] = b
	}
	for i, m := range v.Members {
		rv.Seats[m.ID] = i + 1
	}
	if rv.R.Reason != "" {
		rv.Reason = rules.ReevaluationReason(rv.R.Reason).Label().In(infoOf(r).lang)
	}
	s.render(w, r, http.StatusOK, "eval_report_print", rv)
}
