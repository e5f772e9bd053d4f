package federation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai/sqlstore"
)

// Consumer applies the public events of the instances this one trusts.
type Consumer struct {
	Store  *sqlstore.Store
	JS     jetstream.JetStream
	Self   string // this instance's name: the durable consumer's
	Peers  []Peer
	Logger *slog.Logger
	Batch  int           // messages per fetch (default 256)
	Wait   time.Duration // how long a fetch waits for messages (default 1 s)
	// ProofTimeout bounds the wait for a publisher's consistency proof
	// (default 5 s); a message whose checkpoint is not proven yet is
	// redelivered later.
	ProofTimeout time.Duration

	mu        sync.Mutex
	refused   int64
	histories map[string]*history
}

// Refused counts the messages refused so far (bad signature, leaf not in the
// signed log, untrusted publisher, malformed, forked log).
func (c *Consumer) Refused() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refused
}

// DurableName is the durable consumer instance self keeps on a peer's stream.
func DurableName(self string) string { return "goumai-" + self }

// Run consumes every peer's stream until ctx ends, each in its own goroutine,
// reconnecting after NATS fails.
func (c *Consumer) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, p := range c.Peers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.runPeer(ctx, p)
		}()
	}
	wg.Wait()
}

func (c *Consumer) runPeer(ctx context.Context, p Peer) {
	verifier, err := p.verifier()
	if err != nil {
		c.logf("federation: peer's key", "peer", p.Name, "err", err)
		return
	}
	for ctx.Err() == nil {
		if err := c.consume(ctx, p, verifier); err != nil && ctx.Err() == nil {
			c.logf("federation: consumer", "peer", p.Name, "err", err)
			sleep(ctx, time.Second)
		}
	}
}

// consume iterates over a peer's stream until ctx ends or NATS fails: each
// message is handled as soon as it arrives.
func (c *Consumer) consume(ctx context.Context, p Peer, verifier note.Verifier) error {
	cons, err := c.consumer(ctx, p)
	if err != nil {
		return err
	}
	batch := c.Batch
	if batch <= 0 {
		batch = 256
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(batch))
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	defer it.Stop()
	for {
		m, err := it.Next()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		// What else has arrived already joins the batch: one transaction.
		msgs := []jetstream.Msg{m}
		for len(msgs) < batch {
			m, err := it.Next(jetstream.NextMaxWait(time.Millisecond))
			if err != nil {
				break
			}
			msgs = append(msgs, m)
		}
		if _, err := c.HandleBatch(ctx, p, verifier, msgs); err != nil {
			return err
		}
	}
}

// HandleBatch handles messages of one peer as Handle does, applying the
// verified ones in one transaction; it returns how many it applied.
func (c *Consumer) HandleBatch(ctx context.Context, p Peer, verifier note.Verifier, msgs []jetstream.Msg) (int, error) {
	var rs []sqlstore.Received
	var ok []jetstream.Msg
	for _, m := range msgs {
		r, err := Verify(p, verifier, m.Data())
		if err != nil {
			c.refuse(p, err)
			if err := m.Term(); err != nil {
				return 0, err
			}
			continue
		}
		if good, err := c.checkConsistency(ctx, p, r, m); err != nil || !good {
			if err != nil {
				return 0, err
			}
			continue
		}
		rs, ok = append(rs, r), append(ok, m)
	}
	outs, err := c.Store.ApplyReceivedBatch(ctx, rs)
	if errors.Is(err, sqlstore.ErrForked) { // find the culprit one by one
		n := 0
		for _, m := range ok {
			applied, err := c.Handle(ctx, p, verifier, m)
			if err != nil {
				return n, err
			}
			if applied {
				n++
			}
		}
		return n, nil
	}
	if err != nil {
		for _, m := range ok {
			_ = m.NakWithDelay(time.Second)
		}
		return 0, fmt.Errorf("apply %s: %w", p.Name, err)
	}
	n := 0
	for i, m := range ok {
		var err error
		switch outs[i] {
		case sqlstore.Gap:
			err = m.NakWithDelay(100 * time.Millisecond)
		case sqlstore.Applied:
			n++
			err = m.Ack()
		default:
			err = m.Ack()
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// consumer creates or updates the durable consumer on a peer's stream.
func (c *Consumer) consumer(ctx context.Context, p Peer) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:       DurableName(c.Self),
		Description:   "goumai instance " + c.Self + " applying " + p.Name + "'s public events",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		MaxAckPending: 4096,
	}
	if len(p.Subjects) == 1 {
		cfg.FilterSubject = p.Subjects[0]
	} else if len(p.Subjects) > 1 {
		cfg.FilterSubjects = p.Subjects
	}
	return c.JS.CreateOrUpdateConsumer(ctx, p.StreamOrDefault(), cfg)
}

// FetchOnce fetches one batch from a peer's consumer and handles each
// message; it returns how many it applied.
func (c *Consumer) FetchOnce(ctx context.Context, cons jetstream.Consumer, p Peer, verifier note.Verifier) (int, error) {
	batch, wait := c.Batch, c.Wait
	if batch <= 0 {
		batch = 256
	}
	if wait <= 0 {
		wait = time.Second
	}
	msgs, err := cons.Fetch(batch, jetstream.FetchMaxWait(wait))
	if err != nil {
		return 0, err
	}
	var got []jetstream.Msg
	for m := range msgs.Messages() {
		got = append(got, m)
	}
	n, err := c.HandleBatch(ctx, p, verifier, got)
	if err != nil {
		return n, err
	}
	if err := msgs.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) && !errors.Is(err, context.DeadlineExceeded) {
		return n, err
	}
	return n, nil
}

// Handle verifies and applies one message and acknowledges it: applied, a
// replay, or refused (terminated: never redelivered). A message ahead of
// one still missing is redelivered later; so is one the store failed to
// apply (the error is returned).
func (c *Consumer) Handle(ctx context.Context, p Peer, verifier note.Verifier, m jetstream.Msg) (bool, error) {
	r, err := Verify(p, verifier, m.Data())
	if err != nil {
		c.refuse(p, err)
		return false, m.Term()
	}
	if good, err := c.checkConsistency(ctx, p, r, m); err != nil || !good {
		return false, err
	}
	out, err := c.Store.ApplyReceived(ctx, r)
	switch {
	case errors.Is(err, sqlstore.ErrForked):
		c.refuse(p, err)
		return false, m.Term()
	case err != nil:
		_ = m.NakWithDelay(time.Second)
		return false, fmt.Errorf("apply %s leaf %d: %w", p.Name, r.Event.ID, err)
	case out == sqlstore.Gap:
		return false, m.NakWithDelay(100 * time.Millisecond)
	}
	return out == sqlstore.Applied, m.Ack()
}

// checkConsistency checks a verified message's checkpoint against the
// publisher's history (see consistent): a fork is refused (terminated,
// never redelivered) and recorded; an unproven checkpoint is redelivered
// later. It reports whether the message may be applied.
func (c *Consumer) checkConsistency(ctx context.Context, p Peer, r sqlstore.Received, m jetstream.Msg) (bool, error) {
	h, err := c.history(ctx, p)
	if err != nil {
		_ = m.NakWithDelay(time.Second)
		return false, err
	}
	fork, err := c.consistent(ctx, p, h, r)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errUnproven):
		c.logf("federation: checkpoint not proven yet", "peer", p.Name, "err", err)
		return false, m.NakWithDelay(time.Second)
	}
	c.refuse(p, err)
	if fork != nil {
		if rerr := c.Store.RecordFork(ctx, *fork); rerr != nil {
			_ = m.NakWithDelay(time.Second)
			return false, fmt.Errorf("record the fork of %s: %w", p.Name, rerr)
		}
	}
	return false, m.Term()
}

// history returns the checkpoints verified so far of a peer, starting from
// the one the store keeps.
func (c *Consumer) history(ctx context.Context, p Peer) (*history, error) {
	c.mu.Lock()
	h := c.histories[p.Name]
	c.mu.Unlock()
	if h != nil {
		return h, nil
	}
	peer, err := c.Store.FedPeer(ctx, p.Name)
	if err != nil {
		return nil, err
	}
	h = &history{roots: map[int64]tlog.Hash{}}
	if peer.CPSize > 0 {
		root, err := tlog.ParseHash(peer.CPRoot)
		if err != nil {
			return nil, fmt.Errorf("the stored checkpoint of %s: %w", p.Name, err)
		}
		h.add(peer.CPSize, root)
	}
	c.mu.Lock()
	if c.histories == nil {
		c.histories = map[string]*history{}
	}
	c.histories[p.Name] = h
	c.mu.Unlock()
	return h, nil
}

func (c *Consumer) refuse(p Peer, err error) {
	c.mu.Lock()
	c.refused++
	c.mu.Unlock()
	c.logf("federation: refused", "peer", p.Name, "err", err)
}

func (c *Consumer) logf(msg string, args ...any) {
	if c.Logger != nil {
		c.Logger.Warn(msg, args...)
	}
}
