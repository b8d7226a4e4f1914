package io.samsa.protocol;

/** A decoded response body. */
public interface Response {
    /**
     * How long the broker asks us to hold off (quota violation, KIP-219), in ms; 0 when the response version
     * has no such field.
     */
    int throttleTimeMs();
}
