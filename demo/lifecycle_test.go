package demo

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// sealedWorld loads the demo world into s with a seal key (responses are
// taken and opened) and returns its service.
func sealedWorld(t testing.TB, s *sqlstore.Store) *workflow.Service {
	t.Helper()
	svc := workflow.New(s)
	key, err := goumai.ParseSealKey([]byte("goumai-seal-key-v1 " + strings.Repeat("6b", 32)))
	if err != nil {
		t.Fatal(err)
	}
	if svc.Sealer, err = goumai.NewSealer(key); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return svc
}

// TestLifeCycle: a new project of the demo world goes from its application
// to its closure through the use cases: closed and read-only (ENG-I2), its
// ledger holding paid ≤ contract ≤ obligation ≤ budget, paid the contract's
// amount less the grade's deduction, every payment public, the log
// verified; and a project stopped at each stage is in that stage.
func TestLifeCycle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		svc := sealedWorld(t, s)
		start := clock.Now()
		res, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: "2026年西湖区独居老人探访关爱服务（生命周期）"})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("a life cycle from %s to %s", start.Format("2006-01-02"), clock.Now().Format("2006-01-02"))
		checkClosed(t, svc, res)
		checkSignaturesWithOpenSSL(t, svc, res.Contract)
		closed := res
		// ENG-J1: the grade is offered to the reviewers of a later application of the same service.
		if sum, err := svc.CategoryPerformance(ctx, res.Project.Region, res.Project.CatalogCode); err != nil || sum.Contracts < 1 || len(sum.Breakdown()) == 0 {
			t.Errorf("the region's performance of %s: %+v, %v", res.Project.CatalogCode, sum, err)
		}
		for _, stop := range Stages[:len(Stages)-1] {
			t.Run(stop.String(), func(t *testing.T) {
				res, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: "2026年西湖区探访关爱服务（停在" + stop.String() + "）", Stop: stop})
				if err != nil {
					t.Fatal(err)
				}
				checkStage(t, s, res, stop)
				if stop == StageAwarded {
					checkRecordShown(t, svc, res, closed)
				}
			})
		}
		if _, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: "2026年西湖区独居老人探访关爱服务（生命周期）", Stop: StageApplied}); err == nil {
			t.Error("a second project of the same title")
		}
		_, err = s.Checkpoint(ctx)
		sqltest.Must(t, err)
		rep, err := s.Verify(ctx, nil)
		sqltest.Must(t, err)
		if !rep.OK() {
			t.Errorf("log verify: %q", rep.Problems)
		}
	})
}

// checkClosed checks a project taken to its closure.
func checkClosed(t *testing.T, svc *workflow.Service, res LifeCycleResult) {
	t.Helper()
	ctx := context.Background()
	s := svc.Store
	c, pr := res.Contract, res.Project
	if res.Stage != StageClosed || pr.Status != goumai.ProjectClosed || c.Status != goumai.ContractSigned {
		t.Fatalf("stage %s, project %s, contract %s", res.Stage, pr.Status, c.Status)
	}
	for _, m := range c.Milestones {
		if m.Status != goumai.MilestoneAccepted {
			t.Errorf("milestone %d: %s", m.No, m.Status)
		}
	}
	// The final payment carries the grade's deduction: 合格 loses 10 %.
	if len(res.Payments) != 2 {
		t.Fatalf("payments %+v", res.Payments)
	}
	final := res.Payments[len(res.Payments)-1]
	for _, p := range res.Payments {
		if p.Final {
			final = p
		}
		if p.Status != goumai.PaymentPaid {
			t.Errorf("payment %d: %s", p.ID, p.Status)
		}
	}
	g, ok, err := s.ContractGrade(ctx, c.ID)
	sqltest.Must(t, err)
	if !ok || g.Grade != goumai.GradeFair || res.Evaluation.Grade != g.Grade || res.Evaluation.Status != goumai.EvalPublished {
		t.Errorf("grade %+v %v, evaluation %+v", g, ok, res.Evaluation)
	}
	want := goumai.Deduction(final.Amount, goumai.FinalDeductionPct[g.Grade])
	if !final.Final || final.Deduction != want || want == 0 {
		t.Errorf("the final payment %+v: deduction %d, want %d (grade %s)", final, final.Deduction, want, g.Grade)
	}
	// The ledger: paid ≤ contract ≤ obligation ≤ budget, on the project and the line.
	es, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{ProjectID: pr.ID, Limit: 100})
	sqltest.Must(t, err)
	sum := map[goumai.LedgerKind]goumai.Fen{}
	for _, e := range es {
		sum[e.Kind] += e.Amount
	}
	paid, obligated := sum[goumai.LedgerPay], sum[goumai.LedgerObligate]
	if !(paid <= c.Amount && c.Amount <= obligated && obligated <= sum[goumai.LedgerCommit] && sum[goumai.LedgerCommit] == pr.Amount) {
		t.Errorf("ledger of the project: %v for a contract of %d", sum, c.Amount)
	}
	if paid != c.Amount-final.Deduction || sum[goumai.LedgerDeobligate] != final.Deduction || obligated-sum[goumai.LedgerDeobligate]-paid != 0 {
		t.Errorf("paid %d, deobligated %d: want %d − %d, nothing left obligated", paid, sum[goumai.LedgerDeobligate], c.Amount, final.Deduction)
	}
	b, err := s.Balance(ctx, pr.BudgetLineID)
	sqltest.Must(t, err)
	if b.Obligated < 0 || b.Committed < 0 || b.Available() < 0 || b.Paid < paid {
		t.Errorf("the line's balance %+v", b)
	}
	// Every payment public, net of its deduction.
	pub, err := svc.ProjectPayments(ctx, pr.ID)
	sqltest.Must(t, err)
	var public goumai.Fen
	for _, p := range pub {
		public += p.Amount
	}
	if len(pub) != len(res.Payments) || public != paid {
		t.Errorf("public payments %+v, want %d paid", pub, paid)
	}
	// Closed is read-only (ENG-I2): refused with the rule, nothing written.
	staff, err := demoActor(ctx, s, "xihu.minzheng")
	sqltest.Must(t, err)
	tree, err := s.TreeSize(ctx)
	sqltest.Must(t, err)
	_, err = svc.UpdateContract(ctx, staff, c.ID, workflow.ContractInput{Version: c.Version, Title: c.Title + "（改）", Amount: c.Amount,
		TermMonths: c.TermMonths, StartOn: c.StartOn, Terms: c.Terms})
	if e := goumai.AsError(err); err == nil || e.Rule != "ENG-I2" {
		t.Errorf("changing the closed project's contract: %v", err)
	}
	if _, err := svc.CloseProject(ctx, staff, pr.ID); goumai.AsError(err).Rule != "ENG-I2" {
		t.Errorf("closing the closed project again: %v", err)
	}
	if got, err := s.TreeSize(ctx); err != nil || got != tree {
		t.Errorf("refusals wrote %d events (%v)", got-tree, err)
	}
}

// checkStage checks a project stopped at a stage is in it.
func checkStage(t *testing.T, s *sqlstore.Store, res LifeCycleResult, stop Stage) {
	t.Helper()
	ctx := context.Background()
	if res.Stage != stop {
		t.Fatalf("stopped at %s, want %s", res.Stage, stop)
	}
	wantProject := goumai.ProjectApproved
	if stop == StageApplied {
		wantProject = goumai.ProjectSubmitted
	}
	if res.Project.Status != wantProject {
		t.Errorf("project %s, want %s", res.Project.Status, wantProject)
	}
	if stop < StagePublished {
		return
	}
	p := res.Procurement
	wantProc := goumai.ProcTendering
	if stop >= StageAwarded {
		wantProc = goumai.ProcAwarded
	}
	if p.Status != wantProc {
		t.Errorf("procurement %s, want %s", p.Status, wantProc)
	}
	if stop < StageSigned {
		if as, err := s.Awards(ctx, p.ID); err != nil || (len(as) == 1) != (stop == StageAwarded) {
			t.Errorf("awards %+v %v", as, err)
		}
		return
	}
	c := res.Contract
	var got []string
	for _, m := range c.Milestones {
		got = append(got, string(m.Status))
	}
	paid := 0
	for _, p := range res.Payments {
		if p.Status == goumai.PaymentPaid {
			paid++
		}
	}
	_, graded, err := s.ContractGrade(ctx, c.ID)
	sqltest.Must(t, err)
	want := map[Stage]string{
		StageSigned:    "[pending pending] paid 0 graded false",
		StageDelivery:  "[accepted pending] paid 1 graded false",
		StageAccepted:  "[accepted accepted] paid 1 graded false",
		StageEvaluated: "[accepted accepted] paid 1 graded true",
	}[stop]
	if g := fmt.Sprintf("%v paid %d graded %v", got, paid, graded); c.Status != goumai.ContractSigned || g != want {
		t.Errorf("contract %s: %s, want %s", c.Status, g, want)
	}
}

// checkRecordShown checks that the panel's and organisers' view of a later
// evaluation shows the grade the closed life cycle's supplier earned (ENG-J1:
// kept on the supplier's record, shown to later panels).
func checkRecordShown(t *testing.T, svc *workflow.Service, later, closed LifeCycleResult) {
	t.Helper()
	ctx := context.Background()
	staff, err := demoActor(ctx, svc.Store, "xihu.minzheng")
	if err != nil {
		t.Fatal(err)
	}
	v, err := svc.Evaluation(ctx, staff, later.Procurement.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec := v.Records[closed.Contract.SupplierOrgID]
	if !slices.ContainsFunc(rec, func(g goumai.SupplierGrade) bool { return g.ContractID == closed.Contract.ID && g.Grade != "" }) {
		t.Errorf("the later evaluation's records of supplier %d: %+v, want the grade of contract %d", closed.Contract.SupplierOrgID, rec, closed.Contract.ID)
	}
	for _, b := range v.Bids {
		if _, ok := v.Records[b.OrgID]; !ok {
			t.Errorf("no record looked up for bidder %s", b.Supplier)
		}
	}
}

// checkSignaturesWithOpenSSL verifies both parties' signatures of the
// contract with a tool that is not goumai, OpenSSL 3, exactly as
// docs/contract-signatures.md tells anyone to: the 32 bytes of the hash, the
// signer's registered public key in PEM, the raw signature.
func checkSignaturesWithOpenSSL(t *testing.T, svc *workflow.Service, c goumai.Contract) {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is missing under CI: the contract's signatures must be verified without goumai")
		}
		t.Skip("no openssl on this machine")
	}
	if len(c.Signatures) != 2 {
		t.Fatalf("contract %s: %d signatures, want both parties'", c.Number, len(c.Signatures))
	}
	hash, err := hex.DecodeString(c.Hash)
	if err != nil || len(hash) != 32 {
		t.Fatalf("contract hash %q: %v", c.Hash, err)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hashFile := write("hash.bin", hash)
	for _, sig := range c.Signatures {
		k, err := svc.Store.SigningKey(context.Background(), sig.KeyID)
		if err != nil {
			t.Fatalf("%s's key %s: %v", sig.Party, sig.KeyID, err)
		}
		pub := write("pub-"+string(sig.Party)+".pem", []byte(k.PEM))
		verify := func(sigFile string) ([]byte, error) {
			args := []string{"pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", pub, "-in", hashFile, "-sigfile", sigFile}
			if k.Algorithm == goumai.AlgSM2 {
				args = append(args, "-digest", "sm3", "-pkeyopt", "distid:1234567812345678")
			}
			return exec.Command(bin, args...).CombinedOutput()
		}
		if out, err := verify(write("sig-"+string(sig.Party)+".bin", sig.Signature)); err != nil || !strings.Contains(string(out), "Signature Verified Successfully") {
			t.Errorf("openssl does not verify %s's signature of %s: %v %s", sig.Party, c.Number, err, out)
		}
		bad := slices.Clone(sig.Signature)
		bad[len(bad)/2] ^= 1
		if out, err := verify(write("bad.bin", bad)); err == nil {
			t.Errorf("openssl verifies an altered signature of %s's: %s", sig.Party, out)
		}
	}
}
