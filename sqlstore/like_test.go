package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestSearchIsLiteral: a search string matches literally on both databases:
// % and _ are not wildcards, and neither is the escape character.
func TestSearchIsLiteral(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		names := []string{"百分之100%服务中心", "百分之1000服务中心", "a_b服务中心", "axb服务中心", `a\b服务中心`}
		var org int64
		for i, n := range names {
			org = mustOrg(t, s, goumai.Org{Name: n, Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				if _, err := tx.InsertUser(ctx, goumai.User{Username: fmt.Sprintf("user%d", i), DisplayName: n, Active: true}); err != nil {
					return err
				}
				_, err := tx.InsertProject(ctx, goumai.Project{Code: fmt.Sprintf("GM-330106-2026-%04d", i+1), PurchaserOrgID: org, Region: "330106",
					Title: n, Status: goumai.ProjectDraft})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"100%", []string{"百分之100%服务中心"}},
			{"%", []string{"百分之100%服务中心"}},
			{"a_b", []string{"a_b服务中心"}},
			{"_", []string{"a_b服务中心"}},
			{`a\b`, []string{`a\b服务中心`}},
			{`\`, []string{`a\b服务中心`}},
			{"服务中心", names},
		} {
			orgs, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Query: c.q})
			if err != nil {
				t.Fatal(err)
			}
			users, err := s.FindUsers(ctx, sqlstore.UserFilter{Query: c.q})
			if err != nil {
				t.Fatal(err)
			}
			projects, err := s.FindProjects(ctx, sqlstore.ProjectFilter{Query: c.q})
			if err != nil {
				t.Fatal(err)
			}
			var got [3][]string
			for _, o := range orgs {
				got[0] = append(got[0], o.Name)
			}
			for _, u := range users {
				got[1] = append(got[1], u.DisplayName)
			}
			for _, p := range projects {
				got[2] = append(got[2], p.Title)
			}
			for i, what := range []string{"organisations", "users", "projects"} {
				if fmt.Sprint(got[i]) != fmt.Sprint(c.want) {
					t.Errorf("%s matching %q = %q, want %q", what, c.q, got[i], c.want)
				}
			}
		}
	})
}
