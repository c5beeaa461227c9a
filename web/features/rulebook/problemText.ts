import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useErrorText } from '../shell/errorText.ts';

/** The rulebook's own error codes in the UI language; anything else as the shell says it. */
export function useRulebookErrorText(): (err: unknown) => string {
  const { t } = useTranslation('rulebook');
  const general = useErrorText();
  return (err) => (err instanceof ApiError ? t(`errors.${err.code}`, { defaultValue: general(err) }) : general(err));
}
