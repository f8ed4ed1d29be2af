"""Every data model of Escort, in one place.

Checklists, laws, answers files and results are pydantic v2 models with extra
fields forbidden, so a misspelt key is an error with its file and line rather
than something silently ignored.  Every field has a description: it feeds
``escort schema``, the docs and editor hovers.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from escort.labels import EXPOSURE_KIND_NAMES, SEVERITY_NAMES, SEVERITY_ORDER, TIMEFRAME_NAMES  # noqa: F401 (re-exported)
from escort.uscc import uscc_problem

RESULT_SCHEMA_VERSION = "1.1"  # 1.1: domain_names, plugins, evidence (additive)

Id = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64,
          description="A stable identifier: lower-case letters, digits and underscores, starting with a letter."),
]
Expr = Annotated[str, Field(min_length=1, max_length=2000, description="An Escort expression (see docs/expressions.md).")]
Citation = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*#(\d+(-\d+)?|full)$",
          description="A law registry key: law id, '#', article number; e.g. 'labour_contract_law#82' or 'criminal_law#276-1'."),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


# --------------------------------------------------------------------------- laws


class Article(Strict):
    number: str = Field(pattern=r"^(\d+(-\d+)?|full)$",
                        description="Article number in Arabic digits; '276-1' for 第二百七十六条之一; "
                                    "'full' for an instrument quoted whole (label 全文).")
    label: str = Field(description="The article number as printed, e.g. 第八十二条.")
    title: str = Field("", description="A short description of what the article governs.")
    ref: str = Field("", description="Reference to the entry in the source collection (e.g. LB-04).")
    text: str = Field(min_length=1, description="The article text, verbatim from the official source.")


class Law(Strict):
    id: Id
    name: str = Field(description="Official full name, e.g. 中华人民共和国劳动合同法.")
    short_name: str = Field(description="Name used in citations, e.g. 劳动合同法.")
    revision: str = Field(description="Revision and effective date of the text quoted, as recorded with the source.")
    revision_zh: str = Field("", description="The same revision in Chinese, for reports (e.g. 2012年12月28日修正).")
    source: str = Field("", description="Where the text was taken from.")
    effective: Optional[dt.date] = Field(None, description="The day this text came into force, where recorded.")
    superseded: Optional[dt.date] = Field(None, description="The first day this text is no longer in force "
                                          "(replaced or repealed); empty while it is in force.")
    superseded_by: Optional[str] = Field(None, description="Registry id of the text that replaced this one, "
                                         "where the registry holds it.")
    articles: list[Article] = Field(description="The articles of this law held by the registry.")
    override: Optional[str] = Field(None, description="Only for an installed plugin that must replace texts already in "
                                    "the registry (e.g. a newer official text): the reason, in words. Each replaced "
                                    "article is recorded in result.json (law_overrides) and shown to the lawyer; "
                                    "without it, a different text is a conflict and the first text is kept.")


class LawFile(Strict):
    laws: list[Law] = Field(description="Laws contributed by this file.")


class PendingLaw(Strict):
    """A version of a law the registry knows by its dates only: no article text is held for it."""

    id: Id = Field(description="Registry id of this version, e.g. trademark_law_2027; cited as 'id#article' in an in_force list.")
    name: str = Field(description="Official full name, e.g. 中华人民共和国商标法.")
    short_name: str = Field(description="Name used in citations, e.g. 商标法.")
    revision_zh: str = Field(description="The version in Chinese, e.g. 2026年6月26日修订，2027年1月1日起施行.")
    adopted: Optional[dt.date] = Field(None, description="The day the text was adopted, where known.")
    effective: Optional[dt.date] = Field(None, description="The first day it is (or was) in force, where known.")
    superseded: Optional[dt.date] = Field(None, description="The first day it is no longer in force, for an earlier version.")
    replaces: Optional[str] = Field(None, description="Registry id of the text this version replaces from its effective date.")
    replaced_by: Optional[str] = Field(None, description="Registry id of the text that replaced this earlier version.")
    article_map: dict[str, str] = Field(default_factory=dict, description="Article numbers of the replaced text -> where "
                                        "the matter sits in this version (numbers only, never text).")
    source: str = Field(description="Where the dates (and the article map) come from, and how far they are verified.")


class PendingLawFile(Strict):
    pending: list[PendingLaw] = Field(description="Versions known by their dates only; this file holds no article text.")


# --------------------------------------------------------------------------- checklists


class Domain(Strict):
    """A checkup domain (劳动用工, 合同管理 …), registered by a plugin through ``escort_domains``."""

    id: Id
    name: str = Field(description="Chinese name shown in reports, e.g. 劳动用工.")
    name_en: str = Field("", description="English name, for --lang en.")
    order: int = Field(100, description="Position in reports and charts; lower comes first.")


# The domain every checklist may use without any plugin registering it.
OTHER_DOMAIN = Domain(id="other", name="其他", name_en="Other", order=1000)


class QuestionType(str, Enum):
    yes_no = "yes_no"
    choice = "choice"
    multi_choice = "multi_choice"
    number = "number"
    money = "money"
    percent = "percent"
    date = "date"
    text = "text"
    table = "table"


class Severity(str, Enum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"




class Timeframe(str, Enum):
    immediately = "immediately"
    within_30_days = "within_30_days"
    within_90_days = "within_90_days"
    within_180_days = "within_180_days"
    ongoing = "ongoing"




class Option(Strict):
    id: Id = Field(description="The value stored in the answers file.")
    text: str = Field(description="What the person answering reads (Chinese).")
    text_en: Optional[str] = Field(None, description="English translation.")


class Column(Strict):
    id: Id
    text: str = Field(description="Column heading (Chinese).")
    text_en: Optional[str] = None
    type: QuestionType = Field(description="Type of each cell; any type but 'table'.")
    options: list[Option] = Field(default_factory=list, description="For choice columns.")
    unit: Optional[str] = None
    required: bool = Field(False, description="Whether every row must fill this cell.")

    @field_validator("type")
    @classmethod
    def _no_nested_tables(cls, v: QuestionType) -> QuestionType:
        if v is QuestionType.table:
            raise ValueError("a table column cannot itself be a table")
        return v


class Question(Strict):
    id: Id
    text: str = Field(description="The question, in clear Chinese.")
    text_en: Optional[str] = Field(None, description="English translation.")
    help: str = Field("", description="Plain-Chinese explanation for the person answering.")
    type: QuestionType
    options: list[Option] = Field(default_factory=list, description="Choices, for choice and multi_choice.")
    columns: list[Column] = Field(default_factory=list, description="Typed columns, for table questions.")
    unit: Optional[str] = Field(None, description="Unit shown beside a number, e.g. 人, 元, 小时.")
    min: Optional[float] = Field(None, description="Smallest allowed number; an answer below it is refused.")
    max: Optional[float] = Field(None, description="Largest usual number; an answer above it is kept and reported as a warning (e.g. a 12-month probation).")
    required: bool = Field(False, description="A visible required question left empty counts as unknown.")
    show_if: Optional[Expr] = Field(None, description="Ask the question only when this is true.")
    evidence: list[str] = Field(default_factory=list, description="Documents a lawyer should ask to see.")
    cite: list[Citation] = Field(default_factory=list, description="Legal basis shown with the help text.")

    @model_validator(mode="after")
    def _shape(self) -> "Question":
        if self.type in (QuestionType.choice, QuestionType.multi_choice) and not self.options:
            raise ValueError(f"a {self.type.value} question needs options")
        if self.type is QuestionType.table and not self.columns:
            raise ValueError("a table question needs columns")
        if self.type not in (QuestionType.choice, QuestionType.multi_choice) and self.options:
            raise ValueError(f"options are only for choice and multi_choice questions, not {self.type.value}")
        if self.type is not QuestionType.table and self.columns:
            raise ValueError("columns are only for table questions")
        return self


class Section(Strict):
    id: Id
    title: str
    title_en: Optional[str] = None
    show_if: Optional[Expr] = Field(None, description="Ask the whole section only when this is true.")
    questions: list[Question] = Field(min_length=1)


ExposureKind = Literal["liability", "claim", "recovery"]


class Exposure(Strict):
    low: Expr = Field(description="Lower bound of the money at stake, in CNY.")
    high: Expr = Field(description="Upper bound of the money at stake, in CNY.")
    basis: str = Field(description="How the amount is computed, in words, e.g. 月工资 × 未签合同月数（最多11个月）.")
    kind: ExposureKind = Field(
        "liability",
        description="Whose money: 'liability' — what the company may have to pay; 'claim' — what it may claim or "
                    "recover from others (receivables, unpaid capital); 'recovery' — what an insolvency estate may "
                    "recover. Each kind has its own total; they are never added together.")


class SeverityStep(Strict):
    when: Expr = Field(description="Grade the finding at this severity when true. Besides the questions it may read "
                       "exposure_low and exposure_high (the rule's computed amounts).")
    severity: Severity = Field(description="The severity when this step is the first true one.")
    reason: str = Field(min_length=1, description="Why, in words shown with the finding, e.g. 影响10人以上.")


class InForce(Strict):
    in_force: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*#(\d+(-\d+)?|full)$")]] = Field(
        min_length=1,
        description="Versions of one article, as 'law_id#article' keys of versions of one instrument with "
                    "non-overlapping periods: the one in force on the rule's facts_date is cited. A key may name a "
                    "pending version (checklists/laws/pending.yaml) whose text is not in the registry.")


def _cite_kind(value: Any) -> str:
    return "in_force" if isinstance(value, (dict, InForce)) else "key"


# a key, or {in_force: [...]}; the discriminator keeps the errors to the form that was written
CiteItem = Annotated[Union[Annotated[Citation, Tag("key")], Annotated[InForce, Tag("in_force")]],
                     Discriminator(_cite_kind)]


class Rule(Strict):
    id: Id
    title: str = Field(description="The finding, stated as a fact (Chinese).")
    title_en: Optional[str] = None
    when: Optional[Expr] = Field(None, description="Fires when true. Omit only for a rule raised by a plugin's escort_findings hook.")
    if_unknown: Literal["verify", "fire"] = Field(
        "verify",
        description="What an unknown answer means: 'verify' lists it as needing verification; 'fire' treats it as the finding.")
    severity: Severity
    severity_by: list[SeverityStep] = Field(
        default_factory=list,
        description="Grade the finding by its facts: the first step whose 'when' is true sets the severity; none "
                    "true (or undecidable) keeps 'severity'. See docs/authoring.md for the scale.")
    facts_date: Optional[Expr] = Field(
        None, description="The date the facts are judged at (a date expression); the law in force on it is cited. "
                          "Default: today, the assessment date.")
    cite: list[CiteItem] = Field(min_length=1, description="The articles that govern this rule; an {in_force: [...]} "
                                 "item lists versions of one article by date.")
    consequence: str = Field(description="What can happen if nothing is done.")
    recommendation: str = Field(description="What to do.")
    timeframe: Timeframe = Field(description="When to have done it.")
    message: Optional[str] = Field(
        None, max_length=2000,
        description="The facts in words; {expression} placeholders are filled from the answers.")
    exposure: Optional[Exposure] = None
    lawyer_notes: list[str] = Field(
        default_factory=list,
        description="Notes for the lawyer's worksheet, copied to every finding of this rule and never printed in the "
                    "client report: e.g. an instrument and version the rule relies on whose text is not in the registry.")

    def cite_keys(self) -> list[str]:
        """Every citation key the rule names, the alternatives of in_force items included."""
        return [k for c in self.cite for k in ([c] if isinstance(c, str) else c.in_force)]


class Checklist(Strict):
    id: Id
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="Version of this checklist, e.g. 1.0.0.")
    title: str
    title_en: Optional[str] = None
    domain: Id = Field(description="Id of a domain registered through escort_domains (labour, contracts, …) or 'other'.")
    description: str = ""
    applies_if: Optional[Expr] = Field(None, description="Expression over the enterprise profile; omit to apply to every enterprise.")
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]


# --------------------------------------------------------------------------- answers files

USCC_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class Enterprise(Strict):
    name: str = Field(min_length=1, max_length=200, description="Registered name.")
    uscc: str = Field(description="统一社会信用代码: 18 characters, check character per GB 32100-2015.")
    industry: Optional[str] = None
    region: Optional[str] = Field(None, description="Province and city, e.g. 浙江省杭州市.")
    employees: Optional[int] = Field(None, ge=0)
    registered_capital: Optional[float] = Field(None, ge=0, description="In CNY.")
    founded: Optional[dt.date] = None
    listing: Literal["none", "preparing", "listed"] = "none"
    tags: list[str] = Field(default_factory=list, description="Free labels, e.g. 专精特新, 高新技术企业.")

    @field_validator("uscc")
    @classmethod
    def _valid_uscc(cls, v: str) -> str:
        problem = uscc_problem(v)
        if problem:
            raise ValueError(problem)
        return v


class Assessment(Strict):
    date: dt.date = Field(description="Date of the checkup; all date arithmetic counts from it.")
    assessor: Optional[str] = None
    firm: Optional[str] = None
    licence: Optional[str] = Field(None, description="Lawyer's practising licence number.")
    mode: Literal["onsite", "self"] = "onsite"


class Override(Strict):
    status: Literal["confirmed", "dismissed", "not_applicable"]
    reason: str = Field(min_length=1)
    by: str = Field(min_length=1, description="Who decided.")
    until: Optional[dt.date] = Field(None, description="The override lapses after this date (a waiver that expires).")


class Rectification(Strict):
    """What the enterprise did about one finding (整改跟踪), recorded between checkup and follow-up visit."""

    status: Literal["open", "in_progress", "done", "verified", "not_fixed", "waived"] = Field(
        "open", description="open 未整改; in_progress 整改中; done 已整改（待核验）; verified 已核验; "
                            "not_fixed 回访未整改; waived 经律师确认无需整改.")
    responsible: Optional[str] = Field(None, description="Who at the enterprise is responsible (责任人).")
    due: Optional[dt.date] = Field(None, description="Date by which it is to be fixed (整改期限).")
    evidence: list[str] = Field(default_factory=list, description="Documents showing the fix (整改证据).")
    note: str = Field("", description="What was done, in words.")
    verified_by: Optional[str] = Field(None, description="Who checked the fix (核验人).")
    verified_on: Optional[dt.date] = Field(None, description="When the fix was checked (核验日期).")


RECTIFICATION_NAMES = {"open": "未整改", "in_progress": "整改中", "done": "已整改待核验", "verified": "已核验",
                       "not_fixed": "回访未整改", "waived": "无需整改"}


class AnswersFile(Strict):
    enterprise: Enterprise
    assessment: Assessment
    checklist_versions: dict[str, str] = Field(
        default_factory=dict, description="Version of each checklist the answers were written against.")
    answers: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="checklist id -> question id -> value, 'unknown', or {value, note, evidence}.")
    overrides: dict[str, dict[str, Override]] = Field(
        default_factory=dict, description="checklist id -> rule id -> the lawyer's decision.")
    rectification: dict[str, dict[str, Rectification]] = Field(
        default_factory=dict, description="checklist id -> rule id -> rectification record (整改跟踪).")

    @field_validator("checklist_versions", "answers", "overrides", "rectification", mode="before")
    @classmethod
    def _empty_is_none(cls, v: Any) -> Any:
        return {} if v is None else v


# --------------------------------------------------------------------------- results


class Fact(Strict):
    question: str
    text: str
    answer: Any


class CitedArticle(Strict):
    key: str
    law: str
    short_name: str
    revision: str
    revision_zh: str = ""
    label: str
    text: str
    facts_date: Optional[dt.date] = Field(None, description="The date of the facts this version was chosen for, "
                                          "when the rule judges facts at a date other than the assessment date "
                                          "or offers versions by date.")
    version_note: str = Field("", description="For the report: why this version is quoted, e.g. that a later "
                              "version replaced it and is not in the registry.")


class ExposureResult(Strict):
    low: float
    high: float
    basis: str
    formula: str = Field(description="The expressions as written.")
    working: str = Field(description="The expressions with the answers' values put in.")
    kind: ExposureKind = Field("liability", description="Whose money (see the checklist's exposure.kind).")


class Finding(Strict):
    checklist: str
    rule: str
    title: str
    domain: str
    severity: Severity
    base_severity: Optional[Severity] = Field(None, description="The rule's own severity before severity_by graded it.")
    severity_reason: str = Field("", description="Why the severity differs from the base (or why it could not be graded).")
    status: Literal["fired", "verify"] = Field(description="'verify': the rule could not be decided because answers are unknown.")
    message: str = ""
    facts: list[Fact] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list, description="Questions whose unknown answers left the rule undecided.")
    legal_basis: list[CitedArticle] = Field(default_factory=list)
    consequence: str = ""
    recommendation: str = ""
    timeframe: Timeframe
    exposure: Optional[ExposureResult] = None
    exposure_note: str = ""
    exposure_kind: ExposureKind = Field("liability", description="Whose money, also when no amount could be computed.")
    lawyer_notes: list[str] = Field(default_factory=list, description="Internal notes for the lawyer's worksheet "
                                    "(e.g. a version of the law not in the registry); never printed in the client report.")
    override: Optional[Override] = None
    override_expired: bool = False
    effective: bool = Field(True, description="False when a lawyer's override dismissed it or marked it not applicable.")
    source: str = Field("rule", description="'rule' for a YAML rule, or the plugin that computed it.")


class Verification(Strict):
    checklist: str
    domain: str
    question: str
    text: str
    evidence: list[str] = Field(default_factory=list)
    reason: Literal["unknown", "unanswered"]


class DomainScore(Strict):
    domain: str
    name: str
    score: float
    findings: dict[str, int]


class ChecklistRun(Strict):
    id: str
    version: str
    title: str
    domain: str
    applicable: bool
    reason: str = ""
    answered_version: Optional[str] = None
    visible: int = 0
    answered: int = 0
    weight: float = Field(0, description="Sum of the severity weights of the checklist's rules (the most its findings can cost).")


class ComputedFinding(Strict):
    """What a plugin's ``escort_findings`` hook returns for one rule declared in its checklist."""

    rule: str = Field(description="Id of a rule declared in the checklist YAML (usually without 'when').")
    status: Literal["fired", "verify"] = "fired"
    message: str = ""
    facts: list[Fact] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)
    exposure: Optional[ExposureResult] = None
    exposure_kind: Optional[ExposureKind] = Field(
        None, description="Whose money when no amount could be computed (with an amount, exposure.kind says it); "
                          "default: the kind on the rule's exposure, else liability.")
    lawyer_notes: list[str] = Field(default_factory=list, description="Internal notes for the lawyer's worksheet.")


class ReportTable(Strict):
    """A table in a plugin's report section: every format (html, pdf, docx, xlsx) can place it."""

    caption: str = ""
    columns: list[str] = Field(min_length=1, description="Column headings.")
    rows: list[list[str]] = Field(default_factory=list, description="Rows of cell texts, one per column.")

    @model_validator(mode="after")
    def _widths(self) -> "ReportTable":
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i} has {len(row)} cells for {len(self.columns)} columns")
        return self


class ReportSection(Strict):
    """What a plugin's ``escort_report_sections`` hook returns: a block every output format can place.

    ``paragraphs`` and ``tables`` are plain text (escaped by the html/pdf formats, written as Word
    paragraphs and tables by docx); ``html`` is optional trusted HTML used only by html and pdf, in
    place of the paragraphs and tables.
    """

    title: str
    paragraphs: list[str] = Field(default_factory=list, description="Plain-text paragraphs.")
    tables: list[ReportTable] = Field(default_factory=list, description="Tables, after the paragraphs.")
    html: str = Field("", description="Trusted HTML from the plugin for html/pdf; other formats use paragraphs and tables.")
    after: Literal["summary", "domains", "plan", "appendix"] = "domains"


ReportBlock = ReportSection  # the name the architecture uses


class PluginRecord(Strict):
    """An installed plugin (or checklist folder) and what it contributed to this result."""

    name: str = Field(description="Entry-point name, 'escort.core', or 'folder:PATH'.")
    distribution: str = Field(description="The Python distribution that installed it ('(folder)' for a folder).")
    version: str = ""
    provides: list[str] = Field(default_factory=list, description="What it contributed: checklists, law files, functions.")


class LawOverride(Strict):
    """A law text replaced by an installed plugin's explicit override (``override:`` on its law)."""

    key: str = Field(description="law_id#article, or law_id for the law's name and revision.")
    plugin: str = Field(description="The plugin whose text is used.")
    replaces: str = Field(description="Where the replaced text came from.")
    reason: str = Field(description="The override's reason, as the plugin gives it.")


class Result(Strict):
    schema_version: str = RESULT_SCHEMA_VERSION
    generated_by: str
    enterprise: Enterprise
    assessment: Assessment
    checklists: list[ChecklistRun]
    findings: list[Finding]
    needs_verification: list[Verification]
    domain_scores: list[DomainScore]
    overall_score: float
    grade: Literal["green", "amber", "red"]
    exposure_total: dict[str, float] = Field(description="Sum of effective fired findings' liability exposure: "
                                             "{'low': …, 'high': …} (claims and recoveries are in exposure_totals).")
    exposure_totals: dict[str, dict[str, Union[int, float]]] = Field(
        default_factory=dict,
        description="Per exposure kind (liability, claim, recovery): {low, high, findings_with_figure, "
                    "findings_without_figure, critical_without_figure} over effective fired findings.")
    domain_names: dict[str, str] = Field(default_factory=dict, description="Name of each domain in this result, by id.")
    coverage: dict[str, int] = Field(description="{'answered': …, 'visible': …} over applicable checklists.")
    warnings: list[str] = Field(default_factory=list)
    answers: dict[str, dict[str, Any]] = Field(default_factory=dict, description="The answers as evaluated (for the report appendix).")
    notes: dict[str, dict[str, str]] = Field(default_factory=dict)
    evidence: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict, description="Evidence references given with the answers (documents seen, file names), "
                                          "by checklist and question.")
    rectification: dict[str, dict[str, Rectification]] = Field(
        default_factory=dict, description="checklist id -> rule id -> rectification record, as given in the answers file.")
    plugins: list[PluginRecord] = Field(default_factory=list, description="Every plugin that contributed, with its version.")
    law_overrides: list[LawOverride] = Field(default_factory=list,
                                             description="Law texts replaced by a plugin's explicit override.")


SCHEMAS: dict[str, type[BaseModel]] = {
    "checklist": Checklist,
    "answers": AnswersFile,
    "laws": LawFile,
    "result": Result,
}

Value = Union[str, int, float, bool, dt.date, list, dict, None]
