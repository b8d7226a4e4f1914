package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.utils.Time;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.KafkaException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.errors.UnsupportedVersionException;
import io.samsa.clients.producer.TestConfigs;
import io.samsa.common.config.LogCapture;
import io.samsa.protocol.ApiKey;
import io.samsa.protocol.ApiVersionsResponse;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import io.samsa.protocol.ProduceRequest;
import io.samsa.protocol.Response;
import io.samsa.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NetworkClient} driven step by step on the test thread against a {@link ScriptedBroker}: the wire-level
 * behaviours a real broker cannot be asked to show (held responses, wrong correlation ids, silence, an old
 * ApiVersions). The happy paths against real brokers are in the integration tests.
 */
class NetworkClientTest {
    private ScriptedBroker broker;
    private NetworkClient client;
    private Node node;

    /** A completed request as its callback saw it. */
    record Done(ClientRequest<?> request, Response response, KafkaException error) {
    }

    private final List<Done> done = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        broker = new ScriptedBroker();
        node = new Node(1, "127.0.0.1", broker.port());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        broker.close();
    }

    private void start(NetworkConfig config) {
        client = new NetworkClient(config, Time.SYSTEM);
    }

    private <R extends Response> void send(io.samsa.protocol.Request<R> request) {
        client.send(node, request, Time.SYSTEM.milliseconds(), (req, resp, err) -> done.add(new Done(req, resp, err)));
    }

    private void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            client.poll(20);
        }
    }

    /** Polls the client (it only progresses when polled) until the peer has received a request. */
    private ScriptedBroker.Received awaitRequest() {
        ScriptedBroker.Received[] got = new ScriptedBroker.Received[1];
        pollUntil(() -> (got[0] = broker.requests.poll()) != null, "a request at the peer");
        return got[0];
    }

    private static MetadataRequest metadata() {
        return MetadataRequest.forTopics(List.of("t"), false);
    }

    private MetadataResponse metadataAnswer() {
        return new MetadataResponse(0, List.of(new MetadataResponse.Broker(1, "127.0.0.1", broker.port(), null)),
                "cluster", 1, List.of(), MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED, (short) 0);
    }

    @Test
    void fallsBackToTheBrokersApiVersionsAndNegotiatesEachApi() throws Exception {
        broker.maxApiVersionsVersion = 2; // an old broker: answers v3/v4 with the v0-layout error
        List<ApiVersionsResponse.ApiVersion> adv = new ArrayList<>();
        adv.add(new ApiVersionsResponse.ApiVersion(ApiKey.API_VERSIONS.id(), (short) 0, (short) 2));
        adv.add(new ApiVersionsResponse.ApiVersion(ApiKey.METADATA.id(), (short) 0, (short) 9));
        adv.add(new ApiVersionsResponse.ApiVersion(ApiKey.PRODUCE.id(), (short) 0, (short) 8));
        broker.advertised = adv;
        start(TestConfigs.network(Map.of()));

        send(metadata());
        ScriptedBroker.Received r = null;
        while (r == null) {
            client.poll(20);
            r = broker.requests.poll();
        }
        assertThat(broker.apiVersionsSeen).containsExactly((short) 4, (short) 2);
        assertThat(r.header.apiKey()).isEqualTo(ApiKey.METADATA);
        assertThat(r.header.apiVersion()).isEqualTo((short) 9); // min(our 13, broker 9)
        MetadataResponse answer = metadataAnswer();
        r.respond(w -> answer.write(w, (short) 9));
        pollUntil(() -> done.size() == 1, "metadata response");
        assertThat(done.get(0).error()).isNull();
        assertThat(((MetadataResponse) done.get(0).response()).brokers()).hasSize(1);
        assertThat(client.apiVersions(1).latestUsableVersion(ApiKey.PRODUCE)).isEqualTo((short) 8);
    }

    @Test
    void anApiWithNoCommonVersionFailsThatRequestOnly() throws Exception {
        List<ApiVersionsResponse.ApiVersion> adv = new ArrayList<>(ScriptedBroker.ours());
        adv.removeIf(v -> v.apiKey() == ApiKey.PRODUCE.id());
        adv.add(new ApiVersionsResponse.ApiVersion(ApiKey.PRODUCE.id(), (short) 0, (short) 2));
        broker.advertised = adv;
        start(TestConfigs.network(Map.of()));

        send(ProduceRequest.builder((short) 1, 1000).add("t", null, 0, oneBatch()).build());
        pollUntil(() -> done.size() == 1, "produce to fail");
        assertThat(done.get(0).error()).isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("Produce").hasMessageContaining("3").hasMessageContaining("2");

        send(metadata()); // the connection is still good
        ScriptedBroker.Received r = awaitRequest();
        MetadataResponse answer = metadataAnswer();
        r.respond(w -> answer.write(w, r.header.apiVersion()));
        pollUntil(() -> done.size() == 2, "metadata response");
        assertThat(done.get(1).error()).isNull();
    }

    @Test
    void neverMoreThanTheInFlightLimitOnTheWireAndResponsesMatchInOrder() throws Exception {
        start(TestConfigs.network(Map.of()).withMaxInFlightRequestsPerConnection(3));
        for (int i = 0; i < 10; i++) {
            send(metadata());
        }
        int answered = 0;
        int maxOutstanding = 0;
        List<Integer> order = new ArrayList<>();
        while (answered < 10) {
            // Let the client write everything it is allowed to, then count what reached the peer.
            List<ScriptedBroker.Received> outstanding = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int expect = Math.min(3, 10 - answered);
            while (outstanding.size() < expect) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                client.poll(10);
                ScriptedBroker.Received r = broker.requests.poll();
                if (r != null) {
                    outstanding.add(r);
                }
            }
            // A bounded look for a request beyond the limit (there must be none).
            for (int i = 0; i < 20; i++) {
                client.poll(5);
            }
            outstanding.addAll(drain());
            maxOutstanding = Math.max(maxOutstanding, outstanding.size());
            for (ScriptedBroker.Received r : outstanding) {
                order.add(r.header.correlationId());
                MetadataResponse answer = metadataAnswer();
                r.respond(w -> answer.write(w, r.header.apiVersion()));
                answered++;
            }
        }
        pollUntil(() -> done.size() == 10, "all ten responses");
        assertThat(maxOutstanding).isEqualTo(3);
        assertThat(done).allMatch(d -> d.error() == null);
        // Callbacks ran in send order, each with the response to its own correlation id.
        assertThat(done.stream().map(d -> d.request().correlationId()).toList()).isEqualTo(order);
    }

    private List<ScriptedBroker.Received> drain() {
        List<ScriptedBroker.Received> out = new ArrayList<>();
        broker.requests.drainTo(out);
        return out;
    }

    @Test
    void aResponseWithTheWrongCorrelationIdClosesTheConnection() throws Exception {
        start(TestConfigs.network(Map.of()));
        send(metadata());
        ScriptedBroker.Received r = awaitRequest();
        MetadataResponse answer = metadataAnswer();
        r.respondAs(r.header.correlationId() + 7, w -> answer.write(w, r.header.apiVersion()));
        pollUntil(() -> done.size() == 1, "failure");
        assertThat(done.get(0).error()).isInstanceOf(NetworkException.class)
                .hasMessageContaining("correlation id " + (r.header.correlationId() + 7))
                .hasMessageContaining("127.0.0.1:" + broker.port());
        assertThat(broker.closed.poll(10, TimeUnit.SECONDS)).as("connection closed by the client").isNotNull();
        assertThat(client.isConnected(1)).isFalse();
    }

    @Test
    void anUnansweredRequestTimesOutAndTheOthersFailWithTheConnection() throws Exception {
        start(TestConfigs.network(Map.of()).withRequestTimeoutMs(300));
        send(metadata());
        send(metadata());
        awaitRequest();
        awaitRequest();
        pollUntil(() -> done.size() == 2, "both to fail");
        Done first = done.get(0);
        assertThat(first.error()).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("request.timeout.ms").hasMessageContaining("300 ms")
                .hasMessageContaining("Metadata v13 correlation id " + first.request().correlationId());
        assertThat(done.get(1).error()).isInstanceOfAny(NetworkException.class, TimeoutException.class);
        assertThat(broker.closed.poll(10, TimeUnit.SECONDS)).isNotNull();

        // A new request reconnects (after the backoff) and works.
        done.clear();
        pollUntil(() -> client.connectionDelay(1, Time.SYSTEM.milliseconds()) == 0, "reconnect backoff to pass");
        send(metadata());
        ScriptedBroker.Received r = awaitRequest();
        MetadataResponse answer = metadataAnswer();
        r.respond(w -> answer.write(w, r.header.apiVersion()));
        pollUntil(() -> done.size() == 1, "response after reconnect");
        assertThat(done.get(0).error()).isNull();
    }

    @Test
    void acksZeroProduceCompletesWhenWrittenWithoutAResponse() throws Exception {
        start(TestConfigs.network(Map.of()));
        send(ProduceRequest.builder((short) 0, 1000).add("t", java.util.UUID.randomUUID(), 0, oneBatch()).build());
        ScriptedBroker.Received r = awaitRequest();
        assertThat(r.header.apiKey()).isEqualTo(ApiKey.PRODUCE);
        pollUntil(() -> done.size() == 1, "acks=0 completion");
        assertThat(done.get(0).error()).isNull();
        assertThat(done.get(0).response()).isNull();
        assertThat(client.inFlightCount(1)).isZero();
    }

    /**
     * A codec that throws on a well-framed response what no codec should (a bug, not a
     * {@link io.samsa.protocol.types.ProtocolException}) fails the connection it arrived on: the request it
     * answered and the one pipelined behind it fail naming the cause, a connection to another broker carries on,
     * the broker can be used again after the reconnect backoff, and the stack trace is logged at WARN once, not
     * again for the next occurrence within the rate-limiting interval.
     *
     * <p>Scripted: a real broker's answers do not break our codecs, so the codec here throws on purpose.
     */
    @Test
    void aCodecThatThrowsOnAResponseFailsThatConnectionOnly() throws Exception {
        try (ScriptedBroker other = new ScriptedBroker()) {
            Node otherNode = new Node(2, "127.0.0.1", other.port());
            start(TestConfigs.network(Map.of()));
            send(new ThrowingCodecRequest());
            send(metadata());
            List<Done> otherDone = new CopyOnWriteArrayList<>();
            client.send(otherNode, metadata(), Time.SYSTEM.milliseconds(),
                    (req, resp, err) -> otherDone.add(new Done(req, resp, err)));
            ScriptedBroker.Received first = awaitRequest();
            ScriptedBroker.Received second = awaitRequest();
            ScriptedBroker.Received[] atOther = new ScriptedBroker.Received[1];
            pollUntil(() -> (atOther[0] = other.requests.poll()) != null, "a request at the other broker");
            assertThat(second.header.correlationId()).isNotEqualTo(first.header.correlationId());

            MetadataResponse answer = metadataAnswer();
            String log = LogCapture.during(() -> {
                try {
                    first.respond(w -> answer.write(w, first.header.apiVersion()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                pollUntil(() -> done.size() == 2, "both requests on the connection to fail");
            });
            assertThat(done.get(0).request().correlationId()).isEqualTo(first.header.correlationId());
            assertThat(done.get(0).error()).isInstanceOf(NetworkException.class)
                    .hasMessageContaining("correlation id " + first.header.correlationId())
                    .hasMessageContaining("IllegalStateException: codec bug");
            assertThat(done.get(1).error()).isInstanceOf(NetworkException.class)
                    .hasMessageContaining("node 1 (127.0.0.1:" + broker.port() + ")")
                    .hasMessageContaining("IllegalStateException: codec bug");
            assertThat(broker.closed.poll(10, TimeUnit.SECONDS)).as("connection closed by the client").isNotNull();
            assertThat(LogCapture.count(log, " WARN ")).as(log).isEqualTo(1);
            assertThat(log).contains("IllegalStateException: codec bug").contains("\tat ");

            // The other broker's connection is untouched.
            assertThat(client.isConnected(2)).isTrue();
            atOther[0].respond(w -> answer.write(w, atOther[0].header.apiVersion()));
            pollUntil(() -> otherDone.size() == 1, "the other broker's response");
            assertThat(otherDone.get(0).error()).isNull();

            // The failed broker is usable again after the backoff; the next codec failure is not logged at WARN.
            done.clear();
            pollUntil(() -> client.connectionDelay(1, Time.SYSTEM.milliseconds()) == 0, "reconnect backoff to pass");
            send(metadata());
            ScriptedBroker.Received again = awaitRequest();
            again.respond(w -> answer.write(w, again.header.apiVersion()));
            pollUntil(() -> done.size() == 1, "response after reconnect");
            assertThat(done.get(0).error()).isNull();
            send(new ThrowingCodecRequest());
            ScriptedBroker.Received third = awaitRequest();
            String later = LogCapture.during(() -> {
                try {
                    third.respond(w -> answer.write(w, third.header.apiVersion()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                pollUntil(() -> done.size() == 2, "the second codec failure");
            });
            assertThat(done.get(1).error()).hasMessageContaining("codec bug");
            assertThat(later).as("rate limited").doesNotContain(" WARN ");
        }
    }

    /**
     * A node whose address no socket can reach (metadata naming port 65536) fails the requests sent to it with an
     * error naming the node, its address and the cause; nothing is thrown to the caller and no connection is
     * left behind. Scripted by construction: a real broker does not advertise such a port.
     */
    @Test
    void aNodeAtAnAddressNoSocketCanReachFailsItsRequestsNamingTheNode() {
        start(TestConfigs.network(Map.of()));
        Node bad = new Node(3, "127.0.0.1", 65536);
        client.send(bad, metadata(), Time.SYSTEM.milliseconds(), (req, resp, err) -> done.add(new Done(req, resp, err)));
        pollUntil(() -> done.size() == 1, "the request to fail");
        assertThat(done.get(0).error()).isInstanceOf(NetworkException.class)
                .hasMessageContaining("node 3 (127.0.0.1:65536)").hasMessageContaining("port out of range");
        assertThat(client.lastError(3)).hasMessageContaining("node 3 (127.0.0.1:65536)");
        assertThat(client.connectionCount()).isZero();
        assertThat(client.connectionDelay(3, Time.SYSTEM.milliseconds())).as("backs off like any failed attempt")
                .isPositive();
    }

    /** A Metadata request whose response codec has a bug: it throws on any body. */
    private static final class ThrowingCodecRequest implements io.samsa.protocol.Request<MetadataResponse> {
        private final MetadataRequest delegate = metadata();

        @Override
        public ApiKey apiKey() {
            return delegate.apiKey();
        }

        @Override
        public void write(io.samsa.protocol.types.ProtocolWriter w, short version) {
            delegate.write(w, version);
        }

        @Override
        public MetadataResponse readResponse(io.samsa.protocol.types.ProtocolReader r, short version) {
            throw new IllegalStateException("codec bug");
        }
    }

    private static ByteBuffer oneBatch() {
        RecordBatchBuilder b = new RecordBatchBuilder(ByteBuffer.allocate(256));
        b.append(1_700_000_000_000L, null, new byte[] {1, 2, 3}, new io.samsa.common.header.Header[0]);
        return b.close(-1L, (short) -1, -1, false);
    }
}
