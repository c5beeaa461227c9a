import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError, FieldProblem } from '../api.ts';

/**
 * A field problem in the UI language: the server says what kind of problem it is (`rule`, a
 * JSON-schema keyword or a domain word) with its numbers (`params`); its English sentence is
 * the fallback for rules the UI does not know yet (and for problems stored before they had rules).
 */
export function useProblemText(): (p: Omit<FieldProblem, 'field'>) => string {
  const { t } = useTranslation('shell');
  return (p) => (p.rule ? t(`problems.${p.rule}` as 'problems.required', { defaultValue: p.message, ...p.params }) : p.message);
}

/** applyFieldErrors with the problems said in the UI language. */
export function useApplyFieldErrors(): (form: FormInstance, err: ApiError) => string[] {
  const text = useProblemText();
  return (form, err) => applyFieldErrors(form, err, text);
}

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
