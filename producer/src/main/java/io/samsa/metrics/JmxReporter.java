package io.samsa.metrics;

import io.samsa.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Publishes metrics as JMX DynamicMBeans, one MBean per group and tag set, one attribute per metric, named as
 * Apache Kafka's {@code JmxReporter} names them:
 *
 * <pre>
 *   io.samsa.producer:type=producer-metrics,client-id=orders              attribute record-send-rate, ...
 *   io.samsa.producer:type=producer-topic-metrics,client-id=orders,topic=t attribute byte-rate, ...
 * </pre>
 *
 * so a JMX dashboard built for Apache Kafka's producer needs only its domain changed ({@code kafka.producer} to
 * {@code io.samsa.clients.producer}). Tag values that JMX cannot take bare (a comma, an equals sign, a colon, a quote,
 * ...) are quoted with {@link ObjectName#quote}; plain ones are used as they are.
 *
 * <h2>Duplicate names</h2>
 * Two producers with the same {@code client.id} in one JVM would own the same MBean names. Apache Kafka then
 * replaces the first producer's MBean with the second's, so the first producer vanishes from JMX, and when the
 * second closes the name is gone although the first still runs. Here the first owner keeps the name: the
 * second producer logs one warning per name and is simply not visible in JMX (its {@code metrics()} still
 * work), and its close leaves the first producer's MBeans alone. A producer must never fail over monitoring.
 *
 * <h2>Threads</h2>
 * {@link Metrics} calls {@link #init}, {@link #metricChange}, {@link #metricRemoval} and {@link #close} under
 * its lock; they are also synchronized here, so the reporter is safe on its own. JMX clients read attributes on
 * their own threads at any time: each MBean's attribute map is concurrent and reading measures the metric
 * without locks.
 */
public final class JmxReporter implements MetricsReporter {
    private static final Logger log = LoggerFactory.getLogger(JmxReporter.class);

    /** Tag values JMX takes unquoted (the same set Apache Kafka leaves unquoted). */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[\\w\\-%. \t]*");

    private final String domain;
    private final MBeanServer server;
    /** By object name; guarded by {@code this}. */
    private final Map<ObjectName, MetricsMBean> mbeans = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    /** Publishes under {@code domain} ({@code io.samsa.clients.producer}) on the platform MBean server. */
    public JmxReporter(String domain) {
        this(domain, ManagementFactory.getPlatformMBeanServer());
    }

    public JmxReporter(String domain, MBeanServer server) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * The object name of the MBean that holds a metric: {@code domain:type=<group>,<tag>=<value>...}, tags in
     * the metric name's order.
     *
     * @throws IllegalArgumentException if the result is not a valid object name (a tag key with JMX syntax in it)
     */
    public static ObjectName objectName(String domain, MetricName name) {
        StringBuilder sb = new StringBuilder(domain).append(":type=").append(quoteIfNeeded(name.group()));
        for (Map.Entry<String, String> tag : name.tags().entrySet()) {
            sb.append(',').append(tag.getKey()).append('=').append(quoteIfNeeded(tag.getValue()));
        }
        try {
            return new ObjectName(sb.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("metric " + name + " gives the invalid JMX object name " + sb, e);
        }
    }

    private static String quoteIfNeeded(String value) {
        return PLAIN_VALUE.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    @Override
    public synchronized void init(Collection<LiveMetric> metrics) {
        for (LiveMetric m : metrics) {
            metricChange(m);
        }
    }

    @Override
    public synchronized void metricChange(LiveMetric metric) {
        if (closed) {
            return;
        }
        ObjectName name = objectName(domain, metric.metricName());
        MetricsMBean mbean = mbeans.get(name);
        boolean fresh = mbean == null;
        if (fresh) {
            mbean = new MetricsMBean(metric.metricName().group());
            mbeans.put(name, mbean);
        }
        // The attribute goes in before registration, so the MBean is never visible empty.
        mbean.attributes.put(metric.metricName().name(), metric);
        if (fresh) {
            register(name, mbean);
        }
    }

    @Override
    public synchronized void metricRemoval(LiveMetric metric) {
        ObjectName name = objectName(domain, metric.metricName());
        MetricsMBean mbean = mbeans.get(name);
        if (mbean == null) {
            return;
        }
        mbean.attributes.remove(metric.metricName().name(), metric);
        if (mbean.attributes.isEmpty()) {
            mbeans.remove(name);
            unregister(name, mbean);
        }
    }

    /** Unregisters every MBean this reporter registered (not the ones another owner held). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Map.Entry<ObjectName, MetricsMBean> e : mbeans.entrySet()) {
            unregister(e.getKey(), e.getValue());
        }
        mbeans.clear();
    }

    /** Whether this reporter holds the JMX name (false when another producer had it first, or after close). */
    public synchronized boolean isRegistered(ObjectName name) {
        MetricsMBean mbean = mbeans.get(name);
        return mbean != null && mbean.registered;
    }

    private void register(ObjectName name, MetricsMBean mbean) {
        try {
            server.registerMBean(mbean, name);
            mbean.registered = true;
        } catch (InstanceAlreadyExistsException e) {
            log.warn("JMX name {} is already taken, most likely by another producer with the same client.id in "
                    + "this JVM; this producer's metrics are not published over JMX under that name (they remain "
                    + "available from metrics()). Give each producer its own client.id.", name);
        } catch (JMException | RuntimeException e) {
            log.warn("Could not register the metrics MBean {}; its metrics are not published over JMX (they remain "
                    + "available from metrics())", name, e);
        }
    }

    private void unregister(ObjectName name, MetricsMBean mbean) {
        if (!mbean.registered) {
            return;
        }
        mbean.registered = false;
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            log.debug("Metrics MBean {} was already unregistered by someone else", name);
        } catch (JMException | RuntimeException e) {
            log.warn("Could not unregister the metrics MBean {}", name, e);
        }
    }

    /**
     * The MBean of one group and tag set: each attribute a metric, read-only, of type {@code double} (every
     * measured Samsa metric is a double, as Apache Kafka declares them), or of a constant's own type
     * ({@code app-info}'s String version, Long start time). The attribute set may grow after registration
     * (a gauge registered later); {@link #getMBeanInfo()} describes the current set.
     */
    static final class MetricsMBean implements DynamicMBean {
        private final String group;
        final ConcurrentMap<String, LiveMetric> attributes = new ConcurrentHashMap<>();
        /** Written under the reporter's lock; read there only. */
        boolean registered;

        MetricsMBean(String group) {
            this.group = group;
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            LiveMetric metric = attributes.get(attribute);
            if (metric == null) {
                throw new AttributeNotFoundException("no metric '" + attribute + "' in " + group + "; there are "
                        + new TreeMap<>(attributes).keySet());
            }
            return metric.metricValue();
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            AttributeList list = new AttributeList();
            for (String name : names) {
                LiveMetric metric = attributes.get(name);
                if (metric != null) {
                    list.add(new Attribute(name, metric.metricValue()));
                }
            }
            return list;
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("metrics are read-only; cannot set " + attribute.getName());
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            throw new UnsupportedOperationException("metrics are read-only");
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("metrics MBeans have no operations; cannot invoke " + actionName);
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            Map<String, LiveMetric> sorted = new TreeMap<>(attributes);
            MBeanAttributeInfo[] infos = new MBeanAttributeInfo[sorted.size()];
            int i = 0;
            for (Map.Entry<String, LiveMetric> e : sorted.entrySet()) {
                Object value = e.getValue().metricValue();
                String type = value instanceof Double ? double.class.getName() : value.getClass().getName();
                infos[i++] = new MBeanAttributeInfo(e.getKey(), type,
                        e.getValue().metricName().description(), true, false, false);
            }
            return new MBeanInfo(getClass().getName(), "Samsa " + group, infos, null, null, null);
        }
    }
}
