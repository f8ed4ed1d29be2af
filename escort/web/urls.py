from django.contrib.staticfiles.views import serve as static_serve
from django.urls import path, re_path

from escort.web.portal import views_admin as a, views_fill as f, views_review as r

urlpatterns = [
    path("", a.home, name="home"),
    path("login", a.sign_in, name="login"),
    path("logout", a.sign_out, name="logout"),
    path("dashboard", a.dashboard, name="dashboard"),
    path("firms/new", a.add_firm, name="add_firm"),
    path("lawyers/new", a.add_lawyer, name="add_lawyer"),
    path("checkups/new", a.add_checkup, name="add_checkup"),
    path("i/<str:token>", f.open_invitation, name="invitation"),
    path("fill/<int:pk>/", f.fill, name="fill"),
    path("fill/<int:pk>/save", f.save, name="save"),
    path("fill/<int:pk>/upload", f.upload, name="upload"),
    path("fill/<int:pk>/submit", f.submit, name="submit"),
    path("fill/<int:pk>/account", f.create_account, name="create_account"),
    path("fill/<int:pk>/reply/<int:comment_id>", f.reply, name="reply"),
    path("checkups/<int:pk>/evidence/<int:eid>", f.evidence_file, name="evidence"),
    path("checkups/<int:pk>/review", r.review, name="review"),
    path("checkups/<int:pk>/comment", r.comment, name="comment"),
    path("checkups/<int:pk>/correct", r.correct, name="correct"),
    path("checkups/<int:pk>/decide", r.decide, name="decide"),
    path("checkups/<int:pk>/sign", r.sign, name="sign"),
    path("checkups/<int:pk>/report", r.make_report, name="make_report"),
    path("checkups/<int:pk>/report/status", r.report_status, name="report_status"),
    path("checkups/<int:pk>/report/<int:job_id>.pdf", r.report_file, name="report_file"),
    path("checkups/<int:pk>/audit", r.audit_trail, name="audit"),
    re_path(r"^static/(?P<path>.*)$", static_serve, {"insecure": True}),
]
