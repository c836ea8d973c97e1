package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// echoClient is the load every echo server is measured with. It opens -conns connections
// (-dialers at a time, so the server's accept backlog does not overflow), then each makes
// -warmup round trips, unmeasured; once every connection has, the clock starts and each makes
// -trips round trips of -size bytes, one message in flight per connection: write it, read
// until it is all back, check it is the same. The rate is every measured round trip over the
// time until the last connection is done. All connections stay open until then, so the server
// holds all of them at once. Any failure (a dial, a short or wrong echo, the -timeout passing)
// ends the process with status 1 and says which connection and what.
func echoClient(args []string) {
	fs := flag.NewFlagSet("echo-client", flag.ExitOnError)
	addr := fs.String("addr", "", "the server, host:port")
	conns := fs.Int("conns", 10000, "connections, all open at once")
	trips := fs.Int("trips", 100, "measured round trips per connection")
	size := fs.Int("size", 32, "bytes per message")
	warmup := fs.Int("warmup", 10, "unmeasured round trips per connection, before the clock starts")
	dialers := fs.Int("dialers", 100, "dials in progress at once")
	timeout := fs.Duration("timeout", 120*time.Second, "for the whole run: every read and write has this deadline")
	fs.Parse(args)
	if *addr == "" || *conns < 1 || *trips < 1 || *size < 1 || *dialers < 1 {
		usage()
	}
	deadline := time.Now().Add(*timeout)
	fail := func(id int, what string, err error) {
		fmt.Fprintf(os.Stderr, "echo-client: connection %d: %s: %v\n", id, what, err)
		os.Exit(1)
	}

	t0 := time.Now()
	cs := make([]net.Conn, *conns)
	var dialed sync.WaitGroup
	slots := make(chan struct{}, *dialers)
	for i := range cs {
		dialed.Add(1)
		slots <- struct{}{}
		go func(id int) {
			defer func() { <-slots; dialed.Done() }()
			c, err := net.DialTimeout("tcp", *addr, time.Until(deadline))
			if err != nil {
				fail(id, "dial", err)
			}
			c.SetDeadline(deadline)
			cs[id] = c
		}(i)
	}
	dialed.Wait()
	connected := time.Since(t0)

	var warm, done sync.WaitGroup
	start := make(chan struct{})
	warm.Add(*conns)
	done.Add(*conns)
	for i, c := range cs {
		go func(id int, c net.Conn) {
			msg := make([]byte, *size)
			back := make([]byte, *size)
			roundTrip := func(trip int) {
				for k := range msg {
					msg[k] = byte(id + trip + k)
				}
				if _, err := c.Write(msg); err != nil {
					fail(id, "write", err)
				}
				if _, err := io.ReadFull(c, back); err != nil {
					fail(id, "read", err)
				}
				if !bytes.Equal(msg, back) {
					fail(id, "echo", fmt.Errorf("sent %x, got back %x", msg, back))
				}
			}
			for t := 0; t < *warmup; t++ {
				roundTrip(t)
			}
			warm.Done()
			<-start
			for t := 0; t < *trips; t++ {
				roundTrip(t)
			}
			done.Done()
		}(i, c)
	}
	warm.Wait()
	t1 := time.Now()
	close(start)
	done.Wait()
	elapsed := time.Since(t1)
	for _, c := range cs {
		c.Close()
	}
	total := float64(*conns) * float64(*trips)
	fmt.Printf("RESULT conns=%d trips=%d size=%d connect_s=%.2f seconds=%.3f rate=%.0f\n",
		*conns, *trips, *size, connected.Seconds(), elapsed.Seconds(), total/elapsed.Seconds())
}
