package io.samsa.common.config.types;

/**
 * A secret configuration value (for example {@code sasl.jaas.config}). Its {@link #toString()} never shows the
 * secret, so that logging a configuration, an exception message or a debugger's variable view cannot leak it;
 * call {@link #value()} where the secret is really needed.
 */
public final class Password {
    /** What every secret looks like when printed. */
    public static final String HIDDEN = "[hidden]";

    private final String value;

    /**
     * Wraps a secret.
     *
     * @param value the secret; may be null
     */
    public Password(String value) {
        this.value = value;
    }

    /** {@return the secret itself} Do not log it. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Password && java.util.Objects.equals(value, ((Password) o).value);
    }

    @Override
    public int hashCode() {
        return value == null ? 0 : value.hashCode();
    }

    /** Always {@value #HIDDEN}. */
    @Override
    public String toString() {
        return HIDDEN;
    }
}
