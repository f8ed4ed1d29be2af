"""Copy statute articles verbatim from shared/law/*.md into the law registry.

Usage: python scripts/import_laws.py [SHARED_LAW_DIR] [OUT_DIR]

Each entry of a domain file (### LB-03 · 劳动合同法 第十条 — ...) becomes one
article in checklists/laws/<domain>.yaml.  The article text is the entry's
block quote, copied character for character (paragraphs joined by a newline),
so the registry never holds legal text typed from memory.  Run it again after
the shared files change; tests/test_laws.py checks that every article in the
registry is still an exact copy.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

# Full official name -> (registry id, short name). Ids are stable: never reuse one.
LAWS = {
    "中华人民共和国劳动合同法": ("labour_contract_law", "劳动合同法"),
    "中华人民共和国劳动合同法实施条例": ("labour_contract_regulation", "劳动合同法实施条例"),
    "中华人民共和国劳动法": ("labour_law", "劳动法"),
    "中华人民共和国社会保险法": ("social_insurance_law", "社会保险法"),
    "工伤保险条例": ("work_injury_regulation", "工伤保险条例"),
    "职工带薪年休假条例": ("annual_leave_regulation", "职工带薪年休假条例"),
    "企业职工带薪年休假实施办法": ("annual_leave_measures", "企业职工带薪年休假实施办法"),
    "中华人民共和国劳动争议调解仲裁法": ("labour_arbitration_law", "劳动争议调解仲裁法"),
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（一）": ("spc_labour_dispute_interp_1", "劳动争议解释（一）"),
    "国务院关于职工工作时间的规定": ("working_hours_provisions", "国务院关于职工工作时间的规定"),
    "全国年节及纪念日放假办法": ("public_holidays_measures", "全国年节及纪念日放假办法"),
    "关于职工全年月平均工作时间和工资折算问题的通知（劳社部发[2008]3号）": ("wage_conversion_notice", "劳社部发[2008]3号通知"),
    "中华人民共和国刑法": ("criminal_law", "刑法"),
    "中华人民共和国民法典（总则编）": ("civil_code", "民法典"),
    "中华人民共和国民法典（合同编）": ("civil_code", "民法典"),
    "最高人民法院关于适用《中华人民共和国民法典》合同编通则若干问题的解释": ("spc_contract_general_interp", "民法典合同编通则解释"),
    "最高人民法院关于适用《中华人民共和国民法典》有关担保制度的解释": ("spc_guarantee_interp", "民法典担保制度解释"),
    "中华人民共和国公司法": ("company_law", "公司法"),
    "中华人民共和国电子签名法": ("electronic_signature_law", "电子签名法"),
    "保障中小企业款项支付条例": ("sme_payment_regulation", "保障中小企业款项支付条例"),
    "中华人民共和国仲裁法": ("arbitration_law", "仲裁法"),
    "中华人民共和国税收征收管理法": ("tax_collection_law", "税收征收管理法"),
    "中华人民共和国税收征收管理法实施细则": ("tax_collection_rules", "税收征收管理法实施细则"),
    "中华人民共和国企业所得税法": ("enterprise_income_tax_law", "企业所得税法"),
    "中华人民共和国企业所得税法实施条例": ("enterprise_income_tax_regulation", "企业所得税法实施条例"),
    "中华人民共和国个人所得税法": ("individual_income_tax_law", "个人所得税法"),
    "中华人民共和国增值税法": ("vat_law", "增值税法"),
    "中华人民共和国增值税暂行条例": ("vat_interim_regulation", "增值税暂行条例"),
    "中华人民共和国发票管理办法": ("invoice_measures", "发票管理办法"),
    "最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释": ("spc_spp_tax_crime_interp", "两高危害税收征管刑事解释"),
    "中华人民共和国商标法": ("trademark_law", "商标法"),
    "中华人民共和国商标法实施条例": ("trademark_regulation", "商标法实施条例"),
    "中华人民共和国专利法": ("patent_law", "专利法"),
    "中华人民共和国专利法实施细则": ("patent_rules", "专利法实施细则"),
    "中华人民共和国促进科技成果转化法": ("tech_transfer_law", "促进科技成果转化法"),
    "中华人民共和国著作权法": ("copyright_law", "著作权法"),
    "计算机软件保护条例": ("software_protection_regulation", "计算机软件保护条例"),
    "中华人民共和国反不正当竞争法": ("anti_unfair_competition_law", "反不正当竞争法"),
    "最高人民法院关于审理侵犯商业秘密民事案件适用法律若干问题的规定": ("spc_trade_secret_provisions", "商业秘密民事规定"),
    "中华人民共和国企业破产法": ("enterprise_bankruptcy_law", "企业破产法"),
    "最高人民法院关于适用《中华人民共和国企业破产法》若干问题的规定（一）": ("spc_bankruptcy_provisions_1", "破产法解释（一）"),
    "最高人民法院关于适用《中华人民共和国企业破产法》若干问题的规定（二）": ("spc_bankruptcy_provisions_2", "破产法解释（二）"),
    "国务院关于实施《中华人民共和国公司法》注册资本登记管理制度的规定": ("registered_capital_provisions", "国务院注册资本登记管理规定"),
    "最高人民法院关于适用《中华人民共和国企业破产法》若干问题的规定（三）": ("spc_bankruptcy_provisions_3", "破产法解释（三）"),
    "最高人民法院关于审理城镇房屋租赁合同纠纷案件具体应用法律若干问题的解释": ("spc_urban_lease_interp", "城镇房屋租赁合同解释"),
    "中华人民共和国民事诉讼法": ("civil_procedure_law", "民事诉讼法"),
    "中华人民共和国民营经济促进法": ("private_economy_promotion_law", "民营经济促进法"),
    "企业信息公示暂行条例": ("enterprise_info_disclosure_regulation", "企业信息公示暂行条例"),
    "最高人民法院关于适用《中华人民共和国公司法》时间效力的若干规定": ("spc_company_law_temporal_provisions", "公司法时间效力规定"),
    "最高人民法院关于适用《中华人民共和国公司法》若干问题的规定（三）": ("spc_company_law_provisions_3", "公司法解释（三）"),
    "全国人民代表大会常务委员会关于《中华人民共和国刑法》第一百五十八条、第一百五十九条的解释": ("npcsc_criminal_law_158_159_interp", "全国人大常委会关于刑法第一百五十八条、第一百五十九条的解释"),
    "女职工劳动保护特别规定": ("female_staff_protection_provisions", "女职工劳动保护特别规定"),
    "禁止使用童工规定": ("child_labour_provisions", "禁止使用童工规定"),
    "住房公积金管理条例": ("housing_fund_regulation", "住房公积金管理条例"),
    "中华人民共和国职业病防治法": ("occupational_disease_law", "职业病防治法"),
    "保障农民工工资支付条例": ("migrant_wage_regulation", "保障农民工工资支付条例"),
    "工资支付暂行规定": ("wage_payment_provisions", "工资支付暂行规定"),
    "中华人民共和国就业促进法": ("employment_promotion_law", "就业促进法"),
    "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释": ("spc_wage_refusal_crime_interp", "拒不支付劳动报酬刑事解释"),
    "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）": ("spc_labour_dispute_interp_2", "劳动争议解释（二）"),
    "中华人民共和国个人信息保护法": ("personal_information_protection_law", "个人信息保护法"),
    "中华人民共和国网络安全法": ("cybersecurity_law", "网络安全法"),
    "中华人民共和国数据安全法": ("data_security_law", "数据安全法"),
    "网络数据安全管理条例": ("network_data_security_regulation", "网络数据安全管理条例"),
    "最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释": ("spc_spp_personal_info_crime_interp", "两高侵犯公民个人信息刑事解释"),
    "中华人民共和国印花税法": ("stamp_duty_law", "印花税法"),
    "中华人民共和国增值税法实施条例": ("vat_law_regulation", "增值税法实施条例"),
    "中华人民共和国个人所得税法实施条例": ("individual_income_tax_regulation", "个人所得税法实施条例"),
}

# Laws whose shared files quote more than one version.  A later version gets its own registry id
# (the earlier one keeps the id rules already cite), chosen by a phrase of its version line.
LATER_VERSIONS = {
    ("中华人民共和国仲裁法", "revised 2025-09-12"): ("arbitration_law_2025", "仲裁法"),
    ("中华人民共和国反不正当竞争法", "2nd revision adopted 2025-06-27"): ("anti_unfair_competition_law_2025", "反不正当竞争法"),
}

# When each text is in force: (effective, superseded from, superseded by).  A text still in force
# has no 'superseded'.  Dates from the version lines of the shared files and their Gaps sections.
IN_FORCE = {
    "arbitration_law": ("2018-01-01", "2026-03-01", "arbitration_law_2025"),
    "arbitration_law_2025": ("2026-03-01", None, None),
    "anti_unfair_competition_law": ("2019-04-23", "2025-10-15", "anti_unfair_competition_law_2025"),
    "anti_unfair_competition_law_2025": ("2025-10-15", None, None),
    "vat_interim_regulation": ("2017-11-19", "2026-01-01", "vat_law"),
    "vat_law": ("2026-01-01", None, None),
    "vat_law_regulation": ("2026-01-01", None, None),
    "company_law": ("2024-07-01", None, None),
    "spc_labour_dispute_interp_2": ("2025-09-01", None, None),
    "private_economy_promotion_law": ("2025-05-20", None, None),
    "network_data_security_regulation": ("2025-01-01", None, None),
    "stamp_duty_law": ("2022-07-01", None, None),
    "cybersecurity_law": ("2026-01-01", None, None),
    "patent_rules": ("2024-01-20", None, None),
}

# The revision of each text, in Chinese for reports. Translated from the "Law / version" line of the
# shared files (dates and order numbers only; caveats about the source are kept in `revision`).
REVISIONS_ZH = {
    "labour_contract_law": "2007年6月29日通过，2008年1月1日起施行，2012年12月28日修正",
    "labour_contract_regulation": "国务院令第535号，2008年9月18日公布施行",
    "labour_law": "1995年1月1日起施行，2018年12月29日第二次修正",
    "social_insurance_law": "2011年7月1日起施行，2018年12月29日修正",
    "work_injury_regulation": "国务院2003年公布，2010年12月20日修订",
    "annual_leave_regulation": "国务院令第514号，2007年12月14日公布，2008年1月1日起施行",
    "annual_leave_measures": "人力资源和社会保障部规章，2008年7月17日通过，自公布之日起施行",
    "labour_arbitration_law": "2007年12月29日通过，2008年5月1日起施行",
    "spc_labour_dispute_interp_1": "2021年1月1日起施行",
    "working_hours_provisions": "1995年3月25日修订，1995年5月1日起施行",
    "public_holidays_measures": "2024年11月10日第四次修订",
    "criminal_law": "含2023年12月29日《刑法修正案（十二）》的现行文本",
    "civil_code": "2020年5月28日通过，2021年1月1日起施行",
    "spc_contract_general_interp": "2023年5月23日通过，2023年12月5日起施行",
    "spc_guarantee_interp": "2020年12月25日通过，2021年1月1日起施行",
    "company_law": "2023年12月29日第二次修订，2024年7月1日起施行",
    "electronic_signature_law": "2005年4月1日起施行，2019年4月23日第二次修正",
    "sme_payment_regulation": "国务院令第728号（2020年7月5日）公布，国务院令第802号（2025年3月17日）修订",
    "arbitration_law": "1994年8月31日通过，2009年8月27日、2017年9月1日修正",
    "tax_collection_law": "2001年修订（2001年5月1日起施行），2015年4月24日第三次修正",
    "tax_collection_rules": "国务院2002年公布，2012年、2013年、2016年2月6日修订",
    "enterprise_income_tax_law": "2008年1月1日起施行，2018年12月29日第二次修正",
    "enterprise_income_tax_regulation": "国务院令第512号（2007年）公布，2019年4月23日修订",
    "individual_income_tax_law": "2018年8月31日第七次修正",
    "vat_law": "2024年12月25日通过，2026年1月1日起施行",
    "vat_interim_regulation": "2017年11月19日修订；自2026年1月1日起由增值税法取代",
    "invoice_measures": "2023年7月20日第三次修订",
    "spc_spp_tax_crime_interp": "2024年3月20日起施行",
    "trademark_law": "2019年4月23日第四次修正",
    "trademark_regulation": "2014年4月29日修订，2014年5月1日起施行",
    "patent_law": "2020年10月17日第四次修正",
    "patent_rules": "2023年12月11日第三次修订",
    "tech_transfer_law": "2015年8月29日修正",
    "copyright_law": "2020年11月11日第三次修正",
    "software_protection_regulation": "国务院2001年公布，2011年、2013年1月30日修订",
    "anti_unfair_competition_law": "2017年修订，2019年4月23日修正；自2025年10月15日起已被2025年修订文本取代，引用前请核对新文本",
    "spc_trade_secret_provisions": "2020年9月12日起施行",
    "enterprise_bankruptcy_law": "2006年8月27日通过，2007年6月1日起施行；2025年修订草案已提请审议，引用前请核对是否已通过",
    "spc_bankruptcy_provisions_1": "2011年9月26日起施行",
    "spc_bankruptcy_provisions_2": "2013年公布，2020年12月23日修正，2021年1月1日起施行",
    "registered_capital_provisions": "国务院，2024年7月1日",
    "spc_bankruptcy_provisions_3": "2019年3月28日起施行，2020年12月23日修正",
    "spc_urban_lease_interp": "2009年公布，2020年12月23日修正",
    "civil_procedure_law": "1991年4月9日通过，2023年9月1日第五次修正",
    "arbitration_law_2025": "2025年9月12日修订，2026年3月1日起施行",
    "anti_unfair_competition_law_2025": "2025年6月27日第二次修订，2025年10月15日起施行",
    "private_economy_promotion_law": "2025年4月30日通过，2025年5月20日起施行",
    "enterprise_info_disclosure_regulation": "国务院令第654号，2014年10月1日起施行",
    "spc_company_law_temporal_provisions": "法释〔2024〕7号，2024年7月1日起施行",
    "spc_company_law_provisions_3": "2011年公布，2014年2月17日、2020年12月23日修正",
    "npcsc_criminal_law_158_159_interp": "2014年4月24日通过",
    "female_staff_protection_provisions": "国务院令第619号，2012年4月28日公布施行",
    "child_labour_provisions": "国务院令第364号，2002年12月1日起施行",
    "housing_fund_regulation": "国务院令第262号（1999年）公布，2002年3月24日、2019年3月24日修订",
    "occupational_disease_law": "2001年10月27日通过，2018年12月29日第四次修正",
    "migrant_wage_regulation": "国务院2019年12月30日公布，2020年5月1日起施行",
    "wage_payment_provisions": "劳部发〔1994〕489号，1995年1月1日起施行",
    "employment_promotion_law": "2008年1月1日起施行，2015年4月24日修正",
    "spc_wage_refusal_crime_interp": "2013年1月23日起施行",
    "spc_labour_dispute_interp_2": "法释〔2025〕12号，2025年9月1日起施行",
    "personal_information_protection_law": "2021年8月20日通过，2021年11月1日起施行",
    "cybersecurity_law": "2016年11月7日通过，2025年10月28日修正，2026年1月1日起施行",
    "data_security_law": "2021年6月10日通过，2021年9月1日起施行",
    "network_data_security_regulation": "国务院2024年9月24日公布，2025年1月1日起施行",
    "spc_spp_personal_info_crime_interp": "2017年6月1日起施行",
    "stamp_duty_law": "2021年6月10日通过，2022年7月1日起施行",
    "vat_law_regulation": "国务院2025年12月25日公布，2026年1月1日起施行",
    "individual_income_tax_regulation": "2018年12月18日修订，2019年1月1日起施行",
}

DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int:
    """Turn a Chinese numeral such as 二百零五 into 205."""
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


def article_key(label: str) -> str:
    """第二百七十六条之一 -> '276-1'; 第十条 -> '10'; 全文 (an instrument quoted whole) -> 'full'."""
    if label == "全文":
        return "full"
    m = re.fullmatch(r"第([零一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?", label)
    if not m:
        raise ValueError(f"not an article label: {label!r}")
    key = str(chinese_number(m.group(1)))
    return f"{key}-{chinese_number(m.group(2))}" if m.group(2) else key


ENTRY = re.compile(r"^### (?P<ref>[A-Z]{2}-\d+) · (?P<short>.+?) (?P<label>第\S+?条(?:之\S)?|全文) — (?P<title>.+)$")


def parse_domain(path: Path) -> list[dict]:
    entries, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = None
            continue
        m = ENTRY.match(line)
        if line.startswith("### ") and not m:  # never let an entry's text run on into the one before it
            raise ValueError(f"{path.name}: entry heading not understood: {line!r}")
        if m:
            current = {**m.groupdict(), "quote": [], "version": "", "source": ""}
            entries.append(current)
            continue
        if current is None:
            continue
        if line.startswith("- **Law / version:** "):
            current["version"] = line.removeprefix("- **Law / version:** ")
        elif line.startswith("- **Source:** "):
            current["source"] = line.removeprefix("- **Source:** ")
        elif line.startswith("> "):
            current["quote"].append(line[2:])
    return entries


def in_force(law_id: str) -> dict:
    """The registry fields saying when a text is in force (only those known)."""
    effective, superseded, successor = IN_FORCE.get(law_id, (None, None, None))
    fields = {"effective": effective, "superseded": superseded, "superseded_by": successor}
    return {k: v for k, v in fields.items() if v}


def split_version(text: str) -> tuple[str, str]:
    for name in sorted(LAWS, key=len, reverse=True):
        if text.startswith(name):
            return name, text[len(name):].lstrip(" —").strip()
    raise ValueError(f"law not in the id table: {text!r}")


def build(shared: Path, out: Path) -> None:
    for md in sorted(shared.glob("*.md")):
        if md.name == "README.md":
            continue
        laws: dict[str, dict] = {}
        for entry in parse_domain(md):
            full, revision = split_version(entry["version"])
            law_id, short = LAWS[full]
            for (name, phrase), later in LATER_VERSIONS.items():
                if full == name and phrase in revision:
                    law_id, short = later
            law = laws.setdefault(law_id, {
                "id": law_id,
                "name": "中华人民共和国民法典" if law_id == "civil_code" else full,
                "short_name": short,
                "revision": revision,
                "revision_zh": REVISIONS_ZH[law_id],
                "source": entry["source"],
                **in_force(law_id),
                "articles": [],
            })
            key = article_key(entry["label"])
            if any(a["number"] == key for a in law["articles"]):
                continue
            law["articles"].append({
                "number": key,
                "label": entry["label"],
                "title": entry["title"],
                "ref": entry["ref"],
                "text": "\n".join(entry["quote"]),
            })
        header = (
            f"# Law registry for {md.stem}: generated by scripts/import_laws.py from shared/law/{md.name}.\n"
            "# Article text is copied verbatim; do not edit it by hand, re-run the script.\n"
        )
        body = yaml.safe_dump({"laws": list(laws.values())}, allow_unicode=True, sort_keys=False, width=1000)
        (out / f"{md.stem}.yaml").write_text(header + body, encoding="utf-8")
        print(f"{md.stem}: {len(laws)} laws, {sum(len(l['articles']) for l in laws.values())} articles")


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "law"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "checklists" / "laws"
    build(shared, out)
