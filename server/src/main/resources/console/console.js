// Charts from data attributes (no inline script, so the pages keep a strict content policy),
// and the export window's countdown.
(() => {
  if (window.Chart) {
    for (const c of document.querySelectorAll('canvas[data-chart]')) {
      const labels = c.dataset.labels ? c.dataset.labels.split('|') : [];
      const values = c.dataset.values ? c.dataset.values.split('|').map(Number) : [];
      new window.Chart(c, {
        type: c.dataset.chart,
        data: { labels, datasets: [{ data: values, backgroundColor: '#1f4e8c', maxBarThickness: 56 }] },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, animation: false },
      });
    }
  }
  // counted on the server's clock: its time at rendering (data-now) carried forward by this one's
  const countdowns = document.querySelectorAll('.countdown[data-until]');
  const loaded = Date.now();
  const tick = () => {
    for (const el of countdowns) {
      const now = (el.dataset.now ? Date.parse(el.dataset.now) : loaded) + (Date.now() - loaded);
      let s = Math.max(0, Math.floor((Date.parse(el.dataset.until) - now) / 1000));
      const d = Math.floor(s / 86400); s -= d * 86400;
      const h = Math.floor(s / 3600); s -= h * 3600;
      const m = Math.floor(s / 60); s -= m * 60;
      el.textContent = d + ' d ' + h + ' h ' + m + ' min ' + s + ' s';
    }
  };
  if (countdowns.length) { tick(); setInterval(tick, 1000); }
})();
