"""The portal's interface words in Chinese (default) and English (``?lang=en``).

The checklists themselves are Chinese (their text is the lawyers'); only the interface around them switches.
"""

WORDS = {
    "app": ("Escort 法治体检", "Escort legal health check"),
    "login": ("登录", "Sign in"), "logout": ("退出", "Sign out"), "username": ("用户名", "Username"),
    "password": ("密码", "Password"), "dashboard": ("工作台", "Dashboard"),
    "checkups": ("体检", "Checkups"), "enterprise": ("企业", "Enterprise"), "status": ("状态", "Status"),
    "progress": ("进度", "Progress"), "answered": ("已答", "answered"), "of": ("共", "of"),
    "prev": ("上一部分", "Previous"), "next": ("下一部分", "Next"), "saved": ("已保存", "Saved"),
    "saving": ("正在保存…", "Saving…"), "save_failed": ("保存失败，请检查后重试", "Not saved; check and retry"),
    "unknown": ("不清楚", "Don't know"), "yes": ("是", "Yes"), "no": ("否", "No"),
    "note": ("备注（可选）", "Note (optional)"), "upload": ("上传证明材料", "Upload evidence"),
    "add_row": ("添加一行", "Add row"), "remove_row": ("删除这一行", "Remove row"),
    "submit": ("提交自查结果", "Submit self-assessment"),
    "submit_confirm": ("我已核对以上回答，确认提交（提交后由律师审阅，不能再修改）",
                       "I have checked my answers and submit them (a lawyer reviews them; no further changes)"),
    "review": ("律师审阅", "Lawyer review"), "findings": ("发现的问题", "Findings"),
    "answers": ("企业的回答", "Enterprise's answers"), "comment": ("批注", "Comment"),
    "clarify": ("请企业补充说明", "Ask the enterprise to clarify"), "override": ("律师更正回答", "Correct the answer"),
    "waive": ("律师对该项的处理意见", "Lawyer's decision on this finding"), "sign": ("签署体检结论", "Sign off"),
    "audit": ("操作记录", "Audit trail"), "report": ("体检报告", "Report"),
    "make_report": ("生成 PDF 报告", "Make PDF report"), "discrepancies": ("律师更正的回答", "Answers the lawyer changed"),
    "lang_other": ("English", "中文"), "self_intro": (
        "本问卷由企业自行填写。每答一题自动保存，可随时关闭页面，之后用同一链接或在另一台设备上继续。",
        "Your company fills in this questionnaire itself. Every answer saves as you give it; close the page any time "
        "and carry on later with the same link, on any device."),
    "profile": ("企业基本信息", "Company profile"), "evidence_asked": ("建议准备的材料", "Documents to have ready"),
    "clarification": ("律师的问题", "The lawyer's question"), "reply": ("回复律师", "Reply to the lawyer"),
    "firm": ("律所", "Firm"), "lawyers": ("律师", "Lawyers"), "invite": ("生成邀请链接", "Create invitation link"),
}


def words(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in WORDS.items()}


def context(request):
    lang = getattr(request, "lang", "zh")
    return {"T": words(lang), "lang": lang, "other_lang": "zh" if lang == "en" else "en"}
