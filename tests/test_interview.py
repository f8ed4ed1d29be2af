"""The interview (escort.session driven by escort.interview) and the fill-in template."""

from __future__ import annotations

import datetime as dt
import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import yaml

from escort.answers import load_answers
from escort.engine import evaluate
from escort.interview import choose_resume_point, run_interview
from escort.registry import validate_file
from escort.session import Action, Interview
from escort.template import render_template

DAY = dt.date(2026, 11, 20)
USCC = "91330106MA2H3K7L5P"  # the demo enterprise's fictional code; its check character is right


class Script:
    """A prompter that replies from a list: an Action, or a function of the request returning one."""

    def __init__(self, replies):
        self.replies = list(replies)
        self.asked: list[tuple[str, str]] = []
        self.requests = []

    def ask(self, req):
        self.asked.append(req.step.key)
        self.requests.append(req)
        reply = self.replies.pop(0)
        return reply(req) if callable(reply) else reply

    def choose(self, message, choices):
        return self.replies.pop(0)

    def confirm(self, message, default=True):
        return self.replies.pop(0)


def A(value):
    return Action("answer", value)


SKIP = Action("skip")
PROFILE = [A("onsite"),  # the mode first: it decides whether the firm and licence are asked
           A("杭州示范精密机械有限公司"), A(USCC), SKIP, A("浙江省杭州市"), A("86"), A("5000000"), A("2016/3/18"),
           A("none"), A("escort-sample, 专精特新"),
           A("2026-11-20"), A("王律师"), A("示范律师事务所"), SKIP,
           A(["sample"])]


def interview(tmp_path, replies, **kw):
    from escort.registry import build_registry

    reg = build_registry()
    session = Interview.start(reg, tmp_path / "answers.yaml", today=DAY, **kw)
    script = Script(replies)
    run_interview(session, script, say=lambda s: None)
    assert not script.replies, f"unused replies: {script.replies}"
    return reg, session, script


def saved(session):
    return yaml.safe_load(session.path.read_text(encoding="utf-8"))


def test_full_interview_saves_every_type_and_the_file_validates_and_checks(tmp_path):
    rows = [{"name": "张三", "hire_date": dt.date(2026, 3, 2), "monthly_wage": 6800},
            {"name": "李四", "hire_date": dt.date(2025, 9, 15), "monthly_wage": 7200}]
    reg, session, script = interview(tmp_path, PROFILE + [
        A("86"), A(True), A(rows),
        A("52"), Action("back"),            # back from overtime_pay to overtime_hours_max ...
        A("60"), Action("unknown"),         # ... change it; overtime_pay unknown
        A("90"), A(["pension", "medical", "unemployment"]), A("48000"), A("2026/8/1"),
        Action("note", note="人事经理口述，待核对花名册"), A("生产旺季临时招工较多"),
    ])
    data = saved(session)
    assert data["enterprise"]["uscc"] == USCC and data["enterprise"]["employees"] == 86
    assert data["enterprise"]["tags"] == ["escort-sample", "专精特新"]
    assert data["enterprise"]["founded"] == dt.date(2016, 3, 18)
    assert "industry" not in data["enterprise"]  # skipped
    assert data["checklist_versions"] == {"sample": reg.checklists["sample"].model.version}
    got = data["answers"]["sample"]
    assert got["headcount"] == 86 and got["has_unsigned"] is True
    assert got["unsigned_staff"] == rows
    assert got["overtime_hours_max"] == 60
    assert got["overtime_pay"] == "unknown"
    assert got["insured_share"] == 90 and got["insurance_types"] == ["pension", "medical", "unemployment"]
    assert got["arrears"] == 48000 and got["arrears_since"] == dt.date(2026, 8, 1)
    assert got["hr_notes"] == {"value": "生产旺季临时招工较多", "note": "人事经理口述，待核对花名册"}
    asked = [qid for cid, qid in script.asked if cid == "sample"]
    assert asked.count("overtime_hours_max") == 2 and "unsigned_staff" in asked
    assert [p for p in validate_file(session.path, reg) if p.level == "error"] == []
    answers, _ = load_answers(session.path, reg)
    result = evaluate(reg, answers)
    fired = {f.rule for f in result.findings if f.status == "fired"}
    assert {"no_written_contract", "overtime_over_cap", "overtime_underpaid", "insurance_incomplete",
            "insurance_arrears", "deemed_open_ended"} <= fired
    assert result.notes["sample"]["hr_notes"] == "人事经理口述，待核对花名册"


def test_show_if_not_taken_skips_the_table_and_the_hidden_date(tmp_path):
    reg, session, script = interview(tmp_path, PROFILE + [
        A("10"), A(False),                  # no unsigned staff: the table is not asked
        A("20"), A("statutory"), A("100"), A(["pension", "medical", "unemployment", "work_injury"]),
        A("0"),                             # no arrears: arrears_since is not asked
        SKIP,
    ])
    asked = [qid for cid, qid in script.asked if cid == "sample"]
    assert "unsigned_staff" not in asked and "arrears_since" not in asked
    answers, _ = load_answers(session.path, reg)
    result = evaluate(reg, answers)
    assert [f.rule for f in result.findings if f.status == "fired"] == []
    assert [v.question for v in result.needs_verification] == ["hr_notes"]  # skipped, so unanswered


def test_a_bad_answer_is_refused_with_a_message_and_asked_again(tmp_path):
    from escort.registry import build_registry

    session = Interview.start(build_registry(), tmp_path / "a.yaml", today=DAY)
    assert session.apply(A("onsite")) is None
    assert session.apply(A("某公司")) is None
    typo = session.apply(A(USCC[:-1] + "0"))                  # wrong check character, said at once ...
    assert "校验码不符" in typo and "P" not in typo            # ... without the character that would pass it
    assert session.check(session.current(), USCC[:5]) == "已输入 5 位，应为 18 位"  # shown while typing
    assert session.current().question.id == "uscc"
    assert session.apply(A(USCC.lower())) is None            # typed in lower case is accepted
    assert session.data["enterprise"]["uscc"] == USCC
    for _ in range(11):
        session.apply(SKIP if session.current().question.id not in ("date",) else A("2026-11-20"))
    session.apply(A(["sample"]))
    assert session.current().key == ("sample", "headcount")
    assert session.apply(A("-1")) == "不能小于 0人"
    assert "请输入数字" in session.apply(A("许多"))
    session.apply(A("3"))
    assert "是 / 否 / 未知" in session.apply(A("maybe"))


def test_resume_continues_at_the_first_unanswered_visible_question_and_keeps_answers(tmp_path):
    reg, first, _ = interview(tmp_path, PROFILE + [A("86"), A(True), A([])] + [SKIP] * 7)
    data = saved(first)
    data["answers"]["sample"] = {"headcount": 86, "has_unsigned": False, "overtime_hours_max": 30}
    first.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    session = Interview.resume(reg, first.path)
    assert session.position == ("sample", "overtime_pay")    # unsigned_staff is hidden, so not waiting
    script = Script(["review", A("90")] + [SKIP] * 20)
    choose_resume_point(session, script, say=lambda s: None)
    assert session.position == ("sample", "headcount")
    req = session.request(session.current())
    assert req.value == 86                                    # the answer given is offered for review
    session.apply(A("90"))
    assert saved(session)["answers"]["sample"]["headcount"] == 90
    assert saved(session)["answers"]["sample"]["overtime_hours_max"] == 30


def test_help_holds_the_cited_article_text_and_the_evidence(tmp_path):
    reg, session, script = interview(tmp_path, PROFILE + [A("86"), A(False)] + [SKIP] * 7)
    req = next(r for r in script.requests if r.step.key == ("sample", "has_unsigned"))
    assert "劳动合同法" in req.help and "第十条" in req.help and "劳动合同台账" in req.help
    art = reg.laws.resolve("labour_contract_law#10")
    assert art.text[:20] in req.help
    assert "总进度" in req.progress and "书面劳动合同" in req.progress


# --------------------------------------------------------------------------- through prompt_toolkit


def test_end_to_end_through_prompt_toolkit_pipe_input(tmp_path):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from escort.prompts import TerminalPrompter
    from escort.registry import build_registry

    down, enter = "\x1b[B", "\r"
    keys = [
        enter,                                                                                         # mode: on site
        "示范公司\r", USCC + "\r", "\r", "\r", "86\r", "\r", "2016/3/18\r", enter, "escort-sample\r",  # enterprise
        "\x15" "2026-11-20\r", "王律师\r", "\r", "\r",                                                # assessment
        enter,                                                                                         # checklists: all
        "？\r",            # headcount: full-width ? (a Chinese input method) shows help, asked again
        "86\r",
        enter,             # has_unsigned: 是
        enter, "张三\r", "2026-03-02\r", "6800\r",         # table: add a row ...
        down + enter,                                      # ... (menu: add, drop, done) -> drop?  no: see below
    ]
    # After one row the table menu is: 添加一行, 删除最后一行, 完成 -> two downs reach 完成.
    keys[-1] = down + down + enter
    keys += ["52\r",
             down * 4 + enter,                            # overtime_pay: the entry after the options is 未知
             "<\r", enter,                                # insured share: back; overtime_pay keeps 未知 on Enter
             "\x15" "90\r", " " + down + " " + enter,    # insured share; multi choice: pension + medical
             "0\r", "未知\r"]                              # arrears 0 (date hidden); hr_notes unknown
    with create_pipe_input() as pipe:
        class Piped(TerminalPrompter):
            def _ask(self, question):
                pipe.send_text(keys.pop(0))
                return super()._ask(question)

        out: list[str] = []
        prompter = Piped(input=pipe, output=DummyOutput(), say=out.append, colour=False)
        # only the sample checklist installed, so that "Enter" (all applicable checklists) means the sample
        from escort.plugins import Plugins
        from importlib.metadata import entry_points
        builtins = {ep.name for ep in entry_points(group="escort")} - {"sample"}
        only_sample = Plugins(disabled=builtins).load()
        session = Interview.start(build_registry(only_sample), tmp_path / "piped.yaml", today=DAY)
        run_interview(session, prompter, say=out.append)
    assert keys == [], "\n".join(out)
    data = saved(session)
    assert data["enterprise"]["name"] == "示范公司" and data["assessment"]["assessor"] == "王律师"
    got = data["answers"]["sample"]
    assert got["headcount"] == 86 and got["has_unsigned"] is True
    assert got["unsigned_staff"] == [{"name": "张三", "hire_date": dt.date(2026, 3, 2), "monthly_wage": 6800}]
    assert got["overtime_hours_max"] == 52 and got["overtime_pay"] == "unknown" and got["insured_share"] == 90
    assert got["insurance_types"] == ["pension", "medical"] and got["arrears"] == 0
    assert "arrears_since" not in got and got["hr_notes"] == "unknown"
    assert any("员工花名册" in line for line in out)   # the help was shown


# --------------------------------------------------------------------------- kill test


CHILD = textwrap.dedent("""
    import sys, time, datetime as dt
    from pathlib import Path
    from escort.registry import build_registry
    from escort.session import Action, Interview
    from escort.interview import run_interview

    replies = {replies!r}
    class Slow:
        n = 0
        def ask(self, req):
            if self.n:
                print("answered", self.n, flush=True)   # the previous answer has been applied and saved
            time.sleep(0.05)
            reply = replies[self.n] if self.n < len(replies) else None
            self.n += 1
            if reply is None:
                time.sleep(60)
            return Action("answer", reply)
    session = Interview.start(build_registry(), Path(sys.argv[1]), today=dt.date(2026, 11, 20))
    run_interview(session, Slow())
""")


def test_sigkill_loses_no_answer_already_given(tmp_path):
    replies = ["onsite", "杭州示范精密机械有限公司", USCC, "通用设备制造业", "浙江省杭州市", "86", "5000000", "2016-03-18", "none",
               "escort-sample", "2026-11-20", "王律师", "示范律师事务所", "A12345", ["sample"],
               "86", True, [{"name": "张三", "hire_date": "2026-03-02", "monthly_wage": 6800}], "52", "partial"]
    path = tmp_path / "killed.yaml"
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(replies=replies), encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        seen = 0
        deadline = time.time() + 60
        while seen < len(replies) and time.time() < deadline:
            ready, _, _ = select.select([child.stdout], [], [], 1)
            if ready:
                line = child.stdout.readline()
                if line.startswith("answered"):
                    seen = int(line.split()[1])
        assert seen == len(replies), "the child did not answer in time"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = data["answers"]["sample"]
    assert data["assessment"]["licence"] == "A12345" and data["enterprise"]["industry"] == "通用设备制造业"
    assert got["headcount"] == 86 and got["has_unsigned"] is True and got["overtime_hours_max"] == 52
    assert got["unsigned_staff"][0]["hire_date"] == dt.date(2026, 3, 2) and got["overtime_pay"] == "partial"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".killed.yaml.")]  # no temp file left behind


# --------------------------------------------------------------------------- template


def test_template_validates_and_checks_to_every_visible_question_needing_verification(tmp_path, escort_registry):
    reg = escort_registry
    text, ids = render_template(reg, ["sample"], DAY)
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    assert ids == ["sample"]
    assert [p for p in validate_file(path, reg) if p.level == "error"] == []
    answers, _ = load_answers(path, reg)
    result = evaluate(reg, answers)
    questions = [q.id for q in reg.checklists["sample"].model.questions()]
    assert [(v.question, v.reason) for v in result.needs_verification] == [(q, "unknown") for q in questions]
    assert "# 请逐一列出这些未签书面合同的员工。" in text and "选项：statutory = 按法定标准足额支付" in text
    assert "请替换" in text


def test_template_command_writes_a_file_that_escort_validate_accepts(tmp_path):
    env = dict(os.environ, ESCORT_DISABLE="labour,contracts,tax,ip,bankruptcy")
    out = tmp_path / "t.yaml"
    made = subprocess.run([sys.executable, "-m", "escort", "template", "--checklist", "sample", "-o", str(out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([sys.executable, "-m", "escort", "validate", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert checked.returncode == 0 and "ok: 1 file" in checked.stdout, checked.stderr


# --------------------------------------------------------------------------- the real command under a pseudo-terminal


def _read_until(fd, wanted: str, seen: list[str], timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while wanted not in "".join(seen):
        if time.time() > deadline:
            raise AssertionError(f"did not see {wanted!r}; screen so far:\n{''.join(seen)[-2000:]}")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
            except OSError:
                return


def test_ctrl_c_in_a_terminal_saves_and_says_how_to_resume(tmp_path):
    import pty

    env = dict(os.environ, ESCORT_DISABLE="labour,contracts,tax,ip,bankruptcy", COLUMNS="80", LINES="24", TERM="xterm")
    try:
        pid, fd = pty.fork()
    except OSError as exc:  # e.g. a chroot without /dev/pts
        pytest.skip(f"no pseudo-terminal can be opened here: {exc}")
    if pid == 0:  # the child: the escort command as a user runs it
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "escort", "interview", "-o", "a.yaml"], env)
    seen: list[str] = []
    try:
        _read_until(fd, "体检方式", seen)
        os.write(fd, b"\r")
        _read_until(fd, "企业名称", seen)
        os.write(fd, "示范公司\r".encode())
        _read_until(fd, "统一社会信用代码", seen)
        os.write(fd, (USCC + "\r").encode())
        _read_until(fd, "所属行业", seen)
        os.write(fd, b"\x03")  # Ctrl-C
        _read_until(fd, "--resume", seen)
    finally:
        _, status = os.waitpid(pid, 0)
    screen = "".join(seen)
    assert os.waitstatus_to_exitcode(status) == 130
    assert "escort interview --resume a.yaml" in screen and "Traceback" not in screen
    data = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    assert data["enterprise"]["name"] == "示范公司" and data["enterprise"]["uscc"] == USCC


def test_checklist_option_records_the_version_and_skips_the_choice(tmp_path):
    reg, session, script = interview(tmp_path, PROFILE[:-1] + [A("86"), A(False)] + [SKIP] * 7, only=["sample"])
    assert ("checklists", "checklists") not in script.asked
    assert saved(session)["checklist_versions"] == {"sample": reg.checklists["sample"].model.version}


def test_resuming_a_template_keeps_its_comments_and_key_order(tmp_path, escort_registry):
    """The explanations escort template writes for the person filling it in survive every autosave."""
    reg = escort_registry
    text, _ = render_template(reg, ["sample"], DAY)
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    session = Interview.resume(reg, path)
    session.start_at(("sample", "headcount"))
    session.apply(A("86"))
    session.save()
    session.save()  # twice: the autosave header is written once, not once per save
    after = path.read_text(encoding="utf-8")
    kept = [c for c in comments if c in after]
    assert len(kept) == len(comments), set(comments) - set(kept)
    assert after.count("由 escort interview 自动保存") == 1
    assert saved(session)["answers"]["sample"]["headcount"] == 86
    keys = [line.split(":")[0] for line in after.splitlines() if line and not line.startswith(("#", " ", "-"))]
    assert keys == [k for k in ("enterprise", "assessment", "checklist_versions", "answers") if k in keys]


# --------------------------------------------------------------------------- no answer lost (review ux-2026-12, 1 and 2)


def _pty_interview(tmp_path, args):
    import pty

    env = dict(os.environ, ESCORT_DISABLE="labour,contracts,tax,ip,bankruptcy,governance,privacy", COLUMNS="100", LINES="40", TERM="xterm")
    try:
        pid, fd = pty.fork()
    except OSError as exc:
        pytest.skip(f"no pseudo-terminal can be opened here: {exc}")
    if pid == 0:
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "escort", "interview", *args], env)
    return pid, fd


def _reap(pid: int, wait: float = 10) -> int:
    """The child's exit status; a child still running after *wait* seconds (a failed step) is killed."""
    deadline = time.time() + wait
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def _profile_keys(fd, seen):
    steps = [("体检方式", "\r"), ("企业名称", "示范公司\r"), ("统一社会信用代码", USCC + "\r"), ("所属行业", "\r"),
             ("所在地区", "\r"), ("在职员工人数", "86\r"), ("注册资本", "\r"), ("成立日期", "\r"), ("上市情况", "\r"),
             ("企业标签", "escort-sample\r"), ("体检日期", "\r"), ("体检人", "王律师\r"), ("律师事务所", "\r"),
             ("律师执业证号", "\r"), ("本次体检使用哪些清单", "\r"), ("目前在职员工共有多少人", "86\r"),
             ("未签订书面劳动合同", "\r")]
    for wanted, keys in steps:
        _read_until(fd, wanted, seen)
        os.write(fd, keys.encode())


def _add_row(fd, seen, name, hire, wage):
    _read_until(fd, "表格", seen)
    os.write(fd, b"\r")                        # 添加一行 (the cursor starts there)
    for wanted, keys in (("姓名", name), ("入职日期", hire), ("月工资", wage)):
        _read_until(fd, wanted, seen)
        os.write(fd, (keys + "\r").encode())


TABLE_MENU = ["添加一行", "删除最后一行", "完成", "未知 / 不清楚", "帮助", "上一题", "跳过", "添加备注"]  # with rows


def _menu(fd, seen, label, marker):
    """Move the cursor of the 表格 menu (it starts on 添加一行) to *label* and press Enter."""
    _read_until(fd, marker, seen)
    time.sleep(0.3)
    os.write(fd, ("\x1b[B" * TABLE_MENU.index(label) + "\r").encode())


def test_help_note_and_ctrl_c_inside_a_table_keep_every_confirmed_row(tmp_path):
    pid, fd = _pty_interview(tmp_path, ["-o", "a.yaml"])
    seen: list[str] = []
    try:
        _profile_keys(fd, seen)
        _add_row(fd, seen, "张伟", "2026-04-01", "6500")
        _add_row(fd, seen, "李娜", "2025-10-08", "5800")
        _read_until(fd, "完成（共 2 行）", seen)
        data = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
        assert len(data["answers"]["sample"]["unsigned_staff"]) == 2      # saved before "done"
        _menu(fd, seen, "帮助", "完成（共 2 行）")                           # help ...
        _read_until(fd, "工资发放记录", seen)                            # the help (its evidence list) is shown
        del seen[:]
        _menu(fd, seen, "添加备注", "完成（共 2 行）")                       # ... the rows are still there; a note ...
        _read_until(fd, "备注", seen)
        os.write(fd, "人事经理口述\r".encode())
        _add_row(fd, seen, "王强", "2026-06-01", "7000")                  # ... and a third row
        _read_until(fd, "完成（共 3 行）", seen)
        os.write(fd, b"\x03")                                              # Ctrl-C at the table menu
        _read_until(fd, "--resume", seen)
    finally:
        status = _reap(pid)
    assert os.waitstatus_to_exitcode(status) == 130
    data = yaml.safe_load((tmp_path / "a.yaml").read_text(encoding="utf-8"))
    entry = data["answers"]["sample"]["unsigned_staff"]
    assert entry["note"] == "人事经理口述"
    assert [r["name"] for r in entry["value"]] == ["张伟", "李娜", "王强"]
    assert entry["value"][0] == {"name": "张伟", "hire_date": dt.date(2026, 4, 1), "monthly_wage": 6500}


def test_resume_continue_goes_through_unanswered_questions_only(tmp_path):
    answered = PROFILE + [A("86"), A(False), A("52")] + [SKIP] * 6
    reg, session, _ = interview(tmp_path, answered)
    session.data["answers"]["sample"]["insured_share"] = 90      # answered later on, out of order
    session.save()
    resumed = Interview.resume(reg, session.path)
    script = Script(["continue", A("partial"), A("unknown")] + [SKIP] * 10)
    choose_resume_point(resumed, script, say=lambda s: None)
    run_interview(resumed, script, say=lambda s: None)
    asked = [qid for scope, qid in script.asked]
    assert "insured_share" not in asked and "headcount" not in asked
    assert asked[0] == "overtime_pay"


def test_a_number_beyond_the_legal_limit_is_recorded_with_a_warning(tmp_path, escort_registry):
    from escort.models import Question

    q = Question(id="probation_months", text="试用期约定了几个月？", type="number", unit="个月", min=0, max=6)
    session = Interview.start(escort_registry, tmp_path / "a.yaml", today=DAY)
    from escort.session import Step

    step = Step("sample", q, "t")
    assert session.check(step, "12") is None and session.notice == ""   # accepted while typing, nothing recorded
    assert session._convert(step, "12") == 12
    assert "超出通常范围（0–6个月）" in session.notice


@pytest.mark.parametrize("typed, expected", [("８６人", 86), ("80小时", 80), ("500万", 5_000_000), ("８５％", 85),
                                             ("2,300元", 2300), ("1.5万元", 15_000)])
def test_numbers_are_read_the_same_in_the_interview_and_in_files(typed, expected):
    from escort.answers import read_number

    assert read_number(typed) == expected


def test_an_answers_file_beyond_a_range_warns_and_keeps_the_value(tmp_path, escort_registry):
    text = textwrap.dedent(f"""\
        enterprise: {{name: 示范公司, uscc: {USCC}, tags: [escort-sample]}}
        assessment: {{date: 2026-11-20}}
        answers:
          sample: {{headcount: 86人, overtime_hours_max: 800小时}}
        """)
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    answers, warnings = load_answers(path, escort_registry)
    assert answers.values["sample"]["headcount"] == 86
    assert answers.values["sample"]["overtime_hours_max"] == 800
    assert any("overtime_hours_max" in str(w) and "usual largest value 744" in str(w) for w in warnings)


def test_enter_on_an_empty_multi_select_asks_before_recording_none(escort_registry, tmp_path):
    from escort.prompts import TerminalPrompter
    from escort.session import Step

    q = escort_registry.checklists["sample"].questions["insurance_types"]
    session = Interview.start(escort_registry, tmp_path / "a.yaml", today=DAY)
    said: list[str] = []

    class Fake(TerminalPrompter):
        picks = [[], ["pension"]]
        confirms = [False]

        def _ask(self, question):
            return self.picks.pop(0)

        def confirm(self, message, default=True):
            said.append(message)
            return self.confirms.pop(0)

    action = Fake(say=said.append, colour=False)._checkbox(session.request(Step("sample", q, "t")))
    assert action.kind == "answer" and action.value == ["pension"]   # the empty Enter was not recorded
    assert any("都没有" in m for m in said) and any(m.startswith("  已选：") for m in said)
