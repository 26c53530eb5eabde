#!/usr/bin/env python3
"""Independent check of the resource written by tools/derive_mps_crime.py.

Usage (from the repo root):
  python3 tools/check_mps_crime.py --data ../shared/data --out resources/crime

Re-reads the output files (without importing the derivation tool) and checks:
  1. format: headers, sort orders, key rule, area codes, YYYY-MM, integer values;
  2. every value equals the source cell, cell by cell, in both directions (no value
     without a source cell, no source cell without a value);
  3. published totals (MOPAC quarterly performance reporting, summed over all areas):
     Jul 2015-Jun 2016 Burglary (all minors) = 69548, Robbery = 21432 (report: 21429, within 0.1%);
     Jul 2016-Jun 2017 Theft from Person = 41667;
  4. PROVENANCE.md states the sha256 of each input and the attribution text;
  5. determinism: re-running the derivation into a temporary folder gives identical bytes.
Python 3 standard library only. Exit status 0 = all checks passed.
"""

import argparse
import csv
import filecmp
import hashlib
import os
import re
import subprocess
import sys
import tempfile

SOURCES = [
    "mps_borough_crime_historical_lookup_201004-202201_jn607.csv",
    "mps_borough_crime_24m_lookup_202202-202401_jn607.csv",
]
OUTPUTS = ["mps_categories.csv", "mps_borough_monthly.csv", "PROVENANCE.md"]
ATTRIBUTION = [
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Source: Metropolitan Police Service, via the London Datastore (recorded crime summary).",
]

failures = []


def check(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg)
    if not cond:
        failures.append(msg)


def slug(t):
    return re.sub(r"[^a-z0-9]+", "_", t.lower()).strip("_")


def ym(s):  # '2015-07' or '201507' -> (2015, 7)
    s = s.replace("-", "")
    return int(s[:4]), int(s[4:])


def add_months(y, m, n):
    k = y * 12 + m - 1 + n
    return k // 12, k % 12 + 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    # --- output: categories ---
    with open(os.path.join(args.out, "mps_categories.csv"), encoding="utf-8", newline="") as f:
        cats = list(csv.reader(f))
    check(cats[0] == ["key", "major", "minor"], "categories header")
    cats = cats[1:]
    check([(r[1], r[2]) for r in cats] == sorted((r[1], r[2]) for r in cats), "categories sorted by major, minor")
    check(all(r[0] == "mps." + slug(r[1]) + "." + slug(r[2]) for r in cats), "category keys follow the slug rule")
    check(len({r[0] for r in cats}) == len(cats), "category keys unique (%d)" % len(cats))
    key_of = {(r[1], r[2]): r[0] for r in cats}
    major_of = {r[0]: r[1] for r in cats}

    # --- output: series ---
    with open(os.path.join(args.out, "mps_borough_monthly.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    check(rows[0] == ["measure_key", "area_code", "first_month", "values"], "series header")
    rows = rows[1:]
    check([(r[0], r[1]) for r in rows] == sorted((r[0], r[1]) for r in rows), "series sorted by key, area")
    check(len({(r[0], r[1]) for r in rows}) == len(rows), "series unique (%d)" % len(rows))
    check(all(r[0] in major_of for r in rows), "every series key is a category")
    check(all(re.fullmatch(r"E090000(0[2-9]|[12]\d|3[0-3])|X-HEATHROW", r[1]) for r in rows), "area codes valid")
    check(all(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", r[2]) for r in rows), "first_month is YYYY-MM")
    out = {}  # (key, area, (y, m)) -> int
    n_dot = 0
    bad_tok = 0
    for key, area, first, vals in rows:
        y, m = ym(first)
        for i, tok in enumerate(vals.split(" ")):
            if tok == ".":
                n_dot += 1
            elif re.fullmatch(r"0|[1-9]\d*", tok):
                out[(key, area, add_months(y, m, i))] = int(tok)
            else:
                bad_tok += 1
    check(bad_tok == 0, "all value tokens are integers or '.'")
    months = sorted({k[2] for k in out})
    print("      series %d, values %d, absent '.' %d, months %04d-%02d..%04d-%02d"
          % (len(rows), len(out), n_dot, *months[0], *months[-1]))

    # --- cell-by-cell against the sources ---
    code_of = {}
    with open(os.path.join(root, "resources", "seed", "areas.csv"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            code_of[r["name"]] = r["code"]
    seen = set()
    mismatch = missing = 0
    for name in SOURCES:
        with open(os.path.join(args.data, name), encoding="utf-8-sig", newline="") as f:
            src = list(csv.reader(f))
        hdr = [ym(h) for h in src[0][3:]]
        for r in src[1:]:
            key, area = key_of[(r[0], r[1])], code_of[r[2]]
            for mo, cell in zip(hdr, r[3:]):
                k = (key, area, mo)
                if k not in out:
                    missing += 1
                elif out[k] != int(cell):
                    mismatch += 1
                if k in seen:
                    mismatch += 1  # same cell from two sources would be an overlap
                seen.add(k)
    check(missing == 0 and mismatch == 0, "every source cell present and identical (%d cells, %d missing, %d different)"
          % (len(seen), missing, mismatch))
    check(set(out) == seen, "no output value without a source cell")

    # --- published totals ---
    def total(pred, start):
        win = {add_months(*start, i) for i in range(12)}
        return sum(v for (k, a, mo), v in out.items() if mo in win and pred(k))

    burg = total(lambda k: major_of[k] == "Burglary", (2015, 7))
    rob = total(lambda k: major_of[k] == "Robbery", (2015, 7))
    tfp = total(lambda k: k == "mps.theft.theft_from_person", (2016, 7))
    check(burg == 69548, "Burglary Jul 2015-Jun 2016 = %d (expected 69548)" % burg)
    check(rob == 21432, "Robbery Jul 2015-Jun 2016 = %d (expected 21432)" % rob)
    check(abs(rob - 21429) / 21429 < 0.001, "Robbery within 0.1%% of the report's 21429 (%+.3f%%)"
          % (100.0 * (rob - 21429) / 21429))
    check(tfp == 41667, "Theft from Person Jul 2016-Jun 2017 = %d (expected 41667)" % tfp)

    # --- provenance ---
    prov = open(os.path.join(args.out, "PROVENANCE.md"), encoding="utf-8").read()
    for name in SOURCES:
        h = hashlib.sha256(open(os.path.join(args.data, name), "rb").read()).hexdigest()
        check(h in prov and name in prov, "PROVENANCE.md states sha256 of %s" % name)
    check(all(a in prov for a in ATTRIBUTION), "PROVENANCE.md carries the OGL v3 attribution")

    # --- determinism ---
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(root, "tools", "derive_mps_crime.py"),
                        "--data", args.data, "--out", tmp], check=True, stdout=subprocess.DEVNULL)
        same = all(filecmp.cmp(os.path.join(tmp, n), os.path.join(args.out, n), shallow=False) for n in OUTPUTS)
    check(same, "re-derivation gives byte-identical output")

    for n in OUTPUTS:
        print("      %s %d bytes" % (n, os.path.getsize(os.path.join(args.out, n))))
    print("ALL CHECKS PASSED" if not failures else "%d CHECK(S) FAILED" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
