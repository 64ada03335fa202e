// A listing's sort (generator/render/entries.py): the page lists its papers by publication date;
// the reader may order them by upvotes or by the day they were added instead. Only the papers of
// the page shown are reordered, by what each entry's facts say ("12 upvotes", "added 2026-03-13")
// or, where the facts show the publication date, by the day added in its data-a attribute.
(function () {
  "use strict";
  var control = document.querySelector(".pd-sort");
  var list = document.querySelector(".pd-listing .pd-list");
  if (!control || !list) return;
  var rows = Array.prototype.slice.call(list.children); // the page's own order: publication date
  var select = control.querySelector("select");

  function fact(row, pattern) {
    var facts = row.querySelector("small"), found = facts && pattern.exec(facts.textContent);
    return found ? found.slice(1).join("") : null;
  }

  var keys = {
    u: rows.map(function (row) { return Number(fact(row, /(\d+) upvotes?/) || -1); }),
    a: rows.map(function (row) {
      return Number(row.getAttribute("data-a") || fact(row, /added (\d{4})-(\d\d)-(\d\d)/) || -1);
    }),
  };

  function sort() {
    var key = keys[select.value];
    var order = key ? rows.slice().sort(function (a, b) {
      var first = rows.indexOf(a), second = rows.indexOf(b);
      return key[second] - key[first] || first - second;
    }) : rows;
    order.forEach(function (row) { list.appendChild(row); });
  }

  select.addEventListener("change", sort);
  control.hidden = false;
})();
