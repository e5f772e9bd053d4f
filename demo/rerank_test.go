package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// checkRerank: the demo's awarded 磋商 had its award changed by an upheld
// challenge (另行确定, ENG-D8): 夕阳红's challenge of the first result notice
// was upheld naming 康宁, whose bid is set aside; the purchaser confirmed
// 夕阳红 and the second result notice replaces the first; 康宁's letter is void.
func checkRerank(t *testing.T, s *sqlstore.Store, svc *workflow.Service, p goumai.Procurement) {
	t.Helper()
	ctx := context.Background()
	xiyanghong, err := demoActor(ctx, s, "supplier.xiyanghong")
	if err != nil {
		t.Fatal(err)
	}
	kangning, err := demoActor(ctx, s, "supplier.kangning")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.Challenges(ctx, p.ID)
	if err != nil || len(cs) != 1 || cs[0].OrgID != xiyanghong.Org.ID || cs[0].Answer == nil ||
		cs[0].Answer.Outcome != goumai.OutcomeRerank || cs[0].Answer.SetAsideOrgID != kangning.Org.ID {
		t.Fatalf("the awarded procedure's challenge: %+v %v", cs, err)
	}
	v, err := svc.ProcurementResult(ctx, goumai.Actor{}, p)
	if err != nil || len(v.Awards) != 1 || v.Awards[0].OrgID != xiyanghong.Org.ID {
		t.Fatalf("the public result: %+v %v", v.Awards, err)
	}
	var results []goumai.Notice
	ns, err := s.Notices(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Kind == goumai.NoticeResult {
			results = append(results, n)
		}
	}
	if len(results) != 2 || !strings.Contains(results[1].Body.Reason, "取代") || results[1].Body.Awards[0].Supplier != "宁波市鄞州区夕阳红养老服务中心" {
		t.Fatalf("the result notices: %+v", results)
	}
	if !results[1].PublishedAt.Before(cs[0].Answer.At.AddDate(0, 0, 7)) || !cs[0].FiledAt.After(results[0].PublishedAt) {
		t.Errorf("the history's order: result %s, challenge %s, answer %s, result again %s", results[0].PublishedAt, cs[0].FiledAt, cs[0].Answer.At, results[1].PublishedAt)
	}
	ls, err := s.OrgLetters(ctx, kangning.Org.ID)
	ls = slices.DeleteFunc(ls, func(l goumai.AwardLetter) bool { return l.ProcurementID != p.ID }) // its letters of this procedure
	if err != nil || len(ls) != 2 || ls[0].Kind != goumai.LetterResult || ls[1].Kind != goumai.LetterAward || !ls[1].Superseded() || ls[0].Superseded() {
		t.Errorf("康宁's letters: %+v %v", ls, err)
	}
}
