package io.samsa.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.samsa.cli.CliRun.usageError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argument handling and error messages of every command, without a broker: each bad input gets exit status 2 and
 * a message naming what was wrong, before anything is started. (A bad broker JVM option is only found by starting
 * that JVM: {@code PerfCompareIT#perfReportsABrokerThatCannotStart}.)
 */
class ArgumentsTest {

    @TempDir
    Path dir;

    /** A port nothing listens on: bound, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = CliRun.of("--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("produce", "broker", "perf");
        CliRun perfHelp = CliRun.of("perf", "--help");
        assertThat(perfHelp.status).isZero();
        assertThat(perfHelp.out).contains("--num-records", "--record-size", "--payload-file", "--throughput",
                "--producer-props", "--producer.config", "--compare", "--report", "--warmup-records");
        assertThat(CliRun.of("--version").out).startsWith("samsa ");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(usageError().err).contains("a command is required");
        assertThat(usageError("nonsense").err).contains("nonsense");
    }

    // ---- produce ---------------------------------------------------------------------------------------------

    @Test
    void produceNeedsATopic() {
        assertThat(usageError("produce", "--bootstrap-server", "localhost:9092").err)
                .contains("Missing required option", "--topic");
    }

    @Test
    void produceNeedsABrokerOrEmbedded() {
        assertThat(usageError("produce", "--topic", "t").err).contains("Missing required argument", "HOST:PORT",
                "--embedded");
        assertThat(usageError("produce", "--topic", "t", "--embedded", "--bootstrap-server", "h:1").err)
                .contains("mutually exclusive");
    }

    @Test
    void produceRejectsABadBrokerAddress() {
        assertThat(usageError("produce", "--topic", "t", "--bootstrap-server", "localhost").err)
                .contains("bad broker address 'localhost'", "host:port");
        assertThat(usageError("produce", "--topic", "t", "--bootstrap-server", "localhost:port").err)
                .contains("port 'port' is not a number");
        assertThat(usageError("produce", "--topic", "t", "--bootstrap-server", "localhost:70000").err)
                .contains("outside 1-65535");
    }

    @Test
    void produceReportsAnUnreachableBroker() throws IOException {
        int port = closedPort();
        assertThat(usageError("produce", "--topic", "t", "--bootstrap-server", "127.0.0.1:" + port).err)
                .contains("cannot connect to any broker", "127.0.0.1:" + port);
        assertThat(usageError("produce", "--topic", "t", "--bootstrap-server", "no-such-host.invalid:9092").err)
                .contains("no-such-host.invalid:9092 (unknown host)");
    }

    @Test
    void produceRejectsBadPropertySyntax() {
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--property", "parse.key").err)
                .contains("bad property syntax 'parse.key'", "--property", "key=value");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--producer-property", "=x").err)
                .contains("bad property syntax '=x'", "--producer-property");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--property", "parse.kye=true").err)
                .contains("unknown --property 'parse.kye'", "parse.key");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--property", "parse.key=yes").err)
                .contains("parse.key must be true or false");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--header", "novalue").err)
                .contains("bad header syntax 'novalue'");
    }

    @Test
    void produceReportsUnreadableFiles() {
        Path missing = dir.resolve("missing.txt");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--file", missing.toString()).err)
                .contains("--file " + missing + " does not exist");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--producer.config", missing.toString()).err)
                .contains("--producer.config file " + missing + " does not exist");
    }

    @Test
    void produceChecksItsTransactionOptions() {
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--transaction-size", "10").err)
                .contains("--transaction-size needs --transactional-id");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--transactional-id", "x",
                "--transaction-size", "0").err).contains("--transaction-size must be > 0, was 0");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--transactional-id", " ").err)
                .contains("--transactional-id must not be empty");
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--transactional-id", "x",
                "--producer-property", "enable.idempotence=false").err)
                .contains("invalid producer configuration", "transactional.id", "enable.idempotence");
        // a transactional.id among the producer properties is the same as the option
        assertThat(usageError("produce", "--topic", "t", "-b", "127.0.0.1:1", "--producer-property",
                "transactional.id=x", "--transaction-size", "-1").err).contains("--transaction-size must be > 0");
    }

    // ---- broker ----------------------------------------------------------------------------------------------

    @Test
    void brokerAcceptsOneOrThreeNodes() {
        assertThat(usageError("broker", "--nodes", "2").err).contains("--nodes must be 1 or 3, was 2");
        assertThat(usageError("broker", "--nodes", "x").err).contains("--nodes");
        assertThat(usageError("broker", "--topic", "t:zero").err).contains("bad --topic 't:zero'");
        assertThat(usageError("broker", "--for", "0").err).contains("--for must be > 0");
    }

    // ---- perf ------------------------------------------------------------------------------------------------

    @Test
    void perfNeedsTopicCountAndPayload() {
        assertThat(usageError("perf", "--num-records", "10", "--record-size", "10").err).contains("--topic");
        assertThat(usageError("perf", "--topic", "t", "--record-size", "10").err).contains("--num-records");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10").err)
                .contains("--record-size", "--payload-file");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "1",
                "--payload-file", "x").err).contains("mutually exclusive");
    }

    @Test
    void perfRejectsBadNumbers() {
        assertThat(usageError("perf", "--topic", "t", "--num-records", "0", "--record-size", "10").err)
                .contains("--num-records must be > 0, was 0");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "-5").err)
                .contains("--record-size must be > 0, was -5");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--throughput", "0").err).contains("--throughput must be > 0");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--warmup-records", "-1").err).contains("--warmup-records must be >= 0, was -1");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "ten", "--record-size", "10").err)
                .contains("ten");
    }

    @Test
    void perfReportsAnUnreadablePayloadFile() throws IOException {
        Path missing = dir.resolve("payloads.txt");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--payload-file", missing.toString(),
                "-b", "127.0.0.1:" + closedPort()).err)
                .contains("payload file " + missing + " does not exist");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--payload-file", empty.toString()).err)
                .contains("holds no payload");
    }

    @Test
    void perfRejectsBadProducerProperties() {
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--producer-props", "acks").err).contains("bad property syntax 'acks'");
        CliRun badValue = usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--producer-props", "acks=7");
        assertThat(badValue.err).contains("invalid producer configuration", "acks");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--producer.config", dir.resolve("nope.properties").toString()).err)
                .contains("--producer.config file", "does not exist");
    }

    @Test
    void perfRejectsUnknownClientsAndBrokers() throws IOException {
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--compare", "apache,confluent").err).contains("unknown client 'confluent'");
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--bootstrap-server", "nohost").err).contains("bad broker address 'nohost'");
        int port = closedPort();
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--producer-props", "bootstrap.servers=127.0.0.1:" + port).err)
                .contains("cannot connect to any broker", "127.0.0.1:" + port);
        assertThat(usageError("perf", "--topic", "t", "--num-records", "10", "--record-size", "10",
                "--report", dir.resolve("no/such/dir/r.html").toString()).err).contains("does not exist");
    }
}
