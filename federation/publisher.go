package federation

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// DedupeWindow is how long JetStream remembers a Nats-Msg-Id: a
// re-publication within it (the drainer retrying after a lost
// acknowledgement) is dropped. Later replays are the consumer's to ignore.
const DedupeWindow = 10 * time.Minute

// EnsureStream creates (or updates) the instance's stream: every subject
// goumai.<instance>.>, kept on disk.
func EnsureStream(ctx context.Context, js jetstream.JetStream, instance string) error {
	_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        StreamName(instance),
		Description: "goumai public events of instance " + instance,
		Subjects:    []string{"goumai." + instance + ".>"},
		Storage:     jetstream.FileStorage,
		Duplicates:  DedupeWindow,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", StreamName(instance), err)
	}
	return nil
}

// Publisher drains the outbox to JetStream.
type Publisher struct {
	Store    *sqlstore.Store
	JS       jetstream.JetStream
	Instance string
	Logger   *slog.Logger
	Batch    int           // events per drain (default 256)
	Poll     time.Duration // how often an idle drainer looks at the outbox when no commit woke it (default 1 s)
	Timeout  time.Duration // how long to wait for acknowledgements (default 5 s)
	// CheckpointEvery spaces the checkpoints the drainer signs (each is a
	// public event of the log): under a trickle of commits one per commit
	// would double the log. A drain of less than a full batch needing a
	// checkpoint sooner waits (default 250 ms; negative: never wait); a
	// backlog drains at full speed.
	CheckpointEvery time.Duration

	lastSigned time.Time
}

// DrainOnce publishes up to one batch of pending outbox events in log order
// and marks sent those JetStream acknowledged (a prefix of the batch). It
// returns how many it marked sent; an error leaves the rest pending.
func (p *Publisher) DrainOnce(ctx context.Context) (int, error) {
	batch := p.Batch
	if batch <= 0 {
		batch = 256
	}
	items, err := p.Store.PendingOutbox(ctx, batch)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	if _, size, err := p.Store.LatestCheckpoint(ctx); len(items) < batch && (err != nil || size <= items[len(items)-1].Event.ID) {
		every := p.CheckpointEvery
		if every == 0 {
			every = 250 * time.Millisecond
		}
		if wait := time.Until(p.lastSigned.Add(every)); wait > 0 {
			sleep(ctx, wait) // commits meanwhile are covered by the checkpoint signed next
		}
		p.lastSigned = time.Now()
	}
	msgs, err := BuildMessages(ctx, p.Store, p.Instance, items)
	if err != nil {
		return 0, err
	}
	futures := make([]jetstream.PubAckFuture, 0, len(msgs))
	for i, m := range msgs {
		data, err := json.Marshal(m)
		if err != nil {
			return 0, err
		}
		msg := nats.NewMsg(Subject(p.Instance, items[i].Event.Region))
		msg.Data = data
		msg.Header.Set(jetstream.MsgIDHeader, MsgID(p.Instance, m.Index))
		f, err := p.JS.PublishMsgAsync(msg)
		if err != nil {
			break // NATS down: what was handed over so far may still be acknowledged
		}
		futures = append(futures, f)
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	acked := 0
wait:
	for _, f := range futures {
		select {
		case <-f.Ok():
			acked++
		case err = <-f.Err():
			break wait
		case <-deadline.C:
			err = fmt.Errorf("no acknowledgement within %v", timeout)
			break wait
		case <-ctx.Done():
			err = ctx.Err()
			break wait
		}
	}
	if acked > 0 {
		if merr := p.Store.MarkSent(context.WithoutCancel(ctx), items[0].Event.ID, items[acked-1].Event.ID); merr != nil {
			return 0, merr
		}
	}
	if err == nil && acked < len(items) {
		err = fmt.Errorf("published %d of %d events", acked, len(items))
	}
	return acked, err
}

// BuildMessages makes the messages of outbox events: each with a signed
// checkpoint covering the last of them (signing a new one, a log event
// itself, when the latest does not) and its inclusion proof in that tree.
func BuildMessages(ctx context.Context, s *sqlstore.Store, instance string, items []sqlstore.OutboxItem) ([]Message, error) {
	if len(items) == 0 {
		return nil, nil
	}
	last := items[len(items)-1].Event.ID
	cp, size, err := s.LatestCheckpoint(ctx)
	if err != nil || size <= last {
		if cp, err = s.Checkpoint(ctx); err != nil {
			return nil, fmt.Errorf("sign checkpoint: %w", err)
		}
		verifier, err := translog.NewVerifier(s.VerifierKey())
		if err != nil {
			return nil, err
		}
		c, err := translog.ParseCheckpoint(cp, verifier)
		if err != nil {
			return nil, err
		}
		size = c.Size
	}
	out := make([]Message, len(items))
	for i, it := range items {
		proof, err := translog.InclusionProof(ctx, s, it.Event.ID, size)
		if err != nil {
			return nil, err
		}
		m := Message{Publisher: instance, Index: it.Event.ID, Prev: it.Prev, Leaf: string(it.Event.LeafData()),
			Releases: it.Releases, Checkpoint: string(cp), Proof: proof}
		if c := it.Event.Canonical(); string(c) != m.Leaf {
			m.Event = string(c)
		}
		out[i] = m
	}
	return out, nil
}

// Run drains the outbox until ctx ends: at once whenever there is more, every
// Poll when idle, and with a growing pause (up to 5 s) while NATS fails. It
// answers the consumers' consistency-proof requests meanwhile (ServeProofs).
func (p *Publisher) Run(ctx context.Context) {
	poll := p.Poll
	if poll <= 0 {
		poll = time.Second
	}
	if nc := p.JS.Conn(); nc != nil {
		if sub, err := ServeProofs(nc, p.Store, p.Instance); err != nil {
			p.logf("federation: consistency proofs not served", "err", err)
		} else {
			defer func() { _ = sub.Unsubscribe() }()
		}
	}
	const firstPause = 250 * time.Millisecond
	pause := firstPause
	streamReady := false
	for ctx.Err() == nil {
		if !streamReady {
			if err := EnsureStream(ctx, p.JS, p.Instance); err != nil {
				p.logf("federation: stream not ready", "err", err)
				sleep(ctx, 2*time.Second)
				continue
			}
			streamReady = true
		}
		n, err := p.DrainOnce(ctx)
		switch {
		case err != nil:
			p.logf("federation: outbox drain", "sent", n, "err", err)
			streamReady = false // a NATS restarted without its store has lost the stream
			pause = min(2*pause, 5*time.Second)
			p.waitRetry(ctx, pause)
		case n == 0:
			pause = firstPause
			t := time.NewTimer(poll)
			select {
			case <-ctx.Done():
			case <-p.Store.OutboxWake():
			case <-t.C:
			}
			t.Stop()
		default:
			pause = firstPause
		}
	}
}

// waitRetry waits d before the next attempt after a failure, or less: as
// soon as the connection to NATS comes back (it was down).
func (p *Publisher) waitRetry(ctx context.Context, d time.Duration) {
	nc := p.JS.Conn()
	down := nc != nil && !nc.IsConnected()
	end := time.Now().Add(d)
	for time.Now().Before(end) && ctx.Err() == nil {
		sleep(ctx, 20*time.Millisecond)
		if down && nc.IsConnected() {
			return
		}
	}
}

func (p *Publisher) logf(msg string, args ...any) {
	if p.Logger != nil {
		p.Logger.Warn(msg, args...)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
