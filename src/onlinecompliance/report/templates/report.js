"use strict";
(function () {
  var table = document.getElementById("findings-table");
  var form = document.getElementById("filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown-rows");
  var ranks = { error: 0, warning: 1, info: 2 };
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var choices = {};

  selects.forEach(function (select) {
    var key = select.getAttribute("data-filter");
    var seen = {};
    rows.forEach(function (row) { seen[row.getAttribute("data-" + key)] = true; });
    var values = Object.keys(seen).sort(function (a, b) {
      return key === "severity" ? ranks[a] - ranks[b] : a.localeCompare(b);
    });
    choices[key] = values;
    values.forEach(function (value, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = value === "" ? "(none)" : value;
      select.appendChild(option);
    });
    select.addEventListener("change", filter);
  });

  function filter() {
    var wanted = selects.map(function (select) {
      var key = select.getAttribute("data-filter");
      return [key, select.value === "" ? null : choices[key][Number(select.value)]];
    });
    var count = 0;
    rows.forEach(function (row) {
      var match = wanted.every(function (pair) {
        return pair[1] === null || row.getAttribute("data-" + pair[0]) === pair[1];
      });
      row.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = "showing " + count + " of " + rows.length;
  }

  function sortBy(column, kind, header) {
    var descending = header.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var keyed = rows.map(function (row, index) {
      var text = row.cells[column].textContent;
      var key = kind === "number" ? Number(text) : kind === "severity" ? ranks[text] : text;
      return { row: row, key: key, index: index };
    });
    keyed.sort(function (a, b) {
      var order = typeof a.key === "number" ? a.key - b.key : a.key.localeCompare(b.key);
      return (descending ? -order : order) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = header.textContent;
    var kind = header.getAttribute("data-sort") || "text";
    button.addEventListener("click", function () { sortBy(column, kind, header); });
    header.textContent = "";
    header.appendChild(button);
  });
  form.hidden = false;
  filter();
})();
