#!/usr/bin/python3
"""Checks that a drsim JUnit report is well-formed XML with the usual JUnit structure.

usage: check_junit.py FILE TESTS FAILURES SKIPPED
The structure checked is what Jenkins, GitLab and GitHub test reporters read: <testsuites> with
tests/failures/errors/skipped totals, <testsuite name tests failures errors skipped> whose counts
match their <testcase classname name> children, <failure message=...> on breached objectives,
<skipped/> on missing policies and not-applicable objectives.
"""
import re
import sys
import xml.etree.ElementTree as ET


def fail(msg):
    print("check_junit: " + msg)
    sys.exit(1)


def main():
    path, tests, failures, skipped = sys.argv[1], *map(int, sys.argv[2:5])
    root = ET.parse(path).getroot()  # raises (exit 1) if not well-formed
    if root.tag != "testsuites":
        fail("root element is <%s>, expected <testsuites>" % root.tag)
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root:
        if suite.tag != "testsuite":
            fail("unexpected <%s> under <testsuites>" % suite.tag)
        for attr in ("name", "tests", "failures", "errors", "skipped"):
            if attr not in suite.attrib:
                fail("testsuite without %s" % attr)
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counted.items():
            if int(suite.get(key)) != value:
                fail("testsuite %s: %s=%s but holds %d" % (suite.get("name"), key, suite.get(key), value))
            totals[key] += value
        for case in cases:
            if case.get("classname") != suite.get("name"):
                fail("testcase classname %r differs from its suite %r" % (case.get("classname"), suite.get("name")))
            if not re.fullmatch(r".+ (rto|rpo)", case.get("name", "")):
                fail("testcase name %r is not '<service> <rto|rpo>'" % case.get("name"))
            failure = case.find("failure")
            if failure is not None and not re.search(r"(exceeds target|not recovered|no usable recovery point)", failure.get("message", "")):
                fail("failure message %r does not state achieved and target" % failure.get("message"))
    for key, value in totals.items():
        if int(root.get(key)) != value:
            fail("testsuites %s=%s but suites hold %d" % (key, root.get(key), value))
    expected = {"tests": tests, "failures": failures, "skipped": skipped}
    if totals != expected:
        fail("counts %s, expected %s" % (totals, expected))
    print("check_junit: ok: %d suites, %s" % (len(root), totals))


if __name__ == "__main__":
    main()
