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
 *   <input data-number="numeric|decimal|plain">
 *                                     shows Persian digits as the user types (any of Persian, Arabic-Indic or
 *                                     Latin digits may be typed), grouped with «٬» unless "plain", with «٫»
 *                                     as the decimal point for "decimal"; the server reads all of these forms
 *   <select data-searchable="placeholder">
 *                                     a search box before a long list narrows its options as one types (Persian
 *                                     letters compared the way the server's search compares them: ي=ی, ك=ک)
 *   <div data-formset="prefix"> + <template data-formset-template="prefix"> + <button data-formset-add="prefix">
 *                                     adds a row of a Django formset in place; a row's DELETE box becomes a
 *                                     «حذف» button that marks the row and hides it
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
    eachMatch(root, "select[data-searchable]", makeSearchable);
    eachMatch(root, "[data-formset-row]", prepareRemoval);
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

  // --- data-number ----------------------------------------------------------------------------------------
  // Rewrites the value only when it reads as a number; anything else stays as typed for the server to explain.

  var GROUPING = /[٬,،'\u00a0\u202f\u2009 ]/g;

  function latinDigits(text) {
    return text.replace(/[۰-۹]/g, function (d) {
      return String(d.charCodeAt(0) - 0x06f0);
    }).replace(/[٠-٩]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0660);
    });
  }

  function formatNumberText(text, kind) {
    var latin = latinDigits(text).replace(/[\u2212\u2013]/g, "-");
    var match = /^\s*(-?)([0-9٬,،'\u00a0\u202f\u2009 ]*)(?:([٫./])([0-9]*))?\s*$/.exec(latin);
    if (!match || (kind !== "decimal" && match[3])) {
      return null;
    }
    var integer = match[2].replace(GROUPING, "");
    if (kind !== "plain") {
      integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, "٬");
    }
    var text2 = match[1] + integer + (match[3] ? "٫" + match[4] : "");
    return persianDigits(text2);
  }

  function digitsBefore(text, position) {
    return latinDigits(text.slice(0, position)).replace(/[^0-9٫.\/]/g, "").length;
  }

  function positionAfterDigits(text, count) {
    var seen = 0;
    for (var i = 0; i < text.length; i += 1) {
      if (seen === count) {
        return i;
      }
      if (/[0-9۰-۹٫]/.test(text.charAt(i))) {
        seen += 1;
      }
    }
    return text.length;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-number")) {
      return;
    }
    var formatted = formatNumberText(input.value, input.getAttribute("data-number"));
    if (formatted === null || formatted === input.value) {
      return;
    }
    var caret = digitsBefore(input.value, input.selectionStart || 0);
    input.value = formatted;
    var position = positionAfterDigits(formatted, caret);
    input.setSelectionRange(position, position);
  });

  // --- data-searchable --------------------------------------------------------------------------------------

  function searchText(text) {
    return latinDigits(text || "").replace(/[يى]/g, "ی").replace(/ك/g, "ک").replace(/[\u200c\s]+/g, " ")
      .trim().toLowerCase();
  }

  function makeSearchable(select) {
    if (select.dataset.searchReady) {
      return;
    }
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.getAttribute("data-searchable") || "جست‌وجو";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("autocomplete", "off");
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = searchText(box.value);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = searchText(option.text);
        var match = !wanted || !option.value || text.indexOf(wanted) !== -1;
        option.hidden = !match;
        if (match && option.value && (first === null || (text === wanted && searchText(first.text) !== wanted))) {
          first = option;
        }
      });
      var current = select.selectedIndex < 0 ? null : select.options[select.selectedIndex];
      if (wanted && first && (!current || !current.value || current.hidden || searchText(first.text) === wanted)) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  // --- data-formset ---------------------------------------------------------------------------------------

  function prepareRemoval(row) {
    var remove = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (!remove || remove.dataset.ready) {
      return;
    }
    remove.dataset.ready = "1";
    var holder = remove.parentNode;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-danger";
    button.textContent = "حذف ردیف";
    button.addEventListener("click", function () {
      remove.checked = true;
      row.hidden = true;
    });
    remove.hidden = true;
    Array.prototype.forEach.call(holder.querySelectorAll("label"), function (label) {
      label.hidden = true;
    });
    holder.appendChild(button);
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest ? event.target.closest("[data-formset-add]") : null;
    if (!add) {
      return;
    }
    var prefix = add.getAttribute("data-formset-add");
    var template = document.querySelector("template[data-formset-template='" + prefix + "']");
    var rows = document.querySelector("[data-formset='" + prefix + "']");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    if (!template || !rows || !total) {
      return;
    }
    var index = Number(total.value);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    initialise(row);
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first) {
      first.focus();
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
