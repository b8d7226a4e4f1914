package io.samsa.network;

import io.samsa.common.Node;
import io.samsa.common.errors.NetworkException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.protocol.MetadataRequest;
import io.samsa.protocol.MetadataResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionsTest {
    private static final Node NODE = new Node(1, "127.0.0.1", 9092);
    private final Completions completions = new Completions();
    private final List<String> ran = new ArrayList<>();

    private static ClientRequest<MetadataResponse> request(ResponseCallback<MetadataResponse> callback) {
        return new ClientRequest<>(NODE, MetadataRequest.forTopics(List.of(), false), callback, 0, 1_000, (short) -1);
    }

    private ClientRequest<MetadataResponse> recording(String name) {
        return request((req, resp, err) -> ran.add(name + (err == null ? "" : ": " + err.getMessage())));
    }

    @Test
    void callbacksRunOnlyWhenAskedInTheOrderTheRequestsEnded() {
        completions.add(recording("b"), null, null);
        completions.add(recording("a"), null, new NetworkException("down", 1, "h:1", null, -1, null));
        assertThat(ran).isEmpty();
        assertThat(completions.isEmpty()).isFalse();
        completions.runAll();
        assertThat(ran).containsExactly("b", "a: down");
        assertThat(completions.isEmpty()).isTrue();
    }

    @Test
    void aRequestEndsOnceAndALaterEndingIsDropped() {
        ClientRequest<MetadataResponse> r = recording("r");
        completions.add(r, null, new TimeoutException("timed out"));
        completions.add(r, null, new NetworkException("disconnected", 1, "h:1", null, -1, null));
        completions.runAll();
        assertThat(ran).containsExactly("r: timed out");
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthersAndCallbacksMayEndMoreRequests() {
        ClientRequest<MetadataResponse> later = recording("ended by a callback");
        completions.add(request((req, resp, err) -> {
            throw new IllegalStateException("bug");
        }), null, null);
        completions.add(request((req, resp, err) -> completions.add(later, null, null)), null, null);
        completions.add(recording("after"), null, null);
        completions.runAll();
        assertThat(ran).containsExactly("after", "ended by a callback");
        assertThat(completions.isEmpty()).isTrue();
    }

    @Test
    void anErrorFromACallbackPropagatesButTheCallbacksBehindItStillRunOnTheNextCall() {
        completions.add(recording("before"), null, null);
        completions.add(request((req, resp, err) -> {
            throw new StackOverflowError("deep bug");
        }), null, null);
        completions.add(recording("behind"), null, null);
        assertThatThrownBy(completions::runAll).isInstanceOf(StackOverflowError.class).hasMessage("deep bug");
        assertThat(ran).containsExactly("before");
        assertThat(completions.isEmpty()).as("the callback behind it is still pending").isFalse();
        completions.runAll();
        assertThat(ran).containsExactly("before", "behind");
        assertThat(completions.isEmpty()).isTrue();
    }
}
