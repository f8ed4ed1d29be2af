"""The law registry holds statute text copied verbatim from shared/law, never typed from memory."""

from pathlib import Path

import pytest
import yaml

from escort.resources import data_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "law"
# pending.yaml is hand-written and holds dates only (no text): it has its own tests in test_legal_engine.py
LAW_FILES = sorted(p for p in data_path("checklists", "laws").glob("*.yaml") if p.name != "pending.yaml")


def quoted_blocks(md: Path) -> str:
    """The shared file's block quotes, with their '> ' removed, as one text."""
    return "\n".join(line[2:] for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("> "))


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/law is not beside this checkout")
@pytest.mark.parametrize("law_file", LAW_FILES, ids=lambda p: p.stem)
def test_every_article_is_a_verbatim_copy_from_shared_law(law_file):
    source = quoted_blocks(SHARED / f"{law_file.stem}.md")
    data = yaml.safe_load(law_file.read_text(encoding="utf-8"))
    for law in data["laws"]:
        for article in law["articles"]:
            for paragraph in article["text"].split("\n"):
                assert paragraph in source, f"{law['id']}#{article['number']} is not verbatim: {paragraph[:40]}"


def test_registry_keys_resolve_with_label_and_revision(escort_registry):
    cited = escort_registry.laws.resolve("labour_contract_law#82")
    assert cited.label == "第八十二条"
    assert cited.text.startswith("第八十二条 用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的")
    assert "2012-12-28" in cited.revision


def test_article_numbers_follow_the_chinese_numerals():
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_laws", ROOT / "scripts" / "import_laws.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.article_key("第十条") == "10"
    assert module.article_key("第二百零五条之一") == "205-1"
    assert module.article_key("第一百一十三条") == "113"
    assert module.article_key("第二十条") == "20"


def test_conflicting_article_texts_are_reported():
    from escort.laws import LawRegistry
    from escort.models import Article, Law

    reg = LawRegistry()
    law = Law(id="x", name="X法", short_name="X法", revision="r", articles=[Article(number="1", label="第一条", text="第一条 甲")])
    other = law.model_copy(update={"articles": [Article(number="1", label="第一条", text="第一条 乙")]})
    assert reg.add(law, "a.yaml") == []
    problems = reg.add(other, "b.yaml")
    assert "article x#1: the text given by b.yaml differs from the text given by a.yaml" in str(problems[0])


@pytest.mark.parametrize("law_file", LAW_FILES, ids=lambda p: p.stem)
def test_every_law_states_its_revision_in_chinese_for_reports(law_file):
    data = yaml.safe_load(law_file.read_text(encoding="utf-8"))
    for law in data["laws"]:
        assert law["revision_zh"] and not any(word in law["revision_zh"] for word in ("per file name", "see gaps"))
    bankruptcy = yaml.safe_load(data_path("checklists", "laws", "bankruptcy.yaml").read_text(encoding="utf-8"))
    ebl = next(law for law in bankruptcy["laws"] if law["id"] == "enterprise_bankruptcy_law")
    assert "2007年6月1日起施行" in ebl["revision_zh"] and "修订草案" in ebl["revision_zh"]


def test_an_instrument_quoted_whole_is_its_own_entry_and_never_runs_into_the_article_before():
    """GV-44 (the NPCSC interpretation, 全文) once ran on into GV-43 (刑法第一百五十八条), under the wrong law."""
    import yaml

    data = yaml.safe_load((ROOT / "checklists" / "laws" / "governance.yaml").read_text(encoding="utf-8"))
    articles = {(law["id"], a["number"]): a for law in data["laws"] for a in law["articles"]}
    crime = articles[("criminal_law", "158")]
    assert crime["label"] == "第一百五十八条" and "解释如下" not in crime["text"]
    interp = articles[("npcsc_criminal_law_158_159_interp", "full")]
    assert interp["label"] == "全文" and "只适用于依法实行注册资本实缴登记制的公司" in interp["text"]
    assert ("npcsc_criminal_law_158_159_interp", "158") not in articles


def test_the_importer_refuses_a_heading_it_does_not_understand(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_laws", ROOT / "scripts" / "import_laws.py")
    importer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(importer)
    (tmp_path / "x.md").write_text("## Core\n\n### XX-01 · 某法 附则 — something\n\n> 正文\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry heading not understood"):
        importer.parse_domain(tmp_path / "x.md")
