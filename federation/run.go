package federation

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/goumai/goumai/sqlstore"
)

// Config is an instance's federation: where NATS is, its own name, and the
// instances it trusts.
type Config struct {
	URL      string
	Instance string
	Peers    []Peer
	Logger   *slog.Logger
}

// Connect connects to NATS for good: it retries the first connection in the
// background and reconnects forever, so that serve starts while NATS is down.
func Connect(url, name string) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(url, nats.Name("goumai "+name), nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1),
		nats.ReconnectWait(500*time.Millisecond))
	if err != nil {
		return nil, nil, fmt.Errorf("nats %s: %w", url, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream: %w", err)
	}
	return nc, js, nil
}

// Start runs the instance's outbox drainer and its consumers of the trusted
// instances until ctx ends; stop waits for them and closes the connection.
func Start(ctx context.Context, s *sqlstore.Store, cfg Config) (stop func(), err error) {
	if err := CheckInstanceName(cfg.Instance); err != nil {
		return nil, err
	}
	if !s.Federates() {
		return nil, fmt.Errorf("federation: the store was opened without its outbox (sqlstore.Options.Outbox)")
	}
	nc, js, err := Connect(cfg.URL, cfg.Instance)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{}, 2)
	go func() {
		(&Publisher{Store: s, JS: js, Instance: cfg.Instance, Logger: cfg.Logger}).Run(ctx)
		done <- struct{}{}
	}()
	go func() {
		(&Consumer{Store: s, JS: js, Self: cfg.Instance, Peers: cfg.Peers, Logger: cfg.Logger}).Run(ctx)
		done <- struct{}{}
	}()
	return func() {
		cancel()
		<-done
		<-done
		nc.Close()
	}, nil
}
