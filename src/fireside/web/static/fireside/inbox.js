// Inbox keyboard shortcuts and bulk selection. The page works without this file.
(function () {
  "use strict";
  let current = -1;
  const rows = () => Array.from(document.querySelectorAll("table.conversations tr.conversation"));
  const csrf = () => document.querySelector("#bulk input[name=csrfmiddlewaretoken]").value;

  function select(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((row, i) => row.classList.toggle("selected", i === current));
    all[current].scrollIntoView({ block: "nearest" });
  }

  function act(action, value) {
    const row = rows()[current];
    if (!row) return;
    const form = document.getElementById("bulk");
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
    data.append("ids", row.dataset.id);
    data.append("action", action);
    data.append("value", value || "");
    data.append("back", form.querySelector("input[name=back]").value);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(() => window.location.reload());
  }

  document.addEventListener("change", (event) => {
    if (event.target.id === "select-all") {
      rows().forEach((row) => { row.querySelector("input[type=checkbox]").checked = event.target.checked; });
    }
  });

  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.metaKey || event.ctrlKey || event.altKey) return;
    const row = rows()[current];
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "Enter": if (row) window.location = row.dataset.url; break;
      case "x": if (row) { const box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; } break;
      case "a": act("assign", "me"); break;
      case "e": act("close"); break;
      case "s": act("spam"); break;
      case "r": if (row) window.location = row.dataset.url + "#reply"; break;
      case "?": document.getElementById("shortcuts").showModal(); break;
      default: return;
    }
    event.preventDefault();
  });
})();
