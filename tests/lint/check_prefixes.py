#!/usr/bin/env python3
"""Internal names follow the folder: every global function or object that a planner folder's
objects define is either public (cov_*, exported by libcovplan.so) or starts with the folder's
prefix (planner/analyze/ -> analyze_, planner/site/solver/ -> solver_, ...), so a name says
where it lives. Usage: check_prefixes.py BUILD_DIR. Prints 'N passed, M failed'."""
import glob
import os
import re
import subprocess
import sys

build = sys.argv[1]
PREFIX = {"access": "access_", "access/measure": "access_", "analyze": "analyze_",
          "core": None, "import": "import_", "present": "present_", "results": "results_",
          "roads": "roads_", "scenario": "scenario_", "site": "site_", "site/solver": "solver_"}
passed = failed = 0
for obj in sorted(glob.glob(f"{build}/CMakeFiles/cov_planner_*.dir/planner/**/*.o", recursive=True)):
    folder = os.path.dirname(obj.split("/planner/", 1)[1])
    want = PREFIX.get(folder, "?")
    out = subprocess.run(["nm", "--defined-only", "-g", obj], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "TDRB":
            continue
        name = parts[2]
        if name.startswith("_"):  # the compiler's and sanitizers' own (__odr_asan.*, …)
            continue
        if name.startswith("cov_") or (want and name.startswith(want)):
            passed += 1
        else:
            failed += 1
            print(f"FAIL: {name} in planner/{folder}/{os.path.basename(obj)[:-4]}: internal names "
                  f"there start with {want or 'cov_ (public) only'}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
