package io.samsa.kafka.embedded.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.samsa.kafka.embedded.ClientTelemetryLog;
import io.samsa.kafka.embedded.EmbeddedKafkaCluster;
import io.samsa.kafka.embedded.ExternalKafkaCluster;
import io.samsa.kafka.embedded.KafkaTestCluster;
import io.samsa.kafka.embedded.KafkaVersions;
import io.samsa.kafka.embedded.PartitionState;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension behind {@link KafkaCluster}: starts, shares and closes clusters, and injects them into
 * parameters and fields. Usually registered through {@code @KafkaCluster}; {@code @ExtendWith(EmbeddedKafkaExtension.class)}
 * alone gives every {@code KafkaTestCluster}/{@code EmbeddedKafkaCluster} parameter a default shared single-node cluster.
 *
 * <p>Clusters live in JUnit's {@link ExtensionContext.Store}s, which close them: shared ones in the root store (end
 * of the run), private ones in the store of the test method or class they belong to. See {@link KafkaCluster} for
 * the rules, and for what happens with {@code -Dsamsa.bootstrap}.
 *
 * <p>Threads: stateless; JUnit's stores make concurrent look-ups of one cluster start it once, so the extension
 * works under parallel test execution.
 */
public class EmbeddedKafkaExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback,
        TestInstancePostProcessor, ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private static final String EXTERNAL_KEY = "external-cluster";

    /** Holder of the annotation's default values, for injections that carry no annotation. */
    @KafkaCluster
    private static final class Defaults {
    }

    /** What identifies a cluster for sharing. The version is resolved, so "" and "4.1.2" share when they mean the same. */
    record Settings(int nodes, String version, SortedMap<String, String> brokerConfigs, boolean autoCreateTopics,
                    boolean clientTelemetry) {
    }

    private record Key(Settings settings, boolean shared) {
    }

    /** Closes a cluster when its store is closed. */
    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        final KafkaTestCluster cluster;
        private final AutoCloseable closeable;

        Resource(KafkaTestCluster cluster, AutoCloseable closeable) {
            this.cluster = cluster;
            this.closeable = closeable;
        }

        @Override
        public void close() throws Exception {
            closeable.close();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Parameters
    // ----------------------------------------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return isClusterType(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Parameter parameter = parameterContext.getParameter();
        Executable executable = parameterContext.getDeclaringExecutable();
        KafkaCluster annotation = findAnnotation(Optional.of(parameter), executable instanceof Method m ? m : null,
                context.getRequiredTestClass());
        // Constructor parameters belong to the class; method parameters to the method.
        ExtensionContext owner = executable instanceof Constructor<?> ? classContext(context) : context;
        try {
            return cluster(annotation, parameter.getType(), owner, "parameter " + parameter.getName() + " of " + executable);
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Fields
    // ----------------------------------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : annotatedFields(testClass)) {
            if (Modifier.isStatic(field.getModifiers())) {
                inject(null, field, context);
            }
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        injectInstanceFields(testInstance, context);
    }

    /**
     * Also injects here: an extension registered only through {@code @KafkaCluster} on an instance field is
     * registered after the test instance was post-processed, so {@link #postProcessTestInstance} never sees it.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectInstanceFields(instance, context);
        }
    }

    private void injectInstanceFields(Object instance, ExtensionContext context) {
        for (Field field : annotatedFields(instance.getClass())) {
            if (!Modifier.isStatic(field.getModifiers())) {
                inject(instance, field, context);
            }
        }
    }

    private void inject(Object instance, Field field, ExtensionContext context) {
        if (!isClusterType(field.getType())) {
            throw new ExtensionConfigurationException("field " + field + " is annotated @KafkaCluster but its type is "
                    + field.getType().getName() + "; use KafkaTestCluster or EmbeddedKafkaCluster");
        }
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("field " + field + " is annotated @KafkaCluster but is final");
        }
        try {
            field.setAccessible(true);
            if (field.get(instance) != null) {
                return; // already injected (postProcessTestInstance, then beforeEach)
            }
            KafkaCluster annotation = findAnnotation(Optional.of(field), null, field.getDeclaringClass());
            field.set(instance, cluster(annotation, field.getType(), classContext(context), "field " + field));
        } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("cannot set field " + field + ": " + e.getMessage(), e);
        }
    }

    private static List<Field> annotatedFields(Class<?> testClass) {
        return AnnotationSupport.findAnnotatedFields(testClass, KafkaCluster.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
    }

    // ----------------------------------------------------------------------------------------------------------------
    // External mode: skip what cannot run
    // ----------------------------------------------------------------------------------------------------------------

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!externalMode()) {
            return ConditionEvaluationResult.enabled("embedded Kafka");
        }
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isEmpty()) {
            return ConditionEvaluationResult.enabled("no test class");
        }
        List<Injection> injections = new ArrayList<>();
        if (context.getTestMethod().isPresent()) {
            Method method = context.getTestMethod().get();
            for (Parameter p : method.getParameters()) {
                if (isClusterType(p.getType())) {
                    injections.add(new Injection(p.getType(), findAnnotation(Optional.of(p), method, testClass.get()), p.toString()));
                }
            }
        } else {
            for (Field f : annotatedFields(testClass.get())) {
                injections.add(new Injection(f.getType(), findAnnotation(Optional.of(f), null, f.getDeclaringClass()), f.toString()));
            }
            for (Constructor<?> c : testClass.get().getDeclaredConstructors()) {
                for (Parameter p : c.getParameters()) {
                    if (isClusterType(p.getType())) {
                        injections.add(new Injection(p.getType(), findAnnotation(Optional.of(p), null, testClass.get()), p.toString()));
                    }
                }
            }
        }
        for (Injection injection : injections) {
            if (injection.type == EmbeddedKafkaCluster.class) {
                return ConditionEvaluationResult.disabled(injection.where + " needs an EmbeddedKafkaCluster, but -D"
                        + ExternalKafkaCluster.BOOTSTRAP_PROPERTY + " selects an external cluster");
            }
            if (injection.annotation.clientTelemetry()) {
                return ConditionEvaluationResult.disabled(injection.where + " needs client telemetry recording, which "
                        + "only embedded brokers do, but -D" + ExternalKafkaCluster.BOOTSTRAP_PROPERTY
                        + " selects an external cluster");
            }
        }
        int wanted = injections.stream().mapToInt(i -> i.annotation.nodes()).max().orElse(0);
        if (wanted > 1) {
            int available = external(context).nodeIds().size();
            if (available < wanted) {
                return ConditionEvaluationResult.disabled("needs " + wanted + " Kafka nodes, but the external cluster at "
                        + System.getProperty(ExternalKafkaCluster.BOOTSTRAP_PROPERTY) + " has " + available);
            }
        }
        return ConditionEvaluationResult.enabled("external Kafka at " + System.getProperty(ExternalKafkaCluster.BOOTSTRAP_PROPERTY));
    }

    private record Injection(Class<?> type, KafkaCluster annotation, String where) {
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Getting a cluster
    // ----------------------------------------------------------------------------------------------------------------

    private static Object cluster(KafkaCluster annotation, Class<?> type, ExtensionContext owner, String where) {
        if (externalMode()) {
            if (type == EmbeddedKafkaCluster.class) {
                throw new IllegalStateException(where + " needs an EmbeddedKafkaCluster, but -D"
                        + ExternalKafkaCluster.BOOTSTRAP_PROPERTY + " selects an external cluster; declare it as KafkaTestCluster");
            }
            return external(owner);
        }
        Settings settings = settings(annotation);
        ExtensionContext.Store store = annotation.shared() ? owner.getRoot().getStore(NAMESPACE) : owner.getStore(NAMESPACE);
        Resource resource = store.getOrComputeIfAbsent(new Key(settings, annotation.shared()), k -> start(settings), Resource.class);
        return resource.cluster;
    }

    private static Resource start(Settings settings) {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                .nodes(settings.nodes())
                .version(settings.version())
                .brokerConfigs(settings.brokerConfigs())
                .autoCreateTopics(settings.autoCreateTopics())
                .clientTelemetry(settings.clientTelemetry())
                .build()
                .start();
        return new Resource(cluster, cluster);
    }

    private static KafkaTestCluster external(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(EXTERNAL_KEY, k -> {
            ExternalKafkaCluster cluster = ExternalKafkaCluster.fromSystemProperties();
            return new Resource(new SkippingNodeControl(cluster), cluster);
        }, Resource.class).cluster;
    }

    private static boolean externalMode() {
        String bootstrap = System.getProperty(ExternalKafkaCluster.BOOTSTRAP_PROPERTY);
        return bootstrap != null && !bootstrap.isBlank();
    }

    static Settings settings(KafkaCluster annotation) {
        SortedMap<String, String> configs = new TreeMap<>();
        for (String kv : annotation.brokerConfig()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@KafkaCluster brokerConfig entries must be key=value, got '" + kv + "'");
            }
            configs.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return new Settings(annotation.nodes(), KafkaVersions.resolve(annotation.version()),
                Collections.unmodifiableSortedMap(configs), annotation.autoCreateTopics(), annotation.clientTelemetry());
    }

    /** The nearest {@code @KafkaCluster}: on the element, the method, the class, its enclosing classes; else defaults. */
    private static KafkaCluster findAnnotation(Optional<? extends AnnotatedElement> element, Method method, Class<?> testClass) {
        if (element.isPresent()) {
            Optional<KafkaCluster> a = AnnotationSupport.findAnnotation(element.get(), KafkaCluster.class);
            if (a.isPresent()) {
                return a.get();
            }
        }
        if (method != null) {
            Optional<KafkaCluster> a = AnnotationSupport.findAnnotation(method, KafkaCluster.class);
            if (a.isPresent()) {
                return a.get();
            }
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<KafkaCluster> a = AnnotationSupport.findAnnotation(c, KafkaCluster.class);
            if (a.isPresent()) {
                return a.get();
            }
        }
        return Defaults.class.getAnnotation(KafkaCluster.class);
    }

    /** The nearest enclosing context that is a class, not a method. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static boolean isClusterType(Class<?> type) {
        return type == KafkaTestCluster.class || type == EmbeddedKafkaCluster.class;
    }

    /**
     * An external cluster as tests see it: everything delegates, except node control, which aborts the test (JUnit
     * reports it as skipped) because the nodes are not ours.
     */
    private static final class SkippingNodeControl implements KafkaTestCluster {
        private final ExternalKafkaCluster delegate;

        SkippingNodeControl(ExternalKafkaCluster delegate) {
            this.delegate = delegate;
        }

        @Override
        public String bootstrapServers() {
            return delegate.bootstrapServers();
        }

        @Override
        public Map<String, String> clientConfigs() {
            return delegate.clientConfigs();
        }

        @Override
        public void createTopic(String topic, int partitions, int replicationFactor, Map<String, String> topicConfigs) {
            delegate.createTopic(topic, partitions, replicationFactor, topicConfigs);
        }

        @Override
        public void deleteTopic(String topic) {
            delegate.deleteTopic(topic);
        }

        @Override
        public List<PartitionState> describeTopic(String topic) {
            return delegate.describeTopic(topic);
        }

        @Override
        public List<Integer> nodeIds() {
            return delegate.nodeIds();
        }

        @Override
        public String brokerAddress(int nodeId) {
            return delegate.brokerAddress(nodeId);
        }

        @Override
        public void setClientMetricsSubscription(String name, List<String> metricPrefixes, int intervalMs,
                                                 Map<String, String> match) {
            delegate.setClientMetricsSubscription(name, metricPrefixes, intervalMs, match);
        }

        @Override
        public void deleteClientMetricsSubscription(String name) {
            delegate.deleteClientMetricsSubscription(name);
        }

        @Override
        public ClientTelemetryLog clientTelemetry() {
            Assumptions.assumeTrue(false, "client telemetry pushes to the external Kafka cluster at "
                    + delegate.bootstrapServers() + " are not recorded; test skipped");
            return null;
        }

        @Override
        public boolean supportsNodeControl() {
            return false;
        }

        @Override
        public void stopNode(int nodeId) {
            skip("stop");
        }

        @Override
        public void killNode(int nodeId) {
            skip("kill");
        }

        @Override
        public void restartNode(int nodeId) {
            skip("restart");
        }

        private void skip(String what) {
            Assumptions.assumeTrue(false, "cannot " + what + " a node of the external Kafka cluster at "
                    + delegate.bootstrapServers() + " (-D" + ExternalKafkaCluster.BOOTSTRAP_PROPERTY + "); test skipped");
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
