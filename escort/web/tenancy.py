"""Row-level scoping: which checkups, enterprises and firms a user (or an invitation) may see.

Every view that takes an id gets the object through these querysets, so another tenant's id is a 404, not a 403
(the id's existence is not revealed).
"""

from __future__ import annotations

from django.http import Http404

from escort.web.portal.models import Checkup, Enterprise, Firm, Membership


def membership(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("programme", "firm", "enterprise").filter(user=user).first()


def role_of(request) -> str:
    m = membership(request.user)
    if m:
        return m.role
    return "invitee" if request.session.get("invited") else "anonymous"


def enterprises_for(user):
    m = membership(user)
    if m is None:
        return Enterprise.objects.none()
    if m.role == Membership.PROGRAMME_ADMIN:
        return Enterprise.objects.filter(firm__programme=m.programme)
    if m.role == Membership.FIRM_ADMIN:
        return Enterprise.objects.filter(firm=m.firm)
    if m.role == Membership.LAWYER:
        return Enterprise.objects.filter(firm=m.firm, lawyers=user)
    return Enterprise.objects.filter(pk=m.enterprise_id)


def firms_for(user):
    m = membership(user)
    if m is None:
        return Firm.objects.none()
    if m.role == Membership.PROGRAMME_ADMIN:
        return Firm.objects.filter(programme=m.programme)
    if m.role in (Membership.FIRM_ADMIN, Membership.LAWYER):
        return Firm.objects.filter(pk=m.firm_id)
    return Firm.objects.none()


def checkups_for(user):
    return Checkup.objects.filter(enterprise__in=enterprises_for(user)).select_related("enterprise")


def reviewable(request, pk: int) -> Checkup:
    """A checkup the signed-in lawyer, firm admin or programme admin may review; 404 otherwise."""
    m = membership(request.user)
    if m is None or m.role == Membership.ENTERPRISE:
        raise Http404
    try:
        return checkups_for(request.user).get(pk=pk)
    except Checkup.DoesNotExist:
        raise Http404 from None


def fillable(request, pk: int) -> Checkup:
    """A checkup the enterprise may answer: its own account, or an invitation opened in this browser session."""
    qs = Checkup.objects.select_related("enterprise")
    if pk in request.session.get("invited", []):
        try:
            return qs.get(pk=pk)
        except Checkup.DoesNotExist:
            raise Http404 from None
    m = membership(request.user)
    if m is not None and m.role == Membership.ENTERPRISE:
        try:
            return qs.get(pk=pk, enterprise_id=m.enterprise_id)
        except Checkup.DoesNotExist:
            raise Http404 from None
    raise Http404


def can_sign(request) -> bool:
    m = membership(request.user)
    return m is not None and m.role in (Membership.LAWYER, Membership.FIRM_ADMIN)
