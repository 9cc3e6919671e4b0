/*! finder widget: "Find a Provider Near You" on any page, with one script tag.
 *
 *   <div data-provider-finder data-modality="ketamine" data-country="US"></div>
 *   <script src="https://FINDER-HOST/widget.js" async></script>
 *
 * Mounts into every such element (and every <provider-finder>), inside a Shadow DOM so the
 * page's CSS and the widget's never meet. Theme it with CSS custom properties on the page:
 * --pf-accent, --pf-accent-text, --pf-text, --pf-muted, --pf-border, --pf-background,
 * --pf-card, --pf-focus, --pf-radius, --pf-font.
 * Text from the API is only ever set as text (textContent, text nodes), never parsed as HTML.
 * It speaks the language of its element's data-lang, else of the page's <html lang>: English
 * as written here, Spanish from GET /widget/messages/es.json, and asks the API in it too.
 */
(() => {
  'use strict';

  if (window.ProviderFinder) {        // the script was included twice: mount what is new
    window.ProviderFinder.mountAll();
    return;
  }

  // The API lives wherever this script came from, so the same tag works on any origin.
  const SCRIPT = document.currentScript ||
    [...document.querySelectorAll('script[src]')].find((s) => /\/widget\.js(\?|#|$)/.test(s.src));
  const BASE = new URL('.', SCRIPT ? SCRIPT.src : location.href).href;
  // Each country's unit, and each unit's radius choices, come from GET /api/v1/countries
  // (finder.units): the widget keeps no copy. Until they arrive the search uses the API's
  // default radius.
  let UNITS = null;
  const PAGE_SIZE = 10;
  // A postcode and a town to search for, by country: "90210 or Denver".
  const EXAMPLES = { US: ['90210', 'Denver'], GB: ['SW1A 1AA', 'Leeds'], CA: ['M5V 3L9', 'Toronto'],
    AU: ['2000', 'Sydney'], DE: ['10115', 'Berlin'], NL: ['1012 AB', 'Utrecht'] };
  // The languages finder speaks (finder.i18n.LOCALES).
  const LANGS = ['en', 'es'];
  const CATALOG_WAIT_MS = 5000;

  const CSS = `
:host{all:initial;display:block}
:host([hidden]){display:none}
.pf{--a:var(--pf-accent,#1d5c63);--at:var(--pf-accent-text,#fff);--t:var(--pf-text,#1f2933);
 --m:var(--pf-muted,#4f5b66);--b:var(--pf-border,#cfd8df);--bg:var(--pf-background,#fff);
 --c:var(--pf-card,#f6f8f9);--f:var(--pf-focus,#c2410c);--r:var(--pf-radius,10px);
 box-sizing:border-box;font:400 16px/1.5 var(--pf-font,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif);
 color:var(--t);background:var(--bg);border:1px solid var(--b);border-radius:var(--r);
 padding:20px;text-align:left;text-transform:none;text-indent:0;letter-spacing:normal;
 word-spacing:normal;white-space:normal;font-style:normal;text-shadow:none;visibility:visible;cursor:auto}
.pf *,.pf *::before,.pf *::after{box-sizing:inherit}
.pf [hidden]{display:none!important}
h2{font-size:1.4em;line-height:1.25;margin:0 0 4px;font-weight:700;color:var(--t)}
h3{font-size:1.08em;line-height:1.3;margin:0;font-weight:700}
p{margin:0}
a{color:var(--a);text-decoration:underline;text-underline-offset:2px}
:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.intro{color:var(--m);margin-bottom:14px}
label{display:block;font-weight:600;margin-bottom:4px}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}
.grow{flex:1 1 220px;min-width:0}
input,select,button{font:inherit;color:inherit;margin:0}
input,select{width:100%;height:44px;padding:9px 11px;border:1px solid var(--m);border-radius:calc(var(--r) - 4px);background:var(--bg)}
input[aria-invalid=true]{border-color:#b42318;box-shadow:0 0 0 1px #b42318}
button{cursor:pointer;min-height:44px;border-radius:calc(var(--r) - 4px);padding:9px 16px;border:1px solid var(--a);background:var(--bg);color:var(--a);font-weight:600}
button.primary{background:var(--a);color:var(--at)}
button:hover{filter:brightness(1.08)}
button.plain{border-color:transparent;background:none;padding:9px 4px;text-decoration:underline}
.options{margin-top:12px}
.options>div{flex:1 1 160px}
.status{min-height:1.5em;margin:14px 0 0;color:var(--m)}
.busy .status::before{content:"";display:inline-block;width:1em;height:1em;margin-right:.5em;vertical-align:-.15em;
 border:2px solid var(--b);border-top-color:var(--a);border-radius:50%;animation:spin .8s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.busy .status::before{animation:none}}
.box{margin-top:12px;padding:12px 14px;border-radius:calc(var(--r) - 4px);border:1px solid var(--b);background:var(--c)}
.box.error{border-color:#f1a9a0;background:#fef3f2;color:#7a271a}
.box p+p{margin-top:6px}
.box .row{margin-top:10px}
.origin{margin-top:10px;font-weight:600}
ol{list-style:none;margin:12px 0 0;padding:0;display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr))}
.card{background:var(--c);border:1px solid var(--b);border-radius:calc(var(--r) - 2px);padding:14px 16px;display:flex;flex-direction:column;gap:6px}
.card:focus{outline:3px solid var(--f)}
.practice,.meta{color:var(--m);font-size:.94em}
.dist{font-weight:700;color:var(--t)}
.tags{display:flex;flex-wrap:wrap;gap:6px;list-style:none;margin:2px 0 0;padding:0}
.tags li{font-size:.82em;padding:2px 8px;border-radius:999px;background:var(--bg);border:1px solid var(--b)}
.tags li.badge{background:#e3f1ea;border-color:#9ccbb0;color:#14532d;font-weight:600}
.actions{display:flex;flex-wrap:wrap;gap:6px 16px;margin-top:auto;padding-top:4px}
.more{margin-top:14px;text-align:center}
h3.sub{margin-top:14px}
.credit{margin-top:14px;font-size:.8em;color:var(--m)}
.access{margin-top:12px;padding:12px 14px;border-radius:calc(var(--r) - 4px);border:1px solid var(--b);border-left:6px solid var(--a);background:var(--bg)}
.access.warn{border-left-color:#b54708;background:#fffaeb}
.access h3{font-size:1em;margin-bottom:4px}
.access p+p,.access ul{margin-top:6px}
.access .src{font-size:.86em;color:var(--m)}
.access ul{padding-left:1.2em}
.crisis{margin-top:12px;padding:8px 12px;border-radius:calc(var(--r) - 4px);background:#e4f0ef;color:#1f2933}
.demo{align-self:flex-start;font-size:.85em;font-weight:700;padding:2px 10px;border-radius:999px;background:#fff4e6;border:1px solid #b45309;color:#7c2d12}
.meant{margin-top:8px}
.meant .row,.box .row{align-items:center}
.other{margin-top:16px}
@media (max-width:480px){.pf{padding:14px}}
.trust .check.verified::before{content:"✓ ";color:#05603a;font-weight:700}
.trust .check.expired,.trust .check.not_in_good_standing{color:#b42318;font-weight:600}
.report{font-size:.9em}
.report button.plain{padding:2px 0}
.report-form{display:grid;gap:6px;margin-top:6px}
.report-form fieldset{border:1px solid var(--b);border-radius:8px;padding:6px 10px;margin:0}
.report-form .choice{display:flex;gap:8px;align-items:center;margin:2px 0}
.report-form .choice input{width:20px;height:20px;padding:0;flex:none;accent-color:var(--a)}
.report-form .choice label{font-weight:400;margin:0}
.report-form legend{font-weight:600;padding:0 4px}
.report-form textarea,.report-form input[type=email]{font:inherit;width:100%;padding:6px 8px;border:1px solid var(--b);border-radius:6px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
details.filters{margin-top:10px}
details.filters summary{cursor:pointer;font-weight:600;padding:4px 0;width:fit-content}
details.filters fieldset{border:1px solid var(--pf-border,#c8c8c8);border-radius:8px;margin:8px 0;padding:6px 10px 8px;display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:4px 12px}
details.filters legend{font-weight:600;padding:0 4px}
label.check{display:flex;align-items:flex-start;gap:6px;font-weight:400}
label.check input{flex:none;width:18px;height:18px;padding:0;margin-top:2px;accent-color:var(--a)}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

  // Put values into a message written in Python's %(name)s style (the catalogs' own): a
  // string, or, when a value is an element, a list of text and elements for el().
  function format(text, values) {
    if (!values) return text;
    const parts = text.split(/%\((\w+)\)s/);
    for (let i = 1; i < parts.length; i += 2) {
      parts[i] = parts[i] in values ? values[parts[i]] : `%(${parts[i]})s`;
    }
    return parts.some((p) => p instanceof Node) ? parts.filter((p) => p !== '') : parts.join('');
  }

  // Marks a message for the catalogs where it is written; the widget translates it on use.
  const N_ = (msgid) => msgid;

  // The element's data-lang, else the page's <html lang>, as one of LANGS (es-MX: es);
  // a language finder does not speak is English.
  function pageLang(host) {
    const tag = host.getAttribute('data-lang') || document.documentElement.lang || '';
    const code = tag.trim().toLowerCase().split(/[-_]/)[0];
    return LANGS.includes(code) ? code : 'en';
  }

  function url(path, params) {
    const u = new URL(path, BASE);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== '' && v != null) u.searchParams.set(k, v);
    }
    return u.href;
  }

  // Only http(s) addresses become links: never javascript: or data: from listing text.
  function safeHref(value) {
    try {
      const u = new URL(value, BASE);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // Build an element; strings among the children become text nodes, never markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children.flat(Infinity)) {
      if (child != null && child !== false) node.append(child);
    }
    return node;
  }

  // Names languages in the visitor's language (Intl.DisplayNames); codes the browser
  // has no name for (sgn, ypk) get none, and the caller uses the API's English name.
  function languageNamer(lang) {
    let names = null;
    try {
      names = new Intl.DisplayNames([lang, 'en'], { type: 'language', fallback: 'none' });
    } catch (e) {
      names = null;
    }
    return { lang, of(code) {
      const text = names ? names.of(code) : null;
      return text ? { text: text.charAt(0).toLocaleUpperCase(lang) + text.slice(1) } : null;
    } };
  }

  // A label inside a sentence: first letter in lower case unless it is an acronym
  // ("Psilocybin" -> "psilocybin", "MDMA" stays), as finder.names.in_sentence does.
  function inSentence(label, lang) {
    if (label.length > 1 && label[1] === label[1].toLocaleUpperCase(lang) && label[1] !== label[1].toLocaleLowerCase(lang)) return label;
    return label.slice(0, 1).toLocaleLowerCase(lang) + label.slice(1);
  }

  // A phone stored as E.164 (+13035550100;ext=12), shown as North America writes it
  // ("(303) 555-0100 ext. 12"); other countries' numbers as stored, which dial as shown.
  function nationalPhone(phone) {
    const m = /^\+1(\d{3})(\d{3})(\d{4})(?:;ext=(\d+))?$/.exec(phone);
    if (!m) return phone.replace(';ext=', ' ext. ');
    return `(${m[1]}) ${m[2]}-${m[3]}` + (m[4] ? ` ext. ${m[4]}` : '');
  }

  function humanize(slug) {
    const words = String(slug).replace(/-/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  let sheet = null;
  function adoptStyles(root) {
    // A constructed sheet needs no inline <style>, so strict host CSPs allow it.
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.append(el('style', {}, CSS));
    }
  }

  function localeCountry() {
    const tag = (navigator.languages && navigator.languages[0]) || navigator.language || '';
    const m = /^[a-z]{2,3}[-_]([A-Za-z]{2})\b/.exec(tag);
    return m ? m[1].toUpperCase() : '';
  }

  // The country list, the vocabulary and the catalogs: one request per address (and so per
  // language) for every widget on the page; null when it fails, or takes over waitMs.
  const shared = {};
  function getJSON(path, params, waitMs) {
    const href = url(path, params);
    const signal = waitMs && AbortSignal.timeout ? AbortSignal.timeout(waitMs) : undefined;
    shared[href] = shared[href] || fetch(href, { credentials: 'omit', signal })
      .then((r) => (r.ok ? r.json() : null)).catch(() => null);
    return shared[href];
  }

  // The reasons a visitor can give, as finder.schemas.trust.REASON_LABELS has them
  // (tests/widget/test_widget.py checks that the two agree).
  const REPORT_REASONS = [
    ['wrong-contact', N_('Wrong phone number or address')],
    ['closed-or-moved', N_('Closed or moved')],
    ['therapy-not-offered', N_('Does not offer this therapy')],
    ['conduct', N_('Licence or conduct concern')],
    ['other', N_('Something else')],
  ];
  let widgets = 0;

  class Finder {
    constructor(host) {
      this.uid = ++widgets;   // ids unique across widgets on one page
      const attr = (name) => host.getAttribute('data-' + name) || host.getAttribute(name) || '';
      // The page's choice, else the visitor's locale (en-GB: GB), else the US; the
      // country list from the API confirms it or falls back.
      this.preferred = attr('country').toUpperCase().slice(0, 2);
      this.country = this.preferred || localeCountry() || 'US';
      this.unit = 'km';                // until the country list says which
      this.preset = attr('modality').toLowerCase();
      this.target = attr('link-target') || null;
      this.lang = pageLang(host);
      this.catalog = {};
      this.labels = {};
      this.where = null;
      this.retry = null;
      this.request = null;
      this.runs = 0;
      const root = host.attachShadow({ mode: 'open' });
      const start = (catalog) => {
        // No catalog (it failed to load): English throughout, the API's answers too.
        if (catalog && typeof catalog === 'object') this.catalog = catalog;
        else this.lang = 'en';
        this.title = host.getAttribute('data-title') || this._('Find a Provider Near You');
        this.build(root);
        this.fillModalities();
        this.fillCountries();
      };
      // Nothing is shown until the messages arrive: not for longer than CATALOG_WAIT_MS.
      if (this.lang === 'en') start(null);
      else getJSON(`widget/messages/${this.lang}.json`, null, CATALOG_WAIT_MS).then(start);
    }

    // A message in this widget's language (English when its catalog has none), with values.
    _(msgid, values) {
      const text = this.catalog[msgid];
      return format(typeof text === 'string' && text ? text : msgid, values);
    }

    // One of two messages by a count, %(num)s; in English and Spanish the first is for 1.
    ngettext(one, other, n, values) {
      const i = n === 1 ? 0 : 1;
      const forms = this.catalog[one];
      const text = Array.isArray(forms) && typeof forms[i] === 'string' && forms[i] ? forms[i] : [one, other][i];
      return format(text, { num: this.number(n), ...values });
    }

    number(n, digits = 0) {
      return new Intl.NumberFormat(this.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits })
        .format(n);
    }

    // An ISO day (2025-01-31) as the language writes it; anything else as it came.
    date(iso) {
      const day = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(day.getTime()) ? iso
        : new Intl.DateTimeFormat(this.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
    }

    // Every request to finder says the widget's language, so its answers come back in it.
    api(path, params) {
      return url(path, { ...params, lang: this.lang });
    }

    // The country's example search, in the input's placeholder and its hint.
    showExample(code) {
      const ex = EXAMPLES[code] && this._('%(postcode)s or %(town)s', { postcode: EXAMPLES[code][0], town: EXAMPLES[code][1] });
      this.input.placeholder = ex ? this._('e.g. %(example)s', { example: ex }) : '';
      this.hint.textContent = ex ? this._('For example %(example)s.', { example: ex })
        : this._('For example a postcode or a town.');
    }

    build(root) {
      adoptStyles(root);
      const _ = (msgid) => this._(msgid);
      this.input = el('input', { id: 'near', type: 'search', autocomplete: 'postal-code',
        enterkeyhint: 'search', spellcheck: 'false', 'aria-describedby': 'hint' });
      this.modality = el('select', { id: 'modality', onchange: () => this.again() },
        el('option', { value: this.preset }, this.preset ? humanize(this.preset) : _('All treatments')));
      this.radius = el('select', { id: 'radius', onchange: () => this.again() });
      this.fillRadius();
      this.countrySelect = el('select', { id: 'country', onchange: () => this.setCountry(this.countrySelect.value) },
        el('option', { value: this.country }, this.country));
      this.payment = el('fieldset', { id: 'payment' }, el('legend', {}, _('How you would pay (any of them)')));
      this.languages = el('fieldset', { id: 'languages' }, el('legend', {}, _('Languages (any of them)')));
      this.filters = el('details', { class: 'filters', hidden: true },
        el('summary', {}, _('Payment and language')), this.payment, this.languages);
      this.status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      this.alert = el('div', { class: 'box error', id: 'alert', role: 'alert', hidden: true });
      this.notice = el('div', { class: 'box', hidden: true, tabindex: '-1' });
      this.origin = el('p', { class: 'origin', hidden: true, tabindex: '-1' });
      this.meant = el('div', { class: 'meant', hidden: true });
      this.otherCare = el('section', { class: 'other', hidden: true, 'aria-labelledby': 'other-title' });
      this.access = el('div', { hidden: true });
      this.crisis = el('aside', { class: 'crisis', 'aria-label': _('Crisis support'), hidden: true });
      this.list = el('ol', { class: 'results', 'aria-label': _('Providers'), tabindex: '-1', hidden: true });
      this.moreButton = el('button', { type: 'button', onclick: () => this.more() }, _('Load more results'));
      this.moreBox = el('div', { class: 'more', hidden: true }, this.moreButton);
      this.credit = el('p', { class: 'credit', hidden: true });
      this.root = el('section', { class: 'pf', lang: this.lang, 'aria-labelledby': 'title' },
        el('h2', { id: 'title' }, this.title),
        el('p', { class: 'intro' }, _('Search by postcode or town to see nearby providers.')),
        el('form', { role: 'search', 'aria-labelledby': 'title', novalidate: true,
          onsubmit: (e) => this.submit(e) },
          el('label', { for: 'near' }, _('Postcode or town')),
          el('div', { class: 'row' },
            el('div', { class: 'grow' }, this.input),
            el('button', { type: 'submit', class: 'primary' }, _('Search')),
            el('button', { type: 'button', class: 'plain', onclick: () => this.locate() }, _('Use my location'))),
          this.hint = el('p', { id: 'hint', class: 'sr' }),
          el('div', { class: 'row options' },
            el('div', {}, el('label', { for: 'country' }, _('Country')), this.countrySelect),
            el('div', {}, el('label', { for: 'modality' }, _('Treatment')), this.modality),
            el('div', {}, el('label', { for: 'radius' }, _('Distance')), this.radius)),
          this.filters),
        this.status, this.alert, this.origin, this.meant, this.access, this.crisis, this.notice,
        this.list, this.moreBox, this.otherCare, this.credit);
      this.showExample(this.country);
      root.append(this.root);
    }

    fillRadius(keepKm) {
      const unit = this.unit;
      if (!UNITS || !UNITS[unit]) return;
      const { radii, default: preset } = UNITS[unit];
      const km = (r) => this.toKm(r);
      const pick = keepKm ? radii.reduce((a, b) => (Math.abs(km(b) - keepKm) < Math.abs(km(a) - keepKm) ? b : a))
        : preset;
      this.radius.replaceChildren(...radii.map((r) => el('option', { value: r, selected: r === pick },
        this._('Within %(distance)s', { distance: `${this.number(r)} ${unit}` }))));
      this.radius.value = String(pick);
    }

    toKm(r) {
      const perUnit = UNITS && UNITS[this.unit] ? UNITS[this.unit].km_per_unit : 1;
      return perUnit === 1 ? r : Math.round(r * perUnit * 10) / 10;
    }

    // The country decides the unit of every distance shown and offered.
    setCountry(code, quiet) {
      const before = this.radiusKm();
      this.country = code;
      const known = this.countryList && this.countryList.find((c) => c.code === code);
      this.unit = known ? known.unit : 'km';
      this.fillRadius(before);
      this.showExample(code);
      if (this.countrySelect.value !== code) this.countrySelect.value = code;
      if (!quiet) this.again();
    }

    async fillCountries() {
      const data = await getJSON('api/v1/countries', { lang: this.lang });
      if (!data || !Array.isArray(data.countries) || !data.countries.length) return;
      this.countryList = data.countries;
      UNITS = data.units || null;
      const codes = new Set(data.countries.map((c) => c.code));
      const wanted = [this.preferred, this.country, localeCountry(), 'US'].find((c) => c && codes.has(c)) ||
        data.countries[0].code;
      this.countrySelect.replaceChildren(...data.countries.map((c) => el('option', { value: c.code }, c.name)));
      this.countrySelect.value = wanted;
      this.setCountry(wanted, true);
    }

    async fillModalities() {
      const data = await getJSON('api/v1/modalities', { lang: this.lang });
      if (!data || !Array.isArray(data.families)) return;   // keep the preset option alone
      const current = this.modality.value;
      const options = [el('option', { value: '' }, this._('All treatments'))];
      for (const m of data.modalities) this.labels[m.slug] = m.label;
      for (const family of data.families) {
        const slugs = family.modalities || [];
        if (!this.labels[family.slug]) this.labels[family.slug] = family.label;
        if (slugs.length === 1) {
          options.push(el('option', { value: family.slug }, this.labels[slugs[0]] || family.label));
          continue;
        }
        options.push(el('optgroup', { label: family.label },
          el('option', { value: family.slug },
            this._('Any %(treatment)s treatment', { treatment: inSentence(family.label, this.lang) })),
          slugs.map((s) => el('option', { value: s }, this.labels[s] || humanize(s)))));
      }
      this.modality.replaceChildren(...options);
      if (![...this.modality.options].some((o) => o.value === current)) {
        this.modality.append(el('option', { value: current }, this.labels[current] || humanize(current)));
      }
      this.modality.value = current;
      this.fillFilters(data);
    }

    // Payment and language ticks, from the API's choices; languages named in the
    // visitor's language where the browser knows the name, else in English.
    fillFilters(data) {
      if (!Array.isArray(data.payment) || !Array.isArray(data.languages)) return;
      this.paymentLabels = {};
      for (const p of data.payment) this.paymentLabels[p.slug] = p.label;
      this.languageNames = {};
      const tick = (name, value, text, lang) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name, value, onchange: () => this.again() }),
        el('span', { lang }, text));
      this.payment.append(...data.payment.map((p) => tick('payment', p.slug, p.label)));
      const names = languageNamer(this.lang);
      const languages = data.languages.map((l) => {
        const named = names.of(l.code);
        this.languageNames[l.code] = named ? named.text : l.name;
        return { code: l.code, text: this.languageNames[l.code], lang: named ? names.lang : 'en' };
      }).sort((a, b) => a.text.localeCompare(b.text, names.lang));
      this.languages.append(...languages.map((l) => tick('language', l.code, l.text, l.lang)));
      this.filters.hidden = false;
    }

    submit(event) {
      event.preventDefault();
      const near = this.input.value.trim();
      if (!near) {
        this.fail(this._('Type a postcode or town first, or use your location.'));
        this.input.focus();
        return;
      }
      this.search({ near });
    }

    again() {
      if (this.where) this.search(this.where);
    }

    locate() {
      if (!navigator.geolocation) {
        this.fail(this._('This browser cannot share your location. Type a postcode or town instead.'));
        return;
      }
      this.reset();
      this.busy(this._('Finding your location…'));
      navigator.geolocation.getCurrentPosition(
        // Two decimals (about 1 km) are enough to find who is near, and all we send.
        (pos) => this.search({ lat: pos.coords.latitude.toFixed(2), lon: pos.coords.longitude.toFixed(2) }),
        (err) => {
          this.idle('');
          this.fail(err.code === 1
            ? this._('Location access was refused, so we cannot search near you. Type a postcode or town instead.')
            : this._('Your location could not be found. Type a postcode or town instead.'));
          this.input.focus();
        },
        { timeout: 15000, maximumAge: 600000 });
    }

    radiusKm() {
      const r = Number(this.radius.value);
      return r ? this.toKm(r) : undefined;   // none offered yet: the API's default radius
    }

    query(where, extra) {
      const radius = this.radiusKm();
      return { ...where, country: this.country, modality: this.modality.value,
        ...(radius ? { radius_km: radius } : {}), payment: this.ticked(this.payment),
        language: this.ticked(this.languages), limit: PAGE_SIZE, ...extra };
    }

    ticked(fieldset) {
      return [...fieldset.querySelectorAll('input:checked')].map((i) => i.value).join(',');
    }

    async search(where) {
      const run = ++this.runs;
      this.where = where;
      this.retry = () => this.search(where);
      this.reset();
      this.busy(this._('Searching…'));
      const data = await this.get(this.query(where));
      if (!data) return;
      this.origin.textContent = data.origin.source === 'coordinates'
        ? this._('Near %(place)s (your location)', { place: data.origin.label })
        : this._('Near %(place)s', { place: data.origin.label });
      this.origin.hidden = false;
      this.showMeant(data.origin);
      this.showAccess(data);
      this.showCrisis(data.crisis);
      this.showCredit(data.attribution);
      if (data.results.length) {
        this.add(data.results);
        this.setMore(data.next_cursor);
        this.idle(this.count(data.results.length, !!data.next_cursor, data.origin.label));
      } else {
        await this.empty(where, data, run);
      }
      this.showOtherCare(data.other_care || []);
    }

    // A near spelling or another name: say what was searched and offer the others.
    showMeant(origin) {
      const candidates = (origin.candidates || []).filter((c) => c.near && c.match !== 'other_country');
      if (origin.match !== 'fuzzy' && origin.match !== 'alias') return;
      const lines = [];
      if (origin.match === 'fuzzy') {
        lines.push(el('p', {}, this._('Showing results for %(place)s, the closest spelling we found.',
          { place: origin.label })));
      }
      if (candidates.length) lines.push(this.candidateRow(this._('Did you mean:'), candidates));
      if (!lines.length) return;
      this.meant.replaceChildren(...lines);
      this.meant.hidden = false;
    }

    candidateRow(text, candidates) {
      return el('div', { class: 'row' }, el('span', {}, text), candidates.slice(0, 5).map((c) =>
        el('button', { type: 'button', class: 'plain', onclick: () => this.searchFor(c.near, c.country) }, c.label)));
    }

    async searchFor(near, country) {
      this.input.value = near;
      if (country !== this.country) this.setCountry(country, true);
      await this.search({ near });
      this.focusResults();
    }

    showOtherCare(facilities) {
      if (!facilities.length) return;
      const list = el('ol', { 'aria-label': this._('Other mental health care') }, facilities.map((p) => this.card(p)));
      this.otherCare.replaceChildren(el('h3', { id: 'other-title', class: 'sub' }, this._('Other mental health care nearby')),
        el('p', {}, this._('These facilities offer none of the treatments this directory covers; they may still help, or refer you.')),
        list);
      this.otherCare.hidden = false;
    }

    async more() {
      const cursor = this.cursor;
      this.retry = () => this.more();
      this.hideAlert();
      this.busy(this._('Loading more results…'));
      const data = await this.get(this.query(this.where, { cursor }));
      if (!data) return;
      const first = this.add(data.results);
      this.setMore(data.next_cursor);
      this.idle(this.ngettext('%(num)s more loaded, %(total)s providers in all.',
        '%(num)s more loaded, %(total)s providers in all.', data.results.length,
        { total: this.number(this.list.children.length) }));
      if (first) first.focus();
      else this.list.focus();
    }

    // No provider within the radius: say so, offer a wider one, and look for telehealth.
    async empty(where, data, run) {
      const what = this.labels[this.modality.value] || (this.modality.value ? humanize(this.modality.value) : '');
      const within = `${this.radius.value} ${this.unit}`;
      const place = data.origin.label;
      const lines = [el('p', {}, what
        ? this._('No %(treatment)s providers within %(distance)s of %(place)s.', { treatment: what, distance: within, place })
        : this._('No providers within %(distance)s of %(place)s.', { distance: within, place }))];
      const nearest = data.nearest && this.distance(data.nearest);
      if (nearest) lines.push(el('p', {}, this._('The nearest one is %(distance)s away.', { distance: nearest })));
      const wider = this.widerRadius(data.nearest);
      if (wider) {
        lines.push(el('div', { class: 'row' }, el('button', { type: 'button', class: 'primary',
          onclick: async () => { this.radius.value = String(wider); await this.search(where); this.focusResults(); } },
        this._('Search within %(distance)s', { distance: `${this.number(wider)} ${this.unit}` }))));
      } else if (!nearest) {
        lines.push(el('p', {}, this._('Try another treatment, or a place in another area.')));
      }
      this.notice.replaceChildren(...lines);
      this.notice.hidden = false;
      const tele = await this.get(this.query(where, { telehealth: 'true' }), true);
      if (run !== this.runs) return;   // another search started meanwhile: it owns the list
      const options = tele ? tele.results : [];
      if (options.length) {
        this.notice.append(el('h3', { class: 'sub' }, this._('Telehealth options')),
          el('p', {}, this._('These providers offer sessions by video in your area.')));
        this.add(options);
      }
      this.idle([this._('No providers within %(distance)s.', { distance: within }),
        nearest && this._('The nearest is %(distance)s away.', { distance: nearest }),
        options.length && this.ngettext('%(num)s telehealth option shown.', '%(num)s telehealth options shown.',
          options.length)].filter(Boolean).join(' '));
    }

    widerRadius(nearest) {
      const current = Number(this.radius.value);
      const bigger = UNITS && UNITS[this.unit] ? UNITS[this.unit].radii.filter((r) => r > current) : [];
      if (!bigger.length) return null;
      const needed = nearest ? (this.unit === 'mi' ? nearest.distance_mi : nearest.distance_km) : 0;
      return bigger.find((r) => r >= needed) || null;
    }

    // Fetch a search; on failure show what to do and return null (quietly when asked).
    async get(params, quiet) {
      if (this.request && !quiet) this.request.abort();
      const controller = new AbortController();
      if (!quiet) this.request = controller;
      let response;
      let body = null;
      try {
        response = await fetch(this.api('api/v1/search', params),
          { headers: { Accept: 'application/json' }, credentials: 'omit', signal: controller.signal });
        body = await response.json().catch(() => null);
      } catch (e) {
        if (e.name === 'AbortError') return null;
        response = null;
      }
      if (response && response.ok && body && Array.isArray(body.results)) return body;
      if (quiet) return null;
      this.idle('');
      if (response && response.status < 500 && body && body.error && body.error.message) {
        this.fail(body.error.message, body.error.field === 'near', body.error.candidates || []);
      } else {
        this.oops();
      }
      return null;
    }

    add(results) {
      let first = null;
      for (const p of results) {
        const li = this.card(p);
        this.list.append(li);
        first = first || li;
      }
      this.list.hidden = !this.list.children.length;
      return first;
    }

    card(p) {
      const name = [p.name, p.credentials].filter(Boolean).join(', ');
      const address = p.address || {};
      const place = [address.city, address.region].filter(Boolean).join(', ');
      const far = p.match === 'telehealth'
        ? this._('%(distance)s away, beyond your %(radius)s radius: by telehealth',
          { distance: this.distance(p), radius: `${this.radius.value} ${this.unit}` })
        : this._('%(distance)s away', { distance: this.distance(p) });
      const tags = (p.modalities || []).map((m) => el('li', {}, this.labels[m] || humanize(m)));
      if (p.telehealth) tags.unshift(el('li', { class: 'badge' }, this._('Telehealth')));
      const links = [];
      if (p.phone) {
        const dial = String(p.phone).split(/;ext=|x|ext/i)[0].replace(/[^\d+]/g, '');
        links.push(el('a', { href: 'tel:' + dial }, nationalPhone(String(p.phone))));
      }
      const site = safeHref(p.website);
      if (site) {
        links.push(el('a', { href: site, target: '_blank', rel: 'noopener noreferrer nofollow' },
          this._('Website'), el('span', { class: 'sr' }, ' ' + this._('of %(name)s (opens in a new tab)', { name: p.name }))));
      }
      const profile = safeHref(p.profile_url);
      if (profile) {
        links.push(el('a', { href: profile, target: this.target, rel: this.target ? 'noopener' : null },
          this._('View profile'), el('span', { class: 'sr' }, ' ' + this._('of %(name)s', { name: p.name }))));
      }
      const trust = p.verification ? el('p', { class: 'meta trust' },
        el('span', { class: `check ${p.verification.state}` }, p.verification.label),
        p.confirmed_label ? ` · ${p.confirmed_label}` : null) : null;
      return el('li', { class: 'card', tabindex: '-1' },
        p.source === 'demo' ? el('p', { class: 'demo' }, this._('Demo listing — not a real provider')) : null,
        el('h3', {}, name),
        p.practice_name ? el('p', { class: 'practice' }, p.practice_name) : null,
        el('p', { class: 'meta' }, el('span', { class: 'dist' }, far), place ? ` · ${place}` : null),
        p.accepting_new_clients === false ? el('p', { class: 'meta' }, this._('Not accepting new clients')) : null,
        p.match === 'telehealth' ? el('p', { class: 'meta' },
          this._('By video: preparation and integration sessions; dosing is in person where the law requires it.')) : null,
        tags.length ? el('ul', { class: 'tags', 'aria-label': this._('Treatments') }, tags) : null,
        trust,
        (p.payment || []).length ? el('p', { class: 'meta' }, this._('Payment: %(methods)s', { methods: p.payment.map((s) =>
          (this.paymentLabels || {})[s] || humanize(s)).join(', ') })) : null,
        (p.languages || []).length ? el('p', { class: 'meta' }, this._('Languages: %(languages)s', { languages: p.languages.map((c) =>
          (this.languageNames || {})[c] || languageNamer(this.lang).of(c)?.text || c).join(', ') })) : null,
        el('p', { class: 'actions' }, links),
        this.reportBox(p));
    }

    // "Report a problem with this listing": a short form sent to the reports API.
    reportBox(p) {
      const box = el('div', { class: 'report' });
      const open = el('button', { type: 'button', class: 'plain', 'aria-expanded': 'false' },
        this._('Report a problem with this listing'), el('span', { class: 'sr' }, ` (${p.name})`));
      open.addEventListener('click', () => {
        open.setAttribute('aria-expanded', 'true');
        open.hidden = true;
        box.append(this.reportForm(p, box));
        box.querySelector('input[type=radio]').focus();
      });
      box.append(open);
      return box;
    }

    reportForm(p, box) {
      const id = `pf-r${this.uid}-${p.id}`;
      const choices = REPORT_REASONS.map(([slug, label], i) => el('div', { class: 'choice' },
        el('input', { type: 'radio', name: 'reason', value: slug, id: `${id}-${i}`, required: true }),
        el('label', { for: `${id}-${i}` }, this._(label))));
      const status = el('p', { class: 'status', role: 'status' });
      const form = el('form', { class: 'report-form', novalidate: true },
        el('fieldset', {}, el('legend', {}, this._('What is wrong with the listing of %(name)s?', { name: p.name })), choices),
        el('label', { for: `${id}-details` }, this._('Details')),
        el('textarea', { id: `${id}-details`, name: 'details', rows: '3', maxlength: '2000' }),
        el('label', { for: `${id}-email` }, this._('Your email, if you would like a reply (optional, only moderators see it)')),
        el('input', { type: 'email', id: `${id}-email`, name: 'email', maxlength: '254', autocomplete: 'email' }),
        el('input', { type: 'text', name: 'homepage', class: 'hp', tabindex: '-1', autocomplete: 'off', 'aria-hidden': 'true' }),
        el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, this._('Send the report'))),
        status);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const data = Object.fromEntries(new FormData(form).entries());
        if (!data.reason) {
          status.textContent = this._('Choose what is wrong with the listing.');
          return;
        }
        status.textContent = this._('Sending…');
        let response = null;
        let body = null;
        try {
          response = await fetch(this.api(`api/v1/providers/${encodeURIComponent(p.id)}/reports`), {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ reason: data.reason, details: data.details || null,
              email: data.email || null, homepage: data.homepage || null }) });
          body = await response.json();
        } catch (e) {
          response = null;
        }
        if (response && response.status === 201) {
          const thanks = el('p', { class: 'box', role: 'status', tabindex: '-1' }, body.message);
          box.replaceChildren(thanks);
          thanks.focus();
        } else if (response && body && body.error) {
          status.textContent = body.error.message +
            (body.error.fields ? ' ' + Object.values(body.error.fields).join(' ') : '');
        } else {
          status.textContent = this._('The report could not be sent. Please try again in a moment.');
        }
      });
      return form;
    }

    distance(d) {
      const value = this.unit === 'mi' ? d.distance_mi : d.distance_km;
      if (typeof value !== 'number') return '';
      return `${value < 10 ? this.number(value, 1) : this.number(Math.round(value))} ${this.unit}`;
    }

    // "10+ providers found near Boise, Idaho 83702, US." (a page of 10 and more to load).
    count(n, more, place) {
      return more ? this._('%(num)s+ providers found near %(place)s.', { num: this.number(n), place })
        : this.ngettext('%(num)s provider found near %(place)s.', '%(num)s providers found near %(place)s.', n, { place });
    }

    setMore(cursor) {
      this.cursor = cursor || null;
      this.moreBox.hidden = !this.cursor;
    }

    // What the law allows for the therapy where the visitor is, with its source and date,
    // and where it is legally offered when not here.
    showAccess(data) {
      const boxes = (data.access || []).map((a) => {
        const warn = ['trials-only', 'unknown', 'special-access'].includes(a.status);
        const id = `access-${a.modality}`;
        const lines = [el('h3', { id }, this._('%(treatment)s in %(place)s: %(status)s',
          { treatment: a.modality_label, place: a.jurisdiction.label, status: a.status_label })),
        el('p', {}, a.summary)];
        if (a.conditions) lines.push(el('p', {}, a.conditions));
        if (a.upcoming) {
          lines.push(el('p', {}, el('strong', {}, this._('Changing on %(date)s:', { date: this.date(a.upcoming.effective_from) })),
            ' ', a.upcoming.summary));
        }
        const src = a.source && safeHref(a.source.url);
        lines.push(el('p', { class: 'src' },
          src ? [this._('Source: %(source)s, checked %(date)s.', { date: this.date(a.source.checked),
            source: el('a', { href: src, target: '_blank', rel: 'noopener noreferrer' }, a.source.title) }), ' ']
            : (a.checked ? this._('Checked %(date)s.', { date: this.date(a.checked) }) + ' ' : ''), a.note));
        const others = (data.elsewhere || []).filter((p) => p.access && p.access.modality === a.modality);
        if (data.elsewhere && warn && a.status !== 'special-access') {
          if (others.length) {
            lines.push(el('p', {}, el('strong', {}, this._('Where %(treatment)s is legally offered, nearest first:',
              { treatment: inSentence(a.modality_label, this.lang) }))),
              el('ul', {}, others.map((p) => {
                const profile = safeHref(p.profile_url);
                const name = profile ? el('a', { href: profile, target: this.target, rel: this.target ? 'noopener' : null }, p.name) : p.name;
                return el('li', {}, name, ` · ${p.access.jurisdiction.label} · `,
                  this._('%(distance)s away', { distance: this.distance(p) }));
              })));
          } else {
            lines.push(el('p', {}, this._('finder lists no provider of it within %(distance)s in a place where it is legally offered.',
              { distance: `${this.number(a.elsewhere_reach_km || 0)} km` })));
          }
          if ((a.offered_in || []).length) {
            lines.push(el('p', {}, this._('Legally offered in: %(places)s.',
              { places: a.offered_in.map((o) => `${o.label} (${o.status_label})`).join('; ') })));
          }
        }
        return el('section', { class: warn ? 'access warn' : 'access', 'aria-labelledby': id }, lines);
      });
      this.access.replaceChildren(...boxes);
      this.access.hidden = !boxes.length;
    }

    showCrisis(crisis) {
      if (!crisis) return;
      const heading = el('strong', {}, this._('If you are in crisis'));
      const parts = crisis.line ? [this._('%(if_in_crisis)s, %(how_to_reach)s (%(line_name)s).', { if_in_crisis: heading,
        how_to_reach: el('a', { href: `tel:${crisis.line.tel}` }, crisis.line.how), line_name: crisis.line.name })]
        : [heading, '.'];
      parts.push(' ', crisis.emergency
        ? this._('In an emergency, call %(number)s.',
          { number: el('a', { href: `tel:${crisis.emergency.split(' ')[0]}` }, crisis.emergency) })
        : this._('In an emergency, call your local emergency number.'));
      this.crisis.replaceChildren(el('p', {}, parts));
      this.crisis.hidden = false;
    }

    showCredit(attribution) {
      const href = attribution && safeHref(attribution.url);
      if (!href) return;
      const license = safeHref(attribution.license);
      const link = (to, label) => el('a', { href: to, target: '_blank', rel: 'noopener' }, label);
      const geonames = link(href, 'GeoNames');
      this.credit.replaceChildren(...[license
        ? this._('Postcode data © %(geonames)s, licensed under %(license)s', { geonames, license: link(license, 'CC BY 4.0') })
        : this._('Postcode data © %(geonames)s', { geonames })].flat());
      this.credit.hidden = false;
    }

    reset() {
      this.hideAlert();
      this.notice.hidden = true;
      this.notice.replaceChildren();
      this.origin.hidden = true;
      this.access.hidden = true;
      this.access.replaceChildren();
      this.crisis.hidden = true;
      this.meant.hidden = true;
      this.meant.replaceChildren();
      this.otherCare.hidden = true;
      this.otherCare.replaceChildren();
      this.list.replaceChildren();
      this.list.hidden = true;
      this.credit.hidden = true;
      this.setMore(null);
    }

    busy(text) {
      this.root.classList.add('busy');
      this.list.setAttribute('aria-busy', 'true');
      this.status.textContent = text;
    }

    idle(text) {
      this.root.classList.remove('busy');
      this.list.removeAttribute('aria-busy');
      this.status.textContent = text;
    }

    hideAlert() {
      this.alert.hidden = true;
      this.alert.replaceChildren();
      this.input.removeAttribute('aria-invalid');
      this.input.setAttribute('aria-describedby', 'hint');
    }

    // After a button that disappears, put focus where the answer is, not on the page's body.
    focusResults() {
      if (!this.list.hidden) this.list.focus();
      else if (!this.notice.hidden) this.notice.focus();
      else this.input.focus();
    }

    fail(message, aboutInput = true, candidates = []) {
      const elsewhere = candidates.find((c) => c.match === 'other_country');
      const others = candidates.filter((c) => c.match !== 'other_country' && c.near);
      const name = (code) => ((this.countryList || []).find((c) => c.code === code) || { name: code }).name;
      if (elsewhere) {
        const typed = this.input.value.trim().toUpperCase();
        const country = name(elsewhere.country);
        this.alert.replaceChildren(
          el('p', {}, this._('%(postcode)s looks like a postcode in %(country)s: search there?', { postcode: typed, country })),
          el('div', { class: 'row' }, el('button', { type: 'button', class: 'primary',
            onclick: () => this.searchFor(this.input.value.trim(), elsewhere.country) }, this._('Search in %(country)s', { country }))));
      } else {
        this.alert.replaceChildren(el('p', {}, message),
          ...(others.length ? [this.candidateRow(this._('Did you mean:'), others)] : []));
      }
      this.alert.hidden = false;
      if (aboutInput) {
        this.input.setAttribute('aria-invalid', 'true');
        this.input.setAttribute('aria-describedby', 'alert hint');
      }
    }

    oops() {
      const retry = this.retry;
      this.alert.replaceChildren(
        el('p', {}, el('strong', {}, this._('Oops! Something went wrong.'))),
        el('p', {}, this._('We could not reach the provider directory. Check your connection, then try again.')),
        el('div', { class: 'row' }, el('button', { type: 'button', class: 'primary',
          onclick: async () => { this.hideAlert(); if (retry) await retry(); this.focusResults(); } }, this._('Try again'))));
      this.alert.hidden = false;
    }
  }

  const mounted = new WeakSet();
  function mount(host) {
    if (mounted.has(host) || host.shadowRoot) return;
    mounted.add(host);
    new Finder(host);
  }

  function mountAll() {
    document.querySelectorAll('[data-provider-finder], provider-finder').forEach(mount);
  }

  if (window.customElements && !customElements.get('provider-finder')) {
    customElements.define('provider-finder', class extends HTMLElement {
      connectedCallback() { mount(this); }
    });
  }
  window.ProviderFinder = { mount, mountAll };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
