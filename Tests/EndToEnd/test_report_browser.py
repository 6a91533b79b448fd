"""What a person sees of the inspection report, in a real browser and on paper (headless Chromium,
poppler; the harness is browser.py): the demo's report and a dossier parse strictly and reference
nothing outside themselves; the first page and the compliance matrix render (screenshots that are
not blank, the matrix in its verdict colours); nothing overflows the page at 1280 px on screen or
at A4's printable width; and the PDF that `report --pdf` prints is A4, numbered page by page, and
holds the Vietnamese verdicts and names in NFC."""
import re
import unicodedata

import pytest

import browser
from conftest import Auditlog

AS_OF = "2026-06-30"
# A4 less the report's side margins (14 mm each) at 96 px per inch: 182 mm.
PRINTABLE_PX = round(182 / 25.4 * 96)
# The report's @page margins in points: 14 mm at the sides, 16 mm on top, 18 mm below.
SIDE_PT, TOP_PT, BOTTOM_PT = 14 / 25.4 * 72, 16 / 25.4 * 72, 18 / 25.4 * 72
# The verdict fills of the matrix (ReportStyle): violated, late, satisfied.
FILLS = {"violated": (0xF5, 0xCD, 0xB5), "late": (0xF8, 0xE3, 0xB3), "satisfied": (0xCC, 0xEB, 0xE0)}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    d = tmp_path_factory.mktemp("report-browser")
    log = Auditlog(d)
    log.run("demo", "--db", log.db, db=False, check=0)
    report = d / "report.html"
    pdf = d / "report.pdf"
    log.run("report", "--as-of", AS_OF, "-o", report, "--pdf", pdf, check=0)
    dossier = d / "dossier.html"
    dossier.write_bytes(log.run("org", "ht:hoi-nong-dan", "--as-of", AS_OF, "--format", "html", check=0).stdout)
    # The matrix on its own page: the report from its matrix section on.
    text = report.read_text(encoding="utf-8")
    start, end = text.index('<section id="matrix"'), text.index('<section id="timelines"')
    matrix = d / "matrix.html"
    matrix.write_text(text[:text.index("<body>") + 6] + text[start:end] + "</body></html>\n", encoding="utf-8")
    return {"report": report, "pdf": pdf, "dossier": dossier, "matrix": matrix}


@pytest.mark.parametrize("name", ["report", "dossier"])
def test_the_html_parses_strictly_and_references_nothing_outside_itself(pages, name):
    data = pages[name].read_bytes()
    assert browser.strict_parse_errors(data) == []
    assert browser.external_references(data.decode("utf-8")) == []
    assert b"<script" not in data.lower()


def test_the_first_page_and_the_matrix_render(pages):
    first = browser.png_stats(browser.screenshot(pages["report"], 1280, 1000))
    assert first["ink_fraction"] > 0.02 and first["distinct_colours"] > 20
    shot = browser.screenshot(pages["matrix"], 1280, 1200)
    assert not browser.is_blank(shot, min_ink=0.02)
    width, height, channels, pixels = browser.png_pixels(shot)
    colours = {tuple(pixels[i:i + 3]) for i in range(0, len(pixels), channels)}
    for verdict, fill in FILLS.items():
        assert any(all(abs(a - b) <= 3 for a, b in zip(c, fill)) for c in colours), f"no {verdict} cell drawn"


@pytest.mark.parametrize("name", ["report", "dossier"])
def test_nothing_overflows_the_screen_at_1280_px_or_the_printed_page(pages, name):
    screen = browser.layout(pages[name], 1280)
    assert screen["overflowing"] == [] and screen["scrollers"] == []
    assert screen["scroll_width"] <= screen["client_width"]
    printed = browser.layout(pages[name], PRINTABLE_PX, media="print")
    assert printed["overflowing"] == [] and printed["scrollers"] == []


def test_the_pdf_is_a4_numbered_and_holds_the_vietnamese_words_in_nfc(pages):
    info = browser.pdf_info(pages["pdf"])
    assert info["pages"] > 3
    assert all(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5 for w, h in info["page_sizes"])
    text = browser.pdf_text(pages["pdf"])
    assert unicodedata.is_normalized("NFC", text)
    flat = re.sub(r"\s+", " ", text)
    for words in ["Báo cáo kết quả kiểm tra", "Không đạt", "Chậm", "Đạt", "Chưa đến hạn", "Ma trận tuân thủ",
                  "Hội Nông dân tỉnh Hà Tĩnh", "Liên đoàn Lao động tỉnh Hà Tĩnh", "Thực trạng", "Tiêu chí", "Bằng chứng"]:
        assert words in flat, words
    sheets = text.split("\f")
    total = info["pages"]
    for number, sheet in enumerate(sheets[:total], start=1):
        assert re.search(rf"Trang {number}\s*/\s*{total}\b", sheet), f"page {number} has no number"
    # Only the margin boxes (the page number, the log's origin) are written in the margins.
    for w in browser.pdf_words_outside(pages["pdf"], margin_pt=min(SIDE_PT, TOP_PT, BOTTOM_PT) - 2):
        assert re.fullmatch(r"Trang|\d+/?|/|\d+/\d+|demo\.auditlog\.example/log", w["word"]), w
