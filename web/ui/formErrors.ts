import type { FormInstance } from 'antd';
import type { ApiError, FieldProblem } from '../api.ts';

/**
 * Put the server's field problems (`scopes.0.kind: …`) under the matching antd Form fields and
 * return the problems no field of the form can show, so the caller can display them elsewhere.
 * `message` rewrites a problem, e.g. into the UI language where the server's words are technical.
 */
export function applyFieldErrors(
  form: FormInstance,
  err: ApiError,
  message: (p: FieldProblem) => string = (p) => p.message,
): string[] {
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const unplaced: string[] = [];
  const byField = new Map<string, string[]>();
  for (const p of err.fieldProblems) {
    if (!known.has(p.field)) {
      unplaced.push(`${p.field}: ${message(p)}`);
      continue;
    }
    byField.set(p.field, [...(byField.get(p.field) ?? []), message(p)]);
  }
  form.setFields(
    [...byField].map(([field, errors]) => ({
      name: field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors,
    })),
  );
  return unplaced;
}
