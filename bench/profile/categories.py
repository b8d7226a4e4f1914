"""Classifies the collapsed stacks of an async-profiler CPU profile (event=cpu, threads) of one `samsa perf` runner
process by what the time went to: the JIT and the collector, the harness, and the producer's own steps from
send() to the callback. Works for Samsa's runner and, more roughly, for Apache's (its class names differ).

usage: categories.py PROFILE.txt [RECORDS [--top]]
RECORDS turns samples (1 ms each) into CPU seconds per 1M records; --top lists each category's hottest frames."""
import collections, re, sys
f = sys.argv[1]; records = float(sys.argv[2]) if len(sys.argv) > 2 else 0
def deepest(fr):
    js = [x for x in fr if ('/' in x and not x.endswith('_[k]') and not x.startswith('[') and not x.startswith('java/lang/invoke')
          and not x.startswith('jdk/internal/misc'))]
    return js[-1] if js else ''
rules = [  # (category, predicate on frames list), first match wins
 ('JIT compiler', lambda th, fr: 'Compiler' in th),
 ('GC', lambda th, fr: th.startswith('[GC') or th.startswith('[G1') or 'VM Thread' in th),
 ('producer set-up (open, metadata)', lambda th, fr: any('SamsaRunner.open' in x or 'Runner.partitions' in x or 'ApacheRunner.open' in x or 'KafkaProducer.<init>' in x for x in fr)),
 ('harness', lambda th, fr: deepest(fr).startswith(('io/samsa/perf/', 'org/HdrHistogram', 'io/samsa/cli/perf/', 'java/lang/System.nanoTime'))),
 ('CRC', lambda th, fr: any('CRC32C' in x or 'Crc32C' in x for x in fr)),
 ('serializer', lambda th, fr: any('Serializer.serialize' in x for x in fr)),
 ('record object + future', lambda th, fr: any('ProducerRecord.<init>' in x or 'Completion.<init>' in x or 'RecordMetadata.<init>' in x for x in fr)),
 ('clock reads (send path)', lambda th, fr: any('wallClockMillis' in x for x in fr)),
 ('append (accumulator)', lambda th, fr: th.startswith('[main') and any('RecordAccumulator' in x or 'RecordBatchBuilder.tryAppend' in x or 'KafkaProducer.append' in x or 'KafkaProducer.doSend' in x for x in fr)),
 ('socket write', lambda th, fr: any('Transport.write' in x or 'Transport.flush' in x or 'SocketChannelImpl.write' in x for x in fr)),
 ('request build (drain, encode)', lambda th, fr: any('BatchDrainer' in x or 'RecordAccumulator.drain' in x or 'sendProduceRequest' in x or 'ProduceRequest' in x or 'ClientRequest.encode' in x or 'RecordBatchBuilder.close' in x or 'ProducerBatch.stamp' in x for x in fr)),
 ('response read + parse', lambda th, fr: any('NetworkClient.read' in x or 'ResponseReader' in x or 'handleCompletedReceives' in x or 'NetworkReceive' in x or 'ProduceResponse' in x or 'Transport.read' in x for x in fr) and not any('onProduceResponse' in x for x in fr)),
 ('completion + callback', lambda th, fr: 'callbacks' in th or any('onProduceResponse' in x or 'handleProduceResponse' in x or 'ProducerBatch.complete' in x or 'runHooks' in x for x in fr)),
 ('I/O loop (select, timers, metrics)', lambda th, fr: 'samsa-io' in th or 'kafka-producer-network' in th),
 ('sending thread, other', lambda th, fr: th.startswith('[main')),
]
tot = collections.Counter(); top = collections.defaultdict(collections.Counter); n = 0
for line in open(f):
    stack, c = line.rsplit(' ', 1); c = int(c); n += c
    fr = stack.split(';'); th = fr[0]
    cat = 'other'
    for name, pred in rules:
        if pred(th, fr): cat = name; break
    tot[cat] += c
    top[cat][fr[-1]] += c
print(f"{'category':40s} {'samples':>8s} {'share':>6s}" + ("  s per 1M" if records else ""))
for k, v in tot.most_common():
    extra = f"  {v/1000/records*1e6:8.3f}" if records else ""
    print(f"{k:40s} {v:8d} {100*v/n:5.1f}%{extra}")
if '--top' in sys.argv[3:]:
    for k, v in tot.most_common():
        print('\n##', k); [print(f"  {vv:6d} {kk}") for kk, vv in top[k].most_common(6)]
