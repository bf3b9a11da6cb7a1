// Wide tables scroll inside their own box, so a 375 px screen scrolls the table, not the page.
// A box that scrolls is made reachable by keyboard (tabindex) and named after its table's
// caption, so keyboard and screen reader users can scroll it too; whether it scrolls is
// checked again whenever its size changes (a turned phone, zoom, a resized window). Without
// JavaScript, the page itself scrolls sideways as before.
function markScrolling (box) {
  const table = box.firstElementChild
  if (box.scrollWidth > box.clientWidth) {
    box.tabIndex = 0
    box.setAttribute('role', 'region')
    const caption = table.querySelector('caption')
    box.setAttribute('aria-label', caption ? caption.textContent.trim() : 'Table')
  } else {
    box.removeAttribute('tabindex')
    box.removeAttribute('role')
    box.removeAttribute('aria-label')
  }
}

export function containTables (root = document) {
  const resized = 'ResizeObserver' in window
    ? new ResizeObserver(entries => entries.forEach(entry => markScrolling(entry.target)))
    : null
  for (const table of root.querySelectorAll('table.govuk-table')) {
    if (table.parentElement.classList.contains('portal-table-container')) continue
    const box = document.createElement('div')
    box.className = 'portal-table-container'
    table.before(box)
    box.append(table)
    markScrolling(box)
    if (resized) resized.observe(box)
  }
}
