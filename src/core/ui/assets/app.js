/*
 * Rathaus progressive enhancement. Every page works without this file; it
 * only smooths the way:
 * - moves focus to the error summary after a failed submit (GOV.UK pattern),
 * - error summary links focus their field and show its label or legend,
 * - a form is submitted only once (a double click must not file two Anträge).
 */
(function () {
  'use strict';

  function focusErrorSummary() {
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
  }

  // The label or legend is what tells the user what to fix; keep it in view.
  function labelFor(input) {
    var fieldset = input.closest('fieldset');
    if (fieldset && (input.type === 'radio' || input.type === 'checkbox')) {
      var legend = fieldset.querySelector('legend');
      if (legend) return legend;
    }
    return document.querySelector('label[for="' + CSS.escape(input.id) + '"]') || input;
  }

  function onErrorSummaryClick(event) {
    var link = event.target.closest('#error-summary a[href^="#"]');
    if (!link) return;
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) return;
    event.preventDefault();
    labelFor(input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  // Marks buttons aria-disabled instead of disabled: a disabled submitter would
  // drop its name/value from the submission (e.g. "aktion=entwurf").
  var RELEASE_AFTER_MS = 10000;

  function submitButtons(form) {
    return form.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]');
  }

  function setBusy(form, busy) {
    if (busy) form.setAttribute('data-submitting', 'true');
    else form.removeAttribute('data-submitting');
    submitButtons(form).forEach(function (button) {
      if (busy) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.getAttribute('data-submitting') === 'true') {
      event.preventDefault();
      return;
    }
    if (!form.noValidate && !form.checkValidity()) return;
    setBusy(form, true);
    // If the response is a download, the page stays: let the user submit again later.
    window.setTimeout(function () {
      setBusy(form, false);
    }, RELEASE_AFTER_MS);
  }

  // Back button (bfcache) restores the page as it was: release the forms.
  function onPageShow(event) {
    if (!event.persisted) return;
    document.querySelectorAll('form[data-submitting]').forEach(function (form) {
      setBusy(form, false);
    });
  }

  document.addEventListener('click', onErrorSummaryClick);
  document.addEventListener('submit', onSubmit);
  window.addEventListener('pageshow', onPageShow);

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusErrorSummary);
  else focusErrorSummary();
})();
