// GOV.UK Frontend's conditional radios mark each radio that reveals boxes with
// aria-expanded, which ARIA does not allow on a radio (axe-core: aria-allowed-attr), and
// which screen readers do not announce on one. The reveal itself stays GOV.UK Frontend's;
// this only takes the attribute off again whenever it is set.
// This module runs before GOV.UK Frontend starts (it is earlier in the page), so it
// watches every radio that has something to reveal.
const radios = document.querySelectorAll('input[type="radio"][data-aria-controls], input[type="radio"][aria-controls]')
const strip = (radio) => radio.removeAttribute('aria-expanded')
const observer = new MutationObserver((changes) => {
  changes.forEach((change) => strip(change.target))
})
radios.forEach((radio) => {
  strip(radio)
  observer.observe(radio, { attributes: true, attributeFilter: ['aria-expanded'] })
})
