// Adds lockfile entries for Rollup's native packages of other platforms.
//
// npm 11's `npm ci` insists that every optional dependency has an entry in package-lock.json,
// but `npm install` leaves out the ones the registry it talks to does not serve (a mirror that
// carries only Linux builds, for example), and then `npm ci` refuses the lockfile. The entries
// added here carry the platform fields, so npm skips them everywhere but on their platform,
// where it fetches them from the registry as usual. Run after changing dependencies:
//   npm install && node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));

/** `linux-arm64-musl` → { os: ['linux'], cpu: ['arm64'], libc: ['musl'] } */
function platformOf(suffix) {
  const [os, cpu, abi] = suffix.split('-');
  const platform = { os: [os], cpu: [cpu] };
  if (os === 'linux' && abi) platform.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return platform;
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path.endsWith('node_modules/rollup') || !entry.optionalDependencies) continue;
  const base = path.slice(0, -'rollup'.length);
  for (const [name, version] of Object.entries(entry.optionalDependencies)) {
    const key = `${base}${name}`;
    if (lock.packages[key] || !name.startsWith('@rollup/rollup-')) continue;
    const platform = platformOf(name.slice('@rollup/rollup-'.length));
    lock.packages[key] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      license: 'MIT',
      optional: true,
      ...platform,
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries`);
