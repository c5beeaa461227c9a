import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';

/**
 * A person-readable sentence for a failed call, in the UI language: the sentence of the error's
 * `code` (shell:apiErrors) filled with its `params`; codes the UI does not know yet fall back to
 * the server's (English) message. Every page shows errors through this, never `err.message`.
 */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation('shell');
  return (err) => {
    if (!(err instanceof ApiError)) return t('apiErrors.internal');
    const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
    const key = `apiErrors.${err.code}` as 'apiErrors.network';
    return t(key, { defaultValue: err.message, seconds, ...err.params });
  };
}
