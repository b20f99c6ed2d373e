#!/usr/bin/env python3
"""Peak RSS of `kg build` on one hostile document, against its size (issue 21, kind 11).

usage: bench/peak_rss.py KG [MB ...]   (default sizes: 10 50)

For each size it writes a single-line UTF-8 document of that many megabytes (a
sentence of the genre repeated, no line break) and a 2 GB sparse file over the
default limit, runs `kg build` on each in a child and
reports the child's peak RSS (getrusage) as a multiple of the document's size.
It prints figures; it asserts nothing (the figures are in the README).
"""
import os
import resource
import subprocess
import sys
import tempfile


def peak_of(cmd):
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024  # ru_maxrss is in KiB


def main():
    kg = os.path.abspath(sys.argv[1])
    sizes = [int(x) for x in sys.argv[2:]] or [10, 50]
    unit = "중국 과학기술부는 상하이 푸둥신구와 협력 계획을 발표했다 ".encode()
    with tempfile.TemporaryDirectory() as tmp:
        tiny = os.path.join(tmp, "tiny.txt")
        with open(tiny, "wb") as f:
            f.write(unit)
        base_rc, base = peak_of([kg, "build", tiny, "-o", os.path.join(tmp, "out0"), "-q", "--jobs", "1"])
        print(f"baseline (kg build of one sentence: the lexicon and rules): {base / 2**20:.0f} MiB")
        for mb in sizes:
            path = os.path.join(tmp, f"line{mb}.txt")
            with open(path, "wb") as f:
                f.write(unit * (mb * 2**20 // len(unit)))
            size = os.path.getsize(path)
            rc, peak = peak_of([kg, "build", path, "-o", os.path.join(tmp, f"out{mb}"), "-q", "--jobs", "1",
                                "--max-document-seconds", "0"])
            print(f"{mb} MB single line: exit {rc}, peak RSS {peak / 2**20:.0f} MiB = "
                  f"{peak / size:.2f} x size ({(peak - base) / size:.2f} x above the baseline)")
        sparse = os.path.join(tmp, "sparse.txt")
        with open(sparse, "wb") as f:
            f.truncate(2 * 2**30)
        rc, peak = peak_of([kg, "build", sparse, "-o", os.path.join(tmp, "outs"), "-q"])
        print(f"2 GB sparse file (over the default limit): exit {rc}, peak RSS {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
