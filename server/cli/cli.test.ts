import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFile, HEADER_ZH, readXlsx } from '../modules/registry/import.fixture.ts';
import { makeTwoBranchCity, type TwoBranchCity } from '../modules/registry/registry.fixture.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { runCli, UsageError } from './commands.ts';

let t: TestApp;
let city: TwoBranchCity;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-cli-'));
beforeAll(async () => {
  t = await createTestApp();
  city = await makeTwoBranchCity(t.database.db);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]) {
  const lines: string[] = [];
  const code = await runCli(argv, { deps: t.deps, print: (l) => lines.push(l), progress: false });
  return { code, out: lines.join('\n') };
}

describe('npm run cli -- import households FILE (in-process, same import service)', () => {
  it('imports a small CSV, and a second run changes nothing', async () => {
    const file = path.join(dir, 'households.csv');
    fs.writeFileSync(file, csvFile([HEADER_ZH, ['0301000001', '', '金色港湾小区', '3号楼', '1', '701', '韩梅', '13900000071', '88', '', '', '', '']]));
    expect(await cli(['import', 'households', file])).toEqual({ code: 0, out: expect.stringMatching(/^imported 1 rows: 1 new, 0 updated, 0 unchanged/) });
    expect((await cli(['import', 'households', file])).out).toMatch(/0 new, 0 updated, 1 unchanged/);
  });

  it('rejects a bad file with exit code 1 and writes every problem next to it as .xlsx', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, csvFile([HEADER_ZH, ['0301000002', '', '没有这个小区', '1', '1', '101', '李', '', '88', '', '', '', '']]));
    const { code, out } = await cli(['import', 'households', file]);
    expect(code).toBe(1);
    expect(out).toContain('row 2 小区 "没有这个小区": no compound of this name in the registry');
    const problems = await readXlsx(fs.readFileSync(`${file}.problems.xlsx`));
    expect(problems[1]).toEqual(['2', '小区', '没有这个小区', 'no compound of this name in the registry']);
  });

  it('explains its usage, a missing file and a non-empty database for demo', async () => {
    await expect(cli(['frobnicate'])).rejects.toThrow(UsageError);
    await expect(cli(['import', 'households', path.join(dir, 'nope.csv')])).rejects.toThrow(/No such file/);
    await expect(cli(['demo', '--households', 'many'])).rejects.toThrow(/whole number/);
    await t.loginAs('clerk', [{ kind: 'branch', refId: city.branchA.id }]);
    await expect(cli(['demo', '--households', '100'])).rejects.toThrow(/not empty/);
  });
});

describe('the real command line on its own PGlite directory', () => {
  it('seeds a demo city, imports a file into it, and refuses a second process on the directory', { timeout: 120_000 }, async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'error' };
    const main = path.resolve('server/cli/main.ts');
    const demo = await run('node', ['--import', 'tsx', main, 'demo', '--households', '500'], { env });
    expect(demo.stdout).toMatch(/demo city of 500 households seeded/);
    const file = path.join(dir, 'more.csv');
    fs.writeFileSync(file, csvFile([HEADER_ZH, ['0901000001', '金色港湾社区', '金色港湾小区', '9', '1', '101', '新住户', '', '95.5', '', '', '', 'EAST-0001']]));
    const imported = await run('node', ['--import', 'tsx', main, 'import', 'households', file], { env });
    expect(imported.stdout).toMatch(/imported 1 rows: 1 new, .* 1 buildings and 1 entrances created/);
    fs.writeFileSync(path.join(dir, 'data', 'heat-steward.lock'), String(process.pid));
    const locked = await run('node', ['--import', 'tsx', main, 'import', 'households', file], { env }).catch((err: { code: number; stderr: string }) => err);
    expect(locked).toMatchObject({ code: 2, stderr: expect.stringMatching(/is in use by process/) });
  });
});
