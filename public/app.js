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
  // Buttons marked data-print open the print dialog (invoices, picking lists).
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (button) window.print();
  });
})();
