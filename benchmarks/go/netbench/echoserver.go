package main

import (
	"fmt"
	"os"
)

// echoBufferSize is how much one read may take, as in the JVM peers (Echo.java).
const echoBufferSize = 4096

// echoServer accepts connections and echoes each in a goroutine of its own: what every read
// gave is written back, until the client closes. TCP_NODELAY is Go's default.
func echoServer() {
	l := listen()
	for {
		c, err := l.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err) // out of descriptors, say: the run fails, as the JVM peers' does
			os.Exit(1)
		}
		go func() {
			defer c.Close()
			buf := make([]byte, echoBufferSize)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, werr := c.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
}
