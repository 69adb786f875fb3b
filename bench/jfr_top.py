#!/usr/bin/env python3
"""Summarises JFR execution samples: self time by method, and inclusive time by Crema method.

Usage: jfr print --events jdk.ExecutionSample rec.jfr | bench/jfr_top.py [N]
"""
import collections
import re
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
self_t, incl = collections.Counter(), collections.Counter()
total = 0
stack = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("stackTrace = ["):
        stack = []
    elif stack is not None:
        if line.startswith("]") or line == "...":
            if stack:
                total += 1
                self_t[stack[0]] += 1
                for m in set(f for f in stack if f.startswith("org.crema")):
                    incl[m] += 1
            stack = None if line.startswith("]") else stack
            if line == "...":
                stack = None
        else:
            m = re.match(r"([\w.$]+(?:\.[\w$<>]+)?)\(", line)
            if m:
                stack.append(m.group(1))
print(f"{total} samples")
print("-- self")
for k, v in self_t.most_common(n):
    print(f"{100 * v / total:5.1f}%  {k}")
print("-- inclusive (org.crema frames)")
for k, v in incl.most_common(n):
    print(f"{100 * v / total:5.1f}%  {k}")
