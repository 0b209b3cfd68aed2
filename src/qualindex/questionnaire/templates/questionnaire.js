// qualindex offline questionnaire: live consistency (the library's algorithm) and the answer file.
// No network, no libraries: everything this page needs is in this file.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("qi-data").textContent);
  const T = DATA.text;

  // ------------------------------------------------------------------ linear algebra
  // qualindex.weighting.ahp.perron_vector: repeated squaring until the row sums settle
  // (SWITCH_RTOL), products with the power until the vector settles (SQUARING_RTOL), one
  // product with A to polish it; a matrix that does not settle falls back to power iteration.
  const MAX_SQUARINGS = 40, SWITCH_RTOL = 1e-4, SQUARING_RTOL = 1e-9, MAX_POWER_STEPS = 8;

  function matmul(a, b) {
    const n = a.length, out = [];
    for (let i = 0; i < n; i++) {
      const row = new Array(n).fill(0);
      for (let k = 0; k < n; k++) {
        const aik = a[i][k];
        for (let j = 0; j < n; j++) row[j] += aik * b[k][j];
      }
      out.push(row);
    }
    return out;
  }
  function matvec(a, u) {
    return a.map((row) => row.reduce((s, x, j) => s + x * u[j], 0));
  }
  const sum = (v) => v.reduce((s, x) => s + x, 0);
  const scale = (m, f) => m.map((row) => row.map((x) => x * f));

  function powerFallback(a) {
    const n = a.length;
    let u = new Array(n).fill(1 / n);
    for (let s = 0; s < 100000; s++) {
      const nxt = matvec(a, u), t = sum(nxt);
      const v = nxt.map((x) => x / t);
      const change = sum(v.map((x, i) => Math.abs(x - u[i]) / x));
      u = v;
      if (change < 1e-15) break;
    }
    const aw = matvec(a, u);
    return { w: aw.map((x) => x / sum(aw)), lam: sum(aw) / sum(u) };
  }

  function perron(a) {
    const n = a.length;
    let b = scale(a, 1 / sum(a.map(sum)));
    for (let s = 0; s < 2; s++) {
      b = matmul(b, b);
      b = scale(b, 1 / sum(b.map(sum)));
    }
    let prev = b.map(sum);
    prev = prev.map((x) => x / sum(prev));
    let u = null, bad = false;
    for (let s = 0; s < MAX_SQUARINGS; s++) {
      b = matmul(b, b);
      let cur = b.map(sum);
      const f = 1 / sum(cur);
      b = scale(b, f);
      cur = cur.map((x) => x * f);
      const change = sum(cur.map((x, i) => Math.abs(x - prev[i]) / x));
      if (change <= SWITCH_RTOL) { u = cur; break; }
      prev = cur;
    }
    if (u === null) { u = prev; bad = true; }
    let settled = false;
    for (let s = 0; s < MAX_POWER_STEPS; s++) {
      let nxt = matvec(b, u);
      const t = sum(nxt);
      nxt = nxt.map((x) => x / t);
      const change = sum(nxt.map((x, i) => Math.abs(x - u[i]) / x));
      u = nxt;
      if (change <= SQUARING_RTOL) { settled = true; break; }
    }
    if (!settled) bad = true;
    const aw = matvec(a, u);
    const lam = sum(aw) / sum(u);
    const w = aw.map((x) => x / sum(aw));
    if (bad || !isFinite(lam) || w.some((x) => !(x > 0))) return powerFallback(a);
    return { w: w, lam: lam };
  }

  function saatyLambda(a, w) {
    const aw = matvec(a, w);
    return sum(aw.map((x, i) => x / w[i])) / a.length;
  }

  // qualindex.weighting.ahp.priority_stack
  function priorities(a, method) {
    const n = a.length;
    let w, lam;
    if (method === "eigenvector") {
      const r = perron(a);
      w = r.w; lam = r.lam;
    } else if (method === "geometric") {
      w = a.map((row) => Math.exp(sum(row.map(Math.log)) / n));
      const t = sum(w);
      w = w.map((x) => x / t);
      lam = saatyLambda(a, w);
    } else {
      const col = a[0].map((_, j) => sum(a.map((row) => row[j])));
      w = a.map((row) => sum(row.map((x, j) => x / col[j])) / n);
      const t = sum(w);
      w = w.map((x) => x / t);
      lam = saatyLambda(a, w);
    }
    return { w: w, lam: Math.max(lam, n) };
  }

  // ------------------------------------------------------------------ incomplete matrices
  // qualindex.weighting.incomplete: Harker (1987), and the lambda-optimal completion
  // (Bozoki, Fulop & Ronyai 2010) by Newton steps on the exact gradient from Harker's start.
  function harkerWeights(a) {
    const n = a.length;
    const c = a.map((row, i) => {
      const gaps = row.filter((x) => Number.isNaN(x)).length;
      return row.map((x, j) => (Number.isNaN(x) ? 0 : x) + (i === j ? gaps : 0));
    });
    return perron(c).w;
  }
  function filled(a, gaps, x) {
    const m = a.map((row) => row.slice());
    gaps.forEach(([i, j], k) => { m[i][j] = Math.exp(x[k]); m[j][i] = Math.exp(-x[k]); });
    return m;
  }
  function lambdaGrad(a, gaps, x) {
    const m = filled(a, gaps, x);
    const u = perron(m), v = perron(m[0].map((_, j) => m.map((row) => row[j])));
    const vu = sum(v.w.map((x2, i) => x2 * u.w[i]));
    const g = gaps.map(([i, j]) => (v.w[i] * u.w[j] * m[i][j] - v.w[j] * u.w[i] * m[j][i]) / vu);
    return { lam: u.lam, g: g };
  }
  function solve(h, g) {
    const n = g.length, m = h.map((row, i) => [...row, g[i]]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
      [m[c], m[p]] = [m[p], m[c]];
      if (Math.abs(m[c][c]) < 1e-300) return null;
      for (let r = c + 1; r < n; r++) {
        const f = m[r][c] / m[c][c];
        for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
      }
    }
    const x = new Array(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = m[r][n];
      for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
      x[r] = s / m[r][r];
    }
    return x;
  }
  const maxAbs = (v) => Math.max(...v.map(Math.abs));
  function complete(a, how) {
    const n = a.length, gaps = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (Number.isNaN(a[i][j])) gaps.push([i, j]);
    if (!gaps.length) return a;
    const w0 = harkerWeights(a);
    let x = gaps.map(([i, j]) => Math.log(w0[i] / w0[j]));
    if (how === "harker") return filled(a, gaps, x);
    let cur = lambdaGrad(a, gaps, x);
    const h = 1e-5;
    for (let step = 0; step < 100 && maxAbs(cur.g) >= 1e-14; step++) {
      const cols = x.map((_, k) => {
        const xp = x.slice(), xm = x.slice();
        xp[k] += h; xm[k] -= h;
        const gp = lambdaGrad(a, gaps, xp).g, gm = lambdaGrad(a, gaps, xm).g;
        return gp.map((v, r) => (v - gm[r]) / (2 * h));
      });
      const hess = x.map((_, r) => x.map((_, c) => (cols[c][r] + cols[r][c]) / 2));
      const d = solve(hess, cur.g);
      if (d === null) break;
      let t = 1, moved = false;
      for (let back = 0; back < 30; back++, t /= 2) {
        const xn = x.map((v, k) => v - t * d[k]);
        const nxt = lambdaGrad(a, gaps, xn);
        if (nxt.lam < cur.lam || (nxt.lam <= cur.lam * (1 + 1e-12) && maxAbs(nxt.g) < maxAbs(cur.g))) {
          x = xn; cur = nxt; moved = true; break;
        }
      }
      if (!moved) break;
    }
    return filled(a, gaps, x);
  }

  // ------------------------------------------------------------------ the page
  const VALUES = ["9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9"];
  const num = (s) => (s.includes("/") ? 1 / Number(s.split("/")[1]) : Number(s));

  function answer(section, k) {
    const hit = section.querySelector(`input[name="${section.dataset.key}-${k}"]:checked`);
    return hit ? hit.value : null;
  }

  // qualindex.weighting.diagnose: the Saaty value nearest (in log terms) to w_i/w_j among those
  // on the same side of 1 as the answer (a suggestion never reverses a judgment)
  const side = (x) => (Math.abs(Math.log(x)) < 1e-9 ? 0 : x > 1 ? 1 : -1);
  function nearestText(x, current) {
    let best = VALUES[0], d = Infinity;
    for (const v of VALUES.filter((u) => side(num(u)) === side(current))) {
      const e = Math.abs(Math.log(num(v)) - Math.log(x));
      if (e < d - 1e-12) { d = e; best = v; }
    }
    return DATA.option_text[best];
  }

  function update(section) {
    const node = DATA.nodes[Number(section.dataset.index)];
    if (node.kind !== "pairwise") return;
    const n = node.items.length, box = section.querySelector(".cr");
    const rows = section.querySelectorAll("tr.pair");
    rows.forEach((r) => r.classList.remove("worst"));
    const a = [];
    for (let i = 0; i < n; i++) a.push(new Array(n).fill(NaN).map((x, j) => (i === j ? 1 : x)));
    let missing = 0;
    node.pairs.forEach(([i, j], k) => {
      const v = answer(section, k);
      rows[k].classList.toggle("unanswered", v === null && section.classList.contains("checked"));
      if (v === null) { missing++; return; }
      a[i][j] = num(v); a[j][i] = 1 / num(v);
    });
    if (missing) {
      box.className = "cr wait";
      box.dataset.cr = "";
      box.textContent = `${T.cr}: ${T.cr_wait} (${missing} ${T.missing})`;
      return;
    }
    const m = complete(a, node.incomplete);
    const r = priorities(m, node.priority);
    const cr = n <= 2 ? 0 : (r.lam - n) / (n - 1) / node.ri;
    // qualindex.weighting.diagnose.worst_judgments: largest |ln(a_ij w_j / w_i)| over the
    // asked pairs, rounded to 9 decimals so ties keep row-major order
    let worst = -1, sev = -1;
    node.pairs.forEach(([i, j], k) => {
      const s = Math.round(Math.abs(Math.log(m[i][j] * r.w[j] / r.w[i])) * 1e9) / 1e9;
      if (s > sev) { sev = s; worst = k; }
    });
    const ok = cr <= node.cr_limit;
    box.className = "cr " + (ok ? "ok" : "bad");
    box.dataset.cr = String(cr);
    box.dataset.worst = String(worst);
    const [wi, wj] = node.pairs[worst];
    const tail = node.complete ? "" : ` ${T.subset_cr}`;
    let text = `${T.cr} = ${cr.toFixed(3)}${tail} (${T.cr_limit} ${node.cr_limit.toFixed(2)}): ${ok ? T.cr_ok : T.cr_bad}`;
    if (!ok && n > 2) {
      rows[worst].classList.add("worst");
      text += ` — ${T.worst}: ${node.items[wi].name} / ${node.items[wj].name}; ${T.implied} ${nearestText(r.w[wi] / r.w[wj], m[wi][wj])}`;
    }
    box.textContent = text;
  }

  function collectAnswers() {
    const doc = {
      questionnaire: DATA.meta,
      expert: {},
      pairwise: {},
      scores: {},
      cr: {},
    };
    const field = (id) => document.getElementById(id).value.trim();
    doc.expert.id = field("qi-expert-id");
    for (const key of ["name", "title"]) if (field(`qi-expert-${key}`)) doc.expert[key] = field(`qi-expert-${key}`);
    const fam = field("qi-familiarity");
    const basis = {};
    let anyBasis = false;
    for (const b of DATA.bases) { basis[b] = field(`qi-basis-${b}`); anyBasis = anyBasis || !!basis[b]; }
    if (fam || anyBasis) { doc.expert.familiarity = fam || null; doc.expert.basis = basis; }
    let missing = 0;
    document.querySelectorAll("section.node").forEach((section) => {
      section.classList.add("checked");
      const node = DATA.nodes[Number(section.dataset.index)];
      if (node.kind === "pairwise") {
        update(section);
        doc.pairwise[node.id] = node.pairs.map(([i, j], k) => {
          const v = answer(section, k);
          if (v === null) missing++;
          return [node.items[i].id, node.items[j].id, v];
        });
        const cr = section.querySelector(".cr").dataset.cr;
        if (cr) doc.cr[node.id] = Number(cr);
      } else {
        doc.scores[node.id] = {};
        section.querySelectorAll("input.score").forEach((inp) => {
          const empty = inp.value.trim() === "";
          inp.classList.toggle("unanswered", empty);
          if (empty) missing++;
          doc.scores[node.id][inp.dataset.item] = empty ? null : Number(inp.value);
        });
      }
    });
    if (!doc.expert.id) missing++;
    document.getElementById("qi-expert-id").classList.toggle("unanswered", !doc.expert.id);
    return { doc: doc, missing: missing };
  }

  function save() {
    const { doc, missing } = collectAnswers();
    const status = document.getElementById("qi-status");
    if (missing) {
      status.textContent = `${missing} ${T.missing}`;
      status.className = "bad";
      const first = document.querySelector(".unanswered");
      if (first) first.scrollIntoView({ block: "center" });
      return;
    }
    const text = JSON.stringify(doc, null, 2) + "\n";
    const name = `${DATA.meta.index}-${doc.expert.id}-answers.json`;
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    status.textContent = `${T.saved} ${name}`;
    status.className = "ok";
  }

  document.querySelectorAll("section.node").forEach((section) => {
    section.addEventListener("change", () => update(section));
    update(section);
  });
  document.getElementById("qi-save").addEventListener("click", save);
  window.qualindex = { update: update, collectAnswers: collectAnswers, complete: complete, priorities: priorities };
})();
