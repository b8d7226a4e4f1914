package io.samsa.common.config;

/**
 * A rule a key's value must follow, beyond its type: a range, a set of allowed values, a class that must
 * implement an interface. {@link Validators} has the ones Samsa uses.
 *
 * <p>The same object checks values and describes the rule, in two forms, so that what the error message says
 * is allowed, what the reference documentation says is allowed and what is really checked cannot drift apart.
 * Implementations are immutable and thread-safe.
 */
public interface Validator {

    /**
     * Checks a value that has already been converted to the key's type (never null: a null value is only
     * accepted for keys whose default is null, and is then not validated).
     *
     * @param name  the key, for the error message
     * @param value the converted value
     * @throws ConfigException naming the key, the value and what is allowed
     */
    void ensureValid(String name, Object value);

    /**
     * The rule in words, as it reads after "must be " in an error message, e.g.
     * {@code a long between 0 and 9223372036854775807} or {@code one of [all, -1, 0, 1]}.
     *
     * @param type the key's type (a range says "an int" or "a long" depending on it)
     * @return the description of the rule
     */
    String describe(ConfigDef.Type type);

    /**
     * The rule in the short form of the configuration reference's "valid values" column, the same notation as
     * Apache Kafka's documentation: {@code [0,...]}, {@code [1,...,9] or -1}, {@code [all, -1, 0, 1]}.
     *
     * @return the short form of the rule
     */
    String validValues();
}
