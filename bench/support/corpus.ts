import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A generated corpus for the knowledge-base figures: markdown documents and TypeScript and Python
 * sources of about 10 KB each, over a Zipf-distributed vocabulary of 30,000 made-up words with
 * English function words mixed in, as prose and code have. Deterministic (seeded); written at bench
 * time, never committed.
 */
export interface Corpus {
  root: string;
  files: string[];
  bytes: number;
  /** Realistic queries: one to three content words, some of them identifiers. */
  queries: string[];
}

const SYLLABLES = 'ka lo mi ne ru sa te vo zi pa do fe gu hi ju ben cor dal fin gar hel jor kal mor nix pol quin ras tor vel'.split(' ');
const FUNCTION_WORDS = 'the of and to a in is that for it as with was on be by this are or from at which an not have but can if all will when there more'.split(' ');

export function generateCorpus(root: string, targetBytes: number, seed = 42): Corpus {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
  const vocabulary = Array.from({ length: 30_000 }, (_, i) => {
    let word = '';
    let n = i + SYLLABLES.length;
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    return word;
  });
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < vocabulary.length; i++) cumulative.push((total += 1 / Math.pow(i + 1, 1.05)));
  const zipf = () => {
    const r = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const sentence = () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 14) }, () => (random() < 0.45 ? pick(FUNCTION_WORDS) : zipf()));
    return `${capital(words.join(' '))}.`;
  };
  const identifier = () => zipf() + capital(zipf());

  const markdown = (size: number) => {
    const out = [`# ${capital(zipf())} ${zipf()}`, '', sentence() + ' ' + sentence(), ''];
    while (out.join('\n').length < size) {
      out.push(`## ${capital(zipf())} ${zipf()} ${zipf()}`, '');
      for (let p = 0; p < 1 + Math.floor(random() * 3); p++) out.push(Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' '), '');
      if (random() < 0.3) out.push('```ts', `const ${identifier()} = ${identifier()}(${zipf()});`, '```', '');
      if (random() < 0.3) out.push(...Array.from({ length: 3 }, () => `- ${sentence()}`), '');
    }
    return out.join('\n');
  };
  const typescript = (size: number) => {
    const out = [`import { ${identifier()}, ${identifier()} } from './${zipf()}';`, ''];
    while (out.join('\n').length < size) {
      const name = identifier();
      if (random() < 0.2) {
        out.push(`/** ${sentence()} */`, `export class ${capital(name)} {`);
        for (let m = 0; m < 3; m++) out.push(`  ${identifier()}(${zipf()}: string): number {`, `    // ${sentence()}`, `    return this.${identifier()}(${zipf()}).length;`, '  }', '');
        out.push('}', '');
      } else {
        out.push(`/** ${sentence()} */`, `export function ${name}(${zipf()}: ${capital(zipf())}, ${zipf()}: number): ${capital(zipf())} {`);
        for (let l = 0; l < 3 + Math.floor(random() * 8); l++) out.push(random() < 0.3 ? `  // ${sentence()}` : `  const ${identifier()} = ${identifier()}(${zipf()}, ${Math.floor(random() * 100)});`);
        out.push(`  return ${identifier()};`, '}', '');
      }
    }
    return out.join('\n');
  };
  const python = (size: number) => {
    const out = [`import ${zipf()}`, ''];
    while (out.join('\n').length < size) {
      out.push(`def ${zipf()}_${zipf()}(${zipf()}, ${zipf()}):`, `    """${sentence()}"""`);
      for (let l = 0; l < 3 + Math.floor(random() * 6); l++) out.push(`    ${zipf()}_${zipf()} = ${zipf()}.${zipf()}(${zipf()})`);
      out.push(`    return ${zipf()}`, '');
    }
    return out.join('\n');
  };

  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const dir = path.join(root, `area-${i % 50}`);
    if (i < 50) mkdirSync(dir, { recursive: true });
    const kind = random();
    const size = 4_000 + Math.floor(random() * 12_000);
    const [name, text] = kind < 0.4 ? [`${zipf()}-${i}.md`, markdown(size)] : kind < 0.8 ? [`${zipf()}${i}.ts`, typescript(size)] : [`${zipf()}_${i}.py`, python(size)];
    const file = path.join(dir, name);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  // Query words from the middle of the vocabulary: what a person looks for is rarer than "the".
  const queryWord = () => vocabulary[20 + Math.floor(random() * 3_000)]!;
  const queries = Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? queryWord() + capital(queryWord()) : Array.from({ length: 1 + Math.floor(random() * 3) }, queryWord).join(' ')));
  return { root, files, bytes, queries };
}
