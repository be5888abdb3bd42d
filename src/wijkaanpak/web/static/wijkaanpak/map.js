// The plan map: colour blocks, click to assign an intervention, results recomputed through the API.
// The table of blocks below the map (drawn by the server, searchable without this script) is the
// keyboard route: this script adds a select and a button per row that assign through the same
// function as a click on the map, filters the rows in place, and a polite live region announces
// the recomputed results. Every text comes translated from the page's JSON data block "i18n".
(function () {
  const projectId = JSON.parse(document.getElementById("project-id").textContent);
  const api = `/api/projects/${projectId}`;
  const esc = text => String(text).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
  const plan = {};  // block id -> {intervention, densification}
  const initial = document.getElementById("initial-plan");  // a saved plan opened with ?plan=<name>
  const opened = initial ? JSON.parse(initial.textContent) : null;
  if (opened) Object.assign(plan, opened.blocks);
  const patterns = {none: "url(#pattern-none)", repair: "url(#pattern-repair)", renew: "url(#pattern-renew)"};
  const colours = {
    foundation: {"ondiep": "#e15759", "houten palen": "#f28e2b", "betonpalen": "#4e79a7", "onbekend": "#bab0ac"},
    label: {A: "#1a9850", B: "#66bd63", C: "#a6d96a", D: "#fee08b", E: "#fdae61", F: "#f46d43", G: "#d73027"},
    tenure: {owner_occupier: "#4e79a7", private_rental: "#f28e2b", housing_association: "#59a14f"},
    damage: {negligible: "#1a9850", very_slight: "#91cf60", slight: "#d9ef8b", moderate: "#fee08b",
             severe: "#fc8d59", very_severe: "#d73027", unknown: "#bbbbbb"},
  };
  const labels = JSON.parse(document.getElementById("i18n").textContent);  // translated by Django
  const label = k => labels[k] || k;
  const locale = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";  // the page's language
  const nl = new Intl.NumberFormat(locale, {maximumFractionDigits: 0});
  const factor = new Intl.NumberFormat(locale, {maximumFractionDigits: 2});
  const axis = new Intl.NumberFormat(locale, {maximumFractionDigits: 2, useGrouping: false});  // years too
  const fillIn = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const csrf = () => (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
  const map = L.map("map", {zoomSnap: 0.25, zoomControl: false});
  L.control.zoom({zoomInTitle: labels.zoom_in, zoomOutTitle: labels.zoom_out}).addTo(map);
  const announce = document.getElementById("announce");
  const blocks = new Map();  // block id -> {layer, row}: the block on the map and in the table
  let layer, lastRequest = 0;

  function defaultIntervention() {
    const select = document.getElementById("default");
    return select ? select.value : (opened ? opened.default.intervention : "repair");
  }
  function interventionOf(id) { return (plan[id] || {intervention: defaultIntervention()}).intervention; }
  function interventionText(id) {
    const b = plan[id];
    return b && b.intervention === "renew" && b.densification ? `${label("renew")} ×${factor.format(b.densification)}` : label(interventionOf(id));
  }
  function fill(props) {
    const by = document.getElementById("colour").value;
    if (by === "subsidence") {
      const t = Math.min(props.subsidence / 10, 1);
      return `rgb(${Math.round(255 - 40 * t)}, ${Math.round(230 - 200 * t)}, ${Math.round(200 - 180 * t)})`;
    }
    if (by === "intervention") return patterns[interventionOf(props.block_id)] || "#bbbbbb";
    return colours[by][props[by]] || "#bbbbbb";
  }
  function legend() {
    const by = document.getElementById("colour").value;
    const box = document.getElementById("legend");
    if (by === "subsidence") { box.textContent = labels.subsidence_legend; return; }
    if (by === "intervention") {  // hatching as on the map: plain, single hatch, cross hatch
      box.innerHTML = Object.entries(patterns).map(([k, p]) => `<span><svg class="swatch" aria-hidden="true" focusable="false" viewBox="0 0 16 16"><rect width="16" height="16" fill="${p}" stroke="#555555"/></svg>${esc(label(k))}</span>`).join("");
      return;
    }
    box.innerHTML = Object.entries(colours[by]).map(([k, c]) => `<span><i style="background:${esc(c)}"></i>${esc(label(k))}</span>`).join("");
  }
  function restyle() {
    layer.setStyle(f => ({color: "#ffffff", weight: 1, fillOpacity: 0.9, fillColor: fill(f.properties)}));
    legend();
    // the drawing has a name for screen readers (what it shows, and where the details are)
    const drawing = document.querySelector("#map .leaflet-overlay-pane svg");
    if (drawing) {
      drawing.setAttribute("role", "img");
      const colour = document.getElementById("colour");
      drawing.setAttribute("aria-label", fillIn(labels.map_picture, {n: blocks.size, by: colour.options[colour.selectedIndex].text}));
    }
    for (const [id, b] of blocks) b.row.querySelector(".current").textContent = interventionText(id);
    const focused = document.activeElement && document.activeElement.closest("#blocks tbody tr");
    if (focused) highlight(focused.dataset.block, true);
  }
  function payload() {
    // an opened plan keeps its own default (with its densification, start year …) while unchanged
    const d = opened && defaultIntervention() === opened.default.intervention ? opened.default : {intervention: defaultIntervention()};
    return {default: d, blocks: plan};
  }

  async function recompute(change) {
    // change: what the user changed, for the live region (nothing is announced on opening the page)
    const start = performance.now(), request = ++lastRequest;
    const response = await fetch(`${api}/evaluate`, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify(payload())});
    const r = await response.json();
    if (request !== lastRequest) return;  // a later change is under way: show only its result
    if (!response.ok) {
      const message = labels.error + ": " + (r.detail || response.status);
      document.getElementById("r-exploitation").textContent = message;
      if (change) announce.textContent = message;
      return;
    }
    const h = r.households;
    document.getElementById("r-exploitation").textContent = "€ " + nl.format(r.exploitation.npv_eur);
    document.getElementById("r-societal").textContent = "€ " + nl.format(r.mkba.balance_eur);
    document.getElementById("r-maintenance").textContent = "€ " + nl.format(r.maintenance.npv_eur);
    document.getElementById("r-homes").textContent = `${nl.format(r.counts.demolished)} / ${nl.format(r.counts.new_homes)}`;
    document.getElementById("r-closed").textContent = h.owner_households ? `${nl.format(h.closed_purse)} ${labels.of} ${nl.format(h.owner_households)}` : "–";
    document.getElementById("r-support").textContent = h.repair_owner_households ? `${nl.format(h.repair_households_needing_support)} ${labels.households}` : "–";
    document.getElementById("r-time").textContent = `${Math.round(performance.now() - start)} ms`;
    document.querySelector("#actors tbody").innerHTML = Object.entries(r.actors).map(([actor, v]) =>
      `<tr><th scope="row">${esc(label(actor === "housing_association" ? "housing_association_actor" : actor))}</th><td>€ ${nl.format(v.npv_eur)}</td></tr>`).join("");
    if (change) {
      announce.textContent = `${labels.recomputed} (${change}): ${labels.mkba} € ${nl.format(r.mkba.balance_eur)}; ` +
        `${labels.exploitation} € ${nl.format(r.exploitation.npv_eur)}; ${labels.demolished_new} ${document.getElementById("r-homes").textContent}.`;
    }
    charts(r);
  }

  function line(svgId, xs, ys, mark) {
    // A small line chart in SVG: x and y scaled to the box, zero line, optional vertical mark.
    const svg = document.getElementById(svgId), w = 320, h = 140, pad = 26;
    if (!xs.length) {
      svg.innerHTML = `<text x="10" y="70" font-size="11">${esc(labels.no_renewal)}</text>`;
      svg.setAttribute("aria-label", labels.no_chart);
      return;
    }
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(0, ...ys), y1 = Math.max(0, ...ys);
    const sx = x => pad + (x - x0) / ((x1 - x0) || 1) * (w - 2 * pad);
    const sy = y => h - pad - (y - y0) / ((y1 - y0) || 1) * (h - 2 * pad);
    const path = xs.map((x, i) => `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join("");
    const fmt = v => nl.format(v);
    svg.innerHTML = `<line x1="${pad}" x2="${w - pad}" y1="${sy(0)}" y2="${sy(0)}" stroke="#999"/>` +
      `<path d="${path}" fill="none" stroke="#154273" stroke-width="2"/>` +
      (mark !== undefined ? `<line x1="${sx(mark)}" x2="${sx(mark)}" y1="${pad / 2}" y2="${h - pad}" stroke="#d7191c" stroke-dasharray="4 3"/>` : "") +
      `<text x="2" y="${sy(y1) + 4}" font-size="10">${fmt(y1)}</text><text x="2" y="${sy(y0)}" font-size="10">${fmt(y0)}</text>` +
      `<text x="${pad}" y="${h - 6}" font-size="10">${axis.format(x0)}</text><text x="${w - pad - 20}" y="${h - 6}" font-size="10">${axis.format(x1)}</text>`;
    // what a screen reader says instead of the picture: the range of both axes
    const summary = {cashflow: labels.cashflow_chart, sweep: labels.sweep_chart}[svgId];
    svg.setAttribute("aria-label", fillIn(summary, {first: axis.format(x0), last: axis.format(x1), low: factor.format(y0), high: factor.format(y1)}));
  }

  async function charts(result) {
    line("cashflow", result.cashflow.map(c => c.year), result.cashflow.map(c => c.cumulative_eur / 1e6));
    if (!Object.values(plan).some(b => b.intervention === "renew")) { line("sweep", [], []); return; }
    const response = await fetch(`${api}/sweep?step=0.25`, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify(payload())});
    const s = await response.json();
    line("sweep", s.points.map(p => p.densification), s.points.map(p => p.exploitation_npv_eur / 1e6), s.cap);
  }

  function assign(id, intervention) {
    // one path for a click on the map and the table's button: the plan, the map, the table, the API
    plan[id] = intervention === "renew"
      ? {intervention: "renew", densification: parseFloat(document.getElementById("densification").value)}
      : {intervention};
    const select = blocks.get(id).row.querySelector("select");
    if (select) select.value = intervention;
    restyle();
    recompute(`${labels.block} ${id}: ${interventionText(id)}`);
  }

  function onClick(feature) {
    const tool = document.querySelector('input[name="tool"]:checked');
    if (!tool) return;  // read-only role
    assign(feature.properties.block_id, tool.value);
  }

  function highlight(id, on) {  // the block of the table row that has the focus, outlined on the map
    const l = blocks.get(id).layer;
    l.setStyle(on ? {color: "#000000", weight: 4} : {color: "#ffffff", weight: 1});
    if (on) l.bringToFront();
  }

  function cell(tag, text) {  // text from the uploaded file goes in as text, never as HTML
    const c = document.createElement(tag);
    c.textContent = text;
    return c;
  }

  function table() {
    // the rows come from the server; the project team gets a select and a button in each
    const editable = Boolean(document.querySelector('input[name="tool"]'));
    if (editable) {
      const head = cell("th", labels.choose);
      head.scope = "col";
      document.querySelector("#blocks thead th:nth-child(3)").after(head);
    }
    for (const row of document.querySelectorAll("#blocks tbody tr[data-block]")) {
      const id = row.dataset.block;
      if (!blocks.has(id)) continue;  // not on the map (cannot happen: the same file)
      if (editable) {
        const select = document.createElement("select");
        select.className = "utrecht-select";
        select.setAttribute("aria-label", `${labels.intervention_for} ${id}`);
        for (const k of Object.keys(patterns)) select.add(new Option(label(k), k));
        select.value = interventionOf(id);
        const button = cell("button", labels.apply);
        button.type = "button";
        button.className = "utrecht-button utrecht-button--secondary-action";
        const which = cell("span", ` ${labels.to_block} ${id}`);
        which.className = "visually-hidden";
        button.append(which);
        button.addEventListener("click", () => assign(id, select.value));
        const choose = document.createElement("td");
        choose.className = "choose";
        choose.append(select, " ", button);
        row.querySelector(".current").after(choose);
      }
      row.addEventListener("focusin", () => highlight(id, true));
      row.addEventListener("focusout", () => highlight(id, false));
      blocks.get(id).row = row;
    }
  }

  function filter() {
    // the same rule as the server (blocktable.rows): part of the id or street, and the
    // intervention the block has now; applied when the search changes, not when a block does
    const form = document.getElementById("block-filter");
    const needle = form.elements.q.value.trim().toLocaleLowerCase();
    const wanted = form.elements.ingreep.value;
    let shown = 0;
    for (const [id, b] of blocks) {
      const street = b.row.cells[1].textContent.toLocaleLowerCase();
      const found = (id.toLocaleLowerCase().includes(needle) || street.includes(needle)) && (!wanted || interventionOf(id) === wanted);
      b.row.hidden = !found;
      shown += found;
    }
    const count = fillIn(labels.blocks_shown, {shown, total: blocks.size});  // as blocktable.shown_text
    document.getElementById("blocks-count").textContent = shown ? count : `${labels.no_blocks} (${count})`;
    document.getElementById("show-all").hidden = !(form.elements.q.value || form.elements.ingreep.value);
    const url = new URL(location.href);  // a reload or a shared link keeps the search
    for (const key of ["q", "ingreep"]) {
      if (form.elements[key].value) url.searchParams.set(key, form.elements[key].value); else url.searchParams.delete(key);
    }
    history.replaceState(null, "", url);
  }

  fetch(`${api}/blocks`, {credentials: "same-origin"}).then(r => r.json()).then(data => {
    document.getElementById("fictional").hidden = !data.fictional;
    layer = L.geoJSON(data, {
      onEachFeature: (f, l) => {
        // block ids and names come from an uploaded file: escape them (Leaflet sets the tooltip as HTML)
        l.bindTooltip(esc(`${f.properties.block_id}: ${nl.format(f.properties.dwellings)} ${labels.homes}, ${label(f.properties.foundation)}, ${labels.damage} ${label(f.properties.damage)}`));
        l.on("click", () => onClick(f));
        blocks.set(f.properties.block_id, {layer: l});
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    table();
    restyle();
    recompute();
  });
  document.getElementById("colour").addEventListener("change", restyle);
  const search = document.getElementById("block-filter");
  search.addEventListener("submit", event => { event.preventDefault(); filter(); });  // keeps the plan
  search.elements.q.addEventListener("input", filter);
  search.elements.ingreep.addEventListener("change", filter);
  document.getElementById("show-all").addEventListener("click", event => {  // keeps the plan's changes
    event.preventDefault();
    search.elements.q.value = "";
    search.elements.ingreep.value = "";
    filter();
    search.elements.q.focus();
  });
  const def = document.getElementById("default");
  if (opened && def) {
    const value = opened.default.intervention;
    if (![...def.options].some(o => o.value === value)) def.add(new Option(label(value), value));
    def.value = value;
  }
  const nameBox = document.getElementById("plan-name");
  if (opened && nameBox) nameBox.value = opened.name;
  if (def) def.addEventListener("change", () => {
    for (const [id, b] of blocks) if (!plan[id]) b.row.querySelector("select").value = def.value;
    restyle();
    recompute(`${labels.other_blocks}: ${label(def.value)}`);
  });
  const save = document.getElementById("save");
  if (save) save.addEventListener("click", async () => {
    const name = document.getElementById("plan-name").value;
    const response = await fetch(`${api}/plans`, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()}, body: JSON.stringify({name, plan: payload()})});
    document.getElementById("saved").textContent = response.ok ? `Plan "${name}" ${labels.saved}.` : labels.save_failed;
  });
})();
