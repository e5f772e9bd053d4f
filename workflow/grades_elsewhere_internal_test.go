package workflow

import (
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore"
)

// Only the poor grades received from other instances are reported, each
// naming the publishing instance and the index in its log.
func TestPoorGradesElsewhere(t *testing.T) {
	got := poorGradesElsewhere([]sqlstore.ReceivedGrade{
		{Source: "js", LogIndex: 4316, ContractID: "contract-7", Region: "320100", Grade: "poor", Score: 5200},
		{Source: "js", LogIndex: 4400, ContractID: "contract-8", Region: "320100", Grade: "fair", Score: 7000},
		{Source: "ah", LogIndex: 12, ContractID: "contract-1", Region: "340100", Grade: "excellent", Score: 9500},
	})
	if len(got) != 1 || got[0].Source != "js" || got[0].LogIndex != 4316 || got[0].ContractID != "contract-7" {
		t.Fatalf("got %+v, want the one poor grade of js, entry 4316", got)
	}
	for _, s := range []string{got[0].Detail.ZH, got[0].Detail.EN} {
		if !strings.Contains(s, "js") || !strings.Contains(s, "4316") || !strings.Contains(s, "contract-7") {
			t.Errorf("detail %q does not name the source, log index and contract", s)
		}
	}
	if got := poorGradesElsewhere(nil); got != nil {
		t.Errorf("no grades: %+v", got)
	}
}
