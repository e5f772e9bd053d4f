package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// lotID is the {lot} path value.
func lotID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("lot"), 10, 64)
	return id
}

func (s *Server) apiSaveBid(c call[workflow.BidInput]) (goumai.Bid, error) {
	return s.svc.SaveBid(c.ctx(), c.a, c.id(), lotID(c.r), c.in)
}

func (s *Server) apiSubmitBid(c call[workflow.SubmitInput]) (goumai.Bid, error) {
	return s.svc.SubmitBid(c.ctx(), c.a, c.id(), lotID(c.r), c.in)
}

func (s *Server) apiWithdrawBid(c call[noBody]) (goumai.Bid, error) {
	return s.svc.WithdrawBid(c.ctx(), c.a, c.id(), lotID(c.r))
}

// bidDocumentBody is the body of a bid document upload: its name and content
// (base64), within the upload limits (goumai.MaxFileBytes, goumai.FileTypes).
type bidDocumentBody struct {
	FileName string `json:"file_name"`
	File     []byte `json:"file"`
}

func (s *Server) apiBidDocumentAdd(c call[bidDocumentBody]) (goumai.Bid, error) {
	return s.svc.AddBidDocument(c.ctx(), c.a, c.id(), lotID(c.r), c.in.FileName, c.in.File)
}

func (s *Server) apiMyBids(w http.ResponseWriter, r *http.Request) {
	bs, err := s.svc.MyBids(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"bids": bs})
}

func (s *Server) apiBid(w http.ResponseWriter, r *http.Request) {
	b, err := s.svc.Bid(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"bid": b})
}

func (s *Server) apiBidReceipt(w http.ResponseWriter, r *http.Request) {
	rc, err := s.svc.BidReceipt(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"receipt": rc})
}

// apiBidDocument serves a document of the caller's own bid, as an attachment.
func (s *Server) apiBidDocument(w http.ResponseWriter, r *http.Request) {
	f, data, err := s.svc.BidDocument(r.Context(), actorOf(r), pathID(r), r.PathValue("sha256"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, "bid-document"+goumai.FileExt(f.Type), f, data)
}

// apiProcurementBids is the list of a procedure's bids: sealed until opening
// for everyone, and the attempt recorded.
func (s *Server) apiProcurementBids(w http.ResponseWriter, r *http.Request) {
	rec, err := s.svc.OpeningRecord(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"opening": rec})
}
