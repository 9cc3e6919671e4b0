// The get-listed form: a box that narrows the long list of languages to those whose
// name contains what is typed. Without JavaScript the whole list is shown (the box stays
// hidden), so nothing depends on it.
(function () {
  'use strict';
  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  document.querySelectorAll('input[data-filter-target]').forEach(function (box) {
    var list = document.getElementById(box.getAttribute('data-filter-target'));
    if (!list) return;
    box.hidden = false;
    box.addEventListener('input', function () {
      var wanted = fold(box.value.trim());
      list.querySelectorAll('label[data-name]').forEach(function (label) {
        var input = label.querySelector('input');
        // A ticked language stays in view, so what was chosen is never hidden.
        label.hidden = wanted !== '' && !input.checked &&
          fold(label.getAttribute('data-name')).indexOf(wanted) === -1;
      });
    });
  });
})();
