// Escort portal: per-answer autosave that never fires in the middle of an input-method composition,
// live show_if from the server's answer, table rows, "不清楚", notes and evidence uploads.  No inline script (CSP).
(function () {
  "use strict";
  var body = document.body;
  var saveUrl = body.dataset.saveUrl;
  if (!saveUrl) return;
  var checklist = body.dataset.checklist;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var statusEl = document.getElementById("save-status");
  var timers = {};
  var inflight = {};
  var again = {};

  function say(text, bad) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.className = "save-status" + (bad ? " bad" : "");
  }

  function tableRows(block) {
    var rows = [];
    block.querySelectorAll("tbody tr").forEach(function (tr) {
      var row = {};
      tr.querySelectorAll("[data-col]").forEach(function (cell) { row[cell.dataset.col] = cell.value; });
      rows.push(row);
    });
    return rows;
  }

  function collect(block) {
    var type = block.dataset.type;
    var unknownBox = block.querySelector(".unknown-box");
    var out = {values: [], multi: false};
    if (type === "yes_no" || type === "choice") {
      var checked = block.querySelector('.choices input[type="radio"]:checked');
      out.values = [checked ? checked.value : ""];
    } else if (type === "multi_choice") {
      out.multi = true;
      if (unknownBox && unknownBox.checked) { out.multi = false; out.values = ["unknown"]; }
      else block.querySelectorAll('.choices input[type="checkbox"]:checked').forEach(function (b) { out.values.push(b.value); });
    } else if (unknownBox && unknownBox.checked) {
      out.values = ["unknown"];
    } else if (type === "table") {
      out.values = [JSON.stringify(tableRows(block))];
    } else {
      var input = block.querySelector(".single textarea, .single input:not([type=checkbox])");
      out.values = [input ? input.value : ""];
    }
    return out;
  }

  function applyVisibility(visible) {
    if (!visible || !visible.length) return;
    document.querySelectorAll("fieldset.q").forEach(function (q) {
      q.hidden = visible.indexOf(q.dataset.q) < 0;
    });
  }

  function save(block) {
    var qid = block.dataset.q;
    if (inflight[qid]) { again[qid] = true; return; }
    var state = collect(block);
    var form = new URLSearchParams();
    form.append("checklist", checklist);
    form.append("question", qid);
    if (state.multi) form.append("multi", "1");
    state.values.forEach(function (v) { form.append("value", v); });
    var note = block.querySelector("textarea.note");
    if (note) form.append("note", note.value);
    inflight[qid] = true;
    say(body.dataset.saving || "正在保存…");
    fetch(saveUrl, {method: "POST", body: form, credentials: "same-origin",
                    headers: {"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"}})
      .then(function (r) { return r.json().then(function (j) { return {status: r.status, body: j}; }); })
      .then(function (res) {
        var err = block.querySelector(".q-error");
        if (res.body.ok) {
          if (err) err.textContent = "";
          block.classList.remove("invalid");
          say("已保存 " + new Date().toLocaleTimeString());
          applyVisibility(res.body.visible);
          if (res.body.total) {
            document.getElementById("answered").textContent = res.body.answered;
            document.getElementById("total").textContent = res.body.total;
            var bar = document.getElementById("bar");
            if (bar) { bar.max = res.body.total; bar.value = res.body.answered; }
          }
        } else {
          if (err) err.textContent = res.body.error || "保存失败";
          block.classList.add("invalid");
          say("有回答未保存，请看标红的问题", true);
        }
      })
      .catch(function () {
        say("保存失败（网络），正在重试…", true);
        setTimeout(function () { save(block); }, 2000);
      })
      .finally(function () {
        inflight[qid] = false;
        if (again[qid]) { again[qid] = false; save(block); }
      });
  }

  function later(block, ms) {
    var qid = block.dataset.q;
    clearTimeout(timers[qid]);
    timers[qid] = setTimeout(function () { save(block); }, ms);
  }

  function blockOf(el) { return el.closest ? el.closest("fieldset.q") : null; }

  // Typing: save 800 ms after the last keystroke, but never while an IME is composing (pinyin is not an answer).
  document.addEventListener("input", function (e) {
    var block = blockOf(e.target);
    if (!block || e.target.type === "file" || e.target.type === "radio" || e.target.type === "checkbox") return;
    if (e.isComposing) { clearTimeout(timers[block.dataset.q]); return; }
    if (e.target.classList.contains("unknown-box")) return;
    var box = block.querySelector(".unknown-box");
    if (box && e.target.value) box.checked = false;
    later(block, 800);
  });
  document.addEventListener("compositionstart", function (e) {
    var block = blockOf(e.target);
    if (block) clearTimeout(timers[block.dataset.q]);
  });
  document.addEventListener("compositionend", function (e) {
    var block = blockOf(e.target);
    if (block) later(block, 800);
  });
  document.addEventListener("change", function (e) {
    var block = blockOf(e.target);
    if (!block || e.target.type === "file") return;
    if (e.target.classList.contains("unknown-box") && e.target.checked) {
      block.querySelectorAll('.choices input[type="checkbox"]:not(.unknown-box)').forEach(function (b) { b.checked = false; });
    } else if (e.target.type === "checkbox" && !e.target.classList.contains("unknown-box")) {
      var box = block.querySelector(".unknown-box");
      if (box) box.checked = false;
    }
    later(block, 0);
  });
  // Enter while choosing a candidate must not submit anything (Safari sends keyCode 229 after compositionend).
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.isComposing || e.keyCode === 229) && e.target.tagName === "INPUT") e.preventDefault();
  });
  // Leaving the page: send what is pending.
  window.addEventListener("pagehide", function () {
    Object.keys(timers).forEach(function (qid) {
      clearTimeout(timers[qid]);
      var block = document.getElementById("q-" + qid);
      if (block) save(block);
    });
  });

  // Tables: one row of inputs per record; add, edit, remove; the whole table saves as one answer.
  function cellInput(col, value) {
    var el;
    if (col.type === "choice" || col.type === "yes_no") {
      el = document.createElement("select");
      var opts = col.type === "yes_no" ? [{id: "", text: ""}, {id: "yes", text: "是"}, {id: "no", text: "否"}]
                                       : [{id: "", text: ""}].concat(col.options);
      opts.forEach(function (o) {
        var op = document.createElement("option");
        op.value = o.id; op.textContent = o.text;
        if (String(value) === o.id || (value === true && o.id === "yes") || (value === false && o.id === "no")) op.selected = true;
        el.appendChild(op);
      });
    } else {
      el = document.createElement("input");
      el.type = col.type === "date" ? "date" : "text";
      if (col.type === "number" || col.type === "money" || col.type === "percent") el.inputMode = "decimal";
      el.value = value === undefined || value === null ? "" : value;
    }
    el.dataset.col = col.id;
    el.setAttribute("aria-label", col.text);
    return el;
  }

  function addRow(holder, cols, row) {
    var tr = document.createElement("tr");
    cols.forEach(function (c) {
      var td = document.createElement("td");
      td.dataset.label = c.text;
      td.appendChild(cellInput(c, row[c.id]));
      tr.appendChild(td);
    });
    var td = document.createElement("td");
    var rm = document.createElement("button");
    rm.type = "button"; rm.className = "remove-row"; rm.textContent = "删除";
    rm.setAttribute("aria-label", "删除这一行");
    td.appendChild(rm);
    tr.appendChild(td);
    holder.querySelector("tbody").appendChild(tr);
    return tr;
  }

  document.querySelectorAll(".table-q").forEach(function (holder) {
    var cols = JSON.parse(holder.dataset.columns || "[]");
    var rows = JSON.parse(holder.dataset.rows || "[]");
    var table = document.createElement("table");
    table.className = "rows";
    var head = "<thead><tr>";
    table.appendChild(document.createElement("thead"));
    var htr = document.createElement("tr");
    cols.forEach(function (c) { var th = document.createElement("th"); th.textContent = c.text; htr.appendChild(th); });
    htr.appendChild(document.createElement("th"));
    table.tHead.appendChild(htr);
    table.appendChild(document.createElement("tbody"));
    holder.appendChild(table);
    rows.forEach(function (r) { addRow(holder, cols, r); });
    var block = blockOf(holder);
    block.querySelector(".add-row").addEventListener("click", function () {
      var tr = addRow(holder, cols, {});
      var box = block.querySelector(".unknown-box");
      if (box) box.checked = false;
      var first = tr.querySelector("input, select");
      if (first) first.focus();
    });
    holder.addEventListener("click", function (e) {
      if (e.target.classList.contains("remove-row")) {
        e.target.closest("tr").remove();
        later(block, 0);
      }
    });
  });

  // Evidence: upload at once; the server sniffs the type and records the SHA-256.
  document.querySelectorAll('fieldset.q input[type="file"]').forEach(function (input) {
    input.addEventListener("change", function () {
      var block = blockOf(input);
      Array.prototype.forEach.call(input.files, function (file) {
        var fd = new FormData();
        fd.append("checklist", checklist);
        fd.append("question", block.dataset.q);
        fd.append("file", file);
        say("正在上传 " + file.name + "…");
        fetch(body.dataset.uploadUrl, {method: "POST", body: fd, credentials: "same-origin", headers: {"X-CSRFToken": csrf}})
          .then(function (r) { return r.json(); })
          .then(function (j) {
            var err = block.querySelector(".q-error");
            if (!j.ok) { err.textContent = j.error; say("上传失败", true); return; }
            err.textContent = "";
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = j.url; a.textContent = j.name;
            li.appendChild(a);
            var sm = document.createElement("small");
            sm.textContent = " SHA-256 " + j.sha256.slice(0, 12) + "…";
            li.appendChild(sm);
            block.querySelector("ul.files").appendChild(li);
            say("已上传 " + j.name);
          });
      });
      input.value = "";
    });
  });
})();
