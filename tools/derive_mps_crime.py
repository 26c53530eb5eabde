#!/usr/bin/env python3
"""Derive the embedded MPS recorded-crime resource (borough x category x month).

Inputs (MPS "recorded_crime_summary" borough files, London Datastore, OGL v3; see
/work/shared/data/README.md section A):
  mps_borough_crime_historical_lookup_201004-202201_jn607.csv   2010-04 .. 2022-01
  mps_borough_crime_24m_lookup_202202-202401_jn607.csv          2022-02 .. 2024-01

Outputs (in --out):
  mps_categories.csv      key,major,minor
  mps_borough_monthly.csv measure_key,area_code,first_month,values
  PROVENANCE.md

Usage (from the repo root):
  python3 tools/derive_mps_crime.py --data ../shared/data --out resources/crime

Python 3 standard library only. Output is deterministic (no timestamps, fixed order,
'\\n' line ends, RFC 4180 quoting only where needed). Any surprise in the input fails loudly.
"""

import argparse
import csv
import hashlib
import io
import os
import re
import sys

HIST_FILE = "mps_borough_crime_historical_lookup_201004-202201_jn607.csv"
RECENT_FILE = "mps_borough_crime_24m_lookup_202202-202401_jn607.csv"

# Facts copied from /work/shared/data/README.md (section A). Sizes/rows are checked.
SOURCES = [
    {
        "file": HIST_FILE,
        "repo": "jn607/LondonCrimeInsights",
        "path": "data/raw_data/APR2010-FEB2022.csv",
        "commit": "842e3f75802346c3bf3299837a9cbcee8c16266f",
        "bytes": 727385,
        "rows": 1730,
        "what": 'MPS "MPS Borough Level Crime (Historical).csv", vintage c. Feb 2022',
        "repo_licence": "none stated by the hosting repo; data OGL v3",
    },
    {
        "file": RECENT_FILE,
        "repo": "jn607/LondonCrimeInsights",
        "path": "data/raw_data/FEB2022-FEB2024.csv",
        "commit": "842e3f75802346c3bf3299837a9cbcee8c16266f",
        "bytes": 198622,
        "rows": 1574,
        "what": 'MPS "MPS Borough Level Crime (most recent 24 months).csv", vintage c. Feb 2024 (last CRIS-era)',
        "repo_licence": "none stated by the hosting repo; data OGL v3",
    },
]

KEY_COLS = ["MajorText", "MinorText", "LookUp_BoroughName"]
HEATHROW_NAME = "London Heathrow and London City Airports"
HEATHROW_CODE = "X-HEATHROW"
CANONICAL_CMD = "python3 tools/derive_mps_crime.py --data ../shared/data --out resources/crime"


class DataError(Exception):
    pass


def fail(msg):
    raise DataError(msg)


def slug(text):
    s = re.sub(r"[^a-z0-9]+", "_", text.lower())
    return s.strip("_")


def measure_key(major, minor):
    return "mps." + slug(major) + "." + slug(minor)


def month_index(yyyymm):
    """'201004' -> absolute month number (year*12 + month-1)."""
    if not re.fullmatch(r"\d{6}", yyyymm):
        fail("bad month column %r" % yyyymm)
    y, m = int(yyyymm[:4]), int(yyyymm[4:])
    if not 1 <= m <= 12:
        fail("bad month column %r" % yyyymm)
    return y * 12 + (m - 1)


def month_label(idx):
    return "%04d-%02d" % (idx // 12, idx % 12 + 1)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def read_source(path, expected_rows, expected_bytes):
    """Return (months[list of month idx], rows{(major,minor,borough): [int,...]})."""
    raw = open(path, "rb").read()
    if len(raw) != expected_bytes:
        fail("%s: %d bytes, README says %d" % (path, len(raw), expected_bytes))
    text = raw.decode("utf-8-sig")  # strips a BOM if present
    table = list(csv.reader(io.StringIO(text, newline="")))
    if not table:
        fail("%s: empty" % path)
    header = table[0]
    if header[:3] != KEY_COLS:
        fail("%s: header starts %r, expected %r" % (path, header[:3], KEY_COLS))
    months = [month_index(h) for h in header[3:]]
    if not months:
        fail("%s: no month columns" % path)
    for a, b in zip(months, months[1:]):
        if b != a + 1:
            fail("%s: month columns not consecutive at %s -> %s" % (path, month_label(a), month_label(b)))
    rows = {}
    for lineno, r in enumerate(table[1:], start=2):
        if len(r) != len(header):
            fail("%s:%d: %d fields, header has %d" % (path, lineno, len(r), len(header)))
        key = tuple(r[:3])
        for t in key:
            if not t or t != t.strip():
                fail("%s:%d: empty or untrimmed key field %r" % (path, lineno, t))
        if key in rows:
            fail("%s:%d: duplicate key %r" % (path, lineno, key))
        vals = []
        for cell in r[3:]:
            if not re.fullmatch(r"\d+", cell):
                fail("%s:%d: non-integer / negative / blank value %r" % (path, lineno, cell))
            vals.append(int(cell))
        rows[key] = vals
    if len(rows) != expected_rows:
        fail("%s: %d data rows, README says %d" % (path, len(rows), expected_rows))
    return months, rows


def read_area_codes(areas_csv):
    """Borough name -> GSS code from resources/seed/areas.csv, plus the airports area."""
    name_to_code = {}
    with open(areas_csv, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            code, name = row["code"], row["name"]
            if re.fullmatch(r"E090000(0[2-9]|[12]\d|3[0-3])", code):
                if name in name_to_code:
                    fail("areas.csv: duplicate name %r" % name)
                name_to_code[name] = code
            elif code == HEATHROW_CODE:
                if name != HEATHROW_NAME:
                    fail("areas.csv: %s is named %r, expected %r" % (code, name, HEATHROW_NAME))
                name_to_code[name] = code
    if len(name_to_code) != 33:
        fail("areas.csv: expected 32 boroughs E09000002..33 + %s, found %d" % (HEATHROW_CODE, len(name_to_code)))
    return name_to_code


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder holding the MPS source CSVs")
    ap.add_argument("--out", required=True, help="output folder (resources/crime)")
    ap.add_argument("--areas", default=None,
                    help="areas.csv (default: resources/seed/areas.csv next to this tool's repo)")
    args = ap.parse_args(argv)

    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    areas_csv = args.areas or os.path.join(repo_root, "resources", "seed", "areas.csv")
    name_to_code = read_area_codes(areas_csv)

    srcs = []
    for s in SOURCES:
        p = os.path.join(args.data, s["file"])
        months, rows = read_source(p, s["rows"], s["bytes"])
        srcs.append(dict(s, months=months, rows=rows, sha256=sha256_of(p)))
    hist, recent = srcs

    # --- category and borough comparison --------------------------------------------
    pairs = [{(k[0], k[1]) for k in s["rows"]} for s in srcs]
    boroughs = [{k[2] for k in s["rows"]} for s in srcs]
    if boroughs[0] != boroughs[1]:
        fail("borough name sets differ: only hist %r, only recent %r"
             % (sorted(boroughs[0] - boroughs[1]), sorted(boroughs[1] - boroughs[0])))
    unmapped = sorted(b for b in boroughs[0] if b not in name_to_code)
    if unmapped:
        fail("unmapped borough names: %r" % unmapped)
    common_pairs = pairs[0] & pairs[1]
    only_hist = sorted(pairs[0] - pairs[1])
    only_recent = sorted(pairs[1] - pairs[0])
    # A pair in one file only must not be a spelling variant of a pair in the other.
    norm = lambda p: (re.sub(r"\s+", " ", p[0]).strip().lower(), re.sub(r"\s+", " ", p[1]).strip().lower())
    for p in only_hist + only_recent:
        other = pairs[1] if p in pairs[0] else pairs[0]
        if any(norm(p) == norm(q) for q in other):
            fail("category pair %r differs from the other file only by case/whitespace" % (p,))

    # --- month overlap rules ----------------------------------------------------------
    h_first, h_last = hist["months"][0], hist["months"][-1]
    r_first, r_last = recent["months"][0], recent["months"][-1]
    if r_first <= h_last:
        fail("files overlap: historical ends %s, recent starts %s" % (month_label(h_last), month_label(r_first)))
    if r_first != h_last + 1:
        fail("files not contiguous: historical ends %s, recent starts %s" % (month_label(h_last), month_label(r_first)))

    # --- keys --------------------------------------------------------------------------
    all_pairs = sorted(pairs[0] | pairs[1])
    key_of = {}
    seen = {}
    for p in all_pairs:
        k = measure_key(*p)
        if k in seen:
            fail("key collision %s for %r and %r" % (k, seen[k], p))
        seen[k] = p
        key_of[p] = k

    # --- build series: (pair, borough) -> {month: value} -------------------------------
    series = {}
    spliced_series = hist_only_series = recent_only_series = 0
    for s in (hist, recent):
        for (major, minor, borough), vals in s["rows"].items():
            if s is recent and (major, minor) not in common_pairs:
                fail("internal: recent-only pair %r would need a rule" % ((major, minor),))
            d = series.setdefault((major, minor, borough), {})
            for m, v in zip(s["months"], vals):
                if m in d:
                    fail("overlapping month %s for %r" % (month_label(m), (major, minor, borough)))
                d[m] = v
    for k in series:
        in_h, in_r = k in hist["rows"], k in recent["rows"]
        if in_h and in_r:
            spliced_series += 1
        elif in_h:
            hist_only_series += 1
        else:
            recent_only_series += 1

    out_rows = []
    n_values = n_absent = n_zero = 0
    for (major, minor, borough), d in series.items():
        first, last = min(d), max(d)
        cells = []
        for m in range(first, last + 1):
            if m in d:
                cells.append(str(d[m]))
                n_values += 1
                n_zero += d[m] == 0
            else:
                cells.append(".")
                n_absent += 1
        out_rows.append((key_of[(major, minor)], name_to_code[borough], month_label(first), " ".join(cells)))
    out_rows.sort(key=lambda r: (r[0], r[1]))
    all_months = sorted({m for d in series.values() for m in d})
    total_sum = sum(v for d in series.values() for v in d.values())

    # --- write -------------------------------------------------------------------------
    os.makedirs(args.out, exist_ok=True)
    cat_path = os.path.join(args.out, "mps_categories.csv")
    ser_path = os.path.join(args.out, "mps_borough_monthly.csv")
    prov_path = os.path.join(args.out, "PROVENANCE.md")

    with open(cat_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "major", "minor"])
        for major, minor in all_pairs:  # sorted by major then minor
            w.writerow([key_of[(major, minor)], major, minor])
    with open(ser_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["measure_key", "area_code", "first_month", "values"])
        w.writerows(out_rows)

    def fmt_pairs(ps):
        return ", ".join("%s / %s" % p for p in ps) if ps else "none"

    L = []
    L.append("# MPS recorded crime by borough, category and month: provenance")
    L.append("")
    L.append("Generated by `tools/derive_mps_crime.py`; do not edit by hand. Regenerate from the repo root with:")
    L.append("")
    L.append("    " + CANONICAL_CMD)
    L.append("")
    L.append("Check with `python3 tools/check_mps_crime.py --data ../shared/data --out resources/crime`.")
    L.append("")
    L.append("## Sources")
    L.append("")
    L.append("MPS recorded crime summary, borough level (London Datastore dataset `recorded_crime_summary`), "
             "published under the Open Government Licence v3. The files were copied byte-for-byte from a public "
             "GitHub repository (`git show COMMIT:path`); the hosting repository states no licence of its own.")
    L.append("")
    L.append("| local file | what | repo | path | commit | bytes | data rows | months | sha256 |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for s in srcs:
        L.append("| `%s` | %s | %s | `%s` | `%s` | %d | %d | %s..%s (%d) | `%s` |" % (
            s["file"], s["what"], s["repo"], s["path"], s["commit"], s["bytes"], len(s["rows"]),
            month_label(s["months"][0]), month_label(s["months"][-1]), len(s["months"]), s["sha256"]))
    L.append("")
    L.append("Area codes: `resources/seed/areas.csv` (borough name -> ONS GSS code E09000002..E09000033; "
             "\"%s\" -> `%s`). City of London (E09000001) is not in the MPS data (policed by City of London Police)."
             % (HEATHROW_NAME, HEATHROW_CODE))
    L.append("")
    L.append("## What was derived")
    L.append("")
    L.append("- Read both files as UTF-8 (BOM tolerated), CSV with CRLF; checked: header `MajorText,MinorText,"
             "LookUp_BoroughName,YYYYMM...`, consecutive month columns, no ragged rows, no duplicate "
             "(major, minor, borough) keys, every value a non-negative integer, byte and row counts as in the "
             "shared data README.")
    L.append("- Borough names: identical sets of %d names in both files; all mapped to codes (unmapped names fail the run)."
             % len(boroughs[0]))
    L.append("- Months: historical %s..%s, recent %s..%s: no overlap, contiguous, so the splice is a plain "
             "concatenation (no month has two sources)." % (month_label(h_first), month_label(h_last),
                                                           month_label(r_first), month_label(r_last)))
    L.append("- Categories: historical %d majors / %d pairs, recent %d majors / %d pairs; %d pairs in both "
             "(texts identical, verbatim). Spliced only pairs present in both. Pairs in the historical file "
             "only: %s (kept %s..%s only). Pairs in the recent file only: %s."
             % (len({p[0] for p in pairs[0]}), len(pairs[0]), len({p[0] for p in pairs[1]}), len(pairs[1]),
                len(common_pairs), fmt_pairs(only_hist), month_label(h_first), month_label(h_last),
                fmt_pairs(only_recent)))
    L.append("- The MPS files only contain a (category, borough) row when it has at least one offence in the "
             "file's window (no row in either file is all zeros), so a series can be in one file and not the other. Such months are left absent, "
             "never filled with zero: %d series come from both files (%s..%s), %d from the historical file "
             "only (end %s), %d from the recent file only (start %s)."
             % (spliced_series, month_label(h_first), month_label(r_last), hist_only_series, month_label(h_last),
                recent_only_series, month_label(r_first)))
    L.append("- Every value is kept as published, zeros included (a zero in the source is a recorded zero).")
    L.append("")
    L.append("## Output format")
    L.append("")
    truncated = sorted({t for p in all_pairs for t in p if len(t) == 50})
    L.append("UTF-8, `\\n` line ends, RFC 4180 quoting only where a field contains a comma (e.g. minor "
             "\"Disclosure, Obstruction, False or Misleading State\"). The source cuts category texts at 50 "
             "characters; they are kept verbatim, truncation included (%d texts: %s)."
             % (len(truncated), "; ".join('\"%s\"' % t for t in truncated)))
    L.append("")
    L.append("- `mps_categories.csv`: `key,major,minor`, one row per (major, minor) pair, sorted by major then minor; "
             "key = `mps.` + slug(major) + `.` + slug(minor), slug = lower case, runs of non-alphanumerics -> `_`, "
             "trimmed of `_`. Texts verbatim from the source.")
    L.append("- `mps_borough_monthly.csv`: `measure_key,area_code,first_month,values`, one row per "
             "(category, area) series, sorted by measure_key then area_code. `first_month` is `YYYY-MM`; `values` "
             "is one field of space-separated integers, one per consecutive month from first_month; an absent "
             "month inside a series would be `.` (there are %d). Months after a series' last value are absent." % n_absent)
    L.append("")
    L.append("## Counts")
    L.append("")
    L.append("- categories: %d pairs, %d majors" % (len(all_pairs), len({p[0] for p in all_pairs})))
    L.append("- series (rows of mps_borough_monthly.csv): %d over %d areas" % (len(out_rows), len(boroughs[0])))
    L.append("- values: %d (%d of them zero), absent inside series: %d, sum of all values: %d"
             % (n_values, n_zero, n_absent, total_sum))
    L.append("- month range: %s..%s (%d months)" % (month_label(all_months[0]), month_label(all_months[-1]), len(all_months)))
    L.append("- source cells: historical %d, recent %d (total %d = values above)"
             % (len(hist["rows"]) * len(hist["months"]), len(recent["rows"]) * len(recent["months"]),
                len(hist["rows"]) * len(hist["months"]) + len(recent["rows"]) * len(recent["months"])))
    L.append("")
    L.append("## Attribution")
    L.append("")
    L.append("Contains public sector information licensed under the Open Government Licence v3.0.")
    L.append("Source: Metropolitan Police Service, via the London Datastore (recorded crime summary).")
    L.append("")
    with open(prov_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L))

    if n_values != len(hist["rows"]) * len(hist["months"]) + len(recent["rows"]) * len(recent["months"]):
        fail("internal: value count does not equal the source cell count")

    for p in (cat_path, ser_path, prov_path):
        print("%s  %d bytes" % (p, os.path.getsize(p)))
    print("pairs %d (both %d, hist-only %d, recent-only %d); series %d (spliced %d, hist-only %d, recent-only %d); "
          "values %d; absent %d; months %s..%s"
          % (len(all_pairs), len(common_pairs), len(only_hist), len(only_recent), len(out_rows), spliced_series,
             hist_only_series, recent_only_series, n_values, n_absent, month_label(all_months[0]),
             month_label(all_months[-1])))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DataError as e:
        print("derive_mps_crime: ERROR: %s" % e, file=sys.stderr)
        sys.exit(1)
