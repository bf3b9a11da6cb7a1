// Wide tables scroll inside their own box, so a 375 px screen scrolls the table, not the page.
// A box that does scroll is made reachable by keyboard (tabindex) and named after its
// table's caption, so keyboard and screen reader users can scroll it too. Without
// JavaScript, the page itself scrolls sideways as before.
export function containTables (root = document) {
  for (const table of root.querySelectorAll('table.govuk-table')) {
    if (table.parentElement.classList.contains('portal-table-container')) continue
    const box = document.createElement('div')
    box.className = 'portal-table-container'
    table.before(box)
    box.append(table)
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0
      box.setAttribute('role', 'region')
      const caption = table.querySelector('caption')
      box.setAttribute('aria-label', caption ? caption.textContent.trim() : 'Table')
    }
  }
}
