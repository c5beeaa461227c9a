import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n, { type ParseKeys, type TypeOptions } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { formatFen } from './ui/money.ts';

/**
 * i18next with one namespace per feature. Each feature owns web/features/<feature>/i18n.ts:
 *
 *   const zh = { title: '…' };
 *   const en: typeof zh = { title: '…' };          // same keys, checked by tsc
 *   export default { zh, en };
 *   declare module 'i18next' { interface ResourceNamespaceMap { <feature>: typeof zh } }
 *
 * and is picked up here by its folder name, so no feature edits a shared dictionary or this file.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'hs.lang';

interface FeatureMessages {
  default: { zh: object; en: object };
}
const features = import.meta.glob<FeatureMessages>('./features/*/i18n.ts', { eager: true });

function resources() {
  const zh: Record<string, object> = {};
  const en: Record<string, object> = {};
  for (const [file, mod] of Object.entries(features)) {
    const ns = file.split('/')[2]!;
    zh[ns] = mod.default.zh;
    en[ns] = mod.default.en;
  }
  return { 'zh-CN': zh, en };
}

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Switch the UI language and remember it on this device. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the switch still works for this visit.
  }
  await i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

type Namespace = keyof TypeOptions['resources'];
/** A key of any feature's namespace, written "<namespace>:<key>" (nav labels are such keys). */
export type MessageKey = { [N in Namespace]: `${N}:${ParseKeys<N>}` }[Namespace];

/**
 * t() for keys from any namespace, for code that shows other features' words (the menu).
 * Components translating their own words use useTranslation('<their namespace>').
 */
export function useMessage(): (key: MessageKey) => string {
  const { t } = useTranslation();
  // Every namespace is bundled and loaded, so a prefixed key always resolves at run time; the
  // cast only widens t's parameter from the default namespace to all of them.
  return t as unknown as (key: MessageKey) => string;
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  dayjs.locale(lng === 'en' ? 'en' : 'zh-cn');
  document.title = i18n.t('shell:appName');
});

void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  defaultNS: 'shell',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  // Resources are bundled, so initialise synchronously: the first render is already translated.
  initAsync: false,
});
// Amounts in problem texts come as integer fen (`{{owedFen, fen}}`); say them in yuan.
i18n.services.formatter?.add('fen', (value: unknown, lng: string | undefined) => formatFen(Number(value), lng));

export default i18n;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'shell';
  }
}
