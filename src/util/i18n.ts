/** Every human-facing text exists in both languages, written by hand (no run-time translation). */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export interface Bilingual {
  zh: string;
  en: string;
}

/** The report language a user's locale asks for: zh for any Chinese locale, English otherwise. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** Between a label and its value: after Chinese the full-width colon, which is its own space. */
export const COLON: Record<Lang, string> = { zh: '：', en: ': ' };

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}
