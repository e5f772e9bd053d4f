package goumai

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The policy library (政策文件库, issue 13 item 5): the documents that govern
// government purchase of services — the founding notice 财综〔2013〕111号, the
// State Council's opinion, the Ministry's orders and notices, and what finance
// departments of every level issue — with their versions (a new version keeps
// the old ones), which document supersedes which, and their full text. The
// founding notice's section 三（三） asks every finance department to train
// and publicise (加强培训宣传); the library is what they publicise.

// PolicyStatus is whether a document is in force.
type PolicyStatus string

// Policy statuses.
const (
	PolicyInForce    PolicyStatus = "in_force"   // 现行有效
	PolicySuperseded PolicyStatus = "superseded" // 已被替代
	PolicyRepealed   PolicyStatus = "repealed"   // 已废止
)

// PolicyStatuses lists the statuses in display order.
var PolicyStatuses = []PolicyStatus{PolicyInForce, PolicySuperseded, PolicyRepealed}

// Label names the status.
func (s PolicyStatus) Label() Msg {
	switch s {
	case PolicyInForce:
		return M("现行有效", "In force")
	case PolicySuperseded:
		return M("已被替代", "Superseded")
	case PolicyRepealed:
		return M("已废止", "Repealed")
	}
	return M(string(s), string(s))
}

// Valid reports whether s is a known status.
func (s PolicyStatus) Valid() bool {
	for _, x := range PolicyStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// PolicyDoc is a document of the library as it stands: its current version's
// number and text are in Version and Body.
type PolicyDoc struct {
	ID           int64        `json:"id"`
	TitleZH      string       `json:"title_zh"`
	TitleEN      string       `json:"title_en"`
	Number       string       `json:"number"`    // 文号, e.g. 财综〔2013〕111号
	Authority    string       `json:"authority"` // issuing authority, e.g. 财政部
	Region       string       `json:"region"`    // the region whose finance department keeps it (100000: national)
	IssuedOn     string       `json:"issued_on"` // YYYY-MM-DD
	EffectiveOn  string       `json:"effective_on,omitempty"`
	Status       PolicyStatus `json:"status"`
	SupersedesID int64        `json:"supersedes_id,omitempty"` // the document this one replaces
	SourceURL    string       `json:"source_url"`
	Licence      string       `json:"licence"` // provenance and licence note
	Version      int          `json:"version"` // the current version's number (1, 2, …)
	Body         string       `json:"body"`    // the current version's full text (or its summary, as the source allows)
	CreatedBy    int64        `json:"created_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// PolicyVersion is one version of a document's text: every version is kept.
type PolicyVersion struct {
	ID          int64     `json:"id"`
	DocID       int64     `json:"doc_id"`
	Version     int       `json:"version"`
	Body        string    `json:"body"`
	Note        string    `json:"note"` // what changed
	EffectiveOn string    `json:"effective_on,omitempty"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Bounds of a policy document.
const (
	MaxPolicyTitle  = 200
	MaxPolicyShort  = 100   // number, authority
	MaxPolicyURL    = 500   // source URL
	MaxPolicyNote   = 1000  // licence note, version note
	MaxPolicyBody   = 60000 // full text, in characters
	policyDateShape = "2006-01-02"
)

// CheckPolicyDate reports whether s is a date YYYY-MM-DD.
func CheckPolicyDate(s string) bool {
	t, err := time.Parse(policyDateShape, s)
	return err == nil && t.Format(policyDateShape) == s
}

// Normalise trims the document's text fields.
func (d *PolicyDoc) Normalise() {
	for _, p := range []*string{&d.TitleZH, &d.TitleEN, &d.Number, &d.Authority, &d.Region, &d.IssuedOn, &d.EffectiveOn, &d.SourceURL, &d.Licence} {
		*p = strings.TrimSpace(*p)
	}
	d.Body = strings.TrimSpace(d.Body)
}

// Check returns a field error for every bad part of a document's description
// and text (Normalise first); regions is the code list the region must be in.
func (d PolicyDoc) Check(regions *Regions) error {
	f := Fields{}
	need := func(name, v string, max int) {
		switch n := utf8.RuneCountInString(v); {
		case n == 0:
			f[name] = M("必填", "is required")
		case n > max:
			f[name] = tooLong(max)
		}
	}
	need("title_zh", d.TitleZH, MaxPolicyTitle)
	if utf8.RuneCountInString(d.TitleEN) > MaxPolicyTitle {
		f["title_en"] = tooLong(MaxPolicyTitle)
	}
	need("number", d.Number, MaxPolicyShort)
	need("authority", d.Authority, MaxPolicyShort)
	if _, ok := regions.Get(d.Region); !ok {
		f["region"] = M("没有此行政区划", "no such region")
	}
	if !CheckPolicyDate(d.IssuedOn) {
		f["issued_on"] = M("日期格式须为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
	}
	if d.EffectiveOn != "" && !CheckPolicyDate(d.EffectiveOn) {
		f["effective_on"] = M("日期格式须为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
	} else if d.EffectiveOn != "" && d.EffectiveOn < d.IssuedOn && f["issued_on"].EN == "" {
		f["effective_on"] = M("不能早于发布日期", "must not be before the date of issue")
	}
	if !d.Status.Valid() {
		f["status"] = M("状态须为 in_force、superseded 或 repealed", "status must be in_force, superseded or repealed")
	}
	if d.SourceURL != "" {
		u, err := url.Parse(d.SourceURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(d.SourceURL) > MaxPolicyURL {
			f["source_url"] = M("须为 http(s) 网址（不超过500个字符）", "must be an http(s) address of at most 500 characters")
		}
	}
	if utf8.RuneCountInString(d.Licence) > MaxPolicyNote {
		f["licence"] = tooLong(MaxPolicyNote)
	}
	need("body", d.Body, MaxPolicyBody)
	if d.SupersedesID < 0 {
		f["supersedes_id"] = M("须为文件编号", "must be a document id")
	}
	for name, v := range map[string]string{"title_zh": d.TitleZH, "title_en": d.TitleEN, "number": d.Number, "authority": d.Authority,
		"source_url": d.SourceURL, "licence": d.Licence, "body": d.Body} {
		if m := CheckText(v); m != nil && f[name].EN == "" {
			f[name] = *m
		}
	}
	return f.Err()
}

// CheckPolicyVersion checks a new version's text and note.
func CheckPolicyVersion(v PolicyVersion) error {
	f := Fields{}
	switch n := utf8.RuneCountInString(v.Body); {
	case n == 0:
		f["body"] = M("必填", "is required")
	case n > MaxPolicyBody:
		f["body"] = tooLong(MaxPolicyBody)
	}
	switch n := utf8.RuneCountInString(v.Note); {
	case n == 0:
		f["note"] = M("请说明本版本的修改内容", "say what this version changes")
	case n > MaxPolicyNote:
		f["note"] = tooLong(MaxPolicyNote)
	}
	if v.EffectiveOn != "" && !CheckPolicyDate(v.EffectiveOn) {
		f["effective_on"] = M("日期格式须为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
	}
	for name, s := range map[string]string{"body": v.Body, "note": v.Note} {
		if m := CheckText(s); m != nil && f[name].EN == "" {
			f[name] = *m
		}
	}
	return f.Err()
}

func tooLong(max int) Msg {
	return M("不能超过 "+strconv.Itoa(max)+" 个字", "must be at most "+strconv.Itoa(max)+" characters")
}

func init() {
	for k, v := range map[string]Msg{
		"policy.add":       M("政策文件入库", "Policy document added to the library"),
		"policy.edit":      M("修改政策文件信息", "Policy document's description changed"),
		"policy.version":   M("发布政策文件新版本", "New version of a policy document"),
		"policy.supersede": M("政策文件被替代", "Policy document superseded"),
	} {
		EventActions[k] = v
	}
}
