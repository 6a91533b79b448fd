"""The browser harness (browser.py) on small pages written here, each chosen so that a check that
cannot fail would show: a blank page against a drawn one, a table wider than the window against one
that fits (on screen and as printed), a PDF's text, page size, page count and margin-box page
numbers, words leaving a page, parse errors, references to anything outside the document, and the
network kept off. It needs Chromium and poppler-utils (tools/setup --tests), not the auditlog binary."""
import http.server
import re
import struct
import tempfile
import threading
import time
import unicodedata
import zlib

import pytest

import browser

VIETNAMESE = "Hội Nông dân tỉnh Hà Tĩnh — Không đạt"
RED = (0xCC, 0x00, 0x00)

#: A4 in points (210 mm x 297 mm at 72 pt per inch).
A4_PT = (210 / 25.4 * 72, 297 / 25.4 * 72)

#: The printable width of A4 at 15 mm margins, in CSS pixels (96 per inch): 180 mm.
A4_PRINTABLE_PX = round(180 / 25.4 * 96)


def page(body: str, style: str = "", head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>Kiểm tra</title>\n'
            f"{head}<style>\nbody {{ font-family: 'DejaVu Sans', sans-serif; }}\n{style}\n</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def write(directory, name, text):
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# --- Screenshots and PNG ------------------------------------------------------------------------

SHOT = (400, 300)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Screenshots, taken once: an empty page and one with a red 100 x 100 rectangle at the top left
    and a line of Vietnamese below it."""
    d = tmp_path_factory.mktemp("shots")
    blank = write(d, "blank.html", page(""))
    drawn = write(d, "drawn.html", page(
        f'<svg width="100" height="100" style="display:block"><rect width="100" height="100" '
        f'fill="#{"".join(f"{c:02x}" for c in RED)}"/></svg>\n<p>{VIETNAMESE}</p>',
        "body { margin: 0; }"))
    return {"blank": browser.screenshot(blank, *SHOT), "drawn": browser.screenshot(drawn, *SHOT)}


def test_an_empty_page_is_blank(shots):
    stats = browser.png_stats(shots["blank"])
    assert (stats["width"], stats["height"]) == SHOT
    assert stats["distinct_colours"] == 1
    assert stats["ink_fraction"] == 0
    assert browser.is_blank(shots["blank"])


def test_a_page_with_a_rectangle_and_vietnamese_text_is_not_blank(shots):
    png = shots["drawn"]
    stats = browser.png_stats(png)
    assert (stats["width"], stats["height"]) == SHOT
    assert not browser.is_blank(png)
    # The rectangle alone inks 100 x 100 of the 400 x 300 pixels; the text adds more, antialiased.
    rect_share = 100 * 100 / (SHOT[0] * SHOT[1])
    assert rect_share < stats["ink_fraction"] < 0.5
    assert stats["distinct_colours"] > 3
    width, _, channels, pixels = browser.png_pixels(png)

    def pixel(x, y):
        return tuple(pixels[(y * width + x) * channels:(y * width + x) * channels + 3])

    assert pixel(0, 0) == pixel(50, 50) == pixel(99, 99) == RED
    assert pixel(100, 50) != RED and pixel(50, 100) != RED


def _png(width, height, channels, pixels: bytes, filters, depth=8, colour=None, interlace=0):
    """A PNG built here, independently of the decoder under test: each line filtered with the
    given filter type (cycled), as the PNG specification defines the five of them."""
    bpp, stride = channels, width * channels
    out, prev = b"", bytes(stride)
    for y in range(height):
        line = pixels[y * stride:(y + 1) * stride]
        kind = filters[y % len(filters)]
        filtered = bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 0:
                pred = 0
            elif kind == 1:
                pred = a
            elif kind == 2:
                pred = b
            elif kind == 3:
                pred = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            filtered[i] = (line[i] - pred) % 256
        out += bytes([kind]) + bytes(filtered)
        prev = line

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    colour = colour if colour is not None else (2 if channels == 3 else 6)
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(out))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("channels", [3, 4], ids=["rgb", "rgba"])
def test_the_png_decoder_undoes_all_five_filters(channels):
    width, height = 9, 10
    # Values that wrap around 256 under every predictor, different per channel and position.
    pixels = bytes((x * 37 + y * 91 + c * 53 + x * y * 7) % 256
                   for y in range(height) for x in range(width) for c in range(channels))
    png = _png(width, height, channels, pixels, filters=[0, 1, 2, 3, 4])
    assert browser.png_pixels(png) == (width, height, channels, bytearray(pixels))
    distinct = {pixels[i:i + channels] for i in range(0, len(pixels), channels)}
    assert browser.png_stats(png)["distinct_colours"] == len(distinct)


def test_the_png_stats_count_ink_and_transparency_on_white():
    # Four pixels: white, near-white (245: paper), black, and black but fully transparent (paper).
    pixels = bytes([255, 255, 255, 255, 245, 245, 245, 255, 0, 0, 0, 255, 0, 0, 0, 0])
    stats = browser.png_stats(_png(2, 2, 4, pixels, filters=[0]))
    assert stats == {"width": 2, "height": 2, "distinct_colours": 4, "ink_fraction": 0.25}
    assert not browser.is_blank(_png(2, 2, 4, pixels, filters=[0]))
    assert browser.is_blank(_png(2, 1, 3, bytes([255, 255, 255, 250, 250, 250]), filters=[0]))


@pytest.mark.parametrize("kind", ["grey", "palette", "16-bit", "interlaced", "bad-crc", "not-png"])
def test_the_png_decoder_refuses_what_it_does_not_decode(kind):
    pixels = bytes(range(12))
    if kind == "grey":
        png = _png(2, 2, 3, pixels, [0], colour=0)
    elif kind == "palette":
        png = _png(2, 2, 3, pixels, [0], colour=3)
    elif kind == "16-bit":
        png = _png(2, 2, 3, pixels, [0], depth=16)
    elif kind == "interlaced":
        png = _png(2, 2, 3, pixels, [0], interlace=1)
    elif kind == "bad-crc":
        good = _png(2, 2, 3, pixels, [0])
        at = good.index(b"IDAT") + 6
        png = good[:at] + bytes([good[at] ^ 1]) + good[at + 1:]
    else:
        png = b"GIF89a" + pixels
    with pytest.raises(ValueError):
        browser.png_stats(png)


# --- Layout --------------------------------------------------------------------------------------

TABLE_ROWS = "".join(f"<tr><td>{i}</td><td>{VIETNAMESE}</td></tr>" for i in range(3))


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """Layouts, measured once: a 2000 px table and a fitted one, each at 1280 px on screen and at
    A4's printable width as printed; and a page whose wide table is for screen only and another
    for print only."""
    d = tmp_path_factory.mktemp("layout")
    wide = write(d, "wide.html", page(f'<table id="wide" style="width:2000px">{TABLE_ROWS}</table>'))
    fitted = write(d, "fitted.html", page(
        f'<table id="fitted" style="width:100%">{TABLE_ROWS}</table>\n'
        '<div class="scroller" style="overflow-x:auto">'
        f'<table id="inside" style="width:3000px">{TABLE_ROWS}</table></div>'))
    by_media = write(d, "by-media.html", page(
        f'<table id="screen-wide">{TABLE_ROWS}</table>\n<table id="print-wide">{TABLE_ROWS}</table>',
        "@media screen { #screen-wide { width: 2000px; } }\n"
        "@media print { #print-wide { width: 2000px; } }\n"
        # Rules that must not match in print: a wrong rewrite would hide the print-only wide table.
        "@media only screen and (min-width: 1px) { #print-wide { display: none; } }\n"
        "@media not print { #print-wide { display: none; } }"))
    return {
        (name, media): browser.layout(path, 1280 if media == "screen" else A4_PRINTABLE_PX, media=media)
        for name, path in (("wide", wide), ("fitted", fitted), ("by-media", by_media))
        for media in ("screen", "print")
    }


def _ids(entries):
    return {e["id"] for e in entries if e["id"]}


@pytest.mark.parametrize("media,width", [("screen", 1280), ("print", A4_PRINTABLE_PX)])
def test_a_table_wider_than_the_window_overflows(layouts, media, width):
    result = layouts[("wide", media)]
    assert result["viewport_width"] == width
    assert result["scroll_width"] > width
    wide = [e for e in result["overflowing"] if e["id"] == "wide"]
    assert wide and wide[0]["tag"] == "table" and wide[0]["right"] > width
    assert "right-edge" in wide[0]["reasons"]
    assert VIETNAMESE in wide[0]["text"]


@pytest.mark.parametrize("media,width", [("screen", 1280), ("print", A4_PRINTABLE_PX)])
def test_a_fitted_table_does_not_overflow_and_a_scroller_is_reported_apart(layouts, media, width):
    result = layouts[("fitted", media)]
    assert result["viewport_width"] == width
    assert result["scroll_width"] <= width
    assert result["overflowing"] == []
    scroller = [e for e in result["scrollers"] if e["class"] == "scroller"]
    assert scroller and scroller[0]["reasons"] == ["scrolls"] and scroller[0]["scroll_width"] > width
    inside = [e for e in result["scrollers"] if e["id"] == "inside"]
    assert inside and inside[0]["within"] == "div.scroller" and inside[0]["right"] > width


def test_print_layout_applies_the_print_rules_and_not_the_screen_rules(layouts):
    on_screen, printed = layouts[("by-media", "screen")], layouts[("by-media", "print")]
    assert "screen-wide" in _ids(on_screen["overflowing"]) and "print-wide" not in _ids(on_screen["overflowing"])
    assert "print-wide" in _ids(printed["overflowing"]) and "screen-wide" not in _ids(printed["overflowing"])


# --- PDF -----------------------------------------------------------------------------------------

MARGIN_MM = 20
MARGIN_PT = MARGIN_MM / 25.4 * 72


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """A PDF, printed once, of a two-page A4 document (a forced page break) with the page number
    and page count in each page's bottom margin box."""
    d = tmp_path_factory.mktemp("pdf")
    source = write(d, "report.html", page(
        f"<h1>{VIETNAMESE}</h1>\n<p>Trang một.</p>\n"
        '<section style="break-before: page"><p>Trang hai.</p></section>',
        f"@page {{ size: A4; margin: {MARGIN_MM}mm;\n"
        '  @bottom-center { content: counter(page) " / " counter(pages); } }'))
    out = browser.pdf(source, d / "report.pdf")
    return {"path": out, "info": browser.pdf_info(out), "text": browser.pdf_text(out)}


def test_a_pdf_holds_the_vietnamese_text_in_nfc(printed):
    text = printed["text"]
    # The heading may wrap: compare with runs of white space as one space.
    assert unicodedata.normalize("NFC", VIETNAMESE) in " ".join(text.split())
    assert unicodedata.is_normalized("NFC", text)


def test_a_pdf_has_the_page_size_and_count_its_css_asks_for(printed):
    info = printed["info"]
    assert info["pages"] == 2  # the forced break
    assert len(info["page_sizes"]) == 2
    for width, height in info["page_sizes"]:
        assert abs(width - A4_PT[0]) <= 1 and abs(height - A4_PT[1]) <= 1
    pages = printed["text"].split("\f")
    assert "Trang một." in pages[0] and "Trang hai." in pages[1]


def test_the_margin_box_page_numbers_are_in_the_pdf_text(printed):
    # pdftotext sets "1 / 2" close together, as "1/2": the spaces are optional here.
    pages = printed["text"].split("\f")
    assert re.search(r"(?m)^\s*1\s*/\s*2\s*$", pages[0]), pages[0]
    assert re.search(r"(?m)^\s*2\s*/\s*2\s*$", pages[1]), pages[1]


def test_words_in_the_margin_are_outside_the_inset_page_and_none_leave_the_page(printed):
    assert browser.pdf_words_outside(printed["path"]) == []
    in_margin = browser.pdf_words_outside(printed["path"], margin_pt=MARGIN_PT - 1)
    assert {(w["page"], w["word"].replace(" ", "")) for w in in_margin} <= {
        (1, "1/2"), (1, "1"), (1, "/"), (1, "2"), (2, "2/2"), (2, "2"), (2, "/")}
    assert {w["page"] for w in in_margin} == {1, 2}
    assert all(w["y_min"] > A4_PT[1] - MARGIN_PT for w in in_margin)


def _hand_made_pdf(texts) -> bytes:
    """A one-page 595 x 842 pt PDF with Helvetica text at the given (x, y) baselines (y from the
    bottom): what Chromium never writes, text that runs off the page."""
    content = "BT /F1 12 Tf " + " ".join(f"1 0 0 1 {x} {y} Tm ({t}) Tj" for x, y, t in texts) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_words_that_run_off_the_page_are_found(tmp_path):
    # pdftotext keeps the glyphs that start on the page: a word across an edge shows as its part
    # on the page, whose box still crosses the edge.
    path = tmp_path / "off.pdf"
    path.write_bytes(_hand_made_pdf([(100, 700, "Inside"), (-20, 600, "LeftEdge"), (570, 500, "RightEdge")]))
    words = browser.pdf_words(path)
    assert "Inside" in {w["word"] for w in words}
    outside = browser.pdf_words_outside(path)
    assert len(outside) == 2
    assert any(w["x_min"] < 0 and "Edge" in w["word"] for w in outside)
    assert any(w["x_max"] > 595 and w["word"].startswith("Right") for w in outside)
    assert "Inside" not in {w["word"] for w in outside}


# --- HTML as text --------------------------------------------------------------------------------

CLEAN = page(
    '<h1 id="top">Báo cáo</h1>\n'
    '<p>Xem <a href="#s1">mục 1</a>. Địa chỉ in ra, không phải liên kết: '
    'https://example.org/ và //x.</p>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="10">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs>'
    '<rect width="40" height="10" fill="url(#g)"/><use xlink:href="#g"/></svg>\n'
    '<section id="s1" style="background: url(#g)"><p>Không đạt</p></section>',
    "@page { size: A4; @bottom-center { content: counter(page) \" / \" counter(pages); } }\n"
    "@media print { a { color: inherit; } }")


def test_a_clean_document_has_no_parse_errors():
    assert browser.strict_parse_errors(CLEAN.encode()) == []


def test_strict_parsing_reports_every_error_an_unclosed_div_and_a_stray_end_tag():
    broken = CLEAN.replace("<p>Không đạt</p>", "<div><p>Không đạt</p></p>")
    errors = browser.strict_parse_errors(broken.encode())
    codes = [e["code"] for e in errors]
    assert "unexpected-end-tag" in codes  # the stray </p>
    assert "end-tag-too-early" in codes, errors  # </section> while the <div> is open
    assert len(errors) >= 2
    line = next(n for n, text in enumerate(broken.splitlines(), start=1) if "Không đạt" in text)
    assert {e["line"] for e in errors} == {line}


def test_strict_parsing_reports_a_div_open_at_the_end():
    errors = browser.strict_parse_errors(page("<div><p>x</p>").replace("</body>\n</html>\n", "").encode())
    assert [e["code"] for e in errors] == ["expected-closing-tag-but-got-eof"]


def test_a_clean_self_contained_document_references_nothing():
    assert browser.external_references(CLEAN) == []


@pytest.mark.parametrize("snippet,kind", [
    ('<img src="logo.png" alt="">', "src"),
    ('<a href="other.html#x">x</a>', "href"),
    ('<a href="https://example.org/">x</a>', "http"),
    ('<img srcset="a.png 1x, b.png 2x" alt="">', "srcset"),
    ('<img src="//cdn.example.org/a.png" alt="">', "//"),
    ('<p style="background: url(bg.png)">x</p>', "url()"),
    ("<style>p { background: url('//cdn.example.org/bg.png') }</style>", "url()"),
    ('<style>@font-face { font-family: X; src: url(data:font/woff2;base64,AAAA) }</style>', "url()"),
    ('<style>@import "print.css";</style>', "@import"),
    ('<style>p { background: image-set("x.png" 1x, "y.png" 2x) }</style>', "image-set()"),
    ('<style>p { --logo: "https://example.org/logo.png" }</style>', "http"),
    ('<link rel="stylesheet" href="x.css">', "<link"),
    ("<script>1</script>", "<script"),
    ('<iframe srcdoc="x"></iframe>', "<iframe"),
    ('<object data="x.svg"></object>', "<object"),
    ('<embed src="x.svg">', "<embed"),
    ('<base href="https://example.org/">', "<base"),
    ('<svg><image href="http://example.org/x.png"/></svg>', "href"),
    ('<svg><use href="sprites.svg#icon"/></svg>', "href"),
    ('<svg><rect fill="url(https://example.org/g.svg#g)"/></svg>', "url()"),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "http"),
])
def test_each_form_of_external_reference_is_found(snippet, kind):
    document = CLEAN.replace("</body>", snippet + "\n</body>")
    found = browser.external_references(document)
    assert kind in {k for k, _ in found}, found


# --- Network and processes -----------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fetching_page(tmp_path_factory):
    """A page that asks a recording HTTP server on 127.0.0.1 for three images (by address and by
    the name localhost), and the list of paths the server was asked for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    source = write(tmp_path_factory.mktemp("network"), "fetching.html", page(
        f'<img src="http://127.0.0.1:{port}/image.png" alt="">'
        f'<img src="http://localhost:{port}/by-name.png" alt="">',
        f"body {{ background: url(http://127.0.0.1:{port}/background.png); }}"))
    yield source, server.paths
    server.shutdown()
    server.server_close()


def _screenshot_without(source, dropped):
    """A screenshot taken with the harness's flags except those starting with `dropped`."""
    with tempfile.TemporaryDirectory() as profile:
        flags = [f for f in browser.chromium_flags(profile) if not f.startswith(dropped)]
        browser._run([browser.chromium_path(), *flags, f"--screenshot={source.parent / 'control.png'}",
                      "--window-size=200,100", "--virtual-time-budget=5000", source.resolve().as_uri()])


def test_the_browser_reaches_no_server_not_even_on_loopback(fetching_page):
    source, paths = fetching_page
    browser.screenshot(source, 200, 100)
    assert paths == []


@pytest.mark.parametrize("dropped", [("--host-resolver-rules",), ("--proxy-server", "--proxy-bypass-list")],
                         ids=["dead-proxy-alone", "resolver-rule-alone"])
def test_each_of_the_two_network_barriers_holds_alone(fetching_page, dropped):
    source, paths = fetching_page
    paths.clear()
    _screenshot_without(source, dropped)
    assert paths == []


def test_without_the_network_barriers_the_same_page_reaches_the_server(fetching_page):
    # The control: the checks above would have seen a request.
    source, paths = fetching_page
    paths.clear()
    _screenshot_without(source, ("--proxy-server", "--proxy-bypass-list", "--host-resolver-rules"))
    assert "/image.png" in paths and "/by-name.png" in paths


def test_a_run_that_overruns_its_timeout_is_killed():
    start = time.monotonic()
    with pytest.raises(browser.BrowserError, match="timed out"):
        browser._run(["sleep", "30"], timeout=0.5)
    assert time.monotonic() - start < 10


def test_a_missing_browser_is_an_error_that_names_the_set_up(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITLOG_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(browser.BrowserError, match="AUDITLOG_CHROMIUM"):
        browser.chromium_path()
    monkeypatch.delenv("AUDITLOG_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browser, "_DEBIAN_PATHS", ())
    with pytest.raises(browser.BrowserError, match="tools/setup --tests"):
        browser.chromium_path()
