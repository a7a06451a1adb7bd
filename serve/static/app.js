/* app.js - suggestions under the search box of cari-serve's page.
 * The page works without it: the form is a plain GET to /. */
'use strict';
(function () {
  var input = document.getElementById('q');
  var list = document.getElementById('suggestions');
  var form = input && input.form;
  if (!input || !list || !form || !window.fetch) return;

  var seq = 0, active = -1, items = [], timer = null;

  function close() {
    list.hidden = true;
    list.textContent = '';
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function choose(i) {
    var it = items[i];
    if (!it) return;
    if (it.url) {
      window.location.href = it.url;
      return;
    }
    input.value = it.text;
    close();
    form.submit();
  }

  function highlight(i) {
    if (active >= 0 && list.children[active])
      list.children[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && list.children[i]) {
      list.children[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', list.children[i].id);
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function option(text, cls, url) {
    var li = document.createElement('li');
    li.id = 'sugg-' + items.length;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    if (cls) li.className = cls;
    li.textContent = text;           /* text, never HTML */
    var i = items.length;
    li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
    items.push({ text: text, url: url });
    list.appendChild(li);
  }

  function show(data) {
    close();
    /* At most 7 words and 3 titles: a list to glance at, not to scroll. */
    (data.completions || []).slice(0, 7).forEach(function (c) { option(c.text, '', null); });
    (data.titles || []).slice(0, 3).forEach(function (t) {
      if (/^https?:\/\//i.test(t.url || '')) option(t.title, 'title', t.url);
    });
    if (items.length) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
  }

  function fetchSuggestions() {
    var q = input.value, mine = ++seq;
    if (!q.trim()) { close(); return; }
    fetch('api/suggest?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) show(data); })
      .catch(function () {});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 60);
  });
  input.addEventListener('keydown', function (e) {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight(active + 1 < items.length ? active + 1 : 0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(active > 0 ? active - 1 : items.length - 1);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', function () { setTimeout(close, 150); });
})();
