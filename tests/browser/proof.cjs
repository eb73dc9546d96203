// proof.cjs — the contact sheet in a real Chromium (Debian's, driven by playwright-core):
//
//     NODE_PATH=build/node/node_modules node tests/browser/proof.cjs OUTDIR/proof/index.html DIR
//
// Prints one line of JSON with what it found; tests/cli/100-proof.sh judges it.  The page is
// opened from the disk (file://), as a designer opens it: no server, and no network at all
// (every request that is not a file is refused and counted).
const { chromium } = require('playwright-core');

(async () => {

const [, , index, shots] = process.argv;
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
		'--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const out = { console_errors: [], network: [] };
try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	page.on('console', (m) => { if (m.type() === 'error') out.console_errors.push(m.text()); });
	page.on('pageerror', (e) => out.console_errors.push(String(e)));
	await page.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith('file://')) return route.continue();
		out.network.push(url);
		return route.abort();
	});
	await page.goto('file://' + index);
	await page.waitForLoadState('load');
	out.cards = await page.locator('article.file').count();
	out.files = await page.locator('article.file h2').allTextContents();
	out.images = await page.evaluate(() => document.images.length);
	out.broken_images = await page.evaluate(() =>
		[...document.images].filter((i) => i.getAttribute('src') && !(i.complete && i.naturalWidth > 0)).length);
	await page.screenshot({ path: shots + '/desktop.png' });

	// A thumbnail of a page with findings opens that page large, its findings numbered on it.
	const fig = page.locator('figure.page:has(ol.findings li)').first();
	out.clicked = await fig.locator('a.open').getAttribute('href');
	await fig.locator('img').click();
	out.viewer_visible = await page.locator('#viewer').isVisible();
	out.viewer_src = await page.locator('#viewer img').getAttribute('src');
	await page.waitForFunction(() => {
		const i = document.querySelector('#viewer img');
		return i.complete && i.naturalWidth > 0;
	});
	out.viewer_loaded = true;
	out.viewer_spots = await page.locator('#viewer .spot').count();
	out.viewer_findings = await page.locator('#viewer ol.findings li').count();
	await page.screenshot({ path: shots + '/viewer.png' });
	await page.keyboard.press('Escape');
	out.viewer_closed = !(await page.locator('#viewer').isVisible());

	// The filter hides warnings.
	out.warnings_shown = await page.locator('li.finding.warning:visible').count();
	await page.locator('#show-warnings').uncheck();
	out.warnings_after_filter = await page.locator('li.finding.warning:visible').count();
	out.errors_after_filter = await page.locator('li.finding.error:visible').count();
	out.errors_total = await page.locator('li.finding.error').count();
	await page.locator('#show-warnings').check();

	// At phone width nothing runs off to the side.
	await page.setViewportSize({ width: 390, height: 844 });
	out.phone_overflow = await page.evaluate(() =>
		Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
	await page.screenshot({ path: shots + '/phone.png', fullPage: false });
} catch (e) {
	out.failure = String(e);
} finally {
	await browser.close();
}
console.log(JSON.stringify(out));
})();
