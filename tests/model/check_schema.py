"""Validates every model in the given folders (*.yaml, *.yml, *.json) against the JSON Schema.

Usage: check_schema.py SCHEMA DIR...   Exit 0 if all are valid, 1 otherwise.
Needs Debian's python3-jsonschema and python3-yaml (run with /usr/bin/python3).
"""
import json
import pathlib
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """drsim reads every scalar as text (YAML 1.2 style): `epoch: 2026-01-05` is a string,
    not a date, as it is for editors' YAML language servers."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main() -> int:
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = []
    for folder in sys.argv[2:]:
        path = pathlib.Path(folder)
        if path.is_dir():
            for pattern in ("*.yaml", "*.yml", "*.json"):
                files.extend(sorted(path.glob(pattern)))
    failures = checked = 0
    for f in files:
        text = f.read_text()
        document = json.loads(text) if f.suffix == ".json" else yaml.load(text, Loader=Yaml12Loader)
        # examples/ may also hold scenario or result files; a model is what has `services`.
        if not isinstance(document, dict) or "services" not in document:
            print(f"{f}: skipped (not a model)")
            continue
        checked += 1
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            pointer = "/" + "/".join(str(p) for p in e.absolute_path)
            print(f"{f}: {pointer}: {e.message}")
        failures += bool(errors)
        print(f"{f}: {'invalid' if errors else 'ok'}")
    print(f"{checked} models checked, {failures} invalid")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
