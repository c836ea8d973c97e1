package dev.weft.samples.apps;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Joiner;
import com.google.common.base.Splitter;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.collect.ConcurrentHashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Multiset;
import com.google.common.collect.Ordering;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.primitives.Ints;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A real application for {@code RealAppsRaceIT}: a pure computation, Jackson databind round
 * trips (beans with a creator, records, generic collections, the tree model) and Guava
 * collections, a cache and hashing, on a pool of 4 threads that share one {@link ObjectMapper},
 * one {@link LoadingCache} and one {@link ConcurrentHashMultiset}. It prints a summary that does
 * not depend on how the tasks interleaved (the results are combined in task order).
 */
public final class JacksonGuava {
    static final int THREADS = 4;
    static final int TASKS = 16;
    static final int ORDERS_PER_TASK = 400;
    static final ImmutableList<String> ITEMS = ImmutableList.of(
            "apple", "bread", "cheese", "dates", "eggs", "flour", "grapes", "honey", "ice", "jam", "kale", "lemon");
    static final ImmutableList<String> CUSTOMERS = ImmutableList.of("ada", "brian", "claude", "dennis", "edsger", "frances", "grace");

    /** A line of an order: a bean with a creator. */
    @JsonPropertyOrder({"item", "quantity", "unitPrice"})
    public static final class Line {
        private final String item;
        private final int quantity;
        private final BigDecimal unitPrice;

        @JsonCreator
        public Line(@JsonProperty("item") String item, @JsonProperty("quantity") int quantity, @JsonProperty("unitPrice") BigDecimal unitPrice) {
            this.item = item;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
        }

        public String getItem() { return item; }
        public int getQuantity() { return quantity; }
        public BigDecimal getUnitPrice() { return unitPrice; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line l && l.item.equals(item) && l.quantity == quantity && l.unitPrice.equals(unitPrice);
        }

        @Override
        public int hashCode() {
            return Objects.hash(item, quantity, unitPrice);
        }
    }

    /** An order: a record with a list and a map. */
    @JsonPropertyOrder({"id", "customer", "lines", "attributes", "express"})
    public record Order(long id, String customer, List<Line> lines, Map<String, String> attributes, boolean express) {
        BigDecimal total() {
            BigDecimal t = BigDecimal.ZERO;
            for (Line l : lines) {
                t = t.add(l.getUnitPrice().multiply(BigDecimal.valueOf(l.getQuantity())));
            }
            return t;
        }
    }

    /** What one task computed. */
    record TaskResult(int orders, int roundTrips, long jsonBytes, BigDecimal total, HashCode digest,
                      ImmutableListMultimap<String, Long> ordersByCustomer, int treeEdits) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Order.class);
    private static final ObjectReader READER = MAPPER.readerFor(Order.class);
    private static final ConcurrentHashMultiset<String> ITEM_COUNTS = ConcurrentHashMultiset.create();
    /** A price per item, computed once per item whatever the threads do. */
    private static final LoadingCache<String, BigDecimal> PRICES = CacheBuilder.newBuilder()
            .maximumSize(100)
            .build(CacheLoader.from(item -> BigDecimal.valueOf(Hashing.murmur3_32_fixed().hashString(item, StandardCharsets.UTF_8).asInt() & 0x3ff, 2)
                    .add(BigDecimal.ONE)));

    private JacksonGuava() {}

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Callable<TaskResult>> tasks = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
            int task = t;
            tasks.add(() -> task(task));
        }
        List<Future<TaskResult>> futures = pool.invokeAll(tasks);
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new AssertionError("the pool did not stop");
        }

        int orders = 0;
        int roundTrips = 0;
        long jsonBytes = 0;
        int treeEdits = 0;
        BigDecimal total = BigDecimal.ZERO;
        List<HashCode> digests = new ArrayList<>();
        ImmutableListMultimap.Builder<String, Long> byCustomer = ImmutableListMultimap.builder();
        for (Future<TaskResult> f : futures) {
            TaskResult r = f.get();
            orders += r.orders();
            roundTrips += r.roundTrips();
            jsonBytes += r.jsonBytes();
            treeEdits += r.treeEdits();
            total = total.add(r.total());
            digests.add(r.digest());
            byCustomer.putAll(r.ordersByCustomer());
        }
        ImmutableListMultimap<String, Long> all = byCustomer.build();

        System.out.println("orders: " + orders + ", round trips equal: " + roundTrips + ", tree edits: " + treeEdits);
        System.out.println("json bytes: " + jsonBytes + ", total " + total);
        System.out.println("digest: " + Hashing.combineOrdered(digests));
        ImmutableSortedMap.Builder<String, Integer> perCustomer = ImmutableSortedMap.naturalOrder();
        for (String c : all.keySet()) {
            perCustomer.put(c, all.get(c).size());
        }
        System.out.println("orders per customer: " + perCustomer.build());
        System.out.println("first orders of ada: " + Joiner.on(',').join(Ordering.natural().sortedCopy(all.get("ada")).subList(0, 5)));
        List<String> top = new ArrayList<>();
        List<Multiset.Entry<String>> entries = new ArrayList<>(ITEM_COUNTS.entrySet());
        entries.sort(Comparator.<Multiset.Entry<String>>comparingInt(Multiset.Entry::getCount).reversed().thenComparing(Multiset.Entry::getElement));
        for (Multiset.Entry<String> e : entries) {
            top.add(e.getElement() + "=" + e.getCount());
        }
        System.out.println("items, most ordered first: " + Joiner.on(' ').join(top));
        System.out.println("prices cached: " + PRICES.size() + ", " + ImmutableSortedMap.copyOf(PRICES.asMap()));

        // a generic round trip of the whole summary, through the tree model
        Map<String, Integer> counts = MAPPER.readValue(MAPPER.writeValueAsString(perCustomer.build()), new TypeReference<Map<String, Integer>>() {});
        System.out.println("summary round trip: " + ImmutableSortedMap.copyOf(counts).equals(perCustomer.build()));
    }

    static TaskResult task(int task) throws Exception {
        Hasher hasher = Hashing.sha256().newHasher();
        ImmutableListMultimap.Builder<String, Long> byCustomer = ImmutableListMultimap.builder();
        int roundTrips = 0;
        long jsonBytes = 0;
        int treeEdits = 0;
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < ORDERS_PER_TASK; i++) {
            long id = task * 100_000L + i;
            int seed = Ints.checkedCast((id * 2654435761L) & 0x7fffffff);
            ImmutableList.Builder<Line> lines = ImmutableList.builder();
            int n = 1 + seed % 4;
            for (int k = 0; k < n; k++) {
                String item = ITEMS.get((seed / 7 + k * 5) % ITEMS.size());
                int quantity = 1 + (seed / 13 + k) % 9;
                lines.add(new Line(item, quantity, PRICES.getUnchecked(item)));
                ITEM_COUNTS.add(item, quantity);
            }
            String customer = CUSTOMERS.get(seed % CUSTOMERS.size());
            Map<String, String> attributes = ImmutableMap.of("channel", seed % 3 == 0 ? "web" : "shop", "batch", "t" + task,
                    "tags", Joiner.on(';').join(Splitter.on(' ').omitEmptyStrings().split("  fresh local " + (seed % 5 == 0 ? "gift" : ""))));
            Order order = new Order(id, customer, lines.build(), attributes, seed % 2 == 0);

            String json = WRITER.writeValueAsString(order);
            Order back = READER.readValue(json);
            if (back.equals(order)) {
                roundTrips++;
            }
            JsonNode tree = MAPPER.readTree(json);
            ObjectNode edited = ((ObjectNode) tree).put("checked", true);
            ArrayNode ls = (ArrayNode) edited.get("lines");
            for (JsonNode l : ls) {
                ((ObjectNode) l).put("subtotal", l.get("unitPrice").decimalValue().multiply(BigDecimal.valueOf(l.get("quantity").asInt())));
                treeEdits++;
            }
            byte[] bytes = MAPPER.writeValueAsBytes(edited);
            jsonBytes += bytes.length;
            hasher.putBytes(bytes);
            total = total.add(back.total());
            byCustomer.put(customer, id);
        }
        return new TaskResult(ORDERS_PER_TASK, roundTrips, jsonBytes, total, hasher.hash(), byCustomer.build(), treeEdits);
    }
}
