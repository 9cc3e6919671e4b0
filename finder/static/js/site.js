/* finder's pages: the results map, "Use my location" and "Load more results".
 * The pages work without this file; it only adds to them. Text from listings is set
 * with textContent, never as HTML. */
(() => {
  'use strict';

  const status = document.getElementById('form-status');
  // The page's messages in its language (base.html writes them; English when absent).
  const catalog = JSON.parse(document.getElementById('js-messages')?.textContent || '{}');
  const locale = document.documentElement.lang || 'en';
  function _(message, vars) {
    const words = catalog[message] || message;
    return words.replace(/%\((\w+)\)s/g, (all, name) => (vars && name in vars ? String(vars[name]) : all));
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function text(tag, value, className) {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  // The map: markers for the listed providers. Tiles may fail to load (a closed network,
  // a tile server that is down); the list beside the map does not depend on them.
  function popup(p) {
    const box = document.createElement('div');
    box.append(text('strong', p.name));
    if (p.distance) box.append(document.createElement('br'), text('span', _('%(distance)s away', { distance: p.distance })));
    if (p.url) {
      const link = text('a', _('View profile'));
      link.href = p.url;
      box.append(document.createElement('br'), link);
    }
    return box;
  }

  function startMap() {
    const el = document.getElementById('map');
    const data = document.getElementById('map-data');
    if (!el || !data || !window.L) return null;
    const info = JSON.parse(data.textContent);
    const points = info.providers || [];
    if (!points.length) return null;
    el.hidden = false;
    const map = L.map(el, { scrollWheelZoom: false });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: el.dataset.tileAttribution || '' }).addTo(map);
    }
    const layer = L.featureGroup().addTo(map);
    const add = (p) => L.marker([p.lat, p.lon], { title: p.name, alt: p.name }).bindPopup(popup(p)).addTo(layer);
    points.forEach(add);
    if (info.origin) {
      L.circleMarker([info.origin.lat, info.origin.lon], { radius: 7, color: '#c2410c', weight: 3 })
        .bindTooltip(_('Your search')).addTo(layer);
    }
    const fit = () => {
      if (points.length === 1 && !info.origin) map.setView([points[0].lat, points[0].lon], info.zoom || 13);
      else map.fitBounds(layer.getBounds(), { padding: [30, 30], maxZoom: 14 });
    };
    fit();
    return { add: (more) => { more.forEach(add); fit(); } };
  }

  // "Use my location": search at the browser's coordinates instead of a typed place.
  function startLocate() {
    const button = document.getElementById('locate');
    const form = document.getElementById('search-form');
    if (!button || !form || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener('click', () => {
      say(_('Finding your location…'));
      navigator.geolocation.getCurrentPosition((pos) => {
        const near = form.elements.near;
        near.value = '';
        near.disabled = true;           // a disabled field is not sent: lat/lon replace it
        form.querySelectorAll('input[name=lat], input[name=lon]').forEach((old) => old.remove());
        for (const [name, value] of [['lat', pos.coords.latitude], ['lon', pos.coords.longitude]]) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value.toFixed(2);    // about 1 km: the URL keeps no more than that
          form.append(input);
        }
        say(_('Searching near your location…'));
        form.submit();
      }, (err) => {
        say(err.code === 1
          ? _('Location access was refused, so we cannot search near you. Type a postcode or town instead.')
          : _('Your location could not be found. Type a postcode or town instead.'));
        form.elements.near.focus();
      }, { timeout: 15000, maximumAge: 600000 });
    });
  }

  // "Load more results": fetch the next page of this same page and append its list items.
  function startMore(map) {
    const list = document.getElementById('provider-list');
    let link = document.getElementById('more');
    if (!list || !link) return;
    link.addEventListener('click', async function more(event) {
      event.preventDefault();
      const meta = document.getElementById('results-meta');
      link.setAttribute('aria-busy', 'true');
      link.textContent = _('Loading…');
      try {
        const response = await fetch(link.href, { headers: { Accept: 'text/html' } });
        if (!response.ok) throw new Error(String(response.status));
        const next = new DOMParser().parseFromString(await response.text(), 'text/html');
        const items = [...next.querySelectorAll('#provider-list > li')];
        items.forEach((li) => list.append(document.adoptNode(li)));
        const data = next.getElementById('map-data');
        if (map && data) map.add(JSON.parse(data.textContent).providers || []);
        const nextLink = next.getElementById('more');
        if (nextLink) {
          link.href = nextLink.getAttribute('href');
          link.textContent = _('Load more results');
          link.removeAttribute('aria-busy');
        } else {
          link.parentElement.remove();
        }
        if (meta) meta.textContent = `${list.children.length} providers shown, nearest first.`;
        if (items[0]) items[0].focus();
      } catch (e) {
        link.removeAttribute('aria-busy');
        link.textContent = _('More results could not be loaded. Please try again.');
      }
    });
  }

  // After a search the answer (or what went wrong) is what matters: bring it into view
  // and move focus there, so a phone's screen and a screen reader both start with it.
  function showAnswer() {
    if (!new URLSearchParams(location.search).toString()) return;
    const target = document.getElementById('search-error') || document.getElementById('no-results') ||
      document.getElementById('results-heading');
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  }

  // Distances follow the country: switching it offers that country's unit at once.
  // The choices come with the page (finder.units), so the script keeps no copy of them.
  function startUnits() {
    const country = document.getElementById('country');
    const radius = document.getElementById('radius');
    if (!country || !radius || !radius.dataset.units) return;
    const units = JSON.parse(radius.dataset.units);
    country.addEventListener('change', () => {
      const unit = units[country.selectedOptions[0].dataset.unit] ? country.selectedOptions[0].dataset.unit : 'km';
      const { radii, km_per_unit: perUnit } = units[unit];
      const current = Number(radius.value);
      const values = radii.map((r) => [r, perUnit === 1 ? r : Math.round(r * perUnit * 10) / 10]);
      const nearest = current ? values.reduce((a, b) => (Math.abs(b[1] - current) < Math.abs(a[1] - current) ? b : a))
        : values.find(([r]) => r === units[unit].default);
      radius.replaceChildren(...values.map(([r, km]) => {
        const option = text('option', _('Within %(distance)s', { distance: `${new Intl.NumberFormat(locale).format(r)} ${unit}` }));
        option.value = String(km);
        option.selected = km === nearest[1];
        return option;
      }));
    });
  }

  let map = null;
  try {
    map = startMap();
  } catch (e) {
    map = null;                         // the list stands on its own
  }
  startLocate();
  startMore(map);
  startUnits();
  showAnswer();
})();
