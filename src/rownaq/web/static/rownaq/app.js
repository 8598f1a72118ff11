/*
 * Rownaq page behaviour. Loaded with `defer` after Bootstrap, htmx and the Jalali date picker. A strict CSP
 * (script-src 'self') forbids inline scripts and handlers, so pages ask for behaviour with data- attributes:
 *
 *   <input data-jdp>                  Jalali date picker; the value is written as YYYY/MM/DD with ASCII digits
 *                                     (e.g. 1403/01/05). Optional data-jdp-min-date / data-jdp-max-date:
 *                                     "today", a date "1403/01/01", or a CSS selector of another date input.
 *   <form data-confirm="...">         asks window.confirm before submitting (also for htmx-driven forms)
 *   <a|button data-confirm="...">     asks window.confirm before the click takes effect
 *   <form data-autosubmit>            submits the form when one of its <select>s changes
 *   <label class="fa-file-input">     a file input with Persian words (Django's file widget template): the chosen
 *                                     files' names are written into its .fa-file-input-names
 *
 * window.Rownaq.persianDigits(value) and .persianNumber(value) are the one place scripts turn numbers into Persian
 * digits (charts' ticks and tooltips, file counts).
 */
(function () {
  "use strict";

  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function persianDigits(value) {
    return String(value).replace(/[0-9]/g, function (digit) { return PERSIAN_DIGITS[digit]; });
  }

  // Grouped thousands and the Persian decimal separator: 1234567.5 -> ۱٬۲۳۴٬۵۶۷٫۵
  function persianNumber(value) {
    var number = Number(value);
    if (!isFinite(number)) { return persianDigits(value); }
    var parts = String(Math.abs(number)).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, "٬");
    return (number < 0 ? "−" : "") + persianDigits(whole + (parts[1] ? "٫" + parts[1] : ""));
  }

  window.Rownaq = window.Rownaq || {};
  window.Rownaq.persianDigits = persianDigits;
  window.Rownaq.persianNumber = persianNumber;

  var DATE_PICKER_OPTIONS = {
    date: true,
    time: false,
    // Persian digits only in the calendar itself; the picker always writes ASCII digits into the input.
    persianDigits: true,
    separatorChars: { date: "/" },
    // Limits come from each input's data-jdp-min-date / data-jdp-max-date; without them there is no limit.
    minDate: "attr",
    maxDate: "attr",
    showTodayBtn: true,
    showEmptyBtn: true,
    hideAfterChange: true,
    // Above Bootstrap's modal (1055) so the calendar can be used in a dialog.
    zIndex: 1060,
  };

  var datePickerStarted = false;

  // startWatch listens for focus on <body> and opens the calendar for any input[data-jdp], including inputs
  // htmx swaps in later. It adds its listeners on every call, so it must run once only.
  function startDatePicker() {
    if (datePickerStarted || !window.jalaliDatepicker) {
      return;
    }
    window.jalaliDatepicker.startWatch(DATE_PICKER_OPTIONS);
    datePickerStarted = true;
  }

  function eachMatch(root, selector, callback) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.matches && root.matches(selector)) {
      callback(root);
    }
    Array.prototype.forEach.call(root.querySelectorAll(selector), callback);
  }

  function prepareDateInputs(root) {
    eachMatch(root, "input[data-jdp]", function (input) {
      // The browser's autofill list would open on top of the calendar.
      if (!input.hasAttribute("autocomplete")) {
        input.setAttribute("autocomplete", "off");
      }
    });
  }

  function initialise(root) {
    startDatePicker();
    prepareDateInputs(root);
  }

  // --- data-confirm -------------------------------------------------------------------------------------
  // Capture-phase listeners on document run before htmx's listeners on the element, so a refusal also
  // stops htmx requests.

  var confirmedForms = typeof WeakSet === "function" ? new WeakSet() : null;

  function userAgrees(element) {
    var message = element.getAttribute("data-confirm");
    return !message || window.confirm(message);
  }

  function refuse(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  document.addEventListener(
    "click",
    function (event) {
      var element = event.target.closest ? event.target.closest("[data-confirm]") : null;
      if (!element || element.tagName === "FORM") {
        return;
      }
      if (!userAgrees(element)) {
        refuse(event);
        return;
      }
      // A confirmed submit button in a form that also has data-confirm should not ask twice.
      var form = element.form;
      if (form && confirmedForms) {
        confirmedForms.add(form);
        window.setTimeout(function () {
          confirmedForms.delete(form);
        }, 0);
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute("data-confirm")) {
        return;
      }
      if (confirmedForms && confirmedForms.has(form)) {
        confirmedForms.delete(form);
        return;
      }
      if (!userAgrees(form)) {
        refuse(event);
      }
    },
    true
  );

  // --- data-autosubmit ----------------------------------------------------------------------------------

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLSelectElement) || !field.form || !field.form.hasAttribute("data-autosubmit")) {
      return;
    }
    // requestSubmit fires the submit event, so htmx (hx-get on the form) and data-confirm see it.
    if (typeof field.form.requestSubmit === "function") {
      field.form.requestSubmit();
    } else {
      field.form.submit();
    }
  });

  // --- Persian file picker -----------------------------------------------------------------------------

  var NO_FILE = "پرونده‌ای انتخاب نشده است";

  function showChosenFiles(input) {
    var picker = input.closest(".fa-file-input");
    var names = picker ? picker.querySelector(".fa-file-input-names") : null;
    if (!names) { return; }
    var files = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    if (!files.length) {
      names.textContent = NO_FILE;
    } else if (files.length === 1) {
      names.textContent = files[0];
    } else {
      names.textContent = persianNumber(files.length) + " پرونده: " + files.join("، ");
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.closest(".fa-file-input")) {
      showChosenFiles(input);
    }
  });

  document.addEventListener("reset", function (event) {
    window.setTimeout(function () {
      eachMatch(event.target, ".fa-file-input input[type=file]", showChosenFiles);
    }, 0);
  });

  // --- start-up and htmx swaps --------------------------------------------------------------------------

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initialise(document);
    });
  } else {
    initialise(document);
  }

  // htmx fires htmx:load on each piece of new content (and once on <body> at start-up).
  document.addEventListener("htmx:load", function (event) {
    initialise(event.target);
  });
})();
