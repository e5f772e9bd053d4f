// Package natstest runs a real nats-server with JetStream for tests: its own
// process on a free loopback port with its own store directory, which a test
// may stop and restart (NATS down mid-load).
package natstest

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// EnvNATS names the variable .ci/run sets to the NATS server it ensures
// (nats://127.0.0.1:4222); under CI a test needing NATS fails without it.
const EnvNATS = "GOUMAI_TEST_NATS"

// Server is a nats-server process.
type Server struct {
	URL  string
	t    testing.TB
	bin  string
	port int
	dir  string
	cmd  *exec.Cmd
}

// binary finds nats-server, or skips the test (fails it under CI).
func binary(t testing.TB) string {
	t.Helper()
	for _, b := range []string{"nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server"} {
		if p, err := exec.LookPath(b); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set but nats-server is missing: .ci/run installs Debian's nats-server")
	}
	t.Skip("federation tests skipped: nats-server not found (apt-get install nats-server, or run .ci/run)")
	return ""
}

// Start starts a nats-server with JetStream on a free loopback port; it
// stops when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, bin: binary(t), dir: t.TempDir()}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s.URL = "nats://127.0.0.1:" + strconv.Itoa(s.port)
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// Restart starts the server again (same port, same store: streams and
// consumers survive, as on a real restart).
func (s *Server) Restart() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "-js", "-a", "127.0.0.1", "-p", strconv.Itoa(s.port), "-sd", s.dir)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start nats-server: %v", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(s.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			time.Sleep(100 * time.Millisecond) // JetStream ready after the listener
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("nats-server on port %d did not start: %v", s.port, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server (killed, as a crash would).
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
