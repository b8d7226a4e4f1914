package io.samsa.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Turns Samsa's exceptions into Apache Kafka's, by name: {@code io.samsa.X} becomes {@code org.apache.kafka.X}
 * ({@code io.samsa.common.errors.NotLeaderOrFollowerException} becomes
 * {@code org.apache.kafka.common.errors.NotLeaderOrFollowerException}, {@code io.samsa.common.config.ConfigException}
 * becomes {@code org.apache.kafka.common.config.ConfigException}). Where Apache Kafka has no class of that name, or
 * none it can be built with, the Samsa superclasses are tried in turn, up to {@code io.samsa.common.KafkaException}.
 *
 * <p>Why by name and reflectively: Samsa's exception classes mirror Apache Kafka's names and hierarchy, and new
 * ones (one per broker error code) keep arriving; a table here would fall behind, a name rule does not. What is
 * looked up once per Samsa class (which Apache class, which constructor) is kept in a {@link ClassValue}.
 *
 * <p>What is kept: the message, the stack trace, suppressed exceptions, and the cause chain, whose Samsa members
 * are translated too (so that {@code getCause() instanceof} tests see Apache's types); other causes (the JDK's,
 * a serializer's own) are kept as they are. A JDK exception that carries a Samsa cause ({@code IllegalStateException}
 * after close, say) is rebuilt with the translated cause when its class can be (a {@code (String, Throwable)}
 * constructor), else kept.
 *
 * <p>Thread-safe and stateless apart from the class cache.
 */
final class ApacheExceptions {
    private static final String SAMSA = "io.samsa.";
    private static final String APACHE = "org.apache.kafka.";
    /** Causes nested deeper than this are left as they are (a cycle made by a careless initCause, say). */
    private static final int MAX_DEPTH = 16;
    /** Apache Kafka's classes are looked up where kafka-clients was loaded from. */
    private static final ClassLoader APACHE_LOADER = KafkaException.class.getClassLoader();

    private static final ClassValue<Target> TARGETS = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> samsaClass) {
            return Target.find(samsaClass);
        }
    };

    private ApacheExceptions() {
    }

    /**
     * The Apache Kafka form of {@code t}: for futures and callbacks, whatever thread completes them. A Samsa
     * exception that stands for an interrupt stays a plain {@code KafkaException} here (Apache's
     * {@link InterruptException} interrupts the thread that makes it, which is not the interrupted one).
     */
    static Exception toApache(Throwable t) {
        Last last = lastTranslated;
        if (last != null && last.samsa == t) {
            return last.apache;
        }
        Throwable out = translate(t, 0);
        Exception apache = out instanceof Exception ? (Exception) out : new KafkaException(out.toString(), out);
        lastTranslated = new Last(t, apache);
        return apache;
    }

    /**
     * The last exception {@link #toApache} translated, and its translation. The records of a batch usually fail
     * with one exception object and complete one after another on the callback thread: they then share one
     * translation, as the records of a batch share one exception in Apache's producer, instead of each paying
     * for a reflective construction and a stack trace copy.
     */
    private static volatile Last lastTranslated;

    private static final class Last {
        final Throwable samsa;
        final Exception apache;

        Last(Throwable samsa, Exception apache) {
            this.samsa = samsa;
            this.apache = apache;
        }
    }

    /**
     * The Apache Kafka form of an exception thrown to the calling thread (send, flush, close, partitionsFor): as
     * {@link #toApache}, and a Samsa {@code KafkaException} caused by an {@link InterruptedException} becomes an
     * {@link InterruptException}, which Apache's producer throws when interrupted.
     */
    static RuntimeException thrown(RuntimeException e) {
        if (isSamsa(e.getClass()) && e.getCause() instanceof InterruptedException
                && Target.apacheName(e.getClass()).equals(KafkaException.class.getName())) {
            InterruptException out = new InterruptException(e.getMessage(), (InterruptedException) e.getCause());
            out.setStackTrace(e.getStackTrace());
            return out;
        }
        Throwable out = translate(e, 0);
        return out instanceof RuntimeException ? (RuntimeException) out : new KafkaException(out.toString(), out);
    }

    private static boolean isSamsa(Class<?> c) {
        return c.getName().startsWith(SAMSA);
    }

    private static Throwable translate(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return t;
        }
        if (!isSamsa(t.getClass())) {
            return rebuildWithTranslatedCause(t, depth);
        }
        Target target = TARGETS.get(t.getClass());
        if (target == Target.NONE) {
            return t;
        }
        Throwable cause = t.getCause();
        Throwable out = target.create(t, cause == null || cause == t ? null : translate(cause, depth + 1));
        out.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            out.addSuppressed(translate(s, depth + 1));
        }
        return out;
    }

    /**
     * A JDK exception whose causes include a Samsa exception, rebuilt as the same class with the translated cause
     * when that class has a public {@code (String, Throwable)} constructor; anything else as it is.
     */
    private static Throwable rebuildWithTranslatedCause(Throwable t, int depth) {
        Throwable cause = t.getCause();
        if (cause == null || cause == t || !t.getClass().getName().startsWith("java.") || !hasSamsaCause(t)) {
            return t;
        }
        try {
            Constructor<? extends Throwable> c = t.getClass().getConstructor(String.class, Throwable.class);
            Throwable out = c.newInstance(t.getMessage(), translate(cause, depth + 1));
            out.setStackTrace(t.getStackTrace());
            for (Throwable s : t.getSuppressed()) {
                out.addSuppressed(s);
            }
            return out;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return t;
        }
    }

    private static boolean hasSamsaCause(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
            if (isSamsa(c.getClass())) {
                return true;
            }
        }
        return false;
    }

    /** The Apache class a Samsa class becomes, and how to build one. */
    private static final class Target {
        /** No Apache counterpart anywhere up the hierarchy: the exception stays as it is. */
        static final Target NONE = new Target(null, false, null);

        private final Constructor<? extends Throwable> constructor;
        /** Whether {@link #constructor} takes {@code (String, Throwable)}; else {@code (String)}. */
        private final boolean takesCause;
        /**
         * For Apache's {@code TopicAuthorizationException}, whose {@code (String, Set)} constructor keeps the
         * topics users read with {@code unauthorizedTopics()}: the Samsa exception's method of that name.
         */
        private final Method topics;

        private Target(Constructor<? extends Throwable> constructor, boolean takesCause, Method topics) {
            this.constructor = constructor;
            this.takesCause = takesCause;
            this.topics = topics;
        }

        static String apacheName(Class<?> samsaClass) {
            return APACHE + samsaClass.getName().substring(SAMSA.length());
        }

        /** Walks up from {@code samsaClass} to the first Samsa class with a buildable Apache namesake. */
        static Target find(Class<?> samsaClass) {
            for (Class<?> c = samsaClass; c != null && isSamsa(c); c = c.getSuperclass()) {
                Class<?> apache;
                try {
                    apache = Class.forName(apacheName(c), false, APACHE_LOADER);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (!Throwable.class.isAssignableFrom(apache) || Modifier.isAbstract(apache.getModifiers())
                        || !Modifier.isPublic(apache.getModifiers())) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Class<? extends Throwable> type = (Class<? extends Throwable>) apache;
                Target t = withTopics(c, type);
                if (t == null) {
                    t = withConstructor(type);
                }
                if (t != null) {
                    return t;
                }
            }
            return NONE;
        }

        private static Target withConstructor(Class<? extends Throwable> type) {
            try {
                return new Target(type.getConstructor(String.class, Throwable.class), true, null);
            } catch (NoSuchMethodException e) {
                // Many of Apache's exceptions take only a message; the cause is set with initCause then.
            }
            try {
                return new Target(type.getConstructor(String.class), false, null);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        private static Target withTopics(Class<?> samsaClass, Class<? extends Throwable> type) {
            try {
                Method m = samsaClass.getMethod("unauthorizedTopics");
                if (!Set.class.isAssignableFrom(m.getReturnType())) {
                    return null;
                }
                return new Target(type.getConstructor(String.class, Set.class), false, m);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        /** A new Apache exception with {@code samsa}'s message and the given (translated) cause. */
        Throwable create(Throwable samsa, Throwable cause) {
            Throwable out;
            try {
                if (topics != null) {
                    out = constructor.newInstance(samsa.getMessage(), topics.invoke(samsa));
                } else if (takesCause) {
                    return constructor.newInstance(samsa.getMessage(), cause);
                } else {
                    out = constructor.newInstance(samsa.getMessage());
                }
            } catch (InvocationTargetException | InstantiationException | IllegalAccessException
                     | RuntimeException e) {
                // An Apache constructor that refuses the message (none is known to): the general type instead.
                return new KafkaException(samsa.getMessage(), cause);
            }
            if (cause != null) {
                try {
                    out.initCause(cause);
                } catch (IllegalStateException e) {
                    // The constructor set a cause of its own (null included): keep what it set.
                }
            }
            return out;
        }
    }
}
