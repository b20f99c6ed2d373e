#!/usr/bin/env python3
"""Peak RSS of `kg build` on one hostile document, against its size (issue 21, kind 11).

usage: bench/peak_rss.py KG [MB ...] [--max-ratio R] [--max-record-ratio Q]
       (default sizes: 10 50)

For each size it writes documents of that many megabytes in three shapes:
  - a single UTF-8 line (a sentence of the genre repeated, no line break);
  - the same single line in CP949 (its UTF-8 is 1.5 times the file);
  - one short name on each line ("중국\n": a sentence and a mention every 7 bytes,
    the densest in records a document of the genre's words can be);
and a 2 GB sparse file over the default limit (run twice: as it is, and with
--max-document-bytes raised over it). It runs `kg build` on each in a child and
reports the child's peak RSS (getrusage) as a multiple of the document's size.
It prints figures (the README has them). With --max-ratio it is the test of
tests/CMakeLists.txt (peak_memory): it exits 1 when a single line's peak above the
baseline is more than R times its size (the short lines' more than Q times, 2 R
unless given: their floor is the records, 16 bytes a sentence and 24 a mention,
40 bytes every 7 of text), when a build fails, or when the sparse file costs more
than 16 MiB above the baseline (over the limit it is refused before it is read;
under a raised limit, from the probe of its leading NULs).
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
    max_record_ratio = None
    for flag in ("--max-ratio", "--max-record-ratio"):
        if flag in args:
            i = args.index(flag)
            if flag == "--max-ratio":
                max_ratio = float(args[i + 1])
            else:
                max_record_ratio = float(args[i + 1])
            del args[i : i + 2]
    if max_ratio is not None and max_record_ratio is None:
        max_record_ratio = 2 * max_ratio
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
        text = unit.decode()
        short = "중국\n".encode()
        shapes = [
            ("single line", lambda n: unit * (n // len(unit)), max_ratio),
            ("CP949 single line", lambda n: (text * (n // len(text.encode("cp949")))).encode("cp949"), max_ratio),
            ("short lines", lambda n: short * (n // len(short)), max_record_ratio),
        ]
        for mb in sizes:
            for k, (shape, make, bound) in enumerate(shapes):
                path = os.path.join(tmp, f"doc{mb}_{k}.txt")
                with open(path, "wb") as f:
                    f.write(make(mb * 2**20))
                size = os.path.getsize(path)
                rc, peak = peak_of([kg, "build", path, "-o", os.path.join(tmp, f"out{mb}_{k}"), "-q", "--jobs", "1",
                                    "--max-document-seconds", "0"])
                os.remove(path)
                ratio = (peak - base) / size
                print(f"{mb} MB {shape}: exit {rc}, peak RSS {peak / 2**20:.0f} MiB = "
                      f"{peak / size:.2f} x size ({ratio:.2f} x above the baseline)")
                if rc != 0 or base_rc != 0:
                    failures.append(f"{mb} MB {shape}: kg build exited {rc} (baseline {base_rc})")
                if bound is not None and ratio > bound:
                    failures.append(f"{mb} MB {shape}: {ratio:.2f} x above the baseline, over {bound}")
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
