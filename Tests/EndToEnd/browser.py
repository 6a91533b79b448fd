"""A real-browser harness for the HTML reports' tests: headless Chromium renders a report to a PNG,
measures its layout on screen or as printed, and prints it to PDF; poppler's pdfinfo and pdftotext
read the PDF back; html5lib parses the HTML strictly; and plain string functions look for anything
the report would fetch from outside itself.

It needs Chromium (Debian's `chromium-headless-shell`, else `chromium`), poppler-utils (pdfinfo,
pdftotext), the DejaVu and Liberation fonts (Vietnamese glyphs) and the `html5lib` Python package:
`tools/setup --tests` installs them. `$AUDITLOG_CHROMIUM` names another Chromium binary.

The network stays off, by two barriers that each hold alone (test_browser_harness.py checks both
against a server on loopback): every Chromium run sends all traffic, loopback included
(`--proxy-bypass-list=<-loopback>`), to a proxy at 127.0.0.1:9, where nothing listens, and resolves
no host, not even an address literal (`--host-resolver-rules=MAP * ~NOTFOUND`). Each run has a
throwaway profile (`--user-data-dir` in a temporary directory), no background services, and a
timeout after which its whole process group is killed. A page can still read local files through
file: URLs, which is why `external_references` exists.
"""
import array
import html
import itertools
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

#: Seconds one Chromium, pdfinfo or pdftotext run may take before it is killed.
TIMEOUT = 60

#: Milliseconds of virtual time Chromium gives a page (load, fonts, the layout script) before it
#: dumps the DOM or prints.
VIRTUAL_TIME_BUDGET_MS = 5000

#: A channel at or above this value is "near white": a pixel is ink when any of R, G, B is below it.
NEAR_WHITE = 240

_DEBIAN_PATHS = (
    "/usr/lib/chromium/chromium-headless-shell",  # chromium-headless-shell (also /usr/bin's link)
    "/usr/lib/chromium/chromium",  # chromium
)


class BrowserError(RuntimeError):
    """Chromium or a poppler tool is missing, failed, timed out or wrote nothing."""


# --- Chromium ------------------------------------------------------------------------------------


def chromium_path() -> str:
    """The Chromium binary: `$AUDITLOG_CHROMIUM`, else `chromium-headless-shell`, `chromium` or
    `google-chrome` on PATH, else Debian's install paths. Raises BrowserError when there is none
    (a missing browser is a broken machine, not a reason to skip: tools/setup --tests installs it)."""
    env = os.environ.get("AUDITLOG_CHROMIUM")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise BrowserError(f"$AUDITLOG_CHROMIUM={env} is not an executable file")
    for name in ("chromium-headless-shell", "chromium", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _DEBIAN_PATHS:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise BrowserError("no Chromium found (chromium-headless-shell, chromium, google-chrome): "
                       "run tools/setup --tests, or set AUDITLOG_CHROMIUM")


def chromium_flags(user_data_dir) -> list:
    """The flags of every run: headless, no GPU, no first-run or background services, hidden
    scrollbars, the given throwaway profile, and the network off (see the module's docstring)."""
    flags = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--mute-audio",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        f"--user-data-dir={user_data_dir}",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return flags


def _run(argv, timeout=TIMEOUT) -> subprocess.CompletedProcess:
    """Runs a command in its own process group, killing the whole group (Chromium's renderer and
    GPU processes too) when it overruns `timeout`; raises BrowserError on a non-zero exit."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise BrowserError(f"timed out after {timeout} s: {' '.join(map(str, argv))}") from None
    if proc.returncode != 0:
        raise BrowserError(f"exit {proc.returncode}: {' '.join(map(str, argv))}\n"
                           f"{err.decode(errors='replace')[-4000:]}")
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def run_chromium(url: str, *args, timeout=TIMEOUT) -> subprocess.CompletedProcess:
    """Runs Chromium once on `url` with the common flags, a fresh profile and the given extra
    flags; its stdout is in the result (for --dump-dom)."""
    with tempfile.TemporaryDirectory(prefix="auditlog-chromium-") as profile:
        return _run([chromium_path(), *chromium_flags(profile), *args, url], timeout=timeout)


def _url(html_path) -> str:
    return Path(html_path).resolve().as_uri()


def screenshot(html_path, width: int, height: int) -> bytes:
    """A PNG of the page at `html_path` in a width x height window (Chromium's --screenshot)."""
    with tempfile.TemporaryDirectory(prefix="auditlog-shot-") as directory:
        out = Path(directory) / "shot.png"
        run_chromium(_url(html_path), f"--screenshot={out}", f"--window-size={int(width)},{int(height)}",
                     f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}")
        if not out.is_file() or out.stat().st_size == 0:
            raise BrowserError(f"Chromium wrote no screenshot of {html_path}")
        return out.read_bytes()


# --- PNG -----------------------------------------------------------------------------------------


def _swar_add(a: bytes, b: bytes) -> bytes:
    """Bytewise (a + b) mod 256 over two equal-length byte strings, with big-integer arithmetic
    that keeps each byte's carry out of its neighbour."""
    n = len(a)
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    low, high = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
    return (((x & low) + (y & low)) ^ ((x ^ y) & high)).to_bytes(n, "big")


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> bytearray:
    """The pixel bytes of a non-interlaced 8-bit image from its decompressed scanlines: each line
    is a filter-type byte (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) and `width * bpp` bytes."""
    stride = width * bpp
    if len(raw) < height * (stride + 1):
        raise ValueError(f"PNG data too short: {len(raw)} bytes for {height} lines of {stride + 1}")
    out = bytearray(height * stride)
    prev = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = raw[start + 1:start + 1 + stride]
        if kind == 0:
            cur = line
        elif kind == 1:
            cur = bytearray(stride)
            for c in range(bpp):  # a running sum per channel, modulo 256
                cur[c::bpp] = bytes(map((0xFF).__and__, itertools.accumulate(line[c::bpp])))
        elif kind == 2:
            cur = _swar_add(line, prev)
        elif kind == 3:
            cur = bytearray(stride)
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                cur[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            cur = bytearray(stride)
            for i in range(stride):
                if i >= bpp:
                    a, c = cur[i - bpp], prev[i - bpp]
                else:
                    a = c = 0
                b = prev[i]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (line[i] + pred) & 0xFF
        else:
            raise ValueError(f"PNG line {y}: unknown filter type {kind}")
        out[y * stride:(y + 1) * stride] = cur
        prev = bytes(cur)
    return out


def png_pixels(png: bytes):
    """(width, height, channels, pixel bytes) of an 8-bit RGB (3 channels) or RGBA (4) non-interlaced
    PNG, decoded here with zlib; raises ValueError on any other PNG (palette, grey, 16-bit,
    interlaced) or on a damaged one."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, header, idat = 8, None, []
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if len(body) != length:
            raise ValueError(f"PNG chunk {kind!r} truncated")
        if zlib.crc32(kind + body) != struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0]:
            raise ValueError(f"PNG chunk {kind!r}: bad CRC")
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None or not idat:
        raise ValueError("PNG without IHDR or IDAT")
    width, height, depth, colour, compression, filtering, interlace = header
    if depth != 8 or colour not in (2, 6):
        raise ValueError(f"unsupported PNG: bit depth {depth}, colour type {colour} (want 8-bit RGB or RGBA)")
    if compression != 0 or filtering != 0:
        raise ValueError(f"unsupported PNG: compression {compression}, filter method {filtering}")
    if interlace != 0:
        raise ValueError("unsupported PNG: interlaced")
    channels = 3 if colour == 2 else 4
    pixels = _unfilter(zlib.decompress(b"".join(idat)), width, height, channels)
    return width, height, channels, pixels


def png_stats(png: bytes) -> dict:
    """`width`, `height`, `distinct_colours` (distinct RGBA values) and `ink_fraction` (the share of
    pixels that are not near-white: some R, G or B below NEAR_WHITE, and alpha at least 16, as a
    nearly transparent pixel shows the white paper) of an 8-bit RGB or RGBA PNG."""
    width, height, channels, pixels = png_pixels(png)
    count = width * height
    if count == 0:
        return {"width": width, "height": height, "distinct_colours": 0, "ink_fraction": 0.0}
    rgba = bytearray(count * 4)
    for c in range(channels):
        rgba[c::4] = pixels[c::channels]
    if channels == 3:
        rgba[3::4] = b"\xff" * count
    distinct = len(set(array.array("I", bytes(rgba))))
    dark = bytes(1 if v < NEAR_WHITE else 0 for v in range(256))
    opaque = bytes(1 if v >= 16 else 0 for v in range(256))
    ink_mask = 0
    for c in range(3):
        ink_mask |= int.from_bytes(bytes(rgba[c::4]).translate(dark), "big")
    ink_mask &= int.from_bytes(bytes(rgba[3::4]).translate(opaque), "big")
    ink = bin(ink_mask).count("1")
    return {"width": width, "height": height, "distinct_colours": distinct, "ink_fraction": ink / count}


def is_blank(png: bytes, min_ink: float = 0.0) -> bool:
    """Whether a PNG shows nothing: one colour only, or no more ink than `min_ink` (by default: not
    one pixel away from near-white)."""
    stats = png_stats(png)
    return stats["distinct_colours"] <= 1 or stats["ink_fraction"] <= min_ink


# --- Layout --------------------------------------------------------------------------------------

_RESULT_ID = "__auditlog_layout_result"
_SCRIPT_ID = "__auditlog_layout_script"

#: Measures the laid-out page once it has loaded and its fonts are ready, and writes the result as
#: JSON into a <pre> for --dump-dom.
_LAYOUT_SCRIPT = """
(function () {
  function describe(el) {
    var shown = typeof el.innerText === "string" ? el.innerText : el.textContent;  // innerText: no script text
    var text = (shown || "").replace(/\\s+/g, " ").trim();
    return {
      tag: el.tagName.toLowerCase(),
      "class": el.getAttribute("class") || "",
      id: el.id || "",
      text: text.length > 80 ? text.slice(0, 80) + "\\u2026" : text,
      right: Math.round(el.getBoundingClientRect().right * 10) / 10,
      scroll_width: el.scrollWidth,
      client_width: el.clientWidth
    };
  }
  function scrolls(style) {
    return /^(auto|scroll)$/.test(style.overflowX);
  }
  function measure() {
    var root = document.documentElement;
    var viewport = window.innerWidth;
    var overflowing = [], scrollers = [];
    var all = root.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (el.id === "%(result)s" || el.id === "%(script)s") continue;
      var style = getComputedStyle(el);
      if (style.display === "none") continue;
      var rect = el.getBoundingClientRect();
      var reasons = [];
      if (rect.right > viewport + 0.5) reasons.push("right-edge");
      if (style.overflowX === "visible" && el.scrollWidth > el.clientWidth + 1
          && el !== root && el.clientWidth > 0) reasons.push("scroll-width");
      var within = null;
      for (var up = el.parentElement; up && up !== root && up !== document.body; up = up.parentElement) {
        if (scrolls(getComputedStyle(up))) { within = up; break; }
      }
      if (scrolls(style) && el !== root && el !== document.body && el.scrollWidth > el.clientWidth + 1) {
        var self = describe(el);
        self.reasons = ["scrolls"];
        self.within = null;
        scrollers.push(self);
      }
      if (!reasons.length) continue;
      var entry = describe(el);
      entry.reasons = reasons;
      if (within) {
        var w = describe(within);
        entry.within = w.tag + (w.id ? "#" + w.id : "") + (w["class"] ? "." + w["class"].split(/\\s+/).join(".") : "");
        scrollers.push(entry);
      } else {
        overflowing.push(entry);
      }
    }
    var result = {
      viewport_width: viewport,
      client_width: root.clientWidth,
      scroll_width: root.scrollWidth,
      overflowing: overflowing,
      scrollers: scrollers
    };
    var pre = document.createElement("pre");
    pre.id = "%(result)s";
    pre.textContent = JSON.stringify(result);
    (document.body || root).appendChild(pre);
  }
  function start() {
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(measure, measure);
    else measure();
  }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
})();
""" % {"result": _RESULT_ID, "script": _SCRIPT_ID}


def _print_query(query: str) -> str:
    """One media query (of a comma-separated list) rewritten so that it matches on screen exactly
    when it would match in print: `print` becomes `all`, a query for `screen` (or any other type)
    never matches, `not screen` always does."""
    q = query.strip()
    if re.match(r"(?i)(not\s*)?\(", q):
        return q  # a bare condition, e.g. (min-width: 40em): the same on screen and in print
    m = re.match(r"(?i)(only\s+|not\s+)?([a-z-]+)\b(.*)$", q, re.DOTALL)
    if not m:
        return q
    prefix, kind, rest = (m.group(1) or "").strip().lower(), m.group(2).lower(), m.group(3)
    if kind in ("all", "print"):
        return f"{prefix + ' ' if prefix else ''}all{rest}"
    if prefix == "not":
        return "all"  # not (screen and ...) holds in print whatever follows
    return "not all"


def _print_media_list(media: str) -> str:
    return ", ".join(_print_query(q) for q in media.split(","))


def _as_printed(html_text: str) -> str:
    """The HTML with its style sheets and <style media> attributes rewritten so that the rules for
    print apply on screen and the rules for screen do not (see _print_query)."""
    def sheet(css: str) -> str:
        return re.sub(r"(?i)@media\b([^{;]*)\{",
                      lambda m: "@media " + _print_media_list(m.group(1)) + " {", css)

    def style_element(m):
        open_tag = re.sub(r"""(?i)(\smedia\s*=\s*)(["'])(.*?)\2""",
                          lambda a: a.group(1) + a.group(2) + _print_media_list(a.group(3)) + a.group(2),
                          m.group(1))
        return open_tag + sheet(m.group(2)) + m.group(3)

    return re.sub(r"(?is)(<style\b[^>]*>)(.*?)(</style\s*>)", style_element, html_text)


def _with_script(html_text: str, script: str) -> str:
    tag = f'<script id="{_SCRIPT_ID}">{script}</script>'
    ends = [m.start() for m in re.finditer(r"(?i)</body\s*>", html_text)]
    if ends:
        return html_text[:ends[-1]] + tag + html_text[ends[-1]:]
    return html_text + tag


def layout(html_path, width: int, media: str = "screen", height: int = 1000) -> dict:
    """How the page at `html_path` lays out in a window `width` CSS pixels wide: `viewport_width`,
    `client_width`, `scroll_width` (the document's), `overflowing` (elements whose box's right edge
    passes the viewport, or whose content is wider than their box while their overflow is visible:
    each with tag, class, id, text snippet, right edge, scroll and client widths, and reasons), and
    `scrollers` (elements that scroll on purpose, overflow-x auto or scroll, and whose content is
    wider than them; and each overflowing element inside one, with `within` naming it).

    media="print" lays the page out with its print rules in force on screen (a rewritten copy of its
    CSS), for a `width` the caller sets to the page's printable width (e.g. A4 at 15 mm margins:
    180 mm = 680 px). The measurement is a script the harness adds to a temporary copy of the page;
    its result comes back through --dump-dom."""
    if media not in ("screen", "print"):
        raise ValueError(f"media must be 'screen' or 'print', not {media!r}")
    text = Path(html_path).read_text(encoding="utf-8")
    if media == "print":
        text = _as_printed(text)
    text = _with_script(text, _LAYOUT_SCRIPT)
    with tempfile.TemporaryDirectory(prefix="auditlog-layout-") as directory:
        copy = Path(directory) / Path(html_path).name
        copy.write_text(text, encoding="utf-8")
        proc = run_chromium(_url(copy), f"--window-size={int(width)},{int(height)}",
                            f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", "--dump-dom")
    dom = proc.stdout.decode("utf-8", errors="replace")
    m = re.search(r'<pre id="%s">(.*?)</pre>' % _RESULT_ID, dom, re.DOTALL)
    if not m:
        raise BrowserError(f"the layout script left no result in {html_path}'s DOM:\n{dom[-2000:]}")
    return json.loads(html.unescape(m.group(1)))


# --- PDF -----------------------------------------------------------------------------------------


def pdf(html_path, out_path) -> Path:
    """Prints the page at `html_path` to a PDF at `out_path` (Chromium's --print-to-pdf, without the
    browser's own header and footer: the page's @page rules alone set size, margins and margin
    boxes)."""
    out = Path(out_path).resolve()
    if out.exists():
        out.unlink()
    run_chromium(_url(html_path), f"--print-to-pdf={out}", "--no-pdf-header-footer",
                 f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}")
    if not out.is_file() or out.stat().st_size == 0:
        raise BrowserError(f"Chromium wrote no PDF of {html_path}")
    return out


def _poppler(*argv) -> str:
    tool = argv[0]
    if shutil.which(tool) is None:
        raise BrowserError(f"{tool} not found: run tools/setup --tests (poppler-utils)")
    return _run(list(map(str, argv))).stdout.decode("utf-8")


def pdf_info(path) -> dict:
    """`pages` and the size of each page in points from pdfinfo: `page_sizes` (a list of
    (width, height)) and `page_size` (the first page's)."""
    text = _poppler("pdfinfo", path)
    m = re.search(r"^Pages:\s+(\d+)", text, re.MULTILINE)
    if not m:
        raise BrowserError(f"pdfinfo printed no page count for {path}:\n{text}")
    pages = int(m.group(1))
    sizes = []
    if pages:
        per_page = _poppler("pdfinfo", "-f", "1", "-l", str(pages), path)
        sizes = [(float(w), float(h)) for w, h in
                 re.findall(r"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", per_page, re.MULTILINE)]
    return {"pages": pages, "page_sizes": sizes, "page_size": sizes[0] if sizes else None}


def pdf_text(path) -> str:
    """The PDF's text as pdftotext lays it out (-layout), pages separated by form feeds."""
    return _poppler("pdftotext", "-layout", "-enc", "UTF-8", path, "-")


def pdf_words(path) -> list:
    """Every word pdftotext finds, with its box in points from the page's top-left corner: dicts of
    page (from 1), word, x_min, y_min, x_max, y_max, page_width, page_height."""
    text = _poppler("pdftotext", "-bbox", "-enc", "UTF-8", path, "-")
    words = []
    for number, page in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                              text, re.DOTALL), start=1):
        width, height = float(page.group(1)), float(page.group(2))
        for w in re.finditer(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" '
                             r'yMax="(-?[\d.]+)">(.*?)</word>', page.group(3), re.DOTALL):
            words.append({"page": number, "word": html.unescape(w.group(5)),
                          "x_min": float(w.group(1)), "y_min": float(w.group(2)),
                          "x_max": float(w.group(3)), "y_max": float(w.group(4)),
                          "page_width": width, "page_height": height})
    return words


def pdf_words_outside(path, margin_pt: float = 0) -> list:
    """The words (as pdf_words gives them) whose box leaves the page, or with margin_pt > 0 comes
    closer than margin_pt to any of its edges: x_min < margin, y_min < margin,
    x_max > width - margin or y_max > height - margin.

    What it can see: pdftotext keeps only the glyphs that start on the page, so a word across an
    edge shows as its part on the page and a word wholly off the page not at all. Chromium clips
    the body to the page's content box and shrinks a document wider than the page to fit, so its
    PDFs rarely have words off the page: layout(media="print") is the check for width; this one
    finds text in the margins (margin_pt = the @page margin) other than the margin boxes'."""
    return [w for w in pdf_words(path)
            if w["x_min"] < margin_pt or w["y_min"] < margin_pt
            or w["x_max"] > w["page_width"] - margin_pt or w["y_max"] > w["page_height"] - margin_pt]


# --- HTML as text --------------------------------------------------------------------------------


def strict_parse_errors(html_bytes) -> list:
    """Every parse error the HTML5 parsing algorithm (html5lib) reports for the document, not only
    the first (bytes are decoded as a browser would a local file: BOM, else <meta charset>): dicts
    of line, col, code (html5lib's name, e.g. "unexpected-end-tag") and message."""
    import html5lib
    from html5lib.constants import E

    if isinstance(html_bytes, str):
        html_bytes = html_bytes.encode("utf-8")
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(html_bytes)
    errors = []
    for (line, col), code, data in parser.errors:
        try:
            message = E.get(code, code) % (data or {})
        except (KeyError, TypeError, ValueError):
            message = f"{code} {data!r}"
        errors.append({"line": line, "col": col, "code": code, "message": message})
    return errors


_FETCHING_TAGS = ("link", "script", "iframe", "object", "embed", "base", "frame", "applet")
_URL_ATTRIBUTES = ("src", "href", "xlink:href", "srcset", "imagesrcset", "poster", "action",
                   "formaction", "background", "data", "ping", "manifest", "cite", "longdesc")


def _css_references(css: str) -> list:
    """url(...) other than url(#...), image-set(...), @import, and http:/https: URLs in a piece of CSS (a style
    sheet, a style attribute, or an SVG presentation attribute)."""
    found = []
    for m in re.finditer(r"(?i)\burl\(\s*(['\"]?)(.*?)\1\s*\)", css, re.DOTALL):
        if not m.group(2).strip().startswith("#"):
            found.append(("url()", m.group(0)))
    for m in re.finditer(r"(?i)(?:-webkit-)?image-set\(", css):
        found.append(("image-set()", m.group(0)))  # image-set("x.png" 1x) fetches without url()
    for m in re.finditer(r"(?i)@import\b[^;]*;?", css):
        found.append(("@import", m.group(0)))
    for m in re.finditer(r"(?i)\bhttps?:[^\s'\")]*", css):
        found.append(("http", m.group(0)))
    return found


class _ReferenceFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, self.get_starttag_text())
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += _css_references(data)

    def _tag(self, tag, attrs, source):
        if tag in _FETCHING_TAGS:
            self.found.append(("<" + tag, source))
        for name, value in attrs:
            if value is None or name == "xmlns" or name.startswith("xmlns:"):
                continue  # a namespace name is an identifier, never fetched
            stripped = value.strip()
            if name in ("href", "xlink:href") and stripped.startswith("#"):
                pass
            elif name in ("srcset", "imagesrcset"):
                self.found.append((name, f'{name}="{value}"'))
            elif name in _URL_ATTRIBUTES and not (name == "data" and tag != "object"):
                self.found.append((name, f'{name}="{value}"'))
            if stripped.startswith("//"):
                self.found.append(("//", f'{name}="{value}"'))
            self.found += _css_references(value)


def external_references(html_text: str) -> list:
    """Everything in an HTML document that would make a browser fetch something, or point it
    outside the document: as (kind, source) pairs, where kind is an attribute (src, href other than
    #fragment, srcset, …), "url()" (other than url(#…)), "image-set()", "@import", "<link", "<script", "<iframe",
    "<object", "<embed", "<base", "http" (an http: or https: URL in an attribute or CSS) or "//" (a
    protocol-relative attribute value). URLs in the text people read are not references. data: URLs
    count too: the report inlines its CSS and SVG as elements, not as URLs."""
    finder = _ReferenceFinder()
    finder.feed(html_text)
    finder.close()
    return finder.found
