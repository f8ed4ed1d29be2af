"""Browser tests: Playwright for Python driving Debian's chromium against a real ``escort serve --demo``.

Invitation → 20+ answers including a table and an upload → close → reopen on "another device" → submit; the lawyer
signs in, comments, corrects an answer, signs, and the PDF (a background job) holds the enterprise name and the
sign-off hash; a 390 px phone run; an IME composition run that saves no half-typed pinyin.  Screenshots go to
ESCORT_SCREENSHOTS (default: a temporary folder).  Skipped cleanly without chromium or escort[web].
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest

pytest.importorskip("django", reason="escort[web] is not installed")
pytest.importorskip("playwright", reason="playwright is not installed (pip install 'escort[web]')")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PASSWORD = "escort-demo-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("portal-data")
    port = _free_port()
    log = open(data / "serve.log", "w+")
    env = {k: v for k, v in os.environ.items() if k not in ("ESCORT_DATABASE_URL", "ESCORT_WEB_DATA")}
    proc = subprocess.Popen([sys.executable, "-m", "escort", "serve", "--demo", "--data", str(data / "d"),
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    base, link = f"http://127.0.0.1:{port}", None
    deadline = time.time() + 90
    while time.time() < deadline and link is None:
        time.sleep(0.5)
        log.seek(0)
        m = re.search(r"Invitation link.*?(http://\S+/i/\S+)", log.read())
        if m:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                link = m.group(1)
            except OSError:
                pass
        assert proc.poll() is None, open(data / "serve.log").read()
    assert link, open(data / "serve.log").read()
    yield {"base": base, "link": link}
    proc.terminate()
    proc.wait(20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("ESCORT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def login(browser, server, user, **ctx):
    context = browser.new_context(**ctx)
    page = context.new_page()
    page.goto(server["base"] + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/dashboard")
    return context, page


def new_invitation(browser, server, name, uscc) -> str:
    """The firm admin creates a checkup in the browser and gets its invitation link."""
    context, page = login(browser, server, "firmadmin")
    page.fill("form[action='/checkups/new'] input[name=name]", name)
    page.fill("form[action='/checkups/new'] input[name=uscc]", uscc)
    page.check("input[name=checklists][value=labour]")
    page.click("form[action='/checkups/new'] button")
    link = page.inner_text("#new-link").strip()
    context.close()
    return link


def wait_saved(page):
    from playwright.sync_api import expect

    expect(page.locator("#save-status")).to_have_text(re.compile("^已保存"), timeout=10_000)


def answer_visible(page, limit: int, skip=()) -> int:
    """Answer up to *limit* visible questions of this section the way a person would; return how many."""
    done = 0
    for block in page.query_selector_all("fieldset.q:not([hidden])"):
        if done >= limit:
            break
        qid, kind = block.get_attribute("data-q"), block.get_attribute("data-type")
        if qid in skip or block.is_hidden():
            continue
        page.evaluate("document.getElementById('save-status').textContent = ''")
        if kind == "yes_no":
            block.query_selector("input[value=no]").check()
        elif kind == "choice":
            block.query_selector(".choices input[type=radio]").check()
        elif kind == "multi_choice":
            block.query_selector(".choices input[type=checkbox]").check()
        elif kind in ("number", "money", "percent"):
            block.query_selector(".single input").fill("12")
        elif kind == "date":
            block.query_selector(".single input").fill("2026-03-01")
        elif kind == "text":
            block.query_selector(".single textarea").fill("按公司制度执行")
        else:
            continue
        wait_saved(page)
        done += 1
    return done


def test_invitation_answer_close_reopen_submit_then_lawyer_signs_and_pdf_has_the_hash(browser, server, shots):
    from pypdf import PdfReader

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(server["link"])
    fill_url = page.url.split("?")[0]
    checkup_id = re.search(r"/fill/(\d+)/", fill_url).group(1)
    page.fill("textarea[name=v-industry]", "软件和信息技术服务业")
    wait_saved(page)
    page.fill("input[name=v-employees]", "36")
    wait_saved(page)
    answered = 2
    page.goto(fill_url + "?s=labour-0")
    page.fill("input[name=v-headcount]", "36")
    wait_saved(page)
    answered += 1 + answer_visible(page, 20, skip={"headcount"})
    page.screenshot(path=str(shots / "desktop-section.png"), full_page=True)
    page.goto(fill_url + "?s=labour-1")
    page.check("#q-has_unsigned input[value=yes]")
    wait_saved(page)
    assert page.is_visible("#q-unsigned_staff")
    page.click("#q-unsigned_staff .add-row")
    page.fill("#q-unsigned_staff [data-col=name]", "王磊")
    page.fill("#q-unsigned_staff [data-col=hire_date]", "2026-05-06")
    page.evaluate("document.getElementById('save-status').textContent = ''")
    page.fill("#q-unsigned_staff [data-col=monthly_wage]", "6800")
    wait_saved(page)
    page.click("#q-has_unsigned details.more summary")
    page.set_input_files("#q-has_unsigned input[type=file]", files=[{"name": "劳动合同台账.pdf", "mimeType": "application/pdf",
                                                                   "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.wait_for_selector("#q-has_unsigned ul.files li")
    answered += 2 + answer_visible(page, 5, skip={"has_unsigned", "unsigned_staff"})
    for section in ("labour-2", "labour-3", "labour-4"):
        page.goto(fill_url + f"?s={section}")
        answered += answer_visible(page, 10)
    assert answered >= 20, answered
    page.screenshot(path=str(shots / "desktop-table-upload.png"), full_page=True)
    ctx.close()  # close the tab: nothing pending is lost, every answer was saved as given

    other = browser.new_context(viewport={"width": 1280, "height": 900})  # another device, same link
    page = other.new_page()
    page.goto(server["link"])
    assert page.get_attribute("#next", "href") == "?s=labour-5"  # resumes where the other device left off
    page.goto(fill_url + "?s=labour-1")
    assert page.input_value("#q-unsigned_staff [data-col=name]") == "王磊"
    assert page.input_value("#q-unsigned_staff [data-col=monthly_wage]") == "6800"
    assert "劳动合同台账.pdf" in page.inner_text("#q-has_unsigned ul.files")
    page.goto(fill_url + "?s=labour-0")
    assert page.input_value("input[name=v-headcount]") == "36"
    last = page.query_selector_all("details.toc li")[-1]
    last_key = (last.query_selector("a").get_attribute("href") if last.query_selector("a") else "?s=labour-12")
    page.goto(fill_url + last_key)
    page.check("input[name=confirm]")
    page.click("#submit")
    page.wait_for_selector("text=自查已提交")
    other.close()

    lctx, page = login(browser, server, "lawyer1", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(f"{server['base']}/checkups/{checkup_id}/review")
    pair = "#q-labour-headcount"
    page.click(f"{pair} details summary")
    page.fill(f"{pair} textarea[name=text]", "36人是否包括劳务派遣人员？")
    page.click(f"{pair} form[action$='/comment'] button")
    page.wait_for_selector("text=36人是否包括劳务派遣人员？")
    pair = "#q-labour-has_union"
    page.click(f"{pair} details summary")
    page.fill(f"{pair} input[name=value]", "yes")
    page.click(f"{pair} form[action$='/correct'] button")
    page.wait_for_selector("#discrepancies >> text=律师更正为")
    page.screenshot(path=str(shots / "lawyer-review.png"), full_page=False)
    page.check("#sign input[name=confirm]")
    page.click("#sign-button")
    sign_hash = page.inner_text("#sign-hash").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sign_hash)
    page.click("#make-report")
    page.wait_for_selector("#pdf-link", timeout=150_000)
    with page.expect_download() as dl:
        page.click("#pdf-link")
    pdf = Path(dl.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "杭州示范自查科技有限公司" in text and sign_hash in text
    lctx.close()
    assert errors == []


def test_phone_layout_390px(browser, server, shots):
    link = new_invitation(browser, server, "手机自查有限公司", "91320412MA1XBK0R73")
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(link)
    fill_url = page.url.split("?")[0]
    page.screenshot(path=str(shots / "phone-profile.png"))
    page.goto(fill_url + "?s=labour-1")
    page.check("#q-has_unsigned input[value=yes]")
    wait_saved(page)
    page.click("#q-unsigned_staff .add-row")
    page.fill("#q-unsigned_staff [data-col=name]", "李娜")
    page.screenshot(path=str(shots / "phone-table.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.query_selector("#q-has_unsigned label.opt").bounding_box()
    assert box["height"] >= 44  # touch target
    ctx.close()


def test_ime_composition_saves_no_half_typed_pinyin(browser, server):
    link = new_invitation(browser, server, "输入法测试有限公司", "91320505MA1W8R2T6Y")
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(link)
    posted = []
    page.on("request", lambda r: r.method == "POST" and r.url.endswith("/save") and posted.append(
        parse_qs(r.post_data or "")))
    field = page.locator("textarea[name=v-industry]")
    field.click()
    cdp = ctx.new_cdp_session(page)
    for partial in ("f", "fa", "fazhi", "法治"):
        cdp.send("Input.imeSetComposition", {"text": partial, "selectionStart": len(partial), "selectionEnd": len(partial)})
        page.wait_for_timeout(400)  # longer than nothing, shorter than the 800 ms debounce, as a person types
    page.wait_for_timeout(1200)  # still composing: nothing may be saved
    assert posted == []
    cdp.send("Input.insertText", {"text": "法治体检"})
    wait_saved(page)
    assert [p["value"] for p in posted if p["question"] == ["industry"]] == [["法治体检"]]
    page.keyboard.type("ab")
    page.wait_for_timeout(1500)
    assert [p["value"] for p in posted if p["question"] == ["industry"]][-1] == ["法治体检ab"]
    ctx.close()
