import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path).forEach((v, k) => out.set(k, v));
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'gql' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const english = flatten(en as Tree);
const chinese = flatten(zhCN as Tree);

describe('translations', () => {
  it('has every English key in Chinese and every Chinese key in English', () => {
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
    expect([...chinese.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it('keeps the same placeholders in both languages, and no empty text', () => {
    for (const [key, text] of english) {
      expect(placeholders(chinese.get(key) ?? ''), key).toEqual(placeholders(text));
      expect(text.trim(), key).not.toBe('');
      expect((chinese.get(key) ?? '').trim(), key).not.toBe('');
    }
  });

  it('defines every literal key the screens use', () => {
    const src = join(__dirname, '..', '..');
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1] ?? '');
      for (const m of text.matchAll(/labelKey: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !english.has(key))).toEqual([]);
  });

  it('names every status, scope and resource the screens look up by value', () => {
    for (const key of [
      'users.statuses.ACTIVE',
      'users.statuses.INVITED',
      'users.statuses.DEACTIVATED',
      'roles.scope.OWN',
      'roles.scope.DEPARTMENT',
      'roles.scope.ALL',
      'apiClients.statuses.REVOKED',
      'resources.api_clients',
      'actions.portal',
    ]) {
      expect(english.has(key), key).toBe(true);
    }
  });
});
