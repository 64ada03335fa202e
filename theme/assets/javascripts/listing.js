// A listing's sort (generator/render/entries.py): the page lists its papers by publication date;
// the reader may order them by upvotes or by the day they were added instead. Only the papers of
// the page shown are reordered, from the data attributes of their rows.
(function () {
  "use strict";
  var control = document.querySelector(".pd-sort");
  var list = document.querySelector(".pd-listing .pd-list");
  if (!control || !list) return;
  var rows = Array.prototype.slice.call(list.children); // the page's own order: publication date
  var select = control.querySelector("select");

  function number(row, key) {
    var value = row.getAttribute("data-" + key);
    return value === null ? -1 : Number(value);
  }

  function sort() {
    var key = select.value;
    var order = key ? rows.slice().sort(function (a, b) {
      return number(b, key) - number(a, key) || rows.indexOf(a) - rows.indexOf(b);
    }) : rows;
    order.forEach(function (row) { list.appendChild(row); });
  }

  select.addEventListener("change", sort);
  control.hidden = false;
})();
