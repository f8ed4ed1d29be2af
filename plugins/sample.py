"""The sample checklist: a small built-in plugin that exercises every engine feature.

It registers through the ``escort`` entry-point group like every other
plugin, contributes its checklist and the labour law registry it cites, one
expression function and one computed finding.
"""

from __future__ import annotations


from escort import hookimpl
from escort.expressions import UNKNOWN, HIDDEN
from escort.functions import clamp, months_between
from escort.models import ComputedFinding, Fact, Domain
from escort.resources import data_path


@hookimpl
def escort_domains():
    return [Domain(id="labour", name="劳动用工", name_en="Labour", order=10)]


@hookimpl
def escort_checklists():
    return [data_path("checklists", "sample.yaml")]


@hookimpl
def escort_laws():
    return [data_path("checklists", "laws", "labour.yaml")]


def double_wage_months(hire_date, today) -> int:
    """Months of double wages owed for no written contract (劳动合同法第八十二条, 实施条例第六条).

    From the day after one month of employment, up to eleven months:
    months completed since hiring, minus the first, between 0 and 11.
    """
    return int(clamp(months_between(hire_date, today) - 1, 0, 11))


@hookimpl
def escort_functions():
    return {"double_wage_months": double_wage_months}


@hookimpl
def escort_findings(checklist, answers, enterprise):
    if checklist.id != "sample":
        return []
    rows = answers.get("unsigned_staff")
    if rows in (None, UNKNOWN, HIDDEN):
        return []
    today = answers["today"]
    long_unsigned = [r for r in rows if r["hire_date"] is not UNKNOWN and months_between(r["hire_date"], today) >= 12]
    if not long_unsigned:
        return []
    names = "、".join(str(r["name"]) for r in long_unsigned)
    return [ComputedFinding(
        rule="deemed_open_ended",
        message=f"{names} 入职已满一年仍未签订书面劳动合同。",
        facts=[Fact(question="unsigned_staff", text="入职日期", answer=f"{r['name']}：{r['hire_date'].isoformat()}")
               for r in long_unsigned],
    )]
