package workflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Follow-up of red flags (issue 12 item 2; goumai.RedFlagCase): the auditors
// and finance department of a region read the flags of its subtree and follow
// them up — send one to the purchaser for an explanation within working
// days, or open it as an inspection — and record the outcome. The purchaser
// sees a flag on its processes once sent to it and answers with text and
// attachments. The public sees the closed cases. Each step is one
// transaction: the case, its audit event and the log leaf (public once the
// case is closed).

// Limits of a case's request.
const (
	MinRedFlagDays = 1
	MaxRedFlagDays = 30 // working days the purchaser may be given to explain
	// DefaultRedFlagDays is the usual time to explain (5 working days).
	DefaultRedFlagDays = 5
)

// RedFlagSend is a flag sent to the purchaser for an explanation.
type RedFlagSend struct {
	Request string `json:"request"` // what the purchaser must explain
	Days    int    `json:"days"`    // working days to answer
}

// RedFlagInspect opens an inspection of a flag (version 0 for a flag
// without a case).
type RedFlagInspect struct {
	Version  int    `json:"version"`
	Findings string `json:"findings"` // what the inspection is to look at, or found
}

// RedFlagAnswer is the purchaser's explanation.
type RedFlagAnswer struct {
	Version int      `json:"version"`
	Answer  string   `json:"answer"`
	Files   []Upload `json:"files"`
}

// RedFlagClose records a case's outcome with the auditing side's opinion.
type RedFlagClose struct {
	Version int    `json:"version"`
	Outcome string `json:"outcome"` // justified, corrected or referred
	Opinion string `json:"opinion"` // 意见
}

// RedFlagScope is what an actor reads of the red flags: a subtree (the
// auditors and finance staff), its own purchaser's flags sent to it, or the
// closed cases (the public, and everyone else).
type RedFlagScope struct {
	Region         string `json:"region,omitempty"`
	PurchaserOrgID int64  `json:"purchaser_org_id,omitempty"`
	Follower       bool   `json:"follower"`    // may send, inspect and close in Region
	Purchaser      bool   `json:"purchaser"`   // may answer for PurchaserOrgID
	PublicOnly     bool   `json:"public_only"` // sees closed cases only
}

// RedFlagScopeOf returns what a reads.
func (s *Service) RedFlagScopeOf(a goumai.Actor) RedFlagScope {
	if !a.Anonymous() && a.Org.Region != "" && s.Policy.Can(a, goumai.ActFollowRedFlags, goumai.Target{Region: a.Org.Region}) == nil {
		return RedFlagScope{Region: a.Org.Region, Follower: true}
	}
	if !a.Anonymous() && s.Policy.Can(a, goumai.ActAnswerRedFlag, goumai.Target{OrgID: a.Org.ID}) == nil {
		return RedFlagScope{PurchaserOrgID: a.Org.ID, Purchaser: true}
	}
	return RedFlagScope{PublicOnly: true}
}

// RedFlagQuery is the dashboard's filters.
type RedFlagQuery struct {
	Region         string // within the actor's subtree; "" for all of it
	Indicator      string
	PurchaserOrgID int64
	State          string // active, cleared or ""
	Status         string // a case status, "none" or ""
	BeforeID       int64
	Limit          int
}

// RedFlagDashboard is one page of flags as an actor reads them, with the
// counts of the scope.
type RedFlagDashboard struct {
	Scope       RedFlagScope            `json:"scope"`
	Flags       []sqlstore.FlagWithCase `json:"flags"`
	NextBefore  int64                   `json:"next_before,omitempty"` // the next page: before=this
	ByIndicator []goumai.RedFlagCounts  `json:"by_indicator"`
	ByRegion    []goumai.RedFlagCounts  `json:"by_region"` // per region and purchaser
	Total       goumai.RedFlagCounts    `json:"total"`
	// Cardinal are the live values of Cardinal's indicators (followers only):
	// the subtree's processes and the organisations flagged, filtered by the
	// indicator asked.
	Cardinal []sqlstore.CardinalFlag `json:"cardinal,omitempty"`
}

// RedFlags returns a page of the flags a reads, filtered by q, with the
// counts of a's subtree (of the whole country for the public and for a
// purchaser). Bad filters are field-level errors.
func (s *Service) RedFlags(ctx context.Context, a goumai.Actor, q RedFlagQuery) (RedFlagDashboard, error) {
	d := RedFlagDashboard{Scope: s.RedFlagScopeOf(a), Flags: []sqlstore.FlagWithCase{}}
	bad := goumai.Fields{}
	if q.State != "" && q.State != string(goumai.RedFlagActive) && q.State != string(goumai.RedFlagCleared) {
		bad["state"] = goumai.M("状态只能是 active 或 cleared", "state is active or cleared")
	}
	if q.Status != "" && q.Status != "none" && !goumai.RedFlagCaseStatus(q.Status).Valid() {
		bad["status"] = goumai.M("处理状态只能是 none、sent、answered、inspecting 或 closed", "status is none, sent, answered, inspecting or closed")
	}
	if q.Region != "" && !s.knownRegion(q.Region) {
		bad["region"] = goumai.M("没有这个行政区划", "no such region")
	}
	if q.Limit < 0 || q.Limit > 500 || q.BeforeID < 0 {
		bad["limit"] = goumai.M("每页最多500条", "at most 500 per page")
	}
	if len(bad) > 0 {
		return d, bad.Err()
	}
	f := sqlstore.RedFlagCaseFilter{Region: q.Region, Indicator: q.Indicator, PurchaserOrgID: q.PurchaserOrgID,
		State: goumai.RedFlagState(q.State), Status: q.Status, BeforeID: q.BeforeID, Limit: q.Limit}
	countRegion := q.Region
	switch sc := d.Scope; {
	case sc.Follower:
		if f.Region == "" {
			f.Region = sc.Region
		} else if !s.Policy.Regions.Contains(sc.Region, f.Region) {
			return d, goumai.Fields{"region": goumai.M("只能查看本地区及下级地区的风险提示", "only your region and the regions below it")}.Err()
		}
		countRegion = f.Region
	case sc.Purchaser:
		f.PurchaserOrgID, f.SentOnly = sc.PurchaserOrgID, true
	default:
		f.ClosedOnly = true
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	var err error
	if d.Flags, err = nonNil(s.Store.FlagsWithCases(ctx, f)); err != nil {
		return d, err
	}
	if !d.Scope.Follower {
		for i := range d.Flags {
			d.Flags[i] = s.redFlagAs(d.Scope, d.Flags[i])
		}
	}
	if len(d.Flags) == f.Limit {
		d.NextBefore = d.Flags[len(d.Flags)-1].Flag.ID
	}
	if d.ByIndicator, err = nonNil(s.Store.RedFlagCounts(ctx, countRegion, sqlstore.CountByIndicator)); err != nil {
		return d, err
	}
	if d.ByRegion, err = nonNil(s.Store.RedFlagCounts(ctx, countRegion, sqlstore.CountByRegion)); err != nil {
		return d, err
	}
	for _, c := range d.ByRegion {
		d.Total.Add(c)
	}
	if d.Scope.Follower {
		if d.Cardinal, err = s.Store.CardinalFlags(ctx, f.Region, q.Indicator, f.Limit); err != nil {
			return d, err
		}
	}
	return d, nil
}

// RedFlagCounts returns the public counts of a region subtree ("" for the
// country): per region and purchaser, and per indicator.
func (s *Service) RedFlagCounts(ctx context.Context, region string) (byRegion, byIndicator []goumai.RedFlagCounts, err error) {
	if region != "" && !s.knownRegion(region) {
		return nil, nil, goumai.Fields{"region": goumai.M("没有这个行政区划", "no such region")}.Err()
	}
	if byRegion, err = nonNil(s.Store.RedFlagCounts(ctx, region, sqlstore.CountByRegion)); err != nil {
		return nil, nil, err
	}
	byIndicator, err = nonNil(s.Store.RedFlagCounts(ctx, region, sqlstore.CountByIndicator))
	return byRegion, byIndicator, err
}

// knownRegion reports whether code is a region.
func (s *Service) knownRegion(code string) bool {
	_, ok := s.Policy.Regions.Get(code)
	return ok
}

// redFlagAs is a flag as a purchaser or the public reads it: the public
// reads the texts redacted (REQ-C23) and without the attachments.
func (s *Service) redFlagAs(sc RedFlagScope, fc sqlstore.FlagWithCase) sqlstore.FlagWithCase {
	if sc.PublicOnly && fc.Case != nil {
		c := *fc.Case
		r := goumai.RedactPersonal
		c.Request, c.Answer, c.Findings, c.Opinion, c.Files = r(c.Request), r(c.Answer), r(c.Findings), r(c.Opinion), []goumai.File{}
		c.CreatedBy = 0
		fc.Case = &c
	}
	return fc
}

// insider reports whether sc reads fc with its attachments: the auditing
// side of its region, its purchaser once sent to it.
func (sc RedFlagScope) insider(s *Service, fc sqlstore.FlagWithCase) bool {
	switch {
	case sc.Follower:
		return s.Policy.Regions.Contains(sc.Region, fc.Flag.Region)
	case sc.Purchaser:
		return fc.Flag.PurchaserOrgID == sc.PurchaserOrgID && fc.Case != nil && fc.Case.SentToPurchaser()
	}
	return false
}

// RedFlagDetail is one flag with its case and the links to its evidence.
type RedFlagDetail struct {
	sqlstore.FlagWithCase
	Scope       RedFlagScope   `json:"scope"`
	ProjectLink string         `json:"project_link,omitempty"` // the project story page
	RecordLink  string         `json:"record_link"`            // the OCDS record page of the process
	Evidence    []EvidenceLink `json:"evidence_links"`
	Overdue     bool           `json:"overdue"`
}

// EvidenceLink is a release behind a flag: its page and its log leaf's.
type EvidenceLink struct {
	ReleaseID   string `json:"release_id"`
	ReleaseLink string `json:"release_link"`
	LogIndex    int64  `json:"log_index"`
	EventLink   string `json:"event_link"`
}

// RedFlag returns one flag as a reads it (not found when a may not).
func (s *Service) RedFlag(ctx context.Context, a goumai.Actor, id int64) (RedFlagDetail, error) {
	fc, err := s.Store.FlagWithCase(ctx, id)
	if err != nil {
		return RedFlagDetail{}, err
	}
	sc := s.RedFlagScopeOf(a)
	view := fc
	if !sc.insider(s, fc) {
		// Anyone reads a closed case, as the public does.
		if fc.Case == nil || fc.Case.Status != goumai.RedFlagCaseClosed {
			return RedFlagDetail{}, goumai.ErrNotFound("风险提示", "red flag")
		}
		view = s.redFlagAs(RedFlagScope{PublicOnly: true}, fc)
	}
	d := RedFlagDetail{FlagWithCase: view, Scope: sc, RecordLink: "/ocds/releases/" + fc.Flag.OCID, Evidence: []EvidenceLink{}}
	if i := strings.LastIndexByte(fc.Flag.OCID, '-'); i >= 0 {
		if pid, err := strconv.ParseInt(fc.Flag.OCID[i+1:], 10, 64); err == nil {
			d.ProjectLink = fmt.Sprintf("/projects/%d", pid)
		}
	}
	for _, r := range fc.Flag.Evidence.Releases {
		d.Evidence = append(d.Evidence, EvidenceLink{ReleaseID: r.ReleaseID, ReleaseLink: "/ocds/releases/" + r.OCID,
			LogIndex: r.LogIndex, EventLink: fmt.Sprintf("/log/events/%d", r.LogIndex)})
	}
	d.Overdue = fc.Case != nil && fc.Case.Overdue(s.Clock.Now())
	return d, nil
}

// changeRedFlag runs one step of a flag's case in one transaction: the flag
// and its case are read, may checks the actor, step changes the case (c.ID
// 0: a new case), and the case is written and recorded — publicly once closed.
func (s *Service) changeRedFlag(ctx context.Context, a goumai.Actor, flagID int64, version int, act goumai.RedFlagCaseAction,
	step func(tx *sqlstore.Tx, f goumai.RedFlag, c *goumai.RedFlagCase) error) (goumai.RedFlagCase, error) {
	var c goumai.RedFlagCase
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		fc, err := tx.FlagWithCase(ctx, flagID)
		if err != nil {
			return err
		}
		f := fc.Flag
		if act == goumai.RedFlagCaseAnswer {
			if fc.Case == nil || !fc.Case.SentToPurchaser() || s.Policy.Can(a, goumai.ActAnswerRedFlag, goumai.Target{OrgID: f.PurchaserOrgID}) != nil {
				return goumai.ErrNotFound("风险提示", "red flag")
			}
		} else if err := s.Policy.Can(a, goumai.ActFollowRedFlags, goumai.Target{Region: f.Region}); err != nil {
			return err
		}
		if fc.Case != nil {
			c = *fc.Case
		} else {
			c = goumai.RedFlagCase{FlagID: f.ID, Region: f.Region, PurchaserOrgID: f.PurchaserOrgID, OrgID: a.Org.ID, Files: []goumai.File{},
				CreatedBy: a.UserID}
		}
		next, ok := goumai.RedFlagCaseTransition(c.Status, act)
		if !ok {
			return goumai.Errorf(goumai.EConflict, "风险提示当前处理状态不能进行此操作："+c.Status.Label().ZH,
				"the case cannot take this step in its state: "+c.Status.Label().EN)
		}
		if c.ID != 0 && version != c.Version {
			return goumai.Errorf(goumai.EStale, "处理记录已被他人修改，请刷新后重试", "the case changed meanwhile; reload and try again")
		}
		if err := step(tx, f, &c); err != nil {
			return err
		}
		c.Status = next
		by := int64(0)
		if act == goumai.RedFlagCaseAnswer {
			by = a.UserID
		}
		if c.ID == 0 {
			if c.ID, err = tx.InsertRedFlagCase(ctx, c); err != nil {
				return err
			}
			c.Version, c.CreatedAt = 1, tx.Now()
		} else {
			if err := tx.UpdateRedFlagCase(ctx, c, by); err != nil {
				return err
			}
			c.Version++
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "red_flag." + string(act), Table: "red_flag_cases", Key: c.ID,
			Region: f.Region, Public: c.Status == goumai.RedFlagCaseClosed})
		return err
	})
	return c, err
}

// text checks a required text of at most rules.MaxProjectText characters,
// personal data redacted (REQ-C23): the case and its events become public
// when it is closed, so its texts are stored as the public will read them.
func text(bad goumai.Fields, field, v string, label goumai.Msg) string {
	v = goumai.RedactPersonal(strings.TrimSpace(v))
	if n := utf8.RuneCountInString(v); n == 0 || n > rules.MaxProjectText {
		bad[field] = goumai.M("请写明"+label.ZH+"（不超过5000个字）", "write "+label.EN+" (at most 5000 characters)")
	}
	return v
}

// SendRedFlag sends a flag to its purchaser for an explanation within
// in.Days working days (China's calendar): a to-do item on its list.
func (s *Service) SendRedFlag(ctx context.Context, a goumai.Actor, flagID int64, in RedFlagSend) (goumai.RedFlagCase, error) {
	return s.changeRedFlag(ctx, a, flagID, 0, goumai.RedFlagCaseSend, func(tx *sqlstore.Tx, f goumai.RedFlag, c *goumai.RedFlagCase) error {
		bad := goumai.Fields{}
		req := text(bad, "request", in.Request, goumai.M("需要说明的事项", "what is to be explained"))
		if in.Days < MinRedFlagDays || in.Days > MaxRedFlagDays {
			bad["days"] = goumai.M("说明期限为1至30个工作日", "the time to explain is 1 to 30 working days")
		}
		if f.PurchaserOrgID == 0 {
			bad["flag"] = goumai.M("该风险提示的采购人不在本系统，只能立案核查", "the purchaser is not on goumai: open an inspection instead")
		}
		if len(bad) > 0 {
			return bad.Err()
		}
		due, err := s.workingDaysFrom(ctx, tx, in.Days)
		if err != nil {
			return err
		}
		now := tx.Now()
		c.Request, c.Days, c.DueAt, c.SentAt = req, in.Days, &due, &now
		return nil
	})
}

// InspectRedFlag opens a flag as an inspection by the auditing side (also
// a sent flag left unanswered or explained insufficiently).
func (s *Service) InspectRedFlag(ctx context.Context, a goumai.Actor, flagID int64, in RedFlagInspect) (goumai.RedFlagCase, error) {
	return s.changeRedFlag(ctx, a, flagID, in.Version, goumai.RedFlagCaseInspect, func(tx *sqlstore.Tx, f goumai.RedFlag, c *goumai.RedFlagCase) error {
		bad := goumai.Fields{}
		findings := text(bad, "findings", in.Findings, goumai.M("核查事项", "what the inspection looks at"))
		if len(bad) > 0 {
			return bad.Err()
		}
		now := tx.Now()
		c.Findings, c.InspectedAt = findings, &now
		return nil
	})
}

// AnswerRedFlag records the purchaser's explanation, with attachments (also
// after the deadline: it is then shown late).
func (s *Service) AnswerRedFlag(ctx context.Context, a goumai.Actor, flagID int64, in RedFlagAnswer) (goumai.RedFlagCase, error) {
	return s.changeRedFlag(ctx, a, flagID, in.Version, goumai.RedFlagCaseAnswer, func(tx *sqlstore.Tx, f goumai.RedFlag, c *goumai.RedFlagCase) error {
		bad := goumai.Fields{}
		answer := text(bad, "answer", in.Answer, goumai.M("情况说明", "the explanation"))
		if len(in.Files) > rules.MaxSupervisionFiles {
			bad["files"] = goumai.M("附件过多", "too many attachments")
		}
		if len(bad) > 0 {
			return bad.Err()
		}
		files := []goumai.File{}
		for _, u := range in.Files {
			fl, err := s.StoreUpload(ctx, tx, a, f.Region, u.Name, u.Content)
			if err != nil {
				return err
			}
			files = append(files, fl)
		}
		now := tx.Now()
		c.Answer, c.Files, c.AnsweredAt = answer, files, &now
		return nil
	})
}

// CloseRedFlag records the outcome of an answered or inspected case with
// the opinion: the case is then public.
func (s *Service) CloseRedFlag(ctx context.Context, a goumai.Actor, flagID int64, in RedFlagClose) (goumai.RedFlagCase, error) {
	return s.changeRedFlag(ctx, a, flagID, in.Version, goumai.RedFlagCaseClose, func(tx *sqlstore.Tx, f goumai.RedFlag, c *goumai.RedFlagCase) error {
		bad := goumai.Fields{}
		o := goumai.RedFlagOutcome(in.Outcome)
		if !o.Valid() {
			bad["outcome"] = goumai.M("请选择处理结果：合理说明、已整改或移送", "choose the outcome: justified, corrected or referred")
		}
		opinion := text(bad, "opinion", in.Opinion, goumai.M("处理意见", "the opinion"))
		if len(bad) > 0 {
			return bad.Err()
		}
		now := tx.Now()
		c.Outcome, c.Opinion, c.ClosedAt = o, opinion, &now
		return nil
	})
}

// RedFlagFile returns an attachment of a flag's explanation to whoever
// reads the case with its attachments (the auditing side, the purchaser).
func (s *Service) RedFlagFile(ctx context.Context, a goumai.Actor, flagID int64, digest string) (goumai.File, []byte, error) {
	d, err := s.RedFlag(ctx, a, flagID)
	if err != nil {
		return goumai.File{}, nil, err
	}
	if d.Case != nil {
		for _, f := range d.Case.Files {
			if f.SHA256 == digest {
				_, content, err := s.Store.FileContent(ctx, digest)
				return f, content, err
			}
		}
	}
	return goumai.File{}, nil, goumai.ErrNotFound("附件", "attachment")
}

// RedFlagLink is a flag's page.
func RedFlagLink(flagID int64) string { return "/staff/redflags/" + strconv.FormatInt(flagID, 10) }

func init() { inboxSources = append(inboxSources, redFlagInbox) }

// redFlagInbox adds the follow-up's to-do items: for a purchaser, the flags
// sent to it awaiting its explanation (overdue ones marked); for the
// auditing side, the answered cases awaiting an outcome, the inspections in
// progress and the overdue explanations.
func redFlagInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	sc := s.RedFlagScopeOf(a)
	if sc.PublicOnly {
		return nil
	}
	cases, err := s.Store.OpenRedFlagCases(ctx, sc.Region, sc.PurchaserOrgID)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	for _, c := range cases {
		kind := ""
		switch {
		case c.Overdue(now):
			kind = "todo.kind.redflag_overdue"
		case sc.Purchaser:
			kind = "todo.kind.redflag_explain"
		case c.Status == goumai.RedFlagCaseAnswered:
			kind = "todo.kind.redflag_outcome"
		case c.Status == goumai.RedFlagCaseInspecting:
			kind = "todo.kind.redflag_inspecting"
		default:
			continue // sent, within its time: the purchaser's work
		}
		title := fmt.Sprintf("风险提示 #%d", c.FlagID)
		at := c.CreatedAt
		if c.DueAt != nil {
			title += dueBy(*c.DueAt)
			at = *c.DueAt
		}
		in.Todo = append(in.Todo, Item{Kind: kind, Title: title, Link: RedFlagLink(c.FlagID), At: at})
	}
	return nil
}
