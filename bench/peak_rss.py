#!/usr/bin/env python3
"""Peak RSS of `kg build` on one hostile document, against its size (issue 21, kind 11).

usage: bench/peak_rss.py KG [MB ...] [--max-ratio R]   (default sizes: 10 50)

For each size it writes a single-line UTF-8 document of that many megabytes (a
sentence of the genre repeated, no line break) and a 2 GB sparse file over the
default limit (run twice: as it is, and with --max-document-bytes raised over it),
runs `kg build` on each in a child and
reports the child's peak RSS (getrusage) as a multiple of the document's size.
It prints figures (the README has them). With --max-ratio it is the test of
tests/CMakeLists.txt (peak_memory): it exits 1 when a document's peak above the
baseline is more than R times its size, when a build fails, or when the sparse
file costs more than 16 MiB above the baseline (over the limit it is refused
before it is read; under a raised limit, from the probe of its leading NULs).
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
    args = sys.argv[1:]
    max_ratio = None
    if "--max-ratio" in args:
        i = args.index("--max-ratio")
        max_ratio = float(args[i + 1])
        del args[i : i + 2]
    kg = os.path.abspath(args[0])
    sizes = [int(x) for x in args[1:]] or [10, 50]
    failures = []
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
            ratio = (peak - base) / size
            print(f"{mb} MB single line: exit {rc}, peak RSS {peak / 2**20:.0f} MiB = "
                  f"{peak / size:.2f} x size ({ratio:.2f} x above the baseline)")
            if rc != 0 or base_rc != 0:
                failures.append(f"{mb} MB: kg build exited {rc} (baseline {base_rc})")
            if max_ratio is not None and ratio > max_ratio:
                failures.append(f"{mb} MB: {ratio:.2f} x above the baseline, over --max-ratio {max_ratio}")
        sparse = os.path.join(tmp, "sparse.txt")
        with open(sparse, "wb") as f:
            f.truncate(2 * 2**30)
        rc, peak = peak_of([kg, "build", sparse, "-o", os.path.join(tmp, "outs"), "-q"])
        print(f"2 GB sparse file (over the default limit): exit {rc}, peak RSS {peak / 2**20:.0f} MiB")
        if peak - base > 16 * 2**20:
            failures.append(f"sparse file: {(peak - base) / 2**20:.0f} MiB above the baseline (read before refused?)")
        rc, peak = peak_of([kg, "build", sparse, "-o", os.path.join(tmp, "outs2"), "-q",
                            "--max-document-bytes", str(3 * 2**30)])
        print(f"2 GB sparse file (limit raised to 3 GiB): exit {rc}, peak RSS {peak / 2**20:.0f} MiB")
        if peak - base > 16 * 2**20:
            failures.append(f"sparse file, limit raised: {(peak - base) / 2**20:.0f} MiB above the baseline "
                            "(read whole before the binary check?)")
    if max_ratio is not None:
        for f in failures:
            print(f"FAIL: {f}")
        if not failures:
            print(f"ok: every document under {max_ratio} x its size above the baseline")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
