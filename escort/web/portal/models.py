"""The portal's tables: the tenant tree, checkups and their answers, review, evidence, invitations, jobs, audit.

Tenancy is a tree: Programme (a justice bureau's 法治护航 programme) → Firm → Enterprise; every user has one
Membership saying where in the tree they stand and with which role.  Every query for an object a user asked for by
id goes through :mod:`escort.web.tenancy`, so an id from another tenant is simply "not found".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Programme(models.Model):
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Firm(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="firms")
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="enterprises")
    name = models.CharField(max_length=200)
    uscc = models.CharField(max_length=18, blank=True)
    lawyers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assigned_enterprises")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    PROGRAMME_ADMIN, FIRM_ADMIN, LAWYER, ENTERPRISE = "programme_admin", "firm_admin", "lawyer", "enterprise"
    ROLES = [(PROGRAMME_ADMIN, "项目办管理员"), (FIRM_ADMIN, "律所管理员"), (LAWYER, "律师"), (ENTERPRISE, "企业用户")]
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=20, choices=ROLES)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT)
    firm = models.ForeignKey(Firm, null=True, blank=True, on_delete=models.PROTECT)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT)


class Checkup(models.Model):
    DRAFT, SUBMITTED, CLARIFY, SIGNED = "draft", "submitted", "clarify", "signed"
    STATES = [(DRAFT, "填写中"), (SUBMITTED, "已提交，待律师审阅"), (CLARIFY, "律师请企业补充说明"), (SIGNED, "律师已签署")]
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="checkups")
    title = models.CharField(max_length=200, default="法治体检")
    checklists = models.JSONField(default=list, help_text="checklist ids chosen for this checkup")
    assessment = models.JSONField(default=dict, help_text="the answers file's assessment block")
    status = models.CharField(max_length=10, choices=STATES, default=DRAFT)
    last_section = models.CharField(max_length=120, blank=True, help_text="where the enterprise was, for resume")
    created = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    sign_hash = models.CharField(max_length=64, blank=True)
    frozen = models.JSONField(null=True, blank=True, help_text="the answers file and result as signed")


class Answer(models.Model):
    """One answer, as the answers file holds it (raw), plus the lawyer's corrected value when they changed it."""

    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="answer_rows")
    checklist = models.CharField(max_length=80)   # a checklist id, or "enterprise" for the profile
    question = models.CharField(max_length=80)
    value = models.JSONField(null=True)
    note = models.TextField(blank=True)
    reviewed = models.BooleanField(default=False, help_text="the lawyer replaced the enterprise's value")
    reviewed_value = models.JSONField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkup", "checklist", "question"], name="one_answer")]

    @property
    def effective(self):
        return self.reviewed_value if self.reviewed else self.value


class Comment(models.Model):
    COMMENT, CLARIFY = "comment", "clarify"
    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="comments")
    checklist = models.CharField(max_length=80)
    question = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=[(COMMENT, "批注"), (CLARIFY, "请企业说明")], default=COMMENT)
    author = models.CharField(max_length=150)
    text = models.TextField(max_length=4000)
    reply = models.TextField(blank=True, max_length=4000)
    created = models.DateTimeField(auto_now_add=True)


class RuleOverride(models.Model):
    """The lawyer's decision on one rule, exactly the engine's ``overrides`` entry (status, reason, by, until)."""

    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="rule_overrides")
    checklist = models.CharField(max_length=80)
    rule = models.CharField(max_length=80)
    status = models.CharField(max_length=20)
    reason = models.TextField(max_length=2000)
    by = models.CharField(max_length=150)
    until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkup", "checklist", "rule"], name="one_override")]


class Evidence(models.Model):
    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="evidence")
    checklist = models.CharField(max_length=80)
    question = models.CharField(max_length=80)
    filename = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded = models.DateTimeField(auto_now_add=True)


class Invitation(models.Model):
    """A link an enterprise answers by without an account; only the SHA-256 of its token is stored."""

    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField()
    created_by = models.CharField(max_length=150)
    created = models.DateTimeField(auto_now_add=True)
    used_up = models.DateTimeField(null=True, blank=True, help_text="when the assessment was submitted")


class RenderJob(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    checkup = models.ForeignKey(Checkup, on_delete=models.CASCADE, related_name="jobs")
    format = models.CharField(max_length=10, default="pdf")
    key = models.CharField(max_length=64, help_text="SHA-256 of what the report is made from; same key, same file")
    state = models.CharField(max_length=10, default=QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)


class AuditEvent(models.Model):
    """Append-only: each row's hash covers its content and the previous row's hash (see escort.web.audit)."""

    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    checkup_id_ref = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=40)
    target = models.CharField(max_length=200)
    old = models.JSONField(null=True)
    new = models.JSONField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
