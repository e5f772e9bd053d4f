package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/federation"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["federation-demo"] = command{summary: "run three federated instances (the centre and two provinces) on one NATS JetStream and show a ban crossing provinces", run: runFederationDemo}
}

// demoInstance is one instance of the federation demo.
type demoInstance struct {
	name, label string
	port        int
	demoData    bool
	trusts      []string
}

func (d demoInstance) db(dir string) string { return filepath.Join(dir, d.name, "goumai.db") }

// runFederationDemo prepares three SQLite databases and their trust files,
// runs `goumai serve` three times (the centre, 江苏 and 浙江, the provinces
// with the demo data), then plays the scenario: a ban imported in 江苏 reaches
// 浙江, whose supplier check refuses the supplier (ENG-A5), and the centre's
// statistics equal the sum of the provinces'. The instances keep serving
// until interrupted.
func runFederationDemo(e *env) int {
	fs := newFlags(e, "federation-demo")
	dir := fs.String("dir", "goumai-federation", "directory of the three instances' databases and trust files")
	natsURL := fs.String("nats", "nats://127.0.0.1:4222", "NATS JetStream URL")
	basePort := fs.Int("port", 8093, "the centre's port; the provinces take the next two")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	insts := []demoInstance{
		{name: "centre", label: "中央（财政部）centre", port: *basePort, trusts: []string{"jiangsu", "zhejiang"}},
		{name: "jiangsu", label: "江苏 province A", port: *basePort + 1, demoData: true, trusts: []string{"zhejiang"}},
		{name: "zhejiang", label: "浙江 province B", port: *basePort + 2, demoData: true, trusts: []string{"jiangsu"}},
	}
	// Each log's key is created at its first start: read the verifier keys for the trust files.
	vkeys := map[string]string{}
	for _, in := range insts {
		s, ok := openStoreWith(e, "federation-demo", in.db(*dir), sqlstore.Options{LogOrigin: "goumai." + in.name + ".demo/log", Outbox: true})
		if !ok {
			return 1
		}
		vkeys[in.name] = s.VerifierKey()
		s.Close()
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai federation-demo: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	var wg sync.WaitGroup
	for _, in := range insts {
		var peers []federation.Peer
		for _, t := range in.trusts {
			peers = append(peers, federation.Peer{Name: t, VerifierKey: vkeys[t]})
		}
		trust := filepath.Join(*dir, in.name, "trust.json")
		b, _ := json.MarshalIndent(peers, "", "  ")
		if err := os.WriteFile(trust, b, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "goumai federation-demo: %v\n", err)
			return 1
		}
		args := []string{"serve", "--db", in.db(*dir), "--addr", "127.0.0.1:" + strconv.Itoa(in.port), "--nats", *natsURL,
			"--instance", in.name, "--trust", trust, "--log-origin", "goumai." + in.name + ".demo/log"}
		if in.demoData {
			args = append(args, "--demo")
		}
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
		cmd.WaitDelay = 20 * time.Second
		out, _ := cmd.StdoutPipe()
		cmd.Stderr = cmd.Stdout
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(e.stderr, "goumai federation-demo: start %s: %v\n", in.name, err)
			return 1
		}
		wg.Add(2)
		go func() { defer wg.Done(); prefixLines(e.stdout, in.name, out) }()
		go func() { defer wg.Done(); _ = cmd.Wait() }()
	}
	defer wg.Wait()
	for _, in := range insts {
		if !waitHealthy(ctx, in.port) {
			fmt.Fprintf(e.stderr, "goumai federation-demo: %s did not start on port %d\n", in.name, in.port)
			return 1
		}
	}
	if err := playFederationDemo(ctx, e, *dir, insts); err != nil {
		fmt.Fprintf(e.stderr, "goumai federation-demo: %v\n", err)
	}
	fmt.Fprintln(e.stdout, "\nThe three instances keep running (Ctrl-C stops them):")
	for _, in := range insts {
		fmt.Fprintf(e.stdout, "  %-24s http://127.0.0.1:%d/\n", in.label, in.port)
	}
	fmt.Fprintf(e.stdout, "  national statistics      http://127.0.0.1:%d/api/v1/federation/statistics\n", insts[0].port)
	<-ctx.Done()
	return 0
}

// playFederationDemo bans a demo supplier in 江苏 and shows 浙江 refusing it,
// then compares the centre's statistics with the provinces'.
func playFederationDemo(ctx context.Context, e *env, dir string, insts []demoInstance) error {
	js, ok := openStoreWith(e, "federation-demo", insts[1].db(dir), sqlstore.Options{Outbox: true})
	if !ok {
		return fmt.Errorf("open %s", insts[1].name)
	}
	defer js.Close()
	zj, ok := openStoreWith(e, "federation-demo", insts[2].db(dir), sqlstore.Options{Outbox: true})
	if !ok {
		return fmt.Errorf("open %s", insts[2].name)
	}
	defer zj.Close()
	var supplier string
	for _, a := range demo.List() {
		if slices.Contains(a.Roles, goumai.RoleSupplier) && !a.Pending {
			supplier = a.Username
			break
		}
	}
	reviewer, err := demo.Actor(ctx, js, "zj.reviewer")
	if err != nil {
		return err
	}
	target, err := demo.Actor(ctx, zj, supplier)
	if err != nil {
		return err
	}
	o := target.Org
	csv := "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON\n" + o.CreditCode + "," + o.Name + ",江苏省财政厅（演示）,苏财购〔2026〕1号,2026-01-01,2028-12-31\n"
	if _, err := workflow.New(js).ImportCreditList(ctx, reviewer, workflow.ListImport{Kind: goumai.ListBan, Source: "联邦演示：江苏省财政厅处罚决定"}, []byte(csv)); err != nil {
		return fmt.Errorf("ban in jiangsu: %w", err)
	}
	evs, err := js.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "credit_list_entries", Limit: 1})
	if err != nil || len(evs) == 0 {
		return fmt.Errorf("the ban's event: %v", err)
	}
	fmt.Fprintf(e.stdout, "\n① 江苏 bans %s (%s): leaf %d of its log\n", o.Name, o.CreditCode, evs[0].ID)
	start := time.Now()
	for {
		p, err := zj.FedPeer(ctx, "jiangsu")
		if err != nil {
			return err
		}
		if p.Applied >= evs[0].ID {
			break
		}
		if time.Since(start) > 2*time.Minute {
			return fmt.Errorf("the ban did not reach zhejiang in 2 minutes (is NATS running?)")
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Fprintf(e.stdout, "② 浙江 received it %v later, verified against 江苏's signed checkpoint\n", time.Since(start).Round(time.Millisecond))
	c, err := workflow.New(zj).RunSupplierCheck(ctx, goumai.System, o.ID, "联邦演示：投标前核查", time.Time{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "③ 浙江's supplier check of %s: %s (%s)\n", o.Name, c.Result, c.Rule)
	for _, h := range c.Hits {
		if h.Source != "" {
			fmt.Fprintf(e.stdout, "     %s: %s\n", h.Rule, h.Detail.ZH)
		}
	}
	time.Sleep(3 * time.Second) // let the centre catch up
	var st struct{ Events, Amount int64 }
	res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/api/v1/federation/statistics", insts[0].port))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		return err
	}
	var n, amount int64
	for _, s := range []*sqlstore.Store{js, zj} {
		fs, err := s.PublishedStats(ctx)
		if err != nil {
			return err
		}
		for _, f := range fs {
			n, amount = n+f.N, amount+f.Amount
		}
	}
	fmt.Fprintf(e.stdout, "④ centre's statistics: %d events, %s; the provinces' own: %d events, %s\n",
		st.Events, goumai.Fen(st.Amount).Yuan()+" 元", n, goumai.Fen(amount).Yuan()+" 元")
	return nil
}

func prefixLines(w io.Writer, name string, r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fmt.Fprintf(w, "[%s] %s\n", name, sc.Text())
	}
}

func waitHealthy(ctx context.Context, port int) bool {
	deadline := time.Now().Add(10 * time.Minute) // the demo data loads first
	for time.Now().Before(deadline) && ctx.Err() == nil {
		res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", port))
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	return false
}
