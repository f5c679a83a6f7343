#!/usr/bin/env python3
"""Refuses a Cargo.lock that pins a yanked version: each registry package
is looked up in cargo's copy of the crates.io index (filled by the build
that ran before), its `yanked` flag read. cargo deny reads the same flag,
but only within its advisories check, whose database CI cannot fetch."""
import glob
import json
import os
import sys
import tomllib

home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
caches = glob.glob(os.path.join(home, "registry/index/*/.cache"))


def index_path(name):
    n = name.lower()
    if len(n) <= 2:
        return os.path.join(str(len(n)), n)
    if len(n) == 3:
        return os.path.join("3", n[0], n)
    return os.path.join(n[:2], n[2:4], n)


def versions(name):
    for cache in caches:
        path = os.path.join(cache, index_path(name))
        if os.path.exists(path):
            out = {}
            for part in open(path, "rb").read().split(b"\0"):
                part = part.strip()
                if part.startswith(b"{"):
                    try:
                        entry = json.loads(part)
                    except ValueError:
                        continue
                    out[entry["vers"]] = entry.get("yanked", False)
            return out
    return None


lock = tomllib.load(open(sys.argv[1] if len(sys.argv) > 1 else "Cargo.lock", "rb"))
yanked, unknown, checked = [], [], 0
for pkg in lock["package"]:
    if not pkg.get("source", "").startswith("registry+"):
        continue
    known = versions(pkg["name"])
    if known is None or pkg["version"] not in known:
        unknown.append(f"{pkg['name']} {pkg['version']}")
        continue
    checked += 1
    if known[pkg["version"]]:
        yanked.append(f"{pkg['name']} {pkg['version']}")
print(f"yanked versions: {checked} packages checked, {len(yanked)} yanked, "
      f"{len(unknown)} not in the local index")
for p in unknown:
    print(f"  not in the local index: {p}")
for p in yanked:
    print(f"  yanked: {p}")
sys.exit(1 if yanked else 0)
