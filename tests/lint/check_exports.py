#!/usr/bin/env python3
"""libcovplan.so exports only documented cov_* functions of the public headers.

Usage: check_exports.py SOURCE_DIR LIBCOVPLAN_SO
A symbol passes when it is declared with COV_API in a header that covplan.h includes, and the
declaration (or the group of declarations it stands in, with no blank line between) follows a
comment. Prints 'N passed, M failed'."""
import re
import subprocess
import sys

root, lib = sys.argv[1], sys.argv[2]
headers = re.findall(r'^#include "([^"]+)"', open(f"{root}/planner/covplan.h").read(), re.M)
documented, undocumented = set(), {}
for h in headers:
    lines = open(f"{root}/{h}").read().split("\n")
    for i, line in enumerate(lines):
        if not line.startswith("COV_API"):
            continue
        m = re.search(r"\b(cov_\w+)\s*[(\[]", line)
        if not m:
            continue
        j = i - 1
        # walk up over the declarations of the same group (continuation lines included)
        while j >= 0 and lines[j].strip() and not lines[j].rstrip().endswith("*/") \
                and not lines[j].lstrip().startswith("//"):
            j -= 1
        ok = j >= 0 and (lines[j].rstrip().endswith("*/") or lines[j].lstrip().startswith("//"))
        (documented.add(m.group(1)) if ok else undocumented.__setitem__(m.group(1), h))

out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                     check=True).stdout
exported = {l.split()[-1] for l in out.splitlines()
            if l.split()[1] in "TDRB" and not l.split()[-1].startswith("_")}
passed = failed = 0
for sym in sorted(exported):
    if sym in documented:
        passed += 1
    elif sym in undocumented:
        print(f"FAIL: {sym} ({undocumented[sym]}) is exported without a comment", file=sys.stderr)
        failed += 1
    else:
        print(f"FAIL: {sym} is exported but not declared COV_API in a public header",
              file=sys.stderr)
        failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
