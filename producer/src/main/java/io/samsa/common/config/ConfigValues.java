package io.samsa.common.config;

import io.samsa.common.config.types.Password;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated configuration: the value of every key of a {@link ConfigDef}, typed, plus what the user gave.
 * The base of {@code io.samsa.clients.producer.ProducerConfig}, playing the part of Apache Kafka's
 * {@code AbstractConfig}.
 *
 * <p>Immutable; any thread may read it.
 *
 * <p><b>Unknown keys.</b> A key the table does not know is not an error: users share one {@code Properties}
 * file between producers and consumers, and custom serializers or partitioners read keys of their own from
 * {@link #originals()}. Each such key is logged once per JVM at WARN, by name only (it might hold a secret),
 * and listed by {@link #unknownKeys()}.
 */
public class ConfigValues {
    private static final Logger log = LoggerFactory.getLogger(ConfigValues.class);

    /**
     * Unknown keys already warned about, across all configurations of this JVM: an application that creates a
     * producer per request from the same file must not repeat the warning each time.
     */
    private static final Set<String> WARNED_UNKNOWN = ConcurrentHashMap.newKeySet();

    private final ConfigDef definition;
    private final Map<String, Object> originals;
    private final Map<String, Object> values;
    private final Set<String> unknownKeys;

    /**
     * Validates {@code originals} against {@code definition}.
     *
     * @param definition the table of the keys
     * @param originals  the configuration as the user gave it
     * @throws ConfigException on the first key whose value is missing, of the wrong type or breaks its rule
     */
    public ConfigValues(ConfigDef definition, Map<?, ?> originals) {
        this(definition.parse(originals));
    }

    /**
     * Wraps a parse result, after the subclass has derived the values that depend on other keys. Logs the
     * unknown keys not yet warned about.
     *
     * @param parsed the parse result, with any derived values already set
     */
    protected ConfigValues(ConfigDef.Parsed parsed) {
        this.definition = parsed.definition();
        this.originals = parsed.originals();
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(parsed.values()));
        this.unknownKeys = parsed.unknownKeys();
        for (String name : unknownKeys) {
            if (warnOnce(name)) {
                log.warn("Ignoring configuration '{}': it is not a Samsa {} setting (it is still passed to the "
                        + "serializers and the partitioner, which may use it). Warned once per JVM.", name,
                        definition.component());
            }
        }
    }

    /** True the first time a name is seen in this JVM. */
    static boolean warnOnce(String name) {
        return WARNED_UNKNOWN.add(name);
    }

    /** {@return the table the configuration was validated against} */
    public ConfigDef definition() {
        return definition;
    }

    /**
     * The configuration exactly as the user gave it, unknown keys included, values unconverted. This is what
     * serializers and partitioners receive in their {@code configure} method, as in Apache Kafka.
     *
     * @return the original keys and values, unmodifiable
     */
    public Map<String, Object> originals() {
        return originals;
    }

    /**
     * {@return {@link #originals()} with some entries replaced or added (e.g. the effective {@code client.id}),
     * as a new unmodifiable map}
     *
     * @param overrides the entries to replace or add
     */
    public Map<String, Object> originals(Map<String, ?> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(originals);
        out.putAll(overrides);
        return Collections.unmodifiableMap(out);
    }

    /** {@return the effective value of every key of the table, after conversion, defaults and derivation} */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * {@return true when the user gave the key, false when it has its default (or a derived value)}
     *
     * @param name the key's name
     */
    public boolean isSet(String name) {
        return originals.containsKey(name);
    }

    /** {@return the keys the user gave that the table does not know, sorted} */
    public Set<String> unknownKeys() {
        return unknownKeys;
    }

    /**
     * {@return the effective value of a key, converted to the key's type; may be null for keys whose default is null}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key
     */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new ConfigException("Unknown configuration '" + name + "': the " + definition.component()
                    + " configuration has no such key");
        }
        return values.get(name);
    }

    private Object get(String name, ConfigDef.Type expected) {
        Object v = get(name);
        ConfigDef.Type actual = definition.key(name).type();
        if (actual != expected) {
            throw new ConfigException("Configuration '" + name + "' is of type " + actual.displayName()
                    + ", not " + expected.displayName());
        }
        return v;
    }

    /**
     * {@return the effective value of a string key; may be null}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type string
     */
    public String getString(String name) {
        return (String) get(name, ConfigDef.Type.STRING);
    }

    /**
     * {@return the effective value of an int key}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type int
     */
    public int getInt(String name) {
        return (Integer) get(name, ConfigDef.Type.INT);
    }

    /**
     * {@return the effective value of a long key}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type long
     */
    public long getLong(String name) {
        return (Long) get(name, ConfigDef.Type.LONG);
    }

    /**
     * {@return the effective value of a short key}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type short
     */
    public short getShort(String name) {
        return (Short) get(name, ConfigDef.Type.SHORT);
    }

    /**
     * {@return the effective value of a double key}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type double
     */
    public double getDouble(String name) {
        return (Double) get(name, ConfigDef.Type.DOUBLE);
    }

    /**
     * {@return the effective value of a boolean key}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type boolean
     */
    public boolean getBoolean(String name) {
        return (Boolean) get(name, ConfigDef.Type.BOOLEAN);
    }

    /**
     * {@return the effective value of a list key (class names for a list of classes); may be null}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type list
     */
    @SuppressWarnings("unchecked")
    public List<String> getList(String name) {
        return (List<String>) get(name, ConfigDef.Type.LIST);
    }

    /**
     * {@return the effective value of a class key, loaded; null when unset}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type class
     */
    public Class<?> getClass(String name) {
        return (Class<?>) get(name, ConfigDef.Type.CLASS);
    }

    /**
     * {@return the secret of a password key, wrapped so that printing it shows {@value Password#HIDDEN}; null
     * when unset}
     *
     * @param name the key's name
     * @throws ConfigException if the table has no such key, or it is not of type password
     */
    public Password getPassword(String name) {
        return (Password) get(name, ConfigDef.Type.PASSWORD);
    }

    /**
     * Creates an instance of the class configured for a class key, with its no-argument constructor. The
     * caller configures it (its {@code configure} signature depends on what it is).
     *
     * @param <T>  the type the instance must have
     * @param name the class key's name
     * @param type the interface or class the configured class must implement or extend
     * @return the new instance, or null when the key is unset
     * @throws ConfigException naming the key and class when it does not implement {@code type} or cannot be
     *                         created
     */
    public <T> T newInstance(String name, Class<T> type) {
        Class<?> c = getClass(name);
        return c == null ? null : instantiate(name, c, type);
    }

    /**
     * Creates one instance per class named by a list key ({@code interceptor.classes}), in order. Apache Kafka
     * class names with a Samsa equivalent are mapped to it, as for class keys.
     *
     * @param <T>  the type the instances must have
     * @param name the list key's name
     * @param type the interface or class every configured class must implement or extend
     * @return the new instances, unmodifiable; the caller configures them
     * @throws ConfigException naming the key and class when one does not implement {@code type} or cannot be
     *                         loaded or created
     */
    public <T> List<T> newInstances(String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (String className : getList(name)) {
            Class<?> c = definition.loadClass(name, className, null, null);
            out.add(instantiate(name, c, type));
        }
        return Collections.unmodifiableList(out);
    }

    private static <T> T instantiate(String name, Class<?> c, Class<T> type) {
        if (!type.isAssignableFrom(c)) {
            throw new ConfigException(name, c, "class " + c.getName() + " does not implement " + type.getName());
        }
        try {
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new ConfigException(name, c, "the constructor of " + c.getName() + " failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException(name, c, "class " + c.getName()
                    + " could not be created with a public no-argument constructor: " + e, e);
        }
    }

    /** {@return every key with its effective value, sorted by name; passwords show {@value Password#HIDDEN}} */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            shown.put(e.getKey(), ConfigKey.display(e.getValue()));
        }
        return getClass().getSimpleName() + shown;
    }
}
