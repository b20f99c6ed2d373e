#!/usr/bin/env python3
"""The same text as documents of another size, for the long-document bench (issue 22).

usage: rechunk.py SRC_DIR OUT_DIR TOTAL_BYTES CHUNK_BYTES

Joins the UTF-8 *.txt documents under SRC_DIR in path order (CP949 ones are skipped) until
TOTAL_BYTES, then writes that text as documents of about CHUNK_BYTES each, every cut at a
line end (doc-00000.txt, ...). Two calls with the same SRC_DIR and TOTAL_BYTES give the
same text, only cut differently. Same arguments, same bytes.
"""
import os
import sys


def main():
    src, out, total, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    files = sorted(os.path.relpath(os.path.join(d, f), src)
                   for d, _, names in os.walk(src) for f in names if f.endswith(".txt"))
    parts, size = [], 0
    while size < total:  # the corpus again when it is smaller than TOTAL_BYTES
        before = size
        for name in files:
            if size >= total:
                break
            data = open(os.path.join(src, name), "rb").read()
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if not data.endswith(b"\n"):
                data += b"\n"
            parts.append(data)
            size += len(data)
        if size == before:
            sys.exit("rechunk.py: no UTF-8 documents in " + src)
    text = b"".join(parts)[:total]
    text = text[: text.rfind(b"\n") + 1]
    os.makedirs(out, exist_ok=True)
    pos, n = 0, 0
    while pos < len(text):
        end = min(len(text), pos + chunk)
        if end < len(text):
            nl = text.rfind(b"\n", pos, end)
            end = nl + 1 if nl >= pos else end
        with open(os.path.join(out, "doc-%05d.txt" % n), "wb") as f:
            f.write(text[pos:end])
        pos, n = end, n + 1


if __name__ == "__main__":
    main()
