package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore"
)

// TestBrowserProjectStory (issue 11 item 5): the public page of the demo's
// project that went through procurement,
// its print view and its 关怀版 pass the accessible-markup checks in Chinese
// and English; the timeline lists the process and its links lead somewhere.
func TestBrowserProjectStory(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)
	list, err := s.Store.FindProjects(context.Background(), sqlstore.ProjectFilter{Query: "独居老人探访关爱服务", Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("find the project: %v %v", err, list)
	}
	page := fmt.Sprintf("/projects/%d", list[0].ID)
	evs, err := s.Store.ProjectTimeline(context.Background(), list[0].ID)
	if err != nil || len(evs) < 5 {
		t.Fatalf("the project's public events: %d %v", len(evs), err)
	}
	check := func(name, path string) {
		t.Run(name, func(t *testing.T) {
			open(t, ctx, s, path)
			for _, problem := range eval[[]string](t, ctx, "accessibility check", a11yProblems) {
				t.Error(problem)
			}
			if n := eval[int](t, ctx, "timeline rows", `document.querySelectorAll("#story-timeline tr.story-entry").length`); n != len(evs) {
				t.Errorf("%d timeline rows for %d public events", n, len(evs))
			}
			if n := eval[int](t, ctx, "log links", `document.querySelectorAll("#story-timeline a.story-log[href^='/log/events/']").length`); n != len(evs) {
				t.Errorf("%d log links for %d public events", n, len(evs))
			}
		})
	}
	check("zh page", page)
	check("zh print", page+"/print")
	open(t, ctx, s, "/prefs?lang=en&back=/")
	check("en page", page)
	check("en print", page+"/print")
	open(t, ctx, s, "/prefs?care=1&back="+page)
	if cls := eval[string](t, ctx, "html class", `document.documentElement.className`); !strings.Contains(cls, "font-xlarge") || !strings.Contains(cls, "contrast-high") {
		t.Errorf("关怀版: html class %q", cls)
	}
	check("en care", page)
	open(t, ctx, s, page)
	click(t, ctx, "the first notice", "#story-notice-list a.story-notice")
}
