#!/usr/bin/python3
"""Opens a drsim HTML report in real headless Chromium and checks what a reader would get.

usage: check_html_in_chromium.py FILE.html OUT_DIR [name=count ...]
  * the page loads with no console message at all (script errors, blocked network loads and CSP
    violations are all console messages; a self-contained report produces none);
  * the DOM Chromium built holds the expected number of chart elements, e.g.
    timeline_bars=22 bars=12 grid_cells=15 timelines=3;
  * a full-page screenshot OUT_DIR/<name>.png is written and is a real image, not a blank page;
  * printing to PDF (the print CSS) gives OUT_DIR/<name>.pdf with several A4 pages.
Every Chromium run has a 60 s deadline, a fresh profile, and must leave no process behind.
"""
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--enable-logging=stderr", "--v=0", "--hide-scrollbars"]


def fail(msg):
    print("check_html_in_chromium: " + msg)
    sys.exit(1)


def leftover(profile):
    """PIDs of processes whose command line names our private profile directory."""
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if profile.encode() in f.read():
                    pids.append(int(pid))
        except OSError:
            pass
    return pids


def chromium(args):
    profile = tempfile.mkdtemp(prefix="drsim-chromium-")
    cmd = ["timeout", "-k", "5", "60", CHROMIUM, *FLAGS, "--user-data-dir=" + profile, *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=75)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own session: only what we started
        out, err = proc.communicate()
        fail("chromium did not finish within 60 s")
    finally:
        stray = leftover(profile)
        for pid in stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(profile, ignore_errors=True)
    if stray:
        fail("chromium left %d processes behind: %s" % (len(stray), stray))
    if proc.returncode != 0:
        fail("chromium exited with %d:\n%s" % (proc.returncode, err.decode(errors="replace")[-2000:]))
    console = [l for l in err.decode(errors="replace").splitlines() if ":CONSOLE" in l or "Uncaught" in l]
    if console:
        fail("console messages while loading the report:\n" + "\n".join(console))
    return out.decode(errors="replace")


class Counter(HTMLParser):
    """Counts the chart elements of the parsed DOM by tag and class."""

    def __init__(self):
        super().__init__()
        self.n = {"timelines": 0, "timeline_bars": 0, "bars": 0, "grid_cells": 0,
                  "grid_breached": 0, "tables": 0, "svgs": 0}
        self.in_timeline = False

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag == "svg":
            self.n["svgs"] += 1
            self.in_timeline = "timeline" in cls
            self.n["timelines"] += "timeline" in cls
        elif tag == "rect" and "bar" in cls:
            if self.in_timeline:
                self.n["timeline_bars"] += 1
            else:
                self.n["bars"] += 1
        elif tag == "use" and (dict(attrs).get("href") or "").startswith("#c-"):
            self.n["grid_cells"] += 1
            self.n["grid_breached"] += dict(attrs)["href"] == "#c-breached"
        elif tag == "table":
            self.n["tables"] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_timeline = False


def png_size(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        fail("%s is not a PNG" % path)
    width, height = struct.unpack(">II", data[16:24])
    return width, height, len(data)


def main():
    html, out_dir, expectations = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    url = "file://" + html
    dom = chromium(["--dump-dom", url])
    if "</html>" not in dom or "Compliance summary" not in dom:
        fail("the DOM Chromium built is incomplete (%d bytes)" % len(dom))
    counter = Counter()
    counter.feed(dom)
    for item in expectations:
        name, want = item.split("=")
        if counter.n.get(name) != int(want):
            fail("%s: %s in the DOM, expected %s (all counts: %s)" % (name, counter.n.get(name), want, counter.n))
    shot = os.path.join(out_dir, os.path.splitext(os.path.basename(html))[0] + ".png")
    if os.path.exists(shot):
        os.remove(shot)
    chromium(["--window-size=1200,1800", "--screenshot=" + shot, url])
    if not os.path.exists(shot):
        fail("no screenshot written")
    width, height, size = png_size(shot)
    # A blank white page of this size compresses to a few kB; a rendered report is far larger.
    if (width, height) != (1200, 1800) or size < 30000:
        fail("screenshot %s is %dx%d, %d bytes: looks blank" % (shot, width, height, size))
    pdf = os.path.splitext(shot)[0] + ".pdf"
    if os.path.exists(pdf):
        os.remove(pdf)
    chromium(["--no-pdf-header-footer", "--print-to-pdf=" + pdf, url])
    with open(pdf, "rb") as f:
        data = f.read()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if not data.startswith(b"%PDF") or pages < 2:
        fail("printing to PDF gave %d bytes, %d pages" % (len(data), pages))
    print("check_html_in_chromium: ok: %s; screenshot %s (%dx%d, %d bytes); PDF %d pages" %
          (counter.n, shot, width, height, size, pages))


if __name__ == "__main__":
    main()
