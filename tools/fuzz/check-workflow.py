#!/usr/bin/env python3
"""Checks .github/workflows/nightly-fuzz.yml: it parses as YAML, and it
has what docs/fuzzing.md promises (schedule and manual runs, Go from
go.mod, Graphviz, the fuzz cache restored and saved by date, make fuzz,
the artifacts, a loud failure). Exit status 1 naming the first problem, 2
when PyYAML is missing.

    python3 tools/fuzz/check-workflow.py [FILE]
"""
import sys

try:
    import yaml
except ImportError:
    print("check-workflow: PyYAML is missing (apt-get install python3-yaml)", file=sys.stderr)
    sys.exit(2)


def fail(msg):
    print(f"check-workflow: {path}: {msg}", file=sys.stderr)
    sys.exit(1)


def step_using(steps, action):
    found = [s for s in steps if str(s.get("uses", "")).startswith(action + "@")]
    if not found:
        fail(f"no step uses {action}")
    return found


def check_triggers(doc):
    # YAML 1.1 reads the key "on" as true; GitHub reads it as "on".
    on = doc.get("on", doc.get(True))
    if not isinstance(on, dict):
        fail("no 'on' triggers")
    crons = [c.get("cron") for c in on.get("schedule") or []]
    if not crons or len(crons[0].split()) != 5:
        fail("want a schedule with a five-field cron")
    if "workflow_dispatch" not in on:
        fail("want workflow_dispatch")


def check_fuzz_job(job):
    steps = job.get("steps") or []
    go = step_using(steps, "actions/setup-go")[0]
    if go.get("with", {}).get("go-version-file") != "go.mod":
        fail("setup-go must take the Go version from go.mod")
    runs = "\n".join(str(s.get("run", "")) for s in steps)
    for want in ("graphviz", "go env GOCACHE", "make fuzz FUZZTIME=", "$GITHUB_STEP_SUMMARY", "exit 1"):
        if want not in runs:
            fail(f"no step runs {want!r}")
    restore = step_using(steps, "actions/cache/restore")[0]["with"]
    save = step_using(steps, "actions/cache/save")[0]
    if "date" not in restore["key"] or not restore.get("restore-keys"):
        fail("the cache key must hold the date, with restore-keys")
    if save.get("if") != "always()" or save["with"]["path"] != restore["path"]:
        fail("the corpus must be saved always(), from the path restored")
    upload = step_using(steps, "actions/upload-artifact")[0]
    paths = upload["with"]["path"]
    for want in ("corpus/regressions", "fuzz-out/"):
        if want not in paths:
            fail(f"the artifact must include {want}")
    if upload.get("if") != "always()":
        fail("artifacts must be uploaded always()")


path = sys.argv[1] if len(sys.argv) > 1 else ".github/workflows/nightly-fuzz.yml"
try:
    with open(path) as f:
        doc = yaml.safe_load(f)
except (OSError, yaml.YAMLError) as e:
    print(f"check-workflow: {e}", file=sys.stderr)
    sys.exit(1)
if not isinstance(doc, dict) or "fuzz" not in (doc.get("jobs") or {}):
    fail("no jobs.fuzz")
check_triggers(doc)
check_fuzz_job(doc["jobs"]["fuzz"])
print(f"check-workflow: {path}: ok ({len(doc['jobs'])} jobs)")
