#!/usr/bin/env python3
"""Summaries for ladder.sh.

  report.py step DIR ROUND PROXY LABEL RATE CALLS RC P0 P1 O0 O1 U0 U1 B0 B1 T0 T1 HZ
      One sipp UAC run directory -> one TSV line (columns STEP_COLS) on stdout.
      P = ticks of the proxy under test, O = the other (idle) proxy, U = the sipp UAS, B = whole-machine busy ticks,
      T = wall clock (s). Pass criterion as in the Kamailio reference: < 0.1 % failed calls, achieved rate >= 95 %
      of offered, and every call of the step attempted.

  report.py table WORK_RUN_DIR OUT_MD
      steps.tsv + facts.tsv of one bench run -> the comparison table (stdout and OUT_MD, with the details).
"""
import glob
import os
import re
import statistics
import sys

STEP_COLS = ["round", "proxy", "label", "rate", "calls", "ok", "failed", "fail%", "n607", "n200", "retrans",
             "elapsed_s", "eff_cps", "proxy_cpu%", "idle_proxy_cpu%", "uac_cpu%", "uas_cpu%", "rest_cpu%",
             "cpu_s_per_1k", "p50_607ms", "p99_607ms", "p50_200ms", "p99_200ms", "uac_stalls", "rc", "verdict"]
NAMES = {"eb": "EdgeBlocker", "kam": "Kamailio"}


def pct(values, q):
    if not values:
        return "-"
    values = sorted(values)
    return str(values[min(len(values) - 1, int(q * len(values)))])


def step(argv):
    (d, rnd, proxy, label, rate, calls, rc, p0, p1, o0, o1, u0, u1, b0, b1, t0, t1, hz) = argv
    p0, p1, o0, o1, u0, u1, b0, b1, hz = map(int, (p0, p1, o0, o1, u0, u1, b0, b1, hz))
    rate, calls = int(rate), int(calls)
    stat = {}
    try:
        lines = open(os.path.join(d, "stat.csv")).read().strip().split("\n")
        stat = dict(zip(lines[0].split(";"), lines[-1].split(";")))
    except (OSError, IndexError):
        pass
    ok = int(stat.get("SuccessfulCall(C)", 0) or 0)
    failed = int(stat.get("FailedCall(C)", 0) or 0)
    retrans = int(stat.get("Retransmissions(C)", 0) or 0)

    n607 = n200 = 0
    try:
        scr = open(os.path.join(d, "screen.log"), errors="replace").read()
        last = scr[scr.rfind("Scenario Screen"):]
        m = re.search(r"^\s*607 <-+\s+E-RTD1\s+(\d+)", last, re.M)
        n607 = int(m.group(1)) if m else 0
        m = re.search(r"^\s*200 <-+\s+E-RTD2\s+(\d+)", last, re.M)
        n200 = int(m.group(1)) if m else 0
    except OSError:
        pass

    wall = max(1e-6, float(t1) - float(t0))
    try:
        us, sy, el = open(os.path.join(d, "uac.time")).read().split()[-3:]
        uac_cpu, el = float(us) + float(sy), float(el)
    except (OSError, ValueError):
        uac_cpu, el = 0.0, wall
    prox = (p1 - p0) / hz
    other = (o1 - o0) / hz
    uas = (u1 - u0) / hz
    rest = max(0.0, (b1 - b0) / hz - prox - other - uas - uac_cpu)

    r1, r2 = [], []
    for f in glob.glob(os.path.join(d, "*_rtt.csv")):
        for line in open(f).read().split("\n")[1:]:
            p = line.split(";")
            if len(p) >= 3:
                try:
                    (r1 if p[2].strip() == "1" else r2).append(int(float(p[1])))
                except ValueError:
                    pass

    total = ok + failed
    failpct = 100.0 * failed / total if total else 100.0
    eff = ok / el if el > 0 else 0.0
    verdict = "PASS" if total and failpct < 0.1 and eff >= 0.95 * rate and total >= calls else "fail"
    try:
        if "Unable to bind" in open(os.path.join(d, "uac.out"), errors="replace").read():
            verdict = "error"   # the generator could not run (port in use): not the proxy's result
    except OSError:
        pass
    # sipp's own overload watchdog: its main loop did not run for > 500 ms (the generator was starved of CPU);
    # retransmissions in such a step are the generator's, not necessarily the proxy's
    stalls = 0
    try:
        stalls = open(os.path.join(d, "errors.log"), errors="replace").read().count("watchdog timer")
    except OSError:
        pass
    cpu1k = prox / total * 1000 if total else float("nan")
    row = [rnd, proxy, label, rate, calls, ok, failed, "%.3f" % failpct, n607, n200, retrans, "%.1f" % el,
           "%.0f" % eff, "%.0f" % (prox / wall * 100), "%.0f" % (other / wall * 100), "%.0f" % (uac_cpu / wall * 100),
           "%.0f" % (uas / wall * 100), "%.0f" % (rest / wall * 100), "%.4f" % cpu1k,
           pct(r1, .5), pct(r1, .99), pct(r2, .5), pct(r2, .99), stalls, rc, verdict]
    print("\t".join(map(str, row)))


def read_tsv(path, cols=None):
    rows = []
    if not os.path.exists(path):
        return rows
    for line in open(path).read().split("\n"):
        if not line.strip():
            continue
        parts = line.split("\t")
        rows.append(dict(zip(cols, parts)) if cols else parts)
    return rows


def fnum(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def table(argv):
    run, out = argv
    steps = [s for s in read_tsv(os.path.join(run, "steps.tsv"), STEP_COLS) if s.get("round") != "round"]
    facts = read_tsv(os.path.join(run, "facts.tsv"))          # round, proxy, key, value
    meta = read_tsv(os.path.join(run, "meta.tsv"))            # key, value

    def fact(proxy, key):
        return [fnum(f[3]) for f in facts if len(f) >= 4 and f[1] == proxy and f[2] == key]

    def fact_text(proxy, key):
        return [f[3] for f in facts if len(f) >= 4 and f[1] == proxy and f[2] == key]

    rows = []

    def ladder(label):
        """Max sustained CPS: the highest offered rate that passed in every round it ran in."""
        res = {}
        rates = sorted({int(s["rate"]) for s in steps if s["label"] == label and s["verdict"] not in ("error", "stalled")})
        for proxy in ("eb", "kam"):
            mine = [s for s in steps if s["label"] == label and s["proxy"] == proxy and s["verdict"] not in ("error", "stalled")]
            passed = [r for r in rates
                      if any(int(s["rate"]) == r for s in mine)
                      and all(s["verdict"] == "PASS" for s in mine if int(s["rate"]) == r)]
            if passed:
                top = max(passed)
                res[proxy] = (top, ("≥ %d" if rates and top == rates[-1] else "%d") % top)
            elif mine:
                res[proxy] = (None, "< %d (no step passed)" % min(rates))
            else:
                res[proxy] = (None, "not run")
        return res, rates

    def cpu_per_1k(label, lad, rates):
        """CPU-seconds per 1,000 calls at the highest rate both proxies passed (else the lowest rate run)."""
        both = [r for r in rates if all(lad[p][0] is not None and r <= lad[p][0] for p in ("eb", "kam"))
                and all(any(int(s["rate"]) == r and s["proxy"] == p and s["label"] == label and s["verdict"] == "PASS"
                            for s in steps) for p in ("eb", "kam"))]
        r = max(both) if both else (min(rates) if rates else None)
        vals = {}
        for proxy in ("eb", "kam"):
            v = [fnum(s["cpu_s_per_1k"]) for s in steps
                 if s["label"] == label and s["proxy"] == proxy and r is not None and int(s["rate"]) == r
                 and s["verdict"] not in ("error", "stalled")]
            v = [x for x in v if x is not None and x == x]   # drop nan
            vals[proxy] = statistics.mean(v) if v else None
        return r, vals

    def cpu_over_ladder(label, lad, rates):
        """CPU-seconds per 1,000 calls over every step both proxies passed: each proxy's CPU summed over those steps,
        divided by the calls of those steps. One step is 20 s, and a proxy's figure at one step moves by a tenth or
        more between runs; the sum over the ladder moves less."""
        both = [r for r in rates if all(any(int(s["rate"]) == r and s["proxy"] == p and s["label"] == label
                                            and s["verdict"] == "PASS" for s in steps) for p in ("eb", "kam"))]
        vals = {}
        for proxy in ("eb", "kam"):
            cpu = calls = 0.0
            for s in steps:
                if s["label"] == label and s["proxy"] == proxy and int(s["rate"]) in both and s["verdict"] == "PASS":
                    per_1k, n = fnum(s["cpu_s_per_1k"]), fnum(s["calls"])
                    if per_1k is not None and per_1k == per_1k and n:
                        cpu += per_1k * n / 1000
                        calls += n
            vals[proxy] = cpu * 1000 / calls if calls else None
        return both, vals

    for label, name in (("blocked", "max sustained CPS, 100 % blocked (higher is better)"),
                        ("mix", "max sustained CPS, 50/50 blocked/allowed (higher is better)")):
        lad, rates = ladder(label)
        rows.append((name, lad["eb"][1], lad["kam"][1], lad["eb"][0], lad["kam"][0]))
        r, vals = cpu_per_1k(label, lad, rates)
        if r is not None:
            rows.append(("proxy CPU-seconds per 1,000 calls, %s @ %d CPS (lower is better)" % (label, r),
                         fmt(vals["eb"], "%.3f"), fmt(vals["kam"], "%.3f"), vals["eb"], vals["kam"]))
            both, over = cpu_over_ladder(label, lad, rates)
            if len(both) > 1:
                rows.append(("proxy CPU-seconds per 1,000 calls, %s, over every step both passed (%s CPS) (lower is better)"
                             % (label, ", ".join(str(x) for x in both)),
                             fmt(over["eb"], "%.4f"), fmt(over["kam"], "%.4f"), over["eb"], over["kam"]))
            sip = [v for v in fact("eb", "sip_cpu_1k_%s_%d" % (label, r)) if v is not None]
            if sip:
                sip = statistics.mean(sip)
                rows.append(("of which EdgeBlocker's SIP receive threads, %s @ %d CPS (its rest is mostly the call-record "
                             "writer; Kamailio keeps no records)" % (label, r),
                             fmt(sip, "%.3f"), fmt(vals["kam"], "%.3f"), sip, vals["kam"]))

    lat_rate = dict((m[0], m[1]) for m in meta if len(m) >= 2).get("LAT_RATE", "200")
    for key, name in (("lat_p50_us", "INVITE→607 latency p50 @ %s CPS, µs, just after start (latency.py)" % lat_rate),
                      ("lat_p99_us", "INVITE→607 latency p99 @ %s CPS, µs, just after start (latency.py)" % lat_rate),
                      ("lat_p50_us_settled", "INVITE→607 latency p50 @ %s CPS, µs, second pass (latency.py)" % lat_rate),
                      ("lat_p99_us_settled", "INVITE→607 latency p99 @ %s CPS, µs, second pass (latency.py)" % lat_rate)):
        e, k = median(fact("eb", key)), median(fact("kam", key))
        if e is not None or k is not None:
            rows.append((name + " (lower is better)", fmt(e, "%.0f"), fmt(k, "%.0f"), e, k))

    for size in ("1M", "10M"):
        e, k = median(fact("eb", "ready_s_" + size)), median(fact("kam", "ready_s_" + size))
        if e is None and k is None:
            continue
        rows.append(("start → READY (first 200 to OPTIONS), %s list, s (lower is better)" % size,
                     fmt(e, "%.2f"), fmt(k, "%.2f"), e, k))
        e = median(fact("eb", "first_ready_s_" + size))
        if e is not None:
            rows.append(("first start → READY, importing the %s list into a new database, s" % size, fmt(e, "%.2f"), "–", None, None))
        e, k = median(fact("eb", "pss_kB_" + size)), median(fact("kam", "pss_kB_" + size))
        rows.append(("memory with %s list: PSS of all proxy processes, MB (lower is better)" % size,
                     fmt(mb(e), "%.0f"), fmt(mb(k), "%.0f"), e, k))
        e, k = median(fact("eb", "rss_kB_" + size)), median(fact("kam", "rss_kB_" + size))
        rows.append(("memory with %s list: RSS of the main process, MB (lower is better)" % size,
                     fmt(mb(e), "%.0f"), fmt(mb(k), "%.0f"), e, k))
    e, k = median(fact("eb", "pss_kB_after")), median(fact("kam", "pss_kB_after"))
    if e is not None or k is not None:
        rows.append(("memory after the ladders (1M list): PSS of all proxy processes, MB",
                     fmt(mb(e), "%.0f"), fmt(mb(k), "%.0f"), e, k))
    e, k = median(fact("eb", "hwm_kB_after")), median(fact("kam", "hwm_kB_after"))
    if e is not None or k is not None:
        rows.append(("peak RSS of the main process over the run (VmHWM), MB",
                     fmt(mb(e), "%.0f"), fmt(mb(k), "%.0f"), e, k))

    e = median(fact("eb", "hot_path_bytes_per_call"))
    if e is not None:
        rows.append(("bytes allocated per call on the SIP receive threads (EdgeBlocker's counter; whole run, blocked and relayed)",
                     fmt(e, "%.0f"), "–", None, None))

    steady = sorted({int(f[2].rsplit("_", 1)[1]) for f in facts
                     if len(f) >= 4 and f[1] == "eb" and f[2].startswith("steady_bytes_per_blocked_call_")})
    for rate in steady:
        e = median(fact("eb", "steady_bytes_per_blocked_call_%d" % rate))
        rows.append(("bytes allocated per blocked call on the SIP receive threads once warm, %d CPS (steady_bytes: two runs, "
                     "the longer's extra bytes per extra call)" % rate, fmt(e, "%.2f"), "–", None, None))

    w, d = median(fact("eb", "records_written")), median(fact("eb", "records_dropped"))
    if w is not None:
        rows.append(("call records written / dropped (queue full) over the whole run (EdgeBlocker's stop line)",
                     "%s / %s" % (fmt(w, "%.0f"), fmt(d or 0, "%.0f")), "–", None, None))

    lines = ["| figure | EdgeBlocker | Kamailio | ratio (EdgeBlocker / Kamailio) |", "| --- | ---: | ---: | ---: |"]
    for name, es, ks, ev, kv in rows:
        ratio = "%.2f" % (ev / kv) if ev is not None and kv else "–"
        if ratio != "–" and ("≥" in es or "≥" in ks):
            ratio = "~" + ratio + " (ladder ceiling)"
        lines.append("| %s | %s | %s | %s |" % (name, es, ks, ratio))
    summary = "\n".join(lines)

    md = ["# EdgeBlocker vs Kamailio: screening ladder", ""]
    for m in meta:
        if len(m) >= 2 and m[0].startswith("note"):
            md.append("- " + m[1])
    md.append("")
    md.append(summary)
    md += ["", "## Run", "", "| key | value |", "| --- | --- |"]
    for m in meta:
        if len(m) >= 2 and not m[0].startswith("note"):
            md.append("| %s | %s |" % (m[0], m[1].replace("|", "\\|")))
    md += ["", "## Latency probe and start-up (per round)", "", "| round | proxy | figure | value |",
           "| --- | --- | --- | --- |"]
    for f in facts:
        if len(f) >= 4:
            md.append("| %s | %s | %s | %s |" % (f[0], NAMES.get(f[1], f[1]), f[2], f[3].replace("|", "\\|")))
    md += ["", "## Ladder steps (in the order run)", "",
           "CPU % is percent of one core over the step; `idle_proxy_cpu%` is the other proxy, resident but idle; "
           "`rest_cpu%` is the rest of the machine (kernel softirq for loopback UDP and other tenants). "
           "`cpu_s_per_1k` = proxy CPU-seconds per 1,000 attempted calls. Latency columns are sipp RTDs (1 ms "
           "resolution). `uac_stalls` counts sipp's overload-watchdog trips (its own loop stalled > 500 ms, i.e. the "
           "generator was starved): retransmissions in such a step start at the generator.", "",
           "| " + " | ".join(STEP_COLS) + " |", "|" + " --- |" * len(STEP_COLS)]
    for s in steps:
        row = dict(s)
        row["proxy"] = NAMES.get(row["proxy"], row["proxy"])
        md.append("| " + " | ".join(str(row.get(c, "")) for c in STEP_COLS) + " |")
    text = "\n".join(md) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(summary)


def mb(kb):
    return kb / 1024.0 if kb is not None else None


def fmt(v, f):
    return f % v if v is not None else "–"


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("step", "table"):
        sys.exit(__doc__)
    (step if sys.argv[1] == "step" else table)(sys.argv[2:])
