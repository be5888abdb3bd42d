// "Stel plannen voor": while the optimisation runs (a few seconds, in the request), say so and
// keep the button from being pressed twice. No inline script (CSP): loaded from this server.
(function () {
  const form = document.getElementById("optimise-form");
  if (!form) return;
  const labels = JSON.parse(document.getElementById("optimise-i18n").textContent);
  form.addEventListener("submit", () => {
    const button = document.getElementById("optimise-submit");
    button.disabled = true;
    document.getElementById("optimise-status").textContent = labels.busy;
  });
})();
