// The API docs page: Swagger UI (vendored) over this server's own OpenAPI description.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.SwaggerUIBundle !== "function") return;
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    validatorUrl: null, // no request leaves for another site
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
