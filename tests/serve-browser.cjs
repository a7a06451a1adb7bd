// serve-browser.cjs - cari-serve's page in a real browser: Debian's chromium
// driven headless by playwright-core.  Run by tests/e2e/t-serve-browser.sh with
// the server's URL, the screenshot path and where to find playwright-core:
//   node serve-browser.cjs URL SCREENSHOT MODULE_DIR...
// Prints one line per check: "PASS name" or "FAIL name<TAB>detail".
'use strict';

const [url, shot, ...dirs] = process.argv.slice(2);
const { chromium } = require(require.resolve('playwright-core', { paths: dirs }));

function check(name, ok, detail) {
  console.log(ok ? `PASS ${name}` : `FAIL ${name}\t${detail || ''}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems = [];
    let dialogs = 0;
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });

    // The empty page: a labelled search box that has the focus.
    await page.goto(url + '/');
    check('the search box has a label', (await page.getByLabel('Cari berita').count()) === 1);
    check('the search box has the focus',
      await page.evaluate(() => document.activeElement && document.activeElement.id === 'q'));

    // Typing a query and pressing Enter: highlighted results.
    await page.keyboard.type('banjir bekasi', { delay: 20 });
    await Promise.all([page.waitForURL(/\?q=banjir\+bekasi/), page.keyboard.press('Enter')]);
    const first = await page.locator('ol.results li h2').first().innerText();
    check('typed query: the Bekasi flood article first', /Banjir Rendam Ribuan Rumah di Bekasi/.test(first), first);
    check('typed query: matches are highlighted', (await page.locator('ol.results mark').count()) >= 2);
    check('typed query: date and outlet shown',
      /\d+ Januari 2025 · Warta Kota Harian/.test(await page.locator('p.meta').first().innerText()));
    // Related articles (issue 21): the first hit's link lists its related
    // articles, under the article's title, without the article itself.
    await Promise.all([page.waitForURL(/\?related=/),
      page.locator('ol.results li').first().locator('a.related').click()]);
    const head = await page.locator('h2.related-head').innerText();
    const related = await page.locator('ol.results li h2').allInnerTexts();
    check('a hit\'s "Berita terkait" link lists its related articles',
      /^Berita terkait: Banjir Rendam Ribuan Rumah di Bekasi/.test(head) && related.length > 0 &&
      !related.includes(first), `${head} | ${related.join(' | ')}`);

    // A suggestion, chosen with the keyboard.
    await page.goto(url + '/');
    await page.locator('#q').fill('');
    await page.keyboard.type('pelab', { delay: 40 });
    const option = page.locator('#suggestions li[role=option]').first();
    await option.waitFor({ state: 'visible', timeout: 5000 });
    check('suggestions appear while typing', (await option.innerText()) === 'pelabuhan', await option.innerText());
    check('the box says the list is open', (await page.locator('#q').getAttribute('aria-expanded')) === 'true');
    await page.keyboard.press('ArrowDown');
    check('ArrowDown selects the first suggestion',
      (await option.getAttribute('aria-selected')) === 'true');
    await Promise.all([page.waitForURL(/\?q=pelabuhan/), page.keyboard.press('Enter')]);
    check('Enter on a suggestion searches it',
      (await page.locator('#q').inputValue()) === 'pelabuhan');
    // Its 24 test articles are copies of one text, one hit collapsed
    // (issue 21): every one of them with collapse=0.
    check('suggested query: its copies collapsed into one hit',
      (await page.locator('ol.results > li').count()) < 5);
    await page.goto(url + '/?q=pelabuhan&collapse=0');
    const marks = await page.locator('ol.results li h2 mark').allInnerTexts();
    check('suggested query: titles highlighted', marks.length >= 5 && marks[0] === 'Pelabuhan', marks.join(','));
    await page.screenshot({ path: shot, fullPage: false });

    // Page 2, through the pagination links.
    await Promise.all([page.waitForURL(/page=2/), page.getByRole('link', { name: 'Halaman 2' }).click()]);
    check('page 2 starts at result 11',
      (await page.locator('ol.results').getAttribute('start')) === '11');
    check('page 2 marks the current page',
      (await page.locator('nav.pages [aria-current=page]').innerText()) === '2');
    check('page 2 has a link back', (await page.locator('a[rel=prev]').count()) === 1);

    // The page in Indonesian: date pickers holding the dates asked for, an
    // error said in Indonesian, the outlets to choose from.
    const seen = problems.length;
    await page.goto(url + '/?q=pelabuhan&since=2025&until=2024-02');
    check('Sejak is a date picker holding 2025-01-01',
      (await page.locator('input[name=since]').getAttribute('type')) === 'date' &&
      (await page.locator('input[name=since]').inputValue()) === '2025-01-01');
    check('Sampai holds the last day of February 2024',
      (await page.locator('input[name=until]').inputValue()) === '2024-02-29');
    check('the dates asked for are said wrong in Indonesian',
      /Tanggal “Sejak” jatuh sesudah tanggal “Sampai”/.test(await page.locator('p.error').innerText()));
    // That page is a 400 on purpose: not a problem of the page.
    for (let i = problems.length - 1; i >= seen; i--)
      if (/status of 400/.test(problems[i])) problems.splice(i, 1);
    await page.goto(url + '/?q=pelabuhan&collapse=0');
    const outlets = await page.locator('select[name=source] option').allInnerTexts();
    check('the outlets are offered with their articles',
      outlets[0] === 'semua media' && outlets.some((o) => /^berita maritim \(\d+\)$/.test(o)), outlets.join(','));
    await page.locator('select[name=source]').selectOption('berita maritim');
    await Promise.all([page.waitForURL(/source=berita\+maritim/), page.getByRole('button', { name: 'Cari' }).click()]);
    const metas = await page.locator('p.meta').allInnerTexts();
    check('choosing an outlet shows only its articles',
      metas.length > 0 && metas.every((m) => /Berita Maritim/.test(m)), metas.join(' | '));

    // Facets beside the results: a click on a value filters, the counts
    // change to the filtered ones, and "× hapus" takes the filter away.
    // Facets count articles, wire copies too (as Elasticsearch's
    // aggregations beside its collapse): collapse=0 to compare them with the
    // hits (the pelabuhan articles are one text, copies to the detector).
    const hits = async () => Number(((await page.locator('p.summary').innerText())
      .match(/^(?:Sekitar )?([\d.]+)/) || [0, '-1'])[1].replace(/\./g, ''));
    await page.goto(url + '/?q=pelabuhan&collapse=0');
    const all = await hits();
    const aside = await page.locator('aside.facets').boundingBox();
    const list = await page.locator('ol.results').boundingBox();
    check('the facet lists are beside the results',
      aside && list && aside.x >= list.x + list.width - 1 && aside.y < list.y + list.height,
      JSON.stringify([aside, list]));
    const outlet = page.locator('aside.facets section[data-facet=source] li').nth(1);
    const outletName = await outlet.locator('a').getAttribute('data-value');
    const outletCount = Number((await outlet.locator('.count').innerText()).replace(/\./g, ''));
    const years = await page.locator('aside.facets section[data-facet=year] .count').allInnerTexts();
    check('the outlets\' counts are below the total', outletCount > 0 && outletCount < all, `${outletCount} of ${all}`);
    await Promise.all([page.waitForURL(/source=/), outlet.locator('a').click()]);
    check('clicking an outlet: as many results as it counted', (await hits()) === outletCount,
      `${await hits()} for ${outletName}, counted ${outletCount}`);
    const outletMetas = await page.locator('p.meta').allInnerTexts();
    check('clicking an outlet: only its articles',
      outletMetas.length > 0 && outletMetas.every((m) => m.toLowerCase().includes(outletName)),
      outletMetas.join(' | '));
    const counts = await page.locator('aside.facets section[data-facet=source] .count').allInnerTexts();
    check('clicking an outlet: its facet counts that outlet alone', counts.length === 1 &&
      Number(counts[0].replace(/\./g, '')) === outletCount, counts.join(','));
    const yearsNow = await page.locator('aside.facets section[data-facet=year] .count').allInnerTexts();
    check('clicking an outlet: the years are counted anew',
      yearsNow.join(',') !== years.join(','), `${years} then ${yearsNow}`);
    const inForce = page.locator('aside.facets .active li[data-facet=source]');
    check('the filter in force is shown', (await inForce.count()) === 1 &&
      (await inForce.innerText()).includes(outletName), await inForce.innerText());
    await Promise.all([page.waitForURL((u) => !/source=/.test(u.search)),
      inForce.getByRole('link', { name: '× hapus' }).click()]);
    check('"× hapus" removes the filter: all the results again', (await hits()) === all,
      `${await hits()} of ${all}`);
    const year = page.locator('aside.facets section[data-facet=year] li').first();
    const yearCount = Number((await year.locator('.count').innerText()).replace(/\./g, ''));
    const yearName = await year.locator('a').getAttribute('data-value');
    await Promise.all([page.waitForURL(/since=/), year.locator('a').click()]);
    check('clicking a year: as many results, all of that year',
      (await hits()) === yearCount &&
      (await page.locator('p.meta time').evaluateAll((t) => t.map((e) => e.getAttribute('datetime'))))
        .every((d) => d.startsWith(yearName)), `${await hits()} vs ${yearCount} for ${yearName}`);
    check('clicking a year: the date pickers hold it',
      (await page.locator('input[name=since]').inputValue()) === `${yearName}-01-01` &&
      (await page.locator('input[name=until]').inputValue()) === `${yearName}-12-31`);

    // A typo is searched as corrected, with a way back to the query as typed.
    await page.goto(url + '/?q=pelabuhna');
    const corrected = page.locator('p.corrected');
    check('a typo: the results of its correction, said so',
      (await corrected.count()) === 1 && /Menampilkan hasil untuk pelabuhan/.test(await corrected.innerText()),
      (await corrected.count()) ? await corrected.innerText() : 'no p.corrected');
    check('a typo: its hits hold the corrected word',
      (await page.locator('ol.results li').count()) > 0 &&
      /pelabuhan/i.test(await page.locator('ol.results li').first().innerText()));
    await Promise.all([page.waitForURL(/exact=1/), page.locator('a.as-typed').click()]);
    check('the link searches the query as typed', (await page.locator('p.corrected').count()) === 0);

    // Wire copies (tests/serve-wire.jsonl: one story from three outlets):
    // one hit, and a closed <details> that opens to the other two.
    await page.goto(url + '/?q=sukamaju');
    check('wire copies: one hit for the story', (await page.locator('ol.results > li').count()) === 1,
      `${await page.locator('ol.results > li').count()} hits`);
    const copies = page.locator('details.copies');
    check('wire copies: "2 serupa dari media lain" under it',
      (await copies.count()) === 1 && (await copies.locator('summary').innerText()) === '2 serupa dari media lain');
    const listed = copies.locator('ul li');
    check('wire copies: closed, the copies not shown', !(await listed.first().isVisible()));
    await copies.locator('summary').click();
    const shown = await listed.allInnerTexts();
    check('wire copies: expanding shows the two copies with their outlets',
      (await listed.first().isVisible()) && shown.length === 2 &&
      shown.every((t) => /(antaranews|kompas\.com|tempo\.co) · \d+ Oktober 2025/.test(t)), shown.join(' | '));
    await page.screenshot({ path: shot.replace(/\.png$/, '-wire.png') });
    const links = await copies.locator('ul li a').evaluateAll((as) => as.map((a) => a.href));
    check('wire copies: each copy links to its article',
      links.length === 2 && links.every((h) => /^https:\/\/wire\.example\/a[123]$/.test(h)), links.join(' '));
    await Promise.all([page.waitForURL(/copies_of=/), copies.locator('a.group').click()]);
    check('wire copies: the group\'s link lists all three',
      (await page.locator('ol.results > li').count()) === 3);

    // An article with <script> in its title and body shows it as text.
    await page.goto(url + '/?q=script+alert+judul');
    const title = await page.locator('ol.results li h2').first().innerText();
    check('<script> in a title shows as text', title.includes('<script>alert("judul")</script>'), title);
    const snippet = await page.locator('p.snippet').first().innerText();
    check('<script> and <img> in a body show as text',
      snippet.includes('<script>alert("isi")</script>') && snippet.includes('<img src=x onerror=alert(1)>'), snippet);
    check('no script of the article ran', dialogs === 0, `${dialogs} dialogs`);
    check('the only script element is the page\'s own',
      (await page.locator('script').count()) === 1 && (await page.locator('ol.results img, ol.results b').count()) === 0);
    check('no errors in the console (CSP included)', problems.length === 0, problems.join(' | '));
  } finally {
    await browser.close();
  }
})().catch((e) => {
  check('the browser test ran', false, String(e && e.stack || e).replace(/\n/g, ' '));
  process.exitCode = 1;
});
