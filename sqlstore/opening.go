package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

// Opened bids, their contents, panel members and failed procedures' next
// steps (migration 0020).

func init() {
	registerTable(table{name: "opened_bids", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"lot_id", colInt},
		{"bid_id", colInt}, {"org_id", colInt}, {"supplier", colText}, {"price", colInt}, {"sme_size", colText},
		{"sme_partner_share_pct", colInt}, {"content_digest", colText}, {"salt", colText}, {"commitment", colText}, {"commitment_id", colInt}, {"matches", colBool},
		{"set_aside", colText}, {"opened_at", colText}}})
	registerTable(table{name: "opened_bid_contents", key: "opened_bid_id", cols: []column{{"opened_bid_id", colInt}, {"content", colJSON}}})
	registerTable(table{name: "panel_members", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"user_id", colInt},
		{"kind", colText}, {"self_selected", colBool}, {"draw_id", colNullInt}, {"status", colText}, {"joined_at", colText},
		{"left_at", colNullText}, {"left_reason", colText}}})
	registerTable(table{name: "procurement_followups", key: "id", cols: []column{{"id", colInt}, {"failed_id", colInt}, {"next_id", colInt},
		{"kind", colText}, {"created_at", colText}}})
}

var openedWhat = goumai.M("开标记录", "opened bid")

const openedCols = `id, procurement_id, lot_id, bid_id, org_id, supplier, price, sme_size, sme_partner_share_pct, content_digest, salt, commitment, commitment_id, matches, set_aside, opened_at`

func scanOpened(sc scanner) (goumai.OpenedBid, error) {
	var o goumai.OpenedBid
	var at string
	if err := sc.Scan(&o.ID, &o.ProcurementID, &o.LotID, &o.BidID, &o.OrgID, &o.Supplier, &o.Price, &o.SMESize, &o.PartnerSharePct, &o.ContentDigest,
		&o.Salt, &o.Commitment, &o.CommitmentID, &o.Matches, &o.SetAside, &at); err != nil {
		return o, err
	}
	var err error
	o.OpenedAt, err = parseTime(at)
	return o, err
}

// InsertOpenedBid records one opened bid and its content (JSON), at the
// transaction's time; a bid opened twice is EConflict.
func (tx *Tx) InsertOpenedBid(ctx context.Context, o goumai.OpenedBid, content []byte) (int64, error) {
	key, err := tx.writeRow(ctx, "opened_bids", `INSERT INTO opened_bids (procurement_id, lot_id, bid_id, org_id, supplier, price, sme_size,
		sme_partner_share_pct, content_digest, salt, commitment, commitment_id, matches, set_aside, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		o.ProcurementID, o.LotID, o.BidID, o.OrgID, o.Supplier, o.Price, o.SMESize, o.PartnerSharePct, o.ContentDigest, o.Salt, o.Commitment, o.CommitmentID,
		o.Matches, o.SetAside, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, openedWhat)
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return 0, err
	}
	if _, err := tx.writeRow(ctx, "opened_bid_contents", `INSERT INTO opened_bid_contents (opened_bid_id, content) VALUES ($1, $2)`, id, string(content)); err != nil {
		return 0, interpretError(err, openedWhat)
	}
	return id, nil
}

// OpenedBids returns a procedure's opened bids by lot, in opening order.
func (s *Store) OpenedBids(ctx context.Context, procurementID int64) ([]goumai.OpenedBid, error) {
	return queryList(ctx, s.r, listOpened, scanOpened, openedSQL, procurementID)
}

// OpenedBids returns a procedure's opened bids, inside the transaction.
func (tx *Tx) OpenedBids(ctx context.Context, procurementID int64) ([]goumai.OpenedBid, error) {
	return queryList(ctx, tx.tx, listOpened, scanOpened, openedSQL, procurementID)
}

const openedSQL = `SELECT ` + openedCols + ` FROM opened_bids WHERE procurement_id = $1 ORDER BY procurement_id, lot_id, id`

var listOpened = registerList("OpenedBids", func(s *Store) []listSample {
	return []listSample{sample(openedSQL, []any{7})}
})

// OpenedContent returns an opened bid's whole content (JSON), inside the transaction.
func (tx *Tx) OpenedContent(ctx context.Context, openedBidID int64) ([]byte, error) {
	var c string
	err := tx.queryRow(ctx, `SELECT content FROM opened_bid_contents WHERE opened_bid_id = $1`, openedBidID).Scan(&c)
	return []byte(c), interpretError(err, openedWhat)
}

// SetAsideOpened sets an opened bid aside at opening for a rule.
func (tx *Tx) SetAsideOpened(ctx context.Context, id int64, rule string) error {
	_, err := tx.writeRow(ctx, "opened_bids", `UPDATE opened_bids SET set_aside = $1 WHERE id = $2`, rule, id)
	return interpretError(err, openedWhat)
}

var memberWhat = goumai.M("评审小组成员", "panel member")

const memberCols = `id, procurement_id, user_id, kind, self_selected, draw_id, status, joined_at, left_at, left_reason`

func scanMember(sc scanner) (goumai.PanelMember, error) {
	var m goumai.PanelMember
	var kind, status, joined string
	var draw sql.NullInt64
	var left sql.NullString
	if err := sc.Scan(&m.ID, &m.ProcurementID, &m.UserID, &kind, &m.SelfSelected, &draw, &status, &joined, &left, &m.LeftReason); err != nil {
		return m, err
	}
	m.Kind, m.Status, m.DrawID = goumai.PanelMemberKind(kind), goumai.PanelMemberStatus(status), draw.Int64
	var err error
	if m.JoinedAt, err = parseTime(joined); err != nil {
		return m, err
	}
	m.LeftAt, err = parseNullTime(left)
	return m, err
}

// InsertPanelMember seats a member on a procedure's panel at the
// transaction's time; a user already active on it is EConflict.
func (tx *Tx) InsertPanelMember(ctx context.Context, m goumai.PanelMember) (int64, error) {
	key, err := tx.writeRow(ctx, "panel_members", `INSERT INTO panel_members (procurement_id, user_id, kind, self_selected, draw_id, status, joined_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, m.ProcurementID, m.UserID, string(m.Kind), m.SelfSelected, nullInt(m.DrawID),
		string(goumai.PanelActive), formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, memberWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// RecusePanelMember takes an active member off the panel, with the reason.
func (tx *Tx) RecusePanelMember(ctx context.Context, id int64, reason string) error {
	_, err := tx.writeRow(ctx, "panel_members", `UPDATE panel_members SET status = $1, left_at = $2, left_reason = $3 WHERE id = $4 AND status = $5`,
		string(goumai.PanelRecused), formatTime(tx.now), reason, id, string(goumai.PanelActive))
	return interpretError(err, memberWhat)
}

// PanelMembers returns a procedure's panel members, recused ones included, in seating order.
func (s *Store) PanelMembers(ctx context.Context, procurementID int64) ([]goumai.PanelMember, error) {
	return queryList(ctx, s.r, listMembers, scanMember, membersSQL, procurementID)
}

// PanelMembers returns a procedure's panel members, inside the transaction.
func (tx *Tx) PanelMembers(ctx context.Context, procurementID int64) ([]goumai.PanelMember, error) {
	return queryList(ctx, tx.tx, listMembers, scanMember, membersSQL, procurementID)
}

const membersSQL = `SELECT ` + memberCols + ` FROM panel_members WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listMembers = registerList("PanelMembers", func(s *Store) []listSample {
	return []listSample{sample(membersSQL, []any{7})}
})

// UserPanels returns the panel seats a user has held, newest first.
func (s *Store) UserPanels(ctx context.Context, userID int64) ([]goumai.PanelMember, error) {
	return queryList(ctx, s.r, listUserPanels, scanMember, userPanelsSQL, userID)
}

const userPanelsSQL = `SELECT ` + memberCols + ` FROM panel_members WHERE user_id = $1 ORDER BY user_id DESC, id DESC LIMIT 200`

var listUserPanels = registerList("UserPanels", func(s *Store) []listSample {
	return []listSample{sample(userPanelsSQL, []any{7})}
})

// Followup is a failed procedure's next step (ENG-E2/E3).
type Followup struct {
	ID       int64
	FailedID int64
	NextID   int64
	Kind     string // "retender" or "negotiate"
}

// InsertFollowup records the procedure that follows a failed one; a second
// follow-up of the same failed procedure is EConflict.
func (tx *Tx) InsertFollowup(ctx context.Context, f Followup) (int64, error) {
	key, err := tx.writeRow(ctx, "procurement_followups", `INSERT INTO procurement_followups (failed_id, next_id, kind, created_at) VALUES ($1, $2, $3, $4)`,
		f.FailedID, f.NextID, f.Kind, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, goumai.M("后续采购", "follow-up procedure"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// FollowupOf returns the follow-up of a failed procedure, or ENotFound.
func (s *Store) FollowupOf(ctx context.Context, failedID int64) (Followup, error) {
	var f Followup
	err := s.r.QueryRowContext(ctx, `SELECT id, failed_id, next_id, kind FROM procurement_followups WHERE failed_id = $1`, failedID).
		Scan(&f.ID, &f.FailedID, &f.NextID, &f.Kind)
	return f, interpretError(err, goumai.M("后续采购", "follow-up procedure"))
}

// AnyBids reports whether any sealed bid is stored at all: a server without
// its seal key must not open a procedure as if it had none.
func (tx *Tx) AnyBids(ctx context.Context) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM bids LIMIT 1) b`).Scan(&n)
	return n > 0, err
}

// BidCommitmentRow is a logged commitment: its text and kind (submit or withdraw).
func (tx *Tx) BidCommitmentRow(ctx context.Context, id int64) (commitment, kind string, err error) {
	err = tx.queryRow(ctx, `SELECT commitment, kind FROM bid_commitments WHERE id = $1`, id).Scan(&commitment, &kind)
	return commitment, kind, interpretError(err, goumai.M("投标承诺值", "bid commitment"))
}

// SealedBidDocument returns a bid document's sealed bytes, inside the transaction.
func (tx *Tx) SealedBidDocument(ctx context.Context, bidID int64, tag string) ([]byte, error) {
	var b []byte
	err := tx.queryRow(ctx, `SELECT sealed FROM bid_documents WHERE bid_id = $1 AND tag = $2`, bidID, tag).Scan(&b)
	return b, interpretError(err, goumai.M("投标附件", "bid document"))
}
