package dev.weft.samples.apps;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.Multimaps;
import com.google.common.collect.MultimapBuilder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real application for {@code RealAppsRaceIT}: a Jetty 12 server on 127.0.0.1 (any free
 * port) whose handler looks products up in a Guava {@link LoadingCache}, records each order in a
 * synchronized Guava {@link ListMultimap} and answers with JSON written by Jackson; then, in the
 * same program, 4 client threads make 500 requests over loopback with
 * {@link java.net.http.HttpClient}, read the JSON back with Jackson, ask the server for its
 * tallies, stop the server and print a summary that does not depend on how the requests
 * interleaved.
 *
 * <p>{@code benchmarks/startup.sh} times it too, with and without the agent, with more requests:
 * a first argument is their number (rounded down to a multiple of the clients).
 */
public final class JettyJacksonGuava {
    static final int CLIENTS = 4;
    static final int REQUESTS_PER_CLIENT = 125;
    static final int PRODUCTS = 40;
    static final ImmutableList<String> TAGS = ImmutableList.of("fresh", "frozen", "local", "organic", "sale");

    @JsonPropertyOrder({"sku", "name", "priceCents", "tags"})
    public record Product(int sku, String name, long priceCents, List<String> tags) {
    }

    @JsonPropertyOrder({"sku", "name", "quantity", "totalCents", "tags", "served"})
    public record Quote(int sku, String name, int quantity, long totalCents, List<String> tags, int served) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The server's state: a catalog, a cache in front of it, and what was ordered. */
    static final class Shop extends Handler.Abstract.NonBlocking {
        private final ImmutableMap<Integer, Product> catalog;
        private final AtomicInteger loads = new AtomicInteger();
        private final LoadingCache<Integer, Product> cache = CacheBuilder.newBuilder().maximumSize(1_000)
                .build(CacheLoader.from(this::load));
        private final ListMultimap<String, Integer> ordersByTag =
                Multimaps.synchronizedListMultimap(MultimapBuilder.treeKeys().arrayListValues().build());
        private final AtomicInteger served = new AtomicInteger();

        Shop() {
            ImmutableMap.Builder<Integer, Product> b = ImmutableMap.builder();
            for (int sku = 0; sku < PRODUCTS; sku++) {
                ImmutableList.Builder<String> tags = ImmutableList.builder();
                for (int t = 0; t < TAGS.size(); t++) {
                    if ((sku + t) % 3 == 0) {
                        tags.add(TAGS.get(t));
                    }
                }
                b.put(sku, new Product(sku, "product-" + sku, 100 + sku * 7L, tags.build()));
            }
            catalog = b.build();
        }

        private Product load(Integer sku) {
            loads.incrementAndGet();
            Product p = catalog.get(sku);
            if (p == null) {
                throw new IllegalArgumentException("no product " + sku);
            }
            return p;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            Object answer;
            if (path.equals("/quote")) {
                Fields q = Request.extractQueryParameters(request);
                int sku = Integer.parseInt(q.getValue("sku"));
                int quantity = Integer.parseInt(q.getValue("qty"));
                Product p = cache.getUnchecked(sku);
                for (String tag : p.tags()) {
                    ordersByTag.put(tag, quantity);
                }
                answer = new Quote(p.sku(), p.name(), quantity, p.priceCents() * quantity, p.tags(), served.incrementAndGet());
            } else if (path.equals("/tallies")) {
                Map<String, Integer> tallies = new TreeMap<>();
                synchronized (ordersByTag) {
                    for (String tag : ordersByTag.keySet()) {
                        tallies.put(tag, ordersByTag.get(tag).stream().mapToInt(Integer::intValue).sum());
                    }
                }
                answer = ImmutableMap.of("tallies", tallies, "cached", cache.size(), "loads", loads.get());
            } else {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, MAPPER.writeValueAsString(answer), callback);
            return true;
        }
    }

    private JettyJacksonGuava() {}

    public static void main(String[] args) throws Exception {
        int perClient = args.length > 0 ? Integer.parseInt(args[0]) / CLIENTS : REQUESTS_PER_CLIENT;
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("jetty");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Shop());
        server.start();
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] totals = new long[CLIENTS];
        int[] oks = new int[CLIENTS];
        int[] maxServed = new int[CLIENTS];
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perClient; i++) {
                        int n = client * perClient + i;
                        int sku = (n * 7) % PRODUCTS;
                        int qty = 1 + n % 6;
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/quote?sku=" + sku + "&qty=" + qty))
                                .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        if (r.statusCode() != 200) {
                            throw new AssertionError("status " + r.statusCode() + " for sku " + sku + ": " + r.body());
                        }
                        Quote q = MAPPER.readValue(r.body(), Quote.class);
                        if (q.sku() != sku || q.quantity() != qty || !q.name().equals("product-" + sku)) {
                            throw new AssertionError("wrong quote " + r.body() + " for sku " + sku + ", quantity " + qty);
                        }
                        totals[client] += q.totalCents();
                        oks[client]++;
                        maxServed[client] = Math.max(maxServed[client], q.served());
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "client-" + c);
            clients.add(t);
            t.start();
        }
        for (Thread t : clients) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a client failed", failure.get());
        }
        HttpResponse<String> tallies = http.send(HttpRequest.newBuilder(base.resolve("/tallies")).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(base.resolve("/nothing")).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        server.stop();
        server.join();

        long total = 0;
        int ok = 0;
        int served = 0;
        for (int c = 0; c < CLIENTS; c++) {
            total += totals[c];
            ok += oks[c];
            served = Math.max(served, maxServed[c]);
        }
        System.out.println("requests: " + CLIENTS * perClient + ", answered 200 with the right quote: " + ok);
        System.out.println("total: " + total + " cents, the last served was number " + served);
        System.out.println("tallies (" + tallies.statusCode() + "): " + ImmutableSortedMap.copyOf(MAPPER.readValue(tallies.body(), Map.class)));
        System.out.println("an unknown path: " + missing.statusCode());
        System.out.println("server stopped: " + server.isStopped());
    }
}
