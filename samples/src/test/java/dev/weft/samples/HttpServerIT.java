package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HttpServer} end to end: the sample runs under the agent in strict mode (a park that
 * would pin is an error) in a child JVM on a loopback port, and plain {@code java.net} clients
 * talk to it: keep-alive and pipelined requests on one connection, HTTP/1.0, what it refuses
 * (400 for a malformed request line), 404, many clients at once, and stopping it with SIGTERM.
 */
class HttpServerIT extends SampleServerIT {
    @Override
    Class<?> program() {
        return HttpServer.class;
    }

    private HttpWire connect() throws Exception {
        return new HttpWire(server.address());
    }

    @Test
    void keepAlive_manyRequestsOnOneConnection_eachAnswered_untilConnectionClose() throws Exception {
        try (HttpWire c = connect()) {
            for (int i = 0; i < 5; i++) {
                HttpWire.Answer hello = c.get("/hello");
                assertEquals(200, hello.status());
                assertEquals(HttpServer.HELLO, hello.body());
                assertEquals("text/plain; charset=utf-8", hello.fields().get("content-type"));
                assertFalse(hello.fields().containsKey("connection"), "an HTTP/1.1 answer kept alive says nothing: " + hello);

                HttpWire.Answer root = c.get("/?q=" + i);
                assertEquals(200, root.status());
                assertEquals(HttpServer.HELLO, root.body());

                HttpWire.Answer head = c.exchange("HEAD /hello HTTP/1.1\r\nHost: test\r\n\r\n", true);
                assertEquals(200, head.status());
                assertEquals(String.valueOf(HttpServer.HELLO.length()), head.fields().get("content-length"));

                String body = "request " + i + " of five";
                HttpWire.Answer echo = c.exchange("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body, false);
                assertEquals(200, echo.status());
                assertEquals(body, echo.body());
            }
            HttpWire.Answer last = c.exchange("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", false);
            assertEquals(200, last.status());
            assertEquals("close", last.fields().get("connection"));
            assertTrue(c.closedByServer(), "the server closes after an answer to Connection: close");
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder() throws Exception {
        try (HttpWire c = connect()) {
            c.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /nowhere HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n");
            assertEquals(HttpServer.HELLO, c.read(false).body());
            assertEquals("abc", c.read(false).body());
            assertEquals(404, c.read(false).status());
            HttpWire.Answer empty = c.read(false);
            assertEquals(200, empty.status());
            assertEquals("", empty.body());
        }
    }

    @Test
    void unknownPath_is404_andTheConnectionStaysOpen() throws Exception {
        try (HttpWire c = connect()) {
            HttpWire.Answer missing = c.get("/no/such/page");
            assertEquals(404, missing.status());
            assertEquals(HttpServer.NOT_FOUND, missing.body());
            assertEquals(200, c.get("/hello").status());
        }
    }

    @Test
    void anotherMethod_is405_withTheMethodsAllowed() throws Exception {
        try (HttpWire c = connect()) {
            HttpWire.Answer post = c.exchange("POST /hello HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nhi", false);
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.fields().get("allow"));
            HttpWire.Answer get = c.get("/echo");
            assertEquals(405, get.status());
            assertEquals("POST", get.fields().get("allow"));
            assertEquals(200, c.get("/").status(), "the body of the refused POST was read past");
        }
    }

    @Test
    void http10_closesAfterItsAnswer() throws Exception {
        try (HttpWire c = connect()) {
            HttpWire.Answer a = c.exchange("GET /hello HTTP/1.0\r\n\r\n", false);
            assertEquals(200, a.status());
            assertEquals(HttpServer.HELLO, a.body());
            assertEquals("close", a.fields().get("connection"));
            assertTrue(c.closedByServer(), "an HTTP/1.0 connection without keep-alive closes after its answer");
        }
    }

    @Test
    void http10_withKeepAlive_staysOpen() throws Exception {
        try (HttpWire c = connect()) {
            for (int i = 0; i < 3; i++) {
                HttpWire.Answer a = c.exchange("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false);
                assertEquals(200, a.status());
                assertEquals("keep-alive", a.fields().get("connection"));
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "NONSENSE                                           | 400",
            "GET /hello                                         | 400",
            "GET  /hello HTTP/1.1                               | 400",
            "GET /hello HTTP/1.1 extra                          | 400",
            "GET hello HTTP/1.1                                 | 400",
            "G(T /hello HTTP/1.1                                | 400",
            "GET /hello HTTPS/1.1                               | 400",
            "GET /hello HTTP/2.0                                | 505",
            "GET /hello HTTP/1.1\\r\\nno colon                    | 400",
            "GET /hello HTTP/1.1\\r\\nHost : test                 | 400",
            "GET /hello HTTP/1.1\\r\\nContent-Length: x           | 400",
            "GET /hello HTTP/1.1\\r\\nContent-Length: 1, 2        | 400",
            "GET /hello HTTP/1.1\\r\\nContent-Length: 2000000000  | 413",
            "POST /echo HTTP/1.1\\r\\nTransfer-Encoding: chunked  | 501",
    })
    void whatTheServerRefuses_getsItsStatus_andTheConnectionCloses(String head, int status) throws Exception {
        try (HttpWire c = connect()) {
            HttpWire.Answer a = c.exchange(head.replace("\\r\\n", "\r\n") + "\r\n\r\n", false);
            assertEquals(status, a.status(), a::toString);
            assertEquals("close", a.fields().get("connection"));
            assertTrue(a.body().startsWith(status + " "), a::toString);
            assertTrue(c.closedByServer(), "the server closes a connection it refused a request on");
        }
    }

    @Test
    void manyClients_atOnce_eachKeptAlive_allAnswered() throws Exception {
        int requests = 25;
        atOnce(64, id -> {
            try (HttpWire c = connect()) {
                for (int k = 0; k < requests; k++) {
                    String body = "client " + id + " request " + k;
                    HttpWire.Answer a = c.exchange("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body, false);
                    assertEquals(body, a.body());
                }
            }
        });
    }

    @Test
    void javaNetHttpClient_manyConcurrentRequests_allAnswered() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
        URI hello = URI.create("http://127.0.0.1:" + server.address().getPort() + "/hello");
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpRequest r = HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(30)).build();
            answers.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            HttpResponse<String> r = a.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(HttpServer.HELLO, r.body());
        }
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(hello.resolve("/missing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void sigterm_closesTheConnectionsLeftOpen_andTheServerStopsCleanly(@TempDir Path dir) throws Exception {
        try (ServerJvm own = startServer(dir);
             HttpWire idle = new HttpWire(own.address())) {
            assertEquals(200, idle.get("/hello").status()); // kept alive: its goroutine waits in a read
            own.stopAndAssertClean();
            assertTrue(idle.closedByServer(), "closing the server closes its connections");
        }
    }
}
