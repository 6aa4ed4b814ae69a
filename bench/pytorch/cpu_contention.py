"""How much CPU other processes used while a repeat ran: (all busy CPU time from /proc/stat − this process's CPU
time) / wall time, in cores. Near 0 on a quiet machine; a few tenths or more means the repeat shared its cores."""

import os
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _busy_seconds():
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / TICKS


def _own_seconds():
    t = os.times()
    return t.user + t.system


class Meter:
    def start(self):
        self.wall, self.busy, self.own = time.perf_counter(), _busy_seconds(), _own_seconds()

    def other_cores(self):
        """Cores used by other processes since start(), or None where /proc/stat is missing."""
        busy = _busy_seconds()
        if busy is None or self.busy is None:
            return None
        other = (busy - self.busy) - (_own_seconds() - self.own)
        return max(0.0, other) / (time.perf_counter() - self.wall)
