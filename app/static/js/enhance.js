// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll(".character-count[data-for]").forEach(function (counter) {
      var input = document.getElementById(counter.getAttribute("data-for"));
      var limit = parseInt(input.getAttribute("data-maxlength"), 10);
      var update = function () {
        var left = limit - input.value.length;
        var template = left >= 0 ? counter.dataset.remaining : counter.dataset.over;
        counter.textContent = template.replace("{num}", Math.abs(left).toLocaleString(document.documentElement.lang));
        counter.classList.toggle("character-count--over", left < 0);
      };
      counter.hidden = false;
      input.addEventListener("input", update);
      update();
    });
  });
})();
