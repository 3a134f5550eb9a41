// Renders the app icon from its SVG sources into what the installers need:
// resources/icons/<n>x<n>.png (Linux, and the window icon), resources/icon.ico
// (Windows) and resources/icon.icns (macOS). Run after changing an SVG:
//   node scripts/render-icons.js        (Chromium: CHROMIUM_PATH or /usr/bin/chromium)
// Sizes up to 32 px use icon-small.svg, the same hook drawn for a few pixels.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The icns types holding PNG data, and the pixel size each one holds (the @2x types hold twice their point size). */
export const ICNS_TYPES = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};
const SMALL_UP_TO = 32;

/** ICO: a directory of PNG images (Windows Vista and later read PNG entries; 256 is written as 0). */
function ico(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.data)]);
}

/** ICNS: 'icns', the total length, then (type, length, PNG) blocks, big-endian. */
function icns(blocks) {
  const parts = blocks.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

async function render() {
  const sources = {
    small: readFileSync(join(resources, 'icon-small.svg'), 'utf8'),
    large: readFileSync(join(resources, 'icon.svg'), 'utf8'),
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
  });
  const pngs = new Map();
  try {
    const page = await browser.newPage();
    for (const size of PNG_SIZES) {
      const svg = size <= SMALL_UP_TO ? sources.small : sources.large;
      await page.setViewportSize({ width: size, height: size });
      const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body>`,
      );
      await page.locator('img').evaluate((img) => img.decode());
      pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
    }
  } finally {
    await browser.close();
  }
  mkdirSync(join(resources, 'icons'), { recursive: true });
  for (const [size, data] of pngs) writeFileSync(join(resources, 'icons', `${size}x${size}.png`), data);
  writeFileSync(join(resources, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, data: pngs.get(size) }))));
  writeFileSync(
    join(resources, 'icon.icns'),
    icns(Object.entries(ICNS_TYPES).map(([type, size]) => ({ type, data: pngs.get(size) }))),
  );
  process.stdout.write(`Rendered ${PNG_SIZES.join(', ')} px, icon.ico and icon.icns into ${resources}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await render();
