package io.samsa.metadata;

import io.samsa.common.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapServersTest {
    @Test
    void parsesHostsPortsAndIpv6() {
        List<Node> nodes = BootstrapServers.parse(" localhost:9092, 127.0.0.1:19092 ,[::1]:9093");
        assertThat(nodes).extracting(Node::id).containsExactly(-1, -2, -3);
        assertThat(nodes).extracting(Node::host).containsExactly("localhost", "127.0.0.1", "::1");
        assertThat(nodes).extracting(Node::port).containsExactly(9092, 19092, 9093);
        assertThat(nodes.get(2).address()).isEqualTo("[::1]:9093");
    }

    @Test
    void badEntriesAreNamed() {
        assertThatThrownBy(() -> BootstrapServers.parse("")).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> BootstrapServers.parse("localhost")).hasMessageContaining("'localhost'")
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> BootstrapServers.parse("h:abc")).hasMessageContaining("'abc' is not a number");
        assertThatThrownBy(() -> BootstrapServers.parse("h:70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> BootstrapServers.parse("::1:9092")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> BootstrapServers.parse(" , ")).hasMessageContaining("names no host:port");
    }
}
