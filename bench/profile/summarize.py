#!/usr/bin/env python3
"""Where a node's CPU went: summarize.py FILE.collapsed (async-profiler, collapsed, per thread).

Shares of all samples by thread kind (the node's event loops are Payara's managed threads), then
the event loops' samples by the innermost frame that names a layer: the kernel, Netty's HTTP
codecs, the rest of Netty (transport, buffers), Vox's packages, HdrHistogram, Payara/Artemis.
"""
import collections
import re
import sys


def thread_kind(name):
    if 'C2 Compiler' in name:
        return 'JIT C2'
    if 'C1 Compiler' in name:
        return 'JIT C1'
    if name.startswith('[VM Thread') or 'GC' in name:
        return 'GC/VM'
    if 'ManagedThreadFactory-Thread' in name:
        return 'event loops'
    return 'other threads'


def layer(frames):
    if frames and frames[-1].endswith('_[k]'):
        return 'kernel'
    for f in reversed(frames):
        if f.startswith('io/netty/handler/codec/http2'):
            return 'Netty HTTP/2 codec'
        if f.startswith('io/netty/handler/codec'):
            return 'Netty HTTP/1 codec'
        if f.startswith('io/vox/'):
            return 'Vox (' + '/'.join(f.split('/')[2:4]).split('.')[0] + ')'
        if f.startswith('io/netty/'):
            return 'Netty transport, buffers'
        if f.startswith('org/HdrHistogram'):
            return 'HdrHistogram'
        if f.startswith(('org/apache/activemq', 'fish/payara', 'com/sun/', 'org/glassfish')):
            return 'Payara, Artemis'
    return 'JDK, other'


def main(path):
    total = 0
    kinds = collections.Counter()
    layers = collections.Counter()
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(' ')
        n = int(count)
        frames = stack.split(';')
        total += n
        kind = thread_kind(re.sub(r' tid=\d+', '', frames[0]))
        kinds[kind] += n
        if kind == 'event loops':
            layers[layer(frames[1:])] += n
    print(f'{total} samples')
    for k, v in kinds.most_common():
        print(f'  {k:28s} {100 * v / total:5.1f} %')
    print('event loops, by layer (of all samples):')
    for k, v in layers.most_common():
        print(f'  {k:28s} {100 * v / total:5.1f} %')


if __name__ == '__main__':
    main(sys.argv[1])
