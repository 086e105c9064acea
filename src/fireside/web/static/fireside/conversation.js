// The conversation page: character count, saved replies, typing presence, shortcuts.
(function () {
  "use strict";
  let lastKey = 0;
  window.firesideTyping = () => (Date.now() - lastKey < 6000 ? "1" : "");

  function counter() {
    const form = document.getElementById("reply-form");
    const text = document.getElementById("reply-text");
    const out = document.getElementById("char-count");
    if (!form || !text || !out || !form.dataset.limit) return;
    const limit = parseInt(form.dataset.limit, 10);
    const n = [...text.value].length;
    out.textContent = `${n} / ${limit}`;
    out.classList.toggle("over", n > limit);
  }

  document.addEventListener("input", (event) => {
    if (event.target.id === "reply-text") { lastKey = Date.now(); counter(); }
  });

  document.addEventListener("change", (event) => {
    if (event.target.id !== "saved-reply" || !event.target.value) return;
    const url = event.target.dataset.url.replace(/\/0\/$/, `/${event.target.value}/`);
    fetch(url, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
      const text = document.getElementById("reply-text");
      text.value = data.text;
      text.focus();
      counter();
    });
  });

  document.addEventListener("htmx:afterSwap", counter);
  document.addEventListener("DOMContentLoaded", () => {
    counter();
    if (window.location.hash === "#reply") document.getElementById("reply-text")?.focus();
  });

  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.metaKey || event.ctrlKey) return;
    if (event.key === "r") { document.getElementById("reply-text")?.focus(); event.preventDefault(); }
    if (event.key === "e") { document.getElementById("close-button")?.click(); }
    if (event.key === "s") { document.getElementById("spam-button")?.click(); }
  });

  window.addEventListener("pagehide", () => {
    const main = document.getElementById("main");
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!main || !token) return;
    const data = new FormData();
    data.append("leave", "1");
    data.append("csrfmiddlewaretoken", token.value);
    navigator.sendBeacon(`/inbox/c/${main.dataset.conversation}/presence/`, data);
  });
})();
