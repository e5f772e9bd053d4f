package workflow

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// The verifiable expert draw (ENG-F3, issue 9 item 2). Before the request a
// finance supervisor of the procedure's region and the organiser each commit
// to a secret (only its SHA-256 is sent and logged). The organiser's request
// logs the pool snapshot (the eligible experts after exclusions, with each
// exclusion's reason), the panel size and the two commitments; right after it
// the log signs a checkpoint over the request's leaf, before any reveal is
// taken. The seed is SHA-256(that checkpoint's root ‖ the revealed secrets ‖
// the request's leaf hash) and the experts are rules.DrawPanel(seed, pool,
// count): anyone re-runs it from the log (goumai log check-draw). A party that
// never reveals: after RevealBy the draw uses the revealed secret alone; with
// none revealed it is void and a new request with new commitments is needed.

// DrawWindowWD is how early a draw may be: no earlier than 2 working days
// before the evaluation (REQ-C16, 财库〔2016〕198号).
const DrawWindowWD = 2

// RevealWindow is how long the parties have to reveal after the request.
const RevealWindow = 2 * time.Hour

// CommitInput is a party's commitment: the hex SHA-256 of a 32-byte secret
// the party generated and keeps (the browser does it with crypto.getRandomValues).
type CommitInput struct {
	Party goumai.DrawParty `json:"party"`
	Hash  string           `json:"hash"`
}

// CommitDraw logs a party's commitment for the procedure's next draw request
// (replacing its unused one, if any):
// the supervisor is a finance department's staff of the procedure's region or
// above (ActSuperviseDraw), the organiser its organiser (ActRunProcurement).
func (s *Service) CommitDraw(ctx context.Context, a goumai.Actor, procurementID int64, in CommitInput) (goumai.DrawCommitment, error) {
	c := goumai.DrawCommitment{ProcurementID: procurementID, Party: in.Party, OrgID: a.Org.ID, UserID: a.UserID, Hash: strings.ToLower(strings.TrimSpace(in.Hash))}
	if !rules.ValidHash(c.Hash) {
		return c, goumai.Fields{"hash": goumai.M("承诺值应为64位十六进制的SHA-256值", "the commitment is a SHA-256 in 64 hex digits")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.drawProcedure(ctx, tx, a, procurementID, in.Party)
		if err != nil {
			return err
		}
		// A party may commit again before the request: the newer commitment
		// replaces its unused one, which stays in the log.
		if old, err := tx.SupersedeCommitment(ctx, p.ID, in.Party); err == nil {
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.commit_replace", Table: "draw_commitments", Key: old, Region: p.Region, Public: true}); err != nil {
				return err
			}
		} else if goumai.ErrorCode(err) != goumai.ENotFound {
			return err
		}
		if c.ID, err = tx.InsertDrawCommitment(ctx, c); err != nil {
			return err
		}
		c.CommittedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.commit", Table: "draw_commitments", Key: c.ID, Region: p.Region, Public: true})
		return err
	})
	return c, err
}

// drawProcedure locks and reads the procedure and checks that the actor acts
// as the party, in a state where a panel is drawn.
func (s *Service) drawProcedure(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64, party goumai.DrawParty) (goumai.Procurement, error) {
	if err := tx.Lock(ctx, "procurements", id); err != nil {
		return goumai.Procurement{}, err
	}
	p, err := tx.Procurement(ctx, id)
	if err != nil {
		return p, err
	}
	if err := s.canSeeProcurement(a, p); err != nil {
		return p, err
	}
	switch party {
	case goumai.PartySupervisor:
		err = s.Policy.Can(a, goumai.ActSuperviseDraw, goumai.Target{Region: p.Region})
	case goumai.PartyOrganizer:
		err = s.organizer(a, p)
	default:
		return p, goumai.Fields{"party": goumai.M("应为 supervisor（财政监督）或 organizer（组织方）", "supervisor or organizer")}.Err()
	}
	if err != nil {
		return p, err
	}
	if p.Status != goumai.ProcTendering && p.Status != goumai.ProcClosed && p.Status != goumai.ProcEvaluation {
		return p, goumai.Errorf(goumai.EConflict, "采购项目当前状态（"+p.Status.Label().ZH+"）不抽取评审专家", "no panel is drawn for a procedure in its state ("+p.Status.Label().EN+")")
	}
	return p, nil
}

// DrawRequestInput is the organiser's request for a panel.
type DrawRequestInput struct {
	EvaluationAt       time.Time `json:"evaluation_at"`
	PanelSize          int       `json:"panel_size"`     // members in all (ENG-F1/F2)
	PurchaserReps      int       `json:"purchaser_reps"` // the purchaser's representatives, counted in the size
	Speciality         string    `json:"speciality"`     // a catalogue category code
	TechnicallyComplex bool      `json:"technically_complex"`
	HighSocialImpact   bool      `json:"high_social_impact"`
	ReplacesMemberID   int64     `json:"replaces_member_id,omitempty"` // a recused member this draw replaces
}

// RequestDraw logs a draw's request (ENG-F3): the panel checked by ENG-F1/F2,
// no earlier than DrawWindowWD working days before the evaluation, with both
// parties' commitments made before it; the experts still needed are drawn
// from the eligible pool once the secrets are revealed. A checkpoint is
// signed over the request before anyone can reveal.
func (s *Service) RequestDraw(ctx context.Context, a goumai.Actor, procurementID int64, in DrawRequestInput) (goumai.PanelDraw, error) {
	d := goumai.PanelDraw{ProcurementID: procurementID, EvaluationAt: in.EvaluationAt, Speciality: strings.TrimSpace(in.Speciality),
		PanelSize: in.PanelSize, PurchaserReps: in.PurchaserReps, ReplacesMemberID: in.ReplacesMemberID, RequestedBy: a.UserID}
	f := goumai.Fields{}
	if in.EvaluationAt.IsZero() {
		f.Add("evaluation_at", "请填写评审时间", "give the evaluation's time")
	}
	if d.Speciality == "" || len(d.Speciality) > 40 {
		f.Add("speciality", "请填写评审专业（目录分类编码）", "give the speciality (a catalogue category code)")
	}
	if err := f.Err(); err != nil {
		return d, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.drawProcedure(ctx, tx, a, procurementID, goumai.PartyOrganizer)
		if err != nil {
			return err
		}
		d.Region = p.Region
		if err := s.drawWindow(ctx, tx, in.EvaluationAt); err != nil {
			return err
		}
		members, err := tx.PanelMembers(ctx, p.ID)
		if err != nil {
			return err
		}
		spec := rules.PanelSpec{Method: p.Method, Budget: p.Amount, TechnicallyComplex: in.TechnicallyComplex, HighSocialImpact: in.HighSocialImpact,
			Size: in.PanelSize, PurchaserReps: in.PurchaserReps, SupervisorConsent: true}
		seated, err := s.checkPanel(ctx, tx, p, members, &spec)
		if err != nil {
			return err
		}
		if d.Count = spec.Experts() - seated; d.Count < 1 {
			return goumai.Errorf(goumai.EConflict, "评审小组的专家已经满员", "the panel has all its experts")
		}
		if in.ReplacesMemberID != 0 && !slices.ContainsFunc(members, func(m goumai.PanelMember) bool {
			return m.ID == in.ReplacesMemberID && m.Status == goumai.PanelRecused
		}) {
			return goumai.Fields{"replaces_member_id": goumai.M("被替换的应为本项目已回避的评审小组成员", "the member replaced is a recused member of this panel")}.Err()
		}
		sup, err := tx.UnusedCommitment(ctx, p.ID, goumai.PartySupervisor)
		if err == nil {
			var org goumai.DrawCommitment
			if org, err = tx.UnusedCommitment(ctx, p.ID, goumai.PartyOrganizer); err == nil {
				d.SupervisorCommitID, d.SupervisorHash, d.OrganizerCommitID, d.OrganizerHash = sup.ID, sup.Hash, org.ID, org.Hash
			}
		}
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-F3", Message: goumai.M(
				"申请抽取前，财政监督人员和组织方须各自登记秘密值的承诺值（ENG-F3）", "before the request, the finance supervisor and the organiser each commit to a secret (ENG-F3)")}
		} else if err != nil {
			return err
		}
		if d.Pool, d.Exclusions, err = s.drawPool(ctx, tx, p, d.Speciality, in.EvaluationAt, members); err != nil {
			return err
		}
		if len(d.Pool) < d.Count {
			return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-F3", Message: goumai.M(
				fmt.Sprintf("专家库中符合条件的专家只有%d名，不足抽取%d名", len(d.Pool), d.Count),
				fmt.Sprintf("the pool has %d eligible experts, fewer than the %d to draw", len(d.Pool), d.Count))}
		}
		d.RevealBy = tx.Now().Add(RevealWindow)
		if d.ID, err = tx.InsertDraw(ctx, d); err != nil {
			return err
		}
		d.Status, d.RequestedAt = goumai.DrawRequested, tx.Now()
		for _, c := range []int64{d.SupervisorCommitID, d.OrganizerCommitID} {
			if err := tx.UseCommitment(ctx, c, d.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.commit_use", Table: "draw_commitments", Key: c, Region: p.Region, Public: true}); err != nil {
				return err
			}
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.request", Table: "panel_draws", Key: d.ID, Region: p.Region, Public: true})
		return err
	})
	if err != nil {
		return d, err
	}
	// The checkpoint over the request, signed before any reveal is taken
	// (RevealDraw signs it too if this one failed).
	_, err = s.Store.Checkpoint(ctx)
	return d, err
}

// drawWindow refuses a draw earlier than DrawWindowWD working days before the
// evaluation, or after it (REQ-C16).
func (s *Service) drawWindow(ctx context.Context, tx *sqlstore.Tx, eval time.Time) error {
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return err
	}
	if !tx.Now().Before(eval) {
		return goumai.Fields{"evaluation_at": goumai.M("评审时间应在抽取之后", "the evaluation comes after the draw")}.Err()
	}
	n, err := cal.WorkingDaysBetweenChecked(tx.Now(), eval)
	if err != nil {
		return err
	}
	if n > DrawWindowWD {
		return &goumai.Error{Code: goumai.EConflict, Rule: "REQ-C16", Message: goumai.M(
			fmt.Sprintf("抽取评审专家的时间不得早于评审活动开始前%d个工作日（财库〔2016〕198号）；距评审还有%d个工作日", DrawWindowWD, n),
			fmt.Sprintf("experts are drawn no earlier than %d working days before the evaluation (财库〔2016〕198号); it is %d working days away", DrawWindowWD, n))}
	}
	return nil
}

// drawPool returns the eligible experts (ascending ids) of the databases of
// the procedure's province and the nation who cover the speciality, and the
// excluded ones with their reasons: unavailable on the day, already on or
// recused from this panel, or a conflict (ENG-F4) toward the purchaser, the
// agency or a bidder known at the time (the opened bids' bidders).
func (s *Service) drawPool(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, speciality string, eval time.Time,
	members []goumai.PanelMember) ([]int64, []goumai.DrawExclusion, error) {
	experts, err := tx.Experts(ctx, s.expertDatabases(p.Region))
	if err != nil {
		return nil, nil, err
	}
	bidders, err := s.bidders(ctx, tx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	pool, excl := []int64{}, []goumai.DrawExclusion{}
	for _, e := range experts {
		if !e.Active || !e.HasSpeciality(speciality) {
			continue
		}
		reason, rule := "", ""
		if i := slices.IndexFunc(members, func(m goumai.PanelMember) bool { return m.UserID == e.UserID }); i >= 0 {
			reason, rule = "seated", "ENG-F3"
			if members[i].Status == goumai.PanelRecused {
				reason, rule = "recused", "ENG-F4"
			}
		} else if !e.Available(eval) {
			reason, rule = "unavailable", "ENG-F3"
		} else if c, bad, err := s.conflictOf(ctx, tx, e, p, bidders); err != nil {
			return nil, nil, err
		} else if bad {
			reason, rule = c.Reason, "ENG-F4"
		}
		if reason != "" {
			excl = append(excl, goumai.DrawExclusion{ExpertID: e.ID, Rule: rule, Reason: reason})
			continue
		}
		pool = append(pool, e.ID)
	}
	slices.Sort(pool)
	return pool, excl, nil
}

// expertDatabases are the databases a procedure draws from: its province's and the national one.
func (s *Service) expertDatabases(region string) []string {
	out := []string{goumai.NationalCode}
	for _, g := range s.Policy.Regions.Path(region) {
		if g.Level == goumai.LevelProvince {
			out = append(out, g.Code)
		}
	}
	return out
}

// bidders are the procedure's bidders known so far: those of its opened bids.
func (s *Service) bidders(ctx context.Context, tx *sqlstore.Tx, procurementID int64) ([]rules.Bidder, error) {
	opened, err := tx.OpenedBids(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	var out []rules.Bidder
	for _, o := range opened {
		if slices.ContainsFunc(out, func(b rules.Bidder) bool { return b.OrgID == o.OrgID }) {
			continue
		}
		org, err := tx.Org(ctx, o.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, rules.Bidder{OrgID: org.ID, CreditCode: org.CreditCode})
	}
	return out, nil
}

// conflictOf applies ENG-F4 to an expert toward the procedure's purchaser,
// agency and the bidders given, at the transaction's time.
func (s *Service) conflictOf(ctx context.Context, tx *sqlstore.Tx, e goumai.Expert, p goumai.Procurement, bidders []rules.Bidder) (rules.Conflict, bool, error) {
	ms, err := tx.UserMemberships(ctx, e.UserID)
	if err != nil {
		return rules.Conflict{}, false, err
	}
	var orgs []int64
	for _, m := range ms {
		orgs = append(orgs, m.OrgID)
	}
	c, bad := rules.FindConflict(rules.ConflictCheck{Relations: e.Relations, MemberOrgs: orgs, PurchaserOrgID: p.PurchaserOrgID,
		AgencyOrgID: p.AgencyOrgID, Bidders: bidders, At: tx.Now()})
	return c, bad, nil
}

// RevealInput is a party's secret, revealed after the request.
type RevealInput struct {
	Party  goumai.DrawParty `json:"party"`
	Secret string           `json:"secret"` // 64 hex digits
}

// RevealDraw takes a party's secret for a requested draw: it must hash to
// the party's logged commitment (ENG-F3). The second reveal draws at once.
func (s *Service) RevealDraw(ctx context.Context, a goumai.Actor, drawID int64, in RevealInput) (goumai.PanelDraw, error) {
	secret := strings.ToLower(strings.TrimSpace(in.Secret))
	h, err := rules.CommitHash(secret)
	if err != nil {
		return goumai.PanelDraw{}, err
	}
	// The checkpoint over the request is signed before a reveal is stored
	// (RequestDraw signs it; this is the fallback when that failed).
	if _, err := s.Store.Draw(ctx, drawID); err != nil {
		return goumai.PanelDraw{}, err
	}
	if _, _, err := s.requestCheckpoint(ctx, drawID); goumai.ErrorCode(err) == goumai.ENotFound {
		if _, err := s.Store.Checkpoint(ctx); err != nil {
			return goumai.PanelDraw{}, err
		}
	}
	var d goumai.PanelDraw
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var p goumai.Procurement
		if d, p, err = s.lockDraw(ctx, tx, a, drawID, in.Party); err != nil {
			return err
		}
		want, have := d.OrganizerHash, &d.OrganizerSecret
		if in.Party == goumai.PartySupervisor {
			want, have = d.SupervisorHash, &d.SupervisorSecret
		}
		if *have != "" {
			return goumai.Errorf(goumai.EConflict, "该方的秘密值已经公开", "this party's secret is revealed already")
		}
		if h != want {
			return &goumai.Error{Code: goumai.EInvalid, Rule: "ENG-F3", Message: goumai.M(
				"公开的秘密值与抽取申请前登记的承诺值不符（ENG-F3）", "the revealed secret does not match the commitment logged before the request (ENG-F3)")}
		}
		if err := tx.RevealDrawSecret(ctx, d.ID, in.Party, secret); err != nil {
			return err
		}
		*have = secret
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.reveal", Table: "panel_draws", Key: d.ID, Region: d.Region, Public: true}); err != nil {
			return err
		}
		if d.SupervisorSecret != "" && d.OrganizerSecret != "" {
			return s.runDraw(ctx, tx, a, &d, p)
		}
		return nil
	})
	return d, err
}

// CompleteDraw draws after the reveal deadline with the secret revealed
// (either party may ask); with none revealed the draw is void. A draw already
// made is never re-run.
func (s *Service) CompleteDraw(ctx context.Context, a goumai.Actor, drawID int64, in RevealInput) (goumai.PanelDraw, error) {
	var d goumai.PanelDraw
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var p goumai.Procurement
		var err error
		if d, p, err = s.lockDraw(ctx, tx, a, drawID, in.Party); err != nil {
			return err
		}
		if tx.Now().Before(d.RevealBy) {
			return goumai.Errorf(goumai.EConflict, "双方公开秘密值的期限（"+d.RevealBy.In(goumai.Shanghai).Format("2006-01-02 15:04")+"）未到",
				"the parties may reveal until "+d.RevealBy.In(goumai.Shanghai).Format("2006-01-02 15:04"))
		}
		if d.SupervisorSecret == "" && d.OrganizerSecret == "" {
			d.Status = goumai.DrawVoid
			if err := tx.FinishDraw(ctx, d); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.void", Table: "panel_draws", Key: d.ID, Region: d.Region, Public: true})
			return err
		}
		return s.runDraw(ctx, tx, a, &d, p)
	})
	return d, err
}

// errRedraw refuses a second draw of one request.
func errRedraw() error {
	return &goumai.Error{Code: goumai.EConflict, Rule: "ENG-F3", Message: goumai.M(
		"该申请已经抽取，不能重新抽取以另得一组专家（ENG-F3）", "this request was drawn already: a draw is never re-run to get another panel (ENG-F3)")}
}

// lockDraw locks the draw's procedure and reads the draw, still requested,
// for a party of it.
func (s *Service) lockDraw(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, drawID int64, party goumai.DrawParty) (goumai.PanelDraw, goumai.Procurement, error) {
	d, err := tx.Draw(ctx, drawID)
	if err != nil {
		return d, goumai.Procurement{}, err
	}
	p, err := s.drawProcedure(ctx, tx, a, d.ProcurementID, party)
	if err != nil {
		return d, p, err
	}
	if d, err = tx.Draw(ctx, drawID); err != nil {
		return d, p, err
	}
	if d.Status != goumai.DrawRequested {
		return d, p, errRedraw()
	}
	return d, p, nil
}

// requestCheckpoint returns the request's leaf hash and the root of the first
// signed checkpoint over it (ENotFound while none is signed).
func (s *Service) requestCheckpoint(ctx context.Context, drawID int64) (translog.Hash, translog.Checkpoint, error) {
	var cp translog.Checkpoint
	es, err := s.Store.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "panel_draws", ObjectID: strconv.FormatInt(drawID, 10), Limit: 100})
	if err != nil {
		return translog.Hash{}, cp, err
	}
	i := slices.IndexFunc(es, func(e goumai.Event) bool { return e.Action == "panel.request" })
	if i < 0 {
		return translog.Hash{}, cp, goumai.ErrNotFound("抽取申请", "draw request")
	}
	note, err := s.Store.FirstCheckpointAfter(ctx, es[i].ID)
	if err != nil {
		return translog.Hash{}, cp, err
	}
	v, err := translog.NewVerifier(s.Store.VerifierKey())
	if err != nil {
		return translog.Hash{}, cp, err
	}
	if cp, err = translog.ParseCheckpoint(note, v); err != nil {
		return translog.Hash{}, cp, err
	}
	return translog.LeafHash(es[i].LeafData()), cp, nil
}

// runDraw computes the seed, draws and seats the experts, and logs the
// result, in the caller's transaction.
func (s *Service) runDraw(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, d *goumai.PanelDraw, p goumai.Procurement) error {
	leaf, cp, err := s.requestCheckpoint(ctx, d.ID)
	if err != nil {
		return err
	}
	seed, err := rules.DrawSeed(cp.Root, leaf, d.SupervisorSecret, d.OrganizerSecret)
	if err != nil {
		return err
	}
	d.Status, d.Seed, d.Checkpoint = goumai.DrawDrawn, hex.EncodeToString(seed[:]), cp.Size
	d.Drawn = rules.DrawPanel(seed, d.Pool, d.Count)
	if err := tx.FinishDraw(ctx, *d); err != nil {
		return err
	}
	now := tx.Now()
	d.DrawnAt = &now
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.draw", Table: "panel_draws", Key: d.ID, Region: d.Region, Public: true}); err != nil {
		return err
	}
	for _, id := range d.Drawn {
		e, err := tx.Expert(ctx, id)
		if err != nil {
			return err
		}
		if err := s.seat(ctx, tx, a, p, &goumai.PanelMember{ProcurementID: p.ID, UserID: e.UserID, Kind: goumai.PanelExpert, DrawID: d.ID}); err != nil {
			return err
		}
	}
	return nil
}

// seat seats a member; the event is private, for names are secret until the result notice (REQ-C16).
func (s *Service) seat(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, m *goumai.PanelMember) error {
	var err error
	if m.ID, err = tx.InsertPanelMember(ctx, *m); err != nil {
		return err
	}
	m.Status, m.JoinedAt = goumai.PanelActive, tx.Now()
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.seat", Table: "panel_members", Key: m.ID, Region: p.Region})
	return err
}
