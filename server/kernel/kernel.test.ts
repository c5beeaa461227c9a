import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLocked, lockDataDir } from './db.ts';
import { divRoundHalfUp, parseYuan, sumFen } from './money.ts';

describe('PGlite data-directory lock', () => {
  it('a second process on the same data directory is refused with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-lock-'));
    const unlock = lockDataDir(dir);
    // Pretend another live process (our parent) holds it.
    fs.writeFileSync(path.join(dir, 'heat-steward.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    unlock();
    expect(fs.existsSync(path.join(dir, 'heat-steward.lock'))).toBe(false);
  });

  it('a stale lock of a dead process is taken over', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-lock-'));
    fs.writeFileSync(path.join(dir, 'heat-steward.lock'), '999999999');
    const unlock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'heat-steward.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
  });
});

describe('config', () => {
  it('defaults to 127.0.0.1:8080 and ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, databaseUrl: undefined });
    expect(c.dataDir).toBe(path.resolve('data'));
  });
  it('refuses a bad port or database URL', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
  });
});

describe('money is integer fen', () => {
  it('parses yuan text exactly and refuses fractions of a fen', () => {
    expect(parseYuan('2280.00')).toBe(228000);
    expect(parseYuan('0.1')).toBe(10);
    expect(() => parseYuan('1.005')).toThrow();
    expect(() => parseYuan('abc')).toThrow();
  });
  it('rounds half up once, from finer units', () => {
    expect(divRoundHalfUp(15, 10)).toBe(2);
    expect(divRoundHalfUp(14, 10)).toBe(1);
    expect(divRoundHalfUp(-15, 10)).toBe(-2);
  });
  it('refuses floats in sums', () => {
    expect(() => sumFen([1, 0.5])).toThrow(TypeError);
  });
});
