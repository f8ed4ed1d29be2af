"""The command line as a user meets it: clear lines, documented exit codes, never a traceback."""

import json
from pathlib import Path
import sys

import pytest



def test_help_does_not_import_weasyprint():
    import subprocess

    code = ("import sys; from escort.cli import cli; import click; import escort.report; "
            "ctx = click.Context(cli); cli.get_help(ctx); [cli.get_command(ctx, n) for n in cli.list_commands(ctx)]; "
            "print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_list_shows_plugins_with_distribution_and_checklists_with_counts(run_cli):
    out = run_cli("list")
    assert out.returncode == 0
    assert "sample           escort 0.1.0" in out.stdout
    assert "用工基础抽查（示例清单）  (10 questions, 6 rules; from sample)" in out.stdout


def test_check_writes_result_json(run_cli, tmp_path):
    from escort.resources import data_path

    out = run_cli("check", str(data_path("examples", "sample.yaml")), "-o", str(tmp_path), "--checklist", "sample")
    assert out.returncode == 0, out.stderr
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["schema_version"] == "1.1"
    assert result["grade"] == "red"
    assert {c["id"]: c["version"] for c in result["checklists"]}["sample"] == "1.0.0"
    assert "总体评级: 红灯（重大风险）" in out.stdout


def test_fail_on_threshold_exits_1(run_cli, tmp_path):
    from escort.resources import data_path

    out = run_cli("check", str(data_path("examples", "sample.yaml")), "-o", str(tmp_path), "--fail-on", "critical",
                  "--checklist", "sample")
    assert out.returncode == 1


@pytest.mark.parametrize("content, expected", [
    ("enterprise: [\n", "a.yaml:2: not valid YAML"),
    ("- just\n- a list\n", "a.yaml:1: an answers file must be a mapping"),
    ("enterprise: {name: x, uscc: '123'}\nassessment: {date: 2026-11-20}\n",
     "a.yaml:1: enterprise.uscc: 统一社会信用代码 must have 18 characters, '123' has 3"),
    ("enterprise: {name: x, uscc: 91350100M000100Y43}\nassessment: {date: 2026-11-20}\nanswers: {nosuch: {}}\n",
     "a.yaml:3: answers.nosuch: no checklist 'nosuch' is installed"),
])
def test_bad_answers_give_one_line_and_exit_2(run_cli, tmp_path, content, expected):
    path = tmp_path / "a.yaml"
    path.write_text(content, encoding="utf-8")
    out = run_cli("check", "a.yaml", "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert out.returncode == 2
    assert expected in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert not (tmp_path / "out" / "result.json").exists()


def test_failed_check_keeps_the_previous_result(run_cli, tmp_path):
    (tmp_path / "out").mkdir()
    previous = tmp_path / "out" / "result.json"
    previous.write_text('{"kept": true}', encoding="utf-8")
    (tmp_path / "a.yaml").write_text("enterprise: {\n", encoding="utf-8")
    assert run_cli("check", "a.yaml", "-o", "out", cwd=tmp_path).returncode == 2
    assert previous.read_text(encoding="utf-8") == '{"kept": true}'


def test_missing_file_and_unknown_command_and_checklist(run_cli, tmp_path):
    assert "nope.yaml: no such file" in run_cli("check", "nope.yaml", cwd=tmp_path).stderr.splitlines()
    out = run_cli("show", "sampel")
    assert out.returncode == 2 and "no checklist 'sampel' is installed; did you mean 'sample'?" in out.stderr
    assert run_cli("frobnicate").returncode == 2


def test_validate_reports_each_problem_and_exits_2(run_cli, tmp_path):
    (tmp_path / "c.yaml").write_text("id: x\nversion: '1'\ntitle: t\ndomain: mars\nsections: []\n", encoding="utf-8")
    out = run_cli("validate", "c.yaml", cwd=tmp_path)
    assert out.returncode == 2
    lines = [l for l in out.stderr.splitlines() if l.startswith("c.yaml")]
    assert lines == [
        "c.yaml:2: version: '1' is not in the expected form (a version such as 1.0.0)",
        "c.yaml:5: sections: should not be empty",
    ]


def test_an_unregistered_domain_is_named_with_the_registered_ones(run_cli, tmp_path):
    """Domains are registered by plugins (escort_domains); the linker checks a checklist's domain against them."""
    sample = Path(__file__).resolve().parent.parent / "checklists" / "sample.yaml"
    text = sample.read_text(encoding="utf-8").replace("domain: labour", "domain: labor")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = run_cli("validate", "c.yaml", cwd=tmp_path)
    assert out.returncode == 2
    line = next(l for l in out.stderr.splitlines() if "domain" in l)
    assert line.startswith("c.yaml:8:") and "'labor' is not registered; did you mean 'labour'?" in line
    assert "labour, contracts, tax, ip" in line


def test_validate_installed_checklists_passes(run_cli):
    out = run_cli("validate")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok:")


def test_show_json_resolves_every_citation(run_cli):
    out = run_cli("show", "sample", "--json")
    data = json.loads(out.stdout)
    for rule in data["rules"]:
        assert len(rule["legal_basis"]) == len(rule["cite"]) > 0
        for article in rule["legal_basis"]:
            assert article["text"].startswith(article["label"])
    assert data["rules"][0]["legal_basis"][0]["law"] == "中华人民共和国劳动合同法"


def test_schema_prints_json_schema(run_cli):
    out = run_cli("schema", "answers")
    schema = json.loads(out.stdout)
    assert schema["title"] == "AnswersFile" and "enterprise" in schema["properties"]


def test_demo_runs_end_to_end(run_cli, tmp_path):
    out = run_cli("demo", "-o", str(tmp_path / "demo"), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "demo" / "result.json").exists()
    assert "完成。" in out.stdout


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    from escort.files import write_atomic

    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "result.json", "{}")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644  # not 0600 as mkstemp leaves it


def test_list_aligns_chinese_titles_by_display_width(run_cli):
    from escort.output import display_width

    out = run_cli("list")
    lines = [l for l in out.stdout.splitlines() if "questions," in l]
    assert len(lines) >= 6
    starts = {display_width(l.split("(")[0]) for l in lines}
    assert len(starts) == 1, lines  # the counts start in the same terminal column on every line


def test_columns_pads_by_terminal_columns_not_code_points():
    from escort.output import columns

    assert columns([["劳动用工", "94.4"], ["IP", "61.3"]]) == ["  劳动用工  94.4", "  IP        61.3"]


def test_validate_path_reports_on_that_path_only_and_all_adds_the_builtins(run_cli, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "checklists" / "sample.yaml"
    (tmp_path / "mine.yaml").write_text(sample.read_text(encoding="utf-8").replace("id: sample", "id: mine", 1),
                                        encoding="utf-8")
    out = run_cli("validate", "mine.yaml", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "tax.yaml" not in out.stderr and "labour.yaml" not in out.stderr  # the built-ins' warnings stay out
    assert out.stdout.startswith("ok: 1 file(s) checked")
    everything = run_cli("validate", "mine.yaml", "--all", cwd=tmp_path)
    assert "tax.yaml" in everything.stderr and "W-" in everything.stderr
