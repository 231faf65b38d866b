// The article desk: a selection in the text becomes offsets into the stored article text.
// Each run of text is a <span data-at="offset">; claim numbers sit outside those runs and never count.
// Offsets are counted in code points, as Python counts them, not in the UTF-16 units JavaScript uses.
"use strict";

(function () {
  const box = document.getElementById("article-text");
  const form = document.getElementById("selection-form");
  if (!box) return;
  const runs = Array.from(box.querySelectorAll("[data-at]"));
  const length = Number(box.dataset.length);

  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const run = node.parentElement.closest("[data-at]");
      if (run && box.contains(run)) {
        return Number(run.dataset.at) + Array.from(node.data.slice(0, offset)).length;
      }
    }
    // An element boundary or a claim number: the first run that starts at or after the point.
    const point = document.createRange();
    point.setStart(node, offset);
    for (const run of runs) {
      if (point.comparePoint(run, 0) >= 0) return Number(run.dataset.at);
    }
    return length;
  }

  // undefined: the selection is elsewhere on the page (say, in the speaker field), so the last one stands;
  // null: the editor clicked or selected nothing in the text, which clears it.
  function selected() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0) return undefined;
    const range = selection.getRangeAt(0);
    if (!box.contains(range.commonAncestorContainer)) return undefined;
    if (selection.isCollapsed) return null;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    return end > start ? { start, end, text: selection.toString() } : null;
  }

  function show() {
    if (!form) return;
    const span = selected();
    if (span === undefined) return;
    const buttons = form.querySelectorAll("button[type=submit]");
    const preview = document.getElementById("selection-preview");
    // The page's words (translated in the template): the first text it had, and the "selected" line.
    preview.dataset.hint = preview.dataset.hint || preview.textContent;
    if (!span) {
      buttons.forEach((b) => { b.disabled = true; });
      preview.textContent = preview.dataset.empty || preview.dataset.hint;
      return;
    }
    document.getElementById("selection-start").value = span.start;
    document.getElementById("selection-end").value = span.end;
    const quote = span.text.length > 160 ? span.text.slice(0, 160) + "…" : span.text;
    const said = preview.dataset.selected.replace("{start}", span.start).replace("{end}", span.end);
    preview.textContent = said + " «" + quote + "»";
    buttons.forEach((b) => { b.disabled = false; });
  }

  document.addEventListener("selectionchange", show);

  const choice = document.getElementById("adjust-claim");
  if (choice) {
    choice.addEventListener("change", () => {
      document.getElementById("adjust-version").value = choice.selectedOptions[0].dataset.version;
    });
  }

  // A click on a marked claim opens it, unless the click ended a selection.
  box.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.claim");
    if (!mark || event.target.closest("a")) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    window.location.href = mark.dataset.href;
  });
})();
