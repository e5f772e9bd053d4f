package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// apiQualify qualifies each lot's recommended supplier of procedure id
// through the API as u (资质审核, before the purchaser's confirmation): a
// review before it is refused, then every condition of the documents is found
// met by the supplier's first current proof, with an opinion.
func apiQualify(t *testing.T, u apiUser, id int64) {
	t.Helper()
	path := fmt.Sprintf("/api/v1/procurements/%d/qualification", id)
	v := apiOK[workflow.QualificationView](t, u, "GET", path, nil, http.StatusOK, "qualification")
	for _, l := range v.Lots {
		if l.OpenedBidID == 0 || len(l.Evidence) == 0 {
			continue
		}
		in := workflow.QualifyInput{Version: v.Version, LotID: l.LotID}
		for _, c := range v.Conditions {
			in.Conditions = append(in.Conditions, goumai.ConditionReview{Name: c.Name, Met: true, Evidence: []int64{l.Evidence[0].ID}})
		}
		apiRefused(t, u, "POST", path+"s", in, http.StatusUnprocessableEntity, "") // no opinion
		in.Opinion = "经审核，" + l.Supplier + "符合采购文件规定的资格条件，信用记录查询无异常。"
		q := apiOK[goumai.QualificationReview](t, u, "POST", path+"s", in, http.StatusCreated, "qualification")
		if q.Result != goumai.Qualified {
			t.Fatalf("qualifying %s: %s %s %+v", l.Supplier, q.Result, q.Rule, q.Failures())
		}
	}
}
