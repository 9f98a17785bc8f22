#!/usr/bin/env python3
"""Validates scenario files against docs/schema/scenario.schema.json.

    check_scenario_schema.py SCHEMA FOLDER...

Every *.yaml, *.yml and *.json in the folders must validate; exits 1 on any error or if no file
was found. Uses Debian's python3-jsonschema and python3-yaml.
"""

import json
import pathlib
import sys

import jsonschema
import yaml


def main():
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = []
    for folder in sys.argv[2:]:
        for pattern in ("*.yaml", "*.yml", "*.json"):
            files.extend(sorted(pathlib.Path(folder).glob(pattern)))
    failures = 0
    for f in files:
        text = f.read_text()
        document = json.loads(text) if f.suffix == ".json" else yaml.safe_load(text)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            print(f"{f}: /{'/'.join(str(p) for p in e.absolute_path)}: {e.message}")
        failures += bool(errors)
        print(f"{f}: {'invalid' if errors else 'ok'}")
    print(f"{len(files)} scenario files checked, {failures} invalid")
    return 1 if failures or not files else 0


if __name__ == "__main__":
    sys.exit(main())
