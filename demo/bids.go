package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// ZhijiangKeySeed is the seed of 浙江之江数据科技有限公司's demo signing key
// (Ed25519), published like DemoKeySeed: it signs nothing real.
var ZhijiangKeySeed = sha256.Sum256([]byte("goumai demo signing key: supplier.zhijiang (published, not secret)"))

// demoBid is one demo supplier's sealed bid on 困境儿童关爱保护服务.
type demoBid struct {
	account string
	share   goumai.Fen // the price, in thousandths of the lot's budget
	plan    string
	doc     string
}

var demoBids = []demoBid{
	{"supplier.kangning", 920, "组建12人社工团队，按街道分片走访，建立一人一档，每季度评估。", "康宁投标技术方案（演示）"},
	{"supplier.zhijiang", 965, "以信息平台管理个案，社工与志愿者结对服务，月度回访。", "之江投标技术方案（演示）"},
}

// demoKeys are the published seeds of the demo suppliers' signing keys.
var demoKeys = map[string]func() (goumai.SigningKey, error){
	"supplier.kangning": DemoSigningKey,
	"supplier.zhijiang": func() (goumai.SigningKey, error) {
		return goumai.SigningKeyFromSeed(goumai.AlgEd25519, ZhijiangKeySeed[:])
	},
	"supplier.xiyanghong": func() (goumai.SigningKey, error) {
		return goumai.SigningKeyFromSeed(goumai.AlgEd25519, XiyanghongKeySeed[:])
	},
}

// bids has 杭州康宁 and 浙江之江 submit sealed bids on the open tender, each
// signed with its published demo key. Without a seal key (svc.Sealer nil)
// the demo has no bids.
func (l *procLoader) bids(ctx context.Context, pr goumai.Project) error {
	return l.submitAll(ctx, pr, demoBids)
}

// submitAll has each demo supplier submit its bid on the first lot of the
// project's procedure; without a seal key (svc.Sealer nil) nobody bids.
func (l *procLoader) submitAll(ctx context.Context, pr goumai.Project, bids []demoBid) error {
	if l.svc.Sealer == nil {
		return nil
	}
	p, err := l.procurementOf(ctx, pr)
	if err != nil {
		return err
	}
	lots, err := l.svc.Store.Lots(ctx, p.ID)
	if err != nil || len(lots) == 0 {
		return fmt.Errorf("lots of %s: %v", p.Title, err)
	}
	for _, d := range bids {
		if err := l.submit(ctx, d.account, p, lots[0], lots[0].Budget*d.share/1000, d.plan, d.doc); err != nil {
			return err
		}
	}
	return nil
}

// submit has a demo supplier draft, sign and submit its bid on a lot, with
// a document if doc is not empty; its key is registered on its profile the
// first time (杭州康宁's came with its profile).
func (l *procLoader) submit(ctx context.Context, account string, p goumai.Procurement, lot goumai.Lot, price goumai.Fen, plan, doc string) error {
	a, err := demoActor(ctx, l.svc.Store, account)
	if err != nil {
		return err
	}
	key, err := demoKeys[account]()
	if err != nil {
		return err
	}
	pub, err := key.Public()
	if err != nil {
		return err
	}
	if l.keyIDs == nil {
		l.keyIDs = map[string]string{"supplier.kangning": pub.ID}
	}
	if id, ok := l.keyIDs[account]; ok {
		pub.ID = id
	} else {
		if pub, err = l.keyOf(ctx, a, pub, l.svc.RegisterKey, "演示密钥（种子公开，仅供演示）"); err != nil {
			return fmt.Errorf("%s's key: %w", account, err)
		}
		l.keyIDs[account] = pub.ID
	}
	if doc != "" {
		if _, err := l.svc.AddBidDocument(ctx, a, p.ID, lot.ID, "技术方案.pdf", demoPDF(doc)); err != nil {
			return fmt.Errorf("%s's document: %w", account, err)
		}
	}
	b, err := l.svc.SaveBid(ctx, a, p.ID, lot.ID, workflow.BidInput{Price: price,
		Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: plan}},
		SME:       goumai.SMEDeclaration{Size: "small", Statement: "本公司郑重声明，本公司为小型企业（演示）。"}})
	if err != nil {
		return fmt.Errorf("%s's draft: %w", account, err)
	}
	sig, err := key.Sign(goumai.BidSigningMessage(b.Draft.Commitment))
	if err != nil {
		return err
	}
	if _, err := l.svc.SubmitBid(ctx, a, p.ID, lot.ID, workflow.SubmitInput{Commitment: b.Draft.Commitment, KeyID: pub.ID,
		Signature: hex.EncodeToString(sig)}); err != nil {
		return fmt.Errorf("%s's submission: %w", account, err)
	}
	return nil
}

// keyOf returns a's organisation's registered key pub, registering it
// with register the first time (a later loader finds it registered).
func (l *procLoader) keyOf(ctx context.Context, a goumai.Actor, pub goumai.PublicKey,
	register func(context.Context, goumai.Actor, int64, workflow.KeyInput) (goumai.PublicKey, error), label string) (goumai.PublicKey, error) {
	keys, err := l.svc.Store.SigningKeys(ctx, a.Org.ID)
	if err != nil {
		return pub, err
	}
	for _, k := range keys {
		if k.ID == pub.ID {
			return k, nil
		}
	}
	return register(ctx, a, a.Org.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: label})
}
