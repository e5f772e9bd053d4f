// goumai: the little front-end code the pages need. Everything works without it;
// it only adds the print button and keyboard focus on the main region after skip.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var first = document.querySelector(".form-error, .field .err:not(:empty)");
  if (first) {
    var input = first.closest(".field") ? first.closest(".field").querySelector("input, select, textarea") : null;
    (input || first).focus && (input || first).focus();
  }
});
