/* global window, document, getComputedStyle */
/**
 * Runs inside the browser page of tests/cards/browser.test.ts: renders one Adaptive Card with
 * the `adaptivecards` library and Teams' host config, then measures what a person would
 * notice: text, choices or buttons cut (wider than their box, or shown with an ellipsis), the
 * most buttons side by side in one row, and the card's height.
 *
 * @example
 *   // in the page: await window.swisMeasure(cardJson) -> { height, cut, maxButtonsInARow, errors }
 */
window.swisMeasure = async function swisMeasure(cardJson) {
  const AC = window.AdaptiveCards;
  const target = document.getElementById('card');
  target.innerHTML = '';
  const ac = new AC.AdaptiveCard();
  ac.hostConfig = new AC.HostConfig(window.hostConfig);
  const errors = [];
  ac.parse(cardJson);
  const el = ac.render();
  if (!el) errors.push('did not render');
  else target.appendChild(el);
  // Images (the digest chart) count in the card's height once loaded.
  await Promise.all(Array.from(target.querySelectorAll('img')).map((img) => img.decode().catch(() => errors.push(`image did not load: ${img.alt}`))));

  const cut = [];
  const label = (e) => (e.textContent || '').trim().slice(0, 60) || e.className;
  const selector = '.ac-textBlock, .ac-textBlock *, .ac-pushButton, .ac-pushButton *, .ac-input, .ac-input *, .ac-factset td, .ac-factset td *, label, label *';
  target.querySelectorAll(selector).forEach((h) => {
    if (!h.offsetParent) return; // not shown (e.g. inside a collapsed "Show details")
    const style = getComputedStyle(h);
    const wider = h.scrollWidth > h.clientWidth + 1;
    const over = wider && style.overflowX !== 'visible';
    const ellipsis = style.textOverflow === 'ellipsis' && wider;
    const clamp = style.webkitLineClamp;
    const clamped = clamp && clamp !== 'none' && h.scrollHeight > h.clientHeight + 1;
    if (over || ellipsis || clamped) cut.push(`"${label(h)}" (${h.tagName.toLowerCase()}.${h.className}: ${h.scrollWidth} > ${h.clientWidth})`);
  });

  const sets = Array.from(target.querySelectorAll('.ac-actionSet'));
  const rows = new Map();
  target.querySelectorAll('.ac-pushButton').forEach((b) => {
    const r = b.getBoundingClientRect();
    if (!r.width) return;
    const key = `${sets.indexOf(b.closest('.ac-actionSet'))}:${Math.round(r.top)}`;
    rows.set(key, (rows.get(key) || 0) + 1);
  });
  let maxButtonsInARow = 0;
  for (const n of rows.values()) maxButtonsInARow = Math.max(maxButtonsInARow, n);
  return { height: Math.ceil(target.getBoundingClientRect().height), cut, maxButtonsInARow, errors };
};
