// Renders the API reference on /api/docs from the OpenAPI document (the CSP forbids inline scripts).
(function () {
  var element = document.getElementById("api-reference");
  if (!element || !window.Redoc) return;
  window.Redoc.init(element.getAttribute("data-spec-url"), { hideDownloadButton: false, expandResponses: "200,201" }, element);
})();
