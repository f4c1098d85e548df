// Plausible, unique company names: a coined brand ("Northwind", "Bluepeak") and a word from the industry,
// with the legal form of the company's country ("Northwind Analytics GmbH").
import type { Random } from './random.ts';

const STARTS = [
  'North',
  'South',
  'Blue',
  'Bright',
  'Silver',
  'Iron',
  'Cedar',
  'Harbor',
  'Summit',
  'Pixel',
  'Quantum',
  'Nova',
  'Atlas',
  'Lumen',
  'Vertex',
  'Orbit',
  'Maple',
  'Falcon',
  'Granite',
  'Willow',
  'Beacon',
  'Copper',
  'Crimson',
  'Evergreen',
  'Golden',
  'Hollow',
  'Juniper',
  'Kestrel',
  'Lake',
  'Meadow',
  'Oak',
  'Pine',
  'Red',
  'River',
  'Sage',
  'Stone',
  'Sun',
  'Tide',
  'Union',
  'West',
  'Zephyr',
  'Alder',
  'Arc',
  'Birch',
  'Clear',
  'Delta',
  'Ember',
  'Fern',
];

const ENDS = [
  'wind',
  'peak',
  'stone',
  'field',
  'bridge',
  'gate',
  'line',
  'wave',
  'path',
  'point',
  'ridge',
  'light',
  'spark',
  'crest',
  'forge',
  'haven',
  'leaf',
  'mark',
  'port',
  'shore',
  'vale',
  'view',
  'well',
  'wood',
  'scale',
  'stack',
];

const STANDALONE = [
  'Acorn',
  'Aurora',
  'Cobalt',
  'Corvid',
  'Helix',
  'Kinetic',
  'Lattice',
  'Mosaic',
  'Nimbus',
  'Parallax',
  'Prism',
  'Quill',
  'Radius',
  'Sonder',
  'Tandem',
  'Tessera',
  'Umbra',
  'Vela',
  'Wren',
  'Yonder',
];

function brand(random: Random): string {
  if (random.chance(0.2)) return random.pick(STANDALONE);
  return random.pick(STARTS) + random.pick(ENDS);
}

/** Makes names unique within one generated company, in the order they are asked for. */
export class CompanyNames {
  readonly #taken = new Set<string>();

  /** A new name; after a few collisions a branch number keeps it unique however many are asked for. */
  next(random: Random, nameEndings: readonly string[], legalForms: readonly string[]): string {
    for (let attempt = 0; ; attempt++) {
      const legal = random.pick(legalForms);
      const base = `${brand(random)} ${random.pick(nameEndings)}`;
      const numbered = attempt < 8 ? base : `${base} ${attempt - 6}`;
      const name = legal === '' ? numbered : `${numbered} ${legal}`;
      if (!this.#taken.has(name)) {
        this.#taken.add(name);
        return name;
      }
    }
  }
}
