// Small progressive enhancements; every page works without this file.
(() => {
  // htmx arrives with the shopper's first sign of intent (a touch, a key, focus, the pointer over
  // the page), not with the page: a phone spends no time on it before anyone does anything, and
  // every form works without it. A press or a typed letter that comes before htmx is ready is held
  // and played again once it is (or left to the browser, as a plain form, if htmx cannot load).
  const htmxSrc = document.currentScript && document.currentScript.dataset.htmx;
  const ACTION = "[hx-get],[hx-post],[hx-put],[hx-patch],[hx-delete]";
  // Pages that poll or load parts by themselves need htmx straight away.
  const SELF_STARTING = '[hx-trigger*="every"],[hx-trigger*="load"],[hx-trigger*="revealed"],[hx-trigger*="intersect"]';
  let state = window.htmx ? "ready" : "idle"; // idle -> loading -> ready | failed
  const held = [];
  const settle = (outcome) => {
    state = outcome;
    for (const replay of held.splice(0)) replay();
  };
  const loadHtmx = () => {
    if (state !== "idle" || !htmxSrc) return;
    state = "loading";
    // htmx wires the page in a task of its own after its script runs: ready once it has.
    document.addEventListener("htmx:after:process", function processed(event) {
      if (event.target !== document.body) return;
      document.removeEventListener("htmx:after:process", processed);
      settle("ready");
    });
    const script = document.createElement("script");
    script.src = htmxSrc;
    script.onerror = () => settle("failed");
    document.head.append(script);
  };
  for (const type of ["pointerover", "pointerdown", "touchstart", "keydown", "focusin"]) {
    document.addEventListener(type, loadHtmx, { capture: true, passive: true, once: true });
  }
  const enhanced = (element) => (element instanceof Element ? element.closest(ACTION) : null);
  // A press on an htmx control (or a submit button of an htmx form) before htmx is ready.
  document.addEventListener(
    "click",
    (event) => {
      if (state === "ready" || state === "failed") return;
      const target = event.target instanceof Element ? event.target : null;
      const pressed = target && target.closest(`button, input, select, textarea, a[href], ${ACTION}`);
      if (!pressed || pressed.tagName === "FORM" || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      // Only what htmx would have taken: a submit button of an htmx form (or an htmx one), or an htmx
      // button, link or element whose click is its trigger. A box, a tick or a choice is left alone.
      const submitButton = (pressed.tagName === "BUTTON" || pressed.tagName === "INPUT") && (pressed.type === "submit" || pressed.type === "image");
      const box = /^(INPUT|SELECT|TEXTAREA)$/.test(pressed.tagName);
      const submits = submitButton && (pressed.matches(ACTION) || (pressed.form && pressed.form.matches(ACTION)));
      if (!submits && !(pressed.matches(ACTION) && !box)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      loadHtmx();
      held.push(() => target.click());
    },
    true,
  );
  // Enter in a box of an htmx form.
  document.addEventListener(
    "submit",
    (event) => {
      if (state === "ready" || state === "failed" || !enhanced(event.target)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      loadHtmx();
      const form = event.target;
      const submitter = event.submitter;
      held.push(() => form.requestSubmit(submitter || undefined));
    },
    true,
  );
  // Typing or choosing in an htmx box (search as you type, a sort order): told again once ready.
  for (const type of ["input", "change"]) {
    document.addEventListener(
      type,
      (event) => {
        if (state === "ready" || state === "failed" || !enhanced(event.target)) return;
        loadHtmx();
        const box = event.target;
        if (!held.some((replay) => replay.box === box && replay.type === type)) {
          const replay = () => state === "ready" && box.dispatchEvent(new Event(type, { bubbles: true }));
          replay.box = box;
          replay.type = type;
          held.push(replay);
        }
      },
      true,
    );
  }
  if (document.querySelector(SELF_STARTING)) loadHtmx();

  // Toasts from htmx responses fade after a few seconds.
  let timer;
  document.addEventListener("htmx:after:swap", () => {
    const toast = document.getElementById("toast");
    if (!toast || !toast.textContent.trim()) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      toast.textContent = "";
      toast.className = "toast";
    }, 4000);
  });
  // Phones show lists as stacked rows: each cell gets its column's heading as a label.
  const labelCells = (root) => {
    for (const table of root.querySelectorAll(".table-wrap > .data-table:not(.product-table)")) {
      // A heading only screen readers see (the column of "Run now" or "Remove" buttons) labels nothing.
      const headings = [...table.querySelectorAll("thead th")].map((th) => (th.querySelector(":scope > .visually-hidden:only-child") ? "" : th.textContent.trim()));
      for (const row of table.querySelectorAll("tbody tr")) {
        [...row.children].forEach((cell, index) => {
          // An empty cell (no action left for this row) gets no label either: "Actions:" over nothing.
          const empty = !cell.textContent.trim() && !cell.querySelector("a, button, input, select, textarea, img, svg");
          if (!cell.hasAttribute("data-label") && headings[index] && !empty) cell.setAttribute("data-label", headings[index]);
        });
      }
    }
  };
  document.addEventListener("DOMContentLoaded", () => labelCells(document));
  document.addEventListener("htmx:after:swap", () => labelCells(document));
  // Buttons marked data-print open the print dialog (invoices, picking lists).
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (button) window.print();
  });
  // "Copy" buttons (recovery codes): shown only where the clipboard can be written.
  const showCopyButtons = () => {
    if (!navigator.clipboard) return;
    for (const button of document.querySelectorAll("button[data-copy][hidden]")) button.hidden = false;
  };
  document.addEventListener("DOMContentLoaded", showCopyButtons);
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-copy]") : null;
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(() => {
      button.textContent = "Copied";
    });
  });
  // The bell's live count: the stream (src/notifications/stream.ts) sends the unread count whenever it
  // changes. A plain EventSource writes it into the bell; it reconnects by itself when the stream ends
  // and stops for good on an error status (logged out).
  const followBell = () => {
    const feed = document.querySelector(".bell-feed[data-stream]");
    if (!feed || !window.EventSource) return;
    const source = new EventSource(feed.getAttribute("data-stream"));
    source.onmessage = (event) => {
      const count = document.getElementById("bell-count");
      if (count && /^\d+$/.test(event.data) && count.textContent.trim() !== event.data) {
        count.textContent = event.data;
        count.classList.toggle("bell-count-unread", event.data !== "0");
      }
      document.dispatchEvent(new CustomEvent("bell:message", { detail: event.data }));
    };
  };
  window.addEventListener("load", followBell);
  // The service worker only shows an offline page when the network is gone (src/install).
  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", () => navigator.serviceWorker.register("/sw.js").catch(() => {}));
  }
})();
