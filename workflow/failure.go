package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// failProcedure fails p (废标, ENG-E2/E3) with its reason: the procedure
// moves to ProcFailed and its 废标公告 is published, in the caller's
// transaction. The project is free again: its next step is a follow-up
// procedure (re-tender, or an approved 竞争性谈判 with the remaining two) or
// termination.
func (s *Service) failProcedure(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, rule string, reason goumai.Msg) error {
	if err := s.move(ctx, tx, a, p, goumai.ProcFail, nil); err != nil {
		return err
	}
	_, err := s.publishNotice(ctx, tx, a, p, goumai.NoticeFailure, func(b *goumai.NoticeBody) {
		b.Reason = reason.ZH + "（" + rule + "）/ " + reason.EN + " (" + rule + ")"
	})
	return err
}
