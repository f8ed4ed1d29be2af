"""escort batch: many enterprises, one broken file, reruns that skip unchanged inputs."""

from __future__ import annotations

import json
import shutil

import pytest

from escort.resources import data_path

EXAMPLES = data_path("examples")
BROKEN = """\
enterprise:
  name: 坏文件企业
  uscc: 91320505MA1W8R2T6Y
assessment:
  date: 2026-11-20
answers:
  labour:
    headcont: 12
"""


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("average.yaml", "well_run.yaml", "in_trouble.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


def test_one_broken_file_is_reported_and_the_rest_are_checked(inputs, tmp_path, run_cli):
    out = run_cli("batch", str(inputs), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert out.returncode == 2
    # the broken file's problem is located (file:line) and named, with a suggestion
    assert f"{inputs / 'broken.yaml'}:8:" in out.stderr and "headcont" in out.stderr and "headcount" in out.stderr
    assert "Traceback" not in out.stderr
    for name in ("average", "well_run", "in_trouble"):
        assert (tmp_path / "out" / name / "result.json").is_file()
    assert not (tmp_path / "out" / "broken" / "result.json").exists()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["enterprises"], summary["checked"]) == (4, 3)
    assert summary["bad"][0]["input"].endswith("broken.yaml")
    assert (tmp_path / "out" / "ledger.xlsx").is_file()


def test_batch_result_is_the_same_as_check(inputs, tmp_path, run_cli):
    (inputs / "broken.yaml").unlink()
    assert run_cli("batch", str(inputs), "-o", str(tmp_path / "out")).returncode == 0
    assert run_cli("check", str(inputs / "average.yaml"), "-o", str(tmp_path / "single")).returncode == 0
    batch = json.loads((tmp_path / "out" / "average" / "result.json").read_text(encoding="utf-8"))
    single = json.loads((tmp_path / "single" / "result.json").read_text(encoding="utf-8"))
    assert [(f["rule"], f["status"]) for f in batch["findings"]] == [(f["rule"], f["status"]) for f in single["findings"]]
    assert batch["exposure_total"] == single["exposure_total"]


def test_rerun_skips_unchanged_inputs_and_force_redoes_them(inputs, tmp_path, run_cli):
    (inputs / "broken.yaml").unlink()
    out_dir = str(tmp_path / "out")
    assert "完成 3，未变跳过 0" in run_cli("batch", str(inputs), "-o", out_dir).stdout
    assert "完成 0，未变跳过 3" in run_cli("batch", str(inputs), "-o", out_dir).stdout
    text = (inputs / "well_run.yaml").read_text(encoding="utf-8")
    (inputs / "well_run.yaml").write_text(text + "\n# 复核后补充说明\n", encoding="utf-8")
    assert "完成 1，未变跳过 2" in run_cli("batch", str(inputs), "-o", out_dir).stdout
    assert "完成 3，未变跳过 0" in run_cli("batch", str(inputs), "-o", out_dir, "--force").stdout


def test_fail_on_gives_exit_1_like_check(inputs, tmp_path, run_cli):
    (inputs / "broken.yaml").unlink()
    out = run_cli("batch", str(inputs / "in_trouble.yaml"), "-o", str(tmp_path / "out"), "--fail-on", "critical")
    assert out.returncode == 1


def test_unknown_format_is_one_line_and_exit_2(inputs, tmp_path, run_cli):
    out = run_cli("batch", str(inputs), "-o", str(tmp_path / "out"), "--format", "json,odt")
    assert out.returncode == 2 and "unknown format 'odt'" in out.stderr and "docx" in out.stderr
