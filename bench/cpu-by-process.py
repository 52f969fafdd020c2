#!/usr/bin/env python3
"""CPU seconds (user + system) that a process and everything it starts use, by kind of process.

    bench/cpu-by-process.py PID

Samples /proc every 0.2 s until PID ends (or is a zombie), keeping each process's last reading; a process that
lives less than a sample, or its last 0.2 s, is missed, so the figures are lower bounds (within a few per cent of
what `time` counts for a whole suite). Prints one line per kind, the most CPU first, then the total. Linux only.
"""
import collections
import os
import sys
import time

HZ = os.sysconf('SC_CLK_TCK')


def kind(cmdline):
    program = os.path.basename(cmdline[0]) if cmdline else ''
    text = ' '.join(cmdline)
    if 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda' in text:
        return "function instance JVMs (the runner's Lambda)"
    if 'surefire' in text or 'failsafe' in text:
        return 'test JVMs (surefire, failsafe)'
    if 'org.codehaus.plexus.classworlds' in text:
        return 'Maven JVMs (outer build, consumer builds)'
    if program == 'node' or 'jsii' in text:
        return 'node (jsii, the CDK CLI)'
    if 'proxy-session-local' in text:
        return 'runner and emulator JVMs (the jar)'
    if program == 'java':
        return 'other JVMs'
    return 'other: ' + (program or '?')


def stat(pid):
    with open(f'/proc/{pid}/stat') as f:
        s = f.read()
    return s[s.rfind(')') + 2:].split()


def tree(root):
    children = collections.defaultdict(list)
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                children[int(stat(entry)[1])].append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def alive(pid):
    try:
        return stat(pid)[0] != 'Z'
    except OSError:
        return False


def main():
    root = int(sys.argv[1])
    seen = {}   # (pid, start time) -> [kind, ticks]
    while alive(root):
        for pid in tree(root):
            try:
                fields = stat(pid)
                key = (pid, fields[19])
                if key not in seen:
                    with open(f'/proc/{pid}/cmdline') as f:
                        seen[key] = [kind(f.read().split('\0')), 0]
                seen[key][1] = int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                pass
        time.sleep(0.2)
    seconds, count = collections.Counter(), collections.Counter()
    for what, ticks in seen.values():
        seconds[what] += ticks / HZ
        count[what] += 1
    for what, s in seconds.most_common():
        print(f'  {what:45s} {s:7.1f} s CPU  {count[what]:4d} processes')
    print(f'  {"total":45s} {sum(seconds.values()):7.1f} s CPU')


if __name__ == '__main__':
    main()
