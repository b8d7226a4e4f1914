package io.samsa.common.config;

import io.samsa.common.config.types.Password;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A configuration table: every key a component accepts, with its type, default, rule, importance and
 * documentation, in one place.
 *
 * <p>The table is the single source of truth. It converts and validates what the user gives
 * ({@link #parse(Map)}), it supplies the defaults, and {@link ConfigDocs} renders it as the configuration
 * reference; the typed builders only put values into the same maps the table reads. A key that is not in the
 * table does not exist for Samsa.
 *
 * <h2>Input</h2>
 * Values may be given as strings (a {@code Properties} file: leading and trailing blanks are ignored) or as
 * typed objects, as Apache Kafka accepts them:
 * <ul>
 *   <li>{@code boolean}: a {@code Boolean} or "true"/"false" in any case;</li>
 *   <li>{@code int}, {@code long}, {@code short}: any integral {@code Number} that fits (Apache Kafka wants
 *       exactly {@code Integer} for an int key; Samsa also takes a {@code Long} that fits) or a decimal
 *       string;</li>
 *   <li>{@code double}: any {@code Number} or a decimal string;</li>
 *   <li>{@code list}: a {@code List} (elements may be strings or classes) or a comma-separated string; blank
 *       entries are dropped;</li>
 *   <li>{@code class}: a {@code Class} or a fully-qualified class name, loaded with the thread's context class
 *       loader (falling back to Samsa's). Names of Apache Kafka's built-in classes that Samsa has an equivalent
 *       of are mapped to Samsa's (see {@link Builder#classAlias});</li>
 *   <li>{@code password}: a {@link Password} or a string.</li>
 * </ul>
 *
 * <p>Immutable once built; any thread may use it.
 */
public final class ConfigDef {

    /** The type of a key's value, and what the value is converted to. */
    public enum Type {
        /** {@code String}. */
        STRING("a string"),
        /** {@code Integer}. */
        INT("an int"),
        /** {@code Long}. */
        LONG("a long"),
        /** {@code Short}. */
        SHORT("a short"),
        /** {@code Boolean}. */
        BOOLEAN("true or false"),
        /** {@code Double}. */
        DOUBLE("a double"),
        /** {@code List<String>} (class names for lists of classes). */
        LIST("a comma-separated list"),
        /** {@code Class<?>}. */
        CLASS("a class name"),
        /** {@link Password}: printed as {@value Password#HIDDEN}. */
        PASSWORD("a string");

        private final String phrase;

        Type(String phrase) {
            this.phrase = phrase;
        }

        /** {@return how a value of this type is described after "must be ": "a long", "true or false"} */
        public String phrase() {
            return phrase;
        }

        /** {@return the name in the reference: {@code int}, {@code class}, ...} */
        public String displayName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How likely a user is to need to set a key (Apache Kafka's classification, used to order the reference). */
    public enum Importance {
        /** Most users need to think about this key. */
        HIGH,
        /** Some users need to set this key. */
        MEDIUM,
        /** Rarely set: the default suits almost everyone. */
        LOW
    }

    /** The default of a key that has none: the user must set it. */
    public static final Object NO_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    private final String component;
    private final Map<String, ConfigKey> keys;
    private final Map<String, String> classAliases;
    private final Map<String, String> retiredClasses;

    private ConfigDef(Builder b) {
        this.component = b.component;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(b.keys));
        this.classAliases = Map.copyOf(b.classAliases);
        this.retiredClasses = Map.copyOf(b.retiredClasses);
    }

    /**
     * Starts a table.
     *
     * @param component what the table configures, as it appears in messages: "producer"
     * @return a builder without keys
     */
    public static Builder builder(String component) {
        return new Builder(component);
    }

    /** {@return what the table configures, as it appears in messages ("producer")} */
    public String component() {
        return component;
    }

    /** {@return every key, in definition order} */
    public Collection<ConfigKey> keys() {
        return keys.values();
    }

    /** {@return the names of every key, in definition order} */
    public Set<String> names() {
        return keys.keySet();
    }

    /**
     * {@return the key, or null when the table has no such key}
     *
     * @param name the key's name
     */
    public ConfigKey key(String name) {
        return keys.get(name);
    }

    /** {@return Apache Kafka class names and the names of the Samsa classes they are read as} */
    public Map<String, String> classAliases() {
        return classAliases;
    }

    /**
     * Converts and validates the user's configuration.
     *
     * @param originals the keys and values as given ({@code Properties} included: use
     *                  {@link #toMap(Properties)} to see its defaults too)
     * @return the values of every key in the table (the user's, converted, or the default), the originals, and
     *         the keys that are not in the table
     * @throws ConfigException on the first key whose value is missing, of the wrong type or breaks its rule
     */
    public Parsed parse(Map<?, ?> originals) {
        Map<String, Object> orig = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : originals.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new ConfigException("Configuration keys must be strings, but got the "
                        + (e.getKey() == null ? "null key" : e.getKey().getClass().getName() + " '" + e.getKey() + "'"));
            }
            orig.put((String) e.getKey(), e.getValue());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            Object value;
            if (orig.containsKey(key.name())) {
                value = convert(key, orig.get(key.name()));
            } else if (key.hasDefault()) {
                value = key.defaultValue();
            } else {
                throw new ConfigException("Missing required configuration '" + key.name()
                        + "' which has no default value: it must be " + key.describe());
            }
            values.put(key.name(), value);
        }
        Set<String> unknown = new TreeSet<>();
        for (String name : orig.keySet()) {
            if (!keys.containsKey(name)) {
                unknown.add(name);
            }
        }
        return new Parsed(this, Collections.unmodifiableMap(orig), values, Collections.unmodifiableSet(unknown));
    }

    /**
     * A {@code Properties} as a map, including the entries of its defaults ({@code new Properties(defaults)}),
     * which {@code Properties}' own map view leaves out. Entries with non-string values are kept as they are.
     *
     * @param props the properties
     * @return a new map of every entry, by key
     * @throws ConfigException if a key is not a string
     */
    public static Map<String, Object> toMap(Properties props) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            out.put(name, props.getProperty(name));
        }
        for (Map.Entry<Object, Object> e : props.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new ConfigException("Configuration keys must be strings, but got the "
                        + e.getKey().getClass().getName() + " '" + e.getKey() + "'");
            }
            out.put((String) e.getKey(), e.getValue());
        }
        return out;
    }

    /** Converts a user's value to the key's type and checks it against the key's rule. */
    Object convert(ConfigKey key, Object raw) {
        String name = key.name();
        Type type = key.type();
        if (raw == null || (type == Type.CLASS && raw instanceof String && ((String) raw).isBlank()
                && key.defaultValue() == null)) {
            // A nullable key may be set to null (or a class key to blank, meaning "unset"); any other key may not.
            if (key.hasDefault() && key.defaultValue() == null) {
                return null;
            }
            throw new ConfigException(name, raw, "must be " + key.describe());
        }
        Object value = toType(key, raw);
        if (key.validator() != null) {
            key.validator().ensureValid(name, value);
        }
        return value;
    }

    private Object toType(ConfigKey key, Object raw) {
        String name = key.name();
        Type type = key.type();
        Object shown = type == Type.PASSWORD ? Password.HIDDEN : raw;
        String s = raw instanceof String ? ((String) raw).trim() : null;
        try {
            switch (type) {
                case BOOLEAN:
                    if (raw instanceof Boolean) {
                        return raw;
                    }
                    if (s != null && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                        return Boolean.parseBoolean(s);
                    }
                    break;
                case STRING:
                    if (s != null) {
                        return s;
                    }
                    break;
                case PASSWORD:
                    if (raw instanceof Password) {
                        return raw;
                    }
                    if (s != null) {
                        return new Password(s);
                    }
                    break;
                case INT:
                    if (s != null) {
                        return Integer.parseInt(s);
                    }
                    if (isIntegral(raw)) {
                        long v = ((Number) raw).longValue();
                        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                            return (int) v;
                        }
                    }
                    break;
                case LONG:
                    if (s != null) {
                        return Long.parseLong(s);
                    }
                    if (isIntegral(raw)) {
                        return ((Number) raw).longValue();
                    }
                    break;
                case SHORT:
                    if (s != null) {
                        return Short.parseShort(s);
                    }
                    if (isIntegral(raw)) {
                        long v = ((Number) raw).longValue();
                        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                            return (short) v;
                        }
                    }
                    break;
                case DOUBLE:
                    if (s != null) {
                        return Double.parseDouble(s);
                    }
                    if (raw instanceof Number) {
                        return ((Number) raw).doubleValue();
                    }
                    break;
                case LIST:
                    if (s != null) {
                        return splitList(s);
                    }
                    if (raw instanceof List) {
                        List<String> out = new ArrayList<>();
                        for (Object o : (List<?>) raw) {
                            String e = o instanceof Class ? ((Class<?>) o).getName() : o == null ? "" : o.toString().trim();
                            if (!e.isEmpty()) {
                                out.add(e);
                            }
                        }
                        return Collections.unmodifiableList(out);
                    }
                    break;
                case CLASS:
                    if (raw instanceof Class) {
                        return loadClass(name, ((Class<?>) raw).getName(), (Class<?>) raw, key);
                    }
                    if (s != null) {
                        return loadClass(name, s, null, key);
                    }
                    break;
                default:
                    throw new IllegalStateException("unhandled type " + type);
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(name, shown, "must be " + key.describe());
        }
        // A string that did not parse needs no explanation beyond the rule; an object of the wrong class does.
        String got = raw instanceof String ? "" : " (got a " + raw.getClass().getName() + ")";
        throw new ConfigException(name, shown, "must be " + key.describe() + got);
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte;
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Resolves a class name given for {@code key}: an Apache Kafka name Samsa has an equivalent of becomes
     * Samsa's; a retired name fails with the advice recorded for it.
     *
     * @param given the class when the user gave a {@code Class} (returned as is unless it is aliased), else null
     */
    Class<?> loadClass(String key, String className, Class<?> given, ConfigKey keyDef) {
        String retired = retiredClasses.get(className);
        if (retired != null) {
            throw new ConfigException(key, className, retired);
        }
        String alias = classAliases.get(className);
        if (alias == null && given != null) {
            return given;
        }
        String toLoad = alias == null ? className : alias;
        try {
            return Class.forName(toLoad, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            String what = keyDef == null ? "a class name" : keyDef.describe();
            throw new ConfigException(key, className, "class " + toLoad + " could not be loaded (" + e
                    + "); it must be " + what);
        }
    }

    /** Like Apache Kafka: the context class loader (application servers, plugins), else the one that loaded us. */
    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ConfigDef.class.getClassLoader();
    }

    /**
     * The result of {@link ConfigDef#parse}: what the user gave, the converted value of every key, and the keys
     * the table does not know. A component's configuration class adjusts values that depend on each other
     * ({@link #set}) before wrapping it in a {@link ConfigValues}. Not thread-safe; used by one thread while a
     * configuration is being built.
     */
    public static final class Parsed {
        private final ConfigDef def;
        private final Map<String, Object> originals;
        private final Map<String, Object> values;
        private final Set<String> unknownKeys;

        Parsed(ConfigDef def, Map<String, Object> originals, Map<String, Object> values, Set<String> unknownKeys) {
            this.def = def;
            this.originals = originals;
            this.values = values;
            this.unknownKeys = unknownKeys;
        }

        /** {@return the table the configuration was parsed with} */
        public ConfigDef definition() {
            return def;
        }

        /** {@return the configuration as the user gave it (unconverted), unknown keys included} */
        public Map<String, Object> originals() {
            return originals;
        }

        /**
         * {@return true when the user gave the key (as opposed to it taking its default)}
         *
         * @param name the key's name
         */
        public boolean isSet(String name) {
            return originals.containsKey(name);
        }

        /**
         * {@return the current value of a key of the table}
         *
         * @param name the key's name
         * @throws ConfigException if the table has no such key
         */
        public Object get(String name) {
            if (!values.containsKey(name)) {
                throw new ConfigException("Unknown configuration '" + name + "'");
            }
            return values.get(name);
        }

        /**
         * Replaces a key's value with one derived from other keys (client.id, enable.idempotence, ...). The
         * value goes through the same conversion and rule as the user's would, so a derived value can never be
         * one the table would reject.
         *
         * @param name  the key's name
         * @param value the derived value, in any form a user could give it
         * @throws ConfigException if the table has no such key, or the value breaks the key's type or rule
         */
        public void set(String name, Object value) {
            ConfigKey key = def.key(name);
            if (key == null) {
                throw new ConfigException("Unknown configuration '" + name + "'");
            }
            values.put(name, def.convert(key, value));
        }

        /** {@return the keys the user gave that the table does not have, sorted} */
        public Set<String> unknownKeys() {
            return unknownKeys;
        }

        Map<String, Object> values() {
            return values;
        }
    }

    /** Builds a {@link ConfigDef}. Not thread-safe; used once, in a static initialiser. */
    public static final class Builder {
        private final String component;
        private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
        private final Map<String, String> classAliases = new LinkedHashMap<>();
        private final Map<String, String> retiredClasses = new LinkedHashMap<>();

        private Builder(String component) {
            this.component = Objects.requireNonNull(component, "component");
        }

        /**
         * Adds a key.
         *
         * @param name         the key's name, e.g. {@code linger.ms}
         * @param type         the type values are converted to
         * @param defaultValue the default in any form a user could give it (it is converted and checked now, so
         *                     a wrong default fails when the table is built, not when a user relies on it);
         *                     {@link ConfigDef#NO_DEFAULT} for a required key; null for "unset", which only
         *                     string, list, class and password keys may be
         * @param validator    the rule beyond the type, or null
         * @param importance   how likely a user is to need to set it
         * @param doc          what the key does and why one would change it; never empty
         * @return this builder
         * @throws IllegalArgumentException for a duplicate name, an empty doc, or a default that breaks the
         *                                  key's own type or rule
         */
        public Builder define(String name, Type type, Object defaultValue, Validator validator, Importance importance,
                              String doc) {
            if (keys.containsKey(name)) {
                throw new IllegalArgumentException("configuration '" + name + "' is defined twice");
            }
            if (doc == null || doc.isBlank()) {
                throw new IllegalArgumentException("configuration '" + name + "' has no documentation");
            }
            ConfigKey draft = new ConfigKey(name, type, defaultValue, validator, importance, doc.strip());
            Object parsedDefault = defaultValue;
            if (defaultValue == null) {
                if (type != Type.STRING && type != Type.LIST && type != Type.CLASS && type != Type.PASSWORD) {
                    throw new IllegalArgumentException("configuration '" + name + "' of type " + type.displayName()
                            + " cannot default to null");
                }
            } else if (defaultValue != NO_DEFAULT) {
                try {
                    ConfigDef partial = new ConfigDef(this);
                    parsedDefault = partial.toType(draft, defaultValue);
                    if (validator != null) {
                        validator.ensureValid(name, parsedDefault);
                    }
                } catch (ConfigException e) {
                    throw new IllegalArgumentException("the default of '" + name + "' breaks its own rule: "
                            + e.getMessage(), e);
                }
            }
            keys.put(name, new ConfigKey(name, type, parsedDefault, validator, importance, doc.strip()));
            return this;
        }

        /**
         * Adds a key whose values are not restricted beyond their type.
         *
         * @param name         the key's name
         * @param type         the type values are converted to
         * @param defaultValue the default, as for {@link #define(String, Type, Object, Validator, Importance, String)}
         * @param importance   how likely a user is to need to set it
         * @param doc          what the key does and why one would change it; never empty
         * @return this builder
         */
        public Builder define(String name, Type type, Object defaultValue, Importance importance, String doc) {
            return define(name, type, defaultValue, null, importance, doc);
        }

        /**
         * Reads the Apache Kafka class {@code apacheName} as the Samsa class {@code samsaClass}, wherever a class
         * (or a list of classes) is configured, so that {@code key.serializer=org.apache.kafka.common.
         * serialization.StringSerializer} in an existing {@code Properties} file keeps working.
         *
         * @param apacheName the fully-qualified name of Apache Kafka's class
         * @param samsaClass the Samsa class it is read as
         * @return this builder
         */
        public Builder classAlias(String apacheName, Class<?> samsaClass) {
            classAliases.put(apacheName, samsaClass.getName());
            return this;
        }

        /**
         * Rejects a class name with advice, e.g. a class Apache Kafka removed.
         *
         * @param className the fully-qualified class name to reject
         * @param advice    what to configure instead, for the error message
         * @return this builder
         */
        public Builder retiredClass(String className, String advice) {
            retiredClasses.put(className, advice);
            return this;
        }

        /** {@return the table of every key defined so far} */
        public ConfigDef build() {
            return new ConfigDef(this);
        }
    }
}
