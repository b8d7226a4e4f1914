/*
 * samsa perf's librdkafka client: librdkafka's producer driven the way a latency-minded application drives it,
 * so that records/s, latency and CPU compare with the Java runners' (io.samsa.perf.harness.Runner) figure for
 * figure. kcat cannot give per-record latency: it prints no send or delivery time per message.
 *
 * What it does, as the Java runner does:
 *   - waits for the topic's metadata (every partition with a leader) before the timed run;
 *   - prints the start mark on stdout, sends num.records keyless values (librdkafka's default partitioner, so
 *     sticky partitioning for keyless records as in the Java clients), record i carrying value i % count;
 *   - at a fixed rate: record i is due at start + i / rate and leaves at most 1 ms early; the sending thread
 *     sleeps only when the next record is further away than that (the harness's Throttle);
 *   - times every `every`-th record from the produce call to its delivery report;
 *   - the run ends when every record has its delivery report; it prints the end mark.
 *
 * Threads: the main thread sends; one thread serves delivery reports (rd_kafka_poll), so a report is timed when
 * librdkafka has it rather than when the sending thread next looks, and produce() with RD_KAFKA_MSG_F_BLOCK can
 * wait for queue space. That thread alone writes the latency array and the counters until the main thread
 * joins it; the main thread only reads `done` (atomic) while it runs.
 *
 * Usage: rdkafka-perf -b BOOTSTRAP -t TOPIC -n RECORDS -i PAYLOADS -o RESULT -l LATENCIES
 *                     [-r RATE] [-e EVERY] [-s START_MARK] [-S END_MARK] [-w METADATA_WAIT_S] [-X name=value]...
 *   PAYLOADS   the distinct values: each a 4-byte big-endian length, then that many bytes
 *   RESULT     written at the end: name=value lines (sent, acked, failed, first_error, elapsed_ns, cpu_ns,
 *              half_cpu_ns, half_ns, half_records, maxrss_kb (VmHWM, -1 if unknown), timed, half_timed_from,
 *              librdkafka)
 *   LATENCIES  written at the end: each timed record's send-to-delivery time in microseconds, int64 little-endian,
 *              in the order the reports came; from entry half_timed_from on, those reported after record
 *              num.records / 2 was sent (the run's second half)
 * Exit status: 0 when the run completed (records may have failed: see RESULT), 1 on a usage or set-up error
 * (the reason on stderr, one line starting "ERROR").
 */
#define _GNU_SOURCE
#include <librdkafka/rdkafka.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *fmt, const char *a, const char *b) {
    fprintf(stderr, "ERROR ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t cpu_ns(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ((int64_t) ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL
           + ((int64_t) ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

/*
 * The process's peak RSS (VmHWM). Not getrusage's ru_maxrss: that one carries over the high-water mark of the
 * process image before execve, here the forking JVM's.
 */
static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    long kb = -1;
    char line[256];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
        }
    }
    if (f) {
        fclose(f);
    }
    return kb;
}

/* Delivery-report thread's state (see the header for who writes what). */
static int64_t *latencies;
static int64_t timed_count;
static int64_t timed_capacity;
static int64_t acked;
static int64_t failed;
static char first_error[512];
static atomic_llong done;
static atomic_int stopping;
/* When record num.records / 2 was sent (set by the main thread), and the first latency reported after it. */
static atomic_llong half_sent_ns;
static int64_t half_from = -1;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void) rk;
    (void) opaque;
    int64_t sent = (int64_t) (intptr_t) m->_private;
    if (sent != 0 && timed_count < timed_capacity) {
        int64_t now = now_ns();
        if (half_from < 0) {
            int64_t half = atomic_load_explicit(&half_sent_ns, memory_order_relaxed);
            if (half != 0 && now >= half) {
                half_from = timed_count;
            }
        }
        int64_t us = (now - sent) / 1000;
        latencies[timed_count++] = us < 0 ? 0 : us;
    }
    if (m->err) {
        if (failed++ == 0) {
            snprintf(first_error, sizeof first_error, "%s: %s", rd_kafka_err2name(m->err), rd_kafka_err2str(m->err));
        }
    } else {
        acked++;
    }
    atomic_fetch_add_explicit(&done, 1, memory_order_release);
}

static void *serve_reports(void *arg) {
    rd_kafka_t *rk = arg;
    while (!atomic_load_explicit(&stopping, memory_order_acquire)) {
        rd_kafka_poll(rk, 100);
    }
    rd_kafka_poll(rk, 0);
    return NULL;
}

static void wait_for_leaders(rd_kafka_t *rk, rd_kafka_topic_t *rkt, const char *topic, int wait_s) {
    int64_t deadline = now_ns() + (int64_t) wait_s * 1000000000LL;
    char why[256] = "no metadata yet";
    for (;;) {
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, 5000);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            int ready = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR
                        && md->topics[0].partition_cnt > 0;
            if (md->topic_cnt == 1 && md->topics[0].err) {
                snprintf(why, sizeof why, "%s", rd_kafka_err2str(md->topics[0].err));
            }
            for (int p = 0; ready && p < md->topics[0].partition_cnt; p++) {
                if (md->topics[0].partitions[p].leader < 0) {
                    ready = 0;
                    snprintf(why, sizeof why, "partition %d has no leader", md->topics[0].partitions[p].id);
                }
            }
            rd_kafka_metadata_destroy(md);
            if (ready) {
                return;
            }
        } else {
            snprintf(why, sizeof why, "%s", rd_kafka_err2str(err));
        }
        if (now_ns() > deadline) {
            fail("topic %s not ready for sending: %s", topic, why);
        }
        usleep(50 * 1000);
    }
}

typedef struct {
    char **values;
    size_t *sizes;
    int64_t count;
} payloads_t;

static payloads_t read_payloads(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail("cannot read the payload file %s: %s", path, strerror(errno));
    }
    payloads_t p = {NULL, NULL, 0};
    int64_t cap = 0;
    unsigned char len[4];
    while (fread(len, 1, 4, f) == 4) {
        size_t n = ((size_t) len[0] << 24) | ((size_t) len[1] << 16) | ((size_t) len[2] << 8) | len[3];
        if (p.count == cap) {
            cap = cap ? cap * 2 : 1024;
            p.values = realloc(p.values, cap * sizeof *p.values);
            p.sizes = realloc(p.sizes, cap * sizeof *p.sizes);
        }
        p.values[p.count] = malloc(n ? n : 1);
        if (n && fread(p.values[p.count], 1, n, f) != n) {
            fail("payload file %s is cut short%s", path, "");
        }
        p.sizes[p.count++] = n;
    }
    fclose(f);
    if (p.count == 0) {
        fail("payload file %s holds no payload%s", path, "");
    }
    return p;
}

int main(int argc, char **argv) {
    const char *bootstrap = NULL, *topic = NULL, *input = NULL, *result = NULL, *latency_file = NULL;
    const char *start_mark = "samsa-perf-mark: timed run starts", *end_mark = "samsa-perf-mark: timed run ends";
    int64_t records = -1, every = 1;
    double rate = 0;
    int wait_s = 120;
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    int opt;
    while ((opt = getopt(argc, argv, "b:t:n:i:o:l:r:e:s:S:w:X:")) != -1) {
        switch (opt) {
            case 'b': bootstrap = optarg; break;
            case 't': topic = optarg; break;
            case 'n': records = strtoll(optarg, NULL, 10); break;
            case 'i': input = optarg; break;
            case 'o': result = optarg; break;
            case 'l': latency_file = optarg; break;
            case 'r': rate = strtod(optarg, NULL); break;
            case 'e': every = strtoll(optarg, NULL, 10); break;
            case 's': start_mark = optarg; break;
            case 'S': end_mark = optarg; break;
            case 'w': wait_s = atoi(optarg); break;
            case 'X': {
                char *eq = strchr(optarg, '=');
                if (!eq) {
                    fail("-X %s: expected name=value%s", optarg, "");
                }
                *eq = '\0';
                if (rd_kafka_conf_set(conf, optarg, eq + 1, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
                    *eq = '=';
                    fail("librdkafka setting %s: %s", optarg, errstr);
                }
                break;
            }
            default:
                fail("usage: rdkafka-perf -b BOOTSTRAP -t TOPIC -n RECORDS -i PAYLOADS -o RESULT -l LATENCIES "
                     "[-r RATE] [-e EVERY] [-s MARK] [-S MARK] [-w SECONDS] [-X name=value]...%s%s", "", "");
        }
    }
    if (!bootstrap || !topic || records < 0 || !input || !result || !latency_file || every < 1) {
        fail("missing or bad argument: -b, -t, -n, -i, -o and -l are required, -e must be >= 1%s%s", "", "");
    }
    payloads_t payloads = read_payloads(input);
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        fail("bootstrap.servers: %s%s", errstr, "");
    }
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) {
        fail("cannot create the producer: %s%s", errstr, "");
    }
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    wait_for_leaders(rk, rkt, topic, wait_s);

    timed_capacity = records / every + 1;
    latencies = malloc((size_t) timed_capacity * sizeof *latencies);
    pthread_t reporter;
    pthread_create(&reporter, NULL, serve_reports, rk);

    int64_t half_at = records / 2, half_ns = 0, half_cpu = 0;
    printf("%s\n", start_mark);
    fflush(stdout);
    int64_t cpu_start = cpu_ns();
    int64_t start = now_ns();
    int64_t produce_failed = 0;
    char produce_error[512] = "";
    for (int64_t i = 0; i < records; i++) {
        if (i == half_at) {
            half_ns = now_ns();
            half_cpu = cpu_ns();
            atomic_store_explicit(&half_sent_ns, half_ns, memory_order_relaxed);
        }
        if (rate > 0) {
            int64_t due = start + (int64_t) ((double) i * 1e9 / rate);
            if (due - now_ns() > 1000000) {
                struct timespec ts = {due / 1000000000LL, due % 1000000000LL};
                while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
                }
            }
        }
        int64_t k = i % payloads.count;
        int64_t sent = i % every == 0 ? now_ns() : 0;
        if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY | RD_KAFKA_MSG_F_BLOCK,
                             payloads.values[k], payloads.sizes[k], NULL, 0, (void *) (intptr_t) sent) != 0) {
            if (produce_failed++ == 0) {
                rd_kafka_resp_err_t err = rd_kafka_last_error();
                snprintf(produce_error, sizeof produce_error, "%s: %s", rd_kafka_err2name(err), rd_kafka_err2str(err));
            }
        }
    }
    /* Every record accepted gets exactly one delivery report (message.timeout.ms bounds the wait). */
    int64_t expected = records - produce_failed;
    while (atomic_load_explicit(&done, memory_order_acquire) < expected) {
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
    int64_t end = now_ns();
    int64_t cpu_end = cpu_ns();
    printf("%s\n", end_mark);
    fflush(stdout);
    atomic_store_explicit(&stopping, 1, memory_order_release);
    pthread_join(reporter, NULL);

    FILE *out = fopen(result, "w");
    if (!out) {
        fail("cannot write %s: %s", result, strerror(errno));
    }
    for (char *c = first_error; *c; c++) {
        if (*c == '\n' || *c == '\r') {
            *c = ' ';
        }
    }
    fprintf(out, "sent=%" PRId64 "\nacked=%" PRId64 "\nfailed=%" PRId64 "\n", records, acked, failed + produce_failed);
    fprintf(out, "first_error=%s\n", produce_failed ? produce_error : first_error);
    fprintf(out, "elapsed_ns=%" PRId64 "\ncpu_ns=%" PRId64 "\n", end - start, cpu_end - cpu_start);
    fprintf(out, "half_cpu_ns=%" PRId64 "\nhalf_ns=%" PRId64 "\nhalf_records=%" PRId64 "\n",
            records > 1 ? cpu_end - half_cpu : -1, records > 1 ? end - half_ns : -1, records - half_at);
    fprintf(out, "maxrss_kb=%ld\ntimed=%" PRId64 "\nhalf_timed_from=%" PRId64 "\nlibrdkafka=%s\n", peak_rss_kb(),
            timed_count, half_from < 0 ? timed_count : half_from, rd_kafka_version_str());
    fclose(out);
    FILE *lat = fopen(latency_file, "wb");
    if (!lat) {
        fail("cannot write %s: %s", latency_file, strerror(errno));
    }
    for (int64_t i = 0; i < timed_count; i++) {
        unsigned char b[8];
        for (int j = 0; j < 8; j++) {
            b[j] = (unsigned char) (latencies[i] >> (8 * j));
        }
        fwrite(b, 1, 8, lat);
    }
    fclose(lat);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return 0;
}
