package workflow

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Supervision of a contract in force (项目监管, issue 10 item 4): the
// supplier's project ledger (台账, ENG-H8), which the purchaser, the finance
// department and auditors read; inspections (检查) and rectification orders
// (整改通知) by the purchaser or the finance department of the region, with
// the supplier's response and the follow-up; and public complaints about the
// service, answered publicly by the purchaser. Acceptance is in acceptance.go.

// Upload is a file sent with a report, its content base64 in JSON.
type Upload struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// ProgressInput is a ledger entry as the supplier writes it.
type ProgressInput struct {
	ReportOn string   `json:"report_on"`
	Content  string   `json:"content"`
	Quantity int64    `json:"quantity"`
	Unit     string   `json:"unit"`
	Files    []Upload `json:"files"`
}

// InspectionInput is an inspection as recorded.
type InspectionInput struct {
	InspectedOn string `json:"inspected_on"`
	Findings    string `json:"findings"`
}

// RectifyInput is a rectification order as issued.
type RectifyInput struct {
	InspectionID int64  `json:"inspection_id"` // 0: not from a recorded inspection
	Issue        string `json:"issue"`
	Days         int    `json:"days"` // working days
}

// RectifyResponse is the supplier's response to an order.
type RectifyResponse struct {
	Version  int      `json:"version"`
	Response string   `json:"response"`
	Files    []Upload `json:"files"`
}

// RectifyFollowUp is the follow-up of an order: "close" (rectified), "reopen"
// (the response is not enough) or "lapse" (the deadline passed).
type RectifyFollowUp struct {
	Version int    `json:"version"`
	Result  string `json:"result"`
	Note    string `json:"note"`
}

// ServiceComplaintInput is a public complaint about a service.
type ServiceComplaintInput struct {
	Body string `json:"body"`
}

// ComplaintAnswer is the purchaser's answer to a complaint.
type ComplaintAnswer struct {
	Answer string `json:"answer"`
}

// ServiceComplaintLimit bounds the public's complaints per client address.
var ServiceComplaintLimit = RateLimit{Name: "service_complaint", N: 5, Window: time.Hour, What: goumai.M("投诉举报提交过于频繁", "too many complaints")}

// MaxComplaint bounds a complaint's and an answer's text.
const MaxComplaint = 2000

// inForce reads a contract for a supervision action under its procedure's
// lock, for an actor who may see it; it must be in force.
func (s *Service) inForce(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Contract, goumai.Procurement, error) {
	c, p, err := s.contractFor(ctx, tx, a, id)
	if err != nil {
		return c, p, err
	}
	if c.Status != goumai.ContractSigned {
		return c, p, goumai.Errorf(goumai.EConflict, "合同签订生效后方可进行履约监管和验收："+c.Status.Label().ZH,
			"only a contract in force is supervised and accepted: "+c.Status.Label().EN)
	}
	return c, p, nil
}

// supervisor returns nil if a may inspect c and order rectifications: the
// purchaser's staff, the finance department of the region (ActSupervise).
func (s *Service) supervisor(a goumai.Actor, c goumai.Contract) error {
	return s.Policy.Can(a, goumai.ActSupervise, goumai.Target{OrgID: c.PurchaserOrgID, Region: c.Region})
}

// storeUploads stores each upload (goumai.NewFile's checks) in c's region.
func (s *Service) storeUploads(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, c goumai.Contract, ups []Upload) ([]goumai.File, error) {
	if len(ups) > rules.MaxSupervisionFiles {
		return nil, goumai.Fields{"files": goumai.M("附件过多", "too many attachments")}.Err()
	}
	files := []goumai.File{}
	for _, u := range ups {
		f, err := s.StoreUpload(ctx, tx, a, c.Region, u.Name, u.Content)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// record records one write of the supervision.
func recordSup(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action, table string, key int64, c goumai.Contract, public bool) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: table, Key: key, Region: c.Region, Public: public})
	return err
}

// addToContract adds a row to the supervision of a contract in force in one
// transaction: may is checked, add writes the row and returns its id, which
// is recorded under action.
func (s *Service) addToContract(ctx context.Context, a goumai.Actor, contractID int64, may func(goumai.Actor, goumai.Contract) error,
	action, table string, add func(tx *sqlstore.Tx, c goumai.Contract) (int64, error)) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, _, err := s.inForce(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		if err := may(a, c); err != nil {
			return err
		}
		id, err := add(tx, c)
		if err != nil {
			return err
		}
		return recordSup(ctx, tx, a, action, table, id, c, false)
	})
}

// AddProgressReport enters a progress report in a contract's ledger (台账,
// ENG-H8): the supplier of a contract in force writes it.
func (s *Service) AddProgressReport(ctx context.Context, a goumai.Actor, contractID int64, in ProgressInput) (goumai.ProgressReport, error) {
	r := goumai.ProgressReport{ContractID: contractID, ReportOn: strings.TrimSpace(in.ReportOn), Content: strings.TrimSpace(in.Content),
		Quantity: in.Quantity, Unit: strings.TrimSpace(in.Unit), CreatedBy: a.UserID}
	err := s.addToContract(ctx, a, contractID, s.supplierSigner, "ledger.report", "progress_reports", func(tx *sqlstore.Tx, c goumai.Contract) (int64, error) {
		r.Files = make([]goumai.File, len(in.Files))
		if err := rules.CheckProgressReport(r, tx.Now()); err != nil {
			return 0, err
		}
		var err error
		if r.Files, err = s.storeUploads(ctx, tx, a, c, in.Files); err != nil {
			return 0, err
		}
		r.CreatedAt = tx.Now()
		r.ID, err = tx.InsertProgressReport(ctx, r)
		return r.ID, err
	})
	return r, err
}

// RecordInspection records an inspection of a contract in force by the
// purchaser's staff or the finance department of its region.
func (s *Service) RecordInspection(ctx context.Context, a goumai.Actor, contractID int64, in InspectionInput) (goumai.Inspection, error) {
	i := goumai.Inspection{ContractID: contractID, OrgID: a.Org.ID, InspectedOn: strings.TrimSpace(in.InspectedOn),
		Findings: strings.TrimSpace(in.Findings), CreatedBy: a.UserID}
	err := s.addToContract(ctx, a, contractID, s.supervisor, "inspection.record", "inspections", func(tx *sqlstore.Tx, c goumai.Contract) (int64, error) {
		if err := rules.CheckInspection(i, tx.Now()); err != nil {
			return 0, err
		}
		var err error
		i.CreatedAt = tx.Now()
		i.ID, err = tx.InsertInspection(ctx, i)
		return i.ID, err
	})
	return i, err
}

// IssueRectification orders the supplier to rectify within a number of
// working days (整改通知), from an inspection of the contract or on its own.
func (s *Service) IssueRectification(ctx context.Context, a goumai.Actor, contractID int64, in RectifyInput) (goumai.Rectification, error) {
	r := goumai.Rectification{ContractID: contractID, InspectionID: in.InspectionID, OrgID: a.Org.ID, Issue: strings.TrimSpace(in.Issue),
		Days: in.Days, Status: goumai.RectificationOpen, Files: []goumai.File{}, Version: 1, CreatedBy: a.UserID}
	err := s.addToContract(ctx, a, contractID, s.supervisor, "rectification.issue", "rectifications", func(tx *sqlstore.Tx, c goumai.Contract) (int64, error) {
		if err := rules.CheckRectification(r.Issue, r.Days); err != nil {
			return 0, err
		}
		if r.InspectionID != 0 {
			if i, err := tx.Inspection(ctx, r.InspectionID); err != nil || i.ContractID != c.ID {
				return 0, goumai.Fields{"inspection_id": goumai.M("该合同没有这次检查", "no such inspection of this contract")}.Err()
			}
		}
		var err error
		if r.DueAt, err = s.workingDaysFrom(ctx, tx, r.Days); err != nil {
			return 0, err
		}
		r.CreatedAt = tx.Now()
		r.ID, err = tx.InsertRectification(ctx, r)
		return r.ID, err
	})
	return r, err
}

// changeRectification runs one action on a rectification order in one
// transaction, at the version read.
func (s *Service) changeRectification(ctx context.Context, a goumai.Actor, id int64, version int,
	change func(tx *sqlstore.Tx, c goumai.Contract, r *goumai.Rectification) (string, error)) (goumai.Rectification, error) {
	var r goumai.Rectification
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if r, err = tx.Rectification(ctx, id); err != nil {
			return err
		}
		c, _, err := s.inForce(ctx, tx, a, r.ContractID)
		if err != nil {
			return err
		}
		if r, err = tx.Rectification(ctx, id); err != nil { // under the lock
			return err
		}
		action, err := change(tx, c, &r)
		if err != nil {
			return err
		}
		if version != r.Version {
			return goumai.Errorf(goumai.EStale, "整改通知已被他人修改，请刷新后重试", "the rectification order changed meanwhile; reload and try again")
		}
		if err := tx.UpdateRectification(ctx, r); err != nil {
			return err
		}
		r.Version++
		return recordSup(ctx, tx, a, action, "rectifications", r.ID, c, false)
	})
	return r, err
}

// RespondRectification records the supplier's response to an order (also
// late, to an overdue one).
func (s *Service) RespondRectification(ctx context.Context, a goumai.Actor, id int64, in RectifyResponse) (goumai.Rectification, error) {
	return s.changeRectification(ctx, a, id, in.Version, func(tx *sqlstore.Tx, c goumai.Contract, r *goumai.Rectification) (string, error) {
		if err := s.supplierSigner(a, c); err != nil {
			return "", err
		}
		next, ok := goumai.RectificationTransition(r.Status, goumai.RectificationRespond)
		if !ok {
			return "", goumai.Errorf(goumai.EConflict, "整改通知当前状态不能回复："+r.Status.Label().ZH, "the order cannot be answered in its state: "+r.Status.Label().EN)
		}
		resp := strings.TrimSpace(in.Response)
		if n := utf8.RuneCountInString(resp); n == 0 || n > rules.MaxProjectText {
			return "", goumai.Fields{"response": goumai.M("请写明整改情况（不超过5000个字）", "say what was rectified (at most 5000 characters)")}.Err()
		}
		files, err := s.storeUploads(ctx, tx, a, c, in.Files)
		if err != nil {
			return "", err
		}
		now := tx.Now()
		r.Status, r.Response, r.Files, r.RespondedAt = next, resp, files, &now
		return "rectification.respond", nil
	})
}

// FollowUpRectification records the follow-up of an order by the purchaser
// or the finance department: rectified (closed), not enough (reopened), or
// the deadline passed without rectification (overdue: a red flag).
func (s *Service) FollowUpRectification(ctx context.Context, a goumai.Actor, id int64, in RectifyFollowUp) (goumai.Rectification, error) {
	return s.changeRectification(ctx, a, id, in.Version, func(tx *sqlstore.Tx, c goumai.Contract, r *goumai.Rectification) (string, error) {
		if err := s.supervisor(a, c); err != nil {
			return "", err
		}
		act := goumai.RectificationAction(in.Result)
		if act != goumai.RectificationClose && act != goumai.RectificationReopen && act != goumai.RectificationLapse {
			return "", goumai.Fields{"result": goumai.M("请选择复查结论：整改完成、重新整改或逾期未整改", "choose the follow-up: close, reopen or lapse")}.Err()
		}
		if act == goumai.RectificationLapse && !tx.Now().After(r.DueAt) {
			return "", goumai.Errorf(goumai.EConflict, "整改期限尚未届满", "the deadline has not passed")
		}
		next, ok := goumai.RectificationTransition(r.Status, act)
		if !ok {
			return "", goumai.Errorf(goumai.EConflict, "整改通知当前状态不能复查："+r.Status.Label().ZH, "the order cannot be followed up in its state: "+r.Status.Label().EN)
		}
		note := strings.TrimSpace(in.Note)
		if utf8.RuneCountInString(note) > rules.MaxProjectText {
			return "", goumai.Fields{"note": goumai.M("复查意见不能超过5000个字", "the note has at most 5000 characters")}.Err()
		}
		now := tx.Now()
		r.Status, r.FollowUp, r.FollowedAt = next, note, &now
		return "rectification." + string(act), nil
	})
}

// FileServiceComplaint records anyone's complaint about a service in
// delivery (a contract in force), with personal data redacted (REQ-C23): it
// is public at once, and the purchaser answers it publicly.
func (s *Service) FileServiceComplaint(ctx context.Context, a goumai.Actor, contractID int64, in ServiceComplaintInput) (goumai.ServiceComplaint, error) {
	body := goumai.RedactPersonal(strings.TrimSpace(in.Body))
	if n := utf8.RuneCountInString(body); n == 0 || n > MaxComplaint {
		return goumai.ServiceComplaint{}, goumai.Fields{"body": goumai.M("请写明投诉举报的内容（不超过2000个字）", "describe the problem (at most 2000 characters)")}.Err()
	}
	sc := goumai.ServiceComplaint{ContractID: contractID, Body: body}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, err := tx.Contract(ctx, contractID)
		if err != nil {
			return err
		}
		if c.Status != goumai.ContractSigned {
			return goumai.ErrNotFound("履约中的合同", "contract in delivery")
		}
		if err := guardContractOpen(ctx, tx, c); err != nil {
			return err
		}
		if sc.ID, err = tx.InsertServiceComplaint(ctx, sc); err != nil {
			return err
		}
		sc.CreatedAt = tx.Now()
		return recordSup(ctx, tx, a, "service_complaint.file", "service_complaints", sc.ID, c, true)
	})
	return sc, err
}

// AnswerServiceComplaint records the purchaser's public answer, once.
func (s *Service) AnswerServiceComplaint(ctx context.Context, a goumai.Actor, id int64, in ComplaintAnswer) (goumai.ServiceComplaint, error) {
	answer := goumai.RedactPersonal(strings.TrimSpace(in.Answer))
	var sc goumai.ServiceComplaint
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if sc, err = tx.ServiceComplaint(ctx, id); err != nil {
			return err
		}
		c, p, err := s.contractFor(ctx, tx, a, sc.ContractID)
		if err != nil {
			return err
		}
		if err := s.purchaser(a, p); err != nil {
			return err
		}
		if n := utf8.RuneCountInString(answer); n == 0 || n > MaxComplaint {
			return goumai.Fields{"answer": goumai.M("请填写答复（不超过2000个字）", "write the answer (at most 2000 characters)")}.Err()
		}
		if err := tx.AnswerServiceComplaint(ctx, id, answer, a.UserID); err != nil {
			return err
		}
		if err := recordSup(ctx, tx, a, "service_complaint.answer", "service_complaints", id, c, true); err != nil {
			return err
		}
		sc, err = tx.ServiceComplaint(ctx, id)
		return err
	})
	return sc, err
}

// RedFlag is a supervision finding shown to the contract's insiders.
type RedFlag struct {
	Kind  string     `json:"kind"` // "rectification_overdue"
	Title goumai.Msg `json:"title"`
	ID    int64      `json:"id"` // the object flagged
}

// SupervisionView is a contract's supervision as an actor may read it: its
// insiders (the parties, the finance department and auditors of the region,
// the agency) read everything; the public reads the contract in force, its
// milestones, the decided acceptances (without the supplier's attachments)
// and the complaints with their answers.
type SupervisionView struct {
	Contract       ContractView              `json:"contract"`
	Insider        bool                      `json:"insider"`
	Acceptances    []goumai.Acceptance       `json:"acceptances"`
	Reports        []goumai.ProgressReport   `json:"reports"`
	Inspections    []goumai.Inspection       `json:"inspections"`
	Rectifications []goumai.Rectification    `json:"rectifications"`
	Complaints     []goumai.ServiceComplaint `json:"complaints"`
	Flags          []RedFlag                 `json:"flags"`
	PublicService  bool                      `json:"public_service"`
}

// Supervision returns a contract's supervision as a may read it.
func (s *Service) Supervision(ctx context.Context, a goumai.Actor, contractID int64) (SupervisionView, error) {
	v := SupervisionView{Acceptances: []goumai.Acceptance{}, Reports: []goumai.ProgressReport{}, Inspections: []goumai.Inspection{},
		Rectifications: []goumai.Rectification{}, Complaints: []goumai.ServiceComplaint{}, Flags: []RedFlag{}}
	c, err := s.Store.Contract(ctx, contractID)
	if err != nil {
		return v, err
	}
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return v, err
	}
	cv, ok := s.contractView(a, c, p)
	if !ok || !publicContract(c) && !s.insideContract(a, c, p) {
		return v, goumai.ErrNotFound("合同", "contract")
	}
	v.Contract, v.Insider = cv, s.insideContract(a, c, p)
	if pr, err := s.Store.Project(ctx, p.ProjectID); err == nil {
		v.PublicService = pr.Class == goumai.ClassPublicService
	} else {
		return v, err
	}
	acc, err := s.Store.Acceptances(ctx, c.ID)
	if err != nil {
		return v, err
	}
	for _, x := range acc {
		if v.Insider {
			v.Acceptances = append(v.Acceptances, x)
		} else if x.Status.Decided() {
			v.Acceptances = append(v.Acceptances, publicAcceptance(x))
		}
	}
	if v.Complaints, err = nonNil(s.Store.ServiceComplaints(ctx, c.ID)); err != nil {
		return v, err
	}
	if !v.Insider {
		return v, nil
	}
	if v.Reports, err = nonNil(s.Store.ProgressReports(ctx, c.ID)); err != nil {
		return v, err
	}
	if v.Inspections, err = nonNil(s.Store.Inspections(ctx, c.ID)); err != nil {
		return v, err
	}
	if v.Rectifications, err = nonNil(s.Store.Rectifications(ctx, c.ID)); err != nil {
		return v, err
	}
	now := s.Clock.Now()
	for _, r := range v.Rectifications {
		if r.Overdue(now) {
			v.Flags = append(v.Flags, RedFlag{Kind: "rectification_overdue", ID: r.ID,
				Title: goumai.M("整改通知逾期未整改（"+r.DueAt.In(goumai.Shanghai).Format(time.DateOnly)+"到期）："+r.Issue,
					"rectification overdue (due "+r.DueAt.In(goumai.Shanghai).Format(time.DateOnly)+"): "+r.Issue)})
		}
	}
	return v, nil
}

// nonNil returns a list, never nil.
func nonNil[T any](xs []T, err error) ([]T, error) {
	if xs == nil {
		xs = []T{}
	}
	return xs, err
}

// publicAcceptance is a decided acceptance as the public reads it: the
// texts redacted (REQ-C23), the supplier's attachments left out.
func publicAcceptance(x goumai.Acceptance) goumai.Acceptance {
	r := goumai.RedactPersonal
	x.Report, x.Reasons, x.Files = r(x.Report), r(x.Reasons), []goumai.File{}
	ms := make([]goumai.AcceptanceMember, len(x.Members))
	for i, m := range x.Members {
		m.Name, m.Unit, m.Opinion = r(m.Name), r(m.Unit), r(m.Opinion)
		ms[i] = m
	}
	x.Members = ms
	return x
}

// SupervisionFile returns an attachment of a contract's ledger, responses or
// acceptances to the contract's insiders.
func (s *Service) SupervisionFile(ctx context.Context, a goumai.Actor, contractID int64, digest string) (goumai.File, []byte, error) {
	v, err := s.Supervision(ctx, a, contractID)
	if err != nil {
		return goumai.File{}, nil, err
	}
	var all []goumai.File
	if v.Insider {
		for _, r := range v.Reports {
			all = append(all, r.Files...)
		}
		for _, r := range v.Rectifications {
			all = append(all, r.Files...)
		}
		for _, x := range v.Acceptances {
			all = append(all, x.Files...)
		}
	}
	for _, f := range all {
		if f.SHA256 == digest {
			_, content, err := s.Store.FileContent(ctx, digest)
			return f, content, err
		}
	}
	return goumai.File{}, nil, goumai.ErrNotFound("附件", "attachment")
}
