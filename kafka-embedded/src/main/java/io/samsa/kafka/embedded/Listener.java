package io.samsa.kafka.embedded;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client-facing broker listener: a name, a security protocol, and the configs that go with it. Each node gets its
 * own free port for each listener.
 *
 * <p>{@code brokerConfigs} are written into every node's {@code server.properties} under Kafka's per-listener prefix
 * {@code listener.name.<name in lower case>.}: {@code ssl.keystore.location} becomes
 * {@code listener.name.ssl.ssl.keystore.location}, {@code plain.sasl.jaas.config} becomes
 * {@code listener.name.sasl_plaintext.plain.sasl.jaas.config}. {@code clientConfigs} are what a client needs to
 * talk to this listener (trust store, SASL credentials); {@code security.protocol} is added for you. Both maps keep
 * their order.
 *
 * <p>The controller listener ({@code CONTROLLER}) is not one of these: it is managed by the cluster.
 *
 * @param name             listener name, upper case letters, digits and '_', e.g. {@code PLAINTEXT}, {@code SASL_SSL},
 *                         {@code EXTERNAL}
 * @param securityProtocol how the listener secures connections
 * @param brokerConfigs    per-listener broker configs, without the {@code listener.name.<name>.} prefix
 * @param clientConfigs    client configs for this listener, without {@code bootstrap.servers}
 */
public record Listener(String name, SecurityProtocol securityProtocol, Map<String, String> brokerConfigs,
                       Map<String, String> clientConfigs) {

    /** Name of the listener the cluster uses when none are configured. */
    public static final String DEFAULT_NAME = "PLAINTEXT";
    /** Name reserved for the KRaft controller listener. */
    public static final String CONTROLLER_NAME = "CONTROLLER";

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    public Listener {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("listener name '" + name + "' must be upper case letters, digits and '_', "
                    + "starting with a letter");
        }
        if (name.equals(CONTROLLER_NAME)) {
            throw new IllegalArgumentException("listener name " + CONTROLLER_NAME + " is reserved for the KRaft controller "
                    + "listener, which the cluster manages itself");
        }
        brokerConfigs = unmodifiableCopy(brokerConfigs);
        clientConfigs = unmodifiableCopy(clientConfigs);
        if (clientConfigs.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("listener " + name + ": bootstrap.servers is filled in by the cluster");
        }
    }

    /** A plaintext listener with no extra configs. */
    public static Listener plaintext(String name) {
        return new Listener(name, SecurityProtocol.PLAINTEXT, Map.of(), Map.of());
    }

    /** A copy with one more per-listener broker config. */
    public Listener withBrokerConfig(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(brokerConfigs);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Listener(name, securityProtocol, m, clientConfigs);
    }

    /** A copy with one more client config. */
    public Listener withClientConfig(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(clientConfigs);
        m.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Listener(name, securityProtocol, brokerConfigs, m);
    }

    /** The prefix Kafka uses for this listener's own configs. */
    public String configPrefix() {
        return "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
    }

    private static Map<String, String> unmodifiableCopy(Map<String, String> m) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "config key"), Objects.requireNonNull(v, "value of " + k)));
        }
        return Collections.unmodifiableMap(copy);
    }
}
