"""Runs a command and reports the wall time, CPU time and peak memory of its whole process
tree (Linux): for Spark in local mode, the driver's Python, the JVM it starts, the Python
workers and every trialcheck process.

usage: tree_usage.py OUTPUT_FILE command [arguments...]

Writes one line to OUTPUT_FILE: "<wall s> <cpu s> <peak MB> <peak PSS MB> <exit code>".

- CPU: the command runs under `perf stat -e task-clock`, which counts the CPU time of every
  process the command starts (counters are inherited), whoever reaps it. Without perf, the
  figure is this process's children's resource usage (it is a child subreaper, so the JVM
  the driver does not wait for is reaped here), which is a LOWER BOUND for Spark: PySpark's
  worker daemon ignores SIGCHLD, so its forked Python workers, and the trialcheck processes
  they wait for, are reaped by the kernel and their CPU time is added to no one's usage.
- Memory: the tree's resident memory, summed over its processes, sampled every half
  second; the peak of the sum (RSS, which counts pages that forked workers share once per
  process) and of the proportional set size (PSS, shared pages split between processes);
  at least the largest process's own peak (for a command shorter than a sample's interval).
"""

import ctypes
import os
import resource
import shutil
import subprocess
import tempfile
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36


def descendants(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        for child in children.get(pid, []):
            found.append(child)
            stack.append(child)
    return found


def memory_kb(pid):
    rss = pss = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def task_clock_seconds(path):
    """The task-clock total (milliseconds) from `perf stat -x ,` output, in seconds."""
    with open(path) as counts:
        for line in counts:
            fields = line.strip().split(",")
            if len(fields) > 2 and fields[2].startswith("task-clock"):
                return float(fields[0]) / 1000
    raise SystemExit("tree_usage.py: no task-clock count in perf's output %s" % path)


def main():
    output, command = sys.argv[1], sys.argv[2:]
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    peak = {"rss": 0, "pss": 0}
    done = threading.Event()

    def sample():
        me = os.getpid()
        while not done.is_set():
            totals = [memory_kb(pid) for pid in descendants(me)]
            peak["rss"] = max(peak["rss"], sum(rss for rss, _ in totals))
            peak["pss"] = max(peak["pss"], sum(pss for _, pss in totals))
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.monotonic()
    perf = shutil.which("perf")
    counts = tempfile.NamedTemporaryFile(suffix=".perf", delete=False).name if perf else None
    if perf:
        command = [perf, "stat", "-x", ",", "-e", "task-clock", "-o", counts, "--"] + command
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler.start()
    status = process.wait()
    # Reap what outlived the command (the JVM, orphaned workers), for their CPU time.
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    if counts:
        cpu = task_clock_seconds(counts)
        os.unlink(counts)
    # A process shorter than a sample's interval: its own peak (ru_maxrss, in KB).
    rss = max(peak["rss"], usage.ru_maxrss)
    with open(output, "w") as out:
        out.write("%.1f %.1f %.0f %.0f %d\n" % (wall, cpu,
                                                 rss / 1024, max(peak["pss"], usage.ru_maxrss) / 1024, status))


if __name__ == "__main__":
    main()
