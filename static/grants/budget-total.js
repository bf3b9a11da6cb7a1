// The budget page's running total: as amounts are typed, the total of the budget lines and
// how far it is from the amount requested. An enhancement only: without it the page shows the
// total as saved, and the server says the same when the budget is saved.
//
// Amounts are read as the server reads them (grants/forms/fields.py, MoneyField): "£1,250.50",
// "1250.5" or "1250", in whole pence so that no sum is rounded. A box left empty counts as
// nothing yet; one that is not an amount is left out of the total, and the page says so.

const AMOUNT = /^-?\d+(\.\d{1,2})?$/
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })

/** Pence, null for an empty box, or NaN for something that is not an amount. */
export function pence (text) {
  let cleaned = text.trim().replace(/[,\s]/g, '')
  if (cleaned === '') return null
  if (cleaned.startsWith('£')) cleaned = cleaned.slice(1)
  else if (cleaned.startsWith('-£')) cleaned = '-' + cleaned.slice(2)
  if (!AMOUNT.test(cleaned)) return NaN
  const negative = cleaned.startsWith('-')
  const [whole, fraction = ''] = cleaned.replace('-', '').split('.')
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  return negative ? -value : value
}

function money (value) {
  return pounds.format(value / 100)
}

/** What the page says about the figures typed so far. */
export function describe (lines, requested) {
  const given = lines.filter((value) => value !== null)
  const total = given.filter((value) => !Number.isNaN(value)).reduce((sum, value) => sum + value, 0)
  const unreadable = given.length - given.filter((value) => !Number.isNaN(value)).length
  let difference = ''
  if (unreadable) {
    difference = `${unreadable === 1 ? 'One amount is' : `${unreadable} amounts are`} not a number yet, so ${unreadable === 1 ? 'it is' : 'they are'} left out of the total.`
  } else if (requested !== null && !Number.isNaN(requested) && requested !== total) {
    const gap = money(Math.abs(requested - total))
    const lessOrMore = requested > total ? 'less' : 'more'
    difference = `The budget lines add up to ${money(total)}: ${gap} ${lessOrMore} than the ${money(requested)} requested. They must be equal before you submit.`
  } else if (requested !== null && requested === total && given.length === lines.length) {
    difference = 'The budget lines add up to the amount requested.'
  }
  return { total: money(total), difference }
}

export function initBudgetTotal (form) {
  const box = form.querySelector('[data-budget-total]')
  if (!box) return
  const lines = [...form.querySelectorAll('input[data-budget-line]')]
  const requested = form.querySelector('input[data-budget-requested]')
  const label = box.querySelector('[data-budget-total-label]')
  const amount = box.querySelector('[data-budget-total-amount]')
  const differenceText = box.querySelector('[data-budget-difference]')
  const announce = box.querySelector('[data-budget-announce]')
  let announcing

  function update (event) {
    const said = describe(
      lines.map((input) => pence(input.value)),
      requested ? pence(requested.value) : null
    )
    label.textContent = 'Total of the budget lines'
    amount.textContent = said.total
    differenceText.textContent = said.difference
    // Screen readers hear the total once typing pauses, not at every key (nor on load).
    clearTimeout(announcing)
    if (!event) return
    announcing = setTimeout(() => {
      announce.textContent = `Total of the budget lines: ${said.total}. ${said.difference}`
    }, 1000)
  }

  for (const input of [...lines, requested]) {
    if (input) input.addEventListener('input', update)
  }
  update()
}

for (const form of document.querySelectorAll('form')) {
  initBudgetTotal(form)
}
