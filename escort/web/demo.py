"""``escort serve --demo``: one programme office, one law firm with two lawyers, the example enterprises with their
answers (submitted, waiting for review), and one fresh enterprise with an invitation ready to open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.db import transaction

from escort.resources import data_path
from escort.web import audit, sheet
from escort.web.portal.models import Answer, Checkup, Enterprise, Firm, Membership, Programme, RuleOverride

PASSWORD = "escort-demo-2026"  # demo only; printed by escort serve --demo
LOGINS = [("bureau", Membership.PROGRAMME_ADMIN, "项目办管理员"), ("firmadmin", Membership.FIRM_ADMIN, "律所管理员"),
          ("lawyer1", Membership.LAWYER, "律师（负责示例企业）"), ("lawyer2", Membership.LAWYER, "律师（未分配企业）")]
EXAMPLES = ["average.yaml", "in_trouble.yaml", "well_run.yaml"]
INVITED = ("杭州示范自查科技有限公司", "91330106MA2CFEW838", ["labour", "contracts"])


def jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def import_answers(checkup: Checkup, data: dict) -> None:
    """Store an answers file's values as answer rows of *checkup* (the CLI's format, one row per question)."""
    rows = []
    for field, value in (data.get("enterprise") or {}).items():
        if field not in ("name", "uscc") and value is not None:
            rows.append(Answer(checkup=checkup, checklist=sheet.PROFILE, question=field, value=jsonable(value)))
    for cid, given in (data.get("answers") or {}).items():
        for qid, raw in (given or {}).items():
            note = ""
            if isinstance(raw, dict) and "value" in raw:
                note, raw = str(raw.get("note") or ""), raw["value"]
            if isinstance(raw, bool):
                raw = "yes" if raw else "no"
            rows.append(Answer(checkup=checkup, checklist=cid, question=qid, value=jsonable(raw), note=note))
    Answer.objects.bulk_create(rows)
    for cid, rules in (data.get("overrides") or {}).items():
        for rid, o in rules.items():
            RuleOverride.objects.create(checkup=checkup, checklist=cid, rule=rid, status=o["status"], reason=o["reason"],
                                        by=o["by"], until=o.get("until"))


@transaction.atomic
def seed(base_url: str) -> dict:
    """Create the demo programme (once); return the URLs, the invitation link and the logins."""

    if Programme.objects.filter(name="示范市司法局法治护航项目").exists():
        inv = None
    else:
        inv = _create()
    return {"url": base_url, "invitation": f"{base_url}/i/{inv}" if inv else "(already seeded; see the first run)",
            "logins": [(u, PASSWORD, what) for u, _, what in LOGINS]}


def _create() -> str:
    from escort.web.portal.views_fill import new_invitation

    programme = Programme.objects.create(name="示范市司法局法治护航项目")
    firm = Firm.objects.create(programme=programme, name="浙江示范律师事务所")
    users = {}
    for username, role, _ in LOGINS:
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, role=role, programme=programme,
                                  firm=None if role == Membership.PROGRAMME_ADMIN else firm)
        users[username] = user
    catalog = sheet.service().catalog.checklists
    for name in EXAMPLES:
        data = yaml.safe_load(Path(data_path("examples", name)).read_text(encoding="utf-8"))
        ent = Enterprise.objects.create(firm=firm, name=data["enterprise"]["name"], uscc=data["enterprise"]["uscc"])
        ent.lawyers.add(users["lawyer1"])
        chosen = [c for c in (data.get("checklist_versions") or data.get("answers") or {}) if c in catalog]
        checkup = Checkup.objects.create(enterprise=ent, checklists=chosen, status=Checkup.SUBMITTED,
                                         assessment=jsonable(data["assessment"]))
        import_answers(checkup, data)
        audit.record("demo", "system", "demo.import", f"checkup {checkup.id}", None, {"from": f"examples/{name}"},
                     checkup=checkup.id)
    name, uscc, chosen = INVITED
    ent = Enterprise.objects.create(firm=firm, name=name, uscc=uscc)
    ent.lawyers.add(users["lawyer1"])
    checkup = Checkup.objects.create(enterprise=ent, checklists=chosen,
                                     assessment={"date": dt.date.today().isoformat(), "mode": "self",
                                                 "firm": firm.name})
    return new_invitation(checkup, "firmadmin")
