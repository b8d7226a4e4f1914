package io.samsa.common.config;

import io.samsa.protocol.record.compression.CodecUnavailableException;
import io.samsa.protocol.record.compression.Compression;
import io.samsa.protocol.record.compression.CompressionType;

import java.lang.reflect.Modifier;
import java.nio.charset.Charset;
import java.util.List;
import java.util.function.Consumer;

/**
 * The rules Samsa's configuration tables use. Every validator describes itself in the same words it uses to
 * reject a value, so that the error message and the reference say the same thing.
 */
public final class Validators {
    private Validators() {
    }

    /**
     * {@return a rule: an integer of the key's type no smaller than {@code min} (and no larger than the type
     * allows)}
     *
     * @param min the smallest value allowed
     */
    public static Validator atLeast(long min) {
        return new Range(min, null, null);
    }

    /**
     * {@return a rule: an integer between {@code min} and {@code max}, both included}
     *
     * @param min the smallest value allowed
     * @param max the largest value allowed
     */
    public static Validator between(long min, long max) {
        return new Range(min, max, null);
    }

    /**
     * {@return a rule: an integer between {@code min} and {@code max}, or exactly {@code special} (e.g. -1 for
     * "library default")}
     *
     * @param min     the smallest value allowed
     * @param max     the largest value allowed
     * @param special one more value allowed outside the range
     */
    public static Validator betweenOr(long min, long max, long special) {
        return new Range(min, max, special);
    }

    /**
     * {@return a rule: one of the given strings, compared exactly}
     *
     * @param allowed the values allowed
     */
    public static Validator oneOf(String... allowed) {
        return new Choice(false, List.of(allowed), List.of(), null);
    }

    /**
     * {@return a rule: one of the given strings, compared ignoring case (as Apache Kafka does for e.g.
     * security.protocol)}
     *
     * @param allowed the values allowed
     */
    public static Validator oneOfIgnoreCase(String... allowed) {
        return new Choice(true, List.of(allowed), List.of(), null);
    }

    /**
     * One of {@code supported}; the values in {@code notYet} are recognised (Apache Kafka accepts them) but
     * rejected by name with "'x' is not supported by Samsa yet" and the {@code why} (may be null), so that a user
     * is told the feature is missing rather than that the value is wrong.
     *
     * @param ignoreCase whether values are compared ignoring case
     * @param supported  the values Samsa accepts
     * @param notYet     the values Apache Kafka accepts that Samsa rejects as not supported yet
     * @param why        why they are not supported, added to the message; may be null
     * @return the rule
     */
    public static Validator supportedSubset(boolean ignoreCase, List<String> supported, List<String> notYet,
                                            String why) {
        return new Choice(ignoreCase, List.copyOf(supported), List.copyOf(notYet), why);
    }

    /**
     * {@code compression.type}: one of Kafka's codec names (exact case, as Apache Kafka), whose library must be
     * on the class path and load here. A missing optional codec library is a configuration error at construction,
     * naming the {@code groupId:artifactId} to add, rather than a failure at the first send.
     *
     * @return the rule
     */
    public static Validator compressionType() {
        Choice names = new Choice(false, List.of("none", "gzip", "snappy", "lz4", "zstd"), List.of(), null);
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                names.ensureValid(name, value);
                try {
                    Compression.requireAvailable(CompressionType.forName(value.toString()));
                } catch (CodecUnavailableException e) {
                    throw new ConfigException(name, value, e.getMessage(), e);
                }
            }

            @Override
            public String describe(ConfigDef.Type type) {
                return names.describe(type);
            }

            @Override
            public String validValues() {
                return names.validValues();
            }
        };
    }

    /** {@return a rule: a string that is not empty} */
    public static Validator nonEmptyString() {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value.toString().isEmpty()) {
                    throw new ConfigException(name, value, "must be a non-empty string");
                }
            }

            @Override
            public String describe(ConfigDef.Type type) {
                return "a non-empty string";
            }

            @Override
            public String validValues() {
                return "non-empty string";
            }
        };
    }

    /**
     * A class that implements (or extends) {@code type}, is concrete, and has a no-argument constructor, so that
     * Samsa can create it. Checked when the configuration is built rather than when the instance is first
     * needed, so that a typo fails at start-up.
     *
     * @param type the interface or class the configured class must implement or extend
     * @return the rule
     */
    public static Validator implementing(Class<?> type) {
        return implementing(type, true);
    }

    /**
     * As {@link #implementing(Class)}, without the no-argument constructor when {@code mustBeCreatable} is false:
     * for keys that may name the class of an instance the user gave ({@code key.serializer} when the producer is
     * built with serializer instances, as Apache Kafka allows: a lambda, an anonymous class, a class whose
     * constructor takes arguments). When Samsa does have to create one, the creation fails with the key named.
     *
     * @param type            the interface or class the configured class must implement or extend
     * @param mustBeCreatable whether the class must have a no-argument constructor
     * @return the rule
     */
    public static Validator implementing(Class<?> type, boolean mustBeCreatable) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                Class<?> c = (Class<?>) value;
                if (!type.isAssignableFrom(c)) {
                    throw new ConfigException(name, c, "class " + c.getName() + " does not implement " + type.getName());
                }
                if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                    throw new ConfigException(name, c, "class " + c.getName()
                            + " is abstract; it must be a concrete class implementing " + type.getName());
                }
                if (!mustBeCreatable) {
                    return;
                }
                try {
                    c.getDeclaredConstructor();
                } catch (NoSuchMethodException e) {
                    throw new ConfigException(name, c, "class " + c.getName()
                            + " has no no-argument constructor, so Samsa cannot create it");
                }
            }

            @Override
            public String describe(ConfigDef.Type t) {
                return "a class implementing " + type.getName();
            }

            @Override
            public String validValues() {
                return "class implementing " + type.getName();
            }
        };
    }

    /** {@return a rule: the name of a character set this JVM supports ({@code UTF-8}, {@code ISO-8859-1}, ...)} */
    public static Validator charset() {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String s = value.toString();
                boolean ok;
                try {
                    ok = Charset.isSupported(s);
                } catch (IllegalArgumentException e) {
                    ok = false;
                }
                if (!ok) {
                    throw new ConfigException(name, value, "must be " + describe(ConfigDef.Type.STRING));
                }
            }

            @Override
            public String describe(ConfigDef.Type type) {
                return "the name of a character set this JVM supports, such as UTF-8";
            }

            @Override
            public String validValues() {
                return "a charset name";
            }
        };
    }

    /**
     * A rule checked by {@code check}, which throws {@link IllegalArgumentException} with the reason; used to
     * reuse a parser (such as the one for {@code bootstrap.servers}) as the validator, so the two agree.
     *
     * @param describe    what the rule accepts, as it reads after "must be " in an error message
     * @param validValues the short form for the reference's "valid values" column
     * @param check       checks a value, throwing {@link IllegalArgumentException} with the reason when it breaks
     *                    the rule
     * @return the rule
     */
    public static Validator custom(String describe, String validValues, Consumer<Object> check) {
        return new Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    check.accept(value);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "must be " + describe + " (" + e.getMessage() + ")");
                }
            }

            @Override
            public String describe(ConfigDef.Type type) {
                return describe;
            }

            @Override
            public String validValues() {
                return validValues;
            }
        };
    }

    /** A closed range of integers, with an optional single value allowed outside it. */
    static final class Range implements Validator {
        private final long min;
        private final Long max;
        private final Long special;

        Range(long min, Long max, Long special) {
            this.min = min;
            this.max = max;
            this.special = special;
        }

        @Override
        public void ensureValid(String name, Object value) {
            long v = ((Number) value).longValue();
            boolean inRange = v >= min && (max == null || v <= max);
            if (!inRange && (special == null || v != special)) {
                throw new ConfigException(name, value, "must be " + describeFor(typeOf(value)));
            }
        }

        private static ConfigDef.Type typeOf(Object value) {
            if (value instanceof Integer) {
                return ConfigDef.Type.INT;
            }
            if (value instanceof Short) {
                return ConfigDef.Type.SHORT;
            }
            return ConfigDef.Type.LONG;
        }

        @Override
        public String describe(ConfigDef.Type type) {
            return describeFor(type);
        }

        private String describeFor(ConfigDef.Type type) {
            long upper;
            if (max != null) {
                upper = max;
            } else if (type == ConfigDef.Type.INT) {
                upper = Integer.MAX_VALUE;
            } else if (type == ConfigDef.Type.SHORT) {
                upper = Short.MAX_VALUE;
            } else {
                upper = Long.MAX_VALUE;
            }
            return type.phrase() + " between " + min + " and " + upper + (special == null ? "" : ", or " + special);
        }

        /** Apache Kafka's notation: {@code [0,...]} without an upper bound, {@code [1,...,9]} with one. */
        @Override
        public String validValues() {
            return "[" + min + ",..." + (max == null ? "" : "," + max) + "]" + (special == null ? "" : " or " + special);
        }
    }

    /** A set of allowed strings, optionally with recognised-but-unsupported ones. */
    static final class Choice implements Validator {
        private final boolean ignoreCase;
        private final List<String> supported;
        private final List<String> notYet;
        private final String why;

        Choice(boolean ignoreCase, List<String> supported, List<String> notYet, String why) {
            this.ignoreCase = ignoreCase;
            this.supported = supported;
            this.notYet = notYet;
            this.why = why;
        }

        @Override
        public void ensureValid(String name, Object value) {
            String s = value.toString();
            if (contains(supported, s)) {
                return;
            }
            if (contains(notYet, s)) {
                throw new ConfigException(name, value, "'" + s + "' is not supported by Samsa yet"
                        + (why == null ? "" : " (" + why + ")") + "; it must be " + describe(ConfigDef.Type.STRING));
            }
            throw new ConfigException(name, value, "must be " + describe(ConfigDef.Type.STRING));
        }

        private boolean contains(List<String> list, String s) {
            for (String a : list) {
                if (ignoreCase ? a.equalsIgnoreCase(s) : a.equals(s)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe(ConfigDef.Type type) {
            return "one of " + supported + (ignoreCase ? " (any case)" : "");
        }

        @Override
        public String validValues() {
            String s = (ignoreCase ? "(case insensitive) " : "") + supported;
            if (!notYet.isEmpty()) {
                s += " (" + String.join(", ", notYet) + ": not supported yet)";
            }
            return s;
        }
    }
}
