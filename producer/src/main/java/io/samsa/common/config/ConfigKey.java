package io.samsa.common.config;

import java.util.List;
import java.util.Objects;

/**
 * One row of a {@link ConfigDef}: a key's name, type, default, rule, importance and documentation.
 * Immutable.
 */
public final class ConfigKey {
    private final String name;
    private final ConfigDef.Type type;
    private final Object defaultValue;
    private final Validator validator;
    private final ConfigDef.Importance importance;
    private final String doc;

    ConfigKey(String name, ConfigDef.Type type, Object defaultValue, Validator validator,
              ConfigDef.Importance importance, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.importance = Objects.requireNonNull(importance, "importance");
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    /** {@return the key's name, e.g. {@code linger.ms}} */
    public String name() {
        return name;
    }

    /** {@return the type values are converted to} */
    public ConfigDef.Type type() {
        return type;
    }

    /** {@return false for a required key: the user must give a value} */
    public boolean hasDefault() {
        return defaultValue != ConfigDef.NO_DEFAULT;
    }

    /**
     * The default, already converted to the key's type (a {@code Long} for a long key, a {@code Class} for a
     * class key, ...); may be null. {@link ConfigDef#NO_DEFAULT} for a required key.
     *
     * @return the default
     */
    public Object defaultValue() {
        return defaultValue;
    }

    /** {@return the rule beyond the type, or null when any value of the type is accepted} */
    public Validator validator() {
        return validator;
    }

    /** {@return how likely a user is to need to set the key} */
    public ConfigDef.Importance importance() {
        return importance;
    }

    /** {@return what the key does and why one would change it, as the reference shows it} */
    public String doc() {
        return doc;
    }

    /** {@return what this key accepts, as it reads after "must be " in an error message} */
    public String describe() {
        return validator == null ? type.phrase() : validator.describe(type);
    }

    /** {@return the "valid values" column of the reference: the validator's short form, or empty when it has none} */
    public String validValues() {
        return validator == null ? "" : validator.validValues();
    }

    /** {@return the "default" column of the reference} */
    public String defaultDisplay() {
        if (!hasDefault()) {
            return "(required)";
        }
        return display(defaultValue);
    }

    static String display(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Class) {
            return ((Class<?>) value).getName();
        }
        if (value instanceof List) {
            StringBuilder sb = new StringBuilder();
            for (Object o : (List<?>) value) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(o);
            }
            return sb.length() == 0 ? "\"\"" : sb.toString();
        }
        String s = value.toString();
        return s.isEmpty() ? "\"\"" : s;
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ", default " + defaultDisplay() + ")";
    }
}
