package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/goumai/goumai"
)

// A project's history (issue 10 item 7): every public event of every object
// that belongs to the project, in log order — its application and review, its
// procedures and their notices, awards and refunds, its contracts and all that
// hangs on them. Which rows belong to a project follows from the audited
// tables' columns, so a table added later joins the history by having one of
// them: project_id, procurement_id (a procedure of the project) or contract_id
// (a contract of one of those procedures).

// Conditions selecting the rows of a table that belong to project $1.
const (
	ofProject     = "project_id = $1"
	ofProcurement = "procurement_id IN (SELECT id FROM procurements WHERE " + ofProject + ")"
	ofContract    = "contract_id IN (SELECT id FROM contracts WHERE " + ofProcurement + ")"
)

// projectScope is the condition selecting t's rows of project $1, or "" for
// a table that holds none (or only secrets, which have no public event).
func (t table) projectScope() string {
	if t.secret {
		return ""
	}
	if t.name == "projects" {
		return "id = $1"
	}
	has := func(name string) bool {
		return slices.ContainsFunc(t.cols, func(c column) bool { return c.name == name && (c.kind == colInt || c.kind == colNullInt) })
	}
	switch {
	case has("project_id"):
		return ofProject
	case has("procurement_id"):
		return ofProcurement
	case has("contract_id"):
		return ofContract
	}
	return ""
}

// maxTimeline bounds a project's history (a project has a few hundred public
// events; the bound keeps a pathological one from being read whole).
const maxTimeline = 5000

var (
	timelineOnce sync.Once
	timelineSQL  string
)

// projectTimelineSQL is one branch per table with rows of a project: each
// reads the events of those rows through events_object, in id order.
func projectTimelineSQL() string {
	timelineOnce.Do(func() {
		var parts []string
		for _, t := range auditedTables {
			cond := t.projectScope()
			if cond == "" {
				continue
			}
			parts = append(parts, `SELECT `+eventCols+` FROM events WHERE public = $2 AND object_type = '`+t.name+
				`' AND object_id IN (SELECT CAST(`+t.key+` AS TEXT) FROM `+t.name+` WHERE `+cond+`)`)
		}
		timelineSQL = strings.Join(parts, "\nUNION ALL\n") + "\nORDER BY id LIMIT " + strconv.Itoa(maxTimeline)
	})
	return timelineSQL
}

// ProjectTimeline lists the public events of project id and of everything
// that belongs to it, oldest first.
func (s *Store) ProjectTimeline(ctx context.Context, id int64) ([]goumai.Event, error) {
	return queryList(ctx, s.r, listTimeline, scanOneEvent, projectTimelineSQL(), id, true)
}

var listTimeline = registerList("ProjectTimeline", func(s *Store) []listSample {
	return []listSample{sample(projectTimelineSQL(), []any{1, true}).sorted("the branches of a project's tables are merged in log order")}
})
