#!/usr/bin/python3
"""Opens a drsim HTML report in real headless Chromium and checks what a reader would get.

usage: check_html_in_chromium.py FILE.html OUT_DIR [name=value | name_max=value ...]
  * the page loads with no console message at all (script errors, blocked network loads and CSP
    violations are all console messages; a self-contained report produces none);
  * the DOM Chromium built holds the expected number of chart elements, e.g.
    timeline_bars=22 bars=12 grid_cells=15 timelines=3;
  * the layout in a 1200 x 1800 viewport, measured through the DevTools protocol (which may run
    script in the page; the page itself has none): scroll_width (1200 unless something overflows
    the page sideways), scroll_height, compliance_top and breaches_top (CSS px from the top of the
    page to those sections; -1 when absent), headings_in_order (scenario headings whose impact
    badge is drawn after the whole name, as written: a right-to-left override in a name must not
    pull the badge into it);
  * a screenshot of the first screen OUT_DIR/<name>.png is written and is a real image, not a
    blank page;
  * printing to PDF (the print CSS) gives OUT_DIR/<name>.pdf with several A4 pages; pdf_bytes and
    pdf_pages can be bounded like the counts, e.g. pdf_bytes_max=1000000.
`name=value` asks for exactly that value, `name_max=value` for at most that value.
Every Chromium run has a 60 s deadline, a fresh profile, and must leave no process behind.
"""
import json
import os
import re
import select
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


def chromium(args, talk=None):
    """Runs Chromium with `args`; with `talk`, also opens the DevTools pipe (fds 3 and 4) and
    calls talk(DevTools) while it runs, then closes the browser."""
    profile = tempfile.mkdtemp(prefix="drsim-chromium-")
    cmd = ["timeout", "-k", "5", "60", CHROMIUM, *FLAGS, "--user-data-dir=" + profile, *args]
    pipes, ends, keep, child_setup = [], [], (), None
    if talk:
        to_chromium, from_chromium = os.pipe(), os.pipe()
        pipes, ends, keep = [to_chromium[1], from_chromium[0]], [to_chromium[0], from_chromium[1]], (3, 4)
        cmd.insert(5, "--remote-debugging-pipe")

        def child_setup():  # Chromium reads fd 3 and writes fd 4
            high = [os.dup(fd) for fd in ends]  # above 4, so the next dup2 cannot clobber one
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, pass_fds=keep, preexec_fn=child_setup)
    for fd in ends:
        os.close(fd)
    result = None
    try:
        if talk:
            devtools = DevTools(*pipes)
            result = talk(devtools)
            devtools.session = None
            devtools.send("Browser.close")
        out, err = proc.communicate(timeout=75)
    except (subprocess.TimeoutExpired, TimeoutError):
        os.killpg(proc.pid, signal.SIGKILL)  # our own session: only what we started
        out, err = proc.communicate()
        fail("chromium did not finish within 60 s")
    finally:
        for fd in pipes:
            os.close(fd)
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
    return result if talk else out.decode(errors="replace")


class DevTools:
    """The DevTools protocol over --remote-debugging-pipe: JSON messages ended by a NUL byte."""

    def __init__(self, write_fd, read_fd):
        self.write_fd, self.read_fd, self.buf, self.next_id = write_fd, read_fd, b"", 0
        self.session = None

    def send(self, method, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def receive(self):
        while b"\0" not in self.buf:
            if not select.select([self.read_fd], [], [], 60)[0]:
                raise TimeoutError()
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                fail("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, **params):
        want = self.send(method, **params)
        while True:
            msg = self.receive()
            if msg.get("id") == want:
                if "error" in msg:
                    fail("%s: %s" % (method, msg["error"]))
                return msg["result"]

    def open(self, url, width, height):
        """Loads `url` in a new page of width x height CSS px and waits for its load event."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.send("Page.navigate", url=url)
        while self.receive().get("method") != "Page.loadEventFired":
            pass

    def value(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["value"]


LAYOUT = """(() => {
  const top = id => {
    const e = document.getElementById(id);
    return e ? Math.round(e.getBoundingClientRect().top + scrollY) : -1;
  };
  // Every box of the name (the heading up to its badge) ends left of the badge or on a line above.
  const in_order = h => {
    const badge = h.querySelector(".impact"), name = document.createRange();
    if (!badge) return false;
    name.setStartBefore(h.firstChild);
    name.setEndBefore(badge);
    const b = badge.getBoundingClientRect();
    return [...name.getClientRects()].every(r => r.right <= b.left + 1 || r.bottom <= b.top + 1);
  };
  return JSON.stringify({
    scroll_width: document.documentElement.scrollWidth,
    scroll_height: document.documentElement.scrollHeight,
    compliance_top: top("compliance"),
    breaches_top: top("breaches"),
    headings_in_order: [...document.querySelectorAll("section.scenario > h2")].filter(in_order).length});
})()"""


def layout(url):
    """Measures the page as laid out in a 1200 x 1800 viewport."""
    def talk(devtools):
        devtools.open(url, 1200, 1800)
        return json.loads(devtools.value(LAYOUT))
    return chromium(["about:blank"], talk)


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
    found = dict(counter.n)
    found.update(layout(url))
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
    found.update(pdf_bytes=len(data), pdf_pages=pages)
    for item in expectations:
        name, want = item.split("=")
        at_most = name.endswith("_max")
        got = found.get(name[:-4] if at_most else name)
        if got is None or (got > int(want) if at_most else got != int(want)):
            fail("%s: %s, expected %s%s (all values: %s)" %
                 (name, got, "at most " if at_most else "", want, found))
    print("check_html_in_chromium: ok: %s; screenshot %s (%dx%d, %d bytes); PDF %s" %
          (found, shot, width, height, size, pdf))


if __name__ == "__main__":
    main()
