"""Sign-in (argon2, throttled), the dashboard each role sees, and the admin actions of each tenant level."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from escort.uscc import uscc_problem
from escort.web import audit, security, tenancy
from escort.web.engine import service
from escort.web.portal.models import Checkup, Enterprise, Firm, Membership
from escort.web.portal.views_fill import new_invitation


def sign_in(request):
    error = ""
    if request.method == "POST":
        username, password = request.POST.get("username", "")[:150], request.POST.get("password", "")
        address = security.client_address(request)
        if security.is_locked_out(username, address):
            error = "登录失败次数过多，账户已暂时锁定 15 分钟。"
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                security.note_failure(username, address)
                error = "用户名或密码不正确。"
            else:
                security.clear_failures(username)
                login(request, user)
                return redirect("dashboard")
    return render(request, "portal/login.html", {"error": error}, status=200 if not error else 401)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("login")


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return redirect("login")


@login_required
def dashboard(request):
    m = tenancy.membership(request.user)
    if m is None:
        raise Http404
    checkups = tenancy.checkups_for(request.user).order_by("-id")
    ctx = {"m": m, "checkups": checkups, "firms": tenancy.firms_for(request.user),
           "enterprises": tenancy.enterprises_for(request.user).order_by("name"),
           "flash": request.session.pop("flash", ""), "new_link": request.session.pop("new_link", ""),
           "checklists": service().catalog.checklists.values()}
    if m.role == Membership.FIRM_ADMIN:
        ctx["lawyers"] = User.objects.filter(membership__firm=m.firm, membership__role=Membership.LAWYER)
    return render(request, "portal/dashboard.html", ctx)


@login_required
@require_POST
def add_firm(request):
    m = tenancy.membership(request.user)
    if m is None or m.role != Membership.PROGRAMME_ADMIN:
        raise Http404
    name = request.POST.get("name", "").strip()[:200]
    admin, password = request.POST.get("admin", "").strip()[:150], request.POST.get("password", "")
    if not name or not admin or len(password) < 10 or User.objects.filter(username=admin).exists():
        request.session["flash"] = "律所名称、管理员用户名（未被占用）和至少 10 位的密码都要填写。"
        return redirect("dashboard")
    with transaction.atomic():
        firm = Firm.objects.create(programme=m.programme, name=name)
        user = User.objects.create_user(admin, password=password)
        Membership.objects.create(user=user, role=Membership.FIRM_ADMIN, programme=m.programme, firm=firm)
        audit.record(request.user.get_username(), m.role, "firm.create", f"firm {firm.id}", None,
                     {"name": name, "admin": admin})
    return redirect("dashboard")


@login_required
@require_POST
def add_lawyer(request):
    m = tenancy.membership(request.user)
    if m is None or m.role != Membership.FIRM_ADMIN:
        raise Http404
    username, password = request.POST.get("username", "").strip()[:150], request.POST.get("password", "")
    if not username or len(password) < 10 or User.objects.filter(username=username).exists():
        request.session["flash"] = "用户名（未被占用）和至少 10 位的密码都要填写。"
        return redirect("dashboard")
    with transaction.atomic():
        user = User.objects.create_user(username, password=password)
        Membership.objects.create(user=user, role=Membership.LAWYER, programme=m.firm.programme, firm=m.firm)
        audit.record(request.user.get_username(), m.role, "lawyer.create", f"user {user.id}", None, {"username": username})
    return redirect("dashboard")


@login_required
@require_POST
def add_checkup(request):
    """A firm admin registers an enterprise (or picks one), assigns a lawyer and gets an invitation link."""
    m = tenancy.membership(request.user)
    if m is None or m.role != Membership.FIRM_ADMIN:
        raise Http404
    name, uscc = request.POST.get("name", "").strip()[:200], request.POST.get("uscc", "").strip().upper()
    chosen = [c for c in request.POST.getlist("checklists") if c in service().catalog.checklists]
    lawyer = User.objects.filter(pk=request.POST.get("lawyer") or 0, membership__firm=m.firm).first()
    problem = uscc_problem(uscc) if uscc else "请填写统一社会信用代码"
    if not name or problem or not chosen:
        request.session["flash"] = f"企业名称、统一社会信用代码（{problem or '已填'}）和至少一份清单都要填写。"
        return redirect("dashboard")
    with transaction.atomic():
        ent, _ = Enterprise.objects.get_or_create(firm=m.firm, uscc=uscc, defaults={"name": name})
        if lawyer:
            ent.lawyers.add(lawyer)
        checkup = Checkup.objects.create(enterprise=ent, checklists=chosen,
                                         assessment={"date": dt.date.today().isoformat(), "mode": "self",
                                                     "firm": m.firm.name})
        audit.record(request.user.get_username(), m.role, "checkup.create", f"checkup {checkup.id}", None,
                     {"enterprise": name, "checklists": chosen}, checkup=checkup.id)
    token = new_invitation(checkup, request.user.get_username())
    request.session["new_link"] = request.build_absolute_uri(f"/i/{token}")
    return redirect("dashboard")
