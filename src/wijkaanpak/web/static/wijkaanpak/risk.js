// Follows a risk analysis running in the background: polls its status, shows the progress and
// reloads the page when it has finished (the result is rendered by the server).
(function () {
  const status = document.getElementById("risk-status");
  if (!status) return;
  async function poll() {
    const response = await fetch(status.dataset.url, {credentials: "same-origin"});
    if (!response.ok) return;
    const run = await response.json();
    document.getElementById("risk-done").textContent = String(run.done);
    document.getElementById("risk-progress").value = run.done;
    if (run.status === "running" || run.status === "queued") setTimeout(poll, 2000);
    else window.location.reload();
  }
  setTimeout(poll, 1000);
})();
