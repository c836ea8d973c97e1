package main

import (
	"io"
	"net/http"
)

// httpServer serves what weft's HttpServer sample serves under wrk: / and /hello answer
// "Hello, world!\n" as text/plain; charset=utf-8, any other path is a 404.
func httpServer() {
	l := listen()
	hello := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/hello" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Hello, world!\n")
	}
	if err := http.Serve(l, http.HandlerFunc(hello)); err != nil {
		panic(err)
	}
}
