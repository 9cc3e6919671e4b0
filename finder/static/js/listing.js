// The get-listed form. Everything here improves a form that works without it:
// - after a failed submit, focus goes to the error summary, and its links focus fields;
// - a box narrows the long list of languages to those whose name contains what is typed;
// - the region list follows the country chosen;
// - the map pin is set by clicking the map or dragging the marker, and fills in the
//   latitude and longitude fields (which stay the way to type it without JavaScript).
(function () {
  'use strict';
  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  document.querySelectorAll('.js-only').forEach(function (el) { el.hidden = false; });

  // The error summary: focused on arrival (autofocus does it too, where supported).
  var summary = document.getElementById('form-problem');
  if (summary) {
    summary.focus();
    summary.querySelectorAll('a[data-focus]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        var target = document.getElementById(link.getAttribute('data-focus'));
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({ block: 'center' });
        target.focus();
      });
    });
  }

  // The languages filter.
  document.querySelectorAll('input[data-filter-target]').forEach(function (box) {
    var list = document.getElementById(box.getAttribute('data-filter-target'));
    var status = document.getElementById(box.getAttribute('data-filter-status'));
    if (!list) return;
    box.hidden = false;
    box.addEventListener('input', function () {
      var wanted = fold(box.value.trim());
      var matches = 0;
      list.querySelectorAll('label[data-name]').forEach(function (label) {
        var input = label.querySelector('input');
        var match = wanted === '' || fold(label.getAttribute('data-name')).indexOf(wanted) !== -1;
        // A ticked language stays in view, so what was chosen is never hidden.
        label.hidden = !match && !input.checked;
        if (match) matches += 1;
      });
      if (status) {
        status.hidden = matches !== 0;
        status.textContent = matches === 0 ? status.getAttribute('data-none') : '';
      }
    });
    // Enter in the box must not submit the form.
    box.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') event.preventDefault();
    });
  });

  var dataEl = document.getElementById('region-data');
  var data = dataEl ? JSON.parse(dataEl.textContent) : { regions: {}, centres: {} };
  var country = document.getElementById('f-address-country');

  // The region: a list for countries whose regions are known, a text box otherwise.
  function showRegions() {
    var current = document.getElementById('f-address-region');
    if (!country || !current) return;
    var regions = data.regions[country.value] || [];
    var value = current.value;
    var next;
    if (regions.length) {
      next = document.createElement('select');
      next.append(new Option(data.choose, ''));
      regions.forEach(function (pair) { next.append(new Option(pair[1], pair[0])); });
      var known = regions.some(function (pair) { return pair[0] === value; });
      next.value = known ? value : '';
    } else {
      next = document.createElement('input');
      next.type = 'text';
      next.maxLength = 100;
      next.value = current.tagName === 'INPUT' ? value : '';
    }
    ['id', 'name', 'autocomplete', 'aria-describedby', 'aria-invalid'].forEach(function (name) {
      if (current.hasAttribute(name)) next.setAttribute(name, current.getAttribute(name));
    });
    current.replaceWith(next);
  }
  if (country) country.addEventListener('change', showRegions);

  // The map pin.
  var mapEl = document.getElementById('pin-map');
  var lat = document.getElementById('f-location-lat');
  var lon = document.getElementById('f-location-lon');
  if (!mapEl || !lat || !lon || !window.L) return;
  mapEl.hidden = false;
  var map = L.map(mapEl, { scrollWheelZoom: false });
  if (mapEl.dataset.tileUrl) {
    L.tileLayer(mapEl.dataset.tileUrl, { maxZoom: 18, attribution: mapEl.dataset.tileAttribution || '' }).addTo(map);
  }
  var marker = null;
  function round(n) { return Math.round(n * 1e6) / 1e6; }
  function typed() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? [a, b] : null;
  }
  function place(point, fill) {
    if (!marker) {
      marker = L.marker(point, { draggable: true, title: mapEl.dataset.pinLabel, alt: mapEl.dataset.pinLabel }).addTo(map);
      marker.on('dragend', function () {
        var at = marker.getLatLng();
        lat.value = round(at.lat);
        lon.value = round(at.lng);
      });
    } else {
      marker.setLatLng(point);
    }
    if (fill) {
      lat.value = round(point[0]);
      lon.value = round(point[1]);
    }
  }
  function centre() {
    var pin = typed();
    if (pin) { map.setView(pin, 13); place(pin, false); return; }
    var c = country && data.centres[country.value];
    map.setView(c || [39.8, -98.6], 4);
  }
  centre();
  map.on('click', function (event) { place([event.latlng.lat, event.latlng.lng], true); });
  [lat, lon].forEach(function (input) {
    input.addEventListener('change', function () {
      var pin = typed();
      if (pin) { place(pin, false); map.panTo(pin); }
    });
  });
  if (country) country.addEventListener('change', function () { if (!typed()) centre(); });
})();
