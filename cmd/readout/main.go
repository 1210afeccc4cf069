// Command readout turns news articles into a source-linked database of who
// did what to whom. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/readout/readout/internal/news"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is main without the process: testable end to end.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if a.closer != nil {
		a.closer()
	}
	if err == nil {
		return 0
	}
	return report(stderr, err)
}

// exit codes
const (
	exitError    = 1 // anything else
	exitUsage    = 2 // bad flags or arguments, invalid input
	exitNotFound = 3
	exitUnavail  = 4
)

// report prints err as one line with a hint and returns the exit code.
func report(w io.Writer, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "readout: %v\n(run 'readout help' for usage)\n", ue.err)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "readout: interrupted")
		return exitError
	}
	fmt.Fprintf(w, "readout: %v\n", err)
	switch news.KindOf(err) {
	case news.KindInvalid:
		return exitUsage
	case news.KindNotFound:
		fmt.Fprintln(w, "hint: 'readout articles' and 'readout entities' list what is stored")
		return exitNotFound
	case news.KindUnavailable:
		fmt.Fprintln(w, "hint: check that the database path is writable and not locked by another process (--db)")
		return exitUnavail
	}
	return exitError
}

type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// newLogger builds the slog logger for a level name.
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
