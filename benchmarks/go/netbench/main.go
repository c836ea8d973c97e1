// Command netbench is the Go side of benchmarks/net.sh: Go's peers of weft's servers, and the
// one load generator every echo server is measured with, so that the servers are compared and
// not the clients.
//
//	netbench echo-server             Go's net: a goroutine per connection echoing its bytes
//	netbench http-server             Go's net/http: / and /hello answer "Hello, world!\n"
//	netbench echo-client -addr A ... the load: -conns connections, each -trips round trips
//
// The servers listen on 127.0.0.1 at a port the kernel picks, print "listening on
// 127.0.0.1:PORT" and serve until killed. The client prints one machine-readable line:
//
//	RESULT conns=10000 trips=100 size=32 connect_s=2.1 seconds=9.8 rate=102040
//
// Standard library only.
package main

import (
	"fmt"
	"net"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "echo-server":
		echoServer()
	case "http-server":
		httpServer()
	case "echo-client":
		echoClient(os.Args[2:])
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: netbench echo-server | http-server | echo-client -addr HOST:PORT [-conns N] [-trips K] [-size B] [-warmup W] [-dialers D] [-timeout S]")
	os.Exit(2)
}

// listen listens on a port of 127.0.0.1 the kernel picks and prints the address.
func listen() net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening on", l.Addr())
	return l
}
