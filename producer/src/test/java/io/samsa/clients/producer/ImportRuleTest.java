package io.samsa.clients.producer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import rule: a producer program written against Apache Kafka's {@code kafka-clients} 4.1 compiles against
 * Samsa once {@code org.apache.kafka.} is replaced by {@code io.samsa.} in its imports. Checked against the
 * {@code kafka-clients} jar on the test class path, class by class, for the packages a producer program uses
 * ({@code clients.producer}, {@code common.serialization}, {@code common.errors}, {@code common.header} and
 * {@code .header.internals}) and the named classes of {@code common}, {@code clients} and {@code common.config}
 * it meets: every public class has a namesake (apart from {@link #CLASS_EXCEPTIONS}), exceptions have the same
 * superclass chain, constants have the same values, and the types a program calls most have Apache Kafka's
 * constructors and methods (apart from {@link #METHOD_EXCEPTIONS}).
 *
 * <p>Return types are not compared (Samsa's {@code send} returns a {@code CompletableFuture}, which is a
 * {@code Future}); nor is behaviour, which the other tests compare.
 */
class ImportRuleTest {
    private static final String APACHE = "org.apache.kafka.";
    private static final String SAMSA = "io.samsa.";

    /** Whole packages a producer program imports from (their direct members; not {@code .internals}). */
    private static final List<String> PACKAGES = List.of("clients.producer", "common.serialization",
            "common.errors", "common.header", "common.header.internals");

    /** Single classes of other packages a producer program meets. */
    private static final List<String> NAMED_CLASSES = List.of("common.KafkaException", "common.TopicPartition",
            "common.PartitionInfo", "common.Node", "common.Cluster", "common.Metric", "common.MetricName",
            "common.InvalidRecordException", "common.Uuid", "clients.CommonClientConfigs", "common.config.SslConfigs",
            "common.config.SaslConfigs", "common.config.ConfigException", "clients.consumer.OffsetAndMetadata",
            "clients.consumer.ConsumerGroupMetadata", "clients.consumer.CommitFailedException");

    /** The types whose constructors and methods are compared. */
    private static final List<String> METHOD_CHECKED = List.of("clients.producer.Producer",
            "clients.producer.ProducerRecord", "clients.producer.RecordMetadata", "clients.producer.Callback",
            "clients.producer.Partitioner", "clients.producer.ProducerInterceptor",
            "common.serialization.Serializer", "common.serialization.Deserializer", "common.serialization.Serde",
            "common.header.Header", "common.header.Headers", "common.header.internals.RecordHeader",
            "common.header.internals.RecordHeaders", "common.TopicPartition", "common.PartitionInfo",
            "common.Node", "common.Cluster", "common.Uuid", "clients.consumer.OffsetAndMetadata",
            "clients.consumer.ConsumerGroupMetadata");

    /**
     * Apache Kafka's public classes Samsa has no namesake for, each with the reason (names relative to
     * {@code org.apache.kafka.}). An entry whose class gains a namesake fails the test until it is removed.
     */
    private static final Map<String, String> CLASS_EXCEPTIONS = new TreeMap<>();

    static {
        // Not (yet) in Samsa.
        except("two-phase commit (KIP-939), not reachable through Apache Kafka 4.1's public producer API either",
                "clients.producer.PreparedTxnState");
        except("Samsa has no Bytes type (org.apache.kafka.common.utils.Bytes); use byte[] and ByteArraySerializer",
                "common.serialization.BytesSerializer", "common.serialization.BytesDeserializer",
                "common.serialization.Serdes$BytesSerde");
        except("Samsa has no list serializer yet; the configuration table rejects ListSerializer by name",
                "common.serialization.ListSerializer", "common.serialization.ListDeserializer",
                "common.serialization.Serdes$ListSerde");

        // Errors of APIs a producer never calls: it cannot meet them, and a program catching one is not a
        // producer program.
        except("consumer only: fetching, offsets and deserializing records",
                "common.errors.InvalidOffsetException", "common.errors.OffsetOutOfRangeException",
                "common.errors.OffsetNotAvailableException", "common.errors.OffsetMovedToTieredStorageException",
                "common.errors.PositionOutOfRangeException", "common.errors.InvalidFetchSizeException",
                "common.errors.InvalidFetchSessionEpochException", "common.errors.FetchSessionIdNotFoundException",
                "common.errors.FetchSessionTopicIdException", "common.errors.UnstableOffsetCommitException",
                "common.errors.RecordDeserializationException",
                "common.errors.RecordDeserializationException$DeserializationExceptionOrigin",
                "common.errors.WakeupException");
        except("consumer only: group membership (the group errors of TxnOffsetCommit are kept)",
                "common.errors.InvalidSessionTimeoutException", "common.errors.InconsistentGroupProtocolException",
                "common.errors.GroupMaxSizeReachedException", "common.errors.MemberIdRequiredException",
                "common.errors.UnreleasedInstanceIdException", "common.errors.UnsupportedAssignorException",
                "common.errors.FencedMemberEpochException", "common.errors.StaleMemberEpochException",
                "common.errors.InvalidRegularExpression");
        except("share groups (KIP-932) and Kafka Streams groups only",
                "common.errors.InvalidShareSessionEpochException", "common.errors.ShareSessionNotFoundException",
                "common.errors.ShareSessionLimitReachedException", "common.errors.InvalidRecordStateException",
                "common.errors.FencedStateEpochException", "common.errors.StreamsInvalidTopologyEpochException",
                "common.errors.StreamsInvalidTopologyException", "common.errors.StreamsTopologyFencedException");
        except("admin client only: topics, partitions, reassignments, groups, ACLs, quotas, features, log dirs",
                "common.errors.TopicExistsException", "common.errors.InvalidPartitionsException",
                "common.errors.InvalidReplicationFactorException", "common.errors.InvalidReplicaAssignmentException",
                "common.errors.ReassignmentInProgressException", "common.errors.NoReassignmentInProgressException",
                "common.errors.TopicDeletionDisabledException", "common.errors.PolicyViolationException",
                "common.errors.ElectionNotNeededException", "common.errors.EligibleLeadersNotAvailableException",
                "common.errors.PreferredLeaderNotAvailableException", "common.errors.GroupIdNotFoundException",
                "common.errors.GroupNotEmptyException", "common.errors.GroupSubscribedToTopicException",
                "common.errors.SecurityDisabledException", "common.errors.DuplicateResourceException",
                "common.errors.ResourceNotFoundException", "common.errors.LogDirNotFoundException",
                "common.errors.FeatureUpdateFailedException", "common.errors.InvalidUpdateVersionException",
                "common.errors.UnacceptableCredentialException", "common.errors.InvalidPrincipalTypeException",
                "common.errors.TransactionalIdNotFoundException", "common.errors.MismatchedEndpointTypeException",
                "common.errors.UnsupportedEndpointTypeException");
        except("delegation tokens are created and managed with the admin client; Samsa's SCRAM login only uses one",
                "common.errors.DelegationTokenAuthorizationException", "common.errors.DelegationTokenDisabledException",
                "common.errors.DelegationTokenExpiredException", "common.errors.DelegationTokenNotFoundException",
                "common.errors.DelegationTokenOwnerMismatchException",
                "common.errors.UnsupportedByAuthenticationException");
        except("between brokers and controllers only (KRaft registration, voters, elections, forwarding)",
                "common.errors.BrokerIdNotRegisteredException", "common.errors.DuplicateBrokerRegistrationException",
                "common.errors.StaleBrokerEpochException", "common.errors.InconsistentClusterIdException",
                "common.errors.InconsistentVoterSetException", "common.errors.InvalidVoterKeyException",
                "common.errors.DuplicateVoterException", "common.errors.VoterNotFoundException",
                "common.errors.UnknownControllerIdException", "common.errors.NotControllerException",
                "common.errors.ControllerMovedException", "common.errors.NewLeaderElectedException",
                "common.errors.IneligibleReplicaException", "common.errors.InvalidRegistrationException",
                "common.errors.SnapshotNotFoundException", "common.errors.PrincipalDeserializationException",
                "common.errors.AuthorizerNotReadyException");
        except("thrown by Apache Kafka's consumer network client; a producer's lost connection fails its requests "
                + "with NetworkException", "common.errors.DisconnectException");
    }

    private static void except(String why, String... classes) {
        for (String c : classes) {
            CLASS_EXCEPTIONS.put(c, why);
        }
    }

    /**
     * Apache Kafka's constructors and methods that the checked types leave out, as
     * {@code Type.method(ParameterTypes)} or {@code Type(ParameterTypes)} (simple names), each with the reason.
     */
    private static final Map<String, String> METHOD_EXCEPTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("Producer.registerMetricForSubscription(KafkaMetric)",
                    "takes Samsa's Metric: Samsa has no KafkaMetric type (the adapter takes Apache's)"),
            Map.entry("Producer.unregisterMetricFromSubscription(KafkaMetric)",
                    "takes Samsa's Metric: Samsa has no KafkaMetric type (the adapter takes Apache's)"),
            Map.entry("Cluster(String,Collection,Collection,Set,Set,Set,Node,Map)",
                    "Samsa's Cluster keeps topic ids in its TopicMetadata (as java.util.UUID), not in a map"),
            Map.entry("Cluster.clusterResource()",
                    "Samsa has no ClusterResource type; clusterId() gives the id"),
            Map.entry("Cluster.topicIds()", "topic(name).topicId() gives a topic's id (a java.util.UUID)"),
            Map.entry("Cluster.topicId(String)", "topic(name).topicId() gives a topic's id (a java.util.UUID)"),
            Map.entry("Cluster.topicName(Uuid)", "Samsa's Cluster is looked up by topic name only")));

    /** Apache Kafka's constants that Samsa's namesakes leave out, as {@code Class.FIELD}, each with the reason. */
    private static final Map<String, String> CONSTANT_EXCEPTIONS = new TreeMap<>(Map.of(
            "clients.producer.KafkaProducer.NETWORK_THREAD_PREFIX",
            "Samsa's I/O thread is samsa-io-<client.id>: Apache Kafka's thread name prefix would mislead"));

    // =============================================================================================================

    /** Apache Kafka's public classes in scope, by name relative to {@code org.apache.kafka.}. */
    private static final Map<String, Class<?>> APACHE_CLASSES = apacheClasses();

    private static Map<String, Class<?>> apacheClasses() {
        Path jar;
        try {
            jar = Path.of(org.apache.kafka.common.KafkaException.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Class<?>> out = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String entry = e.nextElement().getName();
                if (!entry.startsWith(APACHE.replace('.', '/')) || !entry.endsWith(".class")) {
                    continue;
                }
                String name = entry.substring(APACHE.length(), entry.length() - ".class".length()).replace('/', '.');
                String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                String pkg = topLevel.substring(0, topLevel.lastIndexOf('.'));
                if (!PACKAGES.contains(pkg) && !NAMED_CLASSES.contains(topLevel)) {
                    continue;
                }
                Class<?> c = Class.forName(APACHE + name, false, ImportRuleTest.class.getClassLoader());
                if (isPublicApi(c)) {
                    out.put(name, c);
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read " + jar, e);
        }
        assertThat(out).as("Apache Kafka's classes in scope").hasSizeGreaterThan(150);
        return out;
    }

    /** Public, and (for a nested class) a named member of a public class: what a program can import. */
    private static boolean isPublicApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /** Samsa's namesake of an Apache Kafka class, or null. */
    private static Class<?> samsa(String relativeName) {
        try {
            return Class.forName(SAMSA + relativeName, false, ImportRuleTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static boolean isThrowable(Class<?> c) {
        return Throwable.class.isAssignableFrom(c);
    }

    // ---- Classes ----

    @Test
    void everyApiTypeHasANamesake() {
        assertThat(missing(false)).as("Apache Kafka's public types without an io.samsa namesake (add them, or add "
                + "them to CLASS_EXCEPTIONS saying why)").isEmpty();
    }

    /** Exceptions (common.errors, BufferExhaustedException, InvalidRecordException, ConfigException, ...). */
    @Test
    void everyExceptionHasANamesake() {
        assertThat(missing(true)).as("Apache Kafka's exceptions without an io.samsa namesake (add them, or add "
                + "them to CLASS_EXCEPTIONS saying why)").isEmpty();
    }

    private static List<String> missing(boolean exceptions) {
        return APACHE_CLASSES.entrySet().stream()
                .filter(e -> isThrowable(e.getValue()) == exceptions)
                .filter(e -> !CLASS_EXCEPTIONS.containsKey(e.getKey()) && samsa(e.getKey()) == null)
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /** The list of exceptions stays true: each names a class Apache Kafka has and Samsa does not. */
    @Test
    void everyClassExceptionIsStillNeeded() {
        for (String name : CLASS_EXCEPTIONS.keySet()) {
            assertThat(APACHE_CLASSES).as("CLASS_EXCEPTIONS names an Apache Kafka class in scope").containsKey(name);
            assertThat(samsa(name)).as("%s now has a namesake: remove it from CLASS_EXCEPTIONS", name).isNull();
        }
    }

    /** io.samsa.X extends io.samsa.Y exactly where org.apache.kafka.X extends org.apache.kafka.Y, up to java.*. */
    @Test
    void exceptionsHaveApacheKafkasSuperclassChain() {
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, Class<?>> e : APACHE_CLASSES.entrySet()) {
            Class<?> ours = samsa(e.getKey());
            if (!isThrowable(e.getValue()) || ours == null) {
                continue;
            }
            List<String> expected = chain(e.getValue(), APACHE);
            List<String> actual = chain(ours, SAMSA);
            if (!expected.equals(actual)) {
                wrong.put(e.getKey(), "Apache " + expected + ", Samsa " + actual);
            }
        }
        assertThat(wrong).as("exceptions whose superclasses differ from Apache Kafka's (relative names)").isEmpty();
    }

    /** The superclasses of {@code c}, names relative to {@code prefix}, ending with the first java.* class. */
    private static List<String> chain(Class<?> c, String prefix) {
        List<String> out = new ArrayList<>();
        for (Class<?> k = c.getSuperclass(); k != null; k = k.getSuperclass()) {
            if (k.getName().startsWith(prefix)) {
                out.add(k.getName().substring(prefix.length()));
            } else {
                out.add(k.getName());
                break;
            }
        }
        return out;
    }

    // ---- Constants ----

    /**
     * Every public constant (String, primitive or boxed) of an Apache Kafka class with a namesake has the same name
     * and value in Samsa's. Apache Kafka's documentation strings ({@code *_DOC}) are left out: Samsa documents its
     * own behaviour, in the configuration table.
     */
    @Test
    void constantsHaveApacheKafkasNamesAndValues() throws IllegalAccessException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Class<?>> e : APACHE_CLASSES.entrySet()) {
            Class<?> ours = samsa(e.getKey());
            if (ours == null) {
                continue;
            }
            for (Field theirs : e.getValue().getFields()) {
                int m = theirs.getModifiers();
                if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || theirs.getName().endsWith("_DOC")
                        || !isConstantType(theirs.getType())) {
                    continue;
                }
                checked++;
                String name = e.getKey() + "." + theirs.getName();
                if (CONSTANT_EXCEPTIONS.containsKey(name)) {
                    continue;
                }
                Field mine;
                try {
                    mine = ours.getField(theirs.getName());
                } catch (NoSuchFieldException ex) {
                    wrong.add(name + " is missing");
                    continue;
                }
                if (!Objects.equals(mine.get(null), theirs.get(null))) {
                    wrong.add(name + " is " + mine.get(null) + ", Apache's "
                            + theirs.get(null));
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThan(150);
        for (String name : CONSTANT_EXCEPTIONS.keySet()) {
            Class<?> ours = samsa(name.substring(0, name.lastIndexOf('.')));
            assertThat(Arrays.stream(ours.getFields()).map(Field::getName))
                    .as("%s now exists: remove it from CONSTANT_EXCEPTIONS", name)
                    .doesNotContain(name.substring(name.lastIndexOf('.') + 1));
        }
    }

    private static boolean isConstantType(Class<?> type) {
        return type.isPrimitive() || type == String.class || Number.class.isAssignableFrom(type)
                || type == Boolean.class || type == Character.class;
    }

    // ---- Constructors and methods ----

    /**
     * The checked types have every public constructor and method of Apache Kafka's (static ones included), with
     * the parameter types mapped by the import rule; where Apache Kafka's class overrides equals, hashCode or
     * toString, Samsa's does too.
     */
    @Test
    void checkedTypesHaveApacheKafkasConstructorsAndMethods() {
        List<String> missing = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String name : METHOD_CHECKED) {
            Class<?> theirs = APACHE_CLASSES.get(name);
            Class<?> ours = samsa(name);
            assertThat(theirs).as(name).isNotNull();
            assertThat(ours).as(name).isNotNull();
            List<Executable> members = new ArrayList<>(Arrays.asList(theirs.getConstructors()));
            for (Method m : theirs.getMethods()) {
                if (m.getDeclaringClass() != Object.class && !m.isSynthetic() && !m.isBridge()) {
                    members.add(m);
                }
            }
            for (Executable member : members) {
                String signature = signature(theirs, member);
                seen.add(signature);
                if (METHOD_EXCEPTIONS.containsKey(signature)) {
                    continue;
                }
                if (!hasNamesake(ours, member)) {
                    missing.add(signature);
                }
            }
        }
        assertThat(missing).as("Apache Kafka's constructors and methods missing from Samsa's types (add them, or "
                + "add them to METHOD_EXCEPTIONS saying why)").isEmpty();
        assertThat(seen).as("METHOD_EXCEPTIONS names Apache Kafka members").containsAll(METHOD_EXCEPTIONS.keySet());
    }

    private static boolean hasNamesake(Class<?> ours, Executable member) {
        Class<?>[] params = new Class<?>[member.getParameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = mapped(member.getParameterTypes()[i]);
            if (params[i] == null) {
                return false;
            }
        }
        try {
            if (member instanceof Constructor) {
                ours.getConstructor(params);
                return true;
            }
            Method mine = ours.getMethod(member.getName(), params);
            boolean objectMethod = Set.of("equals", "hashCode", "toString").contains(member.getName());
            // Apache Kafka's value semantics must not silently become identity.
            return !objectMethod || mine.getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The type the import rule turns {@code type} into; null when Samsa has no such type. */
    private static Class<?> mapped(Class<?> type) {
        if (type.isArray()) {
            Class<?> component = mapped(type.getComponentType());
            return component == null ? null : java.lang.reflect.Array.newInstance(component, 0).getClass();
        }
        if (!type.getName().startsWith(APACHE)) {
            return type;
        }
        return samsa(type.getName().substring(APACHE.length()));
    }

    private static String signature(Class<?> owner, Executable member) {
        String params = Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(","));
        return member instanceof Constructor ? owner.getSimpleName() + "(" + params + ")"
                : owner.getSimpleName() + "." + member.getName() + "(" + params + ")";
    }

    /** Beyond the errors of other clients' APIs, what Samsa leaves out stays a short list. */
    @Test
    void fewApiTypesAreLeftOut() {
        assertThat(CLASS_EXCEPTIONS.keySet().stream().filter(c -> !c.startsWith("common.errors."))
                .collect(Collectors.toList())).hasSizeLessThanOrEqualTo(7);
    }
}
