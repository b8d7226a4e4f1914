package io.samsa.metrics;

import io.samsa.common.MetricName;
import io.samsa.common.config.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JMX view, through the platform MBean server as a JMX client would see it. */
class JmxReporterTest {
    private static final String DOMAIN = "io.samsa.test.jmx";
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final List<Metrics> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        opened.forEach(Metrics::close);
        // Nothing of this test may outlive it.
        assertThat(SERVER.queryNames(new ObjectName(DOMAIN + ":*"), null)).isEmpty();
    }

    private Metrics registry(ManualTime time) {
        Metrics m = new Metrics(new MetricConfig(), time);
        opened.add(m);
        return m;
    }

    private static Map<String, String> tags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyMetricIsAnAttributeOfTheMBeanOfItsGroupAndTags() throws Exception {
        ManualTime time = new ManualTime(1_000);
        Metrics metrics = registry(time);
        MetricName total = new MetricName("record-send-total", "producer-metrics", "records sent", tags("client-id", "c1"));
        MetricName gauge = new MetricName("waiting-threads", "producer-metrics", "threads waiting", tags("client-id", "c1"));
        MetricName topic = new MetricName("byte-total", "producer-topic-metrics", "bytes", tags("client-id", "c1", "topic", "t"));
        metrics.sensor("sent").add(total, new CumulativeSum()).record(42);
        metrics.addMetric(gauge, now -> 3);
        metrics.addReporter(new JmxReporter(DOMAIN));
        // Added after the reporter: appears too, in a new MBean.
        metrics.sensor("topic").add(topic, new CumulativeSum()).record(7);

        ObjectName producer = new ObjectName(DOMAIN + ":type=producer-metrics,client-id=c1");
        ObjectName perTopic = new ObjectName(DOMAIN + ":type=producer-topic-metrics,client-id=c1,topic=t");
        assertThat(SERVER.getAttribute(producer, "record-send-total")).isEqualTo(42.0);
        assertThat(SERVER.getAttribute(producer, "waiting-threads")).isEqualTo(3.0);
        assertThat(SERVER.getAttribute(perTopic, "byte-total")).isEqualTo(7.0);
        // Live: reading again measures again.
        metrics.getSensor("sent").record(8);
        assertThat(SERVER.getAttribute(producer, "record-send-total")).isEqualTo(50.0);

        MBeanAttributeInfo[] infos = SERVER.getMBeanInfo(producer).getAttributes();
        assertThat(Arrays.stream(infos).map(MBeanAttributeInfo::getName))
                .containsExactly("record-send-total", "waiting-threads");
        assertThat(infos[0].getType()).isEqualTo("double");
        assertThat(infos[0].getDescription()).isEqualTo("records sent");
        assertThat(infos[0].isReadable()).isTrue();
        assertThat(infos[0].isWritable()).isFalse();
        assertThat(SERVER.getAttributes(producer, new String[] {"waiting-threads", "nope"}).asList())
                .extracting(Attribute::getValue).containsExactly(3.0);
        assertThatThrownBy(() -> SERVER.getAttribute(producer, "nope"))
                .isInstanceOf(AttributeNotFoundException.class)
                .hasMessageContaining("no metric 'nope' in producer-metrics");
        assertThatThrownBy(() -> SERVER.setAttribute(producer, new Attribute("waiting-threads", 1.0)))
                .hasMessageContaining("read-only");
    }

    @Test
    void closeUnregistersAndIsIdempotent() throws Exception {
        Metrics metrics = registry(new ManualTime());
        metrics.addMetric(new MetricName("m", "g", "d", tags("client-id", "close")), now -> 1);
        metrics.addReporter(new JmxReporter(DOMAIN));
        ObjectName name = new ObjectName(DOMAIN + ":type=g,client-id=close");
        assertThat(SERVER.isRegistered(name)).isTrue();
        metrics.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
        metrics.close();
        assertThatThrownBy(() -> metrics.addReporter(new JmxReporter(DOMAIN)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void removingTheLastMetricOfAnMBeanUnregistersIt() throws Exception {
        Metrics metrics = registry(new ManualTime());
        MetricName a = new MetricName("a", "g", "d", tags("client-id", "rm"));
        MetricName b = new MetricName("b", "g", "d", tags("client-id", "rm"));
        metrics.addReporter(new JmxReporter(DOMAIN));
        metrics.addMetric(a, now -> 1);
        metrics.addMetric(b, now -> 2);
        ObjectName name = new ObjectName(DOMAIN + ":type=g,client-id=rm");
        metrics.removeMetric(a);
        assertThat(SERVER.getMBeanInfo(name).getAttributes()).extracting(MBeanAttributeInfo::getName)
                .containsExactly("b");
        metrics.removeMetric(b);
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void aDuplicateNameIsLoggedNotThrownAndTheFirstOwnerKeepsIt() throws Exception {
        Metrics first = registry(new ManualTime());
        Metrics second = registry(new ManualTime());
        first.addMetric(new MetricName("m", "g", "d", tags("client-id", "dup")), now -> 1);
        second.addMetric(new MetricName("m", "g", "d", tags("client-id", "dup")), now -> 2);
        first.addReporter(new JmxReporter(DOMAIN));
        String log = LogCapture.during(() -> second.addReporter(new JmxReporter(DOMAIN)));
        assertThat(log).contains("WARN").contains(DOMAIN + ":type=g,client-id=dup").contains("already taken")
                .contains("client.id");
        ObjectName name = new ObjectName(DOMAIN + ":type=g,client-id=dup");
        assertThat(SERVER.getAttribute(name, "m")).isEqualTo(1.0);
        // The second's close leaves the first's MBean alone.
        second.close();
        assertThat(SERVER.getAttribute(name, "m")).isEqualTo(1.0);
        first.close();
        assertThat(SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void tagValuesWithJmxSyntaxAreQuoted() throws Exception {
        ObjectName plain = JmxReporter.objectName(DOMAIN, new MetricName("m", "g", "d",
                tags("client-id", "app-1.orders_2", "topic", "t.x-y")));
        assertThat(plain.toString()).isEqualTo(DOMAIN + ":type=g,client-id=app-1.orders_2,topic=t.x-y");
        ObjectName odd = JmxReporter.objectName(DOMAIN, new MetricName("m", "g", "d",
                tags("client-id", "a,b=c:d*\"e")));
        assertThat(odd.getKeyProperty("client-id")).isEqualTo(ObjectName.quote("a,b=c:d*\"e"));
        assertThat(ObjectName.unquote(odd.getKeyProperty("client-id"))).isEqualTo("a,b=c:d*\"e");

        Metrics metrics = registry(new ManualTime());
        metrics.addMetric(new MetricName("m", "g", "d", tags("client-id", "a,b=c:d*\"e")), now -> 5);
        metrics.addReporter(new JmxReporter(DOMAIN));
        assertThat(SERVER.getAttribute(odd, "m")).isEqualTo(5.0);
    }
}
