package goumai

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The expert pool (评审专家库, ENG-F3): a provincial (or higher) finance
// department keeps the experts of its database; each expert keeps their own
// profile (specialities, availability, declared relations). Panels are drawn
// from it at random and verifiably (PanelDraw); the names of a panel's experts
// stay secret until the result notice (REQ-C16).

// RelationKind is a declared relation of an expert to an organisation that
// makes them recuse from its procedures (ENG-F4, GPL-IR Art. 9).
type RelationKind string

// The relations of ENG-F4.
const (
	RelEmployment   RelationKind = "employment"   // 劳动关系 (一)
	RelDirectorship RelationKind = "directorship" // 董事、监事 (二)
	RelControl      RelationKind = "control"      // 控股股东或者实际控制人 (三)
	RelFamily       RelationKind = "family"       // 与法定代表人或者负责人有夫妻、直系血亲、三代以内旁系血亲或者近姻亲关系 (四)
)

// RelationKinds lists the relations in the order of GPL-IR Art. 9.
var RelationKinds = []RelationKind{RelEmployment, RelDirectorship, RelControl, RelFamily}

// Label is the relation's display name.
func (k RelationKind) Label() Msg {
	switch k {
	case RelEmployment:
		return M("劳动关系", "employment")
	case RelDirectorship:
		return M("担任董事、监事", "directorship")
	case RelControl:
		return M("控股股东或实际控制人", "control")
	case RelFamily:
		return M("与法定代表人或负责人有亲属关系", "family tie to its legal representative or head")
	}
	return M(string(k), string(k))
}

// ExpertRelation is a relation an expert declares to an organisation, named by
// its id (registered here) or its unified social credit code, from one date
// to another (To nil: ongoing).
type ExpertRelation struct {
	OrgID      int64        `json:"org_id,omitempty"`
	CreditCode string       `json:"credit_code,omitempty"`
	Kind       RelationKind `json:"kind"`
	From       time.Time    `json:"from"`
	To         *time.Time   `json:"to,omitempty"`
}

// DateRange is a span of days, both ends included (dates at midnight, Asia/Shanghai).
type DateRange struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Covers reports whether t's date lies in the range.
func (r DateRange) Covers(t time.Time) bool {
	d := t.In(Shanghai)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Shanghai)
	return !day.Before(r.From.In(Shanghai)) && !day.After(r.To.In(Shanghai))
}

// Expert is one expert of a provincial (or higher) expert database: a user
// holding RoleExpert somewhere, with specialities mapped to catalogue
// category codes.
type Expert struct {
	ID           int64            `json:"id"` // the pseudonym the public log names the expert by
	UserID       int64            `json:"user_id"`
	Name         string           `json:"name"`   // the user's name, read with the profile
	Region       string           `json:"region"` // the database: a province (or 100000)
	Specialities []string         `json:"specialities"`
	Unavailable  []DateRange      `json:"unavailable"`
	Relations    []ExpertRelation `json:"relations"`
	Active       bool             `json:"active"` // in the pool: drawn only while active
	Version      int              `json:"version"`
	UpdatedAt    time.Time        `json:"updated_at"`
}

// Limits of a profile.
const (
	MaxSpecialities = 20
	MaxUnavailable  = 50
	MaxRelations    = 50
)

// Available reports whether the expert may sit on the day of t.
func (e Expert) Available(t time.Time) bool {
	for _, r := range e.Unavailable {
		if r.Covers(t) {
			return false
		}
	}
	return true
}

// HasSpeciality reports whether the expert covers the catalogue category code
// c: one of their codes is c or a category above it (a prefix).
func (e Expert) HasSpeciality(c string) bool {
	for _, s := range e.Specialities {
		if s != "" && strings.HasPrefix(c, s) {
			return true
		}
	}
	return false
}

// Normalize trims the profile's texts and drops empty specialities.
func (e *Expert) Normalize() {
	sp := []string{}
	for _, s := range e.Specialities {
		if s = strings.TrimSpace(s); s != "" {
			sp = append(sp, s)
		}
	}
	e.Specialities = sp
	if e.Unavailable == nil {
		e.Unavailable = []DateRange{}
	}
	if e.Relations == nil {
		e.Relations = []ExpertRelation{}
	}
	for i := range e.Relations {
		e.Relations[i].CreditCode = strings.ToUpper(strings.TrimSpace(e.Relations[i].CreditCode))
	}
}

// Validate checks a profile's fields.
func (e Expert) Validate() error {
	f := Fields{}
	if len(e.Specialities) == 0 || len(e.Specialities) > MaxSpecialities {
		f.Add("specialities", fmt.Sprintf("请填写1至%d个专业（目录分类编码）", MaxSpecialities), fmt.Sprintf("give 1 to %d specialities (catalogue category codes)", MaxSpecialities))
	}
	for _, s := range e.Specialities {
		if utf8.RuneCountInString(s) > 40 || strings.ContainsAny(s, " \t\n") {
			f.Add("specialities", "专业应为目录分类编码", "a speciality is a catalogue category code")
			break
		}
	}
	if len(e.Unavailable) > MaxUnavailable {
		f.Add("unavailable", fmt.Sprintf("不可参加评审的时段不超过%d个", MaxUnavailable), fmt.Sprintf("at most %d unavailable periods", MaxUnavailable))
	}
	for _, r := range e.Unavailable {
		if r.From.IsZero() || r.To.Before(r.From) {
			f.Add("unavailable", "不可参加评审的时段应有开始日期且不早于结束日期", "an unavailable period needs a start no later than its end")
			break
		}
	}
	if len(e.Relations) > MaxRelations {
		f.Add("relations", fmt.Sprintf("申报的关系不超过%d条", MaxRelations), fmt.Sprintf("at most %d declared relations", MaxRelations))
	}
	for _, r := range e.Relations {
		switch {
		case r.OrgID == 0 && r.CreditCode == "":
			f.Add("relations", "申报的关系应写明单位（编号或统一社会信用代码）", "a declared relation names the organisation (its id or credit code)")
		case r.CreditCode != "" && CheckCreditCode(r.CreditCode) != nil:
			f.Add("relations", "申报关系中的统一社会信用代码有误", "a declared relation's credit code is not valid")
		case r.Kind != RelEmployment && r.Kind != RelDirectorship && r.Kind != RelControl && r.Kind != RelFamily:
			f.Add("relations", "关系类型应为劳动关系、董事监事、控制或亲属关系之一", "a relation is employment, directorship, control or family")
		case r.From.IsZero() || r.To != nil && r.To.Before(r.From):
			f.Add("relations", "申报的关系应有开始日期且不晚于结束日期", "a declared relation needs a start no later than its end")
		default:
			continue
		}
		break
	}
	return f.Err()
}

// DrawParty is who commits to a secret for a panel draw.
type DrawParty string

// The two parties of a draw: neither alone decides its seed.
const (
	PartySupervisor DrawParty = "supervisor" // a finance department's staff of the procedure's region (监督)
	PartyOrganizer  DrawParty = "organizer"  // the organiser: the agency, or the purchaser running it
)

// DrawStatus is where a panel draw stands.
type DrawStatus string

// The draw states: requested (the pool snapshot logged, waiting for the
// checkpoint and the reveals) → drawn (the seed fixed, the experts seated;
// final) or void (neither party revealed by the deadline: a new request with
// new commitments is needed; final).
const (
	DrawRequested DrawStatus = "requested"
	DrawDrawn     DrawStatus = "drawn"
	DrawVoid      DrawStatus = "void"
)

// DrawExclusion is an expert of the pool left out of a draw, with the reason.
type DrawExclusion struct {
	ExpertID int64  `json:"expert_id"`
	Rule     string `json:"rule"`   // ENG-F4, ENG-F3 …
	Reason   string `json:"reason"` // a code: employment, directorship, control, family, own_unit, agency_staff, unavailable, seated, recused
}

// DrawCommitment is one party's commitment (the hex SHA-256 of a 32-byte
// secret it keeps), made before the draw's request.
type DrawCommitment struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	Party         DrawParty `json:"party"`
	OrgID         int64     `json:"org_id"`
	UserID        int64     `json:"user_id"`
	Hash          string    `json:"hash"`
	DrawID        int64     `json:"draw_id,omitempty"` // the request that used it
	CommittedAt   time.Time `json:"committed_at"`
}

// PanelDraw is one random draw of experts for a procedure's panel (ENG-F3):
// its request (logged before the seed can be known), the parties' reveals,
// and its result.
type PanelDraw struct {
	ID                 int64           `json:"id"`
	ProcurementID      int64           `json:"procurement_id"`
	Region             string          `json:"region"`
	Status             DrawStatus      `json:"status"`
	EvaluationAt       time.Time       `json:"evaluation_at"`
	Speciality         string          `json:"speciality"`
	Count              int             `json:"count"` // experts to draw
	PanelSize          int             `json:"panel_size"`
	PurchaserReps      int             `json:"purchaser_reps"` // the seats of PanelSize the purchaser's representatives take (ENG-F1/F2)
	ReplacesMemberID   int64           `json:"replaces_member_id,omitempty"`
	Pool               []int64         `json:"pool"` // eligible expert ids, ascending
	Exclusions         []DrawExclusion `json:"exclusions"`
	SupervisorCommitID int64           `json:"supervisor_commit_id"`
	SupervisorHash     string          `json:"supervisor_hash"`
	OrganizerCommitID  int64           `json:"organizer_commit_id"`
	OrganizerHash      string          `json:"organizer_hash"`
	SupervisorSecret   string          `json:"supervisor_secret,omitempty"`
	OrganizerSecret    string          `json:"organizer_secret,omitempty"`
	RevealBy           time.Time       `json:"reveal_by"`
	Seed               string          `json:"seed,omitempty"`
	Checkpoint         int64           `json:"checkpoint,omitempty"` // the size of the checkpoint whose root is in the seed
	Drawn              []int64         `json:"drawn,omitempty"`      // the experts drawn, in draw order
	RequestedBy        int64           `json:"requested_by"`
	RequestedAt        time.Time       `json:"requested_at"`
	DrawnAt            *time.Time      `json:"drawn_at,omitempty"`
}
