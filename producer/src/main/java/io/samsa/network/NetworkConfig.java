package io.samsa.network;

/**
 * Settings of the connection layer, already validated by the configuration table (which holds every default
 * and bound). Names in the Javadoc are the Kafka producer config keys that set them.
 *
 * @param clientId                    {@code client.id}: sent in every request header (may be empty)
 * @param clientSoftwareName          sent in ApiVersions v3+ (KIP-511), shown in the broker's metrics
 * @param clientSoftwareVersion       likewise
 * @param connectionSetupTimeoutMs    {@code socket.connection.setup.timeout.ms}: TCP connect plus the
 *                                    ApiVersions handshake of one attempt
 * @param connectionSetupTimeoutMaxMs {@code socket.connection.setup.timeout.max.ms}: the per-attempt limit
 *                                    grows exponentially on consecutive failures up to this
 * @param requestTimeoutMs            {@code request.timeout.ms}: from send to response
 * @param reconnectBackoffMs          {@code reconnect.backoff.ms}: wait before reconnecting after a failure
 * @param reconnectBackoffMaxMs       {@code reconnect.backoff.max.ms}: exponential backoff cap
 * @param maxInFlightRequestsPerConnection {@code max.in.flight.requests.per.connection}
 * @param sendBufferBytes             {@code send.buffer.bytes} (-1: OS default)
 * @param receiveBufferBytes          {@code receive.buffer.bytes} (-1: OS default)
 * @param maxResponseBytes            a response larger than this is taken as a broken peer, not allocated
 * @param connectionsMaxIdleMs        {@code connections.max.idle.ms}: idle connections are closed after this
 */
public record NetworkConfig(
        String clientId,
        String clientSoftwareName,
        String clientSoftwareVersion,
        int connectionSetupTimeoutMs,
        int connectionSetupTimeoutMaxMs,
        int requestTimeoutMs,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        int maxInFlightRequestsPerConnection,
        int sendBufferBytes,
        int receiveBufferBytes,
        int maxResponseBytes,
        long connectionsMaxIdleMs) {

    public static final String SOFTWARE_NAME = "samsa-java";
    public static final String SOFTWARE_VERSION = "0.1.0";

    public NetworkConfig {
        if (clientId == null) {
            clientId = "";
        }
    }

    public NetworkConfig withClientId(String v) {
        return new NetworkConfig(v, clientSoftwareName, clientSoftwareVersion, connectionSetupTimeoutMs,
                connectionSetupTimeoutMaxMs, requestTimeoutMs, reconnectBackoffMs, reconnectBackoffMaxMs,
                maxInFlightRequestsPerConnection, sendBufferBytes, receiveBufferBytes, maxResponseBytes,
                connectionsMaxIdleMs);
    }

    public NetworkConfig withConnectionSetupTimeoutMs(int v, int max) {
        return new NetworkConfig(clientId, clientSoftwareName, clientSoftwareVersion, v, max, requestTimeoutMs,
                reconnectBackoffMs, reconnectBackoffMaxMs, maxInFlightRequestsPerConnection, sendBufferBytes,
                receiveBufferBytes, maxResponseBytes, connectionsMaxIdleMs);
    }

    public NetworkConfig withRequestTimeoutMs(int v) {
        return new NetworkConfig(clientId, clientSoftwareName, clientSoftwareVersion, connectionSetupTimeoutMs,
                connectionSetupTimeoutMaxMs, v, reconnectBackoffMs, reconnectBackoffMaxMs,
                maxInFlightRequestsPerConnection, sendBufferBytes, receiveBufferBytes, maxResponseBytes,
                connectionsMaxIdleMs);
    }

    public NetworkConfig withReconnectBackoff(long ms, long maxMs) {
        return new NetworkConfig(clientId, clientSoftwareName, clientSoftwareVersion, connectionSetupTimeoutMs,
                connectionSetupTimeoutMaxMs, requestTimeoutMs, ms, maxMs, maxInFlightRequestsPerConnection,
                sendBufferBytes, receiveBufferBytes, maxResponseBytes, connectionsMaxIdleMs);
    }

    public NetworkConfig withMaxInFlightRequestsPerConnection(int v) {
        return new NetworkConfig(clientId, clientSoftwareName, clientSoftwareVersion, connectionSetupTimeoutMs,
                connectionSetupTimeoutMaxMs, requestTimeoutMs, reconnectBackoffMs, reconnectBackoffMaxMs, v,
                sendBufferBytes, receiveBufferBytes, maxResponseBytes, connectionsMaxIdleMs);
    }

    public NetworkConfig withMaxResponseBytes(int v) {
        return new NetworkConfig(clientId, clientSoftwareName, clientSoftwareVersion, connectionSetupTimeoutMs,
                connectionSetupTimeoutMaxMs, requestTimeoutMs, reconnectBackoffMs, reconnectBackoffMaxMs,
                maxInFlightRequestsPerConnection, sendBufferBytes, receiveBufferBytes, v, connectionsMaxIdleMs);
    }
}
