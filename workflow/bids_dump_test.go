package workflow_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestBidsDump: a dump of the database taken before opening reveals nothing
// of a bid. After a bid with a distinctive price, response and document is
// submitted, every row of every table — and on SQLite the raw bytes of the
// database and its WAL — is searched for the price's digits, the response,
// the document's bytes and its SHA-256, the salt and the bidder's name next
// to the procedure: none is there.
func TestBidsDump(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w, p, lot := tenderScene(t, s, clock)
		kang := w.bidders[0]
		doc := pdf("DUMP-PROBE-DOCUMENT 技术方案绝密段落 Q7K2")
		sum := sha256.Sum256(doc)
		must[goumai.Bid](t, "document")(w.svc.AddBidDocument(ctx, kang.Actor, p.ID, lot.ID, "绝密方案.pdf", doc))
		in := bidInput(37_914_257) // ¥379,142.57
		in.Responses = []goumai.BidResponse{{Requirement: "服务方案", Response: "DUMP-PROBE-RESPONSE 独特响应内容"}}
		d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, kang.Actor, p.ID, lot.ID, in))
		b := must[goumai.Bid](t, "submit")(w.svc.SubmitBid(ctx, kang.Actor, p.ID, lot.ID, kang.sign(t, d)))
		secrets := []string{"37914257", "379142.57", "379,142.57", "DUMP-PROBE-DOCUMENT", "DUMP-PROBE-RESPONSE", "独特响应内容", "绝密方案",
			hex.EncodeToString(sum[:]), string(doc), b.Submitted.Salt}

		q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
		if s.Dialect() == sqlstore.Postgres {
			q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
		}
		tables := must[[]string](t, "tables")(queryStrings(ctx, s, q))
		if len(tables) < 20 {
			t.Fatalf("only %d tables", len(tables))
		}
		if !strings.Contains(dumpTable(t, s, "orgs"), kang.Org.Name) || !strings.Contains(dumpTable(t, s, "bid_commitments"), b.Submitted.Commitment) {
			t.Fatal("the dump does not show what is stored in clear") // the search below can fail
		}
		for _, table := range tables {
			dump := dumpTable(t, s, table)
			for _, sec := range secrets {
				if strings.Contains(dump, sec) {
					t.Errorf("table %s holds %q", table, sec)
				}
			}
		}
		if s.Dialect() == sqlstore.SQLite {
			for _, f := range []string{s.DSN().Path, s.DSN().Path + "-wal"} {
				raw, err := os.ReadFile(f)
				if err != nil {
					t.Fatalf("read %s: %v", f, err)
				}
				for _, sec := range secrets {
					if strings.Contains(string(raw), sec) {
						t.Errorf("%s holds %q", f, sec)
					}
				}
			}
		}
		// And the bidder reads it all back.
		got := must[goumai.Bid](t, "own")(w.svc.Bid(ctx, kang.Actor, b.ID))
		if got.Submitted.Content.Price != 37_914_257 || got.Submitted.Content.Responses[0].Response != "DUMP-PROBE-RESPONSE 独特响应内容" {
			t.Fatalf("the bidder's bid: %+v", got.Submitted.Content)
		}
	})
}

func queryStrings(ctx context.Context, s *sqlstore.Store, q string) ([]string, error) {
	rows, err := s.DB().QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// dumpTable returns every value of every row of table as text (bytes as
// they are, numbers and times printed).
func dumpTable(t *testing.T, s *sqlstore.Store, table string) string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), `SELECT * FROM "`+table+`"`)
	if err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		for _, v := range vals {
			switch x := v.(type) {
			case []byte:
				sb.Write(x)
			default:
				fmt.Fprint(&sb, x)
			}
			sb.WriteByte('\t')
		}
		sb.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}
