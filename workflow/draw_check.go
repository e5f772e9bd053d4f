package workflow

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// DrawLog is everything the public log holds about one draw: its public
// events (the request, the reveals, the result, the two commitments), the
// first signed checkpoint over the request's leaf and the leaf's inclusion
// proof in it. `goumai log check-draw` re-runs the draw from it alone.
type DrawLog struct {
	Request    goumai.Event       `json:"request"`
	Commits    []goumai.Event     `json:"commits"` // the commitments' panel.commit events
	Reveals    []goumai.Event     `json:"reveals"`
	Result     goumai.Event       `json:"result"`
	Checkpoint string             `json:"checkpoint"` // the signed note
	Inclusion  translog.Inclusion `json:"inclusion"`  // the request's leaf in the checkpoint's tree
}

// drawState is what the check reads of a panel_draws event's state.
type drawState struct {
	Status             string  `json:"status"`
	Count              int     `json:"count"`
	Pool               []int64 `json:"pool"`
	SupervisorCommitID int64   `json:"supervisor_commit_id"`
	SupervisorHash     string  `json:"supervisor_hash"`
	OrganizerCommitID  int64   `json:"organizer_commit_id"`
	OrganizerHash      string  `json:"organizer_hash"`
	SupervisorSecret   string  `json:"supervisor_secret"`
	OrganizerSecret    string  `json:"organizer_secret"`
	Seed               string  `json:"seed"`
	Checkpoint         int64   `json:"checkpoint"`
	Drawn              []int64 `json:"drawn"`
}

// LoadDrawLog reads a draw's public events, checkpoint and proof from the store.
func LoadDrawLog(ctx context.Context, s *sqlstore.Store, drawID int64) (DrawLog, error) {
	var l DrawLog
	find := func(table string, id int64) ([]goumai.Event, error) {
		es, err := s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, ObjectType: table, ObjectID: strconv.FormatInt(id, 10), Limit: 100})
		slices.Reverse(es) // oldest first
		return es, err
	}
	es, err := find("panel_draws", drawID)
	if err != nil {
		return l, err
	}
	for _, e := range es {
		switch e.Action {
		case "panel.request":
			l.Request = e
		case "panel.reveal":
			l.Reveals = append(l.Reveals, e)
		case "panel.draw":
			l.Result = e
		}
	}
	if l.Request.Action == "" {
		return l, goumai.ErrNotFound("抽取申请", "draw request")
	}
	var st drawState
	if err := json.Unmarshal(l.Request.State, &st); err != nil {
		return l, fmt.Errorf("draw %d: %w", drawID, err)
	}
	for _, c := range []int64{st.SupervisorCommitID, st.OrganizerCommitID} {
		ces, err := find("draw_commitments", c)
		if err != nil {
			return l, err
		}
		for _, e := range ces {
			if e.Action == "panel.commit" {
				l.Commits = append(l.Commits, e)
			}
		}
	}
	note, err := s.FirstCheckpointAfter(ctx, l.Request.ID)
	if err != nil {
		return l, err
	}
	v, err := translog.NewVerifier(s.VerifierKey())
	if err != nil {
		return l, err
	}
	cp, err := translog.ParseCheckpoint(note, v)
	if err != nil {
		return l, err
	}
	proof, err := translog.InclusionProof(ctx, s, l.Request.ID, cp.Size)
	if err != nil {
		return l, err
	}
	l.Checkpoint, l.Inclusion = string(note), translog.NewInclusion(l.Request.ID, cp.Size, proof)
	return l, nil
}

// DrawCheck is a re-run draw.
type DrawCheck struct {
	Seed       string  `json:"seed"`
	Pool       []int64 `json:"pool"`
	Drawn      []int64 `json:"drawn"` // the experts (by pseudonymous id) in draw order
	Checkpoint int64   `json:"checkpoint"`
	Revealed   int     `json:"revealed"` // secrets in the seed (2, or 1 after a party did not reveal)
}

// CheckDraw re-runs a draw from its log alone, with the log's verifier key:
// the checkpoint is signed and holds the request's leaf; the commitments were
// logged before the request and name the hashes it carries; the reveals came
// after the checkpoint and open those commitments; the seed and the panel the
// result logged are those rules.DrawSeed and rules.DrawPanel give.
func CheckDraw(l DrawLog, vkey string) (DrawCheck, error) {
	var out DrawCheck
	if err := l.compactStates(); err != nil {
		return out, err
	}
	v, err := translog.NewVerifier(vkey)
	if err != nil {
		return out, err
	}
	cp, err := translog.ParseCheckpoint([]byte(l.Checkpoint), v)
	if err != nil {
		return out, fmt.Errorf("the checkpoint: %w", err)
	}
	req := l.Request
	leaf := translog.LeafHash(req.LeafData())
	switch {
	case req.Action != "panel.request" || !req.Public || req.ObjectType != "panel_draws":
		return out, fmt.Errorf("leaf %d is not a public draw request", req.ID)
	case l.Inclusion.LeafIndex != req.ID || l.Inclusion.TreeSize != cp.Size:
		return out, fmt.Errorf("the proof is not of leaf %d in the checkpoint of %d", req.ID, cp.Size)
	}
	if err := l.Inclusion.Verify(cp.Root, leaf); err != nil {
		return out, fmt.Errorf("the request is not in the checkpoint's tree: %w", err)
	}
	var st drawState
	if err := json.Unmarshal(req.State, &st); err != nil {
		return out, fmt.Errorf("the request: %w", err)
	}
	for _, c := range []struct {
		id   int64
		hash string
	}{{st.SupervisorCommitID, st.SupervisorHash}, {st.OrganizerCommitID, st.OrganizerHash}} {
		i := slices.IndexFunc(l.Commits, func(e goumai.Event) bool { return e.ObjectID == strconv.FormatInt(c.id, 10) })
		if i < 0 {
			return out, fmt.Errorf("commitment %d is not in the log", c.id)
		}
		var cs struct {
			Hash string `json:"hash"`
		}
		e := l.Commits[i]
		if json.Unmarshal(e.State, &cs) != nil || cs.Hash != c.hash || e.ID >= req.ID || e.Action != "panel.commit" {
			return out, fmt.Errorf("commitment %d (leaf %d) was not logged with hash %s before the request (leaf %d)", c.id, e.ID, c.hash, req.ID)
		}
	}
	var sup, org string
	for _, e := range l.Reveals {
		var rs drawState
		if err := json.Unmarshal(e.State, &rs); err != nil || e.ObjectID != req.ObjectID {
			return out, fmt.Errorf("reveal at leaf %d: not of this draw", e.ID)
		}
		if e.ID < cp.Size {
			return out, fmt.Errorf("a secret was revealed (leaf %d) before the checkpoint of %d leaves fixed the root", e.ID, cp.Size)
		}
		sup, org = max(sup, rs.SupervisorSecret), max(org, rs.OrganizerSecret)
	}
	var res drawState
	if err := json.Unmarshal(l.Result.State, &res); err != nil || l.Result.Action != "panel.draw" || l.Result.ObjectID != req.ObjectID {
		return out, fmt.Errorf("the draw's result is not in the log")
	}
	if res.SupervisorSecret != sup || res.OrganizerSecret != org {
		return out, fmt.Errorf("the result used secrets other than those revealed")
	}
	for _, s := range []struct{ secret, hash, who string }{{sup, st.SupervisorHash, "supervisor"}, {org, st.OrganizerHash, "organiser"}} {
		if s.secret == "" {
			continue
		}
		if h, err := rules.CommitHash(s.secret); err != nil || h != s.hash {
			return out, fmt.Errorf("the %s's revealed secret does not open its commitment %s", s.who, s.hash)
		}
		out.Revealed++
	}
	if out.Revealed == 0 {
		return out, fmt.Errorf("no secret was revealed: such a draw is void")
	}
	seed, err := rules.DrawSeed(cp.Root, leaf, sup, org)
	if err != nil {
		return out, err
	}
	out.Seed, out.Pool, out.Checkpoint = hex.EncodeToString(seed[:]), st.Pool, cp.Size
	out.Drawn = rules.DrawPanel(seed, st.Pool, st.Count)
	switch {
	case res.Seed != out.Seed:
		return out, fmt.Errorf("the logged seed %s is not %s", res.Seed, out.Seed)
	case res.Checkpoint != cp.Size:
		return out, fmt.Errorf("the draw used the checkpoint of %d leaves, the first over the request is of %d", res.Checkpoint, cp.Size)
	case !slices.Equal(res.Drawn, out.Drawn):
		return out, fmt.Errorf("the logged panel %v is not the re-run %v", res.Drawn, out.Drawn)
	case !slices.Equal(res.Pool, st.Pool) || res.Count != st.Count:
		return out, fmt.Errorf("the result's pool or size differs from the request's")
	}
	return out, nil
}

// compactStates gives each event back its canonical, compact state: the API
// serves a draw's log indented (GET /api/v1/panel-draws/{id}/log), and a
// reader may re-indent a saved file, which re-indents the states inside and
// would change the request's leaf. Whitespace outside strings is all a JSON
// tool adds; the events of l are copied, not changed in the caller's slices.
func (l *DrawLog) compactStates() error {
	compact := func(e *goumai.Event) error {
		if len(e.State) == 0 {
			return nil
		}
		var b bytes.Buffer
		if err := json.Compact(&b, e.State); err != nil {
			return fmt.Errorf("the state of leaf %d: %w", e.ID, err)
		}
		e.State = b.Bytes()
		return nil
	}
	l.Commits, l.Reveals = slices.Clone(l.Commits), slices.Clone(l.Reveals)
	for _, e := range append([]*goumai.Event{&l.Request, &l.Result}, eventPtrs(l.Commits, l.Reveals)...) {
		if err := compact(e); err != nil {
			return err
		}
	}
	return nil
}

// eventPtrs points at each event of the lists.
func eventPtrs(lists ...[]goumai.Event) []*goumai.Event {
	var out []*goumai.Event
	for _, es := range lists {
		for i := range es {
			out = append(out, &es[i])
		}
	}
	return out
}
