/*
 * Shift planner pages. No inline scripts under the strict CSP, so pages ask for behaviour with data- attributes:
 *   <button data-print>              prints the page (the base template's print CSS hides navigation and forms)
 *   <select data-worker-jump>        goes to the page whose address is the chosen option's value
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-worker-jump]") && select.value.charAt(0) === "/") {
      window.location.assign(select.value);
    }
  });
})();
