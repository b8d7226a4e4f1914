package io.samsa.common.config;

import io.samsa.common.config.types.Password;

import io.samsa.common.KafkaException;

/**
 * A configuration could not be accepted: a value of the wrong type or out of range, a missing required key, a
 * class that cannot be loaded, or two keys that contradict each other.
 *
 * <p>Thrown when the configuration is built, never later, so that a misconfigured producer fails at start-up
 * instead of on its first send. The message always names the key, the value (except for passwords, shown as
 * {@value Password#HIDDEN}) and what would have been accepted.
 *
 * <p>Lives in {@code io.samsa.common.config} and not {@code io.samsa.common.errors} because the latter package belongs to the
 * protocol jar: one package split over two jars breaks the module path.
 */
public class ConfigException extends KafkaException {
    private static final long serialVersionUID = 1L;

    /** The key whose value was rejected, or null when the problem is not about one key. */
    private final String configName;

    /**
     * A problem that is not about one key's value (for example, two keys that contradict each other).
     *
     * @param message what went wrong, naming the keys concerned
     */
    public ConfigException(String message) {
        super(message);
        this.configName = null;
    }

    /**
     * With a message and a cause.
     *
     * @param message what went wrong
     * @param cause what caused it
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.configName = null;
    }

    /**
     * A value that is not acceptable for one key: the message reads
     * {@code Invalid value '<value>' for configuration '<name>': <reason>}.
     *
     * @param name   the key
     * @param value  the offending value as the user gave it; pass a {@link Password} (or
     *               {@link Password#HIDDEN}) for secrets, it is printed as {@value Password#HIDDEN}
     * @param reason what is allowed, e.g. {@code must be one of [all, -1, 0, 1]}
     */
    public ConfigException(String name, Object value, String reason) {
        super("Invalid value " + display(value) + " for configuration '" + name + "': " + reason);
        this.configName = name;
    }

    /**
     * As {@link #ConfigException(String, Object, String)}, with the exception that caused the rejection.
     *
     * @param name   the key
     * @param value  the offending value as the user gave it; secrets as for
     *               {@link #ConfigException(String, Object, String)}
     * @param reason what is allowed, or why the value failed
     * @param cause  the exception that caused the rejection
     */
    public ConfigException(String name, Object value, String reason, Throwable cause) {
        super("Invalid value " + display(value) + " for configuration '" + name + "': " + reason, cause);
        this.configName = name;
    }

    /** {@return the key whose value was rejected, or null when the problem is not about one key} */
    public String configName() {
        return configName;
    }

    /** How a value appears in messages: quoted, classes by name, lists comma-separated, secrets hidden. */
    static String display(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Password || Password.HIDDEN.equals(value)) {
            return Password.HIDDEN;
        }
        if (value instanceof Class) {
            return "'" + ((Class<?>) value).getName() + "'";
        }
        if (value instanceof java.util.List) {
            StringBuilder sb = new StringBuilder("'");
            boolean first = true;
            for (Object o : (java.util.List<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(o instanceof Class ? ((Class<?>) o).getName() : String.valueOf(o));
            }
            return sb.append('\'').toString();
        }
        return "'" + value + "'";
    }
}
