// Small progressive enhancements; every page works without this file.
(() => {
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
