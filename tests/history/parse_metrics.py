#!/usr/bin/python3
"""Parses a Prometheus text-format file with the Prometheus Python client's own parser (Debian's
python3-prometheus-client) and prints every sample as `name{label="value",...} value`, sorted,
one per line; exits 1 with the parser's message when the file does not follow the exposition
format, or when a family is not a gauge or has no HELP."""
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    lines = []
    try:
        for family in text_string_to_metric_families(text):
            if family.type != "gauge" or not family.documentation:
                print(f"{family.name}: type {family.type}, help {family.documentation!r}")
                return 1
            for s in family.samples:
                labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                lines.append(f"{s.name}{{{labels}}} {s.value!r}")
    except ValueError as e:
        print(f"not the exposition format: {e}")
        return 1
    print("\n".join(sorted(lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
