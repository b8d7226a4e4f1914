package io.samsa.kafka.embedded.fork;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Main class of a forked Kafka node (broker and controller in one JVM). Not for direct use: the parent
 * ({@code EmbeddedKafkaCluster}) builds the command line.
 *
 * <pre>
 * NodeMain --parent-pid PID [--format CLUSTER_ID] SERVER_PROPERTIES
 * </pre>
 *
 * <ol>
 *   <li>Starts the {@link ParentWatchdog} first, before anything slow, so a parent that dies during start-up
 *       does not leave us behind.</li>
 *   <li>With {@code --format}, formats the node's storage with Kafka's own {@code kafka.tools.StorageTool} in
 *       this JVM. Running it here instead of in a separate short-lived fork saves one JVM start and one load of
 *       Kafka's classes per node, which on a small machine is a noticeable part of start-up, and nodes format in
 *       parallel.</li>
 *   <li>Runs {@code kafka.Kafka.main}, which returns only when the broker shuts down.</li>
 * </ol>
 *
 * <p>Written in plain Java with no compile-time dependency on Kafka: this class sits in the caller's jar, and
 * Kafka exists only on the fork's classpath. Everything Kafka is reached by reflection.
 */
public final class NodeMain {

    /** Exit status when the arguments are wrong. */
    public static final int USAGE_STATUS = 64;
    /** Exit status when formatting the storage failed; the reason is in the node's log. */
    public static final int FORMAT_FAILED_STATUS = 65;
    /** Exit status when Kafka's main method threw instead of exiting by itself. */
    public static final int KAFKA_FAILED_STATUS = 70;

    private NodeMain() {
    }

    public static void main(String[] args) {
        long parentPid = -1;
        String clusterIdToFormat = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--parent-pid" -> parentPid = Long.parseLong(args[++i]);
                case "--format" -> clusterIdToFormat = args[++i];
                default -> rest.add(args[i]);
            }
        }
        if (parentPid < 0 || rest.size() != 1) {
            System.err.println("usage: NodeMain --parent-pid PID [--format CLUSTER_ID] SERVER_PROPERTIES");
            System.exit(USAGE_STATUS);
        }
        ParentWatchdog.start(parentPid, true);
        String serverProperties = rest.get(0);

        if (clusterIdToFormat != null) {
            int status = formatStorage(clusterIdToFormat, serverProperties);
            if (status != 0) {
                System.err.println("[samsa] kafka.tools.StorageTool format failed with status " + status);
                System.exit(FORMAT_FAILED_STATUS);
            }
        }

        try {
            invokeMain("kafka.Kafka", new String[] {serverProperties});
        } catch (Throwable t) {
            System.err.println("[samsa] kafka.Kafka.main failed");
            t.printStackTrace();
            System.exit(KAFKA_FAILED_STATUS);
        }
    }

    /**
     * Runs {@code kafka-storage.sh format -t ID -c CONFIG --ignore-formatted} in this JVM.
     *
     * <p>StorageTool ends by calling Kafka's {@code org.apache.kafka.common.utils.Exit.exit}, which would end this
     * JVM before the broker starts. Kafka provides {@code Exit.setExitProcedure} for exactly this (its own tests use
     * it), so we install a procedure that throws while StorageTool runs and afterwards does what Kafka's default
     * does, {@code System.exit}. (We cannot "reset" it: in Kafka 4.x {@code resetExitProcedure} installs a procedure
     * that fails, meant for tests.) With a static voter set ({@code controller.quorum.voters}) neither
     * {@code --standalone} nor {@code --initial-controllers} applies; these arguments mean the same in 3.9 and 4.1.
     *
     * @return StorageTool's exit status
     */
    private static int formatStorage(String clusterId, String serverProperties) {
        AtomicBoolean formatting = new AtomicBoolean(true);
        try {
            Class<?> exit = Class.forName("org.apache.kafka.common.utils.Exit");
            Class<?> procedure = Class.forName("org.apache.kafka.common.utils.Exit$Procedure");
            InvocationHandler handler = (proxy, method, methodArgs) -> {
                if (method.getName().equals("execute")) {
                    int status = (Integer) methodArgs[0];
                    if (formatting.get()) {
                        throw new ExitRequested(status);
                    }
                    System.exit(status);
                    return null;
                }
                return objectMethod(proxy, method, methodArgs);
            };
            Object proxy = Proxy.newProxyInstance(NodeMain.class.getClassLoader(), new Class<?>[] {procedure}, handler);
            exit.getMethod("setExitProcedure", procedure).invoke(null, proxy);
            try {
                invokeMain("kafka.tools.StorageTool",
                        new String[] {"format", "-t", clusterId, "-c", serverProperties, "--ignore-formatted"});
                return 0; // returned without calling Exit: treat as success
            } catch (ExitRequested e) {
                return e.status;
            } finally {
                formatting.set(false);
            }
        } catch (ReflectiveOperationException e) {
            System.err.println("[samsa] could not call kafka.tools.StorageTool in-process (is this a Kafka classpath?)");
            e.printStackTrace();
            return -1;
        } catch (RuntimeException e) {
            System.err.println("[samsa] kafka.tools.StorageTool format threw:");
            e.printStackTrace();
            return -1;
        }
    }

    private static void invokeMain(String className, String[] args) throws ReflectiveOperationException {
        Method main = Class.forName(className).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "samsa-throwing-exit-procedure";
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }

    /** Thrown by the exit procedure to unwind StorageTool instead of ending the JVM. */
    private static final class ExitRequested extends RuntimeException {
        final int status;

        ExitRequested(int status) {
            super("exit " + status, null, false, false);
            this.status = status;
        }
    }
}
