import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, errorResponses } from '../../kernel/contract.ts';
import type { Deps } from '../../kernel/deps.ts';
import { BadRequest, DomainError } from '../../kernel/errors.ts';
import { requireActor } from '../../kernel/http.ts';
import { exportHouseholds, importTemplate, problemsWorkbook } from './export.service.ts';
import { importHouseholds, importReport } from './import.service.ts';
import { UnsupportedFile } from './import.read.ts';
import { HouseholdFilter, ImportRejected, ImportReport } from './registry.contract.ts';

/** Upload limit: a whole branch (≈ 120,000 households) as .xlsx is ≈ 8 MB; the city's 1.3 M goes through the CLI. */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Xlsx = Type.Unsafe<Buffer | Readable>({ type: 'string', format: 'binary', description: '.xlsx file' });

class FileTooLarge extends DomainError {
  constructor() {
    const megabytes = IMPORT_MAX_BYTES / 1024 / 1024;
    super(413, 'file_too_large', `The file is over the ${megabytes} MB upload limit; split it, or import it with the CLI`, undefined, { megabytes });
  }
}

function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

/** Save the upload to a temporary file: the import streams it from disk, whatever its size. */
async function receiveUpload(req: Parameters<typeof requireActor>[0]): Promise<{ path: string; fileName: string }> {
  if (!req.isMultipart()) throw new UnsupportedFile('Upload the file as multipart/form-data in the field "file"');
  const file = await req.file();
  if (!file) throw new BadRequest('No file in the upload', [{ field: 'file', message: 'is required', rule: 'required' }], 'no_file');
  const target = path.join(os.tmpdir(), `heat-steward-import-${randomUUID()}`);
  try {
    await pipeline(file.file, fs.createWriteStream(target));
    if (file.file.truncated) throw new FileTooLarge();
  } catch (err) {
    fs.rmSync(target, { force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLarge();
    throw err;
  }
  return { path: target, fileName: file.filename };
}

/** Import, export, template and import reports: multipart is registered in this scope only. */
export function registryFileRoutes(deps: Deps) {
  return async function (fastify: FastifyInstance) {
    await fastify.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 0, parts: 2 } });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['registry'];

    app.post('/api/registry/households/import', {
      schema: {
        tags,
        summary: 'Import households from .xlsx or .csv (multipart field "file"): all rows or none (admin, clerk)',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: ImportRejected },
      },
    }, async (req) => {
      const actor = requireActor(req, 'admin', 'clerk');
      const upload = await receiveUpload(req);
      try {
        const report = await importHouseholds(deps, actor, upload);
        if (report.status === 'rejected') {
          throw new DomainError(422, 'import_rejected', `${report.badRows} row(s) have problems; nothing was imported`, report);
        }
        return report;
      } finally {
        fs.rmSync(upload.path, { force: true });
      }
    });

    app.get('/api/registry/households/import-template.xlsx', {
      schema: { tags, summary: 'The household import template with Chinese headers and a help sheet', response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      requireActor(req, 'admin', 'clerk');
      return reply.type(XLSX_TYPE).header('content-disposition', attachment('household-import-template.xlsx')).send(await importTemplate());
    });

    app.get('/api/registry/households/export.xlsx', {
      schema: { tags, summary: 'Export the filtered households you may see to .xlsx, in the import layout', querystring: HouseholdFilter, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const stream = exportHouseholds(deps, requireActor(req), req.query);
      const day = deps.clock.now().toISOString().slice(0, 10).replace(/-/g, '');
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`households-${day}.xlsx`)).send(stream);
    });

    app.get('/api/registry/imports/:id', {
      schema: { tags, summary: 'The report of a past import (admin, clerk)', params: IdParams, response: { 200: ImportReport, ...errorResponses } },
    }, async (req) => importReport(deps, requireActor(req), req.params.id));

    app.get('/api/registry/imports/:id/problems.xlsx', {
      schema: { tags, summary: 'The bad rows of a rejected import as .xlsx (admin, clerk)', params: IdParams, response: { 200: Xlsx, ...errorResponses } },
    }, async (req, reply) => {
      const report = await importReport(deps, requireActor(req), req.params.id);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(`import-${report.importId}-problems.xlsx`)).send(await problemsWorkbook(report));
    });
  };
}
