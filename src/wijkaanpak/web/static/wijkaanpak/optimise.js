// "Stel plannen voor": while the optimisation runs (a few seconds, in the request), say so and
// keep the buttons from being pressed twice. No inline script (CSP): loaded from this server.
// The buttons are disabled only after the browser has taken the form's data, so that the pressed
// button's action (a proposal or a Pareto front) is still sent.
(function () {
  const form = document.getElementById("optimise-form");
  if (!form) return;
  const labels = JSON.parse(document.getElementById("optimise-i18n").textContent);
  form.addEventListener("submit", () => {
    document.getElementById("optimise-status").textContent = labels.busy;
    setTimeout(() => {
      for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
    }, 0);
  });
})();
