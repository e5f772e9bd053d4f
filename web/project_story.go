package web

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// A project's public story (issue 11 item 5): the project page tells the whole
// public story of the process — every public event of the project and of what
// belongs to it (procedures and re-procurements, notices, opening, result,
// awards, contracts, acceptance, payments, performance, closure) in time order,
// each with the public page of what happened and its log entry with proof; the
// notices and documents of the process; and its OCDS data for download.
// It reads the history the store already keeps (sqlstore.ProjectTimeline:
// bounded, indexed, in log order) and the project's published releases.

func init() {
	funcs["isotime"] = func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(goumai.Shanghai).Format(time.RFC3339)
	}
	// storyobj names the kind of an event's object on the story, falling back
	// to the log's names (object).
	funcs["storyobj"] = func(lang, typ string) string {
		if _, ok := messages["story.obj."+typ]; ok {
			return tr(lang, "story.obj."+typ)
		}
		return funcs["object"].(func(string, string) string)(lang, typ)
	}
	funcs["nkindof"] = func(lang, kind string) string { return goumai.NoticeKind(kind).Label().In(lang) }
}

// storyEntry is one public event of the story.
type storyEntry struct {
	Event goumai.Event
	Label goumai.Msg // what happened
	Href  string     // the public page of what happened; "" when it has none of its own
	Title string     // the object's name, when its state has one
	OCDS  bool       // an OCDS release was published from this event
}

// storyDoc is a notice or a document of the process: a procedure, a contract,
// an acceptance sheet, each with its public page and print view.
type storyDoc struct {
	Type  string // the object's table: notices, procurements, contracts, acceptances
	ID    int64
	Kind  string // a notice's kind
	Title string
	At    time.Time // its first public event
	Href  string
	Print string // its print view, "" when it has none
}

// projectStory is what the project page shows of the process.
type projectStory struct {
	Entries  []storyEntry
	Notices  []storyDoc
	Docs     []storyDoc
	OCID     string
	Releases int // the OCDS releases published of the process
}

// storyRefs are the references an event's state holds to what it belongs to.
type storyRefs struct {
	ProcurementID int64  `json:"procurement_id"`
	ContractID    int64  `json:"contract_id"`
	Kind          string `json:"kind"`
	Number        any    `json:"number"` // a contract's number (a notice's is its rank)
}

// storyPages maps an object's table to the public page of what it belongs to.
// Tables not named here link to their contract's page, else their procedure's,
// else to nothing (the project's own events are this page).
var storyPages = map[string]func(id int64, r storyRefs) string{
	"notices":          func(id int64, _ storyRefs) string { return "/notices/" + strconv.FormatInt(id, 10) },
	"procurements":     func(id int64, _ storyRefs) string { return "/procurements/" + strconv.FormatInt(id, 10) },
	"contracts":        func(id int64, _ storyRefs) string { return "/contracts/" + strconv.FormatInt(id, 10) },
	"acceptances":      func(id int64, _ storyRefs) string { return "/acceptances/" + strconv.FormatInt(id, 10) },
	"draw_commitments": func(_ int64, r storyRefs) string { return storyProcPage(r.ProcurementID, "/panel") },
	"panel_draws":      func(_ int64, r storyRefs) string { return storyProcPage(r.ProcurementID, "/panel") },
	"panel_members":    func(_ int64, r storyRefs) string { return storyProcPage(r.ProcurementID, "/panel") },
	"challenges":       func(_ int64, r storyRefs) string { return storyProcPage(r.ProcurementID, "/challenges") },
	"complaints":       func(_ int64, r storyRefs) string { return storyProcPage(r.ProcurementID, "/challenges") },
	"performance_evaluations": func(_ int64, r storyRefs) string {
		return storyContractPage(r.ContractID, "/performance")
	},
	"service_complaints": func(_ int64, r storyRefs) string { return storyContractPage(r.ContractID, "/delivery") },
	"inspections":        func(_ int64, r storyRefs) string { return storyContractPage(r.ContractID, "/delivery") },
	"progress_reports":   func(_ int64, r storyRefs) string { return storyContractPage(r.ContractID, "/delivery") },
	"rectifications":     func(_ int64, r storyRefs) string { return storyContractPage(r.ContractID, "/delivery") },
	"projects":           func(int64, storyRefs) string { return "" },
	"project_reviews":    func(int64, storyRefs) string { return "" },
	"project_closures":   func(int64, storyRefs) string { return "" },
}

func storyProcPage(id int64, sub string) string {
	if id == 0 {
		return ""
	}
	return "/procurements/" + strconv.FormatInt(id, 10) + sub
}

func storyContractPage(id int64, sub string) string {
	if id == 0 {
		return ""
	}
	return "/contracts/" + strconv.FormatInt(id, 10) + sub
}

// storyPrints are the print views of the documents listed.
var storyPrints = map[string]string{"notices": "/print", "contracts": "/print", "acceptances": "/print"}

// storyHref is the public page of event e's object, from its recorded state;
// a deleted object (null state) has none.
func storyHref(e goumai.Event) (string, storyRefs) {
	var refs storyRefs
	if len(e.State) == 0 || string(e.State) == "null" || json.Unmarshal(e.State, &refs) != nil {
		return "", refs
	}
	id, _ := strconv.ParseInt(e.ObjectID, 10, 64)
	if page, ok := storyPages[e.ObjectType]; ok {
		return page(id, refs), refs
	}
	if h := storyContractPage(refs.ContractID, ""); h != "" {
		return h, refs
	}
	return storyProcPage(refs.ProcurementID, ""), refs
}

// projectStory reads the public story of published project p.
func (s *Server) projectStory(ctx context.Context, p goumai.Project) (projectStory, error) {
	st := projectStory{OCID: s.store.OCIDPrefix() + "-" + strconv.FormatInt(p.ID, 10)}
	released := map[int64]bool{}
	if _, err := s.store.Releases(ctx, sqlstore.ReleaseFilter{After: -1, OCID: st.OCID}, func(rel sqlstore.StoredRelease) error {
		released[rel.LogIndex] = true
		return nil
	}); err != nil {
		return st, err
	}
	st.Releases = len(released)
	evs, err := s.store.ProjectTimeline(ctx, p.ID)
	if err != nil {
		return st, err
	}
	docs := map[string]int{} // type/id → index in Notices or Docs
	st.Entries = make([]storyEntry, 0, len(evs))
	for _, e := range evs {
		href, refs := storyHref(e)
		en := storyEntry{Event: e, Label: goumai.EventActionLabel(e.Action), Href: href, OCDS: released[e.ID]}
		if t := e.Title(); t != e.ObjectType+" "+e.ObjectID {
			en.Title = t
		}
		st.Entries = append(st.Entries, en)
		if href == "" {
			continue
		}
		switch e.ObjectType {
		case "notices", "procurements", "contracts", "acceptances":
		default:
			continue
		}
		id, _ := strconv.ParseInt(e.ObjectID, 10, 64)
		title := en.Title
		if n, ok := refs.Number.(string); ok && title == "" {
			title = n
		}
		d := storyDoc{Type: e.ObjectType, ID: id, Kind: refs.Kind, Title: title, At: e.At, Href: href}
		if sub, ok := storyPrints[e.ObjectType]; ok {
			d.Print = href + sub
		}
		key := e.ObjectType + "/" + e.ObjectID
		list := &st.Docs
		if e.ObjectType == "notices" {
			list = &st.Notices
		}
		if i, ok := docs[key]; ok { // a later state: keep the first date, take the latest title
			d.At = (*list)[i].At
			(*list)[i] = d
			continue
		}
		docs[key] = len(*list)
		*list = append(*list, d)
	}
	return st, nil
}

// storyJSON is the story as the project API gives it: each public event with
// the public page of what happened and its log entry, and the OCDS downloads.
type storyJSON struct {
	OCID           string          `json:"ocid"`
	Releases       int             `json:"releases"`
	ReleasePackage string          `json:"release_package,omitempty"`
	RecordPackage  string          `json:"record_package,omitempty"`
	History        string          `json:"history"` // the events with their leaves and proofs
	Entries        []storyJSONItem `json:"entries"`
}

type storyJSONItem struct {
	EventID    int64      `json:"event_id"`
	At         time.Time  `json:"at"`
	Action     string     `json:"action"`
	Label      goumai.Msg `json:"label"`
	ObjectType string     `json:"object_type"`
	ObjectID   string     `json:"object_id"`
	Title      string     `json:"title,omitempty"`
	Page       string     `json:"page,omitempty"`
	Log        string     `json:"log"`
	OCDS       bool       `json:"ocds_release"`
}

// JSON is the story in the project API's terms.
func (st projectStory) JSON(projectID int64) storyJSON {
	out := storyJSON{OCID: st.OCID, Releases: st.Releases, Entries: make([]storyJSONItem, 0, len(st.Entries)),
		History: "/api/v1/projects/" + strconv.FormatInt(projectID, 10) + "/timeline"}
	if st.Releases > 0 {
		out.ReleasePackage, out.RecordPackage = "/ocds/releases/"+st.OCID, "/ocds/records/"+st.OCID
	}
	for _, en := range st.Entries {
		e := en.Event
		out.Entries = append(out.Entries, storyJSONItem{EventID: e.ID, At: e.At, Action: e.Action, Label: en.Label, ObjectType: e.ObjectType,
			ObjectID: e.ObjectID, Title: en.Title, Page: en.Href, Log: "/log/events/" + strconv.FormatInt(e.ID, 10), OCDS: en.OCDS})
	}
	return out
}

// publicStory is the story of project p when p is published (anyone may read
// it), for the project API; ok is false for a project not published.
func (s *Server) publicStory(ctx context.Context, p goumai.Project) (storyJSON, bool, error) {
	if _, err := s.svc.Project(ctx, goumai.Actor{}, p.ID); err != nil {
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return storyJSON{}, false, nil
		}
		return storyJSON{}, false, err
	}
	st, err := s.projectStory(ctx, p)
	if err != nil {
		return storyJSON{}, false, err
	}
	return st.JSON(p.ID), true, nil
}
