package web

// bidMessages are the sealed bids' strings.
var bidMessages = map[string][2]string{
	"alert.bid_explain": {"该账号在开标前试图查看密封的投标文件、报价或投标人名单，已被拒绝（财政部令第87号第三十三条：任何单位和个人不得在开标前开启投标文件）。",
		"This account tried to read sealed bids, prices or the list of bidders before opening and was refused (O87 Art. 33: nobody opens a bid before opening)."},
	"alert.bid_advice": {"请向账号本人了解原因；如属越权查看，应按内部控制制度处理。", "Ask the account's owner why; an attempt beyond their duties is a matter for internal control."},
}

func init() { addMessages(bidMessages) }
