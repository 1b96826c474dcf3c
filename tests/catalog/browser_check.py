#!/usr/bin/env python3
"""tests/catalog/browser_check.py: opens the feature catalog page in a real headless browser.

Writes the page of a sample graph with make_catalog (tests/catalog/make_catalog.cpp), twice: once
with the graph drawn as SVG by Graphviz's dot (when installed) and once as DOT text. Then, in
Chromium driven by chromedriver over the W3C WebDriver HTTP protocol (standard library only),
checks on each page that:
  - it loads from file:// with no console error (the browser log, goog:loggingPrefs);
  - typing in the search box filters the sections (by name, tag, type, several words);
  - clicking an upstream link goes to that value's section (location.hash), even when the search
    had hidden it, and even when the value's name has spaces and parentheses; a downstream link
    too; clicking a value in the SVG picture goes to its section;
  - the doc that tries to run a script did not run it;
  - the SVG picture fits the window's width (a wide window and a narrow one), its zoom controls
    (buttons, Ctrl+wheel, keyboard) change its scale and pan it, and no node's label reaches past its
    box, even in a font much wider than the one dot measured.

  browser_check.py --make-catalog PATH --chromium PATH --chromedriver PATH [--work-dir DIR]

Exits 0 when every check passes, 1 with the failed check otherwise, and 77 (ctest's
SKIP_RETURN_CODE for this test), after a line starting "hamilton test skipped: " that says why,
when chromedriver or Chromium cannot start a session on this machine (a container without the
kernel features Chromium needs, a chromedriver of another version than Chromium, ...): that is
the environment, not the page.
"""

import argparse
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SKIPPED = 77  # the test's SKIP_RETURN_CODE in tests/CMakeLists.txt
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference
BACKSPACE = "\ue003"

# The values of make_catalog's sample graph under its config (source=const), as their anchors
# spell them after "node-".
ALL = sorted(["weekly_budget", "signups", "scale", "raw_spend", "spend_mean", "spend_zero_mean",
              "spend_per_signup", "signups_total", "weekly~20signups~20~28mean~29", "signups_growing"])


class CheckFailed(Exception):
    pass


class BrowserDidNotStart(Exception):
    """chromedriver or Chromium could not start a session: the machine, not the page, is at fault."""


def check(condition, what):
    if not condition:
        raise CheckFailed(what)


class WebDriver:
    """The few WebDriver commands the checks need, as plain HTTP calls to chromedriver."""

    def __init__(self, chromedriver, chromium, work_dir):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log_path = work_dir / "chromedriver.log"
        self.log = open(self.log_path, "w")
        # Chromium writes its settings and caches under HOME and the XDG folders: in the work
        # folder, so that a container's HOME that is unset or read-only does not stop it.
        env = dict(os.environ, HOME=str(work_dir), XDG_CONFIG_HOME=str(work_dir / "config"),
                   XDG_CACHE_HOME=str(work_dir / "cache"))
        # --verbose: the log then holds Chromium's own output, which says why it did not start.
        self.process = subprocess.Popen([chromedriver, f"--port={self.port}", "--verbose"], stdout=self.log,
                                        stderr=subprocess.STDOUT, env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        self.session = None
        try:
            self.start_session(chromium, work_dir)
        except BaseException:
            self.close()  # chromedriver must not outlive a failed start
            raise

    def start_session(self, chromium, work_dir):
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.request("GET", "/status").get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise BrowserDidNotStart(f"chromedriver did not start{self.log_tail()}")
            time.sleep(0.1)
        profile = work_dir / "profile"
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": str(chromium),
                # --no-sandbox: as root (CI, containers) Chromium's sandbox refuses to start, and
                # a container may lack the user namespaces it needs. --disable-dev-shm-usage: a
                # container's /dev/shm is often 64 MB or missing; shared memory goes to /tmp.
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--no-default-browser-check", "--disable-crash-reporter",
                         f"--user-data-dir={profile}", "--window-size=1280,900"],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        }
        try:
            answer = self.request("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        except (CheckFailed, OSError) as e:  # OSError: no answer within the request's timeout
            raise BrowserDidNotStart(f"{e}{self.log_tail()}") from None
        self.session = answer["sessionId"]

    def log_tail(self):
        """The last lines chromedriver logged, to say why it or Chromium did not start."""
        self.log.flush()
        lines = [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]
        return "".join(f"\n  {line}" for line in lines[-8:]) + f"\n(chromedriver's log: {self.log_path})"

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            try:
                value = json.loads(detail)["value"]
                detail = f"{value.get('error')}: {value.get('message', '').splitlines()[0]}"
            except (ValueError, KeyError, IndexError, AttributeError):
                pass
            raise CheckFailed(f"WebDriver {method} {path} failed: {detail}") from None

    def command(self, method, path, body=None):
        return self.request(method, f"/session/{self.session}{path}", body)

    def go(self, url):
        self.command("POST", "/url", {"url": url})

    def script(self, source, *args):
        return self.command("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find(self, css):
        return self.command("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in self.command("POST", "/elements", {"using": "css selector", "value": css})]

    def displayed(self, element):
        return self.command("GET", f"/element/{element}/displayed")

    def type(self, element, text):
        self.command("POST", f"/element/{element}/value", {"text": text})

    def click(self, element):
        self.command("POST", f"/element/{element}/click", {})

    def browser_log(self):
        # chromedriver serves the legacy log command under /se/log in W3C mode.
        return self.command("POST", "/se/log", {"type": "browser"})

    def close(self):
        try:
            if self.session:
                self.command("DELETE", "")
        except CheckFailed:
            pass
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.log.close()


def wait_for(condition, what, timeout=5.0):
    """Polls `condition` until it holds; `what` (a string, or a function giving one) says what failed."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(0.05)


def visible_values(wd):
    """The names of the sections the page shows (sorted), read through WebDriver's visibility check."""
    shown = []
    for element in wd.find_all("article.value"):
        if wd.displayed(element):
            anchor = wd.command("GET", f"/element/{element}/attribute/id")
            shown.append(anchor[len("node-"):])
    return sorted(shown)


def console_errors(wd):
    return [f"{e.get('level')}: {e.get('message')}" for e in wd.browser_log() if e.get("level") == "SEVERE"]


def search(wd, box, text):
    """Replaces the search box's text by typing, as a user would."""
    current = wd.script("return arguments[0].value;", {ELEMENT: box})
    wd.type(box, BACKSPACE * len(current) + text)


def check_page(wd, page, drawn):
    wd.go(page.as_uri())
    wait_for(lambda: wd.script("return document.readyState;") == "complete", "the page to load")
    errors = console_errors(wd)
    check(not errors, f"{page.name}: console errors on load: {errors}")
    check(wd.script("return document.title;") == "Marketing features", f"{page.name}: title")

    check(visible_values(wd) == ALL, f"{page.name}: before any search, every value shows: {visible_values(wd)}")
    status = wd.find("#search-status")
    box = wd.find("#search")

    expectations = [
        ("zero", ["spend_zero_mean"]),                                            # a name
        ("owner=finance", ["spend_per_signup", "signups_total"]),                 # a tag
        ("vector", ["signups", "raw_spend", "spend_zero_mean", "spend_per_signup"]),  # a type
        ("growth mean", ["spend_mean", "spend_zero_mean"]),                       # every word must match
        ("constant budget", []),                                                  # nothing
        ("same budget", ["raw_spend"]),                                           # a doc
        ("signups (MEAN)", ["weekly~20signups~20~28mean~29"]),                    # any case, any character
    ]
    for text, expected in expectations:
        expected = sorted(expected)
        search(wd, box, text)
        wait_for(lambda: visible_values(wd) == expected,
                 lambda: f"{page.name}: search {text!r} to show {expected} (shows {visible_values(wd)})")
        check(wd.displayed(wd.find("#no-match")) == (not expected), f"{page.name}: 'no match' note for {text!r}")
        status_text = wd.command("GET", f"/element/{status}/text")
        check(status_text == f"Showing {len(expected)} of {len(ALL)} values.",
              f"{page.name}: status after {text!r}: {status_text!r}")

    # An upstream link to a section the search hides: the link still leads there.
    search(wd, box, "zero")
    wait_for(lambda: visible_values(wd) == ["spend_zero_mean"], f"{page.name}: search 'zero'")
    link = wd.find('#node-spend_zero_mean a.upstream[href="#node-spend_mean"]')
    wd.click(link)
    wait_for(lambda: wd.script("return location.hash;") == "#node-spend_mean",
             f"{page.name}: the upstream link to set location.hash to #node-spend_mean")
    target = wd.find("#node-spend_mean")
    wait_for(lambda: wd.displayed(target), f"{page.name}: spend_mean's section to show after the link")
    check(wd.script("return arguments[0].value;", {ELEMENT: box}) == "", f"{page.name}: the link cleared the search")
    in_view = wd.script("var r = arguments[0].getBoundingClientRect();"
                        "return r.top < window.innerHeight && r.bottom > 0;", {ELEMENT: target})
    check(in_view, f"{page.name}: spend_mean's section is scrolled into view")
    check(wd.script("return document.querySelector(':target') === arguments[0];", {ELEMENT: target}),
          f"{page.name}: spend_mean's section is the :target")

    # A link to a value whose name has spaces and parentheses: its anchor spells them as ~hex.
    odd = "#node-weekly~20signups~20~28mean~29"
    wd.click(wd.find(f'#node-signups_growing a.upstream[href="{odd}"]'))
    wait_for(lambda: wd.script("return location.hash;") == odd, f"{page.name}: the link to {odd}")
    check(wd.script("return document.querySelector(':target').id;") == odd[1:], f"{page.name}: {odd} is the :target")

    # A downstream link, with every section shown.
    wd.click(wd.find('#node-spend_mean a.downstream[href="#node-spend_zero_mean"]'))
    wait_for(lambda: wd.script("return location.hash;") == "#node-spend_zero_mean",
             f"{page.name}: the downstream link to set location.hash")

    note = wd.find("#graph-note")
    drawing = wd.command("GET", f"/element/{note}/attribute/data-drawing")
    check(drawing == ("svg" if drawn else "dot"), f"{page.name}: the graph is drawn as {drawing}")
    if drawn:
        node = wd.script("return Array.prototype.find.call(document.querySelectorAll('.picture g.node'),"
                         " function (g) { return g.querySelector('title').textContent === 'signups'; });")
        check(isinstance(node, dict) and ELEMENT in node, f"{page.name}: the picture has the value signups")
        wd.click(node[ELEMENT])
        wait_for(lambda: wd.script("return location.hash;") == "#node-signups",
                 f"{page.name}: clicking signups in the picture to go to its section")
    else:
        check(wd.displayed(wd.find("pre.dot")), f"{page.name}: the DOT text shows")

    check(wd.script("return window.pwned === undefined;"), f"{page.name}: a doc's script ran")
    errors = console_errors(wd)
    check(not errors, f"{page.name}: console errors while using the page: {errors}")


PICTURE_BOX = ("var r = document.querySelector('.picture svg').getBoundingClientRect();"
               "return {left: r.left, right: r.right, width: r.width, viewport: document.documentElement.clientWidth,"
               " scrolls: document.documentElement.scrollWidth};")

NODE_WIDTH = ("var name = arguments[0];"
              "var g = Array.prototype.find.call(document.querySelectorAll('.picture g.node'),"
              " function (g) { return g.querySelector('title').textContent === name; });"
              "return g.getBoundingClientRect().width;")


def load(wd, page):
    wd.go(page.as_uri())
    wait_for(lambda: wd.script("return document.readyState;") == "complete", f"{page.name} to load")


def check_picture_fits_width(wd, page):
    """The graph is drawn no wider than the window, in a wide window and in a narrow one (where dot's
    picture, some 900 points wide, would not fit), and the page never scrolls sideways."""
    try:
        for width in (1280, 480):
            wd.command("POST", "/window/rect", {"width": width, "height": 900})
            load(wd, page)
            box = wd.script(PICTURE_BOX)
            check(box["left"] >= 0 and box["right"] <= box["viewport"] + 0.5,
                  f"{page.name}: at {width}px the graph spans {box['left']:.0f}..{box['right']:.0f}, past the "
                  f"viewport's {box['viewport']}px")
            check(box["width"] >= 0.5 * box["viewport"], f"{page.name}: at {width}px the graph is only {box['width']:.0f}px wide")
            check(box["scrolls"] <= box["viewport"], f"{page.name}: at {width}px the page scrolls sideways "
                                                     f"({box['scrolls']}px of {box['viewport']}px)")
    finally:
        wd.command("POST", "/window/rect", {"width": 1280, "height": 900})


def check_zoom(wd, page):
    """The buttons, Ctrl+wheel and the keyboard change the graph's scale; panning moves it; the
    picture stays within the page's width while zoomed."""
    load(wd, page)
    scale = lambda: float(wd.script("return document.querySelector('.picture').getAttribute('data-scale');"))
    level = lambda: wd.script("return document.getElementById('zoom-level').textContent;")
    view_x = lambda: wd.script("return document.querySelector('.picture svg').viewBox.baseVal.x;")
    check(scale() == 1.0 and level() == "100%", f"{page.name}: the graph starts fitted ({scale()}, {level()})")
    before = wd.script(NODE_WIDTH, "signups")
    wd.click(wd.find("#zoom-in"))
    after = wd.script(NODE_WIDTH, "signups")
    check(scale() == 1.25 and level() == "125%", f"{page.name}: zoom in gives scale {scale()}, {level()}")
    check(abs(after / before - 1.25) < 0.02, f"{page.name}: zoom in draws signups {after:.1f}px wide, was {before:.1f}px")
    box = wd.script(PICTURE_BOX)
    check(box["right"] <= box["viewport"] + 0.5, f"{page.name}: zoomed, the graph reaches past the viewport")
    wd.click(wd.find("#zoom-out"))
    check(scale() == 1.0, f"{page.name}: zoom out goes back to {scale()}")

    wd.script("var f = document.querySelector('.picture'), r = f.getBoundingClientRect();"
              "f.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, ctrlKey: true, bubbles: true, cancelable: true,"
              " clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));")
    check(scale() == 1.25, f"{page.name}: Ctrl+wheel up gives scale {scale()}")
    wd.script("var f = document.querySelector('.picture');"
              "f.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, bubbles: true, cancelable: true}));")
    check(scale() == 1.25, f"{page.name}: a wheel without Ctrl zoomed ({scale()})")

    key = ("document.querySelector('.picture').dispatchEvent(new KeyboardEvent('keydown',"
           " {key: arguments[0], bubbles: true, cancelable: true}));")
    x = view_x()
    wd.script(key, "ArrowRight")
    check(view_x() > x, f"{page.name}: the right arrow pans right ({x} -> {view_x()})")
    wd.script(key, "+")
    check(abs(scale() - 1.5625) < 1e-3, f"{page.name}: + zooms in ({scale()})")
    wd.script(key, "0")
    check(scale() == 1.0, f"{page.name}: 0 fits the graph again ({scale()})")
    wd.click(wd.find("#zoom-in"))
    wd.click(wd.find("#zoom-fit"))
    check(scale() == 1.0 and level() == "100%", f"{page.name}: Fit gives {scale()}, {level()}")


def labels_cut(wd):
    """The nodes whose label reaches past their box, with the overhang in pixels."""
    return wd.script("""
        var cut = [];
        Array.prototype.forEach.call(document.querySelectorAll('.picture g.node'), function (g) {
          var shape = g.querySelector('polygon, path, ellipse, rect').getBoundingClientRect();
          Array.prototype.forEach.call(g.querySelectorAll('text'), function (t) {
            var r = t.getBoundingClientRect();
            var over = Math.max(shape.left - r.left, r.right - shape.right);
            if (over > 0.5) cut.push(g.querySelector('title').textContent + ' by ' + over.toFixed(1) + 'px');
          });
        });
        return cut;""")


def check_labels_fit(wd, page, work_dir):
    """No node's label is cut, also where the browser's font is much wider than the one dot measured
    (a copy of the page that draws the labels in a wide monospace font)."""
    load(wd, page)
    cut = labels_cut(wd)
    check(not cut, f"{page.name}: labels cut: {cut}")
    wide = work_dir / ("wide-font-" + page.name)
    wide.write_text(page.read_text().replace(
        "</head>", "<style>.picture text { font-family: monospace !important; letter-spacing: 2px; }</style></head>", 1))
    load(wd, wide)
    cut = labels_cut(wd)
    check(not cut, f"{wide.name}: labels cut: {cut}")
    box = wd.script(PICTURE_BOX)
    check(box["right"] <= box["viewport"] + 0.5, f"{wide.name}: the widened graph reaches past the viewport")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--make-catalog", required=True, type=pathlib.Path)
    parser.add_argument("--chromium", required=True, type=pathlib.Path)
    parser.add_argument("--chromedriver", required=True, type=pathlib.Path)
    parser.add_argument("--work-dir", type=pathlib.Path,
                        help="emptied first, and kept after the run with its pages and chromedriver's log")
    args = parser.parse_args()

    work_dir = args.work_dir or pathlib.Path(tempfile.mkdtemp(prefix="hamilton_catalog_browser_"))
    if work_dir.exists():
        shutil.rmtree(work_dir)
    work_dir.mkdir(parents=True)
    drawn = shutil.which("dot") is not None
    pages = [(work_dir / "catalog.html", drawn), (work_dir / "catalog-dot-text.html", False)]
    for page, with_svg in pages:
        command = [str(args.make_catalog), str(page)] + ([] if with_svg else ["--no-dot"])
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"FAILED: {' '.join(command)}: {result.stderr.strip()}", file=sys.stderr)
            return 1

    wd = None
    try:
        wd = WebDriver(args.chromedriver, args.chromium, work_dir)
        for page, with_svg in pages:
            check_page(wd, page, with_svg)
            if with_svg:
                check_picture_fits_width(wd, page)
                check_zoom(wd, page)
                check_labels_fit(wd, page, work_dir)
            print(f"ok: {page.name} ({'SVG picture' if with_svg else 'DOT text'})")
    except BrowserDidNotStart as e:
        print(f"hamilton test skipped: Chromium could not start a WebDriver session on this machine, so the "
              f"catalog page was not checked in a browser: {e}")
        return SKIPPED
    except CheckFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        if wd:
            wd.close()
        if not args.work_dir:
            shutil.rmtree(work_dir, ignore_errors=True)
    if not drawn:
        print("note: Graphviz's dot is not installed, so the SVG picture was not checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
