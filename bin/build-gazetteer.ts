#!/usr/bin/env -S npx tsx
// Builds the compact place index that the offline parser (bot/language/places.ts) loads once at start-up.
//
//   npx tsx bin/build-gazetteer.ts [SOURCE_DIR]      (default: ../shared/data/gazetteer)
//
// Input: the "lite" JSON files of homaily/Saudi-Arabia-Regions-Cities-and-Districts (commit 7e32294),
// whose data come from the Saudi National Address maps and are licensed GPL-2.0.
// Output: data/gazetteer/places.json (only what the parser needs: the Arabic and English names of cities
// and districts, each district's city, and each city's number of districts) and data/gazetteer/NOTICE.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface RawCity {
  city_id: number;
  region_id: number;
  name_ar: string;
  name_en: string;
}
interface RawDistrict {
  district_id: number;
  city_id: number;
  region_id: number;
  name_ar: string;
  name_en: string;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'data', 'gazetteer'));
const outDir = path.join(root, 'data', 'gazetteer');

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(sourceDir, file), 'utf8')) as T;
const cities = readJson<RawCity[]>('cities_lite.json');
const districts = readJson<RawDistrict[]>('districts_lite.json');

const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
const districtAr = (s: string): string => clean(s).replace(/^حي\s+/, '');
const districtEn = (s: string): string => clean(s).replace(/\s*Dist\.?$/i, '');

// Cities: deduplicated on (name_ar, name_en); the number of districts decides which of several homonyms
// the parser prefers. Sorted by that number (descending), then by the source's id, so that index order
// is preference order.
const districtCount = new Map<number, number>();
for (const d of districts) districtCount.set(d.city_id, (districtCount.get(d.city_id) ?? 0) + 1);

interface City {
  ar: string;
  en: string;
  n: number;
  ids: number[];
}
const byName = new Map<string, City>();
for (const c of [...cities].sort((a, b) => a.city_id - b.city_id)) {
  const ar = clean(c.name_ar);
  const en = clean(c.name_en);
  const key = `${ar}|${en}`;
  const existing = byName.get(key);
  const n = districtCount.get(c.city_id) ?? 0;
  if (existing) {
    existing.n += n;
    existing.ids.push(c.city_id);
  } else byName.set(key, { ar, en, n, ids: [c.city_id] });
}
const cityList = [...byName.values()].sort((a, b) => b.n - a.n || (a.ids[0] ?? 0) - (b.ids[0] ?? 0));
const cityIndex = new Map<number, number>();
cityList.forEach((c, i) => {
  for (const id of c.ids) cityIndex.set(id, i);
});

const seen = new Set<string>();
const districtList: [string, string, number][] = [];
for (const d of [...districts].sort((a, b) => a.district_id - b.district_id)) {
  const ci = cityIndex.get(d.city_id);
  if (ci === undefined) continue;
  const ar = districtAr(d.name_ar);
  const en = districtEn(d.name_en);
  const key = `${ar}|${ci}`;
  if (seen.has(key)) continue;
  seen.add(key);
  districtList.push([ar, en, ci]);
}

const index = {
  v: 1,
  source: 'homaily/Saudi-Arabia-Regions-Cities-and-Districts@7e32294 (Saudi National Address maps), GPL-2.0',
  // [name_ar, name_en, number of districts]
  cities: cityList.map((c) => [c.ar, c.en, c.n]),
  // [name_ar without "حي ", name_en without " Dist.", index into cities]
  districts: districtList,
};

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'places.json'), `${JSON.stringify(index)}\n`);
writeFileSync(
  path.join(outDir, 'NOTICE'),
  `Saudi regions, cities and districts (place index of the offline parser)

data/gazetteer/places.json is derived from the "lite" JSON files of the public repository
homaily/Saudi-Arabia-Regions-Cities-and-Districts (https://github.com/homaily/Saudi-Arabia-Regions-Cities-and-Districts),
commit 7e32294, files json/cities_lite.json and json/districts_lite.json.

Source of the data: the Saudi National Address maps (https://maps.address.gov.sa), as stated by that repository.

That repository, and therefore this derived data, is licensed under the GNU General Public License,
version 2 (GPL-2.0): https://www.gnu.org/licenses/old-licenses/gpl-2.0.html

Changes made here (by bin/build-gazetteer.ts): only the Arabic and English names of cities and districts
are kept, with each district's city and each city's number of districts; "حي " is removed from the start of
the Arabic district names and " Dist." from the end of the English ones; duplicate entries are merged.
`,
);
process.stdout.write(
  `places.json: ${cityList.length} cities, ${districtList.length} districts from ${path.relative(root, sourceDir)}\n`,
);
