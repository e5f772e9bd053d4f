package demo

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The demo's contract in force (合同签订, issue 10 item 2): five days after
// the result of 独居老人探访关爱服务 (demo/consultation.go) is published,
// 西湖区民政局 draws up the contract from the award and the documents, with
// four milestones (the payment schedule: the first month, then three
// periods); the winner signs its hash with its published demo key, then the
// purchaser with its own; the contract is in force (the commitment becomes
// an obligation, the 合同公告 is published) and the purchaser enters it for
// statistics the same day. Then the contract is performed (demo/delivery.go).

// XihuKeySeed is the seed of 杭州市西湖区民政局's demo contract key (Ed25519),
// published like the suppliers' demo keys: it signs nothing real.
var XihuKeySeed = sha256.Sum256([]byte("goumai demo signing key: xihu.minzheng (published, not secret)"))

// contractTwo draws up and signs the contract of 独居老人探访关爱服务.
// Without a seal key (svc.Sealer nil) nobody responded, so there is nothing
// to sign.
func (l *procLoader) contractTwo(ctx context.Context) error {
	if l.svc.Sealer == nil {
		return nil
	}
	pr, err := l.twoProjectOf(ctx)
	if err != nil {
		return err
	}
	_, err = l.contract(ctx, pr, quarters)
	return err
}

// contract draws up the contract of an awarded project's procedure, with the
// milestones schedule gives, and has the winner and the purchaser sign it;
// the purchaser enters it for statistics.
func (l *procLoader) contract(ctx context.Context, pr goumai.Project, schedule func(goumai.Contract) []goumai.MilestoneInput) (goumai.Contract, error) {
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return goumai.Contract{}, err
	}
	awards, err := l.svc.Store.Awards(ctx, p.ID)
	if err != nil || len(awards) != 1 {
		return goumai.Contract{}, fmt.Errorf("awards of %s: %v %v", p.Title, awards, err)
	}
	aw := awards[0]
	staff := l.actors["xihu.minzheng"]
	c, err := l.svc.DraftContract(ctx, staff, p.ID, aw.LotID, workflow.ContractInput{})
	if err != nil {
		return goumai.Contract{}, fmt.Errorf("draft: %w", err)
	}
	in := workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount, TermMonths: c.TermMonths, StartOn: c.StartOn, Terms: c.Terms}
	in.Terms.Settlement = "按季度考核后支付：每季度服务经验收合格后30日内支付当季服务费。"
	in.Terms.BreachLiability = "探访未达约定频次的，按每缺1人次扣减服务费20元；连续两个季度考核不合格的，采购人可解除合同。"
	in.Milestones = schedule(c)
	if c, err = l.svc.UpdateContract(ctx, staff, c.ID, in); err != nil {
		return goumai.Contract{}, fmt.Errorf("terms: %w", err)
	}
	winner, err := l.winnerOf(ctx, aw.OrgID)
	if err != nil {
		return goumai.Contract{}, err
	}
	supplierKey, err := demoKeys[winner.Username]()
	if err != nil {
		return goumai.Contract{}, err
	}
	keys, err := l.svc.Store.SigningKeys(ctx, aw.OrgID)
	if err != nil || len(keys) == 0 {
		return goumai.Contract{}, fmt.Errorf("keys of the winner: %v %v", keys, err)
	}
	if c, err = l.svc.SignContract(ctx, winner, c.ID, signDemo(supplierKey, keys[0].ID, c.Hash)); err != nil {
		return goumai.Contract{}, fmt.Errorf("the supplier signs: %w", err)
	}
	buyerKey, err := goumai.SigningKeyFromSeed(goumai.AlgEd25519, XihuKeySeed[:])
	if err != nil {
		return goumai.Contract{}, err
	}
	pub, err := buyerKey.Public()
	if err != nil {
		return goumai.Contract{}, err
	}
	reg, err := l.keyOf(ctx, staff, pub, l.svc.RegisterPurchaserKey, "合同专用章（演示密钥，种子公开）")
	if err != nil {
		return goumai.Contract{}, fmt.Errorf("the purchaser's key: %w", err)
	}
	if c, err = l.svc.SignContract(ctx, staff, c.ID, signDemo(buyerKey, reg.ID, c.Hash)); err != nil {
		return goumai.Contract{}, fmt.Errorf("the purchaser signs: %w", err)
	}
	if _, err = l.svc.EnterContractStatistics(ctx, staff, c.ID); err != nil {
		return goumai.Contract{}, fmt.Errorf("statistics: %w", err)
	}
	return l.svc.Store.Contract(ctx, c.ID)
}

// quarters splits a contract into its milestones: the first month (the
// service set up and every old person visited once, 10 %), then three
// periods to the end of the term (30 %, 30 % and the rest).
func quarters(c goumai.Contract) []goumai.MilestoneInput {
	type part struct {
		title, deliverables string
		months              int
		permille            goumai.Fen
	}
	parts := []part{
		{"服务启动与首月探访", "建立探访对象档案和探访台账，完成首轮全覆盖上门探访", 1, 100},
		{"第二至四个月探访服务", "探访台账、服务记录和满意度回访记录", 4, 300},
		{"第五至八个月探访服务", "探访台账、服务记录和满意度回访记录", 8, 300},
		{"第九至十二个月探访服务及结项", "探访台账、年度服务报告和满意度调查报告", 12, 0},
	}
	ms := make([]goumai.MilestoneInput, 0, len(parts))
	var sum goumai.Fen
	for i, p := range parts {
		due, amount := addMonths(c.StartOn, p.months), c.Amount*p.permille/1000
		if i == len(parts)-1 {
			due, amount = c.EndOn, c.Amount-sum
		}
		sum += amount
		ms = append(ms, goumai.MilestoneInput{Title: p.title, Deliverables: p.deliverables, DueOn: due, Amount: amount})
	}
	return ms
}

// addMonths returns the day before the same day n months after start (a
// term's quarter ends the day before the next begins), as YYYY-MM-DD.
func addMonths(start string, n int) string {
	t, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return start
	}
	return t.AddDate(0, n, -1).Format(time.DateOnly)
}

// winnerOf returns the demo supplier account of an organisation.
func (l *procLoader) winnerOf(ctx context.Context, orgID int64) (goumai.Actor, error) {
	for name := range demoKeys {
		a, err := demoActor(ctx, l.svc.Store, name)
		if err != nil {
			return goumai.Actor{}, err
		}
		if a.Org.ID == orgID {
			return a, nil
		}
	}
	return goumai.Actor{}, fmt.Errorf("no demo supplier account in organisation %d", orgID)
}

// signDemo signs a contract hash with a demo key, as the party would offline.
func signDemo(k goumai.SigningKey, keyID, hash string) workflow.SignInput {
	sig, err := k.Sign(goumai.ContractSigningMessage(hash))
	if err != nil {
		return workflow.SignInput{Hash: hash, KeyID: keyID}
	}
	return workflow.SignInput{Hash: hash, KeyID: keyID, Signature: base64.StdEncoding.EncodeToString(sig)}
}
