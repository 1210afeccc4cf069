// Package natstest runs a NATS server with JetStream inside a test
// process, on a temporary directory and a free local port, and can stop
// and restart it on the same directory and port (to test a server
// restart). It is for tests only.
package natstest

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an embedded NATS server.
type Server struct {
	Dir        string
	Port       int
	MaxPayload int32
	srv        *server.Server
}

// Start runs a server on a fresh directory under t.TempDir() and a free
// port; it is shut down when the test ends. maxPayload 0 keeps the
// server's default (1 MiB).
func Start(t testing.TB, maxPayload int32) *Server {
	t.Helper()
	s := &Server{Dir: t.TempDir(), Port: freePort(t), MaxPayload: maxPayload}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// URL is the client URL.
func (s *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", s.Port) }

// Stop shuts the server down (its JetStream state stays on disk).
func (s *Server) Stop() {
	if s.srv != nil {
		s.srv.Shutdown()
		s.srv.WaitForShutdown()
		s.srv = nil
	}
}

// Restart starts the server (again) on the same directory and port.
func (s *Server) Restart() error {
	s.Stop()
	opts := &server.Options{
		Host:       "127.0.0.1",
		Port:       s.Port,
		JetStream:  true,
		StoreDir:   s.Dir,
		NoLog:      true,
		NoSigs:     true,
		MaxPayload: s.MaxPayload,
	}
	var err error
	for i := 0; i < 50; i++ { // the old listener may take a moment to go
		var srv *server.Server
		srv, err = server.NewServer(opts)
		if err != nil {
			return fmt.Errorf("natstest: %w", err)
		}
		go srv.Start()
		if srv.ReadyForConnections(5 * time.Second) {
			s.srv = srv
			return nil
		}
		srv.Shutdown()
		err = fmt.Errorf("natstest: server on port %d not ready", s.Port)
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
