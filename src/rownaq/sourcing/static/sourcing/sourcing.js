// Need form: a suggested HS code (buttons the htmx fragment brings, data-hs-pick) fills the HS field and ticks
// the confirmation box; the user can still change both. No inline code: the pages obey a strict CSP.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-hs-pick]") : null;
    if (!button) { return; }
    var field = document.getElementById("id_hs_code");
    var confirm = document.getElementById("id_hs_confirmed");
    if (field) { field.value = button.getAttribute("data-hs-pick"); }
    if (confirm) { confirm.checked = true; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-hs-pick]"), function (other) {
      other.classList.toggle("active", other === button);
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    });
  });
})();
